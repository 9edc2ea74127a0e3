"""Stored conversations rewritten with a mask once a testimony is saved."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.conversation.summary import summary_text
from bot.privacy import mask_followup_codes, mask_identifiers
from bot.storage import tracker_redaction
from bot.storage.tracker_redaction import (
    mask_after_delivery,
    redact,
    redaction_mark,
)

SENDER = "0f8c2b1e9a7d4c3b8e6f5a4d3c2b1a09"
OTHER = "ffffffffffffffffffffffffffffffff"
CODE = "K7QF-93XD-P2MW-TZ6C"
DDL = (
    "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL,"
    " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
    " action_name VARCHAR(255), data TEXT)"
)
STORY = "je suis Jean Dupont, joignable au 06 12 34 56 78 ou jean.dupont@exemple.fr"


def _store(tmp_path: Path):
    tmp_path.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    rows = [
        (SENDER, "user", {"event": "user", "text": STORY, "parse_data": {"text": STORY,
         "intent": {"name": "report_problem"}, "entities": [{"entity": "x", "value": STORY}]}}),
        (SENDER, "slot", {"event": "slot", "name": "description", "value": STORY}),
        (SENDER, "bot", {"event": "bot", "text": f"Votre code de suivi : {CODE}",
         "data": {"buttons": [{"title": "J'ai noté", "payload": "/affirm"}]}}),
        (SENDER, "action", {"event": "action", "name": "action_listen"}),
        (OTHER, "user", {"event": "user", "text": STORY}),
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(text(DDL))
        for sender, kind, data in rows:
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, :t, :d)"),
                {"s": sender, "t": kind, "d": json.dumps(data)},
            )
    return engine


def _data(engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT sender_id, data FROM events ORDER BY id")))


def test_anonymous_conversation_is_masked_in_place(tmp_path: Path) -> None:
    engine = _store(tmp_path)
    before = len(_data(engine))
    changed = len(redact(engine, SENDER, mask_identifiers).masked)
    rows = _data(engine)
    assert changed == 3 and len(rows) == before, "rows rewritten, never added or removed"
    mine = "\n".join(d for s, d in rows if s == SENDER)
    for identifier in ("Dupont", "06 12 34 56 78", "jean.dupont", CODE):
        assert identifier not in mine
    assert '"name": "description"' in mine and '"report_problem"' in mine, "names kept"
    assert '"/affirm"' in mine, "button payloads kept"
    assert "Dupont" in dict(rows)[OTHER] or "Dupont" in rows[-1][1], "other senders untouched"


def test_texts_kept_across_redactions_hold_no_identifier(tmp_path: Path) -> None:
    """The texts a mask left unchanged are kept for the next redaction; one it changed is
    never kept, and a second conversation is masked as with nothing kept."""
    tracker_redaction._clean_texts.clear()
    first = _store(tmp_path / "a")
    redact(first, SENDER, mask_identifiers)
    kept = tracker_redaction._clean_texts[mask_identifiers]
    assert "J'ai noté" in kept, "a clean text is kept"
    assert not any("Dupont" in t or CODE in t for t in kept), "no text with an identifier"
    assert all(mask_identifiers(t) == t for t in kept)
    second = _store(tmp_path / "b")
    redact(second, SENDER, mask_identifiers)
    tracker_redaction._clean_texts.clear()
    fresh = _store(tmp_path / "c")
    redact(fresh, SENDER, mask_identifiers)
    assert _data(second) == _data(fresh)


def test_rows_without_text_are_not_rewritten(tmp_path: Path) -> None:
    engine = _store(tmp_path)
    with engine.begin() as connection:  # a name that looks like an identifier stays a name
        connection.execute(
            text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, 'action', :d)"),
            {"s": SENDER, "d": json.dumps({"event": "action", "name": "jean.dupont@exemple.fr"})},
        )
    redact(engine, SENDER, mask_identifiers)
    assert any("jean.dupont@exemple.fr" in d for _, d in _data(engine)[-1:])


def test_code_only_redaction_keeps_the_story(tmp_path: Path) -> None:
    engine = _store(tmp_path)
    redact(engine, SENDER, mask_followup_codes)
    mine = "\n".join(d for s, d in _data(engine) if s == SENDER)
    assert CODE not in mine and "Dupont" in mine


def test_delivered_messages_say_which_mask() -> None:
    anonymous = [{"text": "x"}, {"text": CODE, "custom": redaction_mark(True)}]
    named = [{"text": CODE, "custom": redaction_mark(False)}]
    assert mask_after_delivery(anonymous) is mask_identifiers
    assert mask_after_delivery(named) is mask_followup_codes
    assert mask_after_delivery([{"text": "bonjour"}, "not a dict"]) is None


def test_anonymous_summary_shows_the_description_as_it_will_be_stored() -> None:
    slots = {"platform": "amazon", "problems": ["account_suspension"], "description": STORY}
    summary = summary_text({**slots, "visibility": "anonymous"})
    assert "Dupont" not in summary and "masqué" in summary
    assert "Dupont" in summary_text({**slots, "visibility": "confidential"})
