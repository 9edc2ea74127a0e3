"""People and companies: the names sellers give of themselves ('je m'appelle …', a
signature) and of their business ('ma société …', 'gérant de …', '… SARL')."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.privacy.labels import COMPANY_MASK, NAME_MASK
from bot.privacy.scan import _Scan, _scan_back, _scan_name
from bot.privacy.spans import _Span
from bot.privacy.words import _AP, _platform_pattern

_CONNECTOR = (
    rf"[ \t]*(?:s{_AP}[ \t]*appel+(?:e|ait)|se[ \t]+nomm(?:e|ait)|(?:nomm|appel|dénomm)ée?"
    rf"|c{_AP}[ \t]*(?:est|était)|:|=)"
)
_COMPANY_NOUNS = (
    r"(?:société|societe|entreprise|boutique|boutik|boutiq|marque|magasin|boîte|boite"
    r"|commerce|enseigne"
    r"|start-?up|structure|atelier|affaire|e-?shop|shop|micro-entreprise|auto-entreprise"
    r"|sarl|sasu|sas|eurl|eirl|scop)"
)
_PERSON_LOWER = re.compile(
    rf"(?<!\w)(?:je[ \t]+m{_AP}[ \t]*ap+el+e?s?|je[ \t]+me[ \t]+(?:pré|pre)?nomme"
    r"|je[ \t]+soussign(?:é|e)e?s?"
    rf"|mon[ \t]+(?:nom(?:[ \t]+(?:de[ \t]+famille|complet))?|prénom|prenom)[ \t]*"
    rf"(?:est|c{_AP}[ \t]*est|:|=)|moi[ \t]*,?[ \t]*c{_AP}[ \t]*est|(?:nom|prénom|prenom)[ \t]*:)",
    re.IGNORECASE,
)
_PERSON_CAPITALISED = re.compile(
    rf"(?<!\w)(?:je[ \t]+suis|j{_AP}?[ \t]*sui[st]?|chui|monsieur|madame|mademoiselle"
    r"|(?-i:Mmes?|Mlles?|Mrs?|MM?)\.?)(?!\w)"
    # 'my name is', 'mi nombre es', 'me llamo', 'mi chiamo', 'sono', 'chamo-me'
    r"|(?<!\w)(?:my[ \t]+name[ \t]+is|mi[ \t]+nombre[ \t]+es|me[ \t]+llamo|mi[ \t]+chiamo"
    r"|sono|chamo-me|o[ \t]+meu[ \t]+nome[ \t]+é)(?!\w)"
    r"|(?<!\w)(?:bien[ \t]+)?(?:cordialement|à[ \t]+bientôt|bien[ \t]+à[ \t]+vous"
    r"|salutations(?:[ \t]+distinguées)?|(?:best|kind|warm)[ \t]+regards|regards|sincerely"
    r"|saludos|cordiali[ \t]+saluti|atentamente)[ \t]*[,.!]?\s*"
    r"|^--[ \t]*\n\s*",  # a signature block
    re.IGNORECASE | re.MULTILINE,
)
# People the seller names around them: 'ma femme Sandrine', 'mon associé, Karim Belkacem'.
_RELATIVE = re.compile(
    r"(?<!\w)(?:mon|ma|mes|notre|nos)[ \t]+(?:(?:beau|belle)-)?(?:femme|mari|épou(?:se|x)"
    r"|epou(?:se|x)|compagn(?:on|e)|conjointe?|associée?|associe|fils|fille|frère|frere"
    r"|sœur|soeur|père|pere|mère|mere|cousine?|neveu|nièce|niece|gendre|fiancée?"
    r"|employée?|salariée?|comptable|collègue|collegue|stagiaire|apprentie?)s?"
    r"[ \t]*,?[ \t]*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _my_company() -> re.Pattern[str]:
    """'ma société (s'appelle) …', 'ma boutique Etsy …', 'ma boutique sur eBay : …'."""
    return re.compile(
        rf"(?<!\w)(?:(?:ma|mon|notre)(?:[ \t]+petite?)?|la|l{_AP}|une|cette)[ \t]*"
        rf"{_COMPANY_NOUNS}(?!\w)"
        rf"(?:[ \t]+(?:en[ \t]+ligne|sur[ \t]+[\w.]+|{_platform_pattern()}))?"
        rf"(?P<connector>{_CONNECTOR})?",
        re.IGNORECASE,
    )


