"""The chat page and widget in real chromium, against the real product (`live_stack`).

The bot is the real one: Rasa with the trained model and the action server, behind the
web app. What the web app sent to Rasa is read back from Rasa's tracker API. Only "Rasa
down" and "Rasa too slow" use a web app of their own (see conftest.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.typography import typeset

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
MENU = ["Signaler un problème", "Questions fréquentes", "Parler à quelqu'un"]
GREETING = "Bonjour, je suis Signal PME"
STORY = (
    "Amazon a fermé mon compte vendeur sans explication début mars, "
    "8000 euros de ventes sont bloqués et personne ne répond au support."
)
CONTACT_URL = "https://www.economie.gouv.fr/contact"  # MINISTRY_CONTACT of tests/live_stack.py
ERROR_TEXT = ".spme-msg--error .spme-msg__text"


def serious_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def to_description(chat: Any) -> None:
    """From the greeting to the question asking the user to tell the story."""
    chat.click("Signaler un problème")
    chat.click("Amazon")
    chat.click("Compte fermé")
    assert chat.bot_texts()[-1].startswith("Racontez-moi")


def test_page_renders_at_360px_with_greeting_and_screenshot(
    chat: Any, live_stack: Any, artifacts: Path
) -> None:
    chat.greeted(live_stack.web_url)
    page = chat.page
    assert chat.bot_texts()[0].startswith(GREETING)
    assert chat.user_texts() == [], "the automatic /greet is not shown as a user message"
    assert chat.active_buttons() == MENU
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.locator(".fr-header .fr-logo").is_visible()
    assert page.get_by_role("button", name="Envoyer").is_visible()
    page.screenshot(path=str(artifacts / "page-360x740.png"))
    page.evaluate("() => document.getElementById('signalpme-chat').scrollIntoView()")
    assert page.get_by_label("Votre message").is_visible()
    box = page.get_by_role("button", name="Envoyer").bounding_box()
    assert box and box["y"] + box["height"] <= 740, "the whole widget fits a phone screen"
    page.screenshot(path=str(artifacts / "chat-360x740.png"))
    chat.click("Signaler un problème")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, (
        "twelve platform buttons wrap, no horizontal scroll"
    )
    page.screenshot(path=str(artifacts / "chat-360x740-platforms.png"))
    page.screenshot(path=str(artifacts / "chat-360x740-full.png"), full_page=True)
    assert page.console_errors == [], "no CSP violation or script error"


def test_a_long_answer_is_shown_from_its_first_message(chat: Any, live_stack: Any) -> None:
    chat.greeted(live_stack.web_url)
    chat.click("Signaler un problème")  # an introduction, then a question with 12 buttons
    # the page scrolls (the conversation has no scroll area of its own), the form stays
    # pinned at the bottom of the window
    position = chat.page.evaluate(
        """() => {
          const log = document.querySelector('.spme-log');
          const bots = log.querySelectorAll('.spme-msg--bot');
          const first = bots[1];  // the first message of the answer
          const form = document.querySelector('.spme-form').getBoundingClientRect();
          return {top: first.getBoundingClientRect().top, visible: form.top,
                  scrolled: window.scrollY, text: first.textContent};
        }"""
    )
    assert "Merci de prendre le temps" in position["text"]
    assert position["scrolled"] > 0, "the page scrolled to the answer"
    assert 0 <= position["top"] < position["visible"], f"start of the answer hidden: {position}"


def test_no_serious_accessibility_violations(chat: Any, live_stack: Any) -> None:
    chat.greeted(live_stack.web_url)
    assert serious_violations(chat.page) == []
    chat.click("Parler à quelqu'un")  # an answer with a link
    chat.send("Je veux signaler un problème")
    chat.wait_idle()
    assert chat.page.locator(".spme-log a").count() == 1
    assert chat.page.locator(".spme-log .spme-choice[disabled]").count() >= 3
    assert serious_violations(chat.page) == []


def test_rendered_page_html_validates(chat: Any, live_stack: Any, html_errors: Any) -> None:
    chat.greeted(live_stack.web_url)
    chat.click("Parler à quelqu'un")
    chat.send("Je veux signaler un problème")
    assert chat.page.locator(".spme-log a").count() == 1
    assert html_errors(chat.page.content()) == [], "the DOM built by the widget is valid too"


def test_button_sends_payload_and_shows_title(chat: Any, live_stack: Any, rasa: Any) -> None:
    chat.greeted(live_stack.web_url)
    greeting = chat.page.locator(".spme-msg--bot").first
    chat.click("Signaler un problème")
    assert chat.user_texts() == ["Signaler un problème"]
    assert greeting.locator(".spme-choice:not([disabled])").count() == 0, "old buttons off"
    assert chat.active_buttons()[:2] == ["Amazon", "Cdiscount"]
    chat.click("Amazon")
    chat.click("Produits déréférencés")  # its payload is another word
    assert chat.user_texts() == ["Signaler un problème", "Amazon", "Produits déréférencés"]
    assert rasa.user_texts(chat.sender()) == [
        "/greet",
        "/report_problem",
        "Amazon",
        "Déréférencement",
    ]


def test_user_html_is_shown_as_text_and_echoed_safely(
    chat: Any, live_stack: Any, rasa: Any
) -> None:
    chat.greeted(live_stack.web_url)
    to_description(chat)
    typed = (
        '<img src=x onerror="window.pwned=1"> <b>gras</b> voir [ceci](javascript:alert(1)) '
        "et **important** : Amazon a fermé mon compte."
    )
    chat.send(typed)
    page = chat.page
    assert chat.user_texts()[-1] == typed, "the user's bubble shows the HTML as typed"
    summary = chat.skip_to_summary()
    assert typeset(f"« {typed.replace('**important**', 'important')} »") in summary
    assert page.locator(".spme-log img").count() == 0
    assert page.locator(".spme-log b").count() == 0
    assert page.evaluate("() => window.pwned") is None
    assert page.locator(".spme-log a").count() == 0, "javascript: never becomes a link"
    assert page.locator(".spme-log strong", has_text="important").count() == 1
    assert rasa.user_texts(chat.sender())[4] == typed, "sent to Rasa unchanged"
    assert page.console_errors == []


def test_links_in_bot_messages_are_safe(chat: Any, live_stack: Any) -> None:
    chat.greeted(live_stack.web_url)
    chat.click("Parler à quelqu'un")
    answer = chat.bot_texts()[-1]
    assert answer.startswith("Deux possibilités pour parler à une personne")
    links = chat.page.locator(".spme-log a")
    assert links.count() == 1
    link = links.first
    assert link.get_attribute("href") == CONTACT_URL, "the sentence's final dot is left out"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.get_attribute("target") == "_blank"
    assert link.inner_text().startswith(CONTACT_URL)
    assert "(nouvelle fenêtre)" in link.text_content()
    assert f"{CONTACT_URL} (nouvelle fenêtre) ou le" in answer


def test_enter_sends_and_shift_enter_adds_a_line(chat: Any, live_stack: Any, rasa: Any) -> None:
    chat.greeted(live_stack.web_url)
    to_description(chat)
    chat.input.fill("Amazon a fermé mon compte.")
    chat.input.press("Shift+Enter")
    chat.input.press_sequentially("Mes paiements sont bloqués.")
    assert chat.input.input_value() == "Amazon a fermé mon compte.\nMes paiements sont bloqués."
    before = len(chat.bot_texts())
    chat.input.press("Enter")
    chat.wait_bot_count(before + 1)
    assert chat.user_texts()[-1] == "Amazon a fermé mon compte.\nMes paiements sont bloqués."
    assert chat.input.input_value() == ""
    assert not chat.bot_texts()[-1].startswith("Racontez-moi"), "the story was taken"
    sent = rasa.user_texts(chat.sender())[-1]
    assert sent == "Amazon a fermé mon compte.\nMes paiements sont bloqués."


def test_keyboard_only_focus_order_and_use(chat: Any, live_stack: Any) -> None:
    chat.greeted(live_stack.web_url)
    page = chat.page
    seen: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " if (e.id === 'spme-input') return 'input';"
                " if (e.getAttribute('role') === 'log') return 'log';"
                " return (e.textContent || '').trim(); }"
            )
        )
        if seen[-1] == "Envoyer":
            break
    assert seen[:2] == ["Aller au champ de message", "Contenu"], "the skip links come first"
    # a long greeting is folded ("Lire la suite"); the answers are one tab stop (arrow keys)
    chat_part = [s for s in seen[seen.index("Nouveau signalement") :] if s != "Lire la suite"]
    assert chat_part == ["Nouveau signalement", MENU[0], "input", "Envoyer"]
    for _ in range(2):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.textContent") == MENU[0]
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.textContent") == MENU[1]
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => document.activeElement.textContent") == "Signaler un problème"
    page.keyboard.press("Enter")
    chat.wait_bot_count(3)
    assert chat.user_texts() == ["Signaler un problème"]
    assert chat.bot_texts()[-1].startswith("Sur quelle plateforme")
    assert page.evaluate("() => document.activeElement.id") == "spme-input"
    page.keyboard.type("Amazon")
    page.keyboard.press("Enter")
    chat.wait_bot_count(4)
    assert chat.user_texts() == ["Signaler un problème", "Amazon"]
    assert chat.bot_texts()[-1].startswith("Quel est le problème")


def test_reload_in_same_tab_restores_history(chat: Any, live_stack: Any, rasa: Any) -> None:
    chat.greeted(live_stack.web_url)
    to_description(chat)
    chat.send(STORY)
    sender, bots, users = chat.sender(), chat.bot_texts(), chat.user_texts()
    buttons = chat.active_buttons()
    assert users == ["Signaler un problème", "Amazon", "Compte fermé", STORY]
    chat.page.reload()
    chat.wait_bot_count(len(bots))
    assert chat.sender() == sender
    assert chat.bot_texts() == bots
    assert chat.user_texts() == users, "button answers come back with their titles"
    assert chat.active_buttons() == buttons, "only the last question's buttons are active"
    assert rasa.user_texts(sender).count("/greet") == 1, "no second greeting"
    chat.send("passer")
    assert len(chat.bot_texts()) > len(bots), "the conversation goes on after the reload"
    assert chat.bot_texts()[-1] != bots[-1], "the answer was taken: the next question"


def test_new_report_starts_over(chat: Any, live_stack: Any, rasa: Any) -> None:
    chat.greeted(live_stack.web_url)
    greeting = chat.bot_texts()
    chat.send(STORY)
    old = chat.sender()
    chat.page.get_by_role("button", name="Nouveau signalement").click()
    chat.page.get_by_role("button", name="Oui, recommencer").click()
    chat.wait_bot_count(1)
    new = chat.sender()
    assert new != old
    assert chat.user_texts() == []
    assert chat.bot_texts() == greeting
    assert chat.active_buttons() == MENU
    chat.page.reload()
    chat.wait_bot_count(1)
    assert chat.user_texts() == [], "the new conversation survives a reload, not the old one"
    assert chat.bot_texts() == greeting
    assert rasa.user_texts(new) == ["/greet"]
    assert STORY in rasa.user_texts(old), "the old conversation is left as it was"


def test_20000_character_paste(chat: Any, live_stack: Any, rasa: Any) -> None:
    chat.greeted(live_stack.web_url)
    to_description(chat)
    chat.input.fill("x" * 20_001)
    chat.input.press("Enter")
    assert "trop long" in chat.texts(f".spme-log {ERROR_TEXT}")[-1]
    assert len(chat.input.input_value()) == 20_001, "the text stays to be shortened"
    story = (STORY + " ") * (20_000 // (len(STORY) + 1) + 1)
    story = story[:20_000]
    chat.send(story)
    assert chat.user_texts()[-1] == story
    assert not chat.bot_texts()[-1].startswith("Racontez-moi"), "the story was taken"
    slots = rasa.slots(chat.sender())
    assert slots["description"] == story, "all 20 000 characters reached the bot"


def test_widget_embeds_on_another_site(
    chat: Any, live_stack: Any, rasa: Any, other_site: Any
) -> None:
    assert not other_site.startswith(live_stack.web_url)
    chat.greeted(other_site)
    assert chat.page.title() == "Site hôte"
    assert chat.bot_texts()[0].startswith(GREETING)
    assert chat.active_buttons() == MENU
    chat.click("Signaler un problème")
    assert chat.user_texts() == ["Signaler un problème"]
    assert chat.bot_texts()[-1].startswith("Sur quelle plateforme")
    assert rasa.user_texts(chat.sender()) == ["/greet", "/report_problem"]
    assert chat.page.console_errors == [], "no CORS or CSP error on the other origin"


def test_rasa_down_says_so_and_keeps_the_typed_text(chat: Any, web_with_rasa_down: Any) -> None:
    chat.open(web_with_rasa_down.url)
    page = chat.page
    page.locator(".spme-msg--error").first.wait_for()
    chat.wait_idle()
    assert page.locator(".spme-msg--error button", has_text="Réessayer").count() == 1
    typed = "Amazon a bloqué 8000 € sans explication"
    chat.input.fill(typed)
    with page.expect_response(lambda r: r.url.endswith("/api/chat")) as response:
        chat.input.press("Enter")
    assert response.value.status == 503
    chat.wait_idle()
    errors = chat.texts(ERROR_TEXT)
    assert errors[-1].startswith("Le service ne répond pas pour le moment")
    assert chat.input.input_value() == typed
    assert chat.user_texts() == [], "the unsent message is not shown as sent"


def test_unresponsive_rasa_is_reported_and_text_kept(
    chat: Any, web_with_unresponsive_rasa: Any
) -> None:
    chat.open(web_with_unresponsive_rasa.url)
    page = chat.page
    page.locator(".spme-msg--error").first.wait_for()  # the greeting timed out
    chat.wait_idle()
    typed = "Amazon a bloqué mes paiements"
    chat.input.fill(typed)
    with page.expect_response(lambda r: r.url.endswith("/api/chat")) as response:
        chat.input.press("Enter")
        page.locator(".spme-typing__dots").wait_for(state="visible")
    assert response.value.status == 504, "the web app gave up after RASA_TIMEOUT"
    chat.wait_idle()
    assert chat.texts(ERROR_TEXT)[-1].startswith("Le service")
    assert chat.input.input_value() == typed
    assert chat.user_texts() == []
