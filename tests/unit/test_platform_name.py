"""A platform missing from the taxonomy, named clearly in the opening story, is kept."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.prefill import prefill_from_story
from bot.parsing.platform_name import unknown_platform_name


@pytest.mark.parametrize(
    ("story", "name"),
    [
        ("Zalando nous a retiré nos produits", "Zalando"),
        ("Uber Eats a augmenté la commission", "Uber Eats"),
        ("Vinted pro a bloqué mon compte", "Vinted"),
        ("je vends sur Ankorstore et ils ont bloqué mon argent", "Ankorstore"),
    ],
)
def test_a_clearly_named_platform_is_found(story: str, name: str) -> None:
    assert unknown_platform_name(story) == name


@pytest.mark.parametrize(
    "story",
    [
        "Mon compte a été suspendu",
        "Depuis lundi plus rien",
        "Bonjour, mon compte est bloqué",
        "URGENT MON COMPTE BLOQUE",
        "Madame, on m'a fermé mon compte",
        "Le service client ne répond pas",
    ],
)
def test_no_name_is_invented(story: str) -> None:
    assert unknown_platform_name(story) is None


def test_the_opening_story_keeps_the_name_as_another_platform() -> None:
    values = prefill_from_story("Zalando nous a retiré nos produits sans prévenir", date.today())
    assert values["platform"] == "other"
    assert values["platform_other"] == "Zalando"


def test_a_known_platform_wins() -> None:
    values = prefill_from_story("chez Amazon ils ont bloqué mon compte", date.today())
    assert values["platform"] == "amazon" and "platform_other" not in values
