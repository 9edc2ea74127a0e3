"""Detecting that the user declines to answer: 'passer', 'je ne sais pas', 'jsp'."""

from __future__ import annotations

import re

from bot.text import normalise

MAX_SKIP_WORDS = 8
"""Longer messages are answers or stories, even when they contain 'je ne sais pas'."""

_SKIP = re.compile(
    r"^passe$|\b(?:passer|passez|on passe|je passe|suivante?|question suivante|skip|next|pass"
    r"|(?:je )?(?:ne )?(?:sais|sait|saurais) (?:pas|plus|rien)|j sais pas|chais pas|ch sais pas"
    r"|jsp|nsp|jsais pas|sais pas|aucune idee|pas d idee|aucun souvenir|idk|dunno"
    r"|(?:je )?(?:ne )?(?:me )?(?:souviens|rappelle) (?:pas|plus)|pas sur|pas sure"
    r"|(?:je )?prefere(?:rais)? (?:ne )?pas (?:le )?(?:dire|repondre|preciser|communiquer)"
    r"|pas envie (?:de|d) (?:repondre|le dire|dire|en parler)"
    r"|(?:ne )?(?:souhaite|veux|voudrais) pas (?:repondre|le dire|dire|preciser|communiquer)"
    r"|sans reponse|pas de commentaire|no comment|ca ne vous regarde pas)\b"
)
_NOT_SKIP = re.compile(r"\b(?:sais pas|sait pas) (?:quoi|comment|pourquoi|si|ou|qui|quand)\b")


def is_skip(text: str) -> bool:
    """True when a short message declines to answer the current question."""
    clean = normalise(text)
    words = clean.split()
    if not words or len(words) > MAX_SKIP_WORDS or re.search(r"\d", clean):
        return False
    return bool(_SKIP.search(clean)) and not _NOT_SKIP.search(clean)
