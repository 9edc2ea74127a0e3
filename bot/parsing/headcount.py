"""Company size from a headcount answer: micro <10, small 10–49, medium 50–249, large 250+.

'une dizaine' counts as 10 (small), 'une trentaine' as 30; 'moins de N' as N - 1;
'moi et 3 salariés' as 4; 'je suis seul', 'une personne', 'auto-entrepreneur', 'moi et ma
femme' are micro.
"""

from __future__ import annotations

import re

from bot.normalise import MAX_PARSED_CHARS, normalise
from bot.parsing.numbers import digitise, merge_thousands, prepare_numbers
from bot.parsing.result import Parsed, fail

SIZES = ("micro", "small", "medium", "large")
_LABELS = [
    (re.compile(r"\b(?:moins de 10|0 a 9|1 a 9|tpe)\b"), "micro"),
    (re.compile(r"\b10 (?:a )?49\b"), "small"),
    (re.compile(r"\b50 (?:a )?249\b"), "medium"),
    (re.compile(r"\b(?:(?:plus de|au moins) 250|250 (?:et|ou) plus|250 \+|grands? groupes?"
                r"|grande entreprise|eti|multinationale)\b"), "large"),
]  # fmt: skip
_ALONE = re.compile(
    r"\b(?:seule?|tout seule?|juste moi|(?:que|ke|k) moi|moi uniquement|uniquement moi|moi meme"
    r"|auto ?entrepreneu\w*|micro ?entrepr\w*|micro entreprise|freelance|independante?"
    r"|solo|personne d autre|unipersonnel\w*|sasu|eurl|eirl|ei|aucun salarie|pas de salaries?"
    r"|sans salaries?|zero salarie|just me|only me|myself|me alone|one man)\b"
)
_COUPLE = re.compile(
    r"\b(?:moi et (?:ma|mon) \w+|(?:ma|mon) \w+ et moi|nous deux|a deux|en couple"
    r"|avec (?:ma|mon) (?:femme|mari|conjointe?|compagne?|compagnon|associee?|epouse|epoux"
    r"|frere|soeur|fils|fille|pere|mere))\b"
)
# 'une personne', 'un seul salarié': 'un'/'une' is kept as a word by digitise
_ONE_PERSON = re.compile(
    r"\b(?:une?|1) (?:seule? |petite? )?(?:personne|salariee?|employee?|gerante?|associee?"
    r"|person|employee)s?\b|\bone (?:person|employee)\b"
)
_PLUS_ME = re.compile(
    r"\b(?:moi|nous) (?:et|plus|\+|avec) (\d{1,6})\b|\b(\d{1,6}) (?:\w+ )?(?:plus|\+|et) moi\b"
)
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,12})(?!\d)(?:\.\d+)?(?! ?(?:€|euros?\b|k\b|%|ans?\b|mois\b))"
)
_YEAR_BEFORE = re.compile(r"\b(?:depuis|en|annee|de)$")
_NO_SIZE = "Combien de personnes travaillent dans l'entreprise ? Par ex. « je suis seul », « 12 »."


def size_for(headcount: int) -> str:
    """The size code of a headcount."""
    if headcount < 10:
        return "micro"
    if headcount < 50:
        return "small"
    return "medium" if headcount < 250 else "large"


def _headcount(clean: str) -> int | None:
    plus_me = _PLUS_ME.search(clean)
    if plus_me:
        return int(plus_me.group(1) or plus_me.group(2)) + 1
    for match in _NUMBER.finditer(clean):
        before = clean[: match.start()].rstrip()
        if _YEAR_BEFORE.search(before) and len(match.group(1)) == 4:
            continue
        count = int(match.group(1))
        if before.endswith("moins de"):
            count -= 1
        return count
    return None


def parse_company_size(text: str) -> Parsed[str]:
    """micro / small / medium / large from a headcount, a size label or a code."""
    clean = digitise(merge_thousands(normalise(prepare_numbers(text[:MAX_PARSED_CHARS]))))
    if clean in SIZES:
        return Parsed(clean)
    label = next((code for pattern, code in _LABELS if pattern.search(clean)), None)
    if label:
        return Parsed(label)
    if re.search(r"(?:^|\s)[-−](?=\d)", text[:MAX_PARSED_CHARS]):
        return fail("Un effectif ne peut pas être négatif. Exemple : « 12 salariés ».")
    count = _headcount(clean)
    if count is not None:
        if count > 5_000_000:
            return fail("Cet effectif me paraît trop élevé : pouvez-vous le vérifier ?")
        return Parsed(size_for(max(count, 0)))
    if _COUPLE.search(clean) or _ALONE.search(clean) or _ONE_PERSON.search(clean):
        return Parsed("micro")
    return fail(_NO_SIZE)
