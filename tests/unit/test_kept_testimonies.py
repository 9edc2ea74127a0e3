"""A testimony the database could not take is kept on disk with its reference and code, and
stored exactly once when the database answers again (issue 14, item 2)."""

from __future__ import annotations

import json
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.storage.db import session_factory
from bot.storage.kept import keep_testimony, kept_files, store_kept_testimonies
from bot.storage.models import Testimony
from bot.storage.testimonies import find_by_code, save_testimony

KEEP = {"submission_id": "sub-1", "sender_id": "chat-1", "channel": "rest"}


def _count(url: str) -> int:
    with session_factory(url)() as session:
        return session.scalar(select(func.count(Testimony.id)))


def test_a_kept_testimony_is_stored_once_with_what_the_seller_was_given(
    db_url: str, tmp_path: Path, make_record: Callable[..., dict[str, Any]]
) -> None:
    outbox = tmp_path / "outbox"
    kept = keep_testimony(make_record(platform="ebay"), **KEEP, directory=outbox)
    assert re.fullmatch(r"SP-\d{4}-9\d{9}", kept.reference)
    (file,) = kept_files(outbox)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert kept.followup_code not in file.read_text()  # only its hash is on disk
    copy = tmp_path / "copy.json"
    shutil.copy(file, copy)

    assert store_kept_testimonies(db_url, outbox) == 1
    assert kept_files(outbox) == []
    stored = find_by_code(kept.followup_code, db_url)
    assert stored is not None and stored.reference == kept.reference
    assert stored.platform == "ebay" and stored.status == "new"

    shutil.copy(copy, file)  # the same file again (a crash between commit and delete)
    assert store_kept_testimonies(db_url, outbox) == 1
    assert _count(db_url) == 1 and kept_files(outbox) == []


def test_keeping_the_same_submission_again_keeps_its_reference_with_a_new_code(
    tmp_path: Path, make_record: Callable[..., dict[str, Any]]
) -> None:
    first = keep_testimony(make_record(), **KEEP, directory=tmp_path)
    second = keep_testimony(make_record(), **KEEP, directory=tmp_path)
    assert second.reference == first.reference
    assert second.followup_code != first.followup_code
    assert len(kept_files(tmp_path)) == 1


def test_a_submission_that_did_reach_the_database_takes_the_kept_code(
    db_url: str, tmp_path: Path, make_record: Callable[..., dict[str, Any]]
) -> None:
    # The save committed but its answer was lost: the seller was given the kept code.
    saved = save_testimony(make_record(), **KEEP)
    kept = keep_testimony(make_record(), **KEEP, directory=tmp_path)
    assert store_kept_testimonies(db_url, tmp_path) == 1
    assert _count(db_url) == 1
    assert find_by_code(kept.followup_code, db_url).reference == saved.reference
    assert find_by_code(saved.followup_code, db_url) is None


def test_nothing_is_lost_while_the_database_is_unreachable(
    tmp_path: Path, make_record: Callable[..., dict[str, Any]]
) -> None:
    keep_testimony(make_record(), **KEEP, directory=tmp_path)
    unreachable = "postgresql+psycopg2://nobody:x@127.0.0.1:1/none"
    assert store_kept_testimonies(unreachable, tmp_path) == 0
    assert len(kept_files(tmp_path)) == 1


def test_an_unreadable_or_refused_file_is_set_aside_and_blocks_no_other(
    db_url: str, tmp_path: Path, make_record: Callable[..., dict[str, Any]]
) -> None:
    (tmp_path / "broken.json").write_text("{not json")
    refused = keep_testimony(make_record(), **{**KEEP, "submission_id": "x"}, directory=tmp_path)
    path = next(p for p in kept_files(tmp_path) if refused.reference in p.read_text())
    entry = json.loads(path.read_text())
    entry["record"]["platform"] = "no-such-platform"  # breaks testimony.md
    path.write_text(json.dumps(entry))
    good = keep_testimony(make_record(), **KEEP, directory=tmp_path)
    assert store_kept_testimonies(db_url, tmp_path) == 1
    assert find_by_code(good.followup_code, db_url) is not None
    assert sorted(p.name for p in tmp_path.glob("*.failed")) == sorted(
        ["broken.failed", path.with_suffix(".failed").name]
    )
    assert kept_files(tmp_path) == []


def test_an_anonymous_testimony_is_kept_as_the_database_would_hold_it(
    tmp_path: Path, make_record: Callable[..., dict[str, Any]]
) -> None:
    keep_testimony(make_record(anonymous=True), **KEEP, directory=tmp_path)
    (file,) = kept_files(tmp_path)
    kept = file.read_text(encoding="utf-8")
    for identifier in ("Claire Martin", "claire@example.fr", "+33612345678", "732829320"):
        assert identifier not in kept
