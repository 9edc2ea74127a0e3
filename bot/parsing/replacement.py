"""A value replaced in the same breath: "pas 6 mais 15", "5000 pas 500", "15 au lieu de 6".

Only splits the message; the question's own reader decides whether both halves are values.
"""

from __future__ import annotations

import re

_MAX_OLD_CHARS = 40  # the replaced value is short: "500", "en août", "6 salariés"
_NOT = r"(?:non\s+)?(?:pas|pa)"
# "pas 6 mais 15", "non pas en août mais en septembre", "c'est pas 30 mais plutôt 40 %"
_OLD_THEN_NEW = re.compile(
    rf"(?:^|[\s,])(?:{_NOT}|not)\s+(?P<old>[^,;:.!?]{{1,{_MAX_OLD_CHARS}}}?)\s*"
    r"(?:[,:]?\s*(?:mais|mai|m[ée]|but|c'?\s?est|c'?\s?était|c|it'?s|it\s+is|it\s+was)\s+"
    r"|[,:]\s*)(?:plut[oô]t\s+|bien\s+|rather\s+)?(?P<new>\S.*)$",
    re.IGNORECASE,
)
# "5000 pas 500", "15 et non 6", "en septembre au lieu d'août", "40 % plutôt que 30"
_NEW_THEN_OLD = re.compile(
    r"^(?P<new>.*\S)\s*,?\s+(?:et\s+non(?:\s+pas)?|non\s+pas|pas|pa|au\s+lieu\s+(?:de|d')"
    r"|plut[oô]t\s+que|and\s+not|not|instead\s+of)\s+"
    rf"(?P<old>[^\s,;.!?][^,;.!?]{{0,{_MAX_OLD_CHARS - 1}}})(?:[,;.!?].*)?$",
    re.IGNORECASE,
)


def replacement(text: str) -> tuple[str, str] | None:
    """(new, old) halves of a message that replaces one value by another, else None."""
    for pattern in (_OLD_THEN_NEW, _NEW_THEN_OLD):
        match = pattern.search(text.strip())
        if match:
            return match.group("new"), match.group("old")
    return None
