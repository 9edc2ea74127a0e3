"""Which platform a story is about when it names several.

"On vend sur Amazon, eBay et Cdiscount. Sur Amazon aucun souci, par contre Cdiscount retient
nos paiements" is about Cdiscount: a platform said to be fine, a former one ("j'ai quitté
Amazon"), or one in the list of where the seller sells is not the subject; the platform in
a clause that tells a problem is.
"""

from __future__ import annotations

import re

from bot.normalise import MAX_PARSED_CHARS, normalise
from bot.taxonomy import detect_platforms, detect_problems

_CLAUSES = re.compile(
    r"[.;!?\n,:]+|\b(?:mais|par contre|alors que|en revanche|cependant|sauf que|however|but)\b",
    re.IGNORECASE,
)
_FINE = re.compile(
    r"\b(?:aucun (?:souci|probleme)|pas de (?:souci|probleme)|sans (?:souci|probleme|difficulte)"
    r"|tout va bien|ca va bien|ca se passe bien|ca marche bien|rien a signaler|no problem"
    r"|no issue|works fine|is fine|are fine)\b"
)
_FORMER = re.compile(
    r"\b(?:j ai quitte|on a quitte|nous avons quitte|j ai arrete|on a arrete|avant j etais"
    r"|avant on etait|anciennement|a l epoque|je ne vends plus|on ne vend plus|plus sur)\b"
)


def subject_platform(text: str | None) -> str | None:
    """The platform code the story is about (the first named when it names only one)."""
    named = detect_platforms(text)
    if len(named) < 2:
        return named[0] if named else None
    not_subject: set[str] = set()
    with_problem: list[str] = []
    for clause in _CLAUSES.split((text or "")[:MAX_PARSED_CHARS]):
        found = detect_platforms(clause)
        if not found:
            continue
        norm = normalise(clause)
        if _FINE.search(norm) or _FORMER.search(norm):
            not_subject.update(found)
        elif detect_problems(clause):
            with_problem += found
    for candidates in (with_problem, named):
        chosen = [code for code in candidates if code not in not_subject]
        if chosen:
            return chosen[0]
    return named[0]
