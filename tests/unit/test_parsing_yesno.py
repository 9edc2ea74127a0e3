"""parse_yes_no / parse_reason_given."""

from __future__ import annotations

import pytest

from bot.parsing import parse_reason_given, parse_yes_no

YES = [
    "oui", "Oui", "OUI !!", "ouais", "ouai", "yes", "yep", "ok", "absolument", "bien sûr",
    "bien sur", "tout à fait", "tout a fait", "exact", "évidemment", "evidemment", "carrément",
    "oui je les ai contactés", "oui mais ils n'ont jamais répondu", "oui pas de souci", "si",
    "👍",
]  # fmt: skip
NO = [
    "non", "Non.", "nan", "no", "pas du tout", "jamais", "aucunement", "non pas encore",
    "pas encore", "aucune", "bien sûr que non", "absolument pas",
    "non je les ai pas contactés", "je ne les ai pas contactés", "👎",
]  # fmt: skip


@pytest.mark.parametrize("text", YES)
def test_parse_yes_no_understands_yes(text: str) -> None:
    assert parse_yes_no(text).value == "yes"


@pytest.mark.parametrize("text", NO)
def test_parse_yes_no_understands_no(text: str) -> None:
    assert parse_yes_no(text).value == "no"


@pytest.mark.parametrize(
    "text", ["", "oui et non", "je ne sais pas", "peut-être", "blabla", "j'ai envoyé des mails"]
)
def test_parse_yes_no_asks_again_when_ambiguous(text: str) -> None:
    parsed = parse_yes_no(text)
    assert parsed.value is None
    assert parsed.reason and "oui" in parsed.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", "yes"),
        ("oui, violation des règles", "yes"),
        ("ils ont invoqué une contrefaçon", "yes"),
        ("non", "no"),
        ("aucune explication", "no"),
        ("Aucune explication !", "no"),
        ("sans explication", "no"),
        ("sans motif", "no"),
        ("pas de raison", "no"),
        ("rien", "no"),
        ("ils n'ont rien dit", "no"),
        ("vaguement", "partial"),
        ("en partie", "partial"),
        ("pas vraiment", "partial"),
        ("un message automatique vague", "partial"),
        ("une raison floue", "partial"),
        ("partiellement", "partial"),
        ("oui mais c'était vague", "partial"),
        ("partial", "partial"),
        ("ils disent vérification d'identité, c'est tout", "partial"),
        ("juste un mail type", "partial"),
        ("un motif flou", "partial"),
        ("ils ont parlé de contrefaçon mais sans détail", "partial"),
        ("ils m'ont juste dit que c'était suspendu", "partial"),
        ("oui mais sans précision", "partial"),
        ("oui ils ont expliqué", "yes"),
        ("ils disent que c'est de la contrefaçon", "yes"),
        ("que dalle", "no"),
        ("pas du tout", "no"),
    ],
)
def test_parse_reason_given_distinguishes_yes_no_partial(text: str, expected: str) -> None:
    assert parse_reason_given(text).value == expected


def test_parse_reason_given_explains_unclear_answers() -> None:
    parsed = parse_reason_given("bof je sais pas")
    assert parsed.value is None and parsed.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui, des fiches non conformes", "yes"),
        ("oui: produits non autorisés", "yes"),
        ("oui ils ont dit contrefaçon", "yes"),
        ("ouais pr contrefaçon", "yes"),
        ("oui, enfin non", None),
        ("ils ont parlé de contrefaçon mais sans détail", "partial"),
        ("ils disent que ça respecte pas les règles, sans dire lesquelles", "partial"),
        ("non, sans dire pourquoi", "no"),
        ("non", "no"),
    ],
)
def test_parse_reason_given_a_yes_then_the_reason_is_yes(text: str, expected: str | None) -> None:
    assert parse_reason_given(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("tt à fait", "yes"), ("oui, des produits non conformes", "yes"), ("non", "no")],
)
def test_parse_yes_no_reads_sms_and_non_as_a_prefix(text: str, expected: str) -> None:
    assert parse_yes_no(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ui", "yes"), ("uii", "yes"), ("Ui !", "yes"), ("ouiii", "yes"), ("ouép", "yes"),
        ("ouaip", "yes"), ("yep", "yes"), ("yes", "yes"), ("yesss", "yes"),
        ("ui ils ont prévenu", "yes"), ("nn", "no"), ("nan", "no"), ("nope", "no"),
        ("nonnn", "no"), ("nn pas du tout", "no"),
    ],
)  # fmt: skip
def test_parse_yes_no_reads_clipped_and_drawn_out_words(text: str, expected: str) -> None:
    assert parse_yes_no(text).value == expected


@pytest.mark.parametrize("text", ["nous", "on", "uniquement"])
def test_words_that_look_like_yes_or_no_are_not_answers(text: str) -> None:
    assert not parse_yes_no(text).ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ils citent l'ODR mais sans le détail des commandes", "partial"),
     ("sans les détails", "partial"), ("sans le détail", "partial"),
     ("nessuna spiegazione", "no"), ("ninguna explicación", "no"), ("sin motivo", "no"),
     ("no explanation", "no")],
)  # fmt: skip
def test_reason_given_thin_or_missing_in_other_phrasings(text: str, expected: str) -> None:
    assert parse_reason_given(text).value == expected
