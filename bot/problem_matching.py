"""Problem detection in free text: descriptions are matched by content words and stems.

Platforms are names (matched in `bot.taxonomy`); problems are descriptions: both the
synonyms and the text go through `_content_words` (determiners, possessives, pronouns,
auxiliaries dropped; each word reduced to a crude stem), so that "bloque mes fonds",
"nos fonds sont bloqués" and "fonds bloques" all meet the synonym "fonds bloqués".
The categories come from `bot.taxonomy` (one taxonomy per process: the typo cache is
shared).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.normalise import MAX_PARSED_CHARS, normalise
from bot.sound import MIN_LETTERS, SoundIndex

if TYPE_CHECKING:
    from bot.taxonomy import Category

_MIN_FUZZY_LENGTH = 5
_FUZZY_THRESHOLD = 86.0

_MAX_PROBLEM_GAP = 3  # content words between two synonym words, in order
_MAX_REVERSED_GAP = 1  # "bloque mes fonds" meets "fonds bloqués"


def _word_set(words: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(words.split())


_STOP_WORDS = _word_set(
    "le la les l un une des du de d au aux a mon ma mes ton ta tes son sa ses notre nos "
    "votre vos leur leurs ce cet cette ces c ca je j tu il elle on nous vous ils elles me "
    "m te t se s lui y en que qu ke k qui et ou par pour sur dans avec chez tout "
    "tous toute toutes ai as avons avez ont est es sont suis sommes etes etait etaient "
    "ete etre avait avaient avoir eu deja bien tres vraiment encore toujours the my our "
    "their your his her its is are was were has have had been be by to of and an i we "
    "they it"
)
# words that negate what follows ("pas de problème de paiement") or must keep their place
_NEGATIONS = frozenset({"pas", "aucun", "aucune", "jamais", "sans", "ni", "not", "no", "never"})
_ORDERED = _NEGATIONS | {"ne", "n", "plus", "moins", "avant"}
# a two-word synonym ending in a participle also matches backwards: "bloque mes fonds"
_PARTICIPLE = re.compile(r"(?:é|ée|és|ées|(?<!q)(?:u|ue|us|ues)|i|ie|ies)$")
# "aucune visibilité", "plus de mise en avant" describe the problem, not its absence
_ABSENCE_IS_THE_PROBLEM = frozenset({"ranking", "data_access"})
# words allowed between a negation and the synonym it negates
_NEGATION_GAP = _word_set(
    "de d du des un une ne n ete etre a ai ont est sont me m nous vous leur lui y en"
)
# "à mon avis", "selon notre avis", "changer d'avis" speak of opinions, not reviews
_OPINION = _word_set("a mon notre votre son leur selon")
_CHANGE = re.compile(r"chang")
# forms the suffix rules would merge with an unrelated word
_STEM_EXCEPTIONS = {
    "donnee": "donnee",
    "donnees": "donnee",
    "paie": "pay",
    "paient": "pay",
    "bots": "bots",  # "que des bots" is a complaint, "c'est un bot ?" a question to us
    "robots": "robots",
}
# (ending, shortest stem it may leave), tried in order
_ENDINGS = (
    ("aient", 3), ("ees", 3), ("ait", 4), ("ant", 4), ("ent", 4), ("ee", 3), ("es", 3),
    ("er", 3), ("ez", 3), ("ed", 4), ("ies", 3), ("ie", 3), ("ir", 3), ("is", 3),
    ("e", 3), ("i", 4), ("s", 3), ("x", 3),
)  # fmt: skip
# a synonym does not span two clauses: "faux avis sur ma boutique et ils refusent de les
# supprimer" does not say "boutique supprimée"
_CONJUNCTIONS = _word_set("et mais puis car parce donc si quand lorsque alors")
_AMOUNT = re.compile(r"\d[\d.,]*(?:€|k€|k|e|eur|euros?)")
_CLAUSE_END = re.compile(r"[;!?\n]|[.,:](?=\s|$)")


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """Crude French stem of a normalised word: bloque, bloqué(e)s, bloquent, bloquer -> blok."""
    word = word.replace("qu", "k")  # SMS spelling: "bloké" is "bloqué"
    if word in _STEM_EXCEPTIONS:
        return _STEM_EXCEPTIONS[word]
    if word.endswith("ements"):  # nouns in -ement keep it: virement is not viré
        return word[:-1]
    if word.endswith("ement"):
        return word
    for ending, shortest in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= shortest:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class _Word:
    stem: str
    surface: str  # normalised word, for typos
    index: int  # position among all the words of the text
    clause: int


def _content_words(text: str | None) -> tuple[list[_Word], list[str]]:
    """The words that carry meaning, clause by clause, and all the normalised words.

    "à mon avis" (in my opinion) is dropped: it is not a review; so is "sous réserve"
    (subject to): it is not a payment reserve.
    """
    result: list[_Word] = []
    raw: list[str] = []
    index = 0
    clause = 0
    for part in _CLAUSE_END.split((text or "")[:MAX_PARSED_CHARS]):
        clause += 1
        previous: list[str] = []
        for word in normalise(part).split():
            clause += word in _CONJUNCTIONS
            or_not = word == "pas" and previous[-1:] == ["ou"]  # "ou pas": or not
            opinion = word == "avis" and (
                previous[-1:]
                and previous[-1] in _OPINION
                or previous[-1:] == ["d"]
                and bool(_CHANGE.match(previous[-2] if previous[1:] else ""))
            )
            if _AMOUNT.fullmatch(word):  # "15000€" says euros, like "15 000 €"
                word = "€"
            number = word.replace(".", "").replace(",", "").isdigit()  # "6 500 €" is one gap
            subject_to = word == "reserve" and previous[-1:] == ["sous"]
            kept = not (opinion or or_not or number or subject_to)
            if word not in _STOP_WORDS and kept:
                result.append(_Word(_stem(word), word, index, clause))
            previous.append(word)
            raw.append(word)
            index += 1
    return result, raw


@dataclass(frozen=True)
class _Synonym:
    code: str
    stems: tuple[str, ...]
    surfaces: tuple[str, ...]
    negated: bool  # the synonym itself says "pas", "aucun"… ("pas de réponse")
    reversible: bool


@lru_cache(maxsize=2)
def _problem_synonyms(categories: tuple[Category, ...]) -> tuple[_Synonym, ...]:
    result = {}
    for category in categories:
        for surface in (*category.synonyms, category.label):
            words = [w for w in normalise(surface).split() if w not in _STOP_WORDS]
            stems = tuple(_stem(w) for w in words)
            if not stems:
                continue
            negated = any(w in _NEGATIONS for w in words)
            reversible = (
                len(words) == 2
                and not any(w in _ORDERED for w in words)
                and bool(_PARTICIPLE.search(surface.lower()))
            )
            known = result.get((category.code, stems))
            reversible = reversible or bool(known and known.reversible)
            result[(category.code, stems)] = _Synonym(
                category.code, stems, tuple(words), negated, reversible
            )
    return tuple(result.values())


@lru_cache(maxsize=2)
def _synonyms_by_first_stem(categories: tuple[Category, ...]) -> dict[str, tuple[int, ...]]:
    """The synonyms (their index) by first stem: only those whose first word is in a message
    can match it."""
    index: dict[str, list[int]] = {}
    for number, synonym in enumerate(_problem_synonyms(categories)):
        index.setdefault(synonym.stems[0], []).append(number)
    return {stem: tuple(numbers) for stem, numbers in index.items()}


@lru_cache(maxsize=2)
def _fuzzy_vocabulary(categories: tuple[Category, ...]) -> dict[str, str]:
    """Synonym word (as written, and its stem) -> stem, for words long enough to misspell."""
    vocabulary: dict[str, str] = {}
    for synonym in _problem_synonyms(categories):
        for stem, surface in zip(synonym.stems, synonym.surfaces, strict=True):
            if len(surface) >= _MIN_FUZZY_LENGTH and not surface.isdigit():
                vocabulary.setdefault(surface, stem)
            if len(stem) >= _MIN_FUZZY_LENGTH + 1:
                vocabulary.setdefault(stem, stem)
    return vocabulary


# a prefix that turns a word into its opposite: "références" is no typo of "déréférencer"
_INVERTING_PREFIXES = ("de", "des", "dis", "in", "im", "re", "non")


def _prefixed(word: str, other: str) -> bool:
    """True when one word is the other with an inverting prefix ("references"/"dereferencer")."""
    short, long = sorted((word, other), key=len)
    return any(
        long.startswith(p) and long[len(p) :].startswith(short[:4]) for p in _INVERTING_PREFIXES
    )


@lru_cache(maxsize=2)
def _sound_index(categories: tuple[Category, ...]) -> SoundIndex:
    return SoundIndex(_fuzzy_vocabulary(categories))


_typo_cache: dict[str, frozenset[str]] = {}


def _typo_stems(surfaces: set[str], categories: tuple[Category, ...]) -> dict[str, frozenset[str]]:
    """Stems of the synonym words each word is a typo of ("paiments" -> paiement)."""
    vocabulary = _fuzzy_vocabulary(categories)
    todo = sorted(
        w for w in surfaces if w not in _typo_cache and len(w) >= MIN_LETTERS and w.isalpha()
    )
    if todo:
        choices = list(vocabulary)
        queries = todo + [_stem(w) for w in todo]
        scores = process.cdist(
            queries, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_THRESHOLD, dtype="uint8"
        )
        if len(_typo_cache) > 20_000:
            _typo_cache.clear()
        for row, word in enumerate(todo):
            hits = scores[row].nonzero()[0].tolist() + scores[row + len(todo)].nonzero()[0].tolist()
            stems = {vocabulary[choices[i]] for i in hits if not _prefixed(word, choices[i])}
            heard = _sound_index(categories).find(word)  # by ear: "bloké", "dérréférensé"
            _typo_cache[word] = frozenset(stems | ({vocabulary[heard]} if heard else set()))
    return {w: _typo_cache.get(w, frozenset()) for w in surfaces}


def _is_negated(code: str, words: list[_Word], raw: list[str], matched: list[int]) -> bool:
    """A negation right before the match ("pas de compte bloqué") or inside it."""
    first, last = words[matched[0]].index, words[matched[-1]].index
    if code in _ABSENCE_IS_THE_PROBLEM:
        return False
    if any(w in _NEGATIONS for w in raw[first:last]):
        return True
    position = first - 1
    while position >= 0 and raw[position] in _NEGATION_GAP:
        position -= 1
    return position >= 0 and raw[position] in _NEGATIONS


def find_problems(text: str | None, categories: tuple[Category, ...]) -> list[tuple[int, str]]:
    """(word index, code) of every problem of `categories` described in the text."""
    words, raw = _content_words(text)
    if not words:
        return []
    typos = _typo_stems({w.surface for w in words}, categories)
    where: dict[str, list[int]] = {}  # stem -> positions in `words`, ascending
    for position, word in enumerate(words):
        for stem in {word.stem} | typos[word.surface]:
            where.setdefault(stem, []).append(position)
    matches: list[tuple[int, str, frozenset[int]]] = []
    by_first = _synonyms_by_first_stem(categories)
    present = sorted(i for stem in where for i in by_first.get(stem, ()))  # in taxonomy order
    synonyms = _problem_synonyms(categories)
    for synonym in (synonyms[i] for i in present):
        for matched in _occurrences(synonym, words, where):
            if synonym.negated or not _is_negated(synonym.code, words, raw, matched):
                matches.append((matched[0], synonym.code, frozenset(matched)))
    matches.sort(key=lambda m: (m[0], m[1]))
    covering: dict[int, list[int]] = {}  # word position -> matches using it
    for number, (_, _, matched) in enumerate(matches):
        for position in matched:
            covering.setdefault(position, []).append(number)
    found: dict[str, int] = {}
    for _, code, matched in matches:
        if code not in found and not _overruled(code, matched, matches, covering):
            found[code] = words[min(matched)].index
    return sorted((start, code) for code, start in found.items())


def _overruled(
    code: str,
    matched: frozenset[int],
    matches: list[tuple[int, str, frozenset[int]]],
    covering: dict[int, list[int]],
) -> bool:
    """A match inside a longer one of another problem, or straddling another's words.

    "suspendu mes paiements" is about payments, not the account; "compte fermé et fonds
    bloqués" does not say "compte bloqué".
    """
    inside = frozenset(range(min(matched), max(matched) + 1)) - matched
    near = {n for p in matched | inside for n in covering.get(p, ())}
    for number in near:
        _, other, span = matches[number]
        if other != code and (matched < span or inside & span):
            return True
    return False


def _next_position(positions: list[int], after: int, limit: int) -> int | None:
    """The first position in (after, limit], or None."""
    i = bisect_right(positions, after)
    return positions[i] if i < len(positions) and positions[i] <= limit else None


def _occurrences(
    synonym: _Synonym, words: list[_Word], where: dict[str, list[int]]
) -> list[list[int]]:
    """Each place the synonym's words appear, close together and in the same clause."""
    result = []
    first, rest = synonym.stems[0], synonym.stems[1:]
    if any(stem not in where for stem in rest):
        return result
    for start in where.get(first, ()):
        matched = [start]
        for stem in rest:
            after = matched[-1]
            nxt = _next_position(where[stem], after, after + _MAX_PROBLEM_GAP + 1)
            if nxt is None or words[nxt].clause != words[after].clause:
                break
            matched.append(nxt)
        else:
            result.append(matched)
            continue
        if synonym.reversible:
            low = start - _MAX_REVERSED_GAP - 2
            before = _next_position(where[rest[0]], low, start - 1)
            if before is not None and words[before].clause == words[start].clause:
                result.append([before, start])
    return result
