"""The platforms' own words (issue 11): how Amazon, eBay, Etsy, Cdiscount, Rakuten,
Leboncoin, Fnac Darty… word a restriction, a withdrawn listing, held money or an appeal,
in French, English and Spanish, each read as the problem it is and nothing more."""

from __future__ import annotations

import pytest

from bot.taxonomy import detect_problems

DELISTING = [
    # Amazon Seller Central
    "Amazon a supprimé trois ASIN",
    "mes ASIN sont bloqués",
    "ASIN désactivés sans raison",
    "ils ont retiré mes ASIN",
    "my ASIN was suppressed",
    "suppressed listings everywhere",
    "my listings suppressed",
    "listings deactivated overnight",
    "all my listings blocked",
    # Leboncoin, Cdiscount, Rakuten: moderation
    "mes annonces ont été refusées",
    "leboncoin a rejeté mes annonces",
    "ma fiche est bloquée",
    "fiches produits refusées",
    "mon offre a été refusée par la modération",
    "produits refusés par la modération",
    # Fnac Darty
    "la Fnac a désactivé toutes nos références",
    "références supprimées du catalogue",
    "désactivation de nos références",
    # Spanish
    "anuncios eliminados",
    "productos eliminados por amazon",
    "anuncios bloqueados",
]

SUSPENSION = [
    # Amazon Seller Central
    "vos privilèges de vente ont été supprimés",
    "ils m'ont retiré mes privilèges de vente",
    "privilèges de vente désactivés",
    "mes privilèges vendeur ont été révoqués",
    "amazon removed my selling privileges",
    "mon compte est en cours d'examen",
    "examen de mon compte depuis 3 semaines",
    "compte vendeur en cours de vérification",
    "compte en cours de révision",
    "my account is under review",
    "restrictions de vente sur mon compte",
    "des restrictions sur notre compte",
    "compte sous restriction",
    "account restricted",
    "they restricted my account",
    # eBay
    "ebay a réduit mes limites de vente",
    # Cdiscount, Rakuten, ManoMano
    "mon compte est en sommeil",
    "boutique en sommeil depuis juin",
    "ils ont mis en sommeil mon compte",
    "compte mis en veille",
    "ma boutique a été mise en veille",
    "ils ont mis en veille mon compte",
    "mis en veille ma boutique",
    # Spanish
    "mi cuenta está bloqueada",
    "cuenta suspendida",
    "cuenta desactivada",
    "cuenta restringida",
    "amazon ha bloqueado mi cuenta",
    "han suspendido mi cuenta",
    "han desactivado la cuenta",
]

TERMINATION = [
    "mon compte a été suspendu définitivement",
    "suspendu définitivement",
    "compte bloqué définitivement",
    "ils ont bloqué définitivement mon compte",
    "vos privilèges de vente ont été supprimés définitivement",
    "privilèges de vente retirés définitivement",
    "privilèges de vente révoqués définitivement",
    "cuenta cerrada",
]

PAYMENT = [
    # Etsy, Amazon, Cdiscount: reserves
    "Etsy a mis mes fonds en réserve",
    "mon argent est en réserve depuis 45 jours",
    "nos paiements en réserve",
    "75% de mes ventes en réserve",
    "mes gains en réserve",
    "5000 € en réserve",
    "3000 euros en réserve",
    "ils ont mis en réserve 2000 €",
    "ils ont mis en réserve 2000 euros",
    "mis en réserve mon argent",
    "mis en réserve nos fonds",
    "mis en réserve nos paiements",
    "mise en réserve de 30% de mes ventes",
    "une réserve de paiement",
    "une réserve sur mon compte de paiement",
    "Etsy a placé une réserve sur mon compte",
    "ils ont mis une réserve sur mon compte",
    "une réserve au niveau du compte",
    "réserve de garantie de cdiscount",
    "une réserve glissante",
    "payment reserve",
    "rolling reserve",
    "they put a reserve on my account",
    # eBay, Amazon: pending, unavailable
    "paiements en attente pendant 30 jours",
    "fonds en attente",
    "versements en attente",
    "virements en attente depuis un mois",
    "argent en attente",
    "aliexpress a mis mon argent en attente",
    "fonds indisponibles",
    "solde indisponible",
    "fonds non disponibles",
    # Leboncoin, Rakuten
    "porte-monnaie bloqué",
    "ils ont bloqué mon porte-monnaie",
    "porte monnaie gelé",
    # English
    "payments held",
    "payouts paused",
    "payouts suspended",
    "disbursements on hold",
    "disbursements suspended",
    # Spanish
    "pagos retenidos",
    "fondos retenidos",
    "dinero retenido",
    "pagos bloqueados",
    "fondos bloqueados",
    "fondos congelados",
    "pagos congelados",
    "me retienen los pagos",
    "retienen el dinero",
]

