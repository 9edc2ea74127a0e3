"""Yes/no answers in all their French forms, and 'did the platform give its reasons?'."""

from __future__ import annotations

import re

from bot.normalise import normalise
from bot.parsing.result import Parsed, fail

_NO_PHRASES = re.compile(
    r"\b(?:(?:bien sur|absolument|surtout|evidemment|certainement|malheureusement|helas) (?:que )?"
    r"(?:non|pas)|absolument pas|pas du tout|pas vraiment|pas encore|pas tout a fait|pas trop"
    r"|toujours pas|jamais|aucunement|aucune?|nullement|negatif|que dalle|non|nan|nope|no"
    r"|niet|nenni|pas|rien|(?:ne|n) (?:\w+ ){0,3}?(?:pas|jamais|plus|rien))\b"
)
_YES_PHRASES = re.compile(
    r"\b(?:oui|ouais|ouai|ouaip|ouep|oue|wi|yes|yep|yeah|yup|ok|okay|oki|dac|d accord"
    r"|absolument|bien sur|bien entendu|tout a fait|exact|exactement|evidemment|carrement"
    r"|effectivement|certainement|affirmatif|naturellement|oui oui|c est ca|c est exact"
    r"|en effet|volontiers|bien evidemment|sans doute|tres bien|parfaitement|vrai)\b"
)
_NEUTRAL = re.compile(
    r"\b(?:pas de (?:souci|soucis|probleme|problemes)|sans (?:souci|probleme)|pas mal)\b"
)
_UNSURE = re.compile(r"\b(?:sais pas|sais plus|sait pas|peut etre|p e|jsp|oui et non|bof)\b")
_LEAD_YES = {"oui", "ouais", "ouai", "ouaip", "ouep", "yes", "yep", "yeah", "ok", "si"}
_LEAD_NO = {"non", "nan", "no", "nope", "jamais", "never"}
# the first word of a yes or a no in the neighbouring languages sellers write in
_LEAD_YES |= {"ja", "jawohl", "sim", "claro", "certo", "esatto"}
_LEAD_NO |= {"nein", "nie", "niemals", "nao", "nunca"}
# Typed fast or drawn out: 'ui', 'uii', 'ouiii', 'ouaiiis', 'yesss' / 'nn', 'nonnn', 'naaan'.
_ELONGATED_YES = re.compile(r"(?:o?u+i+|w+i+|ou+a+i+[sp]?|ou+e+p|ye+s+|ye+p+|yu+p|o+k+|oki+)")
_ELONGATED_NO = re.compile(r"(?:n+o+n+|n+a+n+|n{2,}|no+|no+pe|ni+e+t)")
_AMBIGUOUS = "Je n'ai pas bien compris : pouvez-vous répondre par oui ou par non ?"
# SMS shorthand owners type, mapped to the words the parsers know ('tjs pas de rep').
_SHORTHAND = {
    "tt": "tout", "tjs": "toujours", "tjrs": "toujours", "tjr": "toujours", "tjours": "toujours",
    "rep": "reponse", "reps": "reponses", "rps": "reponse", "repons": "reponse",
    "repon": "reponse", "repnse": "reponse", "reponce": "reponse", "pr": "pour", "pa": "pas",
    "bcp": "beaucoup", "qd": "quand", "qqch": "quelque chose", "qqn": "quelqu un",
    "pk": "pourquoi", "pq": "pourquoi", "ds": "dans", "ms": "mais", "dc": "donc",
    "ns": "nous", "vs": "vous", "mm": "meme", "jpeux": "je peux", "jpeu": "je peux",
    "jpx": "je peux", "jsuis": "je suis", "chui": "je suis", "jai": "j ai", "ya": "il y a",
    "nvl": "nouvelle", "nvelle": "nouvelle", "pb": "probleme", "pbs": "problemes",
    "msg": "message", "cmt": "comment",
}  # fmt: skip
_SHORTHAND_RE = re.compile(r"\b(?:" + "|".join(_SHORTHAND) + r")\b")
# 'non' as a prefix inside a sentence ('oui, fiches non conformes') is not an answer 'no'.
_NON_PREFIX = re.compile(
    r"(?<=\w )non (?=(?:conform|respect|autoris|valid|certifi|homolog|declar|authenti|livr|recu"
    r"|paye|verifi|compatib|renseign|justifi|reglement|alimentaire|professionn|offic|origin"
    r"|garanti|securis|europ|fourni|traite|utilis)\w*)"
)


