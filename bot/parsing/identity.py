"""Identifying details: SIREN/SIRET, e-mail addresses, French phone numbers."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from bot.parsing.result import Parsed, fail
from bot.text import MAX_PARSED_CHARS

_DIGIT_GROUPS = re.compile(r"(?<![\w@])\d(?:[ .\-\u00a0\u202f]?\d)*(?![\w@])")
_EMAIL = re.compile(r"[^\s<>()\[\],;:\"'«»@]{1,64}@[^\s<>()\[\],;:\"'«»@]{1,255}")
_EMAIL_SPACES = re.compile(r" ?(?:@|\(at\)|\[at\]|\barobase\b) ?", re.IGNORECASE)
_SIREN_LENGTH = (
    "Un SIREN compte 9 chiffres (ou 14 pour un SIRET) ; j'en ai lu {count}. Pouvez-vous vérifier ?"
)
_SIREN_CHECK = "Ce numéro ne passe pas le contrôle de validité : pouvez-vous vérifier ?"
_NO_SIREN = "Je n'ai pas trouvé de numéro SIREN. Exemple : « 732 829 320 »."
_NO_EMAIL = "Je n'ai pas trouvé d'adresse e-mail. Exemple : « nom@entreprise.fr »."
_BAD_EMAIL = "Cette adresse e-mail ne semble pas valide. Exemple : « nom@entreprise.fr »."
_MAX_PHONE_TRIES = 50
# Overseas departments share the French national format (0 + 9 digits) but not +33.
_OVERSEAS_REGIONS = ("RE", "MQ", "GF", "GP", "YT")
_OVERSEAS_PREFIXES = {
    "0262": "RE", "0263": "RE", "0692": "RE", "0693": "RE", "0269": "YT", "0639": "YT",
    "0590": "GP", "0690": "GP", "0691": "GP", "0594": "GF", "0694": "GF", "0596": "MQ",
    "0696": "MQ", "0697": "MQ",
}  # fmt: skip
_FR_CODE = 33
_FR_NATIONAL = re.compile(r"0[1-9]\d{8}")
_NO_PHONE = "Je n'ai pas reconnu de numéro de téléphone. Exemple : « 06 12 34 56 78 »."


def _digit_runs(text: str) -> list[str]:
    """Digit sequences, separators removed: '732 829 320' -> '732829320'."""
    return [re.sub(r"\D", "", m.group(0)) for m in _DIGIT_GROUPS.finditer(text)]


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


def parse_siren(text: str) -> Parsed[str]:
    """A Luhn-checked SIREN (9 digits); a SIRET (14 digits) is reduced to its SIREN."""
    runs = _digit_runs(text[:MAX_PARSED_CHARS])
    if not runs:
        return fail(_NO_SIREN)
    for digits in runs:
        siren = _siren_of(digits)
        if siren:
            return Parsed(siren)
    if any(len(d) in (9, 14) for d in runs):
        return fail(_SIREN_CHECK)
    return fail(_SIREN_LENGTH.format(count=len(max(runs, key=len))))


def _email_candidates(text: str) -> list[str]:
    if (
        "@" not in text
        and "(at)" not in text
        and "[at]" not in text
        and "arobase" not in text.lower()
    ):
        return []
    text = _EMAIL_SPACES.sub("@", text)
    return [m.group(0).strip(".") for m in _EMAIL.finditer(text)]


def _valid_email(candidate: str) -> str | None:
    try:
        return validate_email(candidate, check_deliverability=False).normalized
    except (EmailNotValidError, ValueError, TypeError, UnicodeError):
        return None


def parse_email(text: str) -> Parsed[str]:
    """The first valid e-mail address in the text, normalised."""
    candidates = _email_candidates(text[:MAX_PARSED_CHARS])
    for candidate in candidates:
        email = _valid_email(candidate)
        if email:
            return Parsed(email)
    return fail(_BAD_EMAIL if candidates else _NO_EMAIL)


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
    if possible == phonenumbers.ValidationResult.IS_POSSIBLE:
        return number
    return None


def _first_phone(text: str) -> str | None:
    """The first plausible phone number of the text in E.164, or None."""
    try:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, "FR", phonenumbers.Leniency.POSSIBLE, max_tries=_MAX_PHONE_TRIES
        )
        for match in matcher:
            number = _phone_number(match.raw_string)
            if number is not None:
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except Exception:  # a library failure must not reach the user
        return None
    return None


def parse_phone(text: str) -> Parsed[str]:
    """A plausible phone number in E.164 ('+33612345678'); French formats by default,
    overseas departments typed nationally get their own code ('0692…' -> '+262692…')."""
    found = _first_phone(text[:MAX_PARSED_CHARS])
    if found:
        return Parsed(found)
    if re.search(r"\d", text[:MAX_PARSED_CHARS]):
        return fail("Ce numéro ne semble pas valide. Exemple : « 06 12 34 56 78 ».")
    return fail(_NO_PHONE)


def contains_identifying_details(text: str) -> bool:
    """True if the text holds an e-mail, a phone number or a valid SIREN/SIRET."""
    head = text[:MAX_PARSED_CHARS]
    if any(_valid_email(c) for c in _email_candidates(head)):
        return True
    if any(_siren_of(d) and len(d) in (9, 14) for d in _digit_runs(head)):
        return True
    return _first_phone(head) is not None
