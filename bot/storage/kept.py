"""Testimonies kept on disk while the database cannot take them (issue 14).

When the save fails because the database is unreachable, the seller is still given a
reference and a follow-up code: the testimony is written to a file of its own in
`VAR_DIR/outbox/` (written whole then renamed, synced, readable by the server's account
only), and moved into the database once it answers again (`store_kept_testimonies`, run by
`make run` every 30 s, by the action server before each save, and by `python -m bot
outbox`). Storing is idempotent on the submission id, so a file written twice, or stored by
two processes at once, gives one row; the file goes only once its row is committed.

The reference of a kept testimony cannot come from the database's sequence: it is
`SP-<year>-9` and nine random digits (`SP-2026-9048213377`), the shape every reader of
references accepts (`SP-YYYY-` and at least six digits) and out of the sequence's reach
(sequential references have six digits until the millionth testimony). Two kept testimonies
drawing the same one (one chance in 2 000 among a thousand kept) would set the second
aside for an administrator, never overwrite the first. Only the hash of the follow-up code
is written to disk, as in the database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from bot.settings import VAR_DIR
from bot.storage.codes import hash_followup_code, new_followup_code

logger = logging.getLogger(__name__)

KEPT_VERSION = 1
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)
"""The errors of a database that is down or unreachable (as opposed to one refusing a row)."""


def outbox_dir() -> Path:
    """Where kept testimonies wait (`SIGNALPME_VAR_DIR/outbox`)."""
    return VAR_DIR / "outbox"


def provisional_reference(year: int) -> str:
    """`SP-2026-9048213377`: a kept testimony's reference (never a sequential one)."""
    return f"SP-{year:04d}-9{secrets.randbelow(10**9):09d}"


@dataclass(frozen=True)
class KeptTestimony:
    """What the seller is told: the reference and the code, as for a saved testimony."""

    reference: str
    followup_code: str


def _path(directory: Path, submission_id: str) -> Path:
    name = hashlib.sha256(submission_id.encode()).hexdigest()[:32]
    return directory / f"{name}.json"


def _as_json(value: Any) -> str:
    """Dates as ISO text (saving reads them back: `testimonies._as_date`)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not kept as JSON")


def _write_whole(path: Path, entry: dict[str, Any]) -> None:
    """Write `entry` to `path` so that a crash leaves either the old file or the new one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(entry, file, ensure_ascii=False, default=_as_json)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def keep_testimony(
    record: dict[str, Any],
    *,
    submission_id: str,
    sender_id: str,
    channel: str,
    identifying_details_flag: bool = False,
    directory: Path | None = None,
) -> KeptTestimony:
    """Keep one testimony on disk with a fresh code; the same submission kept again keeps its
    reference and gets a new code (the old one never reached the seller)."""
    from bot.storage.testimonies import clean_record

    directory = directory or outbox_dir()
    path = _path(directory, submission_id)
    record = clean_record(record)  # what the database would hold: anonymous is anonymised
    code = new_followup_code()
    now = datetime.now(timezone.utc)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entry = {
            "version": KEPT_VERSION,
            "reference": provisional_reference(now.year),
            "kept_at": now.isoformat(),
            "record": record,
            "submission_id": submission_id,
            "sender_id": sender_id,
            "channel": channel,
            "identifying_details_flag": bool(identifying_details_flag),
        }
    entry["followup_code_hash"] = hash_followup_code(code)
    _write_whole(path, entry)
    return KeptTestimony(entry["reference"], code)


def _set_aside(path: Path, why: str) -> None:
    logger.error("kept testimony %s %s: renamed .failed, for an administrator", path.name, why)
    path.rename(path.with_suffix(".failed"))


def kept_files(directory: Path | None = None) -> list[Path]:
    """The kept testimonies waiting, oldest first."""
    directory = directory or outbox_dir()
    if not directory.is_dir():
        return []
    return sorted(directory.glob("*.json"), key=lambda p: p.stat().st_mtime)


def store_kept_testimonies(url: str | None = None, directory: Path | None = None) -> int:
    """Move every kept testimony into the database; return how many were stored.

    Stops while the database is unreachable (the files stay for the next run). A file that
    cannot be read, or whose row the database refuses, is renamed `*.failed` and logged,
    never deleted, so that it blocks no other."""
    from bot.mail.outbox import enqueue_acknowledgement
    from bot.storage.testimonies import store_kept_testimony

    stored = 0
    for path in kept_files(directory):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue  # another process stored it meanwhile
        except (OSError, ValueError):
            _set_aside(path, "cannot be read")
            continue
        try:
            reference, created = store_kept_testimony(entry, url)
        except DATABASE_UNREACHABLE:
            logger.warning("database still unreachable: kept testimonies wait")
            break
        except (SQLAlchemyError, KeyError, TypeError, ValueError):
            _set_aside(path, "refused by the database")
            continue
        path.unlink(missing_ok=True)
        if created:
            enqueue_acknowledgement(reference, url)
        stored += 1
        logger.info("kept testimony stored as %s", reference)
    return stored


KEPT_INTERVAL = 30.0  # seconds between two attempts of `make run`


def store_kept_safely(settings: object = None) -> int:
    """`store_kept_testimonies` that never raises (a supervision loop's job); the count."""
    try:
        return store_kept_testimonies() if kept_files() else 0
    except Exception:
        logger.exception("storing kept testimonies failed")
        return 0


def outbox_command() -> int:
    """`python -m bot outbox`: store the kept testimonies once; print what is left.

    Exit status 0 when none is left waiting, 1 otherwise (the database is still down)."""
    stored = store_kept_testimonies() if kept_files() else 0
    waiting = len(kept_files())
    set_aside = len(list(outbox_dir().glob("*.failed"))) if outbox_dir().is_dir() else 0
    print(f"stored: {stored}, waiting: {waiting}, set aside (*.failed): {set_aside}")
    return 1 if waiting else 0
