"""The testimony fields of the spec (`testimony.md`), in order, with their French labels.

Slot names, column names and export field names are these names.
"""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    "reference": "Référence",
    "created_at": "Date d'enregistrement",
    "channel": "Canal",
    "anonymous": "Anonyme",
    "platform": "Plateforme",
    "platform_other": "Autre plateforme",
    "problems": "Problèmes",
    "description": "Description",
    "started_on": "Début du problème",
    "reason_given": "Motif donné par la plateforme",
    "notice_given": "Préavis donné",
    "contacted_platform": "Plateforme contactée",
    "support_outcome": "Résultat de la réclamation",
    "human_contact": "Contact avec un humain",
    "account_access": "Accès au compte vendeur",
    "revenue_share_pct": "Part du chiffre d'affaires (%)",
    "estimated_loss_eur": "Perte estimée (€)",
    "company_size": "Taille de l'entreprise",
    "sector": "Secteur",
    "wants_contact": "Souhaite être rappelé",
    "share_with_platform": "Accepte d'être nommé à la plateforme",
    "company_name": "Entreprise",
    "siren": "SIREN",
    "contact_name": "Nom du contact",
    "email": "E-mail",
    "phone": "Téléphone",
    "status": "Statut",
}

EXPORT_FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)

IDENTIFYING_FIELDS: tuple[str, ...] = ("company_name", "siren", "contact_name", "email", "phone")

VALUE_LABELS: dict[str, dict[str, str]] = {
    "reason_given": {"yes": "Oui", "no": "Non", "partial": "En partie"},
    "notice_given": {"yes": "Oui", "no": "Non"},
    "contacted_platform": {"yes": "Oui", "no": "Non"},
    "human_contact": {"yes": "Oui", "no": "Non"},
    "support_outcome": {
        "resolved": "Résolu",
        "rejected": "Rejeté",
        "no_answer": "Pas de réponse",
        "pending": "En cours",
    },
    "account_access": {"full": "Complet", "partial": "Partiel", "none": "Aucun"},
    "company_size": {
        "micro": "Moins de 10 personnes",
        "small": "10 à 49 personnes",
        "medium": "50 à 249 personnes",
        "large": "250 personnes ou plus",
    },
    "status": {
        "new": "Nouveau",
        "in_review": "En cours d'examen",
        "mediation": "En médiation",
        "closed": "Clos",
    },
}

STATUSES: tuple[str, ...] = tuple(VALUE_LABELS["status"])
