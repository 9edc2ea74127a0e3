"""What the seller reads when coming back, and what their words ask for (pure)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.conversation import followup as words
from bot.conversation.similar import similar_line
from bot.conversation.withdrawal import confirm_text, withdrawn_text

CAMPAIGN_START = date(2026, 10, 31)


def test_times_are_said_in_paris_time_with_a_french_first() -> None:
    at = datetime(2026, 12, 1, 13, 5, tzinfo=timezone.utc)
    assert words.french_moment(at) == "1er décembre à 14 h 05"
    assert words.french_moment(datetime(2026, 7, 14, 8, 30)) == "14 juillet à 10 h 30"
    sent = words.sent_text(words.ADD, at)
    assert sent == "Votre message du 1er décembre à 14 h 05 a été transmis à l'équipe."


def test_the_status_names_the_platform_and_the_day() -> None:
    at = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)
    text = words.status_text("SP-2026-000042", at, "amazon", "clos")
    assert (
        text == "Votre témoignage SP-2026-000042 sur Amazon, envoyé le 3 novembre 2026, est clos."
    )
    assert "sur une autre plateforme" in words.status_text("SP-1", at, "other", "clos")


@pytest.mark.parametrize(
    ("typed", "choice"),
    [
        ("je voudrais ajouter une information", words.ADD),
        ("j'ai une precision a apporter", words.ADD),
        ("compléter mon témoignage", words.ADD),
        ("je veux répondre à la question", words.ANSWER),
        ("voici ma réponse à votre question", words.ANSWER),
        ("j'ai une question pour l'équipe", words.ASK),
        ("poser une question", words.ASK),
        ("télécharger le récépissé", words.RECEIPT),
        ("un accuse de reception svp", words.RECEIPT),
        ("où en est mon dossier ?", None),
        ("est-ce que j'ai une réponse ?", None),
    ],
)
def test_typed_requests_are_read(typed: str, choice: str | None) -> None:
    assert words.choice_in(typed) == choice


def test_a_lost_code_is_heard() -> None:
    assert words.mentions_lost_code("j'ai perdu mon code")
    assert words.mentions_lost_code("je l'ai pas noté")
    assert not words.mentions_lost_code("j'ai un code de suivi")


@pytest.mark.parametrize(
    ("text", "intent", "reply"),
    [
        ("/cancel", "cancel", words.CANCEL),
        ("annuler", "cancel", words.CANCEL),
        (
            "annuler, finalement ils m'ont rendu mon compte et je voulais le dire",
            "cancel",
            words.MESSAGE,
        ),
        ("", "empty_message", words.EMPTY),
        ("/empty_message", "empty_message", words.EMPTY),
        ("\u2215followup", "nlu_fallback", words.EMPTY),
        ("Qui lit mon témoignage ?", "faq_who_reads", words.MESSAGE),
    ],
)
def test_a_reply_to_a_prompt_is_sent_unless_cancelled_or_empty(
    text: str, intent: str, reply: str
) -> None:
    assert words.prompt_reply(text, intent) == reply


def test_the_answer_button_appears_only_with_an_open_question() -> None:
    with_question = [b["title"] for b in words.menu_buttons(True)]
    without = [b["title"] for b in words.menu_buttons(False)]
    assert "Répondre à la question de l'équipe" in with_question
    assert "Répondre à la question de l'équipe" not in without
    assert "Retirer mon témoignage" in without and "Poser une question" in without


def test_an_anonymous_prompt_warns_against_identifying_details() -> None:
    assert "ni nom ni coordonnées" in words.prompt_text(words.ADD, "SP-1", True)
    assert "ni nom" not in words.prompt_text(words.ADD, "SP-1", False)


def test_withdrawal_wording_says_what_goes() -> None:
    assert "définitivement" in confirm_text("SP-2026-000042")
    assert "va être effacée" in withdrawn_text("SP-2026-000042")


def test_wrong_code_wording_counts_down_then_pauses() -> None:
    assert words.wrong_code_text(1, 15).endswith("il vous reste 1 essai.")
    assert "suspendue pendant 15 minutes" in words.wrong_code_text(0, 15)
    assert words.paused_text(1).endswith("Réessayez dans 1 minute.")


# --- "vous n'êtes pas seul": never a count under 3 ----------------------------------------


@pytest.mark.parametrize(("others", "said"), [(0, False), (2, False), (3, True), (10, True)])
def test_similar_testimonies_are_counted_from_three(others: int, said: bool) -> None:
    line = similar_line("amazon", "account_termination", others, others, CAMPAIGN_START)
    assert (line is not None) is said
    if said:
        assert line == (
            "Vous n'êtes pas la seule entreprise concernée : "
            f"{others} autres témoignages concernent Amazon depuis le 31 octobre, dont "
            f"{others} pour le même problème (compte fermé / exclusion)."
        )


def test_a_small_count_of_the_same_problem_is_left_out() -> None:
    line = similar_line("ebay", "payment_withheld", 10, 2, CAMPAIGN_START)
    assert line is not None and line.endswith("concernent eBay depuis le 31 octobre.")


def test_no_count_for_another_platform_or_another_problem() -> None:
    assert similar_line("other", "delisting", 10, 10, CAMPAIGN_START) is None
    line = similar_line("amazon", "other", 10, 10, CAMPAIGN_START)
    assert line is not None and "même problème" not in line
