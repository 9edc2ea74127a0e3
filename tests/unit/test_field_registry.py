"""The field registry, the questions, domain.yml and the database model tell one story.

Fails when a field is added, renamed or given new values in one place and not the others.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from bot.conversation.answers import interpret
from bot.conversation.corrections import named_field
from bot.conversation.questions import BY_SLOT, CHANGEABLE, FORM_SLOTS, QUESTIONS
from bot.fields import BY_NAME, FIELDS, STORED, format_value
from bot.storage.models import Testimony
from bot.taxonomy import PLATFORM_CODES, PROBLEM_CODES

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
TODAY = date(2026, 11, 15)
COLUMN_TYPES = {
    "text": (sa.String, sa.Text),
    "code": (sa.String,),
    "choice": (sa.String,),
    "bool": (sa.Boolean,),
    "int": (sa.Integer, sa.BigInteger),
    "date": (sa.Date,),
}


def _buttons(slot: str) -> list[dict[str, str]]:
    return DOMAIN["responses"][f"utter_ask_{slot}"][0].get("buttons", [])


def test_the_form_asks_the_questions_in_their_order() -> None:
    assert DOMAIN["forms"]["testimony_form"]["required_slots"] == list(FORM_SLOTS)


def test_every_question_is_a_field_and_every_conversation_only_field_a_question() -> None:
    assert set(FORM_SLOTS) <= set(BY_NAME)
    assert {f.name for f in FIELDS if not f.stored} <= set(FORM_SLOTS)


def test_every_question_and_answered_field_is_a_slot_of_the_domain() -> None:
    slots = DOMAIN["slots"]
    for name in (*FORM_SLOTS, "anonymous", "share_with_platform", "reference"):
        assert name in slots, name


def test_every_question_has_its_utterance() -> None:
    for slot in FORM_SLOTS:
        assert f"utter_ask_{slot}" in DOMAIN["responses"], slot


@pytest.mark.parametrize("field", STORED, ids=lambda f: f.name)
def test_every_stored_field_is_a_column_of_the_right_type(field) -> None:
    if field.kind == "codes":
        assert hasattr(Testimony, field.name)  # one row per code in testimony_problems
        return
    column = Testimony.__table__.columns[field.name]
    types = COLUMN_TYPES.get(field.kind)
    if types is not None:
        assert isinstance(column.type, types), (field.name, column.type)
    length = getattr(column.type, "length", None)
    longest = max([len(code) for code in field.values] + [field.max_length or 0])
    if length is not None:
        assert longest <= length, (field.name, longest, length)
    if field.identifying:
        assert column.nullable


def test_the_registry_values_are_the_taxonomy() -> None:
    assert tuple(BY_NAME["platform"].values) == PLATFORM_CODES
    assert tuple(BY_NAME["problems"].values) == PROBLEM_CODES


@pytest.mark.parametrize(
    "question",
    [q for q in QUESTIONS if q.field.kind in ("code", "codes", "choice") and _buttons(q.slot)],
    ids=lambda q: q.slot,
)
def test_the_buttons_of_a_closed_question_read_as_its_values(question) -> None:
    """Each button reads as an allowed value; a "Passer" button only on a skippable question."""
    allowed = set(question.field.values)
    for button in _buttons(question.slot):
        answer = interpret(question.slot, button["payload"], TODAY)
        if answer.skipped:
            assert question.skippable, button
            continue
        value = answer.values.get(question.slot)
        values = value if isinstance(value, list) else [value]
        assert values and set(values) <= allowed, (button, answer)


@pytest.mark.parametrize("slot", CHANGEABLE)
def test_a_field_changeable_at_the_summary_can_be_named_in_words(slot: str) -> None:
    question = BY_SLOT[slot]
    assert question.words
    assert named_field(f"je veux changer {question.field.label.lower()}") is not None


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_every_field_has_a_label_and_formats_for_both_audiences(field) -> None:
    assert field.label
    for code, label in field.values.items():
        value = [code] if field.kind == "codes" else code
        assert format_value(field.name, value, "seller") == label
        assert format_value(field.name, value, "staff") == label
    assert format_value(field.name, None, "seller") == "pas de réponse"
    assert format_value(field.name, None, "staff") == "—"


def test_free_text_and_identifying_fields_are_text() -> None:
    for field in FIELDS:
        if field.free_text or field.identifying:
            assert field.kind == "text" and field.max_length, field.name


def test_staff_read_a_question_by_its_label_even_when_it_is_no_column() -> None:
    from bot.web.staff.conversations import slot_label

    assert slot_label("visibility") == "Visibilité"
    assert slot_label("estimated_loss_eur") == "Perte estimée (€)"
