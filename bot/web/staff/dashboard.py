"""The dashboard `/staff/`: progress against the target, the window, counts and charts.

Every count links to the testimony list filtered the same way (platform, problem, status,
anonymous, wants to be called back, week of receipt).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import render_template, url_for

from bot.campaign import phase
from bot.mail.outbox import mail_enabled
from bot.settings import get_settings
from bot.storage.statistics import Row, dashboard_figures
from bot.web.staff import blueprint
from bot.web.staff.charts import bar_chart, progress_bar


def window_status(start: date, end: date, today: date) -> str:
    """A French sentence about the consultation window relative to `today` (the phases of
    `bot.campaign`, the same for the page and the assistant)."""
    current = phase(today, start, end)
    if current == "before":
        days = (start - today).days
        return f"La consultation commence dans {days} jour{'s' if days > 1 else ''}."
    if current == "closed":
        return "La consultation est terminée."
    left = (end - today).days + 1
    plural = "s" if left > 1 else ""
    return f"Consultation en cours : {left} jour{plural} restant{plural}."


COMPACT_ROW = 22
"""Row height of the dashboard's bar charts (pixels of the 640-wide drawing)."""
SPARSE_KEPT = frozenset({"week", "status"})
"""Charts that draw their rows without testimonies too."""


def _by_count(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: -row[2])


def list_link(key: str, value: str) -> str:
    """The testimony list filtered by one dashboard row: `key` is the filter, `value` the
    code (for `week`, the ISO date of the Monday)."""
    if key == "week":
        monday = date.fromisoformat(value)
        return url_for(
            "staff.testimony_list",
            since=monday.isoformat(),
            until=(monday + timedelta(days=6)).isoformat(),
        )
    return url_for("staff.testimony_list", **{key: value})


@blueprint.get("/")
def dashboard() -> str:
    """Counts and charts for the whole consultation."""
    settings = get_settings()
    figures = dashboard_figures(settings.campaign_start, settings.campaign_end)
    stats = figures.stats
    target = settings.campaign_target
    sections = [
        ("platform", "Témoignages par plateforme", "Plateforme", _by_count(stats.by_platform)),
        ("problem", "Témoignages par problème", "Problème", _by_count(stats.by_problem)),
        ("week", "Témoignages par semaine", "Semaine", stats.by_week),
        ("status", "Témoignages par statut", "Statut", stats.by_status),
    ]
    charts = []
    for key, title, column, rows in sections:
        links = [list_link(key, code) for code, _, _ in rows]
        counts = [(label, count) for _, label, count in rows]
        # compact: the platform and problem charts draw only what was reported (their table
        # lists every value); weeks and statuses keep their zeros (a time line, a workflow)
        drawn = [i for i, (_, count) in enumerate(counts) if count or key in SPARSE_KEPT]
        charts.append(
            {
                "id": key,
                "title": title,
                "column": column,
                "rows": [
                    (label, count, link) for (label, count), link in zip(counts, links, strict=True)
                ],
                "svg": bar_chart(
                    f"chart-{key}",
                    title,
                    [counts[i] for i in drawn],
                    row_height=COMPACT_ROW,
                    links=[links[i] for i in drawn],
                ),
            }
        )
    progress_title = f"{stats.total} témoignages sur un objectif de {target}"
    return render_template(
        "staff/dashboard.html",
        stats=stats,
        flagged=figures.flagged,
        failed_mails=figures.failed_mails,
        failed_mail_references=figures.failed_mail_references,
        mail_configured=mail_enabled(settings),
        followups=figures.followups,
        target=target,
        target_share=round(100 * stats.total / target) if target > 0 else 0,
        progress=progress_bar("chart-progress", progress_title, stats.total, target),
        start=settings.campaign_start,
        end=settings.campaign_end,
        one_day=timedelta(days=1),
        window=window_status(settings.campaign_start, settings.campaign_end, date.today()),
        charts=charts,
    )
