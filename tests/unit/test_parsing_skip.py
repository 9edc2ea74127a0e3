"""is_skip / is_refusal / skip_remainder: the user declines to answer."""

from __future__ import annotations

import pytest

from bot.parsing import is_refusal, is_skip, is_withheld, skip_remainder


@pytest.mark.parametrize(
    "text",
    [
        "passer", "Passer.", "je passe", "suivant", "skip", "/skip", "je ne sais pas",
        "je sais pas", "jsp", "aucune idée", "aucune idee", "je préfère ne pas dire",
        "je préfère ne pas répondre", "pas envie de répondre", "ne souhaite pas répondre",
        "euh je sais pas trop", "je ne me souviens plus", "JE NE SAIS PAS",
        "je préfère pas dire", "je prefere pas dire", "je préfère pas", "pas envie",
        "je ne souhaite pas", "sais pas", "pas d'idée", "aucune idée du montant", "chais pas",
        "no idea", "rather not say", "pas la moindre idée", "j'en sais rien",
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
        "sans réponse",  # from the platform: support_outcome = no_answer
        "pas de réponse",
        "non",
        "pas du tout",
        "aucune explication",
        "c'est pas réglé",
        "",
    ],
)
def test_is_skip_is_false_for_answers_and_stories(text: str) -> None:
    assert not is_skip(text)


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("je sais pas, peut-être la moitié", "peut etre la moitie"),
        ("aucune idée", ""),
        ("passer", ""),
        ("je préfère pas dire", ""),
        ("je sais pas du tout", ""),
        ("pas sûr du tout", ""),
    ],
)
def test_skip_remainder_keeps_what_is_not_a_skip(text: str, rest: str) -> None:
    assert skip_remainder(text) == rest


@pytest.mark.parametrize("text", ["non", "Non merci", "nan", "pas question", "non désolé"])
def test_is_refusal_recognises_a_bare_no(text: str) -> None:
    assert is_refusal(text)


@pytest.mark.parametrize("text", ["non alimentaire", "Non Stop SARL", "oui", "jouets", ""])
def test_is_refusal_is_false_for_names_and_answers(text: str) -> None:
    assert not is_refusal(text)


@pytest.mark.parametrize(
    "text",
    ["difficile à dire", "dur à dire", "je saurais pas dire", "je ne l'ai pas sous la main",
     "pas sous la main", "je l'ai pas en tête"],
)  # fmt: skip
def test_is_skip_for_answers_the_user_cannot_give_now(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize(
    "text",
    ["non, pas de siren", "non pas de téléphone, le mail suffit",
     "je ne donne pas mon mail, désolée",
     "je préfère ne pas donner le nom de ma boutique", "non je ne donne pas mon nom",
     "je ne veux pas vous donner mon numéro", "pas de numéro de siret"],
)  # fmt: skip
def test_is_withheld_for_refused_personal_details(text: str) -> None:
    assert is_withheld(text)


@pytest.mark.parametrize(
    "text",
    ["Boutique du Nom", "pas de réponse", "aucune idée", "Pas de Calais Déco", "06 12 34 56 78"],
)
def test_is_withheld_is_false_for_names_and_answers(text: str) -> None:
    assert not is_withheld(text)


@pytest.mark.parametrize("text", ["non plus", "moi non plus", "Non plus, désolé"])
def test_is_refusal_after_a_previous_refusal(text: str) -> None:
    assert is_refusal(text)
