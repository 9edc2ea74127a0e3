"""Spans of identifiers: their type, the merging of overlapping ones, their mapping from the
normalised view back to the original text, and the replacement of them by their labels."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.parsing.identity import text_view
from bot.privacy.labels import _RANK


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label: str


def _merged(spans: Iterable[_Span]) -> list[_Span]:
    """Overlapping spans joined; the union takes the label of the highest-ranked one."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            label = min(last.label, span.label, key=lambda lab: _RANK.get(lab, 0))
            merged[-1] = _Span(last.start, max(last.end, span.end), label)
        else:
            merged.append(span)
    return merged


def _spans(text: str, finders: Iterable[Callable[[str], list[_Span]]]) -> list[_Span]:
    """Merged spans of the original text that the finders report on its normalised view."""
    view = text_view(text)
    return _merged(
        _Span(*view.original_span(span.start, span.end), span.label)
        for finder in finders
        for span in finder(view.text)
        if span.end > span.start
    )


def _mask(text: str, finders: Iterable[Callable[[str], list[_Span]]]) -> str:
    """`text` with the spans the finders report replaced by their labels."""
    if not text:
        return text
    pieces = []
    position = 0
    for span in _spans(text, finders):
        pieces += [text[position : span.start], span.label]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
