"""Words written by ear: a correctly spelled answer and its mangled forms give one value."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation.answers import interpret
from bot.sound import sound_key, sounds_like
from bot.taxonomy import detect_problems

TODAY = date(2026, 12, 2)

# (correct word, forms written by ear: letters dropped or doubled, k for qu, é for ai/er…)
HEARD = [
    ("commission", ["komision", "commision", "comission"]),
    ("suspendu", ["suspandu", "suspendut"]),
    ("déréférencé", ["dérréférensé", "dereferencer", "déréférenssé"]),
    ("bloqué", ["bloké", "bloquer", "blokés", "bloquait"]),
    ("argent", ["argen", "arjan"]),
    ("compte", ["conte", "comte", "konte"]),
    ("supprimées", ["suprimé", "supprimer", "suprimés"]),
    ("annonces", ["anonces", "annonsses"]),
    ("paiements", ["péman", "paiment"]),
    ("septembre", ["septanbre", "sept ambre".replace(" ", "")]),
    ("anonyme", ["anonim", "annonyme"]),
]


@pytest.mark.parametrize(("word", "heard"), HEARD)
def test_a_word_and_its_forms_written_by_ear_sound_alike(word: str, heard: list[str]) -> None:
    for form in heard:
        assert sounds_like(form, (word, "ventes", "produits", "vendeur")) == word, form


@pytest.mark.parametrize(
    ("careful", "by_ear"),
    [
        ("mon compte vendeur a été bloqué", "mon conte vendeur a étai bloké"),
        ("toutes mes annonces ont été supprimées", "tou mé anonces on été suprimé"),
        ("la commission a augmenté", "la komision a ogmenté"),
        ("mon argent est bloqué", "mon argen é bloké"),
        ("mes produits ont été déréférencés", "mé produi on étè dérréférensé"),
    ],
)
def test_problems_written_by_ear_are_the_problems_written_carefully(careful: str, by_ear: str):
    assert detect_problems(by_ear) == detect_problems(careful) != []


@pytest.mark.parametrize(
    "text",
    [
        "je vends des pulls sur vinted depuis 3 ans",
        "merci pour votre aide",
        "mes produits sont en vente",
        "c'est une petite entreprise familiale",
        "je suis content du service",
    ],
)
def test_ordinary_sentences_stay_silent(text: str) -> None:
    assert detect_problems(text) == []


_DOUBLABLE = st.sampled_from(["commission", "supprimées", "bloqué", "annonces", "suspendu"])


@given(_DOUBLABLE, st.integers(min_value=1, max_value=8))
def test_a_doubled_or_dropped_double_letter_keeps_the_sound(word: str, position: int) -> None:
    position = min(position, len(word) - 1)
    doubled = word[:position] + word[position] + word[position:]
    if word[position].isalpha() and word[position] not in "aeiouyéè":
        assert sound_key(doubled) == sound_key(word)


@given(st.sampled_from(["bloqué", "bloquée", "bloquer", "bloquées", "bloqués", "bloquait"]))
def test_the_endings_of_one_sound_give_one_key(form: str) -> None:
    assert sound_key(form) == sound_key("bloqué")


@pytest.mark.parametrize(
    ("slot", "careful", "by_ear"),
    [
        ("visibility", "anonyme", "anonim svp"),
        ("estimated_loss_eur", "15000", "non cété 15000 pa 1500"),
    ],
)
def test_answers_written_by_ear_give_the_careful_value(slot: str, careful: str, by_ear: str):
    heard = interpret(slot, by_ear, TODAY).values[slot]
    assert heard == interpret(slot, careful, TODAY).values[slot]
