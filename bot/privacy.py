"""Masking of identifiers in text shown to staff or stored for anonymous testimonies.

`mask_identifiers` finds identifier spans on a normalised view of the text (NFKC per
character, zero-width characters removed: see `bot.parsing.identity.text_view`) with the
same candidate finders as detection, and replaces only those spans of the original text;
everything else is left byte for byte. It masks e-mails (also 'arobase', '(at)', spaced),
phones, SIREN/SIRET/VAT and other long numbers, IBAN/BIC, URLs and shop domains (a bare
marketplace such as 'amazon.fr' stays), seller ids, follow-up codes, and the names sellers
give of themselves and of their business. It errs on the side of masking, but dates,
amounts, percentages, years, times, quantities and ordinary words stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from bot.parsing.identity import find_emails, find_numbers, text_view
from bot.text import strip_accents

EMAIL_MASK = "[e-mail masqué]"
PHONE_MASK = "[téléphone masqué]"
SIREN_MASK = "[SIREN/SIRET masqué]"
NUMBER_MASK = "[numéro masqué]"
CODE_MASK = "[code masqué]"
NAME_MASK = "[nom masqué]"
COMPANY_MASK = "[entreprise masquée]"
URL_MASK = "[adresse web masquée]"
IBAN_MASK = "[IBAN masqué]"
BIC_MASK = "[BIC masqué]"
SELLER_ID_MASK = "[identifiant masqué]"

MIN_NUMBER_DIGITS = 9
"""Digit runs this long are identifying (SIREN 9, VAT 11, SIRET 14, order numbers…)."""
MAX_SIREN_DIGITS = 15
"""Longer runs are labelled as numbers, not as SIREN/SIRET."""

# Rank of each kind when spans overlap: the lowest wins the label of their union.
_RANK = {
    IBAN_MASK: 0, BIC_MASK: 0, CODE_MASK: 1, EMAIL_MASK: 2, URL_MASK: 3, PHONE_MASK: 4,
    SIREN_MASK: 5, NUMBER_MASK: 5, SELLER_ID_MASK: 6, COMPANY_MASK: 7, NAME_MASK: 8,
}  # fmt: skip


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label: str


# --- words that are never names ----------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(words.split())


# Function words, verbs, time words, legal forms, tools: they end a name (accent-free).
_FUNCTION_WORDS = _word_set(
    """
    a au aux avec ce ceci cela ca c celle celles celui ceux ces cet cette chez comme contre d
    dans de des du elle elles en entre et eux il ils j je l la le les leur leurs lui m ma mais
    me mes moi mon n ne ni nos notre nous on ou par pas pour qu que quel quelle quels quelles
    qui quoi s sa sans se ses si son sous sur t ta te tes toi ton tu un une vers vos votre
    vous y donc or car puis ensuite alors quand lorsque parce apres avant selon malgre sauf
    via dont aussi encore deja toujours jamais souvent parfois vraiment surtout seulement
    juste tres trop peu beaucoup assez bien mal mieux tout tous toute toutes rien aucun
    aucune chaque meme memes autre autres tel telle tels telles ici oui non ok okay voila
    bref enfin bon bah ben euh hum hein bonjour bonsoir salut merci svp stp cordialement
    madame monsieur mademoiselle mr mme mlle est es suis sommes etes sont etait etais
    etaient ete etre avoir ai as avons avez ont avait avais avaient eu fait fais faisons
    faites font faire vais va allons allez vont aller peut peux pouvons pouvez peuvent pu
    dois doit devons devez doivent veux veut voulons voulez veulent sais sait savons savez
    savent vends vend vendons vendez vendent travaille travaillons travaillent cherche
    appelle appelais nomme plus moins depuis pendant jusqu jusque lors ainsi cependant
    pourtant soit etc cf pareil pareille idem pire the my i am is and of at in for to name
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    lundi mardi mercredi jeudi vendredi samedi dimanche an ans annee annees mois semaine
    semaines jour jours heure heures hier aujourd demain matin soir nuit fin debut mi
    zero deux trois quatre cinq six sept huit neuf dix onze douze vingt trente cent mille
    million millions milliard plusieurs quelques quelque certains certaines moitie
    sarl sas sasu eurl ei eirl sa snc scop sci sca gie micro-entreprise microentreprise
    auto-entreprise autoentreprise eu europe france shopify wix prestashop woocommerce
    wordpress magento facebook instagram tiktok google youtube linkedin twitter paypal
    stripe vinted zalando wish temu shein apple microsoft colissimo chronopost ups dhl
    fedex laposte urssaf code codes suivi voici mail email tel fax iban rib bic swift tva
    siren siret ref euro euros eur
    """
)
# Common nouns and adjectives: lower-case, they end a name; capitalised, they may be part of
# one ('Jean Petit', 'Atelier Lune') but never make a name alone.
_CONTENT_WORDS = _word_set(
    """
    vendeur vendeuse vendeurs vendeuses gerant gerante gerants cogerant cogerante co-gerant
    co-gerante dirigeant dirigeante fondateur fondatrice cofondateur cofondatrice
    co-fondateur co-fondatrice president presidente patron patronne directeur directrice
    responsable salarie salariee salaries employe employee associe associee proprietaire
    chef entrepreneur entrepreneuse entrepreneurs independant independante freelance
    artisan artisane commercant commercante createur creatrice fabricant revendeur
    revendeuse grossiste importateur distributeur professionnel professionnelle pro
    particulier particuliere client cliente clients acheteur acheteuse acheteurs
    consommateur e-commercant ecommercant marchand marchande auto-entrepreneur
    autoentrepreneur micro-entrepreneur microentrepreneur societe societes entreprise
    entreprises boutique boutiques marque marques magasin magasins commerce commerces
    enseigne startup start-up structure atelier affaire affaires pme tpe eti association
    compte comptes site sites ligne plateforme plateformes marketplace marketplaces
    produit produits article articles commande commandes vente ventes stock catalogue
    fiche fiches annonce annonces service support equipe groupe famille republique
    petit petite petits petites grand grande grands grandes gros grosse seul seule seuls
    seules content contente desespere desesperee perdu perdue inquiet inquiete furieux
    furieuse fatigue fatiguee epuise epuisee degoute degoutee decu decue oblige obligee
    sure certain certaine different differente complique compliquee difficile facile
    nouveau nouvelle nouveaux vieux vieille jeune francais francaise belge suisse europeen
    europeenne local locale familial familiale unipersonnelle classique normale simple
    heureux malheureux triste desole desolee navre navree choque choquee colere bloque
    bloquee suspendu suspendue ferme fermee victime victimes vrai vraie faux fausse fou
    folle dingue grave mort morte fini finie foutu foutue ruine ruinee endette endettee
    installe installee base basee situe situee ne nee present presente inscrit inscrite
    actif active vendu totalement completement actuellement maintenant desormais mort
    artisanale artisanal debutant debutante novice expert experte gerer lance lancee
    unique fiscal fiscale personnel personnelle perso habituel habituelle principal
    principale commercial commerciale marketing logistique digital web e-commerce
    """
)
_ELISIONS = _word_set("l d j m n s t c qu jusqu lorsqu puisqu quoiqu aujourd")
_PARTICLES = _word_set("de du des d le la van von da di del della ben el al ibn bin")
# Endings of common lower-case words (participles, adverbs, adjectives, nouns).
_COMMON_ENDINGS = (
    "é", "ée", "és", "ées", "ment", "ant", "ante", "ants", "antes", "able", "ables", "ible",
    "ibles", "eux", "euse", "euses", "tion", "tions", "sion", "sions", "isme", "ait", "aient",
)  # fmt: skip
_QUOTES = "\"«“'‘"


def _key(word: str) -> str:
    """Lower-case, accent-free form of a word for the word lists."""
    return strip_accents(word.replace("’", "'")).lower()


@lru_cache(maxsize=1)
def _platform_words() -> frozenset[str]:
    """Every word of the platforms' names and synonyms (bot/taxonomy.yml)."""
    from bot.taxonomy import platforms

    words: set[str] = set()
    for category in platforms():
        for name in (category.label, *category.synonyms):
            words.update(w for w in re.split(r"[\s.\-/()]+", _key(name)) if w)
    return frozenset(words)


