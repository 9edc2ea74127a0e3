"""Which slots a report owns, and what a new report starts from."""

from __future__ import annotations

import uuid
from typing import Any

from bot.conversation.questions import FORM_SLOTS, Slots
from bot.fields import ABOUT_SELLER

BOOKKEEPING_SLOTS = (
    "anonymous",
    "share_with_platform",
    "skipped_slots",
    "slot_failures",
    "submission_id",
    "reference",
    "identifying_details_flag",
    "identifying_details_warned",
    "requested_slot",
    "field_to_change",
    "corrected_field",
)
REPORT_SLOTS = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)
# After a saved report, a second one (another platform) starts with who the user is.
CARRIED_TO_NEXT_REPORT = ABOUT_SELLER


def new_report_slots(previous: Slots) -> dict[str, Any]:
    """Slot values that start a fresh report.

    Answers about the user themselves are kept when the previous report was saved, so that
    reporting a second platform does not ask them again (they appear in the summary).
    """
    keep = previous.get("stage") in ("code_shown", "done")
    values: dict[str, Any] = {name: None for name in REPORT_SLOTS}
    if keep:
        values.update({name: previous.get(name) for name in CARRIED_TO_NEXT_REPORT})
    values["submission_id"] = uuid.uuid4().hex
    values["skipped_slots"] = []
    values["slot_failures"] = {}
    values["stage"] = "reporting"
    return values


def report_in_progress(slots: Slots) -> bool:
    """True while a report is started and not yet saved or cancelled."""
    return slots.get("stage") in ("reporting", "summary")
