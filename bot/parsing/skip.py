"""Detecting that the user declines to answer: 'passer', 'je ne sais pas', 'jsp'.

'sans réponse' is not a skip: in this bot it describes the platform's silence
(support_outcome = no_answer).
"""

from __future__ import annotations

import re

from bot.normalise import normalise

MAX_SKIP_WORDS = 8
"""Longer messages are answers or stories, even when they contain 'je ne sais pas'."""

# "I don't know": the user cannot answer.
_UNSURE = (
    r"(?:je )?(?:ne )?(?:sais|sait|saurais|sai) (?:pas|plus|rien|po)"
    r"|j sais pas|chais pas|ch sais pas|chai pas|chepa|chaipas|jsp|jcp|nsp|jsais pas|sais pas"
    r"|(?:aucune|pas la moindre|pas une|aucune espece d) idee|pas d idee|aucun souvenir"
    r"|idk|dunno|no idea|not sure|(?:i )?don t know|(?:i )?dont know"
    r"|(?:je )?(?:ne )?(?:me )?(?:souviens|rappelle) (?:pas|plus)|pas sur|pas sure"
    r"|(?:difficile|dur|impossible|compliqu\w*) (?:a |de )?(?:dire|savoir|estimer|evaluer|chiffrer)"
    r"|(?:hard|difficult) to (?:say|tell)"
    r"|pas (?:\w+ ){0,2}?(?:sous la main|sous les yeux|sur moi|en tete)"
)
# "Next" or "I'd rather not say": the user will not answer.
_DECLINE = (
    r"passer|passez|on passe|je passe|suivante?|question suivante|skip|next|pass"
    r"|(?:i d )?(?:rather|prefer) not(?: to)?(?: say| answer| tell)?"
    r"|(?:je )?prefere(?:rais)? (?:ne )?pas (?:le |l |vous le )?"
    r"(?:dire|repondre|preciser|communiquer|donner|indiquer|en parler)"
    r"|(?:je )?(?:prefere|prefererais) (?:ne )?pas(?: (?:merci|desolee?))?$"
    r"|pas envie|(?:je )?(?:ne )?(?:souhaite|veux|voudrais) pas(?: (?:merci|desolee?))?$"
    r"|(?:ne )?(?:souhaite|veux|voudrais) pas (?:le |l |vous le )?"
    r"(?:repondre|dire|preciser|communiquer|donner|indiquer)"
    r"|pas de commentaire|sans commentaire|no comment|ca ne vous regarde pas"
)
_SKIP = re.compile(rf"^passe$|\b(?:{_UNSURE}|{_DECLINE})\b")
_UNSURE_RE = re.compile(rf"\b(?:{_UNSURE})\b")
# Words that only qualify the skip: 'je sais pas du tout' is not 'tout' (100 %).
_FILLER = re.compile(
    r"\b(?:du tout|trop|vraiment|exactement|franchement|bien|euh+|hmm+|ben|bah|bof|desolee?"
    r"|merci|svp|stp|mon tour|encore|au juste|honnetement)\b"
)
_NOT_SKIP = re.compile(r"\b(?:sais pas|sait pas) (?:quoi|comment|pourquoi|si|ou|qui|quand)\b")
_REFUSAL = re.compile(
    r"^(?:(?:euh|ben|bah|bof|ah|oh|alors) )?(?:non|nan|nn|no|nope|niet|non non|pas question"
    r"|(?:moi |pas |toujours )?non plus"
    r"|hors de question|surtout pas|certainement pas|jamais|pas maintenant)"
    r"(?: (?:merci|desolee?|pas maintenant))?$"
)
MAX_WITHHOLD_WORDS = 12
"""'je préfère ne pas donner le nom de ma boutique' is longer than a bare skip."""
# Withholding a personal detail: 'je ne donne pas mon mail', 'non, pas de siren'.
_DETAIL = (
    r"(?:noms?|mails?|e mails?|emails?|adresses?|numeros?|telephones?|tel|portables?|siren"
    r"|siret|coordonnees|identite|boutiques?|entreprises?|societes?|magasins?|marques?)"
)
_GIVE = (
    r"(?:donne|donner|donnerai|donnerais|communique|communiquer|communiquerai|transmets"
    r"|transmettre|transmettrai|laisse|laisser|laisserai|dis|dire|dirai|indique|indiquer"
    r"|partage|partager|file|filer|give|share)"
)
_WITHHOLD = re.compile(
    rf"\b(?:(?:ne |n )?{_GIVE} (?:pas|jamais|plus)|(?:prefere|prefererais|souhaite|veux"
    rf"|voudrais|aime|aimerais)(?: ne)? pas (?:vous |les |le |la |l )?{_GIVE}"
    rf"|(?:rather|prefer) not (?:to )?{_GIVE}|(?:won t|don t|do not|will not) {_GIVE}"
    rf"|pas (?:de|d)|aucune?|no) (?:(?:mon|ma|mes|notre|nos|le|la|les|l|de|d|du|des|vous|my"
    rf"|our|the) )*(?:\w+ )?{_DETAIL}\b"
)

