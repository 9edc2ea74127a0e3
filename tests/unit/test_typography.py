"""French typography: no sign alone at the start of a line, nothing else changed."""

from __future__ import annotations

import itertools

import pytest

from bot.typography import NBSP, NNBSP, apply_rules, typeset, typeset_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quel est le problème ?", f"Quel est le problème{NNBSP}?"),
        ("Attention !", f"Attention{NNBSP}!"),
        ("oui ; non", f"oui{NNBSP}; non"),
        ("Votre code de suivi : K7QF", f"Votre code de suivi{NBSP}: K7QF"),
        ("écrivez « passer »", f"écrivez «{NBSP}passer{NBSP}»"),
        ("80 % du chiffre", f"80{NBSP}% du chiffre"),
        ("4\u202f200 €", f"4\u202f200{NBSP}€"),
    ],
)
def test_signs_are_tied_to_the_word_before(text: str, expected: str) -> None:
    assert typeset(text) == expected


@pytest.mark.parametrize(
    "text",
    ["https://exemple.fr/a?b=1", "à 14:05", "contact@exemple.gouv.fr", "Oui!", "", "🙂"],
)
def test_nothing_is_inserted_where_there_was_no_space(text: str) -> None:
    assert typeset(text) == text


def test_typesetting_twice_changes_nothing_more() -> None:
    once = typeset("Pourquoi ? « Parce que » : 40 %")
    assert typeset(once) == once


def test_pages_are_typeset_between_tags_only() -> None:
    html = (
        '<p title="a : b">Quoi ?</p><script>x = a ? b : c;</script>'
        "<textarea>mot : tapé</textarea><code>k : v</code><!-- note : ici --> fin !"
    )
    assert typeset_html(html) == (
        f'<p title="a : b">Quoi{NNBSP}?</p><script>x = a ? b : c;</script>'
        f"<textarea>mot : tapé</textarea><code>k : v</code><!-- note : ici --> fin{NNBSP}!"
    )


_PIECES = (" ", "\u00a0", "\u202f", ";", ":", "!", "?", "«", "»", "%", "€", "7", "é")


def test_texts_skipped_by_the_shortcut_are_those_no_rule_changes() -> None:
    """`typeset` leaves a text alone when it has no sign a rule looks for: on every text of
    up to three pieces (spaces, signs, a digit, a letter) it gives what the rules give."""
    texts = ("".join(p) for n in range(1, 4) for p in itertools.product(_PIECES, repeat=n))
    assert [t for t in texts if typeset(t) != apply_rules(t)] == []
