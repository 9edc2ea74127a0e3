"""The report's questions: order, when each applies, whether it can be skipped, why it is asked.

`testimony_form` asks these slots in this order; `applicable_slots` decides which apply given
the answers so far. The same conditions decide which fields are stored (see `record.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot import parsing
from bot.conversation.slot_readers import (
    Finder,
    Reader,
    find_amount,
    find_date,
    find_share,
    find_size,
    free_text,
    parsed,
    read_date,
    read_platform,
    read_platform_name,
    read_problems,
    read_visibility,
    read_wants_contact,
    whole,
)
from bot.fields import BY_NAME, Field
from bot.parsing.yesno import parse_notice_given

Slots = Mapping[str, Any]

REASON_PROBLEMS = {"delisting", "account_suspension", "account_termination", "payment_withheld"}
ACCESS_PROBLEMS = {"account_suspension", "account_termination"}
# "mars... non avril", "40 %... non plutôt 50", "… on estime la perte à 30 000 €"
SELF_CORRECTION = (
    r"non|enfin|plutot|plutôt|pardon|je veux dire|ou plutot|ou plutôt|disons|mettons"
    r"|let s say|let's say|say|i mean|actually|rather"
)
FINAL_ESTIMATE = r"on estime|au total|en tout|total"


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
    """One form slot: when it applies, how its answer is read, and how it is talked about.

    `read` turns the reply into slot values; `words` (a regular expression on normalised
    text) name the field in a correction ("changer le montant"); `changeable`: offered as a
    button at the summary; `told_in_passing`: read from a story and read back to the user
    ("Merci, j'ai bien noté — …"); `open_answer`: any words may be the answer (a name, a
    story), so a long message is never an interruption; `value_after`: cue words after which
    the value is the one meant ("mars… non, avril"); `find_alone`: finds the value in a
    correction that names no field ("je me suis trompé, c'était en août"), tried in the
    order of the questions.
    """

    slot: str
    applies: Callable[[Slots], bool]
    skippable: bool
    why: str
    read: Reader
    words: str = ""
    changeable: bool = False
    told_in_passing: bool = False
    open_answer: bool = False
    value_after: str = ""
    find_alone: Finder | None = None

    @property
    def field(self) -> Field:
        """The testimony field this question fills."""
        return BY_NAME[self.slot]


QUESTIONS: tuple[Question, ...] = (
    Question(
        "platform",
        _always,
        False,
        "Nous comptons les cas par plateforme pour les présenter à chacune lors de la médiation.",
        read=read_platform,
        words=r"plate ?forme|site|marketplace|place de marche",
        changeable=True,
        told_in_passing=True,
        open_answer=True,
    ),
    Question(
        "platform_other",
        _platform_is_other,
        False,
        "Le nom de la plateforme permet de regrouper les cas qui la concernent.",
        read=read_platform_name,
        open_answer=True,
    ),
    Question(
        "problems",
        _always,
        False,
        "Le type de problème permet de compter les cas et de préparer la médiation.",
        read=read_problems,
        words=r"problemes?|type de probleme",
        changeable=True,
        told_in_passing=True,
    ),
    Question(
        "description",
        _always,
        False,
        "Votre récit, avec vos mots, est ce qui permet à l'équipe de comprendre votre cas.",
        read=free_text("description", "un récit", "Racontez en quelques mots ce qui s'est passé."),
        words=r"description|recit|histoire|texte|explication de ce qui",
        changeable=True,
        open_answer=True,
    ),
    Question(
        "started_on",
        _always,
        True,
        "La date aide à repérer les vagues de problèmes et à vérifier les délais de préavis.",
        read=read_date,
        words=r"date|quand(?! meme)|depuis|mois|jour|annee",  # "quand même": anyway
        changeable=True,
        told_in_passing=True,
        value_after=SELF_CORRECTION,
        find_alone=find_date,
    ),
    Question(
        "reason_given",
        _reason_applies,
        True,
        "Le règlement européen P2B oblige les plateformes à motiver une restriction ou une "
        "suspension : nous vérifions si c'est respecté.",
        read=parsed("reason_given", parsing.parse_reason_given),
        words=r"motifs?|raisons?",
        told_in_passing=True,
    ),
    Question(
        "notice_given",
        _notice_applies,
        True,
        "Le règlement P2B impose un préavis de 30 jours avant la fermeture d'un compte.",
        read=parsed("notice_given", parse_notice_given),
        words=r"preavis",
        told_in_passing=True,
    ),
    Question(
        "account_access",
        _access_applies,
        True,
        "Savoir si vous accédez encore à votre compte mesure l'urgence de votre situation.",
        read=parsed("account_access", parsing.parse_account_access),
        words=r"acces",
        told_in_passing=True,
    ),
    Question(
        "contacted_platform",
        _always,
        True,
        "Les plateformes doivent proposer un système interne de réclamation : nous "
        "regardons s'il fonctionne.",
        read=parsed("contacted_platform", parsing.parse_contacted_platform),
        words=r"contacte|reclamation",
        told_in_passing=True,
    ),
    Question(
        "support_outcome",
        _contacted,
        True,
        "Le résultat de vos démarches montre si le traitement des réclamations fonctionne.",
        read=parsed("support_outcome", parsing.parse_support_outcome),
        words=r"resultat|reponse du support",
        told_in_passing=True,
    ),
    Question(
        "human_contact",
        _contacted,
        True,
        "Beaucoup de vendeurs n'ont jamais affaire à un humain : nous voulons le mesurer.",
        read=parsed("human_contact", parsing.parse_human_contact),
        words=r"humain",
    ),
    Question(
        "revenue_share_pct",
        _always,
        True,
        "La part de votre chiffre d'affaires montre à quel point vous dépendez de la plateforme.",
        read=parsed("revenue_share_pct", parsing.parse_share_pct),
        words=r"pourcentage|part|chiffre d affaires|(?:le|du|mon|notre|votre|son) ca",
        changeable=True,
        told_in_passing=True,
        value_after=SELF_CORRECTION,
        find_alone=find_share,
    ),
    Question(
        "estimated_loss_eur",
        _always,
        True,
        "Le montant des pertes donne du poids aux cas présentés lors de la médiation.",
        read=parsed("estimated_loss_eur", parsing.parse_amount_eur),
        words=r"montant|perte|pertes|somme|euros?|prejudice",
        changeable=True,
        told_in_passing=True,
        value_after=f"{SELF_CORRECTION}|{FINAL_ESTIMATE}",
        find_alone=find_amount,
    ),
    Question(
        "company_size",
        _always,
        True,
        "La taille de l'entreprise permet de savoir si les TPE sont plus touchées que les PME.",
        read=parsed("company_size", parsing.parse_company_size),
        words=r"taille de l entreprise|taille de la societe|taille|salaries|effectif|employes",
        changeable=True,
        told_in_passing=True,
        value_after=SELF_CORRECTION,
        find_alone=find_size,
    ),
    Question(
        "sector",
        _always,
        True,
        "Le secteur aide à repérer les problèmes propres à certaines catégories de produits.",
        read=free_text(
            "sector", "un secteur d'activité", "Par exemple « jouets », « cosmétiques »."
        ),
        words=r"secteur|activite|domaine",
        changeable=True,
        open_answer=True,
    ),
    Question(
        "visibility",
        _always,
        False,
        "Vous décidez vous-même si le ministère peut vous recontacter et si votre nom peut "
        "être donné à la plateforme.",
        read=read_visibility,
        words=r"anonyme|anonymat|visibilite|confidentiel|partage",
        changeable=True,
    ),
    Question(
        "company_name",
        _identified,
        False,
        "Le nom de l'entreprise permet au ministère de suivre votre cas.",
        read=free_text(
            "company_name", "un nom d'entreprise", "Quel est le nom de votre entreprise ?"
        ),
        words=r"nom de l entreprise|nom de la societe|raison sociale|entreprise|societe",
        open_answer=True,
    ),
    Question(
        "siren",
        _identified,
        True,
        "Le SIREN identifie votre entreprise sans ambiguïté pour le suivi de votre cas.",
        read=parsed("siren", parsing.parse_siren),
        words=r"siren|siret",
    ),
    Question(
        "contact_name",
        _identified,
        False,
        "Nous voulons savoir à qui nous adresser si nous vous recontactons.",
        read=free_text("contact_name", "un nom", "À quel nom pouvons-nous vous recontacter ?"),
        words=r"mon nom|nom du contact|prenom|nom",
        open_answer=True,
    ),
    Question(
        "email",
        _identified,
        False,
        "L'e-mail est le moyen par lequel le ministère peut vous répondre.",
        read=parsed("email", parsing.parse_email),
        words=r"e ?mail|mail|courriel|adresse electronique",
        changeable=True,
        find_alone=whole(parsing.parse_email),
    ),
    Question(
        "phone",
        _identified,
        True,
        "Un numéro permet à un correspondant de vous appeler si vous le souhaitez.",
        read=parsed("phone", parsing.parse_phone),
        words=r"telephone|tel|portable|numero de tel|mobile",
        changeable=True,
        find_alone=whole(parsing.parse_phone),
    ),
    Question(
        "wants_contact",
        _identified,
        False,
        "Le ministère veut proposer un correspondant humain aux vendeurs qui le souhaitent.",
        read=read_wants_contact,
        words=r"rappel|rappeler|rappelle|rappelez|recontacter|recontacte|recontactez",
    ),
)

BY_SLOT: dict[str, Question] = {q.slot: q for q in QUESTIONS}
FORM_SLOTS: tuple[str, ...] = tuple(q.slot for q in QUESTIONS)
CHANGEABLE: tuple[str, ...] = tuple(q.slot for q in QUESTIONS if q.changeable)
TOLD_IN_PASSING: tuple[str, ...] = tuple(q.slot for q in QUESTIONS if q.told_in_passing)


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
