"""Seller ids and shop names after 'id vendeur', 'pseudo', 'nom de boutique :'…, and Amazon
merchant tokens."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.privacy.labels import SELLER_ID_MASK
from bot.privacy.scan import _Scan, _scan_name
from bot.privacy.spans import _Span
from bot.privacy.words import _AP, _platform_pattern

# SMS: 'mon pseudo ebay c brocante_72'
_ID_CONNECTOR = rf"(?:[ \t]*(?:[:=#]|est|c{_AP}[ \t]*est|s{_AP}[ \t]*appelle)|[ \t]+c(?=[ \t]))?"
_AMAZON_TOKEN = re.compile(r"(?<![\w-])A[0-9A-Z]{11,14}(?![\w-])")
# a social-network handle: '@bijoux_de_lea' (an e-mail's '@' follows a word character)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[\w.]{1,28}[\w])?")


@lru_cache(maxsize=1)
def _seller_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(id triggers, weak triggers such as 'mon compte', shop-name triggers); they may name
    a platform ('mon pseudo sur Etsy est …'), so they are built from the taxonomy once."""
    platform = rf"(?:[ \t]+(?:(?:sur|chez|de)[ \t]+)?{_platform_pattern()})?"
    ids = re.compile(
        r"(?<!\w)(?:(?:id|identifiant|num[ée]ro|n°|no|num|code)\.?[ \t]*(?:de[ \t]+|du[ \t]+)?"
        r"(?:vendeur|vendeuse|marchand|seller|merchant|boutique|shop|magasin)"
        r"|(?:seller|merchant|store|shop|vendor)[ \t_-]*(?:id|token)"
        r"|pseudo|compte[ \t]+vendeur[ \t]*[:=])"
        rf"(?!\w){platform}{_ID_CONNECTOR}",
        re.IGNORECASE,
    )
    weak = re.compile(
        r"(?<!\w)(?:mon[ \t]+compte(?:[ \t]+vendeur)?|identifiants?|login|user[ \t]*name"
        rf"|nom[ \t]+d{_AP}[ \t]*utilisateur)(?!\w){platform}"
        rf"(?P<connector>[ \t]*(?:[:=]|c{_AP}[ \t]*est|s{_AP}[ \t]*appelle))?(?:[ \t]+est)?",
        re.IGNORECASE,
    )
    shop = re.compile(
        r"(?<!\w)(?:nom[ \t]+(?:de[ \t]+(?:la[ \t]+|ma[ \t]+)?|du[ \t]+)?(?:boutique|vendeur"
        r"|vendeuse|magasin|shop|store|compte|marque|commercial|société|societe)(?!\w)"
        rf"{platform}{_ID_CONNECTOR}"
        rf"|(?:boutique|boutik|vendeur|vendeuse|magasin|enseigne){platform}[ \t]*:)",
        re.IGNORECASE,
    )
    return ids, weak, shop


def _looks_like_id(token: str) -> bool:
    """'jean_bijoux75', 'DUPONTBIJOUX', 'JeanBijoux': not an ordinary word nor a number."""
    if not any(ch.isalpha() for ch in token):
        return False  # 'mon compte 15 000 €'
    inner_upper = any(ch.isupper() for ch in token[1:]) and not token.isupper()
    return (
        any(ch.isdigit() or ch in "_." for ch in token)
        or (token.isupper() and len(token) >= 4)
        or inner_upper
    )


def _seller_id_spans(view: str) -> list[_Span]:
    """Seller ids and shop names after 'id vendeur', 'pseudo', 'nom de boutique :'…, and
    Amazon merchant tokens ('A1B2C3D4E5F6G7')."""
    ids, weak, shop = _seller_patterns()
    spans = []
    for trigger in ids.finditer(view):
        spans.append(_scan_name(view, trigger.end(), _Scan(lower=True, tokens=True, words=1)))
    for trigger in weak.finditer(view):
        found = _scan_name(view, trigger.end(), _Scan(lower=True, tokens=True, words=1))
        if found and (trigger.group("connector") or _looks_like_id(view[found[0] : found[1]])):
            spans.append(found)
    for trigger in shop.finditer(view):
        spans.append(_scan_name(view, trigger.end(), _Scan(lower=True, tokens=True)))
    spans += [(handle.start(), handle.end()) for handle in _HANDLE.finditer(view)]
    for token in _AMAZON_TOKEN.finditer(view):
        body = token.group(0)[1:]
        if sum(ch.isdigit() for ch in body) >= 2 and sum(ch.isalpha() for ch in body) >= 2:
            spans.append((token.start(), token.end()))
    return [_Span(*span, SELLER_ID_MASK) for span in spans if span]
