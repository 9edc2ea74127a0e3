"""What a seller's message asks for in the follow-up, before and after the code (pure)."""

from __future__ import annotations

import pytest

from bot.conversation import followup as words
from bot.conversation import followup_moves as moves
from bot.conversation.withdrawal import NO, UNCLEAR, YES, confirmation_reply

OPEN = moves.Situation(platform="amazon")
QUESTION_SHOWN = moves.Situation(answer_expected=True, open_question=True, platform="amazon")
QUESTION_WAITING = moves.Situation(open_question=True, platform="amazon")
CODE = "H7RT-2WQD-M9ZP-XC4B"


def _move(text: str, intent: str | None = "inform", situation: moves.Situation = OPEN):
    return moves.next_move(text, intent, situation)


# --- class 1: the wish said before the code, or with it ----------------------------------


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("je souhaite retirer mon témoignage", moves.WITHDRAW),
        ("svp supprimez mon signalement", moves.WITHDRAW),
        ("suppression de mon dossier", moves.WITHDRAW),
        ("je voudrais annuler ma déclaration", moves.WITHDRAW),
        ("faut que je complete mon dossier", words.ADD),
        ("jai du nouveau", words.ADD),
        ("g du neuf", words.ADD),
        ("j'ai de nouvelles infos", words.ADD),
        ("il y a du nouveau de mon côté", words.ADD),
        ("je viens compléter", words.ADD),
        ("je reviens mettre à jour mon témoignage", words.ADD),
        ("j'aurais une question pour l'équipe", words.ASK),
        ("je voudrais vous demander quelque chose", words.ASK),
        ("je souhaite répondre a la question de l'equipe", words.ANSWER),
        ("j'ai lu votre question", words.ANSWER),
        ("il me faudrait le récépissé", words.RECEIPT),
        ("vous pouvez m'envoyer une preuve de dépôt ?", words.RECEIPT),
        ("je voudrais le pdf", words.RECEIPT),
        ("j'ai besoin d'une attestation pour ma banque", words.RECEIPT),
        ("où en est mon dossier ?", None),
        ("il y a du nouveau ?", None),
        ("j'ai un code de suivi", None),
        ("j'ai perdu mon code", None),
        ("Amazon a supprimé mon compte vendeur", None),
        ("/followup", None),
    ],
)
def test_a_wish_is_read_before_the_code(text: str, wish: str | None) -> None:
    assert moves.wish_in(text) == wish


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        (f"bonjour, retirez mon témoignage svp, mon code est {CODE}", moves.WITHDRAW),
        (f"{CODE.lower()} je voudrais l'accusé de réception", words.RECEIPT),
        (f"code {CODE} : j'ai du nouveau", words.ADD),
        (f"voici mon code {CODE.replace('-', ' ')}", None),
        (f"{CODE} du nouveau ?", None),
    ],
)
def test_a_wish_is_read_beside_the_code(text: str, wish: str | None) -> None:
    assert moves.wish_in(text) == wish


@pytest.mark.parametrize(
    ("wish", "move"),
    [
        (words.RECEIPT, moves.Move(moves.GIVE_RECEIPT)),
        (moves.WITHDRAW, moves.Move(moves.CONFIRM_WITHDRAWAL)),
        (words.ADD, moves.Move(moves.PROMPT, words.ADD)),
        (words.ASK, moves.Move(moves.PROMPT, words.ASK)),
        (words.ANSWER, moves.Move(moves.PROMPT, words.ANSWER)),
    ],
)
def test_a_wish_becomes_what_is_done_right_after_opening(wish: str, move: moves.Move) -> None:
    assert moves.wish_move(wish) == move


# --- class 2: a new fact is stored directly ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Amazon a rouvert mon compte ce matin mais garde toujours les fonds",
        "ils ont reversé 1500 € hier",
        "le service client m'a rappelé lundi, aucune solution proposée",
        "depuis mardi ma boutique est de nouveau visible",
        "la plateforme a supprimé tous mes avis clients sans prevenir",
        "Mise à jour : Amazon a débloqué une partie des fonds",
        "non en fait ils ont rouvert le compte vendredi",
    ],
)
def test_a_statement_with_facts_is_stored_as_an_addition(text: str) -> None:
    assert _move(text) == moves.Move(moves.STORE, words.ADD)


@pytest.mark.parametrize(
    ("text", "intent", "action"),
    [
        ("merci beaucoup", "thank", moves.WELCOME),
        ("ok merci", "affirm", moves.MENU),
        ("bonjour", "greet", moves.MENU),
        ("oui", "affirm", moves.MENU),
        ("d'accord", "affirm", moves.MENU),
        ("bof", "nlu_fallback", moves.MENU),
        ("ils m'ont répondu", "inform", moves.OFFER),
        ("je reviens pour mon témoignage", "followup", moves.STATUS),
        ("oui oui tout va bien", "affirm", moves.MENU),
        ("aide", "help", moves.MENU),
        ("pourquoi ?", "ask_why", moves.MENU),
    ],
)
def test_greetings_thanks_yes_and_short_messages_are_not_stored(
    text: str, intent: str, action: str
) -> None:
    assert _move(text, intent).action == action


