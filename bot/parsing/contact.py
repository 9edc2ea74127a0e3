"""Did the seller contact the platform, and did they reach a human? Yes/no plus the facts
people give instead ("j'ai envoyé 10 mails", "que des robots")."""

from __future__ import annotations

import re

from bot.normalise import normalise
from bot.parsing.result import Parsed, fail
from bot.parsing.yesno import parse_yes_no

_ACTION = r"(?:fait|ouvert|depose|rempli|passe|lance|soumis|cree|envoye|engage|saisi)e?s?"
_CONTACTED = re.compile(
    r"\b(?:(?:envoye|ecrit|ecris|appele|telephone|contacte|relance|reclame|signale"
    r"|joint|conteste|emailed|called|contacted|wrote|reached out)(?:e|s|es)?"
    rf"|{_ACTION} (?:\w+ ){{0,2}}(?:demandes?|signalements?|dossiers?|requetes?|contestations?)"
    r"|fait appel|mails?|e ?mails?|courriels?|tickets?|reclamations?|messages?|formulaires?"
    r"|plaintes?|appels?|support|service client|sav|hotline|tchat|live chat|par chat"
    r"|via le chat|litiges?|recours|mediat\w+)\b"
)
# Answers about the platform's response only make sense after a contact.
_IMPLIED_CONTACT = re.compile(
    r"\b(?:(?:pas|aucune?|jamais|sans|toujours pas|zero) (?:eu )?(?:de |d )?"
    r"(?:reponses?|retours?|nouvelles?)|en cours|en attente|j attends|on attend|ca traine"
    r"|toujours rien|silence radio|(?:ils|on) (?:ne )?m (?:ont|a) (?:jamais |pas |rien )?"
    r"(?:repondu|rappele)|envoye (?:bouler|balader|promener|paitre))\b"
)
_NEVER_CONTACTED = re.compile(r"\b(?:jamais|pas|rien|aucun\w*) (?:\w+ )?(?:contacte|ecrit|appele)")
_HUMAN = re.compile(
    r"\b(?:quelqu un|une personne|un conseiller|une conseillere|un humain|au telephone"
    r"|un responsable|un interlocuteur|account manager)\b"
)
_NO_HUMAN = re.compile(
    r"\b(?:robots?|automatiques?|bots?|messages? types?|copier coller|personne|jamais"
    r"|aucun humain|que des)\b"
)
_LEAD_WORDS = {"oui", "ouais", "ouai", "yes", "non", "nan", "no", "nope", "jamais"}
_CONTACTED_REASON = "Avez-vous contacté la plateforme ? Répondez par oui ou par non."
_HUMAN_REASON = "Avez-vous pu parler à une vraie personne ? Répondez par oui ou par non."


def _yes_no_or_facts(
    text: str, no_facts: re.Pattern[str], yes_facts: re.Pattern[str], reason: str
) -> Parsed[str]:
    """A plain yes/no first; otherwise what the facts told say (negative facts win)."""
    answer = parse_yes_no(text)
    if answer.ok:
        return answer
    clean = normalise(text)
    if no_facts.search(clean):
        return Parsed("no")
    if yes_facts.search(clean):
        return Parsed("yes")
    return fail(reason)


def parse_contacted_platform(text: str) -> Parsed[str]:
    """yes / no; contact actions ("j'ai envoyé des mails", "ticket ouvert") mean yes, and so
    does news of the platform's response ("toujours en cours", "pas de réponse")."""
    clean = normalise(text)
    words = clean.split()
    leads_with_yes_no = bool(words) and words[0] in _LEAD_WORDS
    implied = _IMPLIED_CONTACT.search(clean) and not _NEVER_CONTACTED.search(clean)
    if implied and not leads_with_yes_no:
        return Parsed("yes")
    return _yes_no_or_facts(text, _NEVER_CONTACTED, _CONTACTED, _CONTACTED_REASON)


def parse_human_contact(text: str) -> Parsed[str]:
    """yes / no; "que des robots" means no, "j'ai eu quelqu'un au téléphone" yes."""
    return _yes_no_or_facts(text, _NO_HUMAN, _HUMAN, _HUMAN_REASON)
