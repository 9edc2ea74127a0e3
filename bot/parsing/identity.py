"""Identifying details: SIREN/SIRET, e-mail addresses, phone numbers.

The candidate finders here (`text_view`, `find_emails`, `find_numbers`) are shared by the
parsers below and by the masking of `bot.privacy`, so that what is detected is what is
masked. They work on a normalised view of the text (NFKC per character, invisible format
characters removed) that remembers where each of its characters came from.
Finders are generous (masking errs on the side of masking); the parsers then validate the
candidates with the libraries (email-validator, phonenumbers, python-stdnum).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from bot.normalise import MAX_PARSED_CHARS
from bot.parsing.result import Parsed, fail

_SIREN_LENGTH = (
    "Un SIREN compte 9 chiffres (ou 14 pour un SIRET) ; j'en ai lu {count}. Pouvez-vous vérifier ?"
)
_SIREN_CHECK = "Ce numéro ne passe pas le contrôle de validité : pouvez-vous vérifier ?"
_NO_SIREN = "Je n'ai pas trouvé de numéro SIREN. Exemple : « 732 829 320 »."
_NO_EMAIL = "Je n'ai pas trouvé d'adresse e-mail. Exemple : « nom@entreprise.fr »."
_BAD_EMAIL = "Cette adresse e-mail ne semble pas valide. Exemple : « nom@entreprise.fr »."
_BAD_PHONE = "Ce numéro ne semble pas valide. Exemple : « 06 12 34 56 78 »."
_NO_PHONE = "Je n'ai pas reconnu de numéro de téléphone. Exemple : « 06 12 34 56 78 »."
# Overseas departments share the French national format (0 + 9 digits) but not +33.
_OVERSEAS_REGIONS = ("RE", "MQ", "GF", "GP", "YT")
_OVERSEAS_PREFIXES = {
    "0262": "RE", "0263": "RE", "0692": "RE", "0693": "RE", "0269": "YT", "0639": "YT",
    "0590": "GP", "0690": "GP", "0691": "GP", "0594": "GF", "0694": "GF", "0596": "MQ",
    "0696": "MQ", "0697": "MQ",
}  # fmt: skip
_FR_CODE = 33
_FR_NATIONAL = re.compile(r"0[1-9]\d{8}")
_NOT_PHONE_CHARS = re.compile(r"[^\d+()]+")

# --- the normalised view ---------------------------------------------------------------


@dataclass(frozen=True)
class TextView:
    """A normalised copy of a text and, for each of its characters, the original index."""

    text: str
    origin: list[int] | None  # None: the view is the original text itself

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that view[start:end] comes from."""
        if self.origin is None or end <= start:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=4096)
def _normalised_char(char: str) -> str:
    """NFKC of one character; '' for invisible format characters (zero-width, soft hyphen)."""
    if unicodedata.category(char) == "Cf":
        return ""
    return unicodedata.normalize("NFKC", char)


def text_view(text: str) -> TextView:
    """`text` with each character in NFKC form and format characters (U+200B, U+200C,
    U+200D, U+2060, U+FEFF, U+00AD…) removed, mapped back to the original positions."""
    if text.isascii():
        return TextView(text, None)
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        normal = char if char < "\x80" else _normalised_char(char)
        pieces.append(normal)
        origin.extend([index] * len(normal))
    return TextView("".join(pieces), origin)


@dataclass(frozen=True)
class Found:
    """A candidate in the view: kind, span and value.

    Kinds: 'email' (value: the address, de-obfuscated), 'phone' (value: the raw text),
    'date', 'amount' and 'number' (value: the digits).
    """

    kind: str
    start: int
    end: int
    value: str


# --- e-mail addresses ------------------------------------------------------------------

