"""What a seller's message asks for in the follow-up, and what the assistant does next (pure).

Two readings, both from the words (the NLU intent only breaks ties, because sellers coming
back write freely and the classifier was trained on reports):

- `wish_in`: what the seller wants to do with their testimony, said before the code or with
  it ("je veux retirer mon témoignage", "il me faut mon récépissé", "j'ai du nouveau"). The
  action remembers it (slot `followup_wish`) and goes straight to it once the code opens
  the testimony.
- `next_move`: once a testimony is open, what a message is: a request (receipt, withdrawal,
  a prompt, the status), an answer to the staff question just shown, a question to staff,
  a substantive new fact (stored directly, with an undo button), something to confirm
  first (a story naming another platform, a short unclear message), or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.conversation.followup import ADD, ANSWER, ASK, RECEIPT, choice_in
from bot.normalise import normalise
from bot.privacy import followup_code_spans
from bot.taxonomy import detect_platforms, detect_problems
from bot.typed_commands import NEUTRAL_SLASH

WITHDRAW = "withdraw"
UNDO = "undo"  # button: delete the message just stored directly
UNDO_NEW = "undo_new"  # button: it was a new problem: delete it and start a report with it
WISHES = frozenset({ADD, ANSWER, ASK, RECEIPT, WITHDRAW})

# --- what the assistant does (`Move.action`) ---------------------------------------------
GIVE_RECEIPT = "receipt"
CONFIRM_WITHDRAWAL = "withdraw"
PROMPT = "prompt"  # open the prompt form for `Move.kind` (add, answer, ask)
STORE = "store"  # store the message itself as `Move.kind`, say so, offer to undo
OFFER = "offer"  # "add this message to your testimony?" (yes / a new problem / no)
STATUS = "status"  # where the testimony stands, unread replies, the menu
MENU = "menu"
NEW_REPORT = "new_report"
HUMAN = "human"
UNDO_LAST = "undo"
UNDO_AND_REPORT = "undo_new"
NOTHING_TO_CANCEL = "nothing_to_cancel"
WELCOME = "welcome"  # a thank-you: "avec plaisir", the testimony stays open


@dataclass(frozen=True)
class Move:
    action: str
    kind: str | None = None


@dataclass(frozen=True)
class Situation:
    """What the action knows of the open testimony when a message comes."""

    answer_expected: bool = False  # the opening just showed a staff question not answered
    open_question: bool = False  # a staff question waits for an answer
    platform: str | None = None  # the testimony's platform code
    undo_available: bool = False  # a message was stored directly and may be taken back


# --- word lists (normalised: lower case, no accents, apostrophes as spaces) --------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS = _word_set(
    """
    je j tu il ils elle elles on nous vous me m moi te t toi se s lui leur leurs y en
    le la les l un une des du de d au aux ce c cet cette ces ca cela ceci
    mon ma mes ton ta tes son sa ses notre nos votre vos
    et ou mais donc car ni or que qu qui quoi dont si
    a ai as avons avez ont avait avaient avais eu est es sont etait etaient ete etre suis
    sera serait fait faire fais
    ne n pas plus pour par sur dans avec sans sous chez vers entre depuis apres avant
    tres bien tout tous toute toutes aussi encore deja toujours alors bon ben bah voila
    juste enfin meme comme la ici
    oui ouais ouai non nan ok okay d accord merci svp stp bonjour bonsoir salut
    """
)
# the words of a request: "je voudrais ajouter une information à mon témoignage"
_REQUEST_WORDS = _word_set(
    """
    veux voudrais voulais voudrai souhaite souhaiterais souhaitais aimerais dois devrais
    faut peux pourrais puis viens reviens vais voulu besoin
    ajouter rajouter ajout rajout ajoute rajoute completer complete complement complements
    completez apporter donner transmettre envoyer preciser signaler
    info infos information informations precision precisions element elements piece
    pieces detail details chose choses truc trucs quelque petite petit autre autres
    nouveau nouvelle nouvelles nouveaux neuf nouvel
    temoignage temoignages signalement signalements dossier declaration plainte
    reclamation question questions poser repondre reponds reponse demander demande
    equipe ministere concernant propos sujet rapport suite
    """
)
_SMALL_TALK = _word_set(
    """
    merci beaucoup bonjour bonsoir salut hello coucou au revoir ok okay d accord dac super
    parfait top cool bien recu entendu compris genial tres bonne journee soiree a vous
    aussi pour votre retour reponse c est note vu ah oh bon ben bah voila
    """
)
_YES_NO = _word_set("oui ouais ouai ouep yes si non nan nope no")
_DATE_WORDS = _word_set(
    """
    hier aujourd avant hier matin soir semaine mois janvier fevrier mars avril mai juin
    juillet aout septembre octobre novembre decembre lundi mardi mercredi jeudi vendredi
    samedi dimanche
    """
)
MIN_CONTENT_WORDS = 3  # a statement with facts: three content words, or two and a fact
MAX_REQUEST_CONTENT = 2  # a request may name its subject ("… sur ManoMano")
MAX_WORDS_WEAK_RECEIPT = 10
MAX_WORDS_RECEIPT = 25
MAX_WORDS_HUMAN = 12
MIN_WORDS_TO_OFFER = 3
# intents of free text: a short unclear message with one of them is offered to be added;
# with another (yes, no, a greeting…) it only gets the menu
FREE_TEXT_INTENTS = frozenset(
    {"inform", "report_problem", "nlu_fallback", "out_of_scope", "correct", "faq_several_platforms"}
)

_QUESTION_OPENING = re.compile(
    r"^(?:est ce|comment|pourquoi|quand|combien|quel|quelle|quels|quelles|qu est ce"
    r"|que (?:dois|faut|faire|se passe|va|devez|puis)|faut il|dois je|devrais je|puis je"
    r"|peut on|pouvez vous|pourriez vous|avez vous|allez vous|vous allez|est il|sont ils"
    r"|y a t il|va t il|va t on|c est quand|c est quoi|a quel|a quoi|ou (?:dois|puis|faut))\b"
)
_QUESTION_INSIDE = re.compile(
    r"\b(?:est ce que|est ce qu|je voudrais savoir|j aimerais savoir|je me demande"
    r"|je me demandais|pouvez vous me dire|savez vous|dites moi si)\b"
    # inversions: "la médiation a-t-elle commencé", "dois-je…", "avez-vous…"
    r"|\b(?:a|va|sera|aura|faut|peut|doit|fallait|faudra) t (?:il|elle|on)\b"
    r"|\b(?:est|sont|ont|vont|peuvent|doivent) (?:il|elle|ils|elles)\b(?! y a)"
    r"|\b(?:dois|puis|devrais|pourrais|peux|vais|suis) je\b"
    r"|\b(?:avez|pouvez|allez|devez|comptez|savez|voulez|pourriez) vous\b"
)
# Where the testimony stands: always for these words, in a question for the others ("ils
# m'ont répondu" tells something, "quelqu'un a répondu ?" asks).
_STATUS = re.compile(
    r"\bou (?:en )?est\b|\bou ca en est|\bca en est ou|\bca avance|\bavancement\b|\bstatut\b"
    r"|\bstatus\b|\bquoi de neuf|\bsuivi\b"
)
_STATUS_IN_QUESTION = re.compile(
    r"\bdu (?:nouveau|neuf)\b|\bdes nouvelles\b"
    r"|\b(?:a|ont) (?:bien )?ete (?:lu|lus|traite|pris en compte|recu)\b"
    r"|\bavez vous (?:bien )?(?:recu|lu)\b|\b(?:une|des) reponses?\b|\brepondu\b"
)
# A request for the receipt: strong words anywhere in a request-sized message, weak ones in
# a short message that does not give something ("j'ai une attestation de mon comptable").
_RECEIPT_STRONG = re.compile(
    r"\b(?:recepisse|recipisse|recepice|accuse (?:de )?recept?ion"
    r"|attestation (?:de |d )?(?:depot|envoi|temoignage|signalement|declaration)"
    r"|preuve (?:de |d )(?:depot|envoi|mon (?:temoignage|signalement|depot|envoi))"
    r"|preuve (?:que |qu )(?:j ai|j avais|jai) (?:bien )?(?:depose|temoigne|envoye|fait|signale)"
    r"|justificatif (?:de |d )(?:depot|envoi|temoignage|signalement|declaration)"
    r"|recu (?:de |du )(?:depot|mon temoignage|temoignage|signalement)"
    r"|telecharger (?:le |mon |ce )(?:temoignage|signalement|dossier|pdf)"
    r"|(?:une )?copie (?:de |du |d )(?:mon |ma |ce |cette )?(?:temoignage|signalement|declaration))"
)
_RECEIPT_WEAK = re.compile(r"\b(?:pdf|attestation|justificatif|(?:un|le|mon|votre|du) recu)\b")
_GIVING = re.compile(
    r"^(?:(?:j ai|jai|g) (?:un|une|des|le|la|les|mon|ma|mes|aussi|deja)|voici|voila|ci joint)\b"
    r"|\bje vous (?:envoie|joins|transmets)\b"
)
# A request to withdraw: a verb of deletion on the testimony (not "Amazon a supprimé mon
# compte"), a noun ("suppression de mon dossier"), or the bare verb ("oui supprimez").
_DELETE_VERB = (
    r"(?:retir|supprim|suprim|suppr|effac|enlev|annul|detrui|detruis|vir)(?:er|ez|iez|e|es)?"
)
_TESTIMONY_NOUN = r"(?:temoignages?|signalements?|dossiers?|declarations?|plaintes?|donnees)"
_WITHDRAW_VERB = re.compile(
    rf"(?<!\ba )(?<!\bai )(?<!\bont )(?<!\bavait )(?<!\bm a )(?<!\bl a )"
    rf"\b{_DELETE_VERB}\b(?: \w+){{0,3}}? {_TESTIMONY_NOUN}\b"
)
_WITHDRAW_NOUN = re.compile(
    rf"\b(?:retrait|suppression|effacement|annulation|retirement) (?:de |du |d )"
    rf"(?:(?:mon|ma|mes|le|la|les|ce|cette|l) )?{_TESTIMONY_NOUN}\b"
)
_FILLER = r"(?:oui|ouais|ok|okay|alors|bon|bah|ben|donc|svp|stp|merci|please|je veux|je voudrais"
_FILLER += r"|vous pouvez|pouvez vous|allez y|vas y|bien sur|c est ca|d accord|s il vous plait)"
_BARE_VERB = r"(?:retir|supprim|suprim|suppr|effac|enlev|detrui|detruis)(?:er|ez|e|es)?"
_BARE_WITHDRAW = re.compile(
    rf"^(?:{_FILLER} )*(?:je )?{_BARE_VERB}(?: (?:le|la|les|tout|moi|ca|definitivement"
    rf"|svp|stp|merci|s il vous plait|tout de suite|maintenant))*$"
)
_NEGATED_DELETE = re.compile(
    rf"\b(?:ne|n) (?:\w+ ){{0,2}}(?:pas|jamais) (?:\w+ ){{0,2}}{_DELETE_VERB}\b"
    rf"|\b(?:ne|n) (?:\w+ ){{0,2}}{_DELETE_VERB} (?:\w+ )?pas\b"
    rf"|\bpas (?:le |la |les )?{_DELETE_VERB}\b|\bsurtout pas\b"
)
_UNDO_WORDS = re.compile(
    r"\b(?:annul|supprim|retir|effac|enlev)\w* (?:cet|ce|mon|le|ma|la|l) (?:dernier |derniere )?"
    r"(?:ajout|message|envoi|info|information|precision|reponse)\b"
    r"|\bje me suis trompe de (?:message|fenetre)\b"
)
_SEEN_QUESTION = re.compile(
    r"\b(?:vu|lu|recu|eu|regarde) (?:votre|la|sa|leur|vos|les|cette|une) questions?\b"
)
_QUESTION_WORDS = _word_set(
    "pourquoi comment quand combien quel quelle quels quelles quoi koi ou hein"
)
_NEW_REPORT = re.compile(
    r"\b(?:nouveau|nouvel|autre|nouvelle|deuxieme|second|seconde|2e|2eme) "
    r"(?:signalement|temoignage|probleme|declaration|dossier|plainte)\b"
    r"|\bfaire un (?:signalement|temoignage)\b"
)
# "je veux signaler un problème" asks for a report; "je voulais signaler un retard de
# paiement de 800 €" tells a fact (substantive: stored)
_REPORT_VERB = re.compile(r"\b(?:signaler|declarer|temoigner) (?:un|une|sur|contre|autre)\b")
_HUMAN = re.compile(
    r"\b(?:humain|humaine|personne|quelqu un|qqn|qq1|conseiller|conseillere|agent|operateur"
    r"|rappel\w*|telephon\w*|joindre|parler|interlocuteur|vrai|vraie)\b"
)
_WHICH_QUESTION = re.compile(
    r"\b(?:quelle|c est quoi|c koi|koi|quoi) (?:est )?(?:la|votre|sa|leur|cette|leurs|vos) "
    r"questions?\b|\bquelle question\b|\brappel(?:er|ez)? (?:moi )?la question\b"
)


def _words(text: str) -> list[str]:
    return normalise(text).split()


def without_code(text: str) -> str:
    """`text` with any follow-up code left out (its letters are no words)."""
    spans = followup_code_spans(text or "")
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text or ""


def content_words(text: str) -> list[str]:
    """The words that carry something beyond small words and the words of a request."""
    return [
        w
        for w in _words(text)
        if w.isdigit() or (len(w) > 1 and w not in _FUNCTION_WORDS and w not in _REQUEST_WORDS)
    ]


def _says_something(text: str) -> bool:
    """More than small words and question words ("pourquoi ?", "et alors ?" say nothing)."""
    return any(w not in _FUNCTION_WORDS and w not in _QUESTION_WORDS for w in _words(text))


def is_small_talk(text: str) -> bool:
    """A greeting, thanks or acknowledgement and nothing else ("ok merci", "bien reçu")."""
    words = _words(text)
    return bool(words) and all(w in _SMALL_TALK for w in words)


def is_question(text: str) -> bool:
    """A question: a question mark, or a French question wording ("faut-il…", "est-ce que…")."""
    if "?" in text:
        return True
    norm = normalise(text)
    return bool(_QUESTION_OPENING.search(norm) or _QUESTION_INSIDE.search(norm))


def asks_receipt(text: str) -> bool:
    """A request for the testimony's receipt ("je peux avoir le pdf ?", "le justificatif")."""
    norm = normalise(text)
    words = len(norm.split())
    if _RECEIPT_STRONG.search(norm) and words <= MAX_WORDS_RECEIPT:
        return True
    return bool(
        _RECEIPT_WEAK.search(norm) and words <= MAX_WORDS_WEAK_RECEIPT and not _GIVING.search(norm)
    )


