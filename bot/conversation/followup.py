"""Coming back with the follow-up code: what the seller reads, and what their words ask for.

Pure: built from plain values (the storage API's `OpenedTestimony` and `Reply` fields), so
that every answer is tested without Rasa or a database. `bot.parsing.followup_code`
finds the code in a message, `bot.conversation.followup_gate` limits wrong codes.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.french import french_date, in_paris
from bot.normalise import normalise
from bot.taxonomy import OTHER, platform_label
from bot.typed_commands import NEUTRAL_SLASH

CODE_FORMAT = "16 caractères en 4 groupes de 4, par exemple XXXX-XXXX-XXXX-XXXX"

# What a seller can do once the testimony is open (button payloads and typed words).
ADD, ANSWER, ASK, RECEIPT = "add", "answer", "ask", "receipt"
SELLER_KIND = {ADD: "addition", ANSWER: "answer", ASK: "question"}
_CHOICE_WORDS = (
    (RECEIPT, r"recepisse|accuse de reception|attestation|preuve de depot|pdf|justificatif"),
    (
        ANSWER,
        r"(?<!\bme )(?<!\bm )(?<!\bnous )repondre|je (?:vous )?repond|ma reponse"
        r"|reponse a (?:la|sa|votre|vos|leur|ta) questions?|a votre question"
        r"|(?:la|sa|votre|vos|leur|cette) questions? (?:de l equipe|du ministere)"
        r"|(?:vu|lu|recu) (?:votre|la|sa|leur|vos|les|cette) questions?",
    ),
    (ASK, r"(?:poser|j ai|jai|une|des|ma|autre|petite) questions?|demander|je me demandais"),
    (
        ADD,
        r"ajout|rajout|complet(?:er|e|ez|es)?\b|complement|precis|info|nouvel element"
        r"|nouveaux elements|(?:j ai|jai|g) (?:du|des|de) (?:nouveau|neuf|nouvelles?)\b"
        r"|(?:du (?:nouveau|neuf)|des nouvelles|des choses|quelque chose) (?:a (?:vous )?"
        r"(?:dire|signaler|ajouter|donner|apprendre)|de mon cote|pour vous)"
        r"|mise a jour|mettre a jour|actualiser",
    ),
)
_LOST = re.compile(r"\b(perdu|oublie|pas note|plus (mon|le) code|retrouve pas|egare)")


def french_moment(at: datetime) -> str:
    """'1er décembre à 14 h 05', in Paris time."""
    local = in_paris(at)
    day = french_date(local.date()).rsplit(" ", 1)[0]
    return f"{day} à {local.hour} h {local.minute:02d}"


def choice_in(text: str) -> str | None:
    """What a typed request asks for ('add', 'answer', 'ask', 'receipt'), or None."""
    words = normalise(text)
    found = (c for c, pattern in _CHOICE_WORDS if re.search(rf"\b(?:{pattern})", words))
    return next(found, None)


def mentions_lost_code(text: str) -> bool:
    """True when the seller says the code is lost or was not noted."""
    return bool(_LOST.search(normalise(text)))


def menu_buttons(has_question: bool) -> list[dict[str, str]]:
    """The choices offered once a testimony is open (the PDF receipt is the widget's own
    button, from the message's custom payload)."""
    buttons = [{"title": "Ajouter une information", "payload": _choice_payload(ADD)}]
    if has_question:
        buttons.append(
            {"title": "Répondre à la question de l'équipe", "payload": _choice_payload(ANSWER)}
        )
    return buttons + [
        {"title": "Poser une question", "payload": _choice_payload(ASK)},
        {"title": "Retirer mon témoignage", "payload": "/withdraw"},
        {"title": "Faire un nouveau signalement", "payload": "/report_problem"},
    ]


def _choice_payload(choice: str) -> str:
    return f'/followup{{"followup_choice": "{choice}"}}'


def status_text(reference: str, created_at: datetime, platform: str, status: str) -> str:
    """Where the testimony stands, in plain French (`platform` is a taxonomy code)."""
    created = french_date(in_paris(created_at).date())
    where = "une autre plateforme" if platform == OTHER else platform_label(platform)
    return f"Votre témoignage {reference} sur {where}, envoyé le {created}, est {status}."


def reply_text(text: str, at: datetime, is_question: bool) -> str:
    """One staff reply as the seller reads it."""
    kind = "Question" if is_question else "Réponse"
    return f"{kind} de l'équipe du {french_moment(at)} :\n« {text} »"


NO_NEW_REPLY = "Pas de nouvelle réponse de l'équipe depuis votre dernière visite."


def menu_text(question: str | None, question_shown: bool, answer_expected: bool = False) -> str:
    """The question under the menu; a pending staff question is recalled if not just shown.
    When the seller's next message will be read as the answer (`answer_expected`), say so."""
    if question and answer_expected:
        recalled = (
            ""
            if question_shown
            else f"L'équipe attend votre réponse à sa question : « {question} »\n"
        )
        return (
            f"{recalled}Vous pouvez y répondre en écrivant simplement votre réponse ici, ou "
            "choisir ci-dessous."
        )
    if question and not question_shown:
        return (
            f"L'équipe attend votre réponse à sa question : « {question} »\n"
            "Que souhaitez-vous faire ?"
        )
    return "Que souhaitez-vous faire ?"


def prompt_text(kind: str, reference: str, anonymous: bool, question: str | None = None) -> str:
    """What to write, for an addition, an answer to `question` or a question to staff."""
    if kind == ANSWER and question:
        text = f"La question de l'équipe : « {question} »\nÉcrivez votre réponse en un message."
    elif kind == ASK:
        text = (
            "Écrivez votre question à l'équipe en un message. Sa réponse s'affichera ici quand "
            "vous reviendrez avec votre code de suivi."
        )
    else:
        text = f"Écrivez en un message l'information à ajouter à votre témoignage {reference}."
    if anonymous:
        text += " Votre témoignage est anonyme : n'indiquez ni nom ni coordonnées."
    return text


PROMPT_BUTTONS = [{"title": "Annuler", "payload": "/cancel"}]
EMPTY_PROMPT_REPLY = "Écrivez votre message en quelques mots, ou « annuler »."
CANCEL, EMPTY, MESSAGE = "cancel", "empty", "message"
MAX_WORDS_FOR_CANCEL = 4


def prompt_reply(text: str, intent: str | None) -> str:
    """What a reply to a prompt is: 'cancel', 'empty' (nothing to send: blank, or a command
    typed or clicked from an older message) or 'message' (to store, whatever the intent:
    a question to staff may look like a FAQ)."""
    stripped = text.strip()
    short = len(stripped.split()) <= MAX_WORDS_FOR_CANCEL
    if stripped == "/cancel" or (intent == "cancel" and short):
        return CANCEL
    if not stripped or stripped.startswith(("/", NEUTRAL_SLASH)):
        return EMPTY
    return MESSAGE


def sent_text(kind: str, at: datetime) -> str:
    """The confirmation, dated: 'Votre message du 1er décembre à 14 h 05 a été transmis…'."""
    moment = french_moment(at)
    if kind == ANSWER:
        return f"Votre réponse du {moment} a été transmise à l'équipe."
    if kind == ASK:
        return (
            f"Votre question du {moment} a été transmise à l'équipe. Revenez avec votre code "
            "de suivi pour lire sa réponse."
        )
    return f"Votre message du {moment} a été transmis à l'équipe."


NOT_SENT = "D'accord, rien n'a été envoyé."
SEND_FAILED = "Un problème technique a empêché l'envoi de votre message. Réessayez dans un instant."
NO_OPEN_QUESTION = "L'équipe ne vous a posé aucune question qui attende une réponse."
GONE = "Ce témoignage n'existe plus : il a peut-être été retiré."


_WISH_LEADS = {
    ADD: "Pour compléter votre témoignage, j'ai besoin de son code de suivi.",
    ANSWER: "Pour répondre à la question de l'équipe, j'ai besoin du code de suivi de votre "
    "témoignage.",
    ASK: "Pour transmettre votre question à l'équipe, j'ai besoin du code de suivi de votre "
    "témoignage.",
    RECEIPT: "Pour vous donner le récépissé de votre témoignage, j'ai besoin de son code de suivi.",
    "withdraw": "Pour retirer votre témoignage, j'ai d'abord besoin de son code de suivi.",
}


def ask_code_text(lost: bool, contact: str, wish: str | None = None) -> str:
    """Ask for the code (after what it is needed for, when the seller said what they want);
    say what to do when it is lost (nobody can give it back)."""
    text = (
        "Quel est votre code de suivi ? Il vous a été donné à l'envoi de votre témoignage : "
        f"{CODE_FORMAT}."
    )
    lead = _WISH_LEADS.get(wish or "")
    if lead:
        text = f"{lead} {text}"
    if lost:
        text += (
            " Si vous l'avez perdu, personne ne peut le retrouver, pas même l'équipe : vous "
            "pouvez faire un nouveau témoignage, ou contacter le ministère en donnant la "
            f"référence de votre témoignage : {contact}."
        )
    return text


ASK_CODE_DURING_REPORT = (
    "Vous pourrez me donner votre code de suivi à tout moment : collez-le simplement dans un "
    "message."
)
CODE_ATTEMPT = (
    "Je ne reconnais pas de code de suivi complet dans votre message. Un code compte "
    f"{CODE_FORMAT}. Pouvez-vous le vérifier et le recopier ?"
)
FINISH_REPORT_FIRST = (
    "Terminez d'abord le signalement en cours, ou annulez-le : vous pourrez ensuite "
    "compléter votre témoignage {reference}."
)


def reference_text(reference: str) -> str:
    """A reference typed instead of the code."""
    return (
        f"{reference} est la référence d'un témoignage : pour l'ouvrir, j'ai besoin de son code "
        f"de suivi ({CODE_FORMAT})."
    )


def wrong_code_text(tries_left: int, pause_minutes: int) -> str:
    """A code that opens nothing; the pause starts when no try is left."""
    text = "Ce code ne correspond à aucun témoignage."
    if tries_left <= 0:
        return (
            f"{text} Pour protéger les témoignages, la vérification des codes est suspendue "
            f"pendant {pause_minutes} minutes dans cette conversation."
        )
    essais = "essai" if tries_left == 1 else "essais"
    return f"{text} Vérifiez-le et réessayez : il vous reste {tries_left} {essais}."


def paused_text(minutes: int) -> str:
    """During the pause: how long to wait (the code was not looked up)."""
    unit = "minute" if minutes == 1 else "minutes"
    return (
        "Pour protéger les témoignages, la vérification des codes est suspendue dans cette "
        f"conversation après plusieurs codes erronés. Réessayez dans {minutes} {unit}."
    )


SATURATED = "Le service de suivi est momentanément saturé : réessayez dans une minute."


def offer_to_add_text(reference: str) -> str:
    """A free message while a testimony is open: add it, or is it something new?"""
    return (
        f"Voulez-vous ajouter ce message à votre témoignage {reference} ? Il sera daté et "
        "transmis à l'équipe."
    )


OFFER_BUTTONS = [
    {"title": "Oui, l'ajouter", "payload": "/affirm"},
    {"title": "Non, c'est un nouveau problème", "payload": "/report_problem"},
    {"title": "Non", "payload": "/deny"},
]
NOT_ADDED = "D'accord, je ne l'ajoute pas."
RECEIPT_TEXT = (
    "Voici votre récépissé du témoignage {reference} : téléchargez-le (PDF) avec le bouton "
    "ci-dessous. Il prouve le dépôt de votre témoignage et sa date."
)


def stored_text(kind: str, reference: str, at: datetime) -> str:
    """A message stored directly (without a prompt), dated, with the reference."""
    moment = french_moment(at)
    if kind == ANSWER:
        return f"Votre réponse a été transmise à l'équipe le {moment} (témoignage {reference})."
    if kind == ASK:
        return (
            f"Votre question a été transmise à l'équipe le {moment} (témoignage {reference}). "
            "Sa réponse s'affichera ici quand vous reviendrez avec votre code de suivi."
        )
    return (
        f"Votre message a été ajouté à votre témoignage {reference} le {moment} et transmis "
        "à l'équipe."
    )


UNDO_MINUTES = 10


def undo_buttons(kind: str, story: bool) -> list[dict[str, str]]:
    """Offered with a message stored directly: take it back; for a story, take it back and
    make it a new report instead."""
    title = "Annuler cet ajout" if kind == ADD else "Annuler cet envoi"
    buttons = [{"title": title, "payload": _choice_payload("undo")}]
    if story:
        buttons.append(
            {"title": "C'est un nouveau problème", "payload": _choice_payload("undo_new")}
        )
    return buttons


def undone_text(at: datetime) -> str:
    """A message stored directly, then taken back."""
    return f"C'est annulé : votre message du {french_moment(at)} a été retiré de votre témoignage."


UNDO_TOO_LATE = (
    f"Ce message ne peut plus être annulé (après {UNDO_MINUTES} minutes, ou quand un autre "
    "message l'a suivi). Vous pouvez écrire une correction : elle sera ajoutée à votre "
    "témoignage."
)
NOTHING_TO_CANCEL = (
    "Il n'y a rien en cours à annuler. Pour retirer votre témoignage, choisissez « Retirer "
    "mon témoignage »."
)
