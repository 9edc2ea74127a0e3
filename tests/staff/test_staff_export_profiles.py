"""Staff download the French CSV and the de-identified export from the list's buttons."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from bot.storage.db import session_factory
from bot.storage.models import AuditLog
from tests.staff.conftest import StaffEnv


def test_the_list_offers_the_french_and_deidentified_exports_of_its_filter(
    staff_env: StaffEnv,
) -> None:
    client = staff_env.client("reviewer")
    page = client.get("/staff/testimonies?platform=amazon").get_data(as_text=True)
    french = "/staff/export.csv?profile=french&amp;platform=amazon"
    assert f'href="{french}"' in page
    assert 'href="/staff/export.csv?profile=french&amp;deidentified=1&amp;platform=amazon"' in page
    response = client.get("/staff/export.csv?profile=french&deidentified=1")
    assert response.status_code == 200
    assert "sans-donnees-personnelles" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert all("E-mail" not in row and "Entreprise" not in row for row in rows)
    assert {row["Plateforme"] for row in rows} >= {"Amazon"}
    with session_factory()() as session:
        detail = session.scalars(select(AuditLog.detail).where(AuditLog.action == "export")).all()[
            -1
        ]
    assert "french" in detail and "sans données personnelles" in detail


def test_an_unknown_profile_is_refused(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    assert client.get("/staff/export.csv?profile=excel97").status_code == 400


def test_testimonies_received_after_the_closing_are_counted_apart(
    staff_env: StaffEnv, monkeypatch
) -> None:  # noqa: ANN001
    from datetime import date, timedelta

    from bot.settings import get_settings

    yesterday = date.today() - timedelta(days=1)
    monkeypatch.setenv("CAMPAIGN_START", (yesterday - timedelta(days=30)).isoformat())
    monkeypatch.setenv("CAMPAIGN_END", yesterday.isoformat())
    get_settings.cache_clear()
    page = staff_env.client("reviewer").get("/staff/").get_data(as_text=True)
    get_settings.cache_clear()
    assert 'id="figure-late"' in page
    assert f"après la clôture du {yesterday:%d/%m/%Y}" in page
    assert f"since={date.today().isoformat()}" in page


def test_links_never_carry_a_parameter_the_list_does_not_know(staff_env: StaffEnv) -> None:
    page = staff_env.client("reviewer").get("/staff/testimonies?q=Lefebvre&platform=amazon")
    html = page.get_data(as_text=True)
    assert "Lefebvre" not in html
    assert "platform=amazon" in html
