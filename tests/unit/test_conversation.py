"""The report's logic: which questions apply, what replies mean, summary and corrections."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.corrections import understand_correction
from bot.conversation.form_turn import handle_reply
from bot.conversation.prefill import prefill_from_story
from bot.conversation.questions import applicable_slots, next_slot
from bot.conversation.record import build_record
from bot.conversation.summary import summary_text

TODAY = date(2026, 11, 26)


def test_notice_is_asked_only_when_the_account_was_terminated() -> None:
    assert "notice_given" not in applicable_slots({"problems": ["delisting"]})
    assert "notice_given" in applicable_slots({"problems": ["account_termination"]})


def test_support_questions_only_after_contacting_the_platform() -> None:
    assert "support_outcome" not in applicable_slots({"contacted_platform": "no"})
    assert {"support_outcome", "human_contact"} <= set(
        applicable_slots({"contacted_platform": "yes"})
    )


def test_anonymous_reports_never_ask_identity() -> None:
    slots = applicable_slots({"visibility": "anonymous"})
    assert not {"company_name", "email", "phone", "siren", "wants_contact"} & set(slots)


def test_skipped_question_is_not_asked_again() -> None:
    slots = {
        "platform": "amazon",
        "problems": ["ranking"],
        "description": "x",
        "skipped_slots": ["started_on"],
    }
    assert next_slot(slots) == "contacted_platform"


def test_opening_story_prefills_what_it_says() -> None:
    story = "Amazon a fermé mon compte vendeur sans explication, 8000 € bloqués"
    values = prefill_from_story(story, TODAY)
    assert values["platform"] == "amazon"
    assert "account_termination" in values["problems"]
    assert values["estimated_loss_eur"] == 8000
    assert values["reason_given"] == "no"
    assert values["description"] == story


def test_a_plain_request_is_not_a_story() -> None:
    assert "description" not in prefill_from_story("je veux signaler un problème", TODAY)


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("revenue_share_pct", "la moitié", 50),
        ("estimated_loss_eur", "15k", 15000),
        ("company_size", "je suis seul", "micro"),
        ("contacted_platform", "ouais", "yes"),
        ("reason_given", "aucune explication", "no"),
        ("started_on", "hier", "2026-11-25"),
        ("siren", "732 829 320", "732829320"),
        ("phone", "06 12 34 56 78", "+33612345678"),
    ],
)
def test_answers_are_understood(slot: str, text: str, expected: object) -> None:
    outcome = handle_reply(slot, text, "inform", 0.9, {}, TODAY)
    assert outcome.slots[slot] == expected


def test_why_is_not_taken_as_an_answer() -> None:
    assert handle_reply("sector", "pourquoi ?", "ask_why", 0.95, {}, TODAY).slots == {}


def test_a_long_story_is_an_answer_even_if_it_sounds_like_a_question() -> None:
    text = "je ne comprends pas pourquoi ils ont fermé mon compte alors que tout allait bien"
    outcome = handle_reply("description", text, "ask_why", 0.8, {}, TODAY)
    assert outcome.slots["description"] == text


def test_invalid_email_is_explained_then_skippable_after_three_failures() -> None:
    slots: dict = {}
    for _ in range(2):
        outcome = handle_reply("email", "pas-un-mail", "inform", 0.9, slots, TODAY)
        assert outcome.messages and "email" not in outcome.slots
        slots.update(outcome.slots)
    outcome = handle_reply("email", "pas-un-mail", "inform", 0.9, slots, TODAY)
    assert "email" in outcome.slots["skipped_slots"]


def test_skip_on_an_optional_question() -> None:
    outcome = handle_reply("started_on", "je préfère ne pas répondre", "skip", 0.9, {}, TODAY)
    assert outcome.slots["skipped_slots"] == ["started_on"]


def test_anonymous_user_typing_contact_details_is_warned_once() -> None:
    slots = {"visibility": "anonymous"}
    first = handle_reply(
        "sector", "jouets, appelez moi au 06 12 34 56 78", "inform", 0.9, slots, TODAY
    )
    assert first.slots["identifying_details_flag"] is True and first.messages
    slots.update(first.slots)
    second = handle_reply("sector", "jouets 0612345678", "inform", 0.9, slots, TODAY)
    assert not second.messages


def test_anonymous_record_has_no_identifying_field() -> None:
    record = build_record(
        {
            "platform": "amazon",
            "problems": ["delisting"],
            "description": "x",
            "visibility": "anonymous",
            "email": "a@b.fr",
            "company_name": "ACME",
        }
    )
    assert record["anonymous"] is True
    assert record["email"] is None and record["company_name"] is None
    assert record["wants_contact"] is False


def test_fields_that_do_not_apply_are_not_stored() -> None:
    record = build_record(
        {
            "platform": "amazon",
            "problems": ["delisting"],
            "description": "x",
            "notice_given": "yes",
            "visibility": "shared",
        }
    )
    assert record["notice_given"] is None
    assert record["share_with_platform"] is True and record["anonymous"] is False


def test_correction_in_words_changes_the_platform() -> None:
    correction = understand_correction("c'est Cdiscount pas Amazon", {"platform": "amazon"}, TODAY)
    assert correction.values["platform"] == "cdiscount"


def test_correction_naming_a_field_reopens_that_question() -> None:
    correction = understand_correction("modifier la date", {"started_on": "2026-01-01"}, TODAY)
    assert correction.slot == "started_on" and correction.values == {}


def test_summary_lists_every_answer_in_french() -> None:
    text = summary_text(
        {
            "platform": "amazon",
            "problems": ["account_termination"],
            "description": "Fermé.",
            "estimated_loss_eur": 15000,
            "revenue_share_pct": 80,
            "visibility": "anonymous",
        }
    )
    assert "Amazon" in text and "Compte fermé" in text
    assert "15\u202f000 €" in text and "80 %" in text and "Anonyme" in text


def test_facts_in_the_description_are_not_asked_again() -> None:
    text = "ils gardent mon argent depuis 2 mois sans aucune explication, 4000 € en tout"
    outcome = handle_reply("description", text, "report_problem", 0.9, {}, TODAY)
    assert outcome.slots["description"] == text
    assert outcome.slots["started_on"] == "2026-09-26"
    assert outcome.slots["reason_given"] == "no"
    assert outcome.slots["estimated_loss_eur"] == 4000


def test_a_platform_answer_that_names_the_problem_fills_both() -> None:
    outcome = handle_reply("platform", "Amazon a suspendu mon compte", "inform", 0.9, {}, TODAY)
    assert outcome.slots["platform"] == "amazon"
    assert outcome.slots["problems"] == ["account_suspension"]


def test_contact_details_typed_in_an_anonymous_story_are_not_stored() -> None:
    record = build_record(
        {
            "platform": "amazon",
            "problems": ["delisting"],
            "visibility": "anonymous",
            "description": "Écrivez-moi à jean@exemple.fr ou au 06 12 34 56 78, SIREN 732 829 320",
        }
    )
    assert "jean@exemple.fr" not in record["description"]
    assert "06 12 34 56 78" not in record["description"]
    assert "732 829 320" not in record["description"]


def test_identified_story_is_stored_as_written() -> None:
    text = "Écrivez-moi à jean@exemple.fr"
    record = build_record(
        {
            "platform": "amazon",
            "problems": ["delisting"],
            "visibility": "confidential",
            "description": text,
        }
    )
    assert record["description"] == text


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("je me suis trompé c'était en août", "started_on", "2026-08-01"),
        ("en fait c'est 12 000 € de perte", "estimated_loss_eur", 12000),
        ("non c'est 40 %", "revenue_share_pct", 40),
        ("mon mail c'est paul@exemple.fr", "email", "paul@exemple.fr"),
    ],
)
def test_a_correction_giving_only_a_value_finds_its_field(
    text: str, slot: str, value: object
) -> None:
    correction = understand_correction(text, {"platform": "amazon"}, TODAY)
    assert correction.slot == slot and correction.values[slot] == value


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        # blind round 12: "quand même" (anyway) is no date, "raisons" names the reasons
        (
            "rectification sur les raisons : ils ont quand même donné un motif (le taux de "
            "défaut) mais sans aucun détail, donc c'est plutôt partiel",
            "reason_given",
        ),
        ("les motifs, il y en avait en fait", "reason_given"),
        ("la date, c'était quand déjà ? le 3 mars", "started_on"),
    ],
)
def test_a_correction_names_its_field(text: str, slot: str) -> None:
    assert understand_correction(text, {"platform": "amazon"}, TODAY).slot == slot
