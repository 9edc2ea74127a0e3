"""Closed choices: support outcome, seller-account access."""

from __future__ import annotations

import re

from bot.normalise import normalise
from bot.parsing.result import Parsed, fail
from bot.parsing.yesno import expand_shorthand, parse_yes_no


def _rules(table: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(r"\b(?:" + pattern + r")\b"), code) for pattern, code in table]


def _first(clean: str, rules: list[tuple[re.Pattern[str], str]]) -> str | None:
    return next((code for pattern, code in rules if pattern.search(clean)), None)


_OUTCOME_CODES = ("resolved", "rejected", "no_answer", "pending")
_WEAK_NO_ANSWER = "weak_no_answer"  # 'rien', 'jamais': silence, unless they did answer
_CANNOT = r"(?:peuvent|pouvaient|peut|pouvait|pourront|pourraient|pourrait|pouvons|peux|pouvez)"
_OUTCOME = _rules([  # checked in this order: the first that matches wins
    (r"rien de regle|ca traine"
     r"|(?:pas|non|toujours pas|jamais|rien n a ete|rien n est) (?:encore |vraiment |ete )?"
     r"(?:resolu|regle|retabli|arrange|debloque|reactive)e?s?"
     r"|(?:va|vont|allait|allaient|devrait|devraient|doit|doivent) (?:etre )?(?:resolu|regle"
     r"|retabli|reactive|debloque|rembourse|traite|revu|reexamine|reetudie)e?s?", "pending"),
    (r"refus\w*|rejet\w*|ils ont dit non|ont dit non|debout\w*|classe sans suite|niet"
     r"|ne veulent pas|ont refuse|reponse negative|negati\w*|fin de non recevoir"
     r"|envoye (?:bouler|balader|promener|paitre|chier)|rien voulu savoir"
     r"|s en (?:foutent|fout|fichent|fiche|moquent|moque|tapent|balancent|battent)"
     r"|(?:repondu|ecrit|confirme) (?:que )?non|(?:ne |n )?" + _CANNOT + r" (?:rien|pas)"
     r" (?:faire|y faire|pour (?:moi|nous)|m aider|nous aider|intervenir|changer)"
     r"|(?:ne |n )?" + _CANNOT + r" rien|rien a (?:y )?faire|aucun recours|pas de recours"
     r"|c (?:est|etait) comme ca|(?:nouvelle |leur |la |notre )?politique|c est (?:la|leur) regle"
     r"|(?:decision|sanction) (?:est |etait |sera |serait |reste )?(?:definitive|finale"
     r"|maintenue|irrevocable)|maintien\w*|ne reviendr\w* (?:pas|jamais|plus)"
     r"|maintenu\w*|confirme\w* (?:la|leur|sa) (?:decision|sanction|suspension|fermeture)"
     r"|impossible de (?:me |nous )?(?:rembourser|reactiver|debloquer|retablir|revenir|changer)"
     r"|c (?:est|etait|serait) (?:\w+ ){0,2}?(?:final\w*|definiti\w*|normal|irrevocable"
     r"|sans appel|la procedure|conforme\w*)|cgv|cgu|conditions generales"
     r"|(?:selon|d apres|dans|conformement a|prevu par) (?:les |leurs |ses |nos |le |leur )?"
     r"(?:conditions|regles|reglement|contrat)"
     r"|rejected|refused|denied|declined|(?:can t|cannot|won t) (?:do|help)"
     r"|nothing (?:they|we|to) (?:can )?do|(?:their|company) policy|case closed"
     r"|respect\w* (?:les |leurs |nos |ses |aux |a leurs )?(?:regles|conditions|politiques?|cgv)"
     r"|conforme\w* (?:a |aux )(?:leurs |nos |ses |les )?(?:regles|conditions|politiques?)"
     r"|no se puede|non si puo|nao e possivel|nicht moglich|abgelehnt|rechazad\w*|rifiutat\w*"
     r"|recusad\w*"
     # blind round 11: not negotiable, not to be reviewed, the same for every seller
     r"|(?:non|pas|rien de) negociable\w*|(?:ne |n )?(?:sera|serait|seront|seraient|est|sont"
     r"|va|vont) (?:pas|jamais|plus) (?:etre )?(?:revu|reexamine|reconsidere|rediscute)e?s?"
     r"|(?:identiques?|les memes?|pareil\w*|valables?) pour (?:tous|tout le monde|toutes)",
     "rejected"),
    (r"(?:pas|aucune?|jamais|sans) (?:eu )?(?:de )?(?:reponses?|retours?|nouvelles?)"
     r"|(?:jamais|pas|rien) (?:eu de )?(?:repondu|rappele|dit|ecrit)|silence\w*|ignor\w*|ghost\w*"
     r"|(?:ne )?(?:me |m )?(?:repond\w*|rappel\w*) (?:pas|jamais|plus)|toujours rien"
     r"|personne (?:ne |n )(?:\w+ ){0,2}(?:repond\w*|rappel\w*|contact\w*|dit|ecrit|lu|vu)"
     r"|rien du tout|aucune? nouvelles?|pas de nouvelles?|impossible de (?:les )?(?:joindre"
     r"|contacter|avoir quelqu un)|no (?:answer|reply|response|news)"
     r"|keine antwort|(?:sin|ninguna|nessuna|senza|sem|nenhuma) (?:respuestas?|rispost[ae]"
     r"|respostas?|noticias?"
     r"|notizie?)"
     r"|never (?:answered|replied)", "no_answer"),
    (r"rien|jamais|personne|nada|que dalle|nothing", _WEAK_NO_ANSWER),
    (r"en cours|j attends|on attend|attend(?:ons|ent|ait|ais)|j atend\w*|en attente|attente"
     r"|pas encore|(?:il|ils|kil|kils|qu ils|qu il) (?:regarde|regardent|verifie|verifient)"
     r"|toujours pas|on verra|d?attendre|d?patienter"
     r"|(?:dit|demande|conseille|propose|prie) (?:de |d )(?:\w+ )?(?:attendre|patienter)"
     r"|attendre|patienter|patience|sois patient|soyez patient"
     r"|ticket ouvert|ils (?:examinent|regardent|etudient)|en traitement|a suivre|train\w*"
     r"|ca traine|en suspens|pas (?:fini|termine|clos)|(?:vont|allaient|allait|va|doivent"
     r"|devaient) (?:voir|regarder|examiner|etudier|revenir|traiter|me recontacter|transmettre)"
     r"|reviendr\w*|transmis|remonte\w*|escalad\w*|pending|waiting|ongoing|still open",
     "pending"),
    (r"resolu\w*|regle|reglee?s?|retabli\w*|arrange\w*|debloque\w*|reactive\w*|rembourse\w*"
     r"|ca marche|ca remarche|c est bon|tout est rentre dans l ordre|solutionne|resolved"
     r"|solved|fixed|sorted", "resolved"),
])  # fmt: skip
# They did answer ('ils m'ont dit que…'): a bare 'rien' or 'jamais' then is not silence.
_ANSWERED = re.compile(
    r"\b(?:ont|a|avaient|avait) (?:\w+ )?(?:repondu|dit|ecrit|explique|indique|precise"
    r"|affirme|fait savoir|replied|said|told)\b|\b(?:reponses?|messages?|mails?) types?\b"
)
_OUTCOME_REASON = "Quel a été le résultat : résolu, refusé, pas de réponse, ou toujours en cours ?"


