"""French typography, one function for every bot message and every page.

A regular space before `;`, `!`, `?` becomes a narrow no-break space (U+202F), before `:`
and inside `« »` a no-break space (U+00A0), and so does the space between a number and
`%` or `€`, so that a sign never starts a line alone. Only existing spaces are changed:
nothing is inserted, so URLs, times ("14:05") and e-mail addresses are left as they are.
No maintained Python package does this for French; the rules fit in a few expressions.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space: before ; ! ? (and in numbers: 15 000)
NBSP = "\u00a0"  # no-break space: before : and inside « »

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[ \u00a0]+(?=[;!?])"), NNBSP),
    (re.compile(r"[ \u202f]+(?=:)"), NBSP),
    (re.compile(r"«[ \u202f]+"), "«" + NBSP),
    (re.compile(r"[ \u202f]+»"), NBSP + "»"),
    (re.compile(r"(?<=\d)[ \u202f]+(?=[%€])"), NBSP),
)
_TRIGGERS = re.compile(r"[;!?:«»%€]")
"""A text without any of these characters is left as it is by every rule: most of a page's
texts (the blanks between tags) skip the rules (8 → 2 ms on a staff list page)."""
# Text that is code or typed by the user in a form field is not typeset.
_RAW_ELEMENTS = re.compile(
    r"(<(script|style|textarea|pre|code)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)


def typeset(text: str) -> str:
    """`text` with French no-break spaces before ; : ! ? » % € and after «."""
    return apply_rules(text) if _TRIGGERS.search(text) else text


def apply_rules(text: str) -> str:
    """Every rule of `_RULES` on `text`, in order (`typeset` without its shortcut)."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def typeset_html(html: str) -> str:
    """The text between the tags of `html` typeset; tags, attributes, scripts, styles,
    code and text areas untouched."""
    parts = _RAW_ELEMENTS.split(html)  # text, element, element name, text, …
    texts, elements = parts[0::3], parts[1::3]
    out = [typeset(texts[0])]
    for element, text in zip(elements, texts[1:], strict=True):
        out += [element, typeset(text)]
    return "".join(out)
