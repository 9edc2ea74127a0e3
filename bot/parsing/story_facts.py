"""Facts told in passing in a story: "on est 3", "40% de mon chiffre", "sans préavis"…

Each finder looks for a short phrase that clearly states one fact and reads it with the
parser of that question, so a story and a direct answer are understood the same way.
Only clear statements count: a fact missed here is simply asked later.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot import parsing
from bot.normalise import MAX_PARSED_CHARS, normalise
from bot.parsing.subject_platform import subject_platform
from bot.taxonomy import detect_problems

_NO_REASON = re.compile(
    r"\b(sans (aucune |la moindre |vraie )?(explication|motif|raison|justification)"
    r"|aucune (explication|raison|justification)|pas d explication"
    r"|rien explique|(ne|n) (m|nous) ont (rien|pas) explique)\b"
)
_NO_NOTICE = re.compile(
    r"\b(sans (aucun |le moindre )?(preavis|prevenir|avertissement|avertir|mise en demeure)"
    r"|du jour au lendemain|aucun preavis|pas de preavis|sans nous prevenir"
    r"|sans me prevenir)\b"
)
_SHARE_WORDS = (
    r"\d{1,3}(?:[.,]\d+)? ?(?:%|pour ?cent|pourcent)|la moitie|un tiers|un quart"
    r"|les trois quarts|les deux tiers|presque tout|quasiment tout|l essentiel|la totalite"
)
_SHARE = re.compile(
    rf"\b(?P<share>{_SHARE_WORDS})\s+(?:de|du|des)\s+(?:mon |notre |mes |nos |l )?"
    r"(?:chiffre|ca|ventes|activite|revenus?|business)\b"
    r"|\b(?:chiffre|ca|ventes|activite)\b(?: d affaires)?"
    r"(?:\s+(?:c est|ca fait|represente|representait|environ|a peu pres|soit|quasi|presque|="
    rf"|pour \S+)){{1,3}}\s+(?P<share2>{_SHARE_WORDS})"
)
# "une baisse de 30% de mes ventes" is a change, not a share.
_CHANGE_BEFORE = re.compile(
    r"(baisse|chute|perdu|perte|hausse|augment|diminu|passe|recul)\w*( de)? $"
)
_HEADCOUNT = re.compile(
    r"\b((?:on est|nous sommes) (?:plutot |environ |a peu pres |presque |juste )?\S+"
    r"|je suis seule?|seule? dans \S+ (?:boite|entreprise|societe)"
    r"|(?:auto|micro) ?entrepreneur\w*|moi et (?:ma|mon) \S+"
    r"|\S+ (?:salaries|employes|collaborateurs|personnes dans))\b"
)
_CONTACTED = re.compile(
    r"\b(?:j ai|on a|nous avons|j avais|je les ai)\s+(?:\S+\s+)?"
    r"(?:contacte|ecrit|appele|relance|ouvert (?:un|des) tickets?|fait (?:une|des) reclamations?"
    r"|envoye (?:un|des) (?:mails?|messages?))"
)
_NOT_CONTACTED = re.compile(
    r"\b(?:je n ai|on n a|nous n avons|je ne les ai|on ne les a|nous ne les avons)"
    r" (?:pas|jamais) (?:\S+ )?(?:contacte|ecrit|appele)"
)
_NO_ACCESS = re.compile(
    r"\b(?:je n ai plus (?:aucun )?acces|plus (?:aucun |d )?acces|aucun acces"
    r"|impossible de me connecter|(?:je )?(?:ne )?(?:peux|peut|px) plus me connecter"
    r"|bloque dehors|locked out)\b"
)
# access to something other than the account (data, customers…) is another matter
_OTHER_ACCESS = re.compile(r"\b(donnee|coordonnee|client|statistique|info|fichier|stat)")
# "on y est depuis l'an dernier", "je vends sur Etsy depuis 2019": how long they have sold
# there, not when the problem began
_SENIORITY = re.compile(
    r"\b(y est|y sommes|y suis|on vend|je vends|vend\w* (sur|chez)|vendeu\w*|inscrit\w*|client\w*"
    r"|present\w*|partenaire\w*)\b.{0,40}\bdepuis\b"
)
_CLAUSE = re.compile(r"[.,;!?\n]+")
_NO_HUMAN = re.compile(
    r"\b(sans (jamais )?(avoir |pouvoir )?(parle a |parler a |eu |joindre )?(un |une )?"
    r"(humain|vraie personne|personne physique)"
    r"|jamais (eu|parle a|pu parler a|pu joindre) (un |une )?(humain|vraie personne))\b"
)
_NO_ANSWER = re.compile(
    r"\b(sans (aucune )?reponse|aucune reponse|pas de reponse|jamais repondu)\b"
)


def find_share_pct(norm: str) -> int | None:
    """A share of turnover stated as such ("40% de mon chiffre", "la moitié de mes ventes")."""
    match = _SHARE.search(norm)
    if not match or _CHANGE_BEFORE.search(norm[max(0, match.start() - 25) : match.start()]):
        return None
    parsed = parsing.parse_share_pct(match.group("share") or match.group("share2"))
    return parsed.value if parsed.ok else None


def find_company_size(norm: str) -> str | None:
    """A headcount stated in passing ("on est 3 dans la boîte", "12 salariés")."""
    for match in _HEADCOUNT.finditer(norm):
        parsed = parsing.parse_company_size(match.group(0))
        if parsed.ok:
            return parsed.value
    return None


def find_contacted_platform(norm: str) -> str | None:
    """'yes' for "j'ai écrit au support", 'no' for "je ne les ai jamais contactés"."""
    if _NOT_CONTACTED.search(norm):
        return "no"
    if _CONTACTED.search(norm):
        return "yes"
    return None


def _lost_access(norm: str) -> bool:
    """ "plus accès à mon compte", not "aucun accès aux coordonnées des clients"."""
    for match in _NO_ACCESS.finditer(norm):
        following = " ".join(norm[match.end() :].split()[:4])
        if not _OTHER_ACCESS.search(following):
            return True
    return False


def _without_seniority(text: str) -> str:
    """The text without the clauses saying how long they have sold on the platform."""
    clauses = _CLAUSE.split(text[:MAX_PARSED_CHARS])
    return ". ".join(c for c in clauses if not _SENIORITY.search(normalise(c)))


def story_facts(text: str | None, today: date) -> dict[str, Any]:
    """Every fact a free-text message states clearly, by slot name (platform aside)."""
    if not text or text.startswith("/"):
        return {}
    norm = normalise(text[:MAX_PARSED_CHARS])
    facts: dict[str, Any] = {}
    amount = parsing.find_amount_eur(text)
    if amount is not None:
        facts["estimated_loss_eur"] = amount
    started = parsing.find_date(_without_seniority(text), today)
    if started is not None:
        facts["started_on"] = started.isoformat()
    if _NO_REASON.search(norm):
        facts["reason_given"] = "no"
    if _NO_NOTICE.search(norm):
        facts["notice_given"] = "no"
    share = find_share_pct(norm)
    if share is not None:
        facts["revenue_share_pct"] = share
    size = find_company_size(norm)
    if size is not None:
        facts["company_size"] = size
    if _NO_HUMAN.search(norm):
        facts["human_contact"] = "no"
    if _lost_access(norm):
        facts["account_access"] = "none"
    contacted = find_contacted_platform(norm)
    if contacted is not None:
        facts["contacted_platform"] = contacted
        if contacted == "yes" and _NO_ANSWER.search(norm):
            facts["support_outcome"] = "no_answer"
    return facts


def facts_told(text: str | None, today: date) -> dict[str, Any]:
    """The platform the story is about, the problems and every other fact a message states.

    Read from an opening story and from any longer answer alike.
    """
    if not text or text.startswith("/"):
        return {}
    facts = story_facts(text, today)
    platform, problems = subject_platform(text), detect_problems(text)
    if platform:
        facts["platform"] = platform
    if problems:
        facts["problems"] = problems
    return facts