# "Whatever suits you": the user leaves the choice to the bot.
_INDIFFERENT = re.compile(
    r"\b(?:comme (?:vous|tu) (?:voulez|voudrez|veux|voudras|preferez|le sentez)|peu importe"
    r"|n importe (?:lequel|laquelle|quoi)|(?:ca|cela) m est (?:egal|indifferent)|m en fiche"
    r"|m en fous|m en moque|a vous de (?:voir|choisir|decider)|vous choisissez"
    r"|choisissez (?:pour moi|vous)|je vous laisse (?:choisir|decider|voir)|au choix"
    r"|whatever|as you (?:like|wish|prefer)|(?:i )?don t (?:mind|care)|up to you)\b"
    # "je m'en fiche qu'ils sachent" says what does not matter: an answer, not a shrug
    r"(?! (?:que|qu|de|d|si|if|that|whether|who)\b)"
)


def _short_and_matching(
    text: str, pattern: re.Pattern[str], max_words: int = MAX_SKIP_WORDS
) -> bool:
    clean = normalise(text)
    words = clean.split()
    if not words or len(words) > max_words or re.search(r"\d", clean):
        return False
    return bool(pattern.search(clean)) and not _NOT_SKIP.search(clean)


def is_skip(text: str) -> bool:
    """True when a short message declines to answer the current question."""
    return _short_and_matching(text, _SKIP)


def is_withheld(text: str) -> bool:
    """True when a short message refuses to give a personal detail ('pas de siren',
    'je ne donne pas mon nom', 'je préfère ne pas donner le nom de ma boutique')."""
    return _short_and_matching(text, _WITHHOLD, MAX_WITHHOLD_WORDS)


def is_unsure(text: str) -> bool:
    """True when the skip says "I don't know" ('aucune idée', 'jsp'), not "I won't say"."""
    return _short_and_matching(text, _UNSURE_RE)


def is_indifferent(text: str) -> bool:
    """True when a short message leaves the choice to us ('comme vous voulez', 'peu importe')."""
    return _short_and_matching(text, _INDIFFERENT)


def skip_remainder(text: str) -> str:
    """The normalised text left once its skip phrases are removed ('jsp, la moitié' -> 'la
    moitie'): a hedged answer that may still carry a value."""
    return " ".join(_FILLER.sub(" ", _SKIP.sub(" ", normalise(text))).split())


def is_refusal(text: str) -> bool:
    """True when the whole message is a bare 'no' ('non', 'non merci', 'pas question').

    Only meaningful for free-text questions (a name, a sector): there 'non' declines;
    for a yes/no question it is an answer.
    """
    return bool(_REFUSAL.match(normalise(text)))
