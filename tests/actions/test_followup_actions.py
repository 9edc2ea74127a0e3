"""The follow-up actions driven directly, on a real SQLite database: open with the code,
read replies once, add, answer, ask, withdraw, wrong-code limits, the "not alone" line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from sqlalchemy import create_engine, select, text

import actions.followup as followup_actions
from actions.followup import ActionFollowup, ActionFollowupNewReport
from actions.followup_messages import (
    ActionAskFollowupMessage,
    ActionFollowupSent,
    ValidateFollowupMessageForm,
)
from actions.followup_withdraw import ActionFollowupWithdraw
from actions.report import ActionSaveTestimony
from bot.settings import get_settings
from bot.storage import followups
from bot.storage.codes import hash_followup_code
from bot.storage.db import session_factory
from bot.storage.models import CodeAttempt, StaffReply, Testimony, UserFollowup
from bot.storage.testimonies import save_testimony
from tests.actions.test_actions import complete_slots, make_tracker, run, said, slot_events

Record = Callable[..., dict[str, object]]
SENDER = "0f8c2b1e9a7d4c3b8e6f5a4d3c2b1a09"  # make_tracker's sender id
KNOWN_CODE = "K7QF-93XD-P2MW-TZ60"
FORM = "followup_message_form"


def _saved(
    make_record: Record, sender: str = "a" * 32, known: bool = True, **overrides: object
) -> str:
    """Save a testimony (whose code is KNOWN_CODE when `known`); return its reference."""
    saved = save_testimony(
        make_record(**overrides), submission_id=sender, sender_id=sender, channel="web"
    )
    if not known:
        return saved.reference
    with session_factory()() as session, session.begin():
        row = session.execute(
            select(Testimony).where(Testimony.reference == saved.reference)
        ).scalar_one()
        row.followup_code_hash = hash_followup_code(KNOWN_CODE)
    return saved.reference


def _reply(reference: str, body: str, question: bool = False) -> int:
    with session_factory()() as session, session.begin():
        testimony_id = session.execute(
            select(Testimony.id).where(Testimony.reference == reference)
        ).scalar_one()
        reply = StaffReply(testimony_id=testimony_id, text=body, is_question=question)
        session.add(reply)
        session.flush()
        return reply.id


def _tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "followup",
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    return make_tracker(
        slots or {},
        text=text,
        intent=intent,
        entities=entities,
        events=events,
        active_loop=active_loop,
    )


def _choice(choice: str) -> list[dict[str, Any]]:
    return [{"entity": "followup_choice", "value": choice}]


def _open(slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """The slots of a conversation that has just opened the testimony with KNOWN_CODE."""
    events, _ = run(ActionFollowup(), _tracker(slots, KNOWN_CODE, "followup_code"))
    return {**(slots or {}), **slot_events(events)}


def _after(action: str, text: str) -> list[dict[str, Any]]:
    """The events of a reply `text` to what `action` said."""
    return [
        {"event": "action", "name": action},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text},
    ]


def _followups() -> list[UserFollowup]:
    with session_factory()() as session:
        return list(session.execute(select(UserFollowup)).scalars())


# --- opening with the code ------------------------------------------------------------


def test_a_code_in_a_sentence_opens_the_testimony_status_and_menu(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    typed = "voici mon code " + KNOWN_CODE.lower().replace("-", " ").replace("0", "o")
    events, dispatcher = run(ActionFollowup(), _tracker(text=typed, intent="followup_code"))
    slots = slot_events(events)
    assert slots["followup_reference"] == reference and slots["followup_step"] == "open"
    assert KNOWN_CODE not in repr(events), "the code is kept in no slot"
    shown = said(dispatcher)
    assert reference in shown and followups.STATUS_FOR_SELLER["new"] in shown
    assert "Pas de nouvelle réponse" in shown
    for identifying in ("Jouets Martin", "Claire", "claire@example.fr", "732829320"):
        assert identifying not in shown
    assert all(m["custom"]["signalpme_redact"] == "code" for m in dispatcher.messages)
    menu = dispatcher.messages[-1]
    assert menu["custom"]["receipt"].startswith(reference + "."), "the PDF receipt is offered"
    titles = [b["title"] for b in menu["buttons"]]
    assert titles[0] == "Ajouter une information" and "Retirer mon témoignage" in titles
    assert "Répondre à la question de l'équipe" not in titles, "no question asked"


def test_unread_replies_are_shown_once_then_marked_read(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    _reply(reference, "Merci, nous étudions votre dossier.")
    _reply(reference, "Avez-vous gardé le mail de fermeture ?", question=True)
    _, first = run(ActionFollowup(), _tracker(text=KNOWN_CODE, intent="followup_code"))
    shown = said(first)
    assert "Réponse de l'équipe du" in shown and "nous étudions votre dossier" in shown
    assert "Question de l'équipe du" in shown and "mail de fermeture" in shown
    titles = [b["title"] for b in first.messages[-1]["buttons"]]
    assert "Répondre à la question de l'équipe" in titles
    _, again = run(ActionFollowup(), _tracker(text=KNOWN_CODE, intent="followup_code"))
    assert "nous étudions votre dossier" not in said(again), "a reply is shown once"
    assert "attend votre réponse à sa question" in said(again), "the open question is recalled"


def test_a_status_change_is_said_in_plain_french(sqlite_db_url: str, make_record: Record) -> None:
    reference = _saved(make_record)
    with session_factory()() as session, session.begin():
        row = session.execute(select(Testimony).where(Testimony.reference == reference))
        row.scalar_one().status = "mediation"
    _, dispatcher = run(ActionFollowup(), _tracker(text=KNOWN_CODE, intent="followup_code"))
    assert followups.STATUS_FOR_SELLER["mediation"] in said(dispatcher)


def test_opening_after_a_saved_report_leaves_the_report_behind(
    sqlite_db_url: str, make_record: Record
) -> None:
    _saved(make_record)
    events, _ = run(ActionFollowup(), _tracker({"stage": "done"}, KNOWN_CODE, "followup_code"))
    assert slot_events(events)["stage"] is None


def test_a_code_during_a_report_opens_it_without_a_prompt(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots = {"stage": "reporting", "requested_slot": "platform"}
    tracker = _tracker(slots, KNOWN_CODE, "followup_code", active_loop="testimony_form")
    events, dispatcher = run(ActionFollowup(), tracker)
    assert slot_events(events) == {
        "wrong_codes": 0,
        "code_pause_until": None,
        "followup_reference": reference,
        "followup_wish": None,
        "followup_step": None,
    }
    assert "Terminez d'abord le signalement en cours" in said(dispatcher)


# --- without a code -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("j'ai un code de suivi", "Quel est votre code de suivi ?"),
        ("j'ai perdu mon code", "personne ne peut le retrouver"),
        ("SP-2026-000042", "est la référence d'un témoignage"),
        ("K7QF-93XD-P2MW-TZ6", "Je ne reconnais pas de code de suivi complet"),
    ],
)
def test_without_a_code_the_code_is_asked_for(message: str, expected: str) -> None:
    events, dispatcher = run(ActionFollowup(), _tracker(text=message))
    assert expected in said(dispatcher)
    assert slot_events(events) == {"followup_step": "code_asked", "followup_wish": None}


# --- wrong codes ------------------------------------------------------------------------


def _try(slots: dict[str, Any], code: str) -> tuple[dict[str, Any], str]:
    events, dispatcher = run(ActionFollowup(), _tracker(slots, code, "followup_code"))
    return {**slots, **slot_events(events)}, said(dispatcher)


def _attempts_stored() -> int:
    with session_factory()() as session:
        return len(session.execute(select(CodeAttempt)).scalars().all())


def test_five_wrong_codes_pause_the_conversation_even_for_the_right_code(
    sqlite_db_url: str, make_record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    _saved(make_record)
    now = [1_800_000_000.0]
    monkeypatch.setattr(followup_actions.time, "time", lambda: now[0])
    slots: dict[str, Any] = {}
    for left in (4, 3, 2, 1):
        slots, answer = _try(slots, "ABCD-EFGH-JKMN-PQRS")
        assert f"il vous reste {left} essai" in answer
    slots, answer = _try(slots, "ABCD-EFGH-JKMN-PQRS")
    assert "suspendue pendant 15 minutes" in answer
    assert _attempts_stored() == 5
    now[0] += 60
    slots, answer = _try(slots, KNOWN_CODE)
    assert "Réessayez dans 14 minutes" in answer
    assert slots.get("followup_reference") is None and _attempts_stored() == 5, "not looked up"
    now[0] += 14 * 60
    slots, answer = _try(slots, KNOWN_CODE)
    assert slots["followup_reference"] and slots["wrong_codes"] == 0, "the count starts again"


def test_a_saturated_service_looks_no_code_up(
    sqlite_db_url: str, make_record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    _saved(make_record)
    monkeypatch.setenv("FOLLOWUP_WRONG_CODES_PER_MINUTE", "2")
    get_settings.cache_clear()
    followups.record_wrong_code()
    followups.record_wrong_code()
    slots, answer = _try({}, KNOWN_CODE)
    assert "momentanément saturé" in answer and slots.get("followup_reference") is None


# --- adding, answering, asking ----------------------------------------------------------


def _write(slots: dict[str, Any], message: str, intent: str = "inform") -> tuple[dict, str]:
    """Run the prompt's form validation and the confirmation for `message`."""
    slots = {**slots, "requested_slot": "followup_message"}
    steps = [{"event": "user", "text": message}, {"event": "action", "name": FORM}]
    tracker = _tracker(slots, message, intent, events=steps)
    events, _ = run(ValidateFollowupMessageForm(), tracker)
    slots.update(slot_events(events))
    events, dispatcher = run(ActionFollowupSent(), _tracker(slots, message, intent))
    slots.update(slot_events(events))
    return slots, said(dispatcher)