NO_CONTACT = [
    "ils ignorent mon plan d'action",
    "plan d'action ignoré",
    "plan d'action sans suite",
    "ils n'ont jamais répondu à mon plan d'action",
    "toujours pas répondu à mon plan d'action",
    "jamais répondu à mon appel",
    "pas répondu à mon appel",
    "jamais répondu à ma réclamation",
    "pas répondu à nos réclamations",
    "mon appel a été ignoré",
    "appel sans suite",
    "mes réclamations ignorées",
    "réclamation restée sans suite",
    "restée lettre morte",
    "plan of action ignored",
    "appeal ignored",
    "my appeal went unanswered",
    "sin respuesta",
    "nadie responde",
    "no responden",
    "no contestan",
]

CASES = [
    *((text, "delisting") for text in DELISTING),
    *((text, "account_suspension") for text in SUSPENSION),
    *((text, "account_termination") for text in TERMINATION),
    *((text, "payment_withheld") for text in PAYMENT),
    *((text, "no_contact") for text in NO_CONTACT),
]


@pytest.mark.parametrize(("text", "code"), CASES, ids=[t for t, _ in CASES])
def test_platform_words_give_their_problem_and_nothing_else(text: str, code: str) -> None:
    assert detect_problems(text) == [code]


# Sentences using the same words innocently: no problem.
INNOCENT = [
    "mon examen de comptabilité",
    "examen de fin d'année",
    "mon compte rendu d'examen",
    "je mets en réserve du stock",
    "on a du stock en réserve",
    "je veux réserver un billet de train",
    "j'ai réservé une salle pour 500 €",
    "sous réserve d'acceptation du compte",
    "livraison sous réserve de paiement",
    "sous réserve de garantie",
    "réserve naturelle",
    "j'ai ouvert mon compte la veille de Noël",
    "j'ai mis mon ordinateur en veille",
    "on vend des articles de sommeil",
    "mon offre a été refusée par l'acheteur",
    "il a refusé mon offre",
    "le client a refusé le produit",
    "je n'ai pas répondu au client",
    "j'ai répondu à leur appel",
    "ils m'ont appelé hier",
    "j'ai fait une réclamation",
    "j'ai fait appel",
    "j'ai envoyé un plan d'action",
    "un plan d'action commercial pour 2025",
    "les ventes sont en attente de livraison",
    "la commande est en attente de paiement",
    "je suis en attente",
    "la vérification de mon identité a pris 2 jours",
    "les restrictions sanitaires",
    "une limite de 10 articles",
    "compte en banque",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_the_same_words_said_innocently_are_no_problem(text: str) -> None:
    assert detect_problems(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "je n'ai aucun paiement en attente",
        "pas de réserve sur mes fonds",
        "mon compte n'est pas en cours d'examen",
        "on n'a pas de fonds en attente",
    ],
)
def test_a_negated_platform_word_is_no_problem(text: str) -> None:
    assert detect_problems(text) == []


def test_platform_words_combine_in_one_story() -> None:
    text = (
        "Amazon a retiré mes privilèges de vente, 8 000 € en réserve depuis 90 jours, "
        "et mon plan d'action est resté sans réponse"
    )
    assert detect_problems(text) == ["account_suspension", "payment_withheld", "no_contact"]
