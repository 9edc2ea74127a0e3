"""What the seller reads after a correction, after saving and after a FAQ answer."""

from __future__ import annotations

from actions.help import ActionAnswerFaq
from actions.report import ActionCodeNoted, ActionCorrect, ActionResume, ActionShowSummary
from tests.actions.test_actions import complete_slots, make_tracker, run, said, slot_events


def _payloads(message: dict) -> list[str]:
    return [b["payload"] for b in message.get("buttons") or []]


def test_after_a_correction_only_the_changed_line_is_shown_with_the_summary_on_demand() -> None:
    correction = make_tracker(complete_slots(), text="modifier le montant", intent="correct")
    events, _ = run(ActionCorrect(), correction)
    corrected = slot_events(events)["corrected_field"]
    assert corrected == {"field": "estimated_loss_eur", "confirmed": False}
    slots = complete_slots(estimated_loss_eur=4200, corrected_field=corrected)
    events, dispatcher = run(ActionShowSummary(), make_tracker(slots, active_loop=None))
    text = said(dispatcher)
    assert text.startswith("C'est corrigé : Perte estimée → 4\u202f200 €.")
    assert "Plateforme" not in text and "récapitulatif de votre témoignage" not in text
    assert _payloads(dispatcher.messages[0]) == ["/affirm", "/resume", "/correct", "/cancel"]
    assert slot_events(events) == {"stage": "summary", "corrected_field": None}


def test_a_correction_already_confirmed_is_not_repeated() -> None:
    correction = make_tracker(complete_slots(), text="c'est Cdiscount pas Amazon", intent="correct")
    events, dispatcher = run(ActionCorrect(), correction)
    assert "Cdiscount" in said(dispatcher)
    slots = complete_slots(
        platform="cdiscount", **{"corrected_field": slot_events(events)["corrected_field"]}
    )
    _, dispatcher = run(ActionShowSummary(), make_tracker(slots, active_loop=None))
    assert said(dispatcher) == "Votre témoignage n'est pas encore envoyé."


def test_voir_le_recapitulatif_shows_the_whole_summary_again() -> None:
    events, dispatcher = run(
        ActionResume(), make_tracker(complete_slots(), text="/resume", intent="resume")
    )
    assert dispatcher.messages == []  # the form completes and shows the summary itself
    assert slot_events(events)["stage"] == "reporting"
    _, dispatcher = run(ActionShowSummary(), make_tracker(complete_slots(), active_loop=None))
    assert "Voici le récapitulatif" in said(dispatcher) and "Plateforme : Amazon" in said(
        dispatcher
    )


def test_once_the_code_is_noted_the_seller_is_told_what_happens_next() -> None:
    tracker = make_tracker(complete_slots(stage="code_shown"), text="/affirm", intent="affirm")
    _, dispatcher = run(ActionCodeNoted(), tracker)
    text = said(dispatcher)
    assert "Et maintenant ?" in text and "code de suivi" in text
    assert "vous contacter" not in text  # anonymous: nobody can call back
    named = make_tracker(complete_slots(stage="code_shown", visibility="confidential"))
    assert "vous contacter" in said(run(ActionCodeNoted(), named)[1])


def test_a_faq_answer_outside_a_report_offers_what_to_do_next() -> None:
    tracker = make_tracker(
        {}, text="qui lit mon témoignage ?", intent="faq_who_reads", active_loop=None
    )
    _, dispatcher = run(ActionAnswerFaq(), tracker)
    assert dispatcher.messages[0]["response"] == "utter_faq_who_reads"
    assert "/report_problem" in _payloads(dispatcher.messages[-1])


def test_a_faq_answer_inside_the_form_adds_no_menu() -> None:
    tracker = make_tracker(
        complete_slots(stage="reporting"), text="qui lit ?", intent="faq_who_reads"
    )
    _, dispatcher = run(ActionAnswerFaq(), tracker)
    assert len(dispatcher.messages) == 1
