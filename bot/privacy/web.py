"""Web addresses: URLs and domain names (also with the dot spelled out), except a bare
marketplace address such as 'amazon.fr'."""

from __future__ import annotations

import re

from bot.privacy.labels import URL_MASK
from bot.privacy.spans import _Span
from bot.privacy.words import _platform_hosts

_URL_TLDS = (
    "fr|com|net|org|eu|info|biz|io|co|shop|store|boutique|online|site|app|dev|tech|be|ch|lu"
    "|ca|uk|nl|pt|pl|us|xyz|paris|bzh|alsace|corsica|club|pro|bio|art|fashion"
)
_URL_END = ".,;:!?)]}'’\"»"
_SCHEME_URL = re.compile(r"(?<![\w@.\-])(?:(?:https?|ftp)://|www\d?\.)[^\s<>\"«»]+", re.IGNORECASE)
_BARE_DOMAIN = re.compile(
    rf"(?<![\w@.\-/:])(?P<host>(?:[\w-]{{1,63}}\.){{1,6}}(?:{_URL_TLDS}))(?![\w-]|\.[\w-])"
    r"(?P<path>[/?#][^\s<>\"«»]*)?",
    re.IGNORECASE,
)
# a domain with its dot spelled out: 'jardin-zen point fr'
_SPELLED_DOMAIN = re.compile(
    rf"(?<![\w@.\-])[\w-]{{2,63}}[ \t]+(?:point|dot)[ \t]+(?:{_URL_TLDS})(?![\w-])",
    re.IGNORECASE,
)
_HOST = re.compile(r"^(?:[a-z]+://)?(?P<host>[^/?#:]*)(?::\d+)?(?P<path>.*)$", re.IGNORECASE)


def _is_platform_home(url: str) -> bool:
    """'Amazon.fr', 'https://www.ebay.fr/', 'sellercentral.amazon.fr': a platform itself."""
    parts = _HOST.match(url)
    if not parts or parts.group("path").strip("/"):
        return False
    labels = parts.group("host").lower().split(".")[:-1]
    return any(label.replace("-", "") in _platform_hosts() for label in labels)


def _odd_case(host: str) -> bool:
    """'logging.INFO', 'perdu.De': a top-level domain in capitals but not the whole host."""
    tld = host.rsplit(".", 1)[-1]
    return not tld.islower() and not host.isupper()


def _url_spans(view: str) -> list[_Span]:
    """URLs and domain names, except a bare marketplace address without a path."""
    spans = []
    for match in _SPELLED_DOMAIN.finditer(view):
        host = re.sub(r"[ \t]+(?:point|dot)[ \t]+", ".", match.group(0), flags=re.IGNORECASE)
        if not _is_platform_home(host):
            spans.append(_Span(match.start(), match.end(), URL_MASK))
    for pattern in (_SCHEME_URL, _BARE_DOMAIN):
        for match in pattern.finditer(view):
            url = match.group(0).rstrip(_URL_END)
            if pattern is _BARE_DOMAIN and _odd_case(match.group("host")):
                continue
            if url and not _is_platform_home(url):
                spans.append(_Span(match.start(), match.start() + len(url), URL_MASK))
    return spans
