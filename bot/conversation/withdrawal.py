"""Withdrawing a testimony from the chat: the confirmation, how a reply to it reads, and
what is said after (pure)."""

from __future__ import annotations

import re

from bot.conversation.followup_moves import asks_to_withdraw, refuses_deletion
from bot.normalise import normalise

YES, NO, UNCLEAR = "yes", "no", "unclear"
_NO = re.compile(
    r"^(?:non|nan|nn|nope|no|pas du tout|surtout pas|jamais|annuler?|annulez|stop)\b"
    r"|\b(?:garde|garder|gardez|gardons|conserve|conserver|conservez|pas maintenant"
    r"|finalement (?:non|pas)|attendez|attends|laisse tomber|laissez tomber|je prefere pas"
    r"|je ne prefere pas|change d avis|je reflechis|pas sur|pas sure)\b"
)
_YES = re.compile(
    r"^(?:oui|ouii+|ouais|ouai|ouep|ui|wi|yes|yep|ok|okay|oki|d accord|dac|daccord|allez y"
    r"|allez|vas y|go|je confirme|confirme|confirmer|confirmation|bien sur|tout a fait"
    r"|absolument|exactement|c est ca|certaine?|sur|sure|affirmatif|evidemment|parfait"
    r"|valide|je valide|je suis sure?|c est bon|carrement)\b|\bdefinitivement\b"
)


def confirmation_reply(text: str, intent: str | None) -> str:
    """How a reply to "voulez-vous vraiment retirer… ?" reads: 'yes', 'no' or 'unclear'.

    The words first ("oui supprimez", "effacer", "ok allez-y" are yes; "non", "gardez-le",
    "annuler" alone, "ne le supprimez pas" are no), then the intent; a reply saying both is
    unclear, and so is anything else (the question is asked again)."""
    norm = normalise(text)
    if text.strip() == "/affirm":
        return YES
    if text.strip() == "/deny":
        return NO
    if refuses_deletion(text):
        return NO
    no = bool(_NO.search(norm)) and not asks_to_withdraw(text)
    yes = bool(_YES.search(norm)) or asks_to_withdraw(text)
    if yes and no:
        return UNCLEAR
    if yes or no:
        return YES if yes else NO
    if intent in ("affirm", "withdraw"):
        return YES
    if intent in ("deny", "cancel"):
        return NO
    return UNCLEAR


def confirm_text(reference: str) -> str:
    """The confirmation asked before anything is deleted."""
    return (
        f"Voulez-vous vraiment retirer votre témoignage {reference} ? Il sera supprimé "
        "définitivement, avec vos messages de suivi, les réponses de l'équipe et la "
        "conversation où vous l'aviez fait. Il ne pourra pas être rétabli."
    )


CONFIRM_BUTTONS = [
    {"title": "Oui, retirer définitivement", "payload": "/affirm"},
    {"title": "Non, garder", "payload": "/deny"},
]
ASK_AGAIN = "Je n'ai pas compris votre réponse."
ASK_CODE_FIRST = "Pour retirer votre témoignage, j'ai d'abord besoin de son code de suivi."
KEPT = "C'est noté : votre témoignage est conservé."
FAILED = (
    "Un problème technique empêche de retirer votre témoignage pour le moment : il est "
    "toujours enregistré. Réessayez dans un instant."
)


def withdrawn_text(reference: str) -> str:
    """Said once the testimony is deleted; this conversation is deleted after delivery."""
    return (
        f"Votre témoignage {reference} est retiré : il a été supprimé, avec vos messages de "
        "suivi, les réponses de l'équipe et la conversation où vous l'aviez fait. Cette "
        "conversation-ci va être effacée à son tour. Merci de nous avoir fait confiance. Vous "
        "pouvez fermer cette fenêtre, ou écrire un nouveau message pour faire un autre "
        "signalement."
    )