def asks_to_withdraw(text: str) -> bool:
    """A request to withdraw the testimony ("annuler mon témoignage", "oui supprimez",
    "suppression de mon dossier"); not a deletion told in a story ("Amazon a supprimé mon
    compte") nor a refusal ("ne le supprimez pas")."""
    norm = normalise(text)
    if not norm or _NEGATED_DELETE.search(norm) or asks_undo(text):
        return False
    return bool(
        _WITHDRAW_VERB.search(norm) or _WITHDRAW_NOUN.search(norm) or _BARE_WITHDRAW.match(norm)
    )


def refuses_deletion(text: str) -> bool:
    """A deletion refused ("ne le supprimez pas", "surtout pas")."""
    return bool(_NEGATED_DELETE.search(normalise(text)))


def asks_undo(text: str) -> bool:
    """A request to take back the message just added ("annuler cet ajout")."""
    return bool(_UNDO_WORDS.search(normalise(text)))


def asks_status(text: str) -> bool:
    """Where the testimony stands ("où en est mon dossier ?", "quelqu'un a répondu ?"), in a
    message that says nothing more."""
    norm = normalise(text)
    if len(content_words(text)) > MAX_REQUEST_CONTENT:
        return False
    return bool(_STATUS.search(norm) or (is_question(text) and _STATUS_IN_QUESTION.search(norm)))