@lru_cache(maxsize=1)
def _platform_hosts() -> frozenset[str]:
    """Platform names as they appear in a host name: 'amazon', 'leboncoin', 'backmarket'."""
    from bot.taxonomy import platforms

    hosts: set[str] = set()
    for category in platforms():
        for name in (category.label, *category.synonyms):
            hosts.add(re.sub(r"[\s\-]+", "", _key(name).split(".")[0]))
    hosts.discard("")
    return frozenset(hosts)


@lru_cache(maxsize=1)
def _platform_pattern() -> str:
    """A regex alternative matching one platform word ('Amazon', 'eBay', 'leboncoin.fr')."""
    words = sorted(_platform_words() - _FUNCTION_WORDS, key=len, reverse=True)
    words = [w for w in words if len(w) >= 3]
    return r"(?:" + "|".join(re.escape(w) for w in words) + r")(?:\.[a-z]{2,3})?(?!\w)"


# --- names: scanning the words after a trigger -----------------------------------------

_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TOKEN_WORD = re.compile(r"[^\W_](?:[\w.\-]*[^\W_])?")
_SPACES = re.compile(r"[ \t]*")
_GAP = re.compile(r"[ \t]+")
_AMPERSAND_GAP = re.compile(r"[ \t]*&[ \t]*|[ \t]+")
_MAX_NAME_WORDS = 4