_LOCAL_CHARS = r"\w.+\-!#$%&*=?^{|}~"
_SPELLED_DOT = r"(?:[ \t]+(?:point|dot)[ \t]+|[ \t]*[(\[{<][ \t]*(?:point|dot)[ \t]*[)\]}>][ \t]*)"
_AT_WORDS = r"(?:arr?obas(?:e)?|at|@)"
_AT = (
    r"(?:@[ \t]*|[ \t]+@[ \t]+"  # not ' @handle': a space before only is a social handle
    rf"|[ \t]*[(\[{{<][ \t]*{_AT_WORDS}[ \t]*[)\]}}>][ \t]*"
    r"|[ \t]+arr?obas(?:e)?[ \t]+"
    r"|[ \t]+at[ \t]+)"  # 'jean at gmail dot com': only with a spelled dot
)
_EMAIL_HEAD = re.compile(
    rf"(?<![{_LOCAL_CHARS}])"
    rf"(?P<local>[{_LOCAL_CHARS}]{{1,64}}(?:{_SPELLED_DOT}[{_LOCAL_CHARS}]{{1,64}}){{0,3}})"
    rf"(?P<at>{_AT})(?P<label>[\w-]{{1,63}})",
    re.IGNORECASE,
)
_DOMAIN_STEP = re.compile(
    rf"(?P<dot>\.|[ \t]*\.[ \t]*|{_SPELLED_DOT})(?P<label>[\w-]{{1,63}})", re.IGNORECASE
)
_EMAIL_HINT = re.compile(r"@|arr?obas|[(\[{<][ \t]*at[ \t]*[)\]}>]|[ \t]at[ \t]", re.IGNORECASE)
_SPELLED_DOT_RE = re.compile(_SPELLED_DOT, re.IGNORECASE)
_MAX_LABELS = 8
# Top-level domains accepted after an obfuscated or spaced dot ("gmail point com"); not
# those that are French words too ('ma', 'ca', 'de', 're', 'ci'…).
EMAIL_TLDS = frozenset(
    re.findall(
        r"\w+",
        "fr com net org eu info biz io be ch lu uk nl pt pl gp mq gf yt tn dz cm mg mu shop "
        "store boutique online site app pro email",
    )
)


def _domain_end(view: str, position: int) -> tuple[int, str, bool] | None:
    """End and text of the rest of a domain after its first label, and whether a dot was
    spelled out ('point', 'dot'); None without a top-level domain: a spaced or spelled dot
    must lead to a known one."""
    labels: list[tuple[int, str, str]] = []  # (end, label, the dot before it)
    while len(labels) < _MAX_LABELS:
        step = _DOMAIN_STEP.match(view, position)
        if not step:
            break
        position = step.end()
        labels.append((position, step.group("label"), step.group("dot")))
    loose = spelled = False
    best: tuple[int, str, bool] | None = None
    for index, (end, label, dot) in enumerate(labels):
        if best and dot.strip() == "." and dot != ".":
            break  # 'jean@x.fr. Merci': a spaced dot after a whole address ends a sentence
        loose = loose or dot != "."
        spelled = spelled or any(ch.isalpha() for ch in dot)
        tld = label.lower()
        if (tld in EMAIL_TLDS) if loose else (label.isalpha() and len(label) >= 2):
            best = (end, ".".join(lab for _, lab, _ in labels[: index + 1]), spelled)
    return best


def find_emails(view: str) -> list[Found]:
    """E-mail addresses, also written 'jean arobase x point fr', 'jean (at) x.fr',
    'jean [at] x.fr', 'jean @ x.fr', 'jean@ x . fr' or 'jean at x dot com'; values are
    de-obfuscated."""
    if not _EMAIL_HINT.search(view):
        return []
    found: list[Found] = []
    position = 0
    while head := _EMAIL_HEAD.search(view, position):
        rest = _domain_end(view, head.end())
        bare_at = head.group("at").strip().lower() == "at"
        # 'jean at gmail dot com', or 'sophie.bernard at gmail.com' (a local part with a
        # dot, digit, dash or underscore): not 'je vends at amazon.fr'
        address_like = bool(re.search(r"[._\d-]", head.group("local")))
        if rest is None or (bare_at and not rest[2] and not address_like):
            position = head.start() + 1
            continue
        end, domain, _ = rest
        local = _SPELLED_DOT_RE.sub(".", head.group("local"))
        address = f"{local}@{head.group('label')}.{domain}"
        found.append(Found("email", head.start(), end, address))
        position = end
    return found


