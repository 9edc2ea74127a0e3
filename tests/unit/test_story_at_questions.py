"""A detailed answer to the problem question is the story; a pointer back is not one."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.answers import interpret
from bot.conversation.form_turn import handle_reply
from bot.conversation.questions import next_slot

TODAY = date(2026, 12, 2)
DETAILED = "ils ont suspendu mon compte sans explication et bloqué 3000 euros depuis le 3 novembre"


def test_a_detailed_answer_to_the_problem_question_is_also_the_description() -> None:
    slots = {"platform": "amazon"}
    outcome = handle_reply("problems", DETAILED, "report_problem", 0.9, slots, TODAY)
    assert outcome.slots["problems"] == ["account_suspension", "payment_withheld"]
    assert outcome.slots["description"] == DETAILED
    assert next_slot({**slots, **outcome.slots}) != "description"


def test_a_short_answer_to_the_problem_question_leaves_the_story_to_be_told() -> None:
    outcome = handle_reply(
        "problems", "compte suspendu", "inform", 0.9, {"platform": "amazon"}, TODAY
    )
    assert "description" not in outcome.slots


def test_a_story_already_told_is_not_replaced() -> None:
    slots = {"platform": "amazon", "description": "Mon premier récit."}
    outcome = handle_reply("problems", DETAILED, "report_problem", 0.9, slots, TODAY)
    assert "description" not in outcome.slots


@pytest.mark.parametrize(
    "text",
    [
        "je viens de vous le dire",
        "je vous l'ai déjà dit",
        "voir plus haut",
        "cf ci-dessus",
        "comme dit",
        "c'est écrit plus haut !",
    ],
)
def test_a_pointer_to_an_earlier_message_is_not_stored_as_the_story(text: str) -> None:
    answer = interpret("description", text, TODAY)
    assert not answer.values and "message précédent" in (answer.reason or "")


def test_a_long_story_may_say_comme_je_l_ai_dit() -> None:
    text = (
        "Comme je l'ai dit, ils ont fermé mon compte sans prévenir et gardé 2000 euros "
        "depuis des semaines, aucune réponse du support"
    )
    assert interpret("description", text, TODAY).values == {"description": text}
