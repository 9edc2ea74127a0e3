"""The name of a platform missing from the taxonomy, when a story clearly names it.

Conservative on purpose: only a capitalised name that is the subject of the story's first
sentence ("Zalando nous a retiré nos produits", "Uber Eats a augmenté la commission") or
follows "chez" / "sur" ("je vends sur Ankorstore"). Anything else is asked.
"""

from __future__ import annotations

import re

_NAME = r"(?P<name>[A-Z][\w&'.-]*[a-z][\w&'.-]*(?: [A-Z][\w&'.-]+)?)"
_SUBJECT = re.compile(
    rf"^{_NAME}(?: (?:pro|france|fr|marketplace|seller))? "
    r"(?:a|m'a|m’a|nous a|ont|m'ont|nous ont|me|nous|vient|refuse|bloque|retient|garde|"
    r"exige|impose|supprime|ferme|suspend|augmente)\b"
)
_AFTER_PREPOSITION = re.compile(rf"\b(?:chez|sur) {_NAME}")
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
    """'Zalando' in "Zalando nous a retiré…", or None when no clear name is given."""
    sentence = text.strip()
    if sentence.isupper():  # all capitals: every word looks like a name
        return None
    for pattern in (_SUBJECT, _AFTER_PREPOSITION):
        match = pattern.search(sentence)
        if match and _plausible(match.group("name")):
            return match.group("name")
    return None
