"""The visibility level in the seller's words: anonymous, confidential, shared, or half a
choice ("pas en anonyme", "la plateforme ne doit pas savoir") that rules one level out."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.normalise import normalise
from bot.parsing.result import Parsed, fail
from bot.parsing.yesno import parse_yes_no
from bot.sound import sounds_like
from bot.taxonomy import detect_other_platforms, detect_platforms

NOT_ANONYMOUS = "not_anonymous"  # half a choice: confidential or shared, to be asked
NOT_SHARED = "not_shared"  # half a choice: anonymous or confidential, to be asked
RULED_OUT = {NOT_ANONYMOUS: "anonymous", NOT_SHARED: "shared"}

_NEGATION = re.compile(r"\b(?:ne|n|pas|pa|sans|jamais|non|surtout pas|aucun\w*)\b")
_NOT_ANONYMOUS = re.compile(r"\b(?:pas|non|plus|ni|sans) (?:\w+ ){0,2}?anonym\w*")
# Verbs of knowing someone's identity, in the forms used after 'que' or a modal.
_KNOW = (
    r"(?:sache|sachent|savoir|saura|sauront|connaisse|connaissent|connaitre|reconnaisse"
    r"|reconnaissent|reconnaitre|apprenne|apprennent|apprendre|identifie|identifient|identifier"
    r"|(?:etre |soit |soient )?(?:informee?s?|au courant|prevenue?s?))"
)
_ANYONE = r"(?:personne|quiconque|nul|on|qui que ce soit)"
# Nobody may know who I am: 'personne doit savoir que c moi', 'que personne sache',
# 'je veux pas qu'on sache qui je suis', 'qu'on sache pas que c'est nous'.
_NOBODY_KNOWS = "|".join(
    [
        r"(?:personne|quiconque|nul) (?:ne |n )?(?:\w+ ){0,2}?" + _KNOW,
        r"(?:pas|jamais|sans) (?:que |qu )" + _ANYONE + r" (?:ne |n )?(?:\w+ ){0,2}?" + _KNOW,
        r"qu on (?:ne |n )?(?:\w+ ){0,2}?" + _KNOW + r" (?:\w+ ){0,3}?(?:pas|jamais|rien)",
    ]
)
_ANONYMOUS = re.compile(
    r"\b(?:anonym\w*|incognito|discret\w*|discretion"
    r"|sans (?:mon |mes |notre |nos |aucun )?(?:nom|noms|identite|coordonnees)"
    r"|ne pas (?:etre )?(?:identifie|reconnu|nomme|cite)\w*|"
    + _NOBODY_KNOWS
    + r"|(?:ne|n) (?:me |nous )?(?:nomme|nommez|citez|cite) pas|pas (?:me |nous )?(?:nommer|citer)"
    r"|keep (?:me |us |it )?anonymous|don t (?:name|tell)|no names?)\b"
)
_CONFIDENTIAL = re.compile(
    r"\b(?:confidenti\w*|que le ministere|seulement le ministere"
    r"|uniquement le ministere|juste le ministere|ministry only|only the ministry)\b"
)
_MINISTRY_OK = re.compile(r"\bministere (?:\w+ ){0,2}(?:contacter|rappeler|appeler|joindre)")
# They may know it is us: 'ils peuvent savoir que c'est nous'.
_MAY_KNOW = (
    r"(?:peuvent|peut|pouvez|pouve|peux|pourront|pourra|doivent|doit) (?:\w+ ){0,2}?" + _KNOW
)
# "Tell them who we are", "you can give them my name".
_SAY_WHO = (
    r"(?:dire|dites|donner|donnez|indiquer|indiquez|reveler|devoiler|transmettre)"
    r" (?:leur |lui |a la plateforme |a \w+ )?(?:qui (?:nous sommes|je suis|on est|c est)"
    r"|(?:mon|notre) (?:nom|identite))"
)
_SHARED = re.compile(
    r"\b(?:"
    + _SAY_WHO
    + r"|partag\w*|nomm\w*|(?:donner|donnez|dites|dire|citez) (?:mon|notre) nom|citer|cite"
    r"|transmet\w*|communiqu\w*|(?:mon|notre) nom peut|identifie\w*|rien a cacher"
    r"|avec (?:mon|notre) nom|public\w*|pouvez (?:donner|dire)"
    r"|"
    + _MAY_KNOW
    + r"|ok (?:que |qu )(?:\w+ ){1,2}?(?:le |l )?"
    + _KNOW
    + r"|(?:parler|parlez) de (?:moi|nous)|par (?:mon|notre) nom"
    + r"|(?:mentionner|mentionnez|citer|citez|nommer|nommez|donner|donnez) (?:\w+ ){0,2}?"
    + r"(?:notre|ma|mon|nos) (?:societe|entreprise|nom|boutique|marque)"
    + r"|(?:veux bien|d accord pour|ok pour|fine with) (?:que |qu )?(?:\w+ ){0,3}?(?:le |l )?"
    + _KNOW
    + r"|tell (?:\w+ ){0,2}?(?:my|our) names?|(?:being |be )told (?:my|our) names?"
    + r"|(?:can|may) know|don t mind (?:\w+ ){0,2}knowing"
    + r"|dites (?:leur|le)|share\w*|tell them|(?:it s|it is) (?:us|me)|use (?:my|our) name"
    r"|name (?:me|us)|with (?:my|our) name)\b"
)
# "They" (the platform) must not know: one level ruled out, the ministry not mentioned.
_THEY_MUST_NOT_KNOW = re.compile(
    r"\b(?:(?:qu |que )?(?:ils|elles?|eux)|la plateforme|le site) (?:ne |n )?(?:le |l )?"
    r"(?:\w+ ){0,2}?" + _KNOW
)
# Phrases whose negation says yes: "pas de souci pour donner mon nom", "rien à cacher".
_NEGATION_MEANING_YES = re.compile(
    r"\b(?:pas de (?:souci|soucis|probleme|problemes)|aucun (?:souci|probleme)"
    r"|sans (?:souci|probleme)|(?:ca |cela )?ne me (?:derange|gene) pas|n ai (?:pas|aucune) peur"
    r"|n avons (?:pas|aucune) peur|m en fiche|m en fous|m en moque|peu m importe|ca m est egal"
    r"|n (?:ai|avons|a) (?P<hide>rien a cacher))\b"
)
_ANONYMOUS_TO_PLATFORM = re.compile(
    r"(?:anonym\w*|discret\w*) (?:pour|envers|vis a vis|aupres|face a) (?:de )?la plateforme"
)
_PLATFORM = re.compile(r"\b(?:plateformes?|platform|marketplace|vendeur|amazon|cdiscount)\b")
_VISIBILITY_CODES = {"anonymous", "confidential", "shared"}
_VISIBILITY_MAX_CHARS = 1000  # a choice between three levels; longer text is not read
_HIDDEN_FROM_PLATFORM = re.compile(
    r"\bsans que (?:\w+ ){1,4}(?:le |l )?(?:sache|sachent|soi(?:t|ent) au courant|apprenne)"
)
_CALLBACK = re.compile(
    r"\b(?:rappel\w*|recontact\w*|me contacter|me joindre|m appeler|appelez moi"
    r"|contactez moi|qu on me contacte|qu on m appelle)\b"
)


_VISIBILITY_WORDS = ("anonyme", "confidentiel", "partage")
_FUZZY_MIN_LETTERS = 6
_FUZZY_MIN_RATIO = 80
# The three levels in Spanish, Italian and Portuguese ('anónimo', 'riservato', 'condiviso').
_FOREIGN_VISIBILITY = {
    **dict.fromkeys(("anonimo", "anonima", "anonimos", "anonimato", "anonimamente"), "anonyme"),
    **dict.fromkeys(
        ("confidencial", "confidenziale", "riservato", "riservata", "reservado", "reservada"),
        "confidentiel",
    ),
    **dict.fromkeys(
        ("compartido", "compartida", "compartir", "compartilhado", "condiviso", "condivisa",
         "condividere", "condividi"),
        "partage",
    ),
}  # fmt: skip


def _visibility_word(word: str) -> str:
    """The level keyword a misspelt or foreign word stands for ('confidenciel'), else the word."""
    if word in _FOREIGN_VISIBILITY:
        return _FOREIGN_VISIBILITY[word]
    if len(word) < _FUZZY_MIN_LETTERS or word.startswith(("anonym", "confidenti", "partag")):
        return word
    best = process.extractOne(
        word, _VISIBILITY_WORDS, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN_RATIO
    )
    return best[0] if best else (sounds_like(word, _VISIBILITY_WORDS) or word)


def _read_visibility(text: str) -> str:
    """Normalised text with typos and foreign forms of the three levels spelt in French, and
    the phrases whose negation means yes ("pas de souci pour…") said plainly."""
    words = " ".join(_visibility_word(w) for w in normalise(text).split())
    return _NEGATION_MEANING_YES.sub(lambda m: m.group("hide") or "ok", words)


# clauses: "le ministère oui, mais pas Amazon", "mé pa rakuten" written by ear
_CLAUSE = re.compile(r"[,;.!?\n]|\bmais\b|\bm[ée]\b(?=\s+pas?\b)", re.IGNORECASE)
# the ministry may know: "vous pouvez avoir mes infos", "vous pouvez savoir qui je suis"
_MINISTRY_MAY_KNOW = re.compile(
    r"\b(?:vous|le ministere) (?:pouvez|pouve|peut|pourrez) (?:\w+ ){0,2}?(?:avoir|savoir"
    r"|connaitre|garder|conserver|noter) (?:mes|nos|qui|mon|notre)\b"
)
# somebody but "nobody" must not know: "tiktok doit pas savoir", "qu'ils ne sachent pas"
_SOMEONE_MUST_NOT_KNOW = re.compile(
    r"\b(?!personne\b|quiconque\b|on\b|nobody\b)\w+ (?:ne |n )?(?:\w+ ){0,2}?(?:pas|pa|jamais)"
    r" (?:\w+ )?" + _KNOW
)


def parse_visibility(text: str) -> Parsed[str]:
    """anonymous / confidential / shared; negations ('pas anonyme') are respected."""
    raw = text[:_VISIBILITY_MAX_CHARS]
    if normalise(raw) in _VISIBILITY_CODES:
        return Parsed(normalise(raw))
    clean = _read_visibility(raw)
    clauses = [_read_visibility(c) for c in _CLAUSE.split(raw)]
    negated_anonymous = bool(_NOT_ANONYMOUS.search(clean))
    plainly_anonymous = bool(_ANONYMOUS.search(clean)) and not negated_anonymous
    hidden = any(_SOMEONE_MUST_NOT_KNOW.search(c) for c in clauses)
    if hidden and _MINISTRY_MAY_KNOW.search(clean):  # "vous pouvez avoir mes infos mais…"
        return Parsed("confidential")
    for clause in clauses:  # 'le ministère peut me contacter mais pas la plateforme'
        negated = _NEGATION.search(clause) and not plainly_anonymous
        named = (
            _PLATFORM.search(clause) or detect_platforms(clause) or detect_other_platforms(clause)
        )
        if negated and named:
            return Parsed("confidential")
    if _CONFIDENTIAL.search(clean) or _HIDDEN_FROM_PLATFORM.search(clean):
        return Parsed("confidential")
    if plainly_anonymous:
        if _MINISTRY_OK.search(clean) or _ANONYMOUS_TO_PLATFORM.search(clean):
            return Parsed("confidential")
        return Parsed("anonymous")
    if any(_SHARED.search(c) and not _NEGATION.search(c) for c in clauses):
        return Parsed("shared")
    if _CALLBACK.search(clean):  # a callback needs contact details: the ministry keeps them
        return Parsed("confidential")
    if negated_anonymous:
        return Parsed(NOT_ANONYMOUS)
    if any(_THEY_MUST_NOT_KNOW.search(c) and _NEGATION.search(c) for c in clauses):
        return Parsed(NOT_SHARED)
    return fail("Je n'ai pas compris. Vous préférez : anonyme, confidentiel ou partagé ?")


def parse_remaining_visibility(text: str, ruled_out: str) -> Parsed[str]:
    """The level chosen after half a choice ruled `ruled_out` out.

    The question then asked is a yes/no one: "may the platform know your name?" once
    anonymity is ruled out, "may the ministry know who you are?" once sharing is. A level
    named in full wins, even the one ruled out (the seller changed their mind).
    """
    parsed = parse_visibility(text)
    if parsed.ok and parsed.value not in RULED_OUT:
        return parsed
    if parsed.ok and RULED_OUT[parsed.value] != ruled_out:
        return Parsed("confidential")  # not anonymous and not shared
    answer = parse_yes_no(text)
    if answer.ok and ruled_out == "anonymous":
        return Parsed("shared" if answer.value == "yes" else "confidential")
    if answer.ok and ruled_out == "shared":
        return Parsed("confidential" if answer.value == "yes" else "anonymous")
    return fail("Je n'ai pas compris.")
