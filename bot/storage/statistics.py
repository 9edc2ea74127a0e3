"""Dashboard figures, computed with aggregate SQL queries (fast on large tables)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.fields import STATUSES, VALUE_LABELS
from bot.french import PARIS
from bot.mail.outbox import count_failed, failed_references
from bot.storage.db import session_factory
from bot.storage.models import DashboardCount, Testimony
from bot.storage.review_flags import count_flagged_testimonies
from bot.storage.thread import FollowupCounts, followup_counts
from bot.taxonomy import platform_label, platforms, problem_label, problems

MAX_WEEKS = 60


Row = tuple[str, str, int]
"""(key, French label, count): the key is what the staff list filters by (a platform,
problem or status code; for a week, the ISO date of its Monday)."""


@dataclass(frozen=True)
class Stats:
    """Every figure of the dashboard."""

    total: int
    anonymous: int
    wants_contact: int
    by_platform: list[Row]
    by_problem: list[Row]
    by_status: list[Row]
    by_week: list[Row]
    late: int = 0
    """Testimonies received after the end of the consultation (counted apart)."""

    def share(self, count: int) -> int:
        """`count` as a rounded percentage of the total."""
        return round(100 * count / self.total) if self.total else 0


def week_counts(days: Counter, start: date, end: date) -> list[Row]:
    """Counts per ISO week (Monday first): every week of the window, and any week with data."""
    weeks: Counter = Counter()
    for day, count in days.items():
        weeks[day - timedelta(days=day.weekday())] += count
    monday = start - timedelta(days=start.weekday())
    while monday <= end and len(weeks) < MAX_WEEKS:
        weeks.setdefault(monday, 0)
        monday += timedelta(days=7)
    return [(m.isoformat(), f"Semaine du {m:%d/%m/%Y}", weeks[m]) for m in sorted(weeks)]


def compute(session: Session, start: date, end: date) -> Stats:
    """Read every dashboard figure; `start`/`end` is the consultation window.

    The counts per platform, status, problem, day, anonymity and wish to be called back
    are read from `dashboard_counts` (kept by triggers, migration 0012): about a hundred
    rows, whatever the number of testimonies. The total is the sum over the statuses."""
    closing = datetime.combine(end + timedelta(days=1), time.min, tzinfo=PARIS)
    counts: dict[str, Counter] = defaultdict(Counter)
    rows = session.execute(
        select(DashboardCount.dimension, DashboardCount.key, DashboardCount.testimonies).where(
            DashboardCount.testimonies != 0
        )
    )
    for dimension, key, testimonies in rows:
        counts[dimension][key] += testimonies
    late = session.execute(
        select(func.count()).select_from(Testimony).where(Testimony.created_at >= closing)
    ).scalar_one()
    days = Counter({date.fromisoformat(day): n for day, n in counts["day"].items()})
    by_platform, by_problem, by_status = counts["platform"], counts["problem"], counts["status"]
    return Stats(
        total=sum(by_status.values()),
        anonymous=counts["anonymous"]["true"],
        wants_contact=counts["wants_contact"]["true"],
        by_platform=[(c.code, platform_label(c.code), by_platform[c.code]) for c in platforms()],
        by_problem=[(c.code, problem_label(c.code), by_problem[c.code]) for c in problems()],
        by_status=[(s, VALUE_LABELS["status"][s], by_status[s]) for s in STATUSES],
        by_week=week_counts(days, start, end),
        late=int(late),
    )


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the dashboard counts, read in one session."""

    stats: Stats
    flagged: int
    """Testimonies from a conversation flagged by a flood limit."""
    failed_mails: int
    failed_mail_references: list[str]
    followups: FollowupCounts


def dashboard_figures(start: date, end: date) -> DashboardFigures:
    """Read every figure of the dashboard; `start`/`end` is the consultation window."""
    with session_factory()() as session:
        return DashboardFigures(
            stats=compute(session, start, end),
            flagged=count_flagged_testimonies(session),
            failed_mails=count_failed(session),
            failed_mail_references=failed_references(session),
            followups=followup_counts(session),
        )
