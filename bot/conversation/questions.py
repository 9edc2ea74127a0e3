"""The report's questions: order, when each applies, whether it can be skipped, why it is asked.

`testimony_form` asks these slots in this order; `applicable_slots` decides which apply given
the answers so far. The same conditions decide which fields are stored (see `record.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Slots = Mapping[str, Any]

REASON_PROBLEMS = {"delisting", "account_suspension", "account_termination", "payment_withheld"}
ACCESS_PROBLEMS = {"account_suspension", "account_termination"}


def _problems(slots: Slots) -> set[str]:
    return set(slots.get("problems") or [])


def _always(_: Slots) -> bool:
    return True


def _platform_is_other(slots: Slots) -> bool:
    return slots.get("platform") == "other"


def _reason_applies(slots: Slots) -> bool:
    return bool(_problems(slots) & REASON_PROBLEMS)


def _notice_applies(slots: Slots) -> bool:
    return "account_termination" in _problems(slots)


def _access_applies(slots: Slots) -> bool:
    return bool(_problems(slots) & ACCESS_PROBLEMS)


def _contacted(slots: Slots) -> bool:
    return slots.get("contacted_platform") == "yes"


def _identified(slots: Slots) -> bool:
    return slots.get("visibility") in ("confidential", "shared")


@dataclass(frozen=True)
class Question:
    """One form slot: when it applies, whether it may be skipped, and why it is asked."""

    slot: str
    applies: Callable[[Slots], bool]
    skippable: bool
    why: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "platform",
        _always,
        False,
        "Nous comptons les cas par plateforme pour les présenter à chacune lors de la médiation.",
    ),
    Question(
        "platform_other",
        _platform_is_other,
        False,
        "Le nom de la plateforme permet de regrouper les cas qui la concernent.",
    ),
    Question(
        "problems",
        _always,
        False,
        "Le type de problème permet de compter les cas et de préparer la médiation.",
    ),
    Question(
        "description",
        _always,
        False,
        "Votre récit, avec vos mots, est ce qui permet à l'équipe de comprendre votre cas.",
    ),
    Question(
        "started_on",
        _always,
        True,
        "La date aide à repérer les vagues de problèmes et à vérifier les délais de préavis.",
    ),
    Question(
        "reason_given",
        _reason_applies,
        True,
        "Le règlement européen P2B oblige les plateformes à motiver une restriction ou une "
        "suspension : nous vérifions si c'est respecté.",
    ),
    Question(
        "notice_given",
        _notice_applies,
        True,
        "Le règlement P2B impose un préavis de 30 jours avant la fermeture d'un compte.",
    ),
    Question(
        "account_access",
        _access_applies,
        True,
        "Savoir si vous accédez encore à votre compte mesure l'urgence de votre situation.",
    ),
    Question(
        "contacted_platform",
        _always,
        True,
        "Les plateformes doivent proposer un système interne de réclamation : nous "
        "regardons s'il fonctionne.",
    ),
    Question(
        "support_outcome",
        _contacted,
        True,
        "Le résultat de vos démarches montre si le traitement des réclamations fonctionne.",
    ),
    Question(
        "human_contact",
        _contacted,
        True,
        "Beaucoup de vendeurs n'ont jamais affaire à un humain : nous voulons le mesurer.",
    ),
    Question(
        "revenue_share_pct",
        _always,
        True,
        "La part de votre chiffre d'affaires montre à quel point vous dépendez de la plateforme.",
    ),
    Question(
        "estimated_loss_eur",
        _always,
        True,
        "Le montant des pertes donne du poids aux cas présentés lors de la médiation.",
    ),
    Question(
        "company_size",
        _always,
        True,
        "La taille de l'entreprise permet de savoir si les TPE sont plus touchées que les PME.",
    ),
    Question(
        "sector",
        _always,
        True,
        "Le secteur aide à repérer les problèmes propres à certaines catégories de produits.",
    ),
    Question(
        "visibility",
        _always,
        False,
        "Vous décidez vous-même si le ministère peut vous recontacter et si votre nom peut "
        "être donné à la plateforme.",
    ),
    Question(
        "company_name",
        _identified,
        False,
        "Le nom de l'entreprise permet au ministère de suivre votre cas.",
    ),
    Question(
        "siren",
        _identified,
        True,
        "Le SIREN identifie votre entreprise sans ambiguïté pour le suivi de votre cas.",
    ),
    Question(
        "contact_name",
        _identified,
        False,
        "Nous voulons savoir à qui nous adresser si nous vous recontactons.",
    ),
    Question(
        "email",
        _identified,
        False,
        "L'e-mail est le moyen par lequel le ministère peut vous répondre.",
    ),
    Question(
        "phone",
        _identified,
        True,
        "Un numéro permet à un correspondant de vous appeler si vous le souhaitez.",
    ),
    Question(
        "wants_contact",
        _identified,
        False,
        "Le ministère veut proposer un correspondant humain aux vendeurs qui le souhaitent.",
    ),
)

BY_SLOT: dict[str, Question] = {q.slot: q for q in QUESTIONS}
FORM_SLOTS: tuple[str, ...] = tuple(q.slot for q in QUESTIONS)


def applicable_slots(slots: Slots) -> list[str]:
    """Form slots that apply given the answers so far, in asking order."""
    return [q.slot for q in QUESTIONS if q.applies(slots)]


def slots_to_ask(slots: Slots) -> list[str]:
    """Applicable slots minus those the user chose to skip (the form's `required_slots`)."""
    skipped = set(slots.get("skipped_slots") or [])
    return [slot for slot in applicable_slots(slots) if slot not in skipped]


def next_slot(slots: Slots) -> str | None:
    """The next question to ask, or None when the report is complete."""
    return next((s for s in slots_to_ask(slots) if slots.get(s) is None), None)


def why_asked(slot: str | None) -> str:
    """One-line reason a question is asked."""
    question = BY_SLOT.get(slot or "")
    if question is None:
        return (
            "Ces questions servent à décrire votre situation pour la médiation avec les "
            "plateformes."
        )
    return question.why