# 'sous le nom (commercial) …', 'sous l'enseigne …', '… de chez Kayak Breizh'
_TRADE_NAME = re.compile(
    rf"(?<!\w)(?:sous[ \t]+(?:le[ \t]+nom(?:[ \t]+commercial)?|l{_AP}[ \t]*enseigne"
    rf"|la[ \t]+marque)(?:[ \t]+de)?|de[ \t]+chez|d(?:é|e)nomm(?:é|e)e?s?)(?!\w)[ \t]*:?",
    re.IGNORECASE,
)
_DETERMINER = rf"(?:la[ \t]+|le[ \t]+|l{_AP}[ \t]*|ma[ \t]+|mon[ \t]+|notre[ \t]+|cette[ \t]+)"
# 'gérante de la société X', 'patronne d'Atelier Lune', 'co-gérant du Comptoir Breton'.
_ROLE = re.compile(
    r"(?<!\w)(?:co-?)?(?:gérant|gerant|dirigeant|fondat(?:eur|rice)|président|president"
    r"|patron|pdg|ceo|propriétaire|proprietaire)(?:e|ne)?s?[ \t]+"
    rf"(?:(?:de[ \t]+|d{_AP}[ \t]*)(?:{_DETERMINER}(?:{_COMPANY_NOUNS}[ \t]+)?)?"
    rf"|du[ \t]+(?:{_COMPANY_NOUNS}[ \t]+)?|des[ \t]+)"
    # a signature: 'Gérante – Girard Déco', 'Fondateur : Atelier Lune'
    r"|(?<!\w)(?:co-?)?(?:gérant|gerant|dirigeant|fondat(?:eur|rice)|président|president"
    r"|patron|pdg|ceo)(?:e|ne)?[ \t]*[-–—:][ \t]*",
    re.IGNORECASE,
)
# Legal forms; the short upper-case ones ('SA', 'EI') only in upper case ('sa' is a word).
_LEGAL_FORM = re.compile(
    r"(?<![\w&.])(?:(?i:sasu|sarl|eurl|eirl|scop|micro-entreprise|auto-entreprise)"
    r"|SAS|SA|SNC|SCI|EI|S\.A\.R\.L\.?|S\.A\.S\.?"
    r"|Ltd|LTD|Limited|LLC|Inc|GmbH|SRL|S\.r\.l|SL|Lda|BV)(?!\w)"
)
# a family firm: 'Outillage Lemoine & Fils', 'Martin et Cie'
_FAMILY_FIRM = re.compile(r"(?<=[ \t])(?:&|et)[ \t]+(?:Fils|Filles|Frères|Cie|Co)(?!\w)")
# 'my store name is …', 'my shop on Etsy is called …', 'boutique « … »'
_SHOP_NAMED = re.compile(
    r"(?<!\w)(?:my[ \t]+(?:shop|store|brand|company|business)(?:[ \t]+name)?"
    r"(?:[ \t]+on[ \t]+[\w.]+)?[ \t]+(?:is[ \t]+called|is|:)"
    r"|(?:boutique|boutik|magasin|marque|enseigne|shop|store|je[ \t]+suis)"
    r"[ \t]*:?[ \t]*(?=[«\"“]))",
    re.IGNORECASE,
)
_SHORT_LEGAL_FORMS = frozenset({"SA", "EI", "SNC", "SCI"})
# forms written after the name only ('Hartley Home Goods Ltd')
_BACK_ONLY_FORMS = frozenset({"Ltd", "LTD", "Limited", "LLC", "Inc", "GmbH", "Lda", "BV"})


def _name_spans(view: str) -> list[_Span]:
    """Names a person gives of themselves: 'je m'appelle …', 'moi c'est …', 'je suis
    Jean Dupont', 'M. Dupont', a signature after 'Cordialement'."""
    spans = []
    patterns = (
        (_PERSON_LOWER, _Scan(lower=True)),
        (_PERSON_CAPITALISED, _Scan()),
        (_RELATIVE, _Scan()),
    )
    for pattern, scan in patterns:
        for trigger in pattern.finditer(view):
            found = _scan_name(view, trigger.end(), scan)
            if found:
                spans.append(_Span(*found, NAME_MASK))
    return spans


def _company_spans(view: str) -> list[_Span]:
    """Business names: 'ma société (s'appelle) …', 'gérant de …', '… SARL', 'SAS …'."""
    spans = []
    for trigger in _TRADE_NAME.finditer(view):
        spans.append(_scan_name(view, trigger.end(), _Scan(ampersand=True)))
    for trigger in _my_company().finditer(view):
        scan = _Scan(lower=bool(trigger.group("connector")), ampersand=True)
        spans.append(_scan_name(view, trigger.end(), scan))
    for trigger in _ROLE.finditer(view):
        spans.append(_scan_name(view, trigger.end(), _Scan(lower=True, ampersand=True)))
    for form in _LEGAL_FORM.finditer(view):
        name = form.group(0)
        if name not in _BACK_ONLY_FORMS:  # 'SARL Dupont', but not 'Garden Tools Ltd sells'
            lower = name not in _SHORT_LEGAL_FORMS
            spans.append(_scan_name(view, form.end(), _Scan(lower=lower, ampersand=True)))
        before = view[max(0, form.start() - 3) : form.start()]
        comma = before.rstrip(" \t").endswith(",")  # 'Atelier Cuir & Co, SARL au capital…'
        spans.append(
            _scan_back(
                view, form.start() - len(before) + before.rindex(",") if comma else form.start()
            )
        )
    for firm in _FAMILY_FIRM.finditer(view):
        back = _scan_back(view, firm.start())
        if back:
            spans.append((back[0], firm.end()))
    for trigger in _SHOP_NAMED.finditer(view):
        spans.append(_scan_name(view, trigger.end(), _Scan(ampersand=True)))
    return [_Span(*span, COMPANY_MASK) for span in spans if span]
