"""Score the masking function on a probe set: identifiers hidden, look-alikes kept.

    .venv/bin/python scripts/probe_masking.py tests/privacy/blind_masking_round1.yml

The set is YAML: `cases: [{text, must_hide: [...], must_keep: [...]}]`, each substring
copied from its text. An identifier counts as hidden when neither it nor its digits (for
one of 6 digits or more) survive in the masked text; a look-alike counts as kept when it is
still there unchanged. Prints the figures, then every miss.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.privacy import mask_identifiers  # noqa: E402

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def hidden(identifier: str, masked: str) -> bool:
    """Neither the identifier nor (for long numbers) its digit sequence survives."""
    visible = _INVISIBLE.sub("", masked)
    if identifier in masked or _INVISIBLE.sub("", identifier) in visible:
        return False
    digits = _digits(identifier)
    return len(digits) < 6 or digits not in _digits(visible)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / max(whole, 1):.1f} %"


def main(path: str) -> int:
    cases = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["cases"]
    hide_total = hide_ok = keep_total = keep_ok = clean_cases = with_ids = 0
    misses: list[str] = []
    for number, case in enumerate(cases, 1):
        text = case["text"]
        masked = mask_identifiers(text)
        must_hide = case.get("must_hide") or []
        must_keep = case.get("must_keep") or []
        case_ok = True
        for identifier in must_hide:
            hide_total += 1
            if hidden(identifier, masked):
                hide_ok += 1
            else:
                case_ok = False
                misses.append(f"#{number} NOT HIDDEN {identifier!r}\n    -> {masked!r}")
        for kept in must_keep:
            keep_total += 1
            if kept in masked:
                keep_ok += 1
            else:
                case_ok = False
                misses.append(f"#{number} NOT KEPT {kept!r}\n    -> {masked!r}")
        if must_hide:
            with_ids += 1
        clean_cases += case_ok
    print(f"cases: {len(cases)} ({with_ids} with identifiers)")
    print(f"identifiers hidden: {hide_ok}/{hide_total} ({_pct(hide_ok, hide_total)})")
    print(f"look-alikes kept:   {keep_ok}/{keep_total} ({_pct(keep_ok, keep_total)})")
    print(f"cases fully right:  {clean_cases}/{len(cases)}")
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
