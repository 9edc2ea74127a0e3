"""Withdrawing a testimony from the chat: the confirmation and what is said after (pure)."""

from __future__ import annotations


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