def test_adding_information_stores_a_dated_message(sqlite_db_url: str, make_record: Record) -> None:
    reference = _saved(make_record)
    slots = _open()
    events, _ = run(ActionFollowup(), _tracker(slots, "/followup", entities=_choice("add")))
    slots.update(slot_events(events))
    assert slots["followup_step"] == "writing" and slots["followup_kind"] == "add"
    _, prompt = run(ActionAskFollowupMessage(), _tracker(slots))
    assert f"l'information à ajouter à votre témoignage {reference}" in said(prompt)
    slots, answer = _write(slots, "Amazon a rouvert mon compte mais garde les fonds.")
    assert "Votre message du " in answer and " à " in answer and "a été transmis" in answer
    assert slots["followup_step"] == "open" and slots["followup_message"] is None
    [stored] = _followups()
    assert stored.kind == "addition" and "rouvert mon compte" in stored.text


def test_the_message_that_opened_the_prompt_is_not_stored(
    sqlite_db_url: str, make_record: Record
) -> None:
    _saved(make_record)
    slots = {**_open(), "followup_kind": "add"}
    opening = [
        {"event": "user", "text": "je voudrais ajouter une information"},
        {"event": "action", "name": "action_followup"},
        {"event": "action", "name": FORM},
    ]
    tracker = _tracker(slots, "je voudrais ajouter une information", events=opening)
    events, _ = run(ValidateFollowupMessageForm(), tracker)
    assert events == [] and _followups() == []