def _valid_email(candidate: str) -> str | None:
    try:
        return validate_email(candidate, check_deliverability=False).normalized
    except (EmailNotValidError, ValueError, TypeError, UnicodeError):
        return None


# --- digit runs: phones, dates, amounts, other numbers --------------------------------

# A dot followed by a space but not preceded by one ends a sentence: no separator.
_SEPARATOR = (
    r"(?:[ \t]{0,2}[-/_\u2010\u2011\u2012\u2013\u2014][ \t]{0,2}|\.|[ \t]{1,2}\.[ \t]{1,2}"
    r"|[ \t]{1,2})"
)  # dashes of any kind: '06 – 31 90 44 12'
_PAREN_GROUP = r"\(\d{1,4}\)[ \t]?"
# Digit groups joined by separators (space . - / _ ' - '); '(0)' as in '+33 (0)6'. A staff
# reference ('SP-2026-000042', see bot.storage.codes) is not a digit run.
_RUN = re.compile(
    rf"(?<!\d)(?<![Ss][Pp]-)(?<![Ss][Pp]-\d{{4}}-)(?:\+[ \t]?)?(?:{_PAREN_GROUP})?\d+"
    rf"(?:{_SEPARATOR}(?:{_PAREN_GROUP})?\d+|{_PAREN_GROUP}\d+)*"
)
_GROUP = re.compile(r"\(\d{1,4}\)|\d+")
_CURRENCY_AFTER = re.compile(
    r"(?:,\d{1,2})?[ \t]?(?:€|k€|m€|keur|eur(?:os?)?\b|e\b|k\b|%|pour[ \t]?cent|\$|usd\b"
    r"|dollars?\b|£|chf\b|francs?\b|millions?\b|milliards?\b|mille\b)",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:€|eur(?:os?)?|\$|£)[ \t]?\Z", re.IGNORECASE)
_DATE_SEPARATORS = frozenset("/.-")
_MAX_INTERNATIONAL_DIGITS = 17
_PHONE_DIGITS = 10
_MIN_PHONE_DIGITS = 8  # with the country code: shorter runs are not worth parsing


@dataclass(frozen=True)
class _Group:
    start: int  # in the view
    end: int
    digits: str
    separator: str  # separator before the next group: '' (spaces only), '.', '-', '/', '_'
    spaced: bool  # ' - ', ' / ': punctuation with spaces around


def _groups(view: str, start: int, end: int) -> list[_Group]:
    matches = list(_GROUP.finditer(view, start, end))
    groups = []
    for index, match in enumerate(matches):
        following = matches[index + 1].start() if index + 1 < len(matches) else match.end()
        raw = view[match.end() : following]
        separator = raw.strip(" \t")
        digits = match.group(0).strip("()")
        spaced = bool(separator) and separator != raw
        groups.append(_Group(match.start(), match.end(), digits, separator, spaced))
    return groups


def _amount_start(groups: list[_Group], view: str, end: int) -> int:
    """Index of the first group of an amount at the end of the run ('15 000 €'), or
    len(groups) when the run is not followed by a currency or a percent sign."""
    if not _CURRENCY_AFTER.match(view, end):
        return len(groups)
    index = len(groups) - 1
    while (
        index > 0
        and len(groups[index].digits) == 3
        and groups[index - 1].separator in ("", ".")
        and len(groups[index - 1].digits) <= 3
    ):
        index -= 1
        if len(groups[index].digits) < 3:
            break
    return index


def _amount_end(groups: list[_Group], view: str, start: int) -> int:
    """Number of groups of an amount at the start of the run ('€ 1 500 000'), else 0."""
    if (
        view.startswith("+", start)
        or groups[0].digits.startswith("0")
        or not _CURRENCY_BEFORE.search(view, max(0, start - 6), start)
    ):
        return 0  # '€ 06 12 34 56 78', '€\n+262 692…' are no amounts
    index = 0
    while (
        index + 1 < len(groups)
        and groups[index].separator in ("", ".")
        and len(groups[index + 1].digits) == 3
    ):
        index += 1
    return index + 1


