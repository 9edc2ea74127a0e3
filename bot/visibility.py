"""The visibility rule, written once: what each level the seller chooses sets.

`anonymous`: nothing identifies the seller; `confidential`: the ministry may call back,
the platform is never told who they are; `shared`: the case may be raised by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.fields import IDENTIFYING_FIELDS

LEVELS = ("anonymous", "confidential", "shared")
SAFEST = "anonymous"
LEVEL_WORDS = {"anonymous": "anonyme", "confidential": "confidentiel", "shared": "partagé"}
LEVEL_SLOTS = ("anonymous", "share_with_platform")
"""The stored fields that follow from the level alone (cleared when it is asked again)."""


def safest_level_left(ruled_out: str | None) -> str:
    """The safest level once the seller ruled one out ("pas en anonyme": confidential)."""
    return next(level for level in LEVELS if level != ruled_out)


def visibility_slots(level: str) -> dict[str, Any]:
    """The slots a visibility level sets; anonymous also clears the contact details."""
    values: dict[str, Any] = {"visibility": level}
    values.update(zip(LEVEL_SLOTS, (level == "anonymous", level == "shared"), strict=True))
    if level == "anonymous":
        values["wants_contact"] = False
        values.update(dict.fromkeys(IDENTIFYING_FIELDS))
    return values


def anonymised(record: dict[str, Any]) -> dict[str, Any]:
    """`record` with the anonymous level's values on the fields it has: no identifying
    field, nobody to call back, nothing shared (for a stored or exported testimony)."""
    anonymous = visibility_slots(SAFEST)
    return {**record, **{name: anonymous[name] for name in anonymous if name in record}}


def is_anonymous(slots: Mapping[str, Any]) -> bool:
    """An unanswered visibility question means anonymous (the safe default)."""
    return (slots.get("visibility") or SAFEST) == "anonymous"


def level_of(anonymous: bool, share_with_platform: bool) -> str:
    """The level a stored testimony was given (the inverse of `visibility_slots`)."""
    if anonymous:
        return "anonymous"
    return "shared" if share_with_platform else "confidential"
