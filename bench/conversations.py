"""Whole reports for the load: anonymous and confidential, 13 messages, each ending
with a saved testimony (the run checks the count)."""

from __future__ import annotations

REPORTS = [
    [
        "Amazon a fermé mon compte vendeur sans explication, 8000 € bloqués",
        "il y a deux semaines",
        "non",
        "plus du tout",
        "oui",
        "pas de réponse",
        "non",
        "80%",
        "je suis seul",
        "jouets",
        "anonyme",
        "/affirm",
        "/affirm",
    ],
    [
        "Cdiscount a déréférencé tous mes produits du jour au lendemain",
        "le 3 octobre",
        "non aucun préavis",
        "oui j'ai écrit au support",
        "aucune réponse",
        "non",
        "40 %",
        "environ 5000 euros",
        "3 salariés",
        "bricolage",
        "anonyme",
        "/affirm",
        "/affirm",
    ],
]


def reports(count: int) -> list[list[str]]:
    """`count` reports, the variants in turn."""
    return [REPORTS[index % len(REPORTS)] for index in range(count)]
