"""A value replaced in the same breath: the value after the correction wins, at a question
and at the summary, for counts, amounts, shares, dates and choices."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.answers import interpret
from bot.conversation.corrections import understand_correction
from bot.parsing import replacement

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("company_size", "pas 6 mais 15", "small"),
        ("company_size", "on est pas 6 mais 15 salariés", "small"),
        ("company_size", "c'est 15 personnes pas 6", "small"),
        ("estimated_loss_eur", "c'était 5000 pas 500", 5000),
        ("estimated_loss_eur", "non cété 15000 pa 1500", 15000),
        ("estimated_loss_eur", "not 500 but 5000", 5000),
        ("revenue_share_pct", "pas 30 mais 40 %", 40),
        ("revenue_share_pct", "40 % plutôt que 30", 40),
        ("started_on", "en septembre au lieu d'août", "2026-09-01"),
        ("started_on", "non pas en août mais plutôt en septembre", "2026-09-01"),
        ("support_outcome", "pas résolu mais toujours en cours", "pending"),
    ],
)
def test_the_value_after_the_correction_wins(slot: str, text: str, expected: object) -> None:
    assert interpret(slot, text, TODAY).values[slot] == expected


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("notice_given", "il n'y a pas eu de préavis", "no"),
        ("notice_given", "pas de préavis", "no"),
        ("contacted_platform", "oui mais pas de réponse", "yes"),
        ("estimated_loss_eur", "je sais pas, 3000 peut-être", 3000),
    ],
)
def test_a_plain_negation_is_not_a_replacement(slot: str, text: str, expected: object) -> None:
    assert interpret(slot, text, TODAY).values[slot] == expected


@pytest.mark.parametrize("text", ["je sais pas", "pas du tout", "pas de préavis", "mais non"])
def test_sentences_without_two_values_are_not_split_into_halves(text: str) -> None:
    halves = replacement(text)
    assert halves is None or not all(any(c.isdigit() for c in h) for h in halves)


SAVED = {"estimated_loss_eur": 1500, "company_size": "micro", "revenue_share_pct": 30,
         "started_on": "2026-08-01", "platform": "amazon"}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("non cété 15000 pa 1500", "estimated_loss_eur", 15000),
        ("c'était 5000 pas 500", "estimated_loss_eur", 5000),
        ("on est pas 6 mais 15", "company_size", "small"),
        ("c'est 15 personnes pas 6", "company_size", "small"),
        ("pas 30 mais 45 %", "revenue_share_pct", 45),
        ("en septembre pas en août", "started_on", "2026-09-01"),
    ],
)
def test_at_the_summary_the_replaced_value_names_the_field(text: str, slot: str, value: object):
    correction = understand_correction(text, SAVED, TODAY)
    assert correction.slot == slot
    assert correction.values[slot] == value


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("La date est fausse : pas le 1er janvier, c'est le 1er février 2026.", "started_on",
         "2026-02-01"),
        ("Le pourcentage c'est pas 10, c'est 25 % en fait", "revenue_share_pct", 25),
        ("Taille de l'entreprise : 55 salariés et pas 30, j'oubliais l'usine", "company_size",
         "medium"),
        ("the date is wrong, it was November 20th not the 25th", "started_on", "2026-11-20"),
        ("ah non la perte c pa 1500 c 9000", "estimated_loss_eur", 9000),
        ("Oups, c'est pas 10 jours, ça fait 3 semaines", "started_on", "2026-11-11"),
        ("L'effectif, ce n'était pas 8 : nous sommes 25 salariés.", "company_size", "small"),
    ],
)  # fmt: skip
def test_a_named_field_corrected_with_its_old_value_takes_the_new_one(text, slot, value):
    correction = understand_correction(text, SAVED, TODAY)
    assert (correction.slot, correction.values.get(slot)) == (slot, value)