def parse_support_outcome(text: str) -> Parsed[str]:
    """resolved / rejected / no_answer / pending."""
    clean = expand_shorthand(normalise(text))
    if clean.replace(" ", "_") in _OUTCOME_CODES:
        return Parsed(clean.replace(" ", "_"))
    answered = bool(_ANSWERED.search(clean))
    for pattern, code in _OUTCOME:
        if code == _WEAK_NO_ANSWER and answered:
            continue
        if pattern.search(clean):
            return Parsed("no_answer" if code == _WEAK_NO_ANSWER else code)
    return fail(_OUTCOME_REASON)


_CAN_LOG_IN = (
    r"(?:(?:je |on |nous )?(?:peux|peut|peu|pe|jpeux|jpeu|pouvons|arrive a|arrivons a)"
    r" (?:encore |toujours )?(?:me |nous |m |se )?(?:conn?ect\w*|co|logger|loguer|log|login"
    r"|identifier|acceder)"
    r"|(?:je |on )?(?:me |nous )connect\w*|connexion (?:ok|possible|marche|fonctionne)"
    r"|(?:can|still) (?:log|access|connect|sign))"
)
_ACCESS = _rules([
    (r"en partie|partiel\w*|(?:pas |in)complet\w*|lecture|limite\w*|restreint\w*"
     r"|pas (?:a )?tout|un peu|consulter|je vois|je voyais|on voit|on voyait|voir mais"
     r"|peux voir|seulement|uniquement"
     r"|juste pour|que pour|only|but only"
     r"|mais (?:je |j )?(?:ne |n )?(?:peux|peut|jpeux) (?:rien|pas|plus)"
     r"|certaines?|quelques|a moitie|plus ou moins|read only|partly|partially|limited"
     r"|some", "partial"),
    (r"non|nan|plus du tout|pas du tout|aucun\w*|bloque\w*|plus (?:d )?acces|pas (?:d )?acces"
     r"|impossible|ferme|suspendu|desactive\w*|rien|jamais|n ai plus|ne peux plus|banni"
     r"|supprime|(?:jpeux|jpeu|peux|peut|peu|pe|pouvons|arrive|arrivons|parviens|parvient)"
     r"(?: meme)? (?:plus|plu|pas|pu)|(?:plus|pu) moyen|plus possible|pu (?:d )?acces|dehors"
     r"|(?:pas|plus) (?:encore |toujours )(?:d |l |un )?acces|no access|locked out"
     r"|(?:can t|cant|cannot|can not) (?:log|access|connect|get)|no longer|not at all"
     r"|connect\w* (?:plus|pas|jamais)|nothing|none|locked|blocked|suspended|banned", "none"),
    (r"oui|ouais|complet\w*|normalement|tout|totalement|entierement|toujours|sans probleme"
     r"|(?:peux|peut|ai|avons) encore|(?:encore|toujours) (?:l |un )?acces|yes|"
     + _CAN_LOG_IN + "|ca marche|ok|integral\\w*|full"
     r"|fonctionne", "full"),
])  # fmt: skip
# 'je peux me connecter mais plus vendre': access, then a limit after 'mais'.
_BUT = re.compile(
    r"\b(?:mais|sauf que|sauf|hormis|par contre|cependant|pourtant|but|except"
    r"|me(?= (?:pa|pas|plus|plu|rien)\b))\b"  # "mé pa vendre": "mais" written by ear
)
_EXCEPT = {"sauf", "hormis", "except"}
_LIMIT = re.compile(
    r"\b(?:plus|pas|rien|aucun\w*|bloque\w*|impossible|suspendu\w*|desactive\w*|limite\w*"
    r"|interdit\w*|masque\w*|coupe\w*|gele\w*|grise\w*|pa|plu|not|no|nothing|can t|cannot"
    r"|greyed|grayed|disabled)\b"
)


def _limited_access(clean: str) -> str | None:
    """'partial' for access then a limit ('je me connecte mais plus vendre') or a block
    with an exception ('tout est bloqué sauf la messagerie')."""
    but = _BUT.search(clean)
    if not but:
        return None
    before, after = clean[: but.start()], clean[but.end() :]
    granted = _first(before, _ACCESS) == "full" and bool(_LIMIT.search(after))
    excepted = but.group(0) in _EXCEPT and _first(before, _ACCESS) == "none" and bool(after.strip())
    return "partial" if granted or excepted else None


def parse_account_access(text: str) -> Parsed[str]:
    """full / partial / none: can the seller still reach their account?"""
    clean = expand_shorthand(normalise(text))
    if clean in ("full", "partial", "none"):
        return Parsed(clean)
    value = _limited_access(clean) or _first(clean, _ACCESS)
    if value:
        return Parsed(value)
    answer = parse_yes_no(text)  # "no", "yes", "nope"…
    if answer.ok:
        return Parsed("full" if answer.value == "yes" else "none")
    return fail("Avez-vous encore accès à votre compte vendeur : oui, en partie, ou plus du tout ?")