def test_answering_the_staff_question_links_the_answer(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    question = _reply(reference, "Quelle est la date de la fermeture ?", question=True)
    slots = _open()
    typed = "je veux répondre à la question"
    events, _ = run(ActionFollowup(), _tracker(slots, typed))
    slots.update(slot_events(events))
    assert slots["followup_question_id"] == question
    _, prompt = run(ActionAskFollowupMessage(), _tracker(slots))
    assert "Quelle est la date de la fermeture ?" in said(prompt)
    slots, answer = _write(slots, "Le 3 octobre, sans préavis.")
    assert "Votre réponse du " in answer
    [stored] = _followups()
    assert stored.kind == "answer" and stored.in_reply_to_id == question
    events, dispatcher = run(
        ActionFollowup(), _tracker(slots, "/followup", entities=_choice("answer"))
    )
    assert "aucune question" in said(dispatcher), "nothing left to answer"


def test_a_question_that_looks_like_a_faq_is_sent_to_staff(
    sqlite_db_url: str, make_record: Record
) -> None:
    _saved(make_record)
    slots = _open()
    events, _ = run(ActionFollowup(), _tracker(slots, "/followup", entities=_choice("ask")))
    slots.update(slot_events(events))
    slots, answer = _write(slots, "Qui lit mon témoignage exactement ?", "faq_who_reads")
    assert "Votre question du " in answer
    assert _followups()[0].kind == "question"


def test_cancelling_the_prompt_sends_nothing(sqlite_db_url: str, make_record: Record) -> None:
    _saved(make_record)
    slots = _open()
    events, _ = run(ActionFollowup(), _tracker(slots, "/followup", entities=_choice("add")))
    slots, answer = _write({**slots, **slot_events(events)}, "/cancel", "cancel")
    assert "rien n'a été envoyé" in answer and _followups() == []


def test_an_anonymous_sellers_message_masks_the_whole_conversation(
    sqlite_db_url: str, make_record: Record
) -> None:
    _saved(make_record, anonymous=True)
    slots = _open()
    events, _ = run(ActionFollowup(), _tracker(slots, "/followup", entities=_choice("add")))
    slots = {**slots, **slot_events(events), "requested_slot": "followup_message"}
    message = "je m'appelle Paul Durand, 06 12 34 56 78"
    events, _ = run(ValidateFollowupMessageForm(), _tracker(slots, message))
    slots.update(slot_events(events))
    _, dispatcher = run(ActionFollowupSent(), _tracker(slots, message))
    assert dispatcher.messages[0]["custom"]["signalpme_redact"] == "anonymous"
    assert "Durand" not in _followups()[0].text


# --- a free message while the testimony is open ----------------------------------------


def _with_previous(story: str, latest: str) -> list[dict[str, Any]]:
    return [{"event": "user", "text": story}, {"event": "bot"}, {"event": "user", "text": latest}]


STORY = "Cdiscount m'a enfin répondu ce matin, ils promettent de débloquer les fonds"


def test_a_free_message_is_added_after_a_yes(sqlite_db_url: str, make_record: Record) -> None:
    _saved(make_record)
    slots = _open()
    events, offer = run(ActionFollowup(), _tracker(slots, STORY, "report_problem"))
    slots.update(slot_events(events))
    assert slots["followup_step"] == "add_offered" and "Voulez-vous ajouter ce message" in said(
        offer
    )
    tracker = _tracker(slots, "/affirm", "affirm", events=_with_previous(STORY, "/affirm"))
    events, dispatcher = run(ActionFollowup(), tracker)
    assert "a été transmis" in said(dispatcher)
    assert _followups()[0].text == STORY


def test_a_free_message_can_start_a_new_report_with_that_story(
    sqlite_db_url: str, make_record: Record
) -> None:
    _saved(make_record)
    slots = _open()
    story = "eBay a suspendu mon compte vendeur sans explication la semaine dernière"
    events, _ = run(ActionFollowup(), _tracker(slots, story, "report_problem"))
    slots.update(slot_events(events))
    previous = _with_previous(story, "/report_problem")
    tracker = _tracker(slots, "/report_problem", "report_problem", events=previous)
    events, _ = run(ActionFollowup(), tracker)
    slots.update(slot_events(events))
    assert slots["followup_step"] == "new_report"
    tracker = _tracker(slots, "/report_problem", "report_problem", events=previous)
    events, dispatcher = run(ActionFollowupNewReport(), tracker)
    started = slot_events(events)
    assert started["stage"] == "reporting" and started["platform"] == "ebay"
    assert started["followup_step"] is None and _followups() == []


# --- withdrawing ------------------------------------------------------------------------


def _tracker_store_with(sender: str) -> None:
    engine = create_engine(get_settings().tracker_database_url, future=True)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)"))
        connection.execute(text("INSERT INTO events (sender_id) VALUES (:s)"), {"s": sender})
    engine.dispose()