def says_question_seen(text: str) -> bool:
    """The seller means to answer the staff question ("j'ai vu votre question", "c'est quoi
    la question ?")."""
    norm = normalise(text)
    return bool(_SEEN_QUESTION.search(norm) or _WHICH_QUESTION.search(norm))


def asks_human(text: str) -> bool:
    """A person asked for ("je peux parler à quelqu'un ?"), not a question to staff that
    the classifier took for it ("le ministère peut-il m'aider à récupérer mes fonds ?")."""
    norm = normalise(text)
    return len(norm.split()) <= MAX_WORDS_HUMAN and bool(_HUMAN.search(norm))


def asks_new_report(text: str) -> bool:
    """A new report asked for ("je veux faire un autre signalement", "nouveau problème")."""
    return bool(_NEW_REPORT.search(normalise(text)))


def request_in(text: str) -> str | None:
    """A request for a prompt ('add', 'answer', 'ask') that says nothing more than that."""
    choice = choice_in(text)
    if choice in (ADD, ANSWER, ASK) and len(content_words(text)) <= MAX_REQUEST_CONTENT:
        return choice
    return None


def wish_in(text: str | None) -> str | None:
    """What the seller wants to do with their testimony, said before the code or with it:
    'receipt', 'withdraw', 'answer', 'ask', 'add', or None."""
    text = without_code(text or "")
    if not text.strip() or text.strip().startswith(("/", NEUTRAL_SLASH)):
        return None
    if asks_receipt(text):
        return RECEIPT
    if asks_to_withdraw(text):
        return WITHDRAW
    if says_question_seen(text):
        return ANSWER
    choice = choice_in(text)
    return choice if choice in (ADD, ANSWER, ASK) else None


