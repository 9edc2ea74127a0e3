"""Server-side SVG charts: accessible, escaped, proportional."""

from __future__ import annotations

from datetime import date

from bot.web.staff.charts import bar_chart, progress_bar
from bot.web.staff.dashboard import window_status


def test_bar_chart_is_an_accessible_image_with_escaped_labels() -> None:
    svg = str(bar_chart("c1", "Par <plateforme>", [("<script>", 4), ("eBay", 2), ("Etsy", 0)]))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c1-title"' in svg
    assert '<title id="c1-title">Par &lt;plateforme&gt;</title>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'style="' not in svg  # CSP: presentation attributes only
    assert 'width="324" height="18" fill="#000091"' in svg  # the largest bar fills the space
    assert 'width="162" height="18" fill="#000091"' in svg  # half of it


def test_empty_chart_says_so() -> None:
    assert "Aucune donnée" in str(bar_chart("c", "Vide", []))


def test_progress_bar_is_clamped_at_the_target() -> None:
    assert 'width="638" height="26" fill="#000091"' in str(progress_bar("p", "t", 150, 100))
    assert 'width="319" height="26" fill="#000091"' in str(progress_bar("p", "t", 50, 100))


def test_window_status_counts_days_left() -> None:
    start, end = date(2026, 10, 31), date(2026, 11, 30)
    assert window_status(start, end, date(2026, 11, 29)) == (
        "Consultation en cours : 2 jours restants."
    )
    assert window_status(start, end, date(2026, 11, 30)).endswith("1 jour restant.")
    assert window_status(start, end, date(2026, 10, 30)) == "La consultation commence dans 1 jour."
    assert window_status(start, end, date(2026, 12, 1)) == "La consultation est terminée."