def _is_title(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _looks_common(word: str) -> bool:
    """A lower-case (or all-caps) word ending like a participle, an adverb, a noun…"""
    return word.lower().endswith(_COMMON_ENDINGS)


def _stop_word(key: str) -> bool:
    """A function word, a platform, 'peut-être', 'vous-même'…"""
    if key in _FUNCTION_WORDS or key in _platform_words():
        return True
    return "-" in key and any(part in _FUNCTION_WORDS for part in key.split("-"))


def _without_elision(word: str) -> str | None:
    """'D'Artagnan' -> 'Artagnan', 'Dupont' -> 'Dupont'; None for "l'entreprise", "c'est"."""
    prefix, apostrophe, rest = word.replace("’", "'").partition("'")
    if not apostrophe or _key(prefix) not in _ELISIONS:
        return word
    return rest if rest[:1].isupper() else None


def _content(word: str) -> bool:
    return _key(word) in _CONTENT_WORDS


def _word_ok(word: str, lower: bool) -> bool:
    """Whether `word` can be part of a name: `lower` allows lower-case words. A common noun
    is allowed capitalised ('Atelier Lune'), but a name is never made of those alone."""
    name = _without_elision(word)
    if name is None:
        return False
    key = _key(name)
    if len(key) < 2 or _stop_word(key):
        return False
    if _is_title(name):
        return True
    if not lower and not name.isupper():
        return False
    return key not in _CONTENT_WORDS and not _looks_common(name)


def _token_ok(token: str) -> bool:
    """Whether `token` can be (part of) a seller id or a shop name (not 'cdiscount.com')."""
    if _is_platform_home(token):
        return False
    if any(ch.isdigit() for ch in token):
        return len(token) >= 2
    return _word_ok(token, lower=True)


@dataclass(frozen=True)
class _Scan:
    """How to read a name after a trigger."""

    lower: bool = False  # lower-case words allowed
    tokens: bool = False  # ids: digits, dots, dashes allowed in words
    ampersand: bool = False  # 'Martin & Fils'
    words: int = _MAX_NAME_WORDS


_ARTICLES = frozenset({"le", "la", "les"})


def _linked_name(view: str, position: int, first: bool) -> list[re.Match[str]]:
    """'Les Jolies Choses' (a capitalised article first), 'de La Fontaine', 'van Dijk'
    (particles inside a name): the words up to a capitalised name word, or []."""
    words: list[re.Match[str]] = []
    for _ in range(2):
        link = _NAME_WORD.match(view, position)
        key = _key(link.group(0)) if link else ""
        allowed = (key in _ARTICLES and _is_title(link.group(0))) if first else key in _PARTICLES
        if not link or not allowed:
            return []
        gap = _GAP.match(view, link.end())
        following = _NAME_WORD.match(view, gap.end()) if gap else None
        if not following or not _is_title(following.group(0)):
            return []
        words += [link, following]
        if _word_ok(following.group(0), lower=False):
            return words
        position, first = following.start(), False
    return []


def _next_words(
    view: str, position: int, scan: _Scan, previous: list[re.Match[str]]
) -> list[re.Match[str]]:
    """The acceptable word(s) at `position`: one word, or a linked name; [] if none."""
    match = (_TOKEN_WORD if scan.tokens else _NAME_WORD).match(view, position)
    if not match:
        return []
    word = match.group(0)
    if _token_ok(word) if scan.tokens else _word_ok(word, scan.lower):
        return [match]
    if scan.tokens or (previous and all(_content(w.group(0)) for w in previous)):
        return []
    return _linked_name(view, position, first=not previous)


def _scan_name(view: str, position: int, scan: _Scan) -> tuple[int, int] | None:
    """Span of the 1–4 words of a name at `position` (spaces and one quote skipped)."""
    position = _SPACES.match(view, position).end()
    if position < len(view) and view[position] in _QUOTES:
        position = _SPACES.match(view, position + 1).end()
        scan = _Scan(True, scan.tokens, scan.ampersand, scan.words)
    words: list[re.Match[str]] = []
    gap_pattern = _AMPERSAND_GAP if scan.ampersand else _GAP
    while len(words) < scan.words:
        found = _next_words(view, position, scan, words)
        if not found:
            break
        words += found
        gap = gap_pattern.match(view, words[-1].end())
        if not gap:
            break
        position = gap.end()
    if not words or all(_content(w.group(0)) for w in words):
        return None
    return words[0].start(), words[-1].end()


def _scan_back(view: str, position: int) -> tuple[int, int] | None:
    """Span of the 1–4 capitalised words just before `position` ('Dupont Bijoux SARL')."""
    words = list(_NAME_WORD.finditer(view, max(0, position - 120), position))
    accepted: list[re.Match[str]] = []
    boundary = position
    for word in reversed(words):
        if len(accepted) == _MAX_NAME_WORDS:
            break
        if not _AMPERSAND_GAP.fullmatch(view, word.end(), boundary):
            break
        if not _word_ok(word.group(0), lower=False):
            break
        accepted.append(word)
        boundary = word.start()
    if not accepted or all(_content(w.group(0)) for w in accepted):
        return None
    return accepted[-1].start(), accepted[0].end()


# --- triggers ----------------------------------------------------------------------------

_AP = r"['’]"
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
    r"|(?<!\w)(?:bien[ \t]+)?(?:cordialement|à[ \t]+bientôt|bien[ \t]+à[ \t]+vous"
    r"|salutations(?:[ \t]+distinguées)?)[ \t]*[,.!]?\s*",
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
    rf"|la[ \t]+marque)(?:[ \t]+de)?|de[ \t]+chez)(?!\w)[ \t]*:?",
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
    r"|SAS|SA|SNC|SCI|EI|S\.A\.R\.L\.?|S\.A\.S\.?)(?!\w)"
)
_SHORT_LEGAL_FORMS = frozenset({"SA", "EI", "SNC", "SCI"})