def _has_fact(text: str, words: list[str]) -> bool:
    return (
        any(any(ch.isdigit() for ch in w) or "€" in w for w in words)
        or any(w in _DATE_WORDS for w in words)
        or bool(detect_platforms(text))
        or bool(detect_problems(text))
    )


def is_substantive(text: str) -> bool:
    """A statement that tells something: several content words (or two and a fact: an
    amount, a date, a platform, a problem), not small talk, not a question."""
    if is_small_talk(text) or is_question(text):
        return False
    content = content_words(text)
    if len(content) >= MIN_CONTENT_WORDS:
        return True
    return len(content) >= MIN_CONTENT_WORDS - 1 and _has_fact(text, _words(text))


def names_another_problem(text: str, platform: str | None) -> bool:
    """A story about another platform than the testimony's: maybe a new report."""
    found = detect_platforms(text)
    return bool(found) and platform not in found and bool(detect_problems(text))


def _answers_question(text: str) -> bool:
    """Something to store as the answer to the question just shown: a statement, or a
    question that starts with yes/no ("oui, vous les voulez ?"); not small talk."""
    words = _words(text)
    if not words or is_small_talk(text):
        return False
    return not is_question(text) or words[0] in _YES_NO


def next_move(
    text: str,
    intent: str | None,
    situation: Situation,
    button: str | None = None,
    is_story: bool = False,
) -> Move:
    """What to do with a message while a testimony is open (see the module docstring).

    `button` is the `followup_choice` of a menu button; `is_story` says the message tells
    a marketplace problem (then a `report_problem` message is not a bare request).
    """
    if button == UNDO:
        return Move(UNDO_LAST)
    if button == UNDO_NEW:
        return Move(UNDO_AND_REPORT)
    if button == RECEIPT:
        return Move(GIVE_RECEIPT)
    if button in (ADD, ANSWER, ASK):
        return Move(PROMPT, button)
    stripped = text.strip()
    if not stripped or stripped.startswith(("/", NEUTRAL_SLASH)):
        if intent == "report_problem":
            return Move(NEW_REPORT)
        return Move(STATUS) if intent == "followup" else Move(MENU)
    return _move_for_words(stripped, intent, situation, is_story)


