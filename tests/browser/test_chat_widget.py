"""The chat page and widget in real chromium, with the web app alone (fake or absent Rasa)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def greeted(chat: Any, url: str) -> Any:
    chat.open(url)
    chat.wait_bot_count(2)
    return chat


def serious_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def test_page_renders_at_360px_with_greeting_and_screenshot(
    chat: Any, web_with_fake_rasa: Any, artifacts: Path
) -> None:
    greeted(chat, web_with_fake_rasa.url)
    page = chat.page
    assert chat.bot_texts()[0].startswith("Bonjour, je suis l'assistant Signal PME.")
    assert chat.user_texts() == [], "the automatic /greet is not shown as a user message"
    assert chat.active_buttons() == ["Signaler un problème", "Poser une question"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.locator(".fr-header .fr-logo").is_visible()
    assert page.get_by_role("button", name="Envoyer").is_visible()
    page.screenshot(path=str(artifacts / "page-360x740.png"))
    page.evaluate("() => document.getElementById('signalpme-chat').scrollIntoView()")
    assert page.get_by_label("Votre message").is_visible()
    box = page.get_by_role("button", name="Envoyer").bounding_box()
    assert box and box["y"] + box["height"] <= 740, "the whole widget fits a phone screen"
    page.screenshot(path=str(artifacts / "chat-360x740.png"))
    page.screenshot(path=str(artifacts / "chat-360x740-full.png"), full_page=True)
    assert page.console_errors == [], "no CSP violation or script error"


def test_no_serious_accessibility_violations(chat: Any, web_with_fake_rasa: Any) -> None:
    greeted(chat, web_with_fake_rasa.url)
    assert serious_violations(chat.page) == []
    chat.click("Signaler un problème")
    chat.send("liens")
    assert serious_violations(chat.page) == []


def test_rendered_page_html_validates(chat: Any, web_with_fake_rasa: Any, html_errors: Any) -> None:
    greeted(chat, web_with_fake_rasa.url)
    chat.click("Signaler un problème")
    assert html_errors(chat.page.content()) == [], "the DOM built by the widget is valid too"


def test_button_sends_payload_and_shows_title(
    chat: Any, web_with_fake_rasa: Any, fake_rasa: Any
) -> None:
    greeted(chat, web_with_fake_rasa.url)
    chat.click("Signaler un problème")
    assert chat.user_texts() == ["Signaler un problème"]
    assert (chat.sender(), "/report") in fake_rasa.state.received
    assert chat.active_buttons() == ["Amazon", "Cdiscount"], "older buttons are disabled"


def test_text_is_rendered_as_text_and_links_are_safe(chat: Any, web_with_fake_rasa: Any) -> None:
    greeted(chat, web_with_fake_rasa.url)
    chat.send('<img src=x onerror="window.pwned=1">')
    chat.send("liens")
    page = chat.page
    assert chat.user_texts()[0] == '<img src=x onerror="window.pwned=1">'
    assert page.locator(".spme-log img").count() == 0
    assert page.evaluate("() => window.pwned") is None
    links = page.locator(".spme-log a")
    assert links.count() == 1, "only the https link becomes a link; javascript: stays text"
    link = links.first
    assert link.get_attribute("href") == "https://www.economie.gouv.fr/p2b"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.get_attribute("target") == "_blank"
    assert "[ceci](javascript:alert(1))" in chat.bot_texts()[-1]
    assert page.locator(".spme-log strong", has_text="important").count() == 1


def test_enter_sends_and_shift_enter_adds_a_line(chat: Any, web_with_fake_rasa: Any) -> None:
    greeted(chat, web_with_fake_rasa.url)
    chat.input.fill("première ligne")
    chat.input.press("Shift+Enter")
    chat.input.press_sequentially("deuxième")
    assert chat.input.input_value() == "première ligne\ndeuxième"
    chat.input.press("Enter")
    chat.wait_bot_count(3)
    assert chat.user_texts() == ["première ligne\ndeuxième"]
    assert chat.input.input_value() == ""


def test_keyboard_only_focus_order_and_use(chat: Any, web_with_fake_rasa: Any) -> None:
    greeted(chat, web_with_fake_rasa.url)
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
    assert seen[0] == "Contenu", "the DSFR skip links come first"
    chat_part = seen[seen.index("Nouveau signalement") :]
    assert chat_part == [
        "Nouveau signalement",
        "log",
        "Signaler un problème",
        "Poser une question",
        "input",
        "Envoyer",
    ]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Signaler un problème"
    page.keyboard.press("Enter")
    chat.wait_bot_count(3)
    assert chat.user_texts() == ["Signaler un problème"]
    assert page.evaluate("() => document.activeElement.id") == "spme-input"
    page.keyboard.type("Amazon")
    page.keyboard.press("Enter")
    chat.wait_bot_count(4)
    assert chat.user_texts() == ["Signaler un problème", "Amazon"]


def test_reload_in_same_tab_restores_history(
    chat: Any, web_with_fake_rasa: Any, fake_rasa: Any
) -> None:
    greeted(chat, web_with_fake_rasa.url)
    chat.click("Signaler un problème")
    chat.send("Amazon a fermé mon compte")
    sender, bots, users = chat.sender(), chat.bot_texts(), chat.user_texts()
    chat.page.reload()
    chat.wait_bot_count(len(bots))
    assert chat.sender() == sender
    assert chat.bot_texts() == bots
    assert chat.user_texts() == users
    assert fake_rasa.state.count(sender, "/greet") == 1, "no second greeting after a reload"


def test_new_report_starts_over(chat: Any, web_with_fake_rasa: Any) -> None:
    greeted(chat, web_with_fake_rasa.url)
    chat.send("bonjour")
    old = chat.sender()
    chat.page.get_by_role("button", name="Nouveau signalement").click()
    chat.page.get_by_role("button", name="Oui, recommencer").click()
    chat.wait_bot_count(2)
    assert chat.sender() != old
    assert chat.user_texts() == []
    assert len(chat.bot_texts()) == 2
    chat.page.reload()
    chat.wait_bot_count(2)
    assert chat.user_texts() == [], "the new conversation survives a reload, not the old one"


def test_rasa_down_says_so_and_keeps_the_typed_text(chat: Any, web_with_rasa_down: Any) -> None:
    chat.open(web_with_rasa_down.url)
    page = chat.page
    page.locator(".spme-msg--error").first.wait_for()
    chat.wait_idle()
    typed = "Amazon a bloqué 8000 € sans explication"
    chat.input.fill(typed)
    chat.input.press("Enter")
    chat.wait_idle()
    errors = chat.texts(".spme-msg--error .spme-msg__text")
    assert errors[-1].startswith("Le service ne répond pas pour le moment")
    assert chat.input.input_value() == typed
    assert chat.user_texts() == [], "the unsent message is not shown as sent"


def test_slow_rasa_is_reported_and_text_kept(chat: Any, web_with_fake_rasa: Any) -> None:
    greeted(chat, web_with_fake_rasa.url)
    chat.input.fill("lent")
    chat.input.press("Enter")
    chat.page.locator(".spme-typing__dots").wait_for(state="visible")
    chat.wait_idle()
    assert chat.texts(".spme-msg--error .spme-msg__text")[-1].startswith("Le service")
    assert chat.input.input_value() == "lent"


def test_20000_character_paste(chat: Any, web_with_fake_rasa: Any) -> None:
    greeted(chat, web_with_fake_rasa.url)
    chat.input.fill("x" * 20_001)
    chat.input.press("Enter")
    assert "trop long" in chat.texts(".spme-msg--error .spme-msg__text")[-1]
    assert len(chat.input.input_value()) == 20_001, "the text stays to be shortened"
    chat.send("y" * 20_000)
    assert chat.bot_texts()[-1].endswith("(20000 caractères)")


def test_widget_embeds_on_another_site(chat: Any, web_with_fake_rasa: Any, fake_rasa: Any) -> None:
    chat.open(f"{fake_rasa.url}/host.html")
    chat.wait_bot_count(2)
    assert chat.active_buttons() == ["Signaler un problème", "Poser une question"]
    chat.click("Signaler un problème")
    assert chat.user_texts() == ["Signaler un problème"]