def _name_spans(view: str) -> list[_Span]:
    """Names a person gives of themselves: 'je m'appelle …', 'moi c'est …', 'je suis
    Jean Dupont', 'M. Dupont', a signature after 'Cordialement'."""
    spans = []
    for pattern, scan in ((_PERSON_LOWER, _Scan(lower=True)), (_PERSON_CAPITALISED, _Scan())):
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
        lower = form.group(0) not in _SHORT_LEGAL_FORMS
        spans.append(_scan_name(view, form.end(), _Scan(lower=lower, ampersand=True)))
        spans.append(_scan_back(view, form.start()))
    return [_Span(*span, COMPANY_MASK) for span in spans if span]


# --- seller ids ------------------------------------------------------------------------

# SMS: 'mon pseudo ebay c brocante_72'
_ID_CONNECTOR = rf"(?:[ \t]*(?:[:=#]|est|c{_AP}[ \t]*est|s{_AP}[ \t]*appelle)|[ \t]+c(?=[ \t]))?"
_AMAZON_TOKEN = re.compile(r"(?<![\w-])A[0-9A-Z]{11,14}(?![\w-])")


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
    for token in _AMAZON_TOKEN.finditer(view):
        body = token.group(0)[1:]
        if sum(ch.isdigit() for ch in body) >= 2 and sum(ch.isalpha() for ch in body) >= 2:
            spans.append((token.start(), token.end()))
    return [_Span(*span, SELLER_ID_MASK) for span in spans if span]


