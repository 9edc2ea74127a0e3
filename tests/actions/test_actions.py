"""Custom actions driven directly with rasa_sdk's Tracker and CollectingDispatcher."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.form import ValidateTestimonyForm
from actions.help import (
    ActionAnswerFaq,
    ActionExplainHuman,
    ActionExplainQuestion,
    ActionFallback,
)
from actions.report import (
    ActionCancelReport,
    ActionCorrect,
    ActionRepeatCode,
    ActionSaveTestimony,
    ActionShowSummary,
    ActionStartReport,
)
from bot.export import export_records
from bot.storage.testimonies import find_by_code
from tests.async_run import run_async

DOMAIN: dict[str, Any] = {"slots": {}, "responses": {}, "forms": {}}


CODE_IN_TEXT = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b")


def make_tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "inform",
    confidence: float = 0.95,
    events: list[dict[str, Any]] | None = None,
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = "testimony_form",
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
    }
    return Tracker(
        sender_id="0f8c2b1e9a7d4c3b8e6f5a4d3c2b1a09",
        slots=slots or {},
        latest_message=message,
        events=events if events is not None else [{"event": "user", "text": text}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, DOMAIN)
    if asyncio.iscoroutine(result):
        result = run_async(result)
    return result, dispatcher


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def said(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or m.get("response") or "" for m in dispatcher.messages)


def complete_slots(**overrides: Any) -> dict[str, Any]:
    slots = {
        "platform": "amazon",
        "problems": ["account_termination", "payment_withheld"],
        "description": "Compte fermé sans préavis, 8000 € bloqués.",
        "started_on": "2026-10-01",
        "reason_given": "no",
        "notice_given": "no",
        "account_access": "none",
        "contacted_platform": "yes",
        "support_outcome": "no_answer",
        "human_contact": "no",
        "revenue_share_pct": 80,
        "estimated_loss_eur": 8000,
        "company_size": "micro",
        "sector": "jouets",
        "visibility": "anonymous",
        "submission_id": "a" * 32,
        "skipped_slots": [],
        "stage": "summary",
    }
    slots.update(overrides)
    return slots


def test_opening_story_prefills_and_acknowledges() -> None:
    tracker = make_tracker(
        text="Amazon a fermé mon compte vendeur sans explication, 8000 € bloqués",
        intent="report_problem",
    )
    events, dispatcher = run(ActionStartReport(), tracker)
    slots = slot_events(events)
    assert slots["platform"] == "amazon"
    assert slots["estimated_loss_eur"] == 8000
    assert slots["stage"] == "reporting"
    assert len(slots["submission_id"]) == 32
    assert "Amazon" in said(dispatcher)


def test_form_reads_the_reply_to_the_requested_question() -> None:
    tracker = make_tracker(
        {
            "requested_slot": "revenue_share_pct",
            "platform": "ebay",
            "problems": ["ranking"],
            "description": "x",
        },
        text="la moitié",
    )
    events, _ = run(ValidateTestimonyForm(), tracker)
    slots = slot_events(events)
    assert slots["revenue_share_pct"] == 50
    assert slots["requested_slot"] == "started_on"  # the first question still open


def test_form_rejects_a_question_so_rules_can_answer_it() -> None:
    tracker = make_tracker({"requested_slot": "sector"}, text="pourquoi ?", intent="ask_why")
    events, _ = run(ValidateTestimonyForm(), tracker)
    assert set(slot_events(events)) == {"requested_slot"}


def test_form_does_not_reread_a_message_already_answered() -> None:
    events_so_far = [
        {"event": "user", "text": "pourquoi ?"},
        {"event": "action", "name": "action_explain_question"},
    ]
    tracker = make_tracker(
        {"requested_slot": "sector"}, text="pourquoi ?", intent="ask_why", events=events_so_far
    )
    events, _ = run(ValidateTestimonyForm(), tracker)
    assert slot_events(events) == {"requested_slot": "platform"}


def test_invalid_siren_is_explained() -> None:
    slots = {"requested_slot": "siren", "visibility": "confidential"}
    events, dispatcher = run(ValidateTestimonyForm(), make_tracker(slots, text="123 456 789"))
    assert "siren" not in slot_events(events)
    assert "contrôle de validité" in said(dispatcher)


def test_why_explains_the_current_question() -> None:
    _, dispatcher = run(ActionExplainQuestion(), make_tracker({"requested_slot": "notice_given"}))
    assert "30 jours" in said(dispatcher)


def test_deadline_faq_gives_the_configured_date() -> None:
    tracker = make_tracker(text="jusqu'à quand ?", intent="faq_deadline")
    _, dispatcher = run(ActionAnswerFaq(), tracker)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_faq_deadline"
    assert "30 novembre 2026" in message["campaign_status"]


def test_a_faq_at_the_summary_brings_back_the_confirmation_buttons() -> None:
    tracker = make_tracker(
        {"stage": "summary"}, text="qui lit ça ?", intent="faq_who_reads", active_loop=None
    )
    _, dispatcher = run(ActionAnswerFaq(), tracker)
    assert dispatcher.messages[0]["response"] == "utter_faq_who_reads"
    assert "pas encore envoyé" in dispatcher.messages[1]["text"]
    assert [b["payload"] for b in dispatcher.messages[1]["buttons"]] == [
        "/affirm",
        "/correct",
        "/cancel",
    ]


def test_a_human_request_while_the_code_is_shown_asks_again_if_it_is_noted() -> None:
    tracker = make_tracker({"stage": "code_shown"}, intent="request_human", active_loop=None)
    _, dispatcher = run(ActionExplainHuman(), tracker)
    assert "noté votre code" in dispatcher.messages[-1]["text"]


def test_a_faq_inside_the_form_adds_nothing_the_form_asks_again() -> None:
    tracker = make_tracker({"stage": "reporting"}, intent="faq_anonymity")
    _, dispatcher = run(ActionAnswerFaq(), tracker)
    assert len(dispatcher.messages) == 1


def test_after_a_saved_report_another_platform_is_offered_by_name() -> None:
    tracker = make_tracker(
        {"stage": "done"},
        text="je veux aussi signaler ebay",
        intent="faq_several_platforms",
        active_loop=None,
    )
    _, dispatcher = run(ActionAnswerFaq(), tracker)
    message = dispatcher.messages[0]
    assert "eBay" in message["text"] and "enregistré" not in message["text"]
    assert message["buttons"][0]["payload"] == "Je veux signaler eBay"


def test_a_statement_at_the_summary_classified_as_faq_is_handled_as_a_change() -> None:
    tracker = make_tracker(
        {"stage": "summary"},
        text="finalement je préfère rester anonyme, je ne veux pas qu'on garde mon nom",
        intent="faq_anonymity",
        active_loop=None,
    )
    events, dispatcher = run(ActionAnswerFaq(), tracker)
    assert events == [{"event": "followup", "name": "action_correct", "timestamp": None}]
    assert dispatcher.messages == []


def test_during_a_report_several_platforms_gets_the_fixed_answer() -> None:
    tracker = make_tracker({"stage": "reporting"}, intent="faq_several_platforms")
    _, dispatcher = run(ActionAnswerFaq(), tracker)
    assert dispatcher.messages[0]["response"] == "utter_faq_several_platforms"


def test_second_fallback_in_a_row_offers_a_human() -> None:
    events = [
        {"event": "user", "text": "blabla"},
        {"event": "action", "name": "action_fallback"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "blublu"},
    ]
    _, dispatcher = run(ActionFallback(), make_tracker(text="blublu", events=events))
    assert "ministère" in said(dispatcher)


def test_inside_the_form_a_fallback_points_to_the_question_then_escalates() -> None:
    first = [{"event": "user", "text": "/affirm"}]
    _, dispatcher = run(ActionFallback(), make_tracker(text="/affirm", events=first))
    assert "question ci-dessous" in said(dispatcher)
    assert "buttons" not in dispatcher.messages[0] or not dispatcher.messages[0]["buttons"]
    second = [
        {"event": "user", "text": "/affirm"},
        {"event": "action", "name": "action_fallback"},
        {"event": "action", "name": "testimony_form"},
        {"event": "slot", "name": "requested_slot", "value": "reason_given"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "/affirm"},
    ]
    _, dispatcher = run(ActionFallback(), make_tracker(text="/affirm", events=second))
    assert "ministère" in said(dispatcher)


def test_summary_lists_answers_and_offers_confirmation() -> None:
    events, dispatcher = run(ActionShowSummary(), make_tracker(complete_slots()))
    assert "Amazon" in said(dispatcher) and "8\u202f000 €" in said(dispatcher)
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert "Confirmer et envoyer" in titles
    assert slot_events(events)["stage"] == "summary"


def test_correction_in_words_is_applied(sqlite_db_url: str) -> None:
    tracker = make_tracker(complete_slots(), text="c'est Cdiscount pas Amazon", intent="correct")
    events, dispatcher = run(ActionCorrect(), tracker)
    slots = slot_events(events)
    assert slots["platform"] == "cdiscount" and slots["stage"] == "reporting"
    assert "Cdiscount" in said(dispatcher)


def test_correction_naming_a_field_clears_it_to_ask_again() -> None:
    tracker = make_tracker(complete_slots(), text="modifier la date", intent="correct")
    slots = slot_events(run(ActionCorrect(), tracker)[0])
    assert slots["started_on"] is None and slots["requested_slot"] is None


def test_confirmed_anonymous_testimony_is_saved_without_identity(sqlite_db_url: str) -> None:
    slots = complete_slots(email="x@y.fr", company_name="ACME")
    events, dispatcher = run(ActionSaveTestimony(), make_tracker(slots, text="/affirm"))
    reference = slot_events(events)["reference"]
    assert "followup_code" not in slot_events(events), "the code is kept in no slot"
    code = CODE_IN_TEXT.search(said(dispatcher)).group(0)
    assert reference in said(dispatcher)
    assert find_by_code(code, url=sqlite_db_url).reference == reference
    assert dispatcher.messages[0]["custom"]["signalpme_redact"] == "anonymous"
    assert dispatcher.messages[0]["custom"]["receipt"].startswith(reference + "."), "PDF link"
    records = export_records(None, url=sqlite_db_url)
    assert [r["reference"] for r in records] == [reference]
    assert records[0]["anonymous"] is True
    assert records[0]["email"] is None and records[0]["company_name"] is None


def test_a_new_code_goes_only_to_the_conversation_that_saved(sqlite_db_url: str) -> None:
    slots = complete_slots(visibility="confidential", email="x@y.fr")
    events, dispatcher = run(ActionSaveTestimony(), make_tracker(slots, text="/affirm"))
    first = CODE_IN_TEXT.search(said(dispatcher)).group(0)
    assert dispatcher.messages[0]["custom"]["signalpme_redact"] == "code"
    reference = slot_events(events)["reference"]
    assert dispatcher.messages[0]["custom"]["receipt"].startswith(reference + "."), "PDF link"
    slots.update(slot_events(events))
    _, again = run(ActionRepeatCode(), make_tracker(slots, text="/deny", intent="deny"))
    second = CODE_IN_TEXT.search(said(again)).group(0)
    assert second != first
    assert find_by_code(first, url=sqlite_db_url) is None, "the old code stops working"
    assert find_by_code(second, url=sqlite_db_url) is not None
    other = make_tracker(slots, text="/deny", intent="deny")
    other.sender_id = "ffffffffffffffffffffffffffffffff"
    _, refused = run(ActionRepeatCode(), other)
    assert not CODE_IN_TEXT.search(said(refused))
    assert find_by_code(second, url=sqlite_db_url) is not None


def test_saving_again_in_the_same_conversation_does_not_duplicate(sqlite_db_url: str) -> None:
    slots = complete_slots()
    first, _ = run(ActionSaveTestimony(), make_tracker(slots, text="/affirm"))
    slots.update(slot_events(first))
    _, dispatcher = run(ActionSaveTestimony(), make_tracker(slots, text="/affirm"))
    assert "déjà enregistré" in said(dispatcher)
    assert len(export_records(None, url=sqlite_db_url)) == 1


@pytest.fixture()
def database_down(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """DATABASE_URL points at a server that does not answer; kept testimonies go to
    `tmp_path/outbox` (yielded)."""
    from bot.settings import get_settings
    from bot.storage import db, kept

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://nobody:x@127.0.0.1:1/none")
    monkeypatch.setattr(kept, "outbox_dir", lambda: tmp_path / "outbox")
    get_settings.cache_clear()
    db.clear_cache()
    yield tmp_path / "outbox"
    get_settings.cache_clear()
    db.clear_cache()


def test_database_down_keeps_the_testimony_and_gives_reference_and_code(
    database_down: Any,
) -> None:
    events, dispatcher = run(ActionSaveTestimony(), make_tracker(complete_slots()))
    text = said(dispatcher)
    assert "bien conservé" in text and "enregistré automatiquement" in text
    reference = slot_events(events)["reference"]
    assert reference in text and CODE_IN_TEXT.search(text)
    assert slot_events(events)["stage"] == "code_shown"
    assert len(list(database_down.glob("*.json"))) == 1
    assert dispatcher.messages[0]["custom"]["signalpme_redact"] == "anonymous"  # masked after


def test_database_and_disk_down_keep_the_answers_and_offer_a_retry(
    database_down: Any,
) -> None:
    database_down.parent.joinpath("outbox").write_text("a file where the folder should be")
    events, dispatcher = run(ActionSaveTestimony(), make_tracker(complete_slots()))
    assert "réessayez" in said(dispatcher)
    assert slot_events(events) == {"stage": "summary"}
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/affirm"


def test_cancel_forgets_the_report() -> None:
    events, dispatcher = run(ActionCancelReport(), make_tracker(complete_slots()))
    slots = slot_events(events)
    assert slots["platform"] is None and slots["description"] is None
    assert "rien n'a été enregistré" in said(dispatcher)
