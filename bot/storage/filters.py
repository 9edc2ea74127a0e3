"""Testimony filters shared by the staff list, the dashboard and the export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import exists
from sqlalchemy.sql import Select

from bot.fields import STATUSES
from bot.normalise import search_key
from bot.storage.models import Testimony, TestimonyProblem, UserFollowup
from bot.taxonomy import PLATFORM_CODES, PROBLEM_CODES

_TRUE = {"true", "1", "yes", "oui", "on"}
_FALSE = {"false", "0", "no", "non", "off"}


@dataclass(frozen=True)
class TestimonyFilters:
    """What to keep; None means no constraint. Dates are UTC calendar days, inclusive."""

    __test__ = False  # not a pytest test class

    platform: str | None = None
    problem: str | None = None
    status: str | None = None
    anonymous: bool | None = None
    wants_contact: bool | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None
    new_from_seller: bool | None = None
    """True: only testimonies with seller messages staff have not seen yet."""

    @classmethod
    def from_strings(cls, values: Mapping[str, object]) -> TestimonyFilters:
        """Parse query-string or command-line values; raises ValueError on a bad value.

        Empty strings count as "no constraint"; `wants-contact` and `wants_contact` both work.
        """

        def get(name: str) -> str | None:
            raw = values.get(name, values.get(name.replace("_", "-")))
            text = str(raw).strip() if raw is not None else ""
            return text or None

        platform, problem, status = get("platform"), get("problem"), get("status")
        for name, value, allowed in (
            ("platform", platform, PLATFORM_CODES),
            ("problem", problem, PROBLEM_CODES),
            ("status", status, STATUSES),
        ):
            if value is not None and value not in allowed:
                raise ValueError(
                    f"unknown {name}: {value!r} (expected one of {', '.join(allowed)})"
                )
        return cls(
            platform=platform,
            problem=problem,
            status=status,
            anonymous=_parse_bool("anonymous", get("anonymous")),
            wants_contact=_parse_bool("wants_contact", get("wants_contact")),
            since=_parse_date("since", get("since")),
            until=_parse_date("until", get("until")),
            search=get("search"),
            new_from_seller=_parse_bool("new_from_seller", get("new_from_seller")),
        )


def _parse_bool(name: str, value: str | None) -> bool | None:
    if value is None:
        return None
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ValueError(f"{name}: expected true or false, got {value!r}")


def _parse_date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: expected a date YYYY-MM-DD, got {value!r}") from None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply_filters(stmt: Select, filters: TestimonyFilters | None) -> Select:
    """Add the WHERE clauses of `filters` to a select over `Testimony`.

    `search` keeps descriptions containing every word, whatever the case and accents
    ("ferme" finds "FERMÉ"): words are folded by `search_key` and looked up with LIKE in
    `search_text`, the description folded the same way; '%' and '_' match themselves.
    """
    if filters is None:
        return stmt
    if filters.platform is not None:
        stmt = stmt.where(Testimony.platform == filters.platform)
    if filters.problem is not None:
        stmt = stmt.where(
            exists().where(
                TestimonyProblem.testimony_id == Testimony.id,
                TestimonyProblem.code == filters.problem,
            )
        )
    if filters.status is not None:
        stmt = stmt.where(Testimony.status == filters.status)
    if filters.anonymous is not None:
        stmt = stmt.where(Testimony.anonymous == filters.anonymous)
    if filters.wants_contact is not None:
        stmt = stmt.where(Testimony.wants_contact == filters.wants_contact)
    if filters.since is not None:
        stmt = stmt.where(Testimony.created_at >= _day_start(filters.since))
    if filters.until is not None:
        stmt = stmt.where(Testimony.created_at < _day_start(filters.until + timedelta(days=1)))
    if filters.new_from_seller is not None:
        unseen = exists().where(
            UserFollowup.testimony_id == Testimony.id, UserFollowup.seen_by_staff_at.is_(None)
        )
        stmt = stmt.where(unseen if filters.new_from_seller else ~unseen)
    for word in search_key(filters.search).split():
        stmt = stmt.where(Testimony.search_text.like(_like_pattern(word), escape="\\"))
    return stmt