def expand_shorthand(clean: str) -> str:
    """Spell out SMS shorthand in normalised text: 'tjs pas de rep' -> 'toujours pas de reponse'."""
    return _SHORTHAND_RE.sub(lambda m: _SHORTHAND[m.group(0)], clean)


def _word_polarity(word: str) -> str | None:
    """'oui' or 'non' for a drawn-out or clipped answer word ('uii', 'nn'), else None."""
    if word in _LEAD_YES or word in _LEAD_NO:
        return None
    if _ELONGATED_YES.fullmatch(word):
        return "oui"
    return "non" if _ELONGATED_NO.fullmatch(word) else None


def _polarity(clean: str) -> str | None:
    """'yes', 'no' or None (unclear) for normalised text."""
    if not clean or _UNSURE.search(clean):
        return None
    clean = _NON_PREFIX.sub("non", expand_shorthand(clean))
    words = [_word_polarity(w) or w for w in clean.split()]
    clean = " ".join(words)
    lead = "yes" if words[0] in _LEAD_YES else "no" if words[0] in _LEAD_NO else None
    opposite = _LEAD_NO if lead == "yes" else _LEAD_YES
    if lead and not opposite.intersection(words[1:4]):
        return lead
    rest = _NEUTRAL.sub(" ", clean)
    has_no = bool(_NO_PHRASES.search(rest))
    has_yes = bool(_YES_PHRASES.search(_NO_PHRASES.sub(" ", rest)))
    if has_yes != has_no:
        return "yes" if has_yes else "no"
    return None


def parse_yes_no(text: str) -> Parsed[str]:
    """'yes' or 'no'; an unclear answer gets a reason."""
    value = _polarity(normalise(text)) or _emoji_polarity(text)
    return Parsed(value) if value else fail(_AMBIGUOUS)


def _emoji_polarity(text: str) -> str | None:
    """A thumbs-up or a tick alone means yes; a thumbs-down or a cross means no."""
    head = text[:20]
    yes, no = any(e in head for e in "👍✅✔"), any(e in head for e in "👎❌✖")
    return "yes" if yes and not no else "no" if no and not yes else None


