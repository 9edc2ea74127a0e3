"""The dashboard `/staff/`: progress against the target, the window, counts and charts."""

from __future__ import annotations

from datetime import date

from flask import render_template

from bot.mail.outbox import mail_enabled
from bot.settings import get_settings
from bot.storage.statistics import dashboard_figures
from bot.web.staff import blueprint
from bot.web.staff.charts import bar_chart, progress_bar


def window_status(start: date, end: date, today: date) -> str:
    """A French sentence about the consultation window relative to `today`."""
    if today < start:
        days = (start - today).days
        return f"La consultation commence dans {days} jour{'s' if days > 1 else ''}."
    if today > end:
        return "La consultation est terminée."
    left = (end - today).days + 1
    plural = "s" if left > 1 else ""
    return f"Consultation en cours : {left} jour{plural} restant{plural}."


def _by_count(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(rows, key=lambda row: -row[1])


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
    charts = [
        {
            "id": key,
            "title": title,
            "column": column,
            "rows": rows,
            "svg": bar_chart(f"chart-{key}", title, rows),
        }
        for key, title, column, rows in sections
    ]
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
        window=window_status(settings.campaign_start, settings.campaign_end, date.today()),
        charts=charts,
    )
