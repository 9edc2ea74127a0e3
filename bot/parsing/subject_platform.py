"""Which platform a story is about when it names several.

"On vend sur Amazon, eBay et Cdiscount. Sur Amazon aucun souci, par contre Cdiscount retient
nos paiements" is about Cdiscount: a platform said to be fine, a former one ("j'ai quitté
Amazon"), or one in the list of where the seller sells is not the subject; the platform in
a clause that tells a problem is.
"""

from __future__ import annotations

import re

from bot.normalise import MAX_PARSED_CHARS, normalise
from bot.taxonomy import detect_other_platforms, detect_platforms, detect_problems

_CLAUSES = re.compile(
    r"[.;!?\n,:]+|\b(?:mais|par contre|alors que|en revanche|cependant|sauf que|however|but)\b",
    re.IGNORECASE,
)
_FINE = re.compile(
    r"\b(?:aucun (?:souci|probleme)|pas de (?:souci|probleme)|sans (?:souci|probleme|difficulte)"
    r"|tout va bien|ca va bien|ca se passe bien|ca marche bien|rien a signaler|no problem"
    r"|no issue|works fine|is fine|are fine)\b"
)
# "c'est Cdiscount qui pose problème", "c'est sur Zalando que ça coince"
_SINGLED_OUT = re.compile(r"\bc est (?:sur |avec |chez )?\S+(?: \S+)? (?:qui|que|qu)\b")
# "Amazon et eBay ont tous les deux bloqué…": both are subjects, not an unclear story
_BOTH = re.compile(
    r"\b(?:tous les deux|toutes les deux|tous deux|les deux|chacun|chacune|l un et l autre"
    r"|sur l un|both|each of them)\b"
)
_FORMER = re.compile(
    r"\b(?:j ai quitte|on a quitte|nous avons quitte|j ai arrete|on a arrete|avant j etais"
    r"|avant on etait|anciennement|a l epoque|je ne vends plus|on ne vend plus|plus sur)\b"
)


def subject_platform(text: str | None) -> str | None:
    """The platform code the story is about (the first named when it names only one);
    None when two platforms share the problem (see `platform_candidates`)."""
    named = detect_platforms(text)
    if not named:
        return None
    not_subject, with_problem = _read_clauses(text)
    if _shared_problem(text, not_subject, with_problem):
        return None
    for candidates in (with_problem, named):
        chosen = [code for code in candidates if code not in not_subject]
        if chosen:
            return chosen[0]
    # every platform of the list is said to be fine or former: the story is about the one
    # outside the list it names ("Amazon ça va, c'est sur Zalando que ça coince")
    return None if detect_other_platforms(text) else named[0]


def platform_candidates(text: str | None) -> list[str]:
    """The platforms a story is truly unclear between: two or more named in the clauses that
    tell the problem ("Amazon et Cdiscount ont bloqué mes paiements"), else []."""
    if len(detect_platforms(text)) < 2:
        return []
    return _shared_problem(text, *_read_clauses(text))


def _shared_problem(text: str | None, not_subject: set[str], with_problem: list[str]) -> list[str]:
    """The platforms (two or more) that the clauses telling the problem name, else []."""
    if _BOTH.search(normalise(text)):
        return []  # both have the problem: the first named, one testimony per platform
    chosen = list(dict.fromkeys(code for code in with_problem if code not in not_subject))
    return chosen if len(chosen) >= 2 else []


def _read_clauses(text: str | None) -> tuple[set[str], list[str]]:
    """(platforms said to be fine or former, platforms named in a clause with a problem)."""
    not_subject: set[str] = set()
    with_problem: list[str] = []
    last_named: list[str] = []  # "C'est La Redoute qui pose souci : ils ont fermé…"
    for clause in _CLAUSES.split((text or "")[:MAX_PARSED_CHARS]):
        found = detect_platforms(clause)
        norm = normalise(clause)
        if found and (_FINE.search(norm) or _FORMER.search(norm)):
            not_subject.update(found)
        elif found:
            if detect_problems(clause) or _SINGLED_OUT.search(norm):
                with_problem += found
        elif detect_problems(clause):
            with_problem += last_named  # the problem told about the platform just named
        last_named = found or last_named
    return not_subject, with_problem