def _move_for_words(text: str, intent: str | None, situation: Situation, is_story: bool) -> Move:
    if asks_receipt(text):
        return Move(GIVE_RECEIPT)
    if asks_undo(text) or (situation.undo_available and intent == "cancel" and _short(text)):
        return Move(UNDO_LAST)
    if asks_to_withdraw(text):
        return Move(CONFIRM_WITHDRAWAL)
    request = request_in(text)
    if request == ANSWER or says_question_seen(text):
        return Move(PROMPT, ANSWER)
    if situation.answer_expected and request is None and _answers_question(text):
        return Move(STORE, ANSWER)
    if situation.open_question and choice_in(text) == ANSWER and is_substantive(text):
        return Move(STORE, ANSWER)  # "ma réponse à votre question : …"
    if request:
        return Move(PROMPT, request)
    if asks_status(text):
        return Move(STATUS)
    if intent == "request_human" and asks_human(text):
        return Move(HUMAN)
    if is_question(text):
        # "pourquoi ?" alone says nothing to send
        return Move(STORE, ASK) if _says_something(text) else Move(MENU)
    return _statement_move(text, intent, situation, is_story)


def _statement_move(text: str, intent: str | None, situation: Situation, is_story: bool) -> Move:
    if intent == "cancel" and _short(text):
        return Move(NOTHING_TO_CANCEL)
    if asks_new_report(text):
        return Move(NEW_REPORT)
    if names_another_problem(text, situation.platform):
        return Move(OFFER)
    substantive = is_substantive(text)
    bare = not substantive and not is_story
    if bare and (_REPORT_VERB.search(normalise(text)) or intent == "report_problem"):
        return Move(NEW_REPORT)  # "je veux signaler un problème"
    if substantive:
        return Move(STORE, ADD)
    if intent == "thank":
        return Move(WELCOME)
    if intent == "followup":
        return Move(STATUS)
    words = _words(text)
    if intent in FREE_TEXT_INTENTS and len(words) >= MIN_WORDS_TO_OFFER and not is_small_talk(text):
        return Move(OFFER)
    return Move(MENU)


def _short(text: str) -> bool:
    return len(_words(text)) <= 3


def wish_move(wish: str) -> Move:
    """What to do, once the testimony is open, for a wish said before (`wish_in`)."""
    if wish == RECEIPT:
        return Move(GIVE_RECEIPT)
    if wish == WITHDRAW:
        return Move(CONFIRM_WITHDRAWAL)
    return Move(PROMPT, wish)
