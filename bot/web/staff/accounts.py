"""Staff accounts: create, list, disable, and the first admin of an empty database."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.storage.db import session_factory
from bot.storage.models import StaffUser
from bot.web.staff.passwords import generate_password, hash_password

ROLES = ("reviewer", "admin")
ROLE_LABELS = {"reviewer": "Relecteur", "admin": "Administrateur"}
DEFAULT_ADMIN_EMAIL = "admin@localhost"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class AccountError(ValueError):
    """A refused account operation, with a message for people."""


@dataclass(frozen=True)
class Account:
    """A staff account as listed (never with its hash)."""

    id: int
    email: str
    role: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None


def normalise_email(email: str) -> str:
    """Lower-case, trimmed e-mail; raises AccountError if it does not look like one."""
    email = (email or "").strip().lower()
    if not _EMAIL.match(email) or len(email) > 320:
        raise AccountError(f"adresse e-mail invalide : {email!r}")
    return email


def create_account(email: str, role: str) -> str:
    """Create an active account and return its generated password (shown once)."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"rôle inconnu : {role!r}")
    password = generate_password()
    with session_factory()() as session, session.begin():
        if session.scalar(select(StaffUser.id).where(func.lower(StaffUser.email) == email)):
            raise AccountError(f"le compte {email} existe déjà")
        session.add(StaffUser(email=email, role=role, password_hash=hash_password(password)))
    return password


def list_accounts() -> list[Account]:
    """Every account, by e-mail."""
    with session_factory()() as session:
        users = session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
        return [
            Account(u.id, u.email, u.role, u.active, u.created_at, u.last_login_at) for u in users
        ]


def set_active(email: str, active: bool) -> None:
    """Disable (or re-enable) an account; a disabled account cannot log in."""
    email = normalise_email(email)
    with session_factory()() as session, session.begin():
        user = session.scalars(
            select(StaffUser).where(func.lower(StaffUser.email) == email)
        ).first()
        if user is None:
            raise AccountError(f"aucun compte {email}")
        user.active = active


def reset_password(email: str) -> str:
    """Give an account a new generated password and return it (shown once)."""
    email = normalise_email(email)
    password = generate_password()
    with session_factory()() as session, session.begin():
        user = session.scalars(
            select(StaffUser).where(func.lower(StaffUser.email) == email)
        ).first()
        if user is None:
            raise AccountError(f"aucun compte {email}")
        user.password_hash = hash_password(password)
    return password


def ensure_first_admin() -> str | None:
    """On an empty `staff_users` table, create the first admin and return its password.

    The e-mail is `STAFF_ADMIN_EMAIL` or `admin@localhost`. Returns None when any account
    exists already (the password is never shown twice).
    """
    with session_factory()() as session:
        if session.scalar(select(func.count(StaffUser.id))):
            return None
    email = os.environ.get("STAFF_ADMIN_EMAIL", "").strip() or DEFAULT_ADMIN_EMAIL
    try:
        return create_account(email, "admin")
    except (AccountError, IntegrityError):  # created meanwhile by another process
        return None
