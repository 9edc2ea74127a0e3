"""The French texts of the e-mails, and the MIME message built from an outbox row.

What a message may hold: the testimony's reference, its status label, the site's address,
how to reach the ministry. What it never holds: the testimony, a staff reply, the
follow-up code (none of them is even passed to these functions).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from bot.fields import format_value

ACKNOWLEDGEMENT = "acknowledgement"
REPLY = "reply"
STATUS = "status"
KINDS = (ACKNOWLEDGEMENT, REPLY, STATUS)

KIND_LABELS = {
    ACKNOWLEDGEMENT: "Accusé de réception",
    REPLY: "Avis de réponse",
    STATUS: "Avis de changement de statut",
}

WAITING = "Une réponse vous attend : revenez sur {site} avec votre code de suivi."
SIGNATURE = (
    "-- \nSignal PME — ministère chargé du numérique\nCe message est envoyé automatiquement."
)


@dataclass(frozen=True)
class Composed:
    """A subject and a plain-text body, ready to be stored in the outbox."""

    subject: str
    body: str


def status_label(status: str) -> str:
    """The French label of a status code (the code itself if unknown)."""
    return format_value("status", status)


def _footer(ministry_contact: str) -> str:
    return (
        "Ne répondez pas à cet e-mail : cette adresse n'est pas lue. Pour écrire à l'équipe, "
        "revenez dans le chat avec votre code de suivi. Pour joindre une personne au "
        f"ministère : {ministry_contact}.\n\n"
        "Si vous n'êtes pas à l'origine de ce témoignage, ignorez ce message.\n\n"
        f"{SIGNATURE}\n"
    )


def acknowledgement(reference: str, site: str, ministry_contact: str) -> Composed:
    """Sent once after the save: the reference and what happens next."""
    body = (
        "Bonjour,\n\n"
        f"Nous avons bien reçu votre témoignage. Sa référence : {reference}.\n\n"
        "Et maintenant ?\n"
        "- L'équipe du ministère lit chaque témoignage.\n"
        "- Quand elle vous répond ou que le statut de votre témoignage change, vous recevez "
        "un e-mail à cette adresse.\n"
        f"- Les réponses se lisent dans le chat : revenez sur {site} et donnez votre code "
        "de suivi, celui affiché à la fin de votre témoignage. Vous pourrez aussi y ajouter "
        "des informations.\n\n"
        "Par sécurité, cet e-mail ne contient ni votre témoignage ni votre code de suivi : "
        "ce code n'est jamais envoyé par e-mail et personne ne peut le retrouver.\n\n"
        f"{_footer(ministry_contact)}"
    )
    return Composed(f"Signal PME : témoignage {reference} bien reçu", body)


def notice(kind: str, reference: str, status: str, site: str, ministry_contact: str) -> Composed:
    """Sent when staff reply (`REPLY`) or change the status (`STATUS`)."""
    label = status_label(status)
    if kind == REPLY:
        subject = f"Signal PME : une réponse vous attend (témoignage {reference})"
        event = f"L'équipe du ministère a répondu à votre témoignage {reference}."
    elif kind == STATUS:
        subject = f"Signal PME : nouveau statut de votre témoignage {reference}"
        event = f"Le statut de votre témoignage {reference} a changé."
    else:
        raise ValueError(f"not a notice kind: {kind!r}")
    body = (
        "Bonjour,\n\n"
        f"{event}\n\n"
        f"{WAITING.format(site=site)}\n\n"
        f"Référence : {reference}\n"
        f"Statut : {label}\n\n"
        "Par sécurité, cet e-mail ne contient ni la réponse, ni votre témoignage, ni votre "
        "code de suivi.\n\n"
        f"{_footer(ministry_contact)}"
    )
    return Composed(subject, body)


def build_message(recipient: str, subject: str, body: str, mail_from: str) -> EmailMessage:
    """A UTF-8 plain-text message, marked as automatic (RFC 3834)."""
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, charset="utf-8")
    return message
