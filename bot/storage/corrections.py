"""Staff correct a field the seller mistyped: checked like saving, audited, before/after kept.

Checked by the rules of saving (`bot.storage.testimonies.clean_field_value`: each field by
its kind in the registry); an anonymous testimony never gets an identifying field. The
audit entry says who, when and which field (never the values: the audit log holds no
content); the values before and after, as staff read them, go to `field_corrections`,
shown on the testimony page and deleted with the testimony.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.fields import BY_NAME, STORED, Field, format_value
from bot.storage.audit import log_event
from bot.storage.db import session_factory
from bot.storage.models import FieldCorrection, Testimony
from bot.storage.staff_actions import TestimonyNotFound, find_testimony
from bot.storage.testimonies import clean_field_value

NOT_CORRECTABLE = frozenset(
    {
        "reference",
        "created_at",
        "channel",
        "status",  # its own form, with the seller's notice
        "anonymous",  # the seller's consent: never changed by staff
        "share_with_platform",
        "wants_contact",
        "description",  # the seller's own words, kept as told
    }
)
"""Stored fields staff cannot correct; every other stored field can."""

CORRECTABLE: tuple[Field, ...] = tuple(f for f in STORED if f.name not in NOT_CORRECTABLE)

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class InvalidCorrection(ValueError):
    """The correction is refused; the message is French, for staff."""


class FieldNotCorrectable(InvalidCorrection):
    """The field cannot be corrected on this testimony (unknown, never correctable, or
    identifying on an anonymous testimony)."""


@dataclass(frozen=True)
class Correction:
    """What a correction changed: the labels of the fields (empty when nothing changed)."""

    labels: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.labels)


def correctable_fields(testimony: Testimony) -> list[Field]:
    """The fields staff may correct on `testimony`: no identifying field when anonymous,
    the other platform's name only when the platform is "other"."""
    return [
        field
        for field in CORRECTABLE
        if not (field.identifying and testimony.anonymous)
        and not (field.name == "platform_other" and testimony.platform != "other")
    ]


def _parse(field: Field, raw: str | Sequence[str]) -> Any:
    """The form's value as the kind of `field` (text, codes, date, number); '' is None."""
    if field.kind == "codes":
        return [raw] if isinstance(raw, str) else list(raw)
    text = raw if isinstance(raw, str) else (raw[0] if raw else "")
    text = text.strip()
    if text == "":
        return None
    if field.kind == "int":
        digits = _SPACES.sub("", text)
        if not digits.isdigit():
            raise InvalidCorrection(f"{field.label} : un nombre entier positif est attendu.")
        return int(digits)
    if field.kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidCorrection(f"{field.label} : une date est attendue.") from None
    return text


def _check(field: Field, raw: str | Sequence[str]) -> Any:
    value = _parse(field, raw)
    try:
        cleaned = clean_field_value(field, value)
    except ValueError:
        if field.kind == "int" and field.bounds is not None:
            low, high = field.bounds
            limit = f"entre {low} et {high}" if high is not None else f"au moins {low}"
            raise InvalidCorrection(f"{field.label} : la valeur doit être {limit}.") from None
        if field.name == "siren":
            raise InvalidCorrection("SIREN : 9 chiffres (ou un SIRET de 14 chiffres).") from None
        raise InvalidCorrection(f"{field.label} : valeur non autorisée.") from None
    if field.name == "platform" and cleaned is None:
        raise InvalidCorrection("La plateforme est obligatoire.")
    if field.name == "problems" and not cleaned:
        raise InvalidCorrection("Choisissez au moins un problème.")
    return cleaned


def _shown(name: str, value: Any) -> str | None:
    """A value as staff read it (None for no value)."""
    if value is None or value == "" or value == []:
        return None
    return format_value(name, value, "staff")


def correct_field(
    reference: str, name: str, raw: str | Sequence[str], staff_user_id: int | None
) -> Correction:
    """Set field `name` of testimony `reference` to the form value `raw` (a list for the
    problems), in one transaction with its audit entry and its before/after record.

    Setting the platform to another than "other" also clears the other platform's name.
    Raises TestimonyNotFound, or InvalidCorrection (French message) when the field cannot
    be corrected on this testimony or the value breaks the rules of saving.
    """
    field = BY_NAME.get(name)
    with session_factory()() as session, session.begin():
        testimony = find_testimony(session, reference)
        if field is None or field not in correctable_fields(testimony):
            raise FieldNotCorrectable("Ce champ ne peut pas être corrigé sur ce témoignage.")
        changes = {field.name: _check(field, raw)}
        if field.name == "platform" and changes["platform"] != "other":
            changes["platform_other"] = None
        labels = []
        for changed_name, new in changes.items():
            old = getattr(testimony, changed_name)
            if changed_name == "problems":
                old = list(old)
            if old == new or (old in (None, [], "") and new in (None, [], "")):
                continue
            setattr(testimony, changed_name, new)
            session.add(
                FieldCorrection(
                    testimony_id=testimony.id,
                    field=changed_name,
                    old_value=_shown(changed_name, old),
                    new_value=_shown(changed_name, new),
                    staff_user_id=staff_user_id,
                )
            )
            labels.append(BY_NAME[changed_name].label)
        if labels:
            log_event(
                session,
                "change",
                staff_user_id=staff_user_id,
                target_type="testimony",
                target_id=reference,
                detail=f"correction : {', '.join(labels)}",
            )
        return Correction(tuple(labels))


__all__ = [
    "CORRECTABLE",
    "Correction",
    "FieldNotCorrectable",
    "InvalidCorrection",
    "TestimonyNotFound",
    "correct_field",
    "correctable_fields",
]
