"""French messages built from data (the fixed ones live in domain.yml)."""

from __future__ import annotations

from typing import Any

from bot.conversation.questions import BY_SLOT, CHANGEABLE, TOLD_IN_PASSING
from bot.conversation.summary import label, shown_value
from bot.taxonomy import platform_label

SUMMARY_BUTTONS = [
    {"title": "Confirmer et envoyer", "payload": "/affirm"},
    {"title": "Modifier une réponse", "payload": "/correct"},
    {"title": "Annuler", "payload": "/cancel"},
]
AFTER_CORRECTION_BUTTONS = [
    {"title": "Confirmer et envoyer", "payload": "/affirm"},
    {"title": "Voir le récapitulatif", "payload": "/resume"},
    {"title": "Modifier une autre réponse", "payload": "/correct"},
    {"title": "Annuler", "payload": "/cancel"},
]
NOT_SENT_YET = "Votre témoignage n'est pas encore envoyé."
CODE_BUTTONS = [
    {"title": "J'ai noté mon code", "payload": "/affirm"},
    {"title": "Je ne l'ai pas noté : nouveau code", "payload": "/deny"},
]
# After an aside (FAQ, human contact…) outside the form: back to the step left waiting.
PENDING_STEP_PROMPTS = {
    "summary": (
        "Votre témoignage n'est pas encore envoyé : vous pouvez le confirmer, modifier une "
        "réponse ou annuler.",
        SUMMARY_BUTTONS,
    ),
    "code_shown": (
        "Avez-vous bien noté votre code de suivi ? Personne ne pourra vous le redonner.",
        CODE_BUTTONS,
    ),
}
CHANGE_BUTTONS = [
    {"title": label(slot), "payload": f'/correct{{"field_to_change": "{slot}"}}'}
    for slot in CHANGEABLE
]
# Half a visibility choice ("pas en anonyme") asks only the choice left, with two buttons.
REMAINING_VISIBILITY_QUESTIONS: dict[str, tuple[str, list[dict[str, str]]]] = {
    "anonymous": (
        "Entendu, vous ne souhaitez pas rester anonyme. La plateforme peut-elle savoir que "
        "ce témoignage vient de vous ?",
        [
            {"title": "Oui : partagé", "payload": "partagé"},
            {"title": "Non : seulement le ministère", "payload": "confidentiel"},
        ],
    ),
    "shared": (
        "Entendu, la plateforme ne saura pas qui vous êtes. Le ministère peut-il connaître "
        "votre nom et vous recontacter ?",
        [
            {"title": "Oui : confidentiel", "payload": "confidentiel"},
            {"title": "Non : anonyme", "payload": "anonyme"},
        ],
    ),
}


def platform_choice(candidates: list[str]) -> tuple[str, list[dict[str, str]]]:
    """The platform question when a story names several that share the problem."""
    names = [platform_label(code) for code in candidates]
    text = (
        f"Votre message cite {', '.join(names[:-1])} et {names[-1]}. Un témoignage porte sur "
        "une plateforme : laquelle d'abord ? Vous pourrez témoigner pour l'autre ensuite."
    )
    buttons = [{"title": name, "payload": name} for name in names]
    return text, buttons + [{"title": "Une autre", "payload": "Autre"}]


INTRO = (
    "Je vais vous poser quelques questions, une à la fois. Vous pouvez répondre avec vos "
    "mots, « passer » une question facultative, demander « pourquoi ? » ou « annuler »."
)


def noted_facts(values: dict[str, Any], context: dict[str, Any] | None = None) -> str:
    """'Label : value ; …' for the facts among `values` whose question applies ('' if none).

    "du jour au lendemain" in a story about reviews sets no notice worth reading back: the
    notice question only applies to a closed account.
    """
    merged = {**(context or {}), **values}
    return " ; ".join(
        f"{label(slot)} : {shown_value(slot, values)}"
        for slot in TOLD_IN_PASSING
        if values.get(slot) is not None and BY_SLOT[slot].applies(merged)
    )


