"""The second factor of staff accounts: TOTP codes (RFC 6238, via pyotp) and one-time
recovery codes.

A code is accepted within one 30-second step either side of now, and never twice: the
last accepted step is stored and only later steps pass. Recovery codes are random
(about 50 bits), shown once, stored as Argon2id hashes and each usable once.
"""

from __future__ import annotations

import re
import secrets
import time

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.storage.db import session_factory
from bot.storage.models import RecoveryCode, StaffUser, utcnow

ISSUER = "Signal PME"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_RECOVERY_HALF = 5
_SIX_DIGITS = re.compile(r"^\d{6}$")
_SEPARATORS = re.compile(r"[\s\-_.]")
# A recovery code is random (about 50 bits), not a password people choose: a light Argon2id
# is enough and keeps checking the ten of an account well under a second.
_code_hasher = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def _code_matches(code_hash: str, code: str) -> bool:
    try:
        return _code_hasher.verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False


def new_secret() -> str:
    """A fresh TOTP secret (160 bits, base32), to be confirmed with a code before use."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The `otpauth://` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str, now: float, after: int | None) -> int | None:
    """The time step (now ± 1) whose code is `code` and which comes after `after`."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if after is not None and step <= after:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _clean(code: str) -> str:
    return _SEPARATORS.sub("", (code or "").strip().lower())[:64]


def _new_recovery_codes(session: Session, account_id: int) -> list[str]:
    """Replace the account's recovery codes with new ones; return them in clear (once)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.staff_user_id == account_id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(2 * _RECOVERY_HALF))
        codes.append(f"{raw[:_RECOVERY_HALF]}-{raw[_RECOVERY_HALF:]}")
        session.add(RecoveryCode(staff_user_id=account_id, code_hash=_code_hasher.hash(raw)))
    return codes


def is_enrolled(account_id: int) -> bool:
    """True when the account has a confirmed second factor."""
    with session_factory()() as session:
        return bool(session.scalar(select(StaffUser.totp_secret).where(StaffUser.id == account_id)))


def enrol(account_id: int, secret: str, code: str, now: float | None = None) -> list[str] | None:
    """Confirm `secret` with a code from the app and make it the account's second factor.

    Returns the new recovery codes (shown once), or None when the code is wrong. Every
    other session of the account ends (they were opened without this factor).
    """
    code = _clean(code)
    step = _matching_step(secret, code, now or time.time(), None)
    if not _SIX_DIGITS.match(code) or step is None:
        return None
    with session_factory()() as session, session.begin():
        user = session.get(StaffUser, account_id)
        if user is None or not user.active:
            return None
        user.totp_secret = secret
        user.totp_last_step = step
        user.session_version += 1
        return _new_recovery_codes(session, account_id)


def check_code(account_id: int, code: str, now: float | None = None) -> str | None:
    """'code' for a valid, unused TOTP code, 'recovery' for an unused recovery code (now
    spent), None otherwise."""
    code = _clean(code)
    with session_factory()() as session, session.begin():
        user = session.get(StaffUser, account_id)
        if user is None or not user.active or not user.totp_secret:
            return None
        if _SIX_DIGITS.match(code):
            step = _matching_step(user.totp_secret, code, now or time.time(), user.totp_last_step)
            if step is None:
                return None
            user.totp_last_step = step
            return "code"
        if len(code) != 2 * _RECOVERY_HALF:
            return None
        unused = session.scalars(
            select(RecoveryCode).where(
                RecoveryCode.staff_user_id == account_id, RecoveryCode.used_at.is_(None)
            )
        ).all()
        for row in unused:
            if _code_matches(row.code_hash, code):
                row.used_at = utcnow()
                return "recovery"
        return None


def recovery_codes_left(account_id: int) -> int:
    """How many recovery codes of the account are still unused."""
    with session_factory()() as session:
        return (
            session.scalar(
                select(func.count(RecoveryCode.id)).where(
                    RecoveryCode.staff_user_id == account_id, RecoveryCode.used_at.is_(None)
                )
            )
            or 0
        )


def renew_recovery_codes(account_id: int) -> list[str]:
    """New recovery codes for an enrolled account (the old ones stop working)."""
    with session_factory()() as session, session.begin():
        return _new_recovery_codes(session, account_id)


def remove_second_factor(account_id: int) -> None:
    """An admin's reset (a lost phone): the factor and its recovery codes are removed and
    every session ends; the account enrols again at its next login if it must."""
    with session_factory()() as session, session.begin():
        user = session.get(StaffUser, account_id)
        if user is None:
            return
        user.totp_secret = None
        user.totp_last_step = None
        user.session_version += 1
        session.execute(delete(RecoveryCode).where(RecoveryCode.staff_user_id == account_id))