def test_a_story_about_another_platform_is_offered_not_added() -> None:
    story = "eBay vient de suspendre mon compte vendeur sans explication"
    assert moves.next_move(story, "report_problem", OPEN, is_story=True).action == moves.OFFER
    same = "Amazon vient de suspendre à nouveau mon compte sans explication"
    assert moves.next_move(same, "report_problem", OPEN, is_story=True) == moves.Move(
        moves.STORE, words.ADD
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("je veux faire un autre signalement", "report_problem"),
        ("j'ai un nouveau problème avec Cdiscount", "report_problem"),
        ("je voudrais signaler une autre plateforme", "inform"),
        ("je veux signaler un problème", "report_problem"),
        ("/report_problem", "report_problem"),
    ],
)
def test_a_new_report_asked_for_is_a_new_report(text: str, intent: str) -> None:
    assert _move(text, intent).action == moves.NEW_REPORT


def test_a_fact_told_as_a_story_is_no_new_report_request() -> None:
    fact = "ils m'ont rouvert le compte mais sans les 2000 euros"
    assert _move(fact, "report_problem") == moves.Move(moves.STORE, words.ADD)
    assert _move("non finalement je garde", "deny").action == moves.MENU, "no offer to add it"


@pytest.mark.parametrize(
    ("text", "intent", "situation", "action"),
    [
        ("", "empty_message", OPEN, moves.MENU),
        ("/followup", "followup", OPEN, moves.STATUS),
        ("annuler cet ajout", "cancel", OPEN, moves.UNDO_LAST),
        ("supprimez mon dernier message", "withdraw", OPEN, moves.UNDO_LAST),
        ("annule", "cancel", moves.Situation(undo_available=True), moves.UNDO_LAST),
        ("annule", "cancel", OPEN, moves.NOTHING_TO_CANCEL),
    ],
)
def test_undo_and_cancel(text: str, intent: str, situation: moves.Situation, action: str) -> None:
    assert moves.next_move(text, intent, situation).action == action


def test_buttons_win_over_words() -> None:
    for button, move in (
        ("undo", moves.Move(moves.UNDO_LAST)),
        ("undo_new", moves.Move(moves.UNDO_AND_REPORT)),
        ("receipt", moves.Move(moves.GIVE_RECEIPT)),
        ("ask", moves.Move(moves.PROMPT, words.ASK)),
    ):
        assert moves.next_move("/followup", "followup", OPEN, button=button) == move


# --- class 3: the answer to the staff question just shown -------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("oui j'ai conservé tous les échanges avec eux", "nlu_fallback"),
        ("ouais g les mails", "affirm"),
        ("non je les ai effacés", "deny"),
        ("oui", "affirm"),
        ("non malheureusement", "deny"),
        ("le 3 octobre, par un mail automatique", "inform"),
        ("oui, vous voulez que je vous les transfère ?", "affirm"),
        ("bonjour, oui j'ai tout", "greet"),
    ],
)
def test_a_reply_right_after_the_question_is_its_answer(text: str, intent: str) -> None:
    assert _move(text, intent, QUESTION_SHOWN) == moves.Move(moves.STORE, words.ANSWER)


@pytest.mark.parametrize(
    ("text", "intent", "move"),
    [
        ("ok merci", "thank", moves.Move(moves.WELCOME)),
        ("je veux ajouter une info", "followup", moves.Move(moves.PROMPT, words.ADD)),
        ("où en est mon dossier ?", "followup", moves.Move(moves.STATUS)),
        ("je veux le récépissé", "followup", moves.Move(moves.GIVE_RECEIPT)),
        ("est-ce que je dois vous les envoyer ?", "faq_next_steps", moves.Move(moves.STORE, "ask")),
    ],
)
def test_requests_and_questions_right_after_the_question_are_not_answers(
    text: str, intent: str, move: moves.Move
) -> None:
    assert _move(text, intent, QUESTION_SHOWN) == move


def test_seeing_the_question_opens_the_answer_prompt() -> None:
    for text in (
        "j'ai vu votre question",
        "jai lu la question de l'équipe",
        "je vous réponds",
        "c koi la question ?",
    ):
        assert _move(text, "followup", QUESTION_WAITING) == moves.Move(moves.PROMPT, words.ANSWER)


def test_an_answer_said_as_such_later_is_stored_as_the_answer() -> None:
    text = "ma réponse à votre question : oui, le mail du 3 octobre"
    assert _move(text, "inform", QUESTION_WAITING) == moves.Move(moves.STORE, words.ANSWER)
    assert _move("oui j'ai les mails", "affirm", QUESTION_WAITING).action != moves.STORE