# --- follow-up codes -------------------------------------------------------------------

_CODE_DASHED = re.compile(r"(?<![\w-])[0-9A-Za-z]{4}(?:-[0-9A-Za-z]{4}){3}(?![\w-])")
_CODE_OTHER = re.compile(
    r"(?<![\w.])[0-9A-Za-z]{4}([ ._]?)[0-9A-Za-z]{4}(?:\1[0-9A-Za-z]{4}){2}(?![\w]|\.\w)"
)


def _is_code(candidate: str, dashed: bool) -> bool:
    """A follow-up code (bot.storage.codes): 16 symbols, not one symbol repeated (the
    'XXXX-XXXX-XXXX-XXXX' placeholder); undashed, it mixes digits and letters and none of
    its groups is a word ('mars 2024 pour deux')."""
    symbols = re.sub(r"[^0-9A-Za-z]", "", candidate)
    if len(set(symbols.upper())) <= 1:
        return False
    if dashed:
        return True
    if not (any(ch.isdigit() for ch in symbols) and any(ch.isalpha() for ch in symbols)):
        return False
    return not any(_is_word(symbols[i : i + 4]) for i in range(0, 16, 4))


def _is_word(group: str) -> bool:
    """A group of letters that is a listed word ('mars', 'pour', 'code', 'ebay')."""
    key = _key(group)
    return group.isalpha() and (
        key in _FUNCTION_WORDS or key in _CONTENT_WORDS or key in _platform_words()
    )


def _code_spans(view: str, label: str = CODE_MASK) -> list[_Span]:
    """Follow-up codes grouped 4-4-4-4 by dashes, spaces, dots, underscores or nothing."""
    spans = []
    for pattern, dashed in ((_CODE_DASHED, True), (_CODE_OTHER, False)):
        position = 0
        while match := pattern.search(view, position):
            if _is_code(match.group(0), dashed):  # overlapping candidates are merged
                spans.append(_Span(match.start(), match.end(), label))
            position = match.start() + 1
    return spans


# --- e-mails, numbers, bank details --------------------------------------------------


def _email_spans(view: str) -> list[_Span]:
    return [_Span(f.start, f.end, EMAIL_MASK) for f in find_emails(view)]


_VAT_PREFIX = re.compile(r"(?<!\w)(?:FR|fr)[ \t.\-]?$")


