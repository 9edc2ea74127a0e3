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
        ("jai du nouveau", words.ADD),
        ("j'ai des choses à ajouter", words.ADD),
        ("mise à jour de mon dossier", words.ADD),
        ("il y a du nouveau ?", None),
        ("je vous réponds", words.ANSWER),
        ("j'ai vu la question de l'équipe", words.ANSWER),
        ("vous pouvez me répondre ?", None),
        ("le justificatif", words.RECEIPT),
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


def test_the_code_is_asked_for_what_the_seller_wants() -> None:
    plain = words.ask_code_text(False, "contact@example.fr")
    assert plain.startswith("Quel est votre code de suivi ?")
    for wish, lead in (
        (words.ADD, "Pour compléter votre témoignage"),
        (words.ANSWER, "Pour répondre à la question de l'équipe"),
        (words.ASK, "Pour transmettre votre question"),
        (words.RECEIPT, "Pour vous donner le récépissé"),
        ("withdraw", "Pour retirer votre témoignage"),
    ):
        text = words.ask_code_text(False, "contact@example.fr", wish)
        assert text.startswith(lead) and "Quel est votre code de suivi ?" in text


def test_a_message_stored_directly_says_so_with_its_date() -> None:
    at = datetime(2026, 12, 1, 13, 5, tzinfo=timezone.utc)
    added = words.stored_text(words.ADD, "SP-2026-000042", at)
    assert added == (
        "Votre message a été ajouté à votre témoignage SP-2026-000042 le 1er décembre à "
        "14 h 05 et transmis à l'équipe."
    )
    assert words.stored_text(words.ASK, "SP-1", at).startswith(
        "Votre question a été transmise à l'équipe le 1er décembre à 14 h 05"
    )
    assert words.stored_text(words.ANSWER, "SP-1", at).startswith(
        "Votre réponse a été transmise à l'équipe le 1er décembre"
    )
    assert "retiré de votre témoignage" in words.undone_text(at)


def test_undo_buttons_take_back_or_make_a_new_report() -> None:
    assert [b["title"] for b in words.undo_buttons(words.ADD, story=False)] == ["Annuler cet ajout"]
    both = words.undo_buttons(words.ADD, story=True)
    assert [b["payload"] for b in both] == [
        '/followup{"followup_choice": "undo"}',
        '/followup{"followup_choice": "undo_new"}',
    ]
    assert words.undo_buttons(words.ASK, story=False)[0]["title"] == "Annuler cet envoi"


def test_the_menu_says_the_answer_can_be_typed_right_away() -> None:
    question = "Avez-vous gardé les mails ?"
    shown = words.menu_text(question, question_shown=True, answer_expected=True)
    assert "écrivant simplement votre réponse ici" in shown and question not in shown
    recalled = words.menu_text(question, question_shown=False, answer_expected=True)
    assert question in recalled and "écrivant simplement votre réponse" in recalled
    assert words.menu_text(question, question_shown=True) == "Que souhaitez-vous faire ?"


def test_the_receipt_message_says_here_is_your_receipt() -> None:
    assert words.RECEIPT_TEXT.format(reference="SP-1").startswith("Voici votre récépissé")