# --- class 4: a question to staff --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Dois-je vous transmettre mon extrait Kbis ?", "out_of_scope"),
        ("la médiation a-t-elle commencé", "faq_p2b"),
        ("est ce que vous avez contacté Amazon", "inform"),
        ("je voudrais savoir si mon dossier sera transmis à la DGCCRF", "inform"),
        ("qui va lire mon témoignage exactement ?", "faq_who_reads"),
        ("quand aurai-je une réponse de votre part ?", "followup"),
        ("le ministère peut-il m'aider à récupérer mes fonds ?", "request_human"),
        ("pouvez vous me dire si d'autres vendeurs ont le même problème", "faq_several_platforms"),
    ],
)
def test_a_question_is_sent_to_staff(text: str, intent: str) -> None:
    assert _move(text, intent) == moves.Move(moves.STORE, words.ASK)


@pytest.mark.parametrize(
    ("text", "intent", "action"),
    [
        ("où en est mon témoignage ?", "followup", moves.STATUS),
        ("quelqu'un a répondu ?", "followup", moves.STATUS),
        ("je peux avoir le pdf ?", "request_human", moves.GIVE_RECEIPT),
        ("comment je supprime mon témoignage ?", "faq_delete_data", moves.CONFIRM_WITHDRAWAL),
        ("je peux parler à quelqu'un ?", "request_human", moves.HUMAN),
        ("un conseiller peut me rappeler ?", "request_human", moves.HUMAN),
    ],
)
def test_questions_the_assistant_answers_itself(text: str, intent: str, action: str) -> None:
    assert _move(text, intent).action == action


# --- class 5: withdrawing ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "annuler mon témoignage",
        "annulez mon signalement svp",
        "effacer",
        "oui supprimez",
        "supprimez tout",
        "retirez-le svp",
        "je veux que vous effaciez mon dossier",
        "suppression de ma déclaration",
        "virez mon témoignage",
    ],
)
def test_withdrawal_words_ask_to_confirm(text: str) -> None:
    assert moves.asks_to_withdraw(text)
    assert _move(text, "cancel").action == moves.CONFIRM_WITHDRAWAL


@pytest.mark.parametrize(
    "text",
    [
        "Amazon a supprimé mon dossier vendeur",
        "ils ont retiré mes annonces",
        "je ne veux pas retirer mon témoignage",
        "ne le supprimez pas",
        "annuler",
        "annuler cet ajout",
        "j'ai effacé les mails par erreur",
    ],
)
def test_deletions_told_or_refused_are_no_withdrawal(text: str) -> None:
    assert not moves.asks_to_withdraw(text)


@pytest.mark.parametrize(
    ("text", "intent", "reply"),
    [
        ("oui", "affirm", YES),
        ("oui supprimez", "affirm", YES),
        ("ok allez y", "affirm", YES),
        ("oui je confirme", "affirm", YES),
        ("effacer", "faq_delete_data", YES),
        ("annuler mon témoignage", "cancel", YES),
        ("vas-y retire le", "nlu_fallback", YES),
        ("bien sûr", "affirm", YES),
        ("/affirm", "affirm", YES),
        ("non", "deny", NO),
        ("non gardez-le", "deny", NO),
        ("annuler", "cancel", NO),
        ("finalement non", "deny", NO),
        ("ne le supprimez surtout pas", "nlu_fallback", NO),
        ("attendez je réfléchis", "nlu_fallback", NO),
        ("/deny", "deny", NO),
        ("oui mais gardez les réponses", "affirm", UNCLEAR),
        ("euh", "nlu_fallback", UNCLEAR),
        ("en fait Amazon m'a remboursé", "inform", UNCLEAR),
    ],
)
def test_a_reply_to_the_withdrawal_confirmation_is_read_by_its_words(
    text: str, intent: str, reply: str
) -> None:
    assert confirmation_reply(text, intent) == reply


# --- class 6: the receipt ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "récépissé",
        "recepisse svp",
        "je peux avoir le pdf ?",
        "une attestation de dépôt",
        "il me faut une preuve que j'ai déposé",
        "le justificatif",
        "mon reçu",
        "vous pouvez m'envoyer l'accusé de réception de mon témoignage ?",
        "c'est possible d'avoir une copie de mon témoignage ?",
        "Est-ce que je peux obtenir une attestation de dépôt pour la transmettre à ma banque ?",
    ],
)
def test_receipt_words_give_the_receipt(text: str) -> None:
    assert moves.asks_receipt(text)
    assert _move(text, "request_human").action == moves.GIVE_RECEIPT


@pytest.mark.parametrize(
    "text",
    [
        "j'ai une attestation de mon expert-comptable",
        "j'ai des preuves que la plateforme ment",
        "je vous envoie le justificatif de paiement",
        "j'ai reçu un mail d'Amazon",
        "un concurrent a copié mes fiches produits",
        "la preuve qu'ils mentent",
    ],
)
def test_documents_the_seller_has_are_no_receipt_request(text: str) -> None:
    assert not moves.asks_receipt(text)