def _events_left() -> int:
    engine = create_engine(get_settings().tracker_database_url, future=True)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM events")).scalar_one()
    engine.dispose()
    return count


def test_withdrawing_asks_then_deletes_everything(sqlite_db_url: str, make_record: Record) -> None:
    reference = _saved(make_record, sender="b" * 32)
    _tracker_store_with("b" * 32)
    slots = _open()
    events, asked = run(
        ActionFollowupWithdraw(), _tracker(slots, "retirer mon témoignage", "withdraw")
    )
    slots.update(slot_events(events))
    assert slots["followup_step"] == "withdraw_asked"
    assert [b["title"] for b in asked.messages[0]["buttons"]] == [
        "Oui, retirer définitivement",
        "Non, garder",
    ]
    replied = _after("action_followup_withdraw", "/affirm")
    events, done = run(
        ActionFollowupWithdraw(), _tracker(slots, "/affirm", "affirm", events=replied)
    )
    assert slot_events(events) == {
        "followup_reference": None,
        "followup_step": None,
        "followup_wish": None,
        "followup_undo": None,
    }
    assert "est retiré" in said(done) and reference in said(done)
    assert done.messages[0]["custom"] == {"signalpme_redact": "forget"}
    assert followups.open_by_reference(reference) is None
    assert _events_left() == 0, "the conversation that saved it is deleted"


