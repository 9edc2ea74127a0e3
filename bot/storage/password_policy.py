"""What a staff password must be (ASVS 2.1): at least 12 characters, at most 128, not a
common or guessable one; no composition rules. The list of refused passwords is generated
here (no download): common words and names of the service in French and English, with the
usual years, digits and symbols around them, keyboard rows, runs of one character and
counting sequences."""

from __future__ import annotations

from functools import lru_cache

MIN_LENGTH = 12
MAX_LENGTH = 128

_WORDS = frozenset(
    {
        *("password", "motdepasse", "azerty", "qwerty", "bonjour", "soleil", "marseille"),
        *("paris", "france", "admin", "administrateur", "ministere", "signalpme", "signal"),
        *("staff", "equipe", "welcome", "iloveyou", "jetaime", "football", "chocolat"),
        *("changeme", "secret", "letmein", "sunshine", "princess", "dragon", "monkey", "master"),
    }
)
_ENDINGS = ("", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "@", "*")
_YEARS = tuple(str(year) for year in range(1950, 2031))
_ROWS = ("azertyuiop", "qsdfghjklm", "wxcvbn", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Generated guessable passwords, lower case."""
    found: set[str] = set()
    for word in _WORDS:
        for end in (*_ENDINGS, *_YEARS):
            found.update({word + end, end + word})
            found.add(word * 2 + end)
    for row in _ROWS:
        for size in range(MIN_LENGTH, len(row) * 2 + 1):
            found.add((row * 3)[:size])
    return frozenset(found)


def password_problem(password: str, email: str = "") -> str | None:
    """Why `password` is refused (French, for the form), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères."
    lowered = password.lower()
    if len(set(lowered)) <= 2:
        return "Ce mot de passe est trop répétitif."
    if lowered in common_passwords() or _is_sequence(lowered):
        return "Ce mot de passe est trop courant : choisissez-en un autre, une phrase par exemple."
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return "Le mot de passe ne doit pas contenir votre adresse e-mail."
    return None


def _is_sequence(text: str) -> bool:
    """'abcdefghijkl', '123456789012': each character the next of the one before."""
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return steps <= {1} or steps <= {-1}
