"""Which language a misunderstood answer is written in, to say plainly that answers are
read in French (issue 11, class 10). Detection by lingua, restricted to the languages
sellers were seen writing in."""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

MIN_WORDS = 4  # "ok", "non" or a name say nothing about the language
_MAX_FRENCH_CONFIDENCE = 0.2
_MIN_CONFIDENCE = 0.6
_OTHERS = {
    Language.ENGLISH: "en",
    Language.SPANISH: "es",
    Language.ITALIAN: "it",
    Language.GERMAN: "de",
    Language.PORTUGUESE: "pt",
}
# said after "Je n'ai pas compris", in the seller's language
FRENCH_ONLY = {
    "en": "(Sorry, I only understand some answers in French. A number, a date or a short "
    "answer in French works best.)",
    "es": "(Lo siento, solo entiendo algunas respuestas en francés. Un número, una fecha o "
    "una respuesta corta en francés funcionan mejor.)",
    "it": "(Mi dispiace, capisco solo alcune risposte in francese. Un numero, una data o una "
    "risposta breve in francese funzionano meglio.)",
    "de": "(Entschuldigung, ich verstehe manche Antworten nur auf Französisch. Eine Zahl, ein "
    "Datum oder eine kurze Antwort auf Französisch funktioniert am besten.)",
    "pt": "(Desculpe, só entendo algumas respostas em francês. Um número, uma data ou uma "
    "resposta curta em francês funcionam melhor.)",
}


@cache
def _detector() -> LanguageDetector:
    # low-accuracy mode: 17 MB of models instead of 176 MB, enough for whole sentences
    builder = LanguageDetectorBuilder.from_languages(Language.FRENCH, *_OTHERS)
    return builder.with_low_accuracy_mode().build()


def other_language(text: str) -> str | None:
    """The code of the language a message is clearly written in, when it is not French."""
    if len(text.split()) < MIN_WORDS:
        return None
    detector = _detector()
    if detector.compute_language_confidence(text, Language.FRENCH) > _MAX_FRENCH_CONFIDENCE:
        return None
    best = detector.compute_language_confidence_values(text)[0]
    return _OTHERS.get(best.language) if best.value >= _MIN_CONFIDENCE else None


def french_only_notice(text: str) -> str | None:
    """The plain notice for a misunderstood answer written in another language, if any."""
    language = other_language(text)
    return FRENCH_ONLY[language] if language else None