def _number_spans(view: str) -> list[_Span]:
    """Phones, and digit runs long enough to identify (SIREN, SIRET, VAT, orders…)."""
    spans = []
    for found in find_numbers(view):
        if found.kind == "phone":
            spans.append(_Span(found.start, found.end, PHONE_MASK))
        elif found.kind == "number" and len(found.value) >= MIN_NUMBER_DIGITS:
            label = SIREN_MASK if len(found.value) <= MAX_SIREN_DIGITS else NUMBER_MASK
            vat = _VAT_PREFIX.search(view, max(0, found.start - 4), found.start)
            start = vat.start() if vat and len(found.value) == 11 else found.start
            spans.append(_Span(start, found.end, label))
    return spans


_IBAN = re.compile(
    r"(?<!\w)[A-Za-z]{2}\d{2}(?:[ \t-]?[A-Za-z0-9]{4}){2,7}(?:[ \t-]?[A-Za-z0-9]{1,4})?(?!\w)"
)
_IBAN_WORD = re.compile(r"(?:iban|rib)\W{0,20}$", re.IGNORECASE)
_BIC = re.compile(
    r"(?<!\w)(?:bic|swift)(?:[ \t]*(?:code|:|=|-))*[ \t]*"
    r"(?P<bic>[A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?)(?!\w)",
    re.IGNORECASE,
)


def _bank_spans(view: str) -> list[_Span]:
    """IBANs (checked by python-stdnum, or announced by 'IBAN'/'RIB') and BICs after 'BIC'."""
    spans = []
    for match in _IBAN.finditer(view):
        compact = re.sub(r"[ \t-]", "", match.group(0)).upper()
        announced = _IBAN_WORD.search(view, max(0, match.start() - 25), match.start())
        if stdnum_iban.is_valid(compact) or announced:
            spans.append(_Span(match.start(), match.end(), IBAN_MASK))
    for match in _BIC.finditer(view):
        if stdnum_bic.is_valid(match.group("bic").upper()):
            spans.append(_Span(match.start("bic"), match.end("bic"), BIC_MASK))
    return spans


# --- web addresses ---------------------------------------------------------------------

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


# --- putting it together ---------------------------------------------------------------

_FINDERS: tuple[Callable[[str], list[_Span]], ...] = (
    _code_spans, _email_spans, _bank_spans, _url_spans, _number_spans, _seller_id_spans,
    _company_spans, _name_spans,
)  # fmt: skip


def _merged(spans: Iterable[_Span]) -> list[_Span]:
    """Overlapping spans joined; the union takes the label of the highest-ranked one."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            label = min(last.label, span.label, key=lambda lab: _RANK.get(lab, 0))
            merged[-1] = _Span(last.start, max(last.end, span.end), label)
        else:
            merged.append(span)
    return merged


def _spans(text: str, finders: Iterable[Callable[[str], list[_Span]]]) -> list[_Span]:
    """Merged spans of the original text that the finders report on its normalised view."""
    view = text_view(text)
    return _merged(
        _Span(*view.original_span(span.start, span.end), span.label)
        for finder in finders
        for span in finder(view.text)
        if span.end > span.start
    )


def _mask(text: str, finders: Iterable[Callable[[str], list[_Span]]]) -> str:
    """`text` with the spans the finders report replaced by their labels."""
    if not text:
        return text
    pieces = []
    position = 0
    for span in _spans(text, finders):
        pieces += [text[position : span.start], span.label]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every identifier `mask_identifiers` would mask in `text`."""
    return [(s.start, s.end, s.label) for s in _spans(text or "", _FINDERS)]


def mask_identifiers(text: str) -> str:
    """`text` with every identifier replaced by a French label (see the module docstring)."""
    return _mask(text, _FINDERS)


def followup_code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every follow-up code `mask_followup_codes` would mask in `text`: the
    chat recognises a typed code with this same finder, so a code it acts on is a code the
    redaction of stored conversations masks."""
    return [(s.start, s.end) for s in _spans(text or "", (_code_spans,))]


def mask_followup_codes(text: str, mask: str = CODE_MASK) -> str:
    """`text` with follow-up codes only replaced by `mask`."""
    return _mask(text, (lambda view: _code_spans(view, mask),))