_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014")


def _national_phone_end(groups: list[_Group], first: int, limit: int) -> int | None:
    """Index of the last group of a French number '0X XX XX XX XX' starting at `first`
    (10 digits, not followed by more digits; the same separator throughout, except a
    spaced dash after a first pair of digits: '06 – 31 90 44 12'), or None."""
    digits = groups[first].digits
    if not digits.startswith("0"):
        return None
    head = groups[first]
    dashed_prefix = len(head.digits) == 2 and head.spaced and head.separator in _DASHES
    separator = groups[min(first + 1, limit - 1)].separator if dashed_prefix else head.separator
    last = first
    while len(digits) < _PHONE_DIGITS and last + 1 < limit:
        mixed = groups[last].separator != separator and not (last == first and dashed_prefix)
        if mixed or digits[1:2] == "0":
            return None
        last += 1
        digits += groups[last].digits
    if len(digits) != _PHONE_DIGITS or not _FR_NATIONAL.fullmatch(digits):
        return None
    if last > first and last + 1 < limit and groups[last].separator == separator:
        return None  # the run goes on: a longer number
    return last


def _international_phone_end(
    view: str, groups: list[_Group], first: int, limit: int, run_start: int
) -> int | None:
    """Index of the last group of an international number starting at group `first`
    ('+33 6 12…' at the start of the run, '0033 6 12…', '+32 470 12 34 56'), or None."""
    plus = first == 0 and view.startswith("+", run_start)
    head = groups[first].digits
    following = groups[first + 1].digits if first + 1 < limit else "0"
    double_zero = (head.startswith("00") and head[2:3] not in ("", "0")) or (
        head == "00" and following[:1] != "0"
    )
    if not (plus or double_zero):
        return None
    start = run_start if plus else groups[first].start
    total = 0
    ends = []
    for index in range(first, limit):
        total += len(groups[index].digits)
        if total > _MAX_INTERNATIONAL_DIGITS:
            break
        ends.append(index)
    if sum(len(groups[i].digits) for i in ends) < _MIN_PHONE_DIGITS:
        return None
    for last in reversed(ends):
        if _phone_number(view[start : groups[last].end]) is not None:
            return last
    return None


def _valid_day_month(day: str, month: str) -> bool:
    return len(day) <= 2 and len(month) <= 2 and 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _date_end(groups: list[_Group], first: int, limit: int) -> int | None:
    """Index of the last group of a date at `first` ('12/03/2024', '2024-03-12',
    '12.03.24', '06/12', '03/2024'), or None."""
    separator = groups[first].separator
    if separator not in _DATE_SEPARATORS or groups[first].spaced or first + 1 >= limit:
        return None
    a, b = groups[first].digits, groups[first + 1].digits
    if first + 2 < limit and groups[first + 1].separator == separator:
        c = groups[first + 2].digits
        day_first = len(c) in (2, 4) and (_valid_day_month(a, b) or _valid_day_month(b, a))
        year_first = len(a) == 4 and _valid_day_month(c, b)
        if day_first or year_first:
            return first + 2
    if _valid_day_month(a, b) or _valid_day_month(b, a):
        return first + 1
    if len(a) <= 2 and len(b) == 4 and 1 <= int(a) <= 12:
        return first + 1  # month/year
    return None


def _found(kind: str, groups: list[_Group], first: int, last: int, view: str) -> Found:
    start, end = groups[first].start, groups[last].end
    if first == 0 and kind == "phone":  # include a leading '+'
        plus = view.rfind("+", max(0, start - 2), start)
        start = plus if plus >= 0 else start
    value = (
        view[start:end] if kind == "phone" else "".join(g.digits for g in groups[first : last + 1])
    )
    return Found(kind, start, end, value)


def _numbers(view: str, groups: list[_Group], indexes: list[int]) -> list[Found]:
    """The number made of consecutive groups, or [] for none."""
    return [_found("number", groups, indexes[0], indexes[-1], view)] if indexes else []


