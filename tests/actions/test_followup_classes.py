"""The follow-up actions on what sellers actually write, on a real SQLite database: the wish
said before or with the code, new facts stored directly (and taken back), the answer to the
staff question just shown, questions to staff, withdrawal and receipt in free words."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from actions.followup import ActionFollowup, ActionFollowupNewReport
from actions.followup_messages import ActionAskFollowupMessage
from actions.followup_withdraw import ActionFollowupWithdraw
from bot.storage import followups
from tests.actions.test_actions import run, said, slot_events
from tests.actions.test_followup_actions import (
    KNOWN_CODE,
    Record,
    _after,
    _choice,
    _followups,
    _open,
    _reply,
    _saved,
    _tracker,
)

FOLLOWUP, WITHDRAW = "action_followup", "action_followup_withdraw"


def _step(
    action: Any,
    slots: dict[str, Any],
    text: str,
    intent: str,
    after: str | None = None,
    entities: list[dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], Any]:
    """Run `action` on `text` (a reply to what `after` said); the slots after it."""
    events = _after(after, text) if after else None
    tracker = _tracker(slots, text, intent, entities=entities, events=events)
    result, dispatcher = run(action, tracker)
    return {**slots, **slot_events(result)}, dispatcher


def _buttons(dispatcher: Any) -> list[str]:
    return [b["title"] for m in dispatcher.messages for b in m.get("buttons") or []]


# --- 1. the wish said before the code, or with it ----------------------------------------


def test_withdraw_asked_before_the_code_goes_straight_to_the_confirmation(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots, asked = _step(
        ActionFollowupWithdraw(), {}, "je souhaite retirer mon témoignage", "withdraw"
    )
    assert slots["followup_wish"] == "withdraw" and slots["followup_step"] == "code_asked"
    assert "Pour retirer votre témoignage" in said(asked)
    slots, opened = _step(ActionFollowup(), slots, f"voila {KNOWN_CODE}", "followup_code", WITHDRAW)
    assert reference in said(opened) and "Que souhaitez-vous faire" not in said(opened)
    assert slots["followup_step"] == "withdraw_wanted" and slots["followup_wish"] is None
    slots, confirm = _step(ActionFollowupWithdraw(), slots, KNOWN_CODE, "followup_code", FOLLOWUP)
    assert "Voulez-vous vraiment retirer" in said(confirm)
    assert slots["followup_step"] == "withdraw_asked"
    slots, done = _step(ActionFollowupWithdraw(), slots, "oui", "affirm", WITHDRAW)
    assert "est retiré" in said(done) and followups.open_by_reference(reference) is None


def test_a_wish_and_the_code_in_one_message(sqlite_db_url: str, make_record: Record) -> None:
    _saved(make_record)
    typed = f"Bonjour, vous pouvez retirer mon témoignage, code {KNOWN_CODE.lower()}"
    slots, _ = _step(ActionFollowup(), {}, typed, "followup_code")
    assert slots["followup_step"] == "withdraw_wanted"
    typed = f"{KNOWN_CODE} il me faudrait une attestation de dépôt"
    _, dispatcher = _step(ActionFollowup(), {}, typed, "followup_code")
    assert "Voici votre récépissé" in said(dispatcher)
    assert dispatcher.messages[-1]["custom"]["receipt"]


def test_adding_said_before_the_code_opens_the_prompt(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots, asked = _step(ActionFollowup(), {}, "jai du nouveau", "followup")
    assert said(asked).startswith("Pour compléter votre témoignage")
    assert slots == {"followup_step": "code_asked", "followup_wish": "add"}
    slots, opened = _step(ActionFollowup(), slots, KNOWN_CODE, "followup_code", FOLLOWUP)
    assert slots["followup_step"] == "writing" and slots["followup_kind"] == "add"
    assert "Que souhaitez-vous faire" not in said(opened), "no menu: the prompt comes"
    _, prompt = run(ActionAskFollowupMessage(), _tracker(slots))
    assert f"l'information à ajouter à votre témoignage {reference}" in said(prompt)


def test_a_question_or_an_answer_said_before_the_code(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots, _ = _step(ActionFollowup(), {}, "je voudrais poser une question", "followup")
    slots, _ = _step(ActionFollowup(), slots, KNOWN_CODE, "followup_code", FOLLOWUP)
    assert slots["followup_kind"] == "ask" and slots["followup_step"] == "writing"

    slots, _ = _step(ActionFollowup(), {}, "je veux répondre à votre question", "followup")
    slots, opened = _step(ActionFollowup(), slots, KNOWN_CODE, "followup_code", FOLLOWUP)
    assert "aucune question" in said(opened) and slots["followup_step"] == "open"

    question = _reply(reference, "Avez-vous gardé le mail de fermeture ?", question=True)
    slots, _ = _step(ActionFollowup(), {}, "je veux répondre à votre question", "followup")
    slots, opened = _step(ActionFollowup(), slots, KNOWN_CODE, "followup_code", FOLLOWUP)
    assert "mail de fermeture" in said(opened), "the question is shown with the status"
    assert slots["followup_kind"] == "answer" and slots["followup_question_id"] == question
    assert slots["followup_step"] == "writing"


def test_a_wrong_code_keeps_the_wish(sqlite_db_url: str, make_record: Record) -> None:
    _saved(make_record)
    slots, _ = _step(ActionFollowup(), {}, "il me faut mon récépissé", "followup")
    slots, wrong = _step(ActionFollowup(), slots, "ABCD-EFGH-JKMN-PQRS", "followup_code")
    assert "ne correspond à aucun" in said(wrong) and slots["followup_wish"] == "receipt"
    slots, opened = _step(ActionFollowup(), slots, KNOWN_CODE, "followup_code")
    assert "Voici votre récépissé" in said(opened) and slots["followup_wish"] is None


# --- 2. a new fact is stored directly, with an undo button --------------------------------


def test_a_new_fact_is_stored_directly_and_can_be_taken_back(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots = _open()
    fact = "Ils ont réactivé ma boutique ce matin mais les 3 000 € restent bloqués"
    slots, stored = _step(ActionFollowup(), slots, fact, "inform")
    assert f"Votre message a été ajouté à votre témoignage {reference} le " in said(stored)
    assert _buttons(stored)[0] == "Annuler cet ajout"
    [message] = _followups()
    assert message.kind == "addition" and message.text == fact
    assert slots["followup_step"] == "open" and slots["followup_undo"]
    undo = _choice("undo")
    slots, undone = _step(ActionFollowup(), slots, "/followup", "followup", entities=undo)
    assert "C'est annulé" in said(undone) and _followups() == []
    assert slots["followup_undo"] is None
    _, again = _step(ActionFollowup(), slots, "/followup", "followup", entities=undo)
    assert "ne peut plus être annulé" in said(again)


def test_an_undo_too_late_deletes_nothing(sqlite_db_url: str, make_record: Record) -> None:
    _saved(make_record)
    slots, _ = _step(ActionFollowup(), _open(), "la plateforme m'a reversé 800 € hier", "inform")
    old = datetime.now(timezone.utc) - timedelta(minutes=30)
    slots = {**slots, "followup_undo": old.isoformat()}
    _, dispatcher = _step(ActionFollowup(), slots, "annuler cet ajout", "cancel")
    assert "ne peut plus être annulé" in said(dispatcher) and len(_followups()) == 1


def test_a_story_stored_by_mistake_can_become_a_new_report(
    sqlite_db_url: str, make_record: Record
) -> None:
    _saved(make_record)  # an Amazon testimony
    story = "Amazon vient encore de suspendre mon compte vendeur sans explication"
    slots, stored = _step(ActionFollowup(), _open(), story, "report_problem")
    assert "C'est un nouveau problème" in _buttons(stored)
    events = [*_after(FOLLOWUP, story), {"event": "bot"}, {"event": "user", "text": "/followup"}]
    tracker = _tracker(slots, "/followup", "followup", entities=_choice("undo_new"), events=events)
    result, _ = run(ActionFollowup(), tracker)
    slots = {**slots, **slot_events(result)}
    assert slots["followup_step"] == "new_report" and _followups() == []
    result, _ = run(ActionFollowupNewReport(), _tracker(slots, "/followup", events=events))
    assert slot_events(result)["description"] == story


def test_short_or_polite_messages_are_not_stored(sqlite_db_url: str, make_record: Record) -> None:
    _saved(make_record)
    slots = _open()
    for text, intent in (("ok", "affirm"), ("merci beaucoup", "thank"), ("bonjour", "greet")):
        _, dispatcher = _step(ActionFollowup(), slots, text, intent)
        assert "ajouté" not in said(dispatcher)
    assert _followups() == []


# --- 3. the answer to the staff question just shown --------------------------------------


def test_a_reply_right_after_the_question_is_stored_as_its_answer(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    question = _reply(reference, "Avez-vous conservé les mails de la plateforme ?", question=True)
    slots, opened = _step(ActionFollowup(), {}, KNOWN_CODE, "followup_code")
    assert slots["followup_step"] == "answer_expected"
    assert "écrivant simplement votre réponse ici" in said(opened)
    slots, stored = _step(ActionFollowup(), slots, "ouais g tous les mails", "affirm")
    assert "Votre réponse a été transmise à l'équipe le " in said(stored)
    [answer] = _followups()
    assert answer.kind == "answer" and answer.in_reply_to_id == question
    assert slots["followup_step"] == "open", "one answer: the next message is read afresh"


def test_a_no_right_after_the_question_is_an_answer_too(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    _reply(reference, "Avez-vous gardé les captures d'écran ?", question=True)
    slots, _ = _step(ActionFollowup(), {}, KNOWN_CODE, "followup_code")
    _step(ActionFollowup(), slots, "non je les ai supprimées", "deny")
    [answer] = _followups()
    assert answer.kind == "answer" and answer.text == "non je les ai supprimées"
    assert followups.open_by_reference(reference) is not None, "no withdrawal"


def test_saying_the_question_was_seen_opens_the_answer_prompt(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    question = _reply(reference, "Quelle date exactement ?", question=True)
    slots, _ = _step(ActionFollowup(), {}, KNOWN_CODE, "followup_code")
    slots, _ = _step(ActionFollowup(), slots, "j'ai vu votre question", "followup")
    assert slots["followup_step"] == "writing" and slots["followup_question_id"] == question


def test_a_yes_with_no_question_waiting_stores_nothing(
    sqlite_db_url: str, make_record: Record
) -> None:
    _saved(make_record)
    slots = _open()
    assert slots["followup_step"] == "open"
    _, dispatcher = _step(ActionFollowup(), slots, "oui", "affirm")
    assert "Que souhaitez-vous faire ?" in said(dispatcher) and _followups() == []


# --- 4. a question to staff --------------------------------------------------------------


def test_a_question_typed_once_open_is_sent_to_staff(
    sqlite_db_url: str, make_record: Record
) -> None:
    _saved(make_record)
    slots = _open()
    typed = "Dois-je vous transmettre mon extrait Kbis ?"
    _, dispatcher = _step(ActionFollowup(), slots, typed, "out_of_scope")
    assert "Votre question a été transmise à l'équipe le " in said(dispatcher)
    assert _buttons(dispatcher)[0] == "Annuler cet envoi"
    [question] = _followups()
    assert question.kind == "question" and question.text == typed
    _, status = _step(ActionFollowup(), slots, "où en est mon dossier ?", "followup")
    assert "Votre témoignage SP-" in said(status) and len(_followups()) == 1


# --- 5. withdrawing in free words ---------------------------------------------------------


def test_cancel_my_testimony_while_open_asks_to_confirm(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots, _ = _step(ActionFollowup(), _open(), "annuler mon témoignage", "cancel")
    assert slots["followup_step"] == "withdraw_wanted"
    slots, asked = _step(
        ActionFollowupWithdraw(), slots, "annuler mon témoignage", "cancel", FOLLOWUP
    )
    assert "Voulez-vous vraiment retirer" in said(asked), "asked, not done"
    assert followups.open_by_reference(reference) is not None
    slots, done = _step(ActionFollowupWithdraw(), slots, "effacer", "faq_delete_data", WITHDRAW)
    assert "est retiré" in said(done)


def test_a_clear_yes_reaching_the_follow_up_action_withdraws(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots = {**_open(), "followup_step": "withdraw_asked"}
    _, done = _step(ActionFollowup(), slots, "ok allez-y supprimez", "inform", WITHDRAW)
    assert "est retiré" in said(done) and followups.open_by_reference(reference) is None


def test_an_unclear_reply_asks_again_and_something_else_moves_on(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots = {**_open(), "followup_step": "withdraw_asked"}
    slots, again = _step(ActionFollowupWithdraw(), slots, "euh", "nlu_fallback", WITHDRAW)
    assert "Je n'ai pas compris" in said(again) and slots["followup_step"] == "withdraw_asked"
    fact = "en fait Amazon vient de me rembourser 800 euros"
    slots, moved = _step(ActionFollowup(), slots, fact, "inform", WITHDRAW)
    assert "a été ajouté à votre témoignage" in said(moved)
    assert followups.open_by_reference(reference) is not None


def test_a_later_withdrawal_request_is_confirmed_again(
    sqlite_db_url: str, make_record: Record
) -> None:
    reference = _saved(make_record)
    slots = {**_open(), "followup_step": "withdraw_asked"}  # asked, then something else
    _, dispatcher = _step(
        ActionFollowupWithdraw(), slots, "oui supprimez", "withdraw", "action_answer_faq"
    )
    assert "Voulez-vous vraiment retirer" in said(dispatcher)
    assert followups.open_by_reference(reference) is not None


# --- 6. the receipt in free words ----------------------------------------------------------


def test_receipt_words_give_the_receipt(sqlite_db_url: str, make_record: Record) -> None:
    reference = _saved(make_record)
    slots = _open()
    for text, intent in (
        ("je peux avoir le pdf ?", "request_human"),
        ("une preuve que j'ai bien déposé", "nlu_fallback"),
        ("le justificatif svp", "nlu_fallback"),
    ):
        _, dispatcher = _step(ActionFollowup(), slots, text, intent)
        assert said(dispatcher).startswith(f"Voici votre récépissé du témoignage {reference}")
        assert dispatcher.messages[-1]["custom"]["receipt"].startswith(reference + ".")
        assert "Deux possibilités pour parler à une personne" not in said(dispatcher)
    assert _followups() == []
