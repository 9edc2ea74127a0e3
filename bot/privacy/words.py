"""Word lists and word tests: which words are never names (function words, platforms),
which are common nouns and adjectives, and whether a word can be part of a name."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.normalise import strip_accents

# An apostrophe, straight or curly, in the trigger patterns.
_AP = r"['’]"


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
    """Platform names as they appear in a host name: 'amazon', 'leboncoin', 'backmarket',
    and those outside the list ('booking' of Booking.com): a platform's home is no identity."""
    from bot.taxonomy import other_platforms, platforms

    hosts: set[str] = set()
    for category in (*platforms(), *other_platforms()):
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


def _is_word(group: str) -> bool:
    """A group of letters that is a listed word ('mars', 'pour', 'code', 'ebay')."""
    key = _key(group)
    return group.isalpha() and (
        key in _FUNCTION_WORDS or key in _CONTENT_WORDS or key in _platform_words()
    )