def _phone_ends(
    view: str, groups: list[_Group], index: int, limit: int, run_start: int
) -> dict[int, int]:
    """First and last group of each phone number among groups[index:limit], found before
    dates so that a date cannot take the first digits of a number."""
    phones: dict[int, int] = {}
    while index < limit:
        last = _international_phone_end(view, groups, index, limit, run_start)
        if last is None:
            last = _national_phone_end(groups, index, limit)
        if last is not None:
            phones[index] = last
        index = last + 1 if last is not None else index + 1
    return phones


def _spaced_break(before: _Group, after: _Group) -> bool:
    """Whether a number ends between two groups: ' - ' or ' / ' join only short groups
    ('732 - 829 - 320'), not '4970 1012 3456 7890 - 350 produits' nor '2019 - 2024'."""
    return before.spaced and max(len(before.digits), len(after.digits)) > 3


def _split_groups(
    view: str, groups: list[_Group], index: int, limit: int, run_start: int
) -> list[Found]:
    """Phones, dates and other numbers among groups[index:limit]."""
    phones = _phone_ends(view, groups, index, limit, run_start)
    phone_starts = iter([*sorted(phones), limit])
    next_phone = next(phone_starts)
    found: list[Found] = []
    pending: list[int] = []
    while index < limit:
        if index == next_phone:
            kind, last = "phone", phones[index]
            next_phone = next(phone_starts)
        else:
            kind, last = "date", _date_end(groups, index, next_phone)
        if last is not None:
            found += _numbers(view, groups, pending) + [_found(kind, groups, index, last, view)]
            pending, index = [], last + 1
            continue
        if pending and _spaced_break(groups[index - 1], groups[index]):
            found += _numbers(view, groups, pending)
            pending = []
        pending.append(index)
        index += 1
    return found + _numbers(view, groups, pending)


def _classify_run(view: str, start: int, end: int) -> list[Found]:
    """The phones, dates, amounts and other numbers of one digit run."""
    digits = view[start:end]
    if digits.isdigit() and not digits.startswith("00"):  # one group: the common case
        if _FR_NATIONAL.fullmatch(digits):
            return [Found("phone", start, end, digits)]
        kind = "amount" if _CURRENCY_AFTER.match(view, end) else "number"
        return [Found(kind, start, end, digits)]
    groups = _groups(view, start, end)
    amount_from = _amount_start(groups, view, end)
    first = _amount_end(groups, view, start)
    found = [_found("amount", groups, 0, first - 1, view)] if first else []
    found += _split_groups(view, groups, first, amount_from, start)
    if amount_from < len(groups):
        found.append(_found("amount", groups, amount_from, len(groups) - 1, view))
    return found


def find_numbers(view: str) -> list[Found]:
    """Every digit run, split into phones, dates, amounts and other numbers.

    A run is digit groups joined by space . - / _ or ' - ' ('06/12/34/56/78',
    '+33 (0)6 12 34 56 78', '732-829-320', '403-1234567-1234567'). French numbers have
    10 digits and one kind of separator; a run followed by a currency ends with an amount.
    """
    found: list[Found] = []
    for run in _RUN.finditer(view):
        found.extend(_classify_run(view, run.start(), run.end()))
    return found


def _run_digits(view: str) -> list[str]:
    """Digits of each whole run, then of each number or phone inside a longer run."""
    whole = [re.sub(r"\D", "", run.group(0)) for run in _RUN.finditer(view)]
    parts = [f.value if f.kind != "phone" else re.sub(r"\D", "", f.value)
             for f in find_numbers(view) if f.kind in ("number", "phone")]  # fmt: skip
    return whole + [p for p in parts if p not in whole]


# --- phones ----------------------------------------------------------------------------


def _overseas(national: str, french: phonenumbers.PhoneNumber) -> phonenumbers.PhoneNumber:
    """A French overseas number typed nationally ('0692 12 34 56') moved to its own
    region; other French numbers stay as they are."""
    region = _OVERSEAS_PREFIXES.get(national[:4])  # before FR: '0596' passes FR checks
    if region:
        return phonenumbers.parse(national, region)
    if phonenumbers.is_valid_number(french):
        return french
    for region in _OVERSEAS_REGIONS:
        number = phonenumbers.parse(national, region)
        if phonenumbers.is_valid_number(number):
            return number
    return french  # possible, though not in the library's ranges: '07 12 34 56 78'