def test_no_keeps_the_testimony(sqlite_db_url: str, make_record: Record) -> None:
    reference = _saved(make_record)
    slots = {**_open(), "followup_step": "withdraw_asked"}
    replied = _after("action_followup_withdraw", "non")
    events, dispatcher = run(
        ActionFollowupWithdraw(), _tracker(slots, "non", "deny", events=replied)
    )
    assert "conservé" in said(dispatcher) and slot_events(events)["followup_step"] == "open"
    assert followups.open_by_reference(reference) is not None


def test_a_yes_without_the_question_just_asked_deletes_nothing(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    events, dispatcher = run(ActionFollowupWithdraw(), _tracker(_open(), "oui", "affirm"))
    assert "Voulez-vous vraiment retirer" in said(dispatcher)
    assert followups.open_by_reference(reference) is not None


def test_withdrawing_without_a_code_asks_for_it_first() -> None:
    events, dispatcher = run(ActionFollowupWithdraw(), _tracker(text="supprimer mon témoignage"))
    assert "j'ai d'abord besoin de son code de suivi" in said(dispatcher)
    assert slot_events(events) == {"followup_step": "code_asked", "followup_wish": "withdraw"}


# --- "vous n'êtes pas seul" after saving ------------------------------------------------


@pytest.mark.parametrize(("others", "line"), [(0, False), (2, False), (3, True), (10, True)])
def test_saving_says_how_many_others_name_the_platform(
    sqlite_db_url: str, make_record: Record, others: int, line: bool
) -> None:
    for n in range(others):
        _saved(make_record, f"{n:032d}", known=False, problems=["account_termination"])
    slots = complete_slots()
    _, dispatcher = run(ActionSaveTestimony(), make_tracker(slots, text="/affirm"))
    shown = said(dispatcher)
    expected = f"{others} autres témoignages concernent Amazon depuis le 31 octobre"
    assert (expected in shown) is line, shown
    if line:
        assert f"dont {others} pour le même problème (compte fermé / exclusion)" in shown
