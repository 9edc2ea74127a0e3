"""Staff accounts: create, list, disable, log in, and the first admin of an empty database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.settings import Settings, read_settings
from bot.storage.db import session_factory
from bot.storage.models import StaffUser, utcnow
from bot.storage.password_policy import password_problem
from bot.storage.passwords import generate_password, hash_password, verify_password

ROLES = ("reviewer", "admin")
ROLE_LABELS = {"reviewer": "Relecteur", "admin": "Administrateur"}
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
    session_version: int = 0
    must_change_password: bool = False
    has_second_factor: bool = False


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


def _account(user: StaffUser) -> Account:
    return Account(
        user.id,
        user.email,
        user.role,
        user.active,
        user.created_at,
        user.last_login_at,
        user.session_version or 0,
        bool(user.must_change_password),
        bool(user.totp_secret),
    )


def list_accounts() -> list[Account]:
    """Every account, by e-mail."""
    with session_factory()() as session:
        users = session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
        return [_account(u) for u in users]


def active_accounts() -> list[Account]:
    """The accounts that can log in, by e-mail (whom a testimony can be assigned to)."""
    with session_factory()() as session:
        users = session.scalars(
            select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.email)
        ).all()
        return [_account(u) for u in users]


def active_account(account_id: int) -> Account | None:
    """The account `account_id` if it exists and is active."""
    with session_factory()() as session:
        user = session.get(StaffUser, account_id)
        if user is None or not user.active:
            return None
        return _account(user)


def check_login(email: str, password: str) -> int | None:
    """The id of the active account `email` (lower case) if `password` is its password,
    after recording the login time; None otherwise.

    A password is always verified, even for an unknown e-mail (same time either way).
    """
    with session_factory()() as session, session.begin():
        user = session.scalars(
            select(StaffUser).where(func.lower(StaffUser.email) == email)
        ).first()
        ok = verify_password(user.password_hash if user else None, password)
        if not (ok and user is not None and user.active):
            return None
        user.last_login_at = utcnow()
        return user.id


def set_active(email: str, active: bool) -> None:
    """Disable (or re-enable) an account; a disabled account cannot log in, and its
    sessions end."""
    with session_factory()() as session, session.begin():
        user = _user_by_email(session, email)
        user.active = active
        user.session_version += 1


def reset_password(email: str) -> str:
    """Give an account a new generated password and return it (shown once); every session
    of the account ends."""
    password = generate_password()
    with session_factory()() as session, session.begin():
        user = _user_by_email(session, email)
        user.password_hash = hash_password(password)
        user.session_version += 1
        user.must_change_password = True  # a password someone else saw is replaced at login
    return password


def change_password(account_id: int, old_password: str, new_password: str) -> int:
    """Replace the account's password after checking the old one and the policy; every
    other session ends. Returns the new session version; raises AccountError (French)."""
    with session_factory()() as session, session.begin():
        user = session.get(StaffUser, account_id)
        if user is None or not user.active:
            raise AccountError("Compte introuvable.")
        if not verify_password(user.password_hash, old_password):
            raise AccountError("L'ancien mot de passe est incorrect.")
        if new_password == old_password:
            raise AccountError("Le nouveau mot de passe doit être différent de l'ancien.")
        problem = password_problem(new_password, user.email)
        if problem:
            raise AccountError(problem)
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        user.session_version += 1
        return user.session_version


def end_sessions(account_id: int) -> None:
    """End every session of an account at once (logout, an admin's "log out")."""
    with session_factory()() as session, session.begin():
        user = session.get(StaffUser, account_id)
        if user is not None:
            user.session_version += 1


def _user_by_email(session: Session, email: str) -> StaffUser:
    """The account of `email` (any case), or AccountError."""
    email = normalise_email(email)
    user = session.scalars(select(StaffUser).where(func.lower(StaffUser.email) == email)).first()
    if user is None:
        raise AccountError(f"aucun compte {email}")
    return user


def ensure_first_admin(settings: Settings | None = None) -> str | None:
    """On an empty `staff_users` table, create the first admin and return its password.

    The e-mail is `settings.staff_admin_email` (`STAFF_ADMIN_EMAIL`, default
    `admin@localhost`); without `settings`, the environment is read now. Returns None when
    any account exists already (the password is never shown twice).
    """
    with session_factory()() as session:
        if session.scalar(select(func.count(StaffUser.id))):
            return None
    email = (settings or read_settings()).staff_admin_email
    try:
        password = create_account(email, "admin")
    except (AccountError, IntegrityError):  # created meanwhile by another process
        return None
    with session_factory()() as session, session.begin():
        _user_by_email(session, email).must_change_password = True  # printed in a log
    return password