def acknowledgement(prefilled: dict[str, Any]) -> str:
    """Tell the user what their opening message already gave, then how the questions work."""
    shown = noted_facts(prefilled)
    if not shown:
        return "Merci de prendre le temps de témoigner. " + INTRO
    return "Merci, j'ai bien noté — " + shown + ".\n" + INTRO


def several_platforms_answer(
    stage: str | None, platforms: list[str]
) -> tuple[str, list[dict[str, str]]] | None:
    """The answer to "can I report several platforms?" once no report is under way.

    During a report the fixed answer (domain.yml) applies; after it, offer to start the
    next one — for the platform named, when there is one.
    """
    if stage in ("reporting", "summary", "code_shown"):
        return None
    if platforms:
        name = platform_label(platforms[0])
        return (
            f"Oui : un témoignage par plateforme. Commençons celui pour {name} ?",
            [
                {"title": f"Signaler {name}", "payload": f"Je veux signaler {name}"},
                {"title": "Non merci", "payload": "/goodbye"},
            ],
        )
    return (
        "Oui : un témoignage par plateforme. Voulez-vous en commencer un ?",
        [
            {"title": "Signaler une plateforme", "payload": "/report_problem"},
            {"title": "Non merci", "payload": "/goodbye"},
        ],
    )


def code_message(reference: str | None, code: str | None) -> str:
    """The reference and the follow-up code, with the warning that it cannot be recovered."""
    return (
        f"Votre témoignage est enregistré sous la référence {reference}.\n"
        f"Votre code de suivi : {code}\n"
        "Notez-le maintenant : il est la seule façon de revenir lire les réponses de "
        "l'équipe ou de compléter votre témoignage, et personne ne pourra le retrouver."
    )


def kept_message(reference: str, code: str) -> str:
    """The database could not take the testimony: it is kept and will be recorded."""
    return (
        "Votre témoignage est bien conservé. Un incident technique nous empêche de "
        "l'inscrire tout de suite dans notre base : il y sera enregistré automatiquement "
        "dès que possible, sans que vous ayez rien à refaire.\n"
        f"Sa référence : {reference}\n"
        f"Votre code de suivi : {code}\n"
        "Notez-le maintenant : il est la seule façon de revenir lire les réponses de "
        "l'équipe ou de compléter votre témoignage, et personne ne pourra le retrouver."
    )


def new_code_message(reference: str | None, code: str) -> str:
    """A replacement code: the one shown before is no longer kept anywhere."""
    return (
        "Pour votre sécurité, un code n'est affiché qu'une fois et n'est conservé nulle part. "
        f"Voici un nouveau code pour le témoignage {reference} ; il remplace le précédent, "
        f"qui ne fonctionne plus.\nVotre code de suivi : {code}\n"
        "Notez-le maintenant."
    )


def saved_message(reference: str) -> str:
    """Answer to a second confirmation: nothing is saved twice."""
    return f"Votre témoignage est déjà enregistré sous la référence {reference}."


def human_contact_text(contact: str) -> str:
    """How to reach a person: a callback (not anonymous) or the ministry's channel."""
    return (
        "Deux possibilités pour parler à une personne : à la fin de votre témoignage, "
        "choisissez « confidentiel » ou « partagé » et demandez à être rappelé (ce n'est "
        f"pas possible en restant anonyme) ; ou contactez directement le ministère : {contact}."
    )


def after_correction(field: str, slots: dict[str, Any], confirmed: bool) -> str:
    """After a change at the summary: the changed line alone (unless already confirmed),
    not the whole summary again."""
    line = f"C'est corrigé : {label(field)} → {shown_value(field, slots)}.\n"
    return ("" if confirmed else line) + NOT_SENT_YET


def next_steps(named: bool) -> str:
    """What happens after the code is noted: who reads, how to come back."""
    steps = [
        "Et maintenant ? L'équipe du ministère chargé du numérique lit chaque témoignage. "
        "Elle peut vous répondre ou vous poser une question ici, dans le chat.",
        "Pour lire ses réponses, compléter votre témoignage ou le retirer, revenez sur cette "
        "page et donnez votre code de suivi.",
    ]
    if named:
        steps.insert(
            1, "Comme vous avez donné vos coordonnées, le ministère peut aussi vous contacter."
        )
    return " ".join(steps)
