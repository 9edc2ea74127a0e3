"""Passwords a ministry can defend (issue 12, item 5): a printed password is replaced at the
next login; 12 characters at least, common ones refused, no composition rules; changing it
needs the old one and ends every other session."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from bot.storage.accounts import ensure_first_admin, reset_password
from bot.storage.db import session_factory
from bot.storage.models import StaffUser
from bot.storage.password_policy import password_problem
from tests.staff.conftest import StaffEnv, login, post

GOOD = "un chat gris dort sur le toit"


def _change(client, old: str, new: str, confirm: str | None = None):  # noqa: ANN001, ANN202
    data = {"old_password": old, "new_password": new, "confirm_password": confirm or new}
    return post(client, "/staff/password", data)


def test_the_first_admin_must_replace_the_printed_password(
    staff_env: StaffEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_factory()() as session, session.begin():
        session.execute(delete(StaffUser))
    monkeypatch.setenv("STAFF_ADMIN_EMAIL", "premier@ministere.example")
    printed = ensure_first_admin()
    assert printed
    client = staff_env.app.test_client()
    assert login(client, "premier@ministere.example", printed).status_code == 302
    response = client.get("/staff/testimonies")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/password")
    assert _change(client, printed, GOOD).status_code == 302
    assert client.get("/staff/testimonies").status_code == 200


def test_an_admin_reset_is_replaced_at_the_next_login(staff_env: StaffEnv) -> None:
    printed = reset_password(staff_env.reviewer_email)
    client = staff_env.app.test_client()
    login(client, staff_env.reviewer_email, printed)
    assert client.get("/staff/").headers["Location"].endswith("/staff/password")


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("court", "12 caractères"),
        ("motdepasse2024", "courant"),
        ("azertyuiopaz", "courant"),
        ("aaaaaaaaaaaaaaa", "répétitif"),
        ("relecteur-le-meilleur", "adresse e-mail"),
    ],
)
def test_short_common_or_personal_passwords_are_refused(staff_env: StaffEnv, new, words):  # noqa: ANN001
    client = staff_env.client("reviewer")
    response = _change(client, staff_env.reviewer_password, new)
    assert response.status_code == 400 and words in response.get_data(as_text=True)


def test_changing_needs_the_old_password_and_the_same_new_one_twice(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    assert _change(client, "not the old one", GOOD).status_code == 400
    assert _change(client, staff_env.reviewer_password, GOOD, GOOD + "x").status_code == 400


def test_a_change_keeps_this_session_and_ends_the_others(staff_env: StaffEnv) -> None:
    here = staff_env.client("reviewer")
    elsewhere = staff_env.client("reviewer")
    assert _change(here, staff_env.reviewer_password, GOOD).status_code == 302
    assert here.get("/staff/").status_code == 200
    assert elsewhere.get("/staff/").status_code == 302
    fresh = staff_env.app.test_client()
    assert login(fresh, staff_env.reviewer_email, GOOD).status_code == 302


def test_no_composition_rules_a_long_phrase_is_fine() -> None:
    assert password_problem(GOOD, "relecteur@ministere.example") is None
    assert password_problem("correct horse battery staple") is None