def _phone_number(raw: str) -> phonenumbers.PhoneNumber | None:
    """The number written in `raw`, French by default; None when it is not plausible."""
    raw = _NOT_PHONE_CHARS.sub(" ", raw)  # '06_12_34_56_78': the library knows no '_'
    try:
        digits = re.sub(r"\D", "", raw)
        international = raw.lstrip().startswith("+") or digits.startswith("00")
        if digits.startswith("00") and digits[2:3] in ("", "0"):
            return None
        number = phonenumbers.parse(raw, "FR")
        significant = phonenumbers.national_significant_number(number)
        if len(set(significant)) <= 1:  # '00 00 00 00 00', '11111111'
            return None
        if number.country_code == _FR_CODE:
            national = "0" + significant
            if not _FR_NATIONAL.fullmatch(national) or not (international or digits == national):
                return None  # '123456789' (no leading 0) or a wrong length
            return _overseas(national, number)
        possible = phonenumbers.is_possible_number_with_reason(number)
    except Exception:  # a library failure must not reach the user
        return None
    return number if possible == phonenumbers.ValidationResult.IS_POSSIBLE else None


def _phones(view: str) -> list[str]:
    """Plausible phone numbers of the view, in E.164 and in order."""
    phones = []
    for candidate in find_numbers(view):
        if candidate.kind == "phone":
            number = _phone_number(candidate.value)
            if number is not None:
                phones.append(
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                )
    return phones


# --- SIREN / SIRET ---------------------------------------------------------------------


def _siren_of(digits: str) -> str | None:
    """The SIREN of a valid 9-digit SIREN, 14-digit SIRET or 11-digit VAT number body."""
    try:
        if len(digits) == 9 and stdnum_siren.is_valid(digits):
            return digits
        if len(digits) == 14 and stdnum_siret.is_valid(digits):
            return digits[:9]
        if len(digits) == 11 and stdnum_siren.is_valid(digits[2:]):
            return digits[2:]  # intra-community VAT number 'FR 40 303265045'
    except Exception:  # a library failure must not reach the user
        return None
    return None


# --- parsers ---------------------------------------------------------------------------


def _head_view(text: str) -> str:
    return text_view((text or "")[:MAX_PARSED_CHARS]).text


def parse_siren(text: str) -> Parsed[str]:
    """A Luhn-checked SIREN (9 digits); a SIRET (14 digits) is reduced to its SIREN."""
    runs = _run_digits(_head_view(text))
    if not runs:
        return fail(_NO_SIREN)
    for digits in runs:
        siren = _siren_of(digits)
        if siren:
            return Parsed(siren)
    if any(len(d) in (9, 14) for d in runs):
        return fail(_SIREN_CHECK)
    return fail(_SIREN_LENGTH.format(count=len(max(runs, key=len))))


def parse_email(text: str) -> Parsed[str]:
    """The first valid e-mail address in the text, normalised."""
    candidates = find_emails(_head_view(text))
    for candidate in candidates:
        email = _valid_email(candidate.value)
        if email:
            return Parsed(email)
    return fail(_BAD_EMAIL if candidates else _NO_EMAIL)


def parse_phone(text: str) -> Parsed[str]:
    """A plausible phone number in E.164 ('+33612345678'); French formats by default,
    overseas departments typed nationally get their own code ('0692…' -> '+262692…')."""
    view = _head_view(text)
    phones = _phones(view)
    if phones:
        return Parsed(phones[0])
    return fail(_BAD_PHONE if re.search(r"\d", view) else _NO_PHONE)


def contains_identifying_details(text: str) -> bool:
    """True if the text holds an e-mail, a phone number or a valid SIREN/SIRET."""
    view = _head_view(text)
    if any(_valid_email(c.value) for c in find_emails(view)):
        return True
    if any(_siren_of(d) and len(d) in (9, 14) for d in _run_digits(view)):
        return True
    return bool(_phones(view))
