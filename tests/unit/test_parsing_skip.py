"""is_skip: the user declines to answer."""

from __future__ import annotations

import pytest

from bot.parsing import is_skip


@pytest.mark.parametrize(
    "text",
    [
        "passer", "Passer.", "je passe", "suivant", "skip", "/skip", "je ne sais pas",
        "je sais pas", "jsp", "aucune idée", "aucune idee", "je préfère ne pas dire",
        "je préfère ne pas répondre", "pas envie de répondre", "ne souhaite pas répondre",
        "sans réponse", "euh je sais pas trop", "je ne me souviens plus", "JE NE SAIS PAS",
    ],
)  # fmt: skip
def test_is_skip_recognises_declined_answers(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize(
    "text",
    [
        "Je ne sais pas quoi faire, Amazon a fermé mon compte vendeur sans aucune explication "
        "et je perds tout mon chiffre",
        "je ne sais pas quoi faire",
        "oui",
        "rien",
        "15k",
        "je sais pas, 5000€ peut-être",
        "le mois passé",
        "",
    ],
)
def test_is_skip_is_false_for_answers_and_stories(text: str) -> None:
    assert not is_skip(text)
