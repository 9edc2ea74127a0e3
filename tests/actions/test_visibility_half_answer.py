"""Half a visibility choice ("pas en anonyme") is kept, and only the choice left is asked."""

from __future__ import annotations

from typing import Any

from actions.form import ActionAskVisibility, ValidateTestimonyForm
from actions.report import ActionCorrect
from tests.actions.test_actions import complete_slots, make_tracker, run, said, slot_events


def _at_visibility(text: str, **slots: Any) -> dict[str, Any]:
    answered = complete_slots(requested_slot="visibility", stage="reporting", visibility=None)
    answered.update(slots)
    events, _ = run(ValidateTestimonyForm(), make_tracker(answered, text=text))
    return slot_events(events)


def test_not_anonymous_is_kept_and_the_platform_question_asked_with_two_buttons() -> None:
    slots = _at_visibility("pas en anonyme")
    assert slots["visibility_ruled_out"] == "anonymous"
    assert slots["requested_slot"] == "visibility"
    _, dispatcher = run(ActionAskVisibility(), make_tracker({"visibility_ruled_out": "anonymous"}))
    assert "plateforme" in said(dispatcher)
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert len(titles) == 2 and not any("nonyme" in t for t in titles)


def test_a_yes_after_not_anonymous_shares_and_a_no_keeps_it_confidential() -> None:
    assert _at_visibility("oui", visibility_ruled_out="anonymous")["visibility"] == "shared"
    slots = _at_visibility("non", visibility_ruled_out="anonymous")
    assert slots["visibility"] == "confidential"
    assert slots["visibility_ruled_out"] is None
    assert slots["requested_slot"] == "company_name"  # not anonymous: the details follow


def test_a_seller_who_said_not_anonymous_is_never_made_anonymous_by_a_shrug() -> None:
    slots = _at_visibility("comme vous voulez", visibility_ruled_out="anonymous")
    assert slots["visibility"] == "confidential"
    assert slots["anonymous"] is False


def test_repeated_misunderstandings_after_not_anonymous_end_confidential() -> None:
    failures = {"visibility": 2}
    slots = _at_visibility("blabla", visibility_ruled_out="anonymous", slot_failures=failures)
    assert slots["visibility"] == "confidential"


def test_platform_must_not_know_then_no_to_the_ministry_is_anonymous() -> None:
    assert _at_visibility("je préfère qu'ils ne sachent pas")["visibility_ruled_out"] == "shared"
    assert _at_visibility("non", visibility_ruled_out="shared")["visibility"] == "anonymous"


def test_the_full_question_is_asked_when_nothing_was_ruled_out() -> None:
    _, dispatcher = run(ActionAskVisibility(), make_tracker({}))
    assert dispatcher.messages[0]["response"] == "utter_ask_visibility"


def test_not_anonymous_any_more_at_the_summary_asks_the_choice_left() -> None:
    slots = complete_slots(visibility="anonymous", anonymous=True, share_with_platform=False)
    events, dispatcher = run(
        ActionCorrect(), make_tracker(slots, text="finalement je ne veux plus être anonyme")
    )
    changed = slot_events(events)
    assert changed["visibility"] is None
    assert changed["visibility_ruled_out"] == "anonymous"
    assert changed["corrected_field"] == {"field": "visibility", "confirmed": False}
    assert "corrigé" not in said(dispatcher)
