"""Markdown lines shared by the probe scripts' transcripts."""

from __future__ import annotations

from typing import Any


def nlu_line(intent: str | None, confidence: float | None, entities: list[str]) -> str:
    """'  - nlu: `intent` 0.93; entities: …' for one user turn."""
    conf = f"{confidence:.2f}" if confidence is not None else "?"
    return f"  - nlu: `{intent}` {conf}" + (
        f"; entities: {', '.join(entities)}" if entities else ""
    )


def reply_lines(replies: list[dict[str, Any]]) -> list[str]:
    """The bot's messages of one turn, with their buttons."""
    lines = []
    for reply in replies:
        text = str(reply.get("text") or "").replace("\n", "\n    > ")
        lines.append(f"  - BOT: {text}")
        buttons = reply.get("buttons") or []
        if buttons:
            titles = " | ".join(f"[{b.get('title')}]({b.get('payload')})" for b in buttons)
            lines.append(f"    - buttons: {titles}")
    if not replies:
        lines.append("  - BOT: *(no reply)*")
    return lines
