"""The seller's page in real chromium, on a phone (360x740) and a desktop (1366x768), against
the real product (`live_stack`): the chat first on screen, the message field always in view,
several problems chosen by keyboard, long messages folded, the follow-up code copied, the
"new report" confirmation, the footer pages. Each page's screenshots at both widths go to
results/screenshots/ (git-ignored, kept by CI as artifacts).
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ROOT, ChatPage
from tests.browser.test_chat_widget import MENU, STORY, serious_violations, to_description
from tests.browser.test_full_report import drive_anonymous_report

pytestmark = pytest.mark.browser

VIEWPORTS = {"360x740": (360, 740), "1366x768": (1366, 768)}
SCREENSHOTS = ROOT / "results" / "screenshots"
CONTACT_URL = "https://www.economie.gouv.fr/contact"  # MINISTRY_CONTACT of tests/live_stack.py
FOOTER_PAGES = {
    "Accessibilité\u00a0: partiellement conforme": ("accessibilite", "Déclaration d'accessibilité"),
    "Mentions légales": ("mentions-legales", "Mentions légales"),
    "Données personnelles": ("donnees-personnelles", "Données personnelles"),
}
PROBLEM_CHECKBOX = ".spme-log .spme-option:not([disabled])"
MESSAGES = ".spme-log .spme-msg"


@pytest.fixture(params=list(VIEWPORTS))
def screen(request: pytest.FixtureRequest, chromium: Any) -> Iterator[ChatPage]:
    """The chat page helper in a browser window of each size, allowed to use the clipboard."""
    width, height = VIEWPORTS[request.param]
    context = chromium.new_context(
        viewport={"width": width, "height": height},
        locale="fr-FR",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    chat = ChatPage(page)
    chat.size = request.param
    chat.phone = width < 992  # DSFR's lg breakpoint: the explanations go below the chat
    yield chat
    context.close()


def screenshot(chat: ChatPage, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{chat.size}.png"
    chat.page.screenshot(path=str(path), full_page=full_page)


def in_view(chat: ChatPage, selector: str) -> dict[str, Any]:
    """Where the element is in the window, and whether it is wholly inside it."""
    return chat.page.evaluate(
        """(selector) => {
          const r = document.querySelector(selector).getBoundingClientRect();
          return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                  inside: r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0,
                  scrollY: window.scrollY, innerHeight: window.innerHeight};
        }""",
        selector,
    )


def focused(chat: ChatPage) -> str:
    return chat.page.evaluate(
        "() => { const e = document.activeElement;"
        " if (e.id === 'spme-input') return 'input';"
        " if (e.classList.contains('spme-option')) return 'checkbox:' + e.value;"
        " return (e.textContent || '').trim(); }"
    )


def to_problems(chat: ChatPage) -> None:
    chat.click("Signaler un problème")
    chat.click("Amazon")
    chat.page.locator(PROBLEM_CHECKBOX).first.wait_for()


def test_chat_first_and_message_field_always_in_view(screen: ChatPage, live_stack: Any) -> None:
    chat = screen.greeted(live_stack.web_url)
    page = chat.page
    assert page.evaluate("() => window.scrollY") == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= VIEWPORTS[chat.size][0]
    field = in_view(chat, "#spme-input")
    assert field["inside"], f"message field visible without scrolling: {field}"
    assert in_view(chat, ".spme-send")["inside"]
    chat_box = in_view(chat, "#signalpme-chat")
    aside = in_view(chat, "aside")
    if chat.phone:
        assert aside["top"] >= chat_box["bottom"], "the explanations come below the chat"
    else:
        assert aside["left"] >= chat_box["right"], "the explanations are beside the chat"
        assert aside["top"] < chat_box["bottom"]
    accordion = page.get_by_role("button", name="De quoi s'agit-il\u00a0?")
    assert accordion.get_attribute("aria-expanded") == "false", "collapsed at first"
    screenshot(chat, "accueil")
    accordion.click()
    page.wait_for_function(
        "() => document.querySelector('[aria-controls=info-consultation]')"
        ".getAttribute('aria-expanded') === 'true'"
    )
    page.locator("#info-consultation").wait_for(state="visible")
    page.locator("aside").scroll_into_view_if_needed()
    screenshot(chat, "accueil-explications")
    page.evaluate("() => window.scrollTo(0, 0)")

    to_description(chat)
    chat.send(STORY)
    for _ in range(40):
        if page.locator(MESSAGES).count() >= 30:
            break
        buttons = chat.active_buttons()
        if "Passer" in buttons:
            chat.click("Passer")
        elif "Anonyme" in buttons:
            chat.click("Anonyme")
        else:
            chat.send("passer")
    assert page.locator(MESSAGES).count() >= 30
    field = in_view(chat, "#spme-input")
    assert field["inside"], f"message field in view after 30 messages: {field}"
    assert field["scrollY"] > 0, "the page scrolled with the conversation"
    log = page.evaluate(
        "() => { const l = document.querySelector('.spme-log');"
        " return {scroll: l.scrollHeight, client: l.clientHeight,"
        " overflow: getComputedStyle(l).overflowY}; }"
    )
    assert log["scroll"] <= log["client"] + 1 and log["overflow"] == "visible", (
        f"no scroll area inside the page: {log}"
    )
    last = in_view(chat, ".spme-log .spme-msg:last-child")
    form = in_view(chat, ".spme-form")
    assert last["top"] < form["top"], "the newest message shows above the pinned form"
    screenshot(chat, "chat-30-messages")
    page.evaluate(
        "() => { const l = document.querySelector('.spme-log');"
        " window.scrollTo(0, l.getBoundingClientRect().top + window.scrollY"
        " + l.offsetHeight / 2); }"
    )
    assert in_view(chat, "#spme-input")["inside"], "the field stays in view while scrolling"
    page.evaluate("() => window.scrollTo(0, 0)")
    assert in_view(chat, "#spme-input")["inside"]
    assert page.console_errors == []


def test_several_problems_chosen_by_keyboard(screen: ChatPage, live_stack: Any, rasa: Any) -> None:
    chat = screen.greeted(live_stack.web_url)
    page = chat.page
    to_problems(chat)
    group = page.locator(".spme-log fieldset.spme-multi")
    assert group.locator("legend").text_content() == "Vos problèmes (plusieurs choix possibles)"
    assert group.locator("input[type=checkbox]").count() == 11
    assert group.locator("input[tabindex='0']").count() == 1, "one tab stop for the group"
    page.get_by_role("button", name="Nouveau signalement").focus()
    presses = 0
    while not focused(chat).startswith("checkbox:") and presses < 6:
        page.keyboard.press("Tab")
        presses += 1
    assert focused(chat) == "checkbox:Déréférencement", "Tab reaches the group"
    screenshot(chat, "problemes")
    page.keyboard.press("ArrowDown")
    assert focused(chat) == "checkbox:Compte suspendu"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused(chat) == "checkbox:Paiements retenus"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(chat) == "Valider", "one Tab from the checkboxes to Valider"
    before = len(chat.bot_texts())
    page.keyboard.press("Enter")
    chat.wait_bot_count(before + 1)
    assert chat.user_texts()[-1] == "Compte suspendu, Paiements retenus"
    assert focused(chat) == "input", "the field takes the focus after the answer"
    assert page.locator(PROBLEM_CHECKBOX).count() == 0, "the answered list is disabled"
    sender = chat.sender()
    assert rasa.user_texts(sender)[-1] == "Compte suspendu, Paiements retenus", "ONE message"
    assert rasa.slots(sender)["problems"] == ["account_suspension", "payment_withheld"]
    assert chat.bot_texts()[-1].startswith("Racontez-moi"), "both problems accepted"
    assert serious_violations(page) == []


def test_problem_list_asks_for_a_choice_and_sends_autre_alone(
    chat: ChatPage, live_stack: Any, rasa: Any
) -> None:
    chat.greeted(live_stack.web_url)
    page = chat.page
    to_problems(chat)
    page.get_by_role("button", name="Valider").click()
    error = page.locator(".spme-multi__error")
    assert error.text_content().startswith("Cochez au moins un problème")
    assert error.get_attribute("role") == "alert"
    assert chat.user_texts() == ["Signaler un problème", "Amazon"], "nothing sent"
    page.get_by_label("Autre", exact=True).check()
    assert error.text_content() == ""
    before = len(chat.bot_texts())
    page.get_by_role("button", name="Valider").click()
    chat.wait_bot_count(before + 1)
    assert chat.user_texts()[-1] == "Autre"
    assert rasa.user_texts(chat.sender())[-1] == "Autre"


def test_answer_buttons_are_one_tab_stop_with_arrow_keys(chat: ChatPage, live_stack: Any) -> None:
    chat.greeted(live_stack.web_url)
    page = chat.page
    toolbar = page.locator(".spme-log [role=toolbar]").first
    assert toolbar.get_attribute("aria-label") == "Réponses proposées"
    assert toolbar.locator("button[tabindex='0']").count() == 1
    toolbar.locator("button").first.focus()
    page.keyboard.press("ArrowRight")
    assert focused(chat) == MENU[1]
    page.keyboard.press("End")
    assert focused(chat) == MENU[2]
    page.keyboard.press("ArrowRight")
    assert focused(chat) == MENU[0], "the arrows wrap around"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Tab")
    assert focused(chat) == "input", "Tab leaves the group"
    page.keyboard.press("Shift+Tab")
    assert focused(chat) == MENU[2], "back on the answer focused last"


def test_skip_link_focuses_the_message_field(screen: ChatPage, live_stack: Any) -> None:
    chat = screen.greeted(live_stack.web_url)
    page = chat.page
    page.keyboard.press("Tab")
    assert focused(chat) == "Aller au champ de message", "the first skip link"
    page.keyboard.press("Enter")
    assert focused(chat) == "input"
    assert in_view(chat, "#spme-input")["inside"]


def test_restart_confirmation_defaults_to_the_safe_choice(
    screen: ChatPage, live_stack: Any
) -> None:
    chat = screen.greeted(live_stack.web_url)
    page = chat.page
    chat.send(STORY)
    restart = page.get_by_role("button", name="Nouveau signalement")
    assert "spme-btn--tertiary" in restart.get_attribute("class"), "a link-like button"
    restart.click()
    dialog = page.get_by_role("dialog", name="Commencer un nouveau signalement\u00a0?")
    assert dialog.is_visible()
    assert focused(chat) == "Non, continuer", "the safe choice has the focus"
    screenshot(chat, "confirmation-nouveau-signalement")
    assert serious_violations(page) == []
    page.keyboard.press("Enter")
    assert not dialog.is_visible()
    assert chat.user_texts() == [STORY], "Enter kept the conversation"
    assert focused(chat) == "Nouveau signalement", "focus back on the button"
    page.keyboard.press("Enter")
    assert dialog.is_visible()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert chat.user_texts() == [STORY], "Escape kept the conversation"
    assert focused(chat) == "Nouveau signalement"
    restart.click()
    page.get_by_role("button", name="Oui, recommencer").click()
    chat.wait_bot_count(1)
    assert chat.user_texts() == []


def test_long_messages_fold_and_the_code_is_copied(screen: ChatPage, live_stack: Any) -> None:
    chat = screen.greeted(live_stack.web_url)
    page = chat.page
    reference, code = drive_anonymous_report(chat)

    # the visibility explanation and the summary: folded when taller than 8 lines (always
    # the summary on a phone), shown whole otherwise
    for start in ("Dernière étape", "Voici le récapitulatif"):
        item = page.locator(".spme-log .spme-msg--bot").filter(has_text=start).first
        bubble = item.locator(".spme-msg__text")
        toggle = item.locator("button.spme-more")
        lines = bubble.evaluate(
            "b => { b.classList.remove('spme-msg__text--folded');"
            " const s = getComputedStyle(b); const h = b.scrollHeight"
            " - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);"
            " if (b.parentNode.querySelector('.spme-more[aria-expanded=false]'))"
            " b.classList.add('spme-msg__text--folded');"
            " return h / parseFloat(s.lineHeight); }"
        )
        if chat.phone and start.startswith("Voici"):
            assert lines > 8
        if lines <= 8.5:
            assert toggle.count() == 0 or toggle.is_hidden(), f"{start}: short, not folded"
            continue
        assert toggle.text_content() == "Lire la suite"
        assert toggle.get_attribute("aria-expanded") == "false"
        assert toggle.get_attribute("aria-controls") == bubble.get_attribute("id")
        assert bubble.evaluate("b => b.scrollHeight > b.clientHeight + 10"), "shown short"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert bubble.evaluate("b => b.scrollHeight <= b.clientHeight + 1"), "shown whole"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "false"

    shown = page.locator(".spme-log .spme-code")
    assert shown.count() == 1 and shown.text_content() == code
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    lines = shown.evaluate(
        "c => ({rects: c.getClientRects().length, nowrap: getComputedStyle(c).whiteSpace})"
    )
    assert lines == {"rects": 1, "nowrap": "nowrap"}, "the code on one line"
    message = shown.locator("xpath=ancestor::div[contains(@class, 'spme-msg')]")
    assert message.locator(".spme-more").count() == 0, "the code's message is never folded"
    status = message.locator(".spme-copy__status")
    assert status.get_attribute("role") == "status"
    message.get_by_role("button", name="Copier le code").click()
    status.filter(has_text="Code copié").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == code
    assert reference in "\n".join(chat.bot_texts())
    screenshot(chat, "code-de-suivi")
    assert serious_violations(page) == []


def test_footer_pages_and_contact_link(screen: ChatPage, live_stack: Any) -> None:
    chat = screen.greeted(live_stack.web_url)
    page = chat.page
    assert serious_violations(page) == [], "the chat page"
    contact = page.locator(f"aside a[href='{CONTACT_URL}']")
    assert contact.count() == 1, "the ministry contact is a link"
    assert page.locator("aside a[href='tel:+33102030405']").count() == 1
    retention = live_stack.stack.settings.transcript_retention_days
    for text, (path, title) in FOOTER_PAGES.items():
        chat.open(live_stack.web_url)
        footer_link = page.locator("footer").get_by_role("link", name=text, exact=True)
        assert footer_link.get_attribute("href") == f"/{path}"
        footer_link.click()
        page.wait_for_url(f"**/{path}")
        assert page.locator("h1").text_content() == title
        assert page.locator("footer").get_by_role("link", name=text, exact=True).count() == 1
        assert serious_violations(page) == [], path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[chat.size][0], "no horizontal scroll"
        screenshot(chat, path, full_page=True)
        body = page.locator("main").inner_text()
        if path == "donnees-personnelles":
            assert f"{retention}\u00a0jours" in body
            assert "adresse IP" in body and "code de suivi" in body
            assert page.locator(f"main a[href='{CONTACT_URL}']").count() >= 1
        if path == "accessibilite":
            assert "axe" in body and "clavier" in body and "audit" in body
    assert page.console_errors == []


def test_footer_pages_html_validates(live_stack: Any, html_errors: Any) -> None:
    for path, _title in FOOTER_PAGES.values():
        with urllib.request.urlopen(f"{live_stack.web_url}/{path}", timeout=30) as response:
            html = response.read().decode("utf-8")
        assert html_errors(html) == [], path
