"""The name of a platform missing from the taxonomy, when a story clearly names it.

Conservative on purpose: a name known to the taxonomy (`other_platforms`: "Booking",
"vinted"), or a capitalised name that is the subject of a sentence ("Zalando nous a retiré
nos produits", "Uber Eats a augmenté la commission"), follows "chez" / "sur" / "via" or
"la marketplace (de)" / "la plateforme" ("je vends sur Ankorstore", "la marketplace
Boulanger"), or is a web address ("Bol.com"). Anything else is asked.
"""

from __future__ import annotations

import re

from bot.normalise import normalise
from bot.taxonomy import detect_other_platforms

_NAME = r"(?P<name>[A-Z][\w&'.-]*[a-z][\w&'.-]*(?: [A-Z][\w&'.-]+)?)"
_SUBJECT = re.compile(
    rf"(?:^|[.!?]\s+){_NAME}(?: (?:pro|france|fr|marketplace|seller))? "
    r"(?:a|m'a|m’a|nous a|ont|m'ont|nous ont|me|nous|vient|refuse|bloque|retient|garde|"
    r"exige|impose|supprime|ferme|suspend|augmente)\b"
)
_AFTER_PREPOSITION = re.compile(
    rf"\b(?:chez|sur|via|(?:la |une )?(?:marketplace|place de marché|plateforme)(?: de)?) {_NAME}"
)
_WEB_ADDRESS = re.compile(r"\b(?P<name>[A-Z][\w-]+\.(?:com|fr|nl|de|be|ch|es|it|co\.uk))\b")
_NOT_NAMES_TEXT = """
    bonjour bonsoir salut hello madame monsieur mon ma mes notre nos leur leurs le la les
    un une des je j il elle on nous vous ils elles ce cette ces ca ça depuis hier aujourd
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier février mars avril
    mai juin juillet aout août septembre octobre novembre decembre décembre noel noël
    paques pâques internet google facebook instagram france europe paris urgent help aide
"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


def _plausible(name: str) -> bool:
    first = name.split()[0].lower().strip("'.")
    return first not in _NOT_NAMES and len(name) <= 40


def unknown_platform_name(text: str) -> str | None:
    """'Zalando' in "Zalando nous a retiré…", or None when no clear name is given.

    When several are named, the first in the text.
    """
    candidates = list(detect_other_platforms(text))
    sentence = text.strip()
    if not sentence.isupper():  # all capitals: every word looks like a name
        for pattern in (_SUBJECT, _AFTER_PREPOSITION, _WEB_ADDRESS):
            candidates += [
                m.group("name") for m in pattern.finditer(sentence) if _plausible(m.group("name"))
            ]
    if not candidates:
        return None
    norm = normalise(text)
    return min(candidates, key=lambda name: _position(norm, name))


def _position(norm: str, name: str) -> int:
    """Where `name` first appears in the normalised text (the end when not found as is)."""
    found = norm.find(normalise(name).split(" ")[0])
    return found if found >= 0 else len(norm)