# A reason was named but thin: vague, generic, "c'est tout", "sans détail".
_REASON_PARTIAL = re.compile(
    r"\b(?:vague\w*|en partie|partiel\w*|pas vraiment|pas clair\w*|peu clair\w*|flou\w*"
    r"|imprecis\w*|generique\w*|automatique\w*|copier coller|plus ou moins"
    r"|(?:messages?|mails?|e mails?|reponses?|lettres?|courriers?|textes?|modeles?) types?"
    r"|a moitie|pas tout a fait|incomplet\w*|pas precis\w*|un peu|bateau|standard|template"
    r"|(?:juste|seulement|simplement|uniquement) (?:dit|parle|mentionne|evoque|ecrit|indique"
    r"|un|une|des|le|la|les|que|qu)|c est tout|point barre|rien de plus"
    r"|non respect (?:des |de nos |de leurs |de la |du )?(?:regles|conditions|politiques?|cgv|cgu"
    r"|reglement|charte)"
    r"|rien d autre|sans plus|pas plus"
    r"|sans (?:aucune? |plus de |trop de |le moindre |le |les |la |des |rien )?"
    r"(?:details?|precisions?|preciser|detailler|explications? precises?)"
    r"|(?:pas|aucune?|peu) (?:de |d )?(?:details?|precisions?)"
    r"|sans (?:me |nous )?(?:dire|preciser|expliquer|indiquer) (?:lesquel\w*|laquelle|lequel"
    r"|en quoi|exactement|precisement|ce qu|ce que)"
    r"|nothing specific|not specific|no details?|without (?:any )?details?|vague|generic"
    r"|(?:violation of|violated) (?:our|their|the) (?:policies|policy|terms|rules)"
    r"|keine details|ohne details|sin detalles|senza dettagli|sem detalhes|nothing else"
    r"|nothing more|mehr nicht|nichts weiter|niente di piu|nada mas|nada mais|policy violation"
    r"|c est du vent|du blabla|langue de bois|c tou|c tout|mais nada|that s it|that s all"
    r"|(?:unusual|suspicious) activity|pour verification|sans (?:aucun |aucune )?(?:chiffres?"
    r"|exemples?|preuves?|elements?)|sans? dire (?:quoi|koi|lesquel\w*)"
    r"|sans (?:nous |me )?(?:dire|montrer|preciser|indiquer) (?:quelle|quel|lequel|laquelle"
    r"|lesquel\w*)"
    # a generic reason that explains nothing: security, unusual activity, "our policies"
    r"|raisons? de securite|motifs? de securite|securite du compte|activite (?:inhabituelle"
    r"|suspecte|anormale)|violation (?:de nos|de leurs) (?:politiques?|conditions|regles)"
    r"|rien de (?:precis|concret|clair|detaille|particulier))\b"
)
_REASON_NO = re.compile(
    r"\b(?:(?:aucune?|sans|pas d|pas de|zero|jamais d|jamais de) (?:\w+ )?(?:explications?"
    r"|motifs?|raisons?|justifications?)|sans rien dire|rien|silence|no (?:reasons?|explanations?)"
    r"|(?:ninguna?|nessuna?|nessun|sin|senza|nenhuma?|sem) (?:\w+ )?(?:explicacion\w*|spiegazion\w*"
    r"|explicac\w*|motiv\w*|razon\w*|ragion\w*|justificacion\w*|giustificazion\w*)"
    r"|nothing)\b"
)
_REASON_YES = re.compile(
    r"\b(?:ils (?:ont )?(?:dit|disent|invoque\w*|explique\w*|indique\w*|precise\w*|motive"
    r"|parle\w*|evoque\w*|mentionne\w*|justifie\w*|reproche\w*)|motif|raison|parce qu\w*"
    r"|a cause|pour cause|violation|non conform\w*|contrefacon|politique|explained|because"
    r"|invoqu\w*|(?:le |leur |un )?(?:mail|courriel|message|lettre) (?:dit|indique|mentionne"
    r"|parle|evoque)|they (?:said|say|told|claim\w*|mention\w*|cited?|invoked?)|due to"
    r"|sie (?:sagen|schreiben|behaupten)|wegen|dicen|dijeron|dicono|hanno detto|dizem"
    r"|disseram|porque|perche)\b"
)
_REASON_AMBIGUOUS = (
    "Je n'ai pas bien compris. La plateforme vous a-t-elle donné ses raisons : "
    "oui, non, ou en partie ?"
)


_PARTIAL_EN = re.compile(r"\b(?:partially|partly|kind of|sort of|vaguely|somewhat)\b")


def parse_reason_given(text: str) -> Parsed[str]:
    """'yes', 'no' or 'partial': did the platform state its reasons?"""
    clean = expand_shorthand(normalise(text))
    if clean in ("partial", "yes", "no"):
        return Parsed(clean)
    if _REASON_PARTIAL.search(clean) or _PARTIAL_EN.search(clean):
        return Parsed("partial")
    if _REASON_NO.search(clean):
        return Parsed("no")
    value = _polarity(clean)
    if value is None and _REASON_YES.search(clean):
        value = "yes"
    return Parsed(value) if value else fail(_REASON_AMBIGUOUS)


# "prévenus 30 jours avant", "un mail un mois à l'avance", "30 days notice": notice given
_NOTICE_GIVEN = re.compile(
    r"\b(?:\d+|un|une|deux|trois|quinze) (?:jours?|semaines?|mois|days?|weeks?|months?)"
    r" (?:avant|a l avance|de preavis|plus tot|before|in advance|notice)\b"
    r"|\b(?:a l avance|in advance|preavis de \d+|prevenu\w* (?:\w+ ){0,3}avant)\b"
)


_NO_NOTICE = re.compile(
    r"\b(?:du jour au lendemain|sans (?:prevenir|preavis|avertissement|nous prevenir|me prevenir)"
    r"|d un coup|brutalement|overnight|without (?:any )?(?:notice|warning)|out of the blue)\b"
)


def parse_notice_given(text: str) -> Parsed[str]:
    """'yes' or 'no': was the seller warned before? A delay before the measure is a yes
    ("on a eu un mail 30 jours avant"), even without a "oui"."""
    clean = expand_shorthand(normalise(text))
    answer = parse_yes_no(text)
    if answer.ok:
        return answer
    if _NO_NOTICE.search(clean):
        return Parsed("no")
    return Parsed("yes") if _NOTICE_GIVEN.search(clean) else answer
