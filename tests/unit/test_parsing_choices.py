"""parse_support_outcome / parse_account_access / parse_visibility."""

from __future__ import annotations

import pytest

from bot.parsing import parse_account_access, parse_support_outcome, parse_visibility
from bot.parsing.visibility_choice import NOT_ANONYMOUS, NOT_SHARED, parse_remaining_visibility


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("résolu", "resolved"),
        ("resolu", "resolved"),
        ("réglé", "resolved"),
        ("ils ont rétabli mon compte", "resolved"),
        ("c'est arrangé", "resolved"),
        ("refusé", "rejected"),
        ("REJETÉ", "rejected"),
        ("ils ont dit non", "rejected"),
        ("pas de réponse", "no_answer"),
        ("aucune réponse", "no_answer"),
        ("ils n'ont jamais répondu", "no_answer"),
        ("silence radio", "no_answer"),
        ("en cours", "pending"),
        ("j'attends", "pending"),
        ("toujours en attente", "pending"),
        ("pas résolu", "pending"),
        ("toujours pas réglé", "pending"),
        ("no_answer", "no_answer"),
        ("ils m'ont envoyé bouler", "rejected"),
        ("envoyé balader", "rejected"),
        ("ils m'ont envoyé promener", "rejected"),
        ("ils s'en foutent", "rejected"),
        ("refus", "rejected"),
        ("ils ont refusé", "rejected"),
        ("toujours en cours", "pending"),
        ("en attente", "pending"),
        ("ça traîne", "pending"),
        ("rien", "no_answer"),
        ("aucune nouvelle", "no_answer"),
        ("c'est réglé", "resolved"),
        ("ils ont réactivé", "resolved"),
        # blind round 11: not negotiable, not to be reviewed, the same rules for everyone
        ("il nous a répondu que c'était non négociable", "rejected"),
        ("rien de négociable selon eux", "rejected"),
        ("la décision ne sera pas revue", "rejected"),
        ("mon dossier ne sera jamais réexaminé", "rejected"),
        ("ils disent que c'est pareil pour tout le monde", "rejected"),
        ("les conditions sont les mêmes pour tous les vendeurs", "rejected"),
        ("mon dossier va être revu la semaine prochaine", "pending"),
    ],
)
def test_parse_support_outcome_reads_the_four_outcomes(text: str, expected: str) -> None:
    assert parse_support_outcome(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui complètement", "full"),
        ("normalement", "full"),
        ("tout", "full"),
        ("j'ai accès à tout", "full"),
        ("en partie", "partial"),
        ("partiellement", "partial"),
        ("lecture seule", "partial"),
        ("je vois mais ne peux rien faire", "partial"),
        ("oui mais limité", "partial"),
        ("non", "none"),
        ("plus du tout", "none"),
        ("aucun accès", "none"),
        ("bloqué", "none"),
        ("Non, compte fermé", "none"),
        ("partial", "partial"),
        ("jpeux plus me connecter", "none"),
        ("je peux plus me connecter", "none"),
        ("je ne peux plus me connecter", "none"),
        ("impossible de me connecter", "none"),
        ("plus accès", "none"),
        ("bloqué dehors", "none"),
        ("no access", "none"),
        ("locked out", "none"),
        ("juste en lecture", "partial"),
        ("je vois mes commandes mais je peux rien modifier", "partial"),
        ("oui mais je peux plus vendre", "partial"),
        ("ouais", "full"),
        ("je peux encore me connecter", "full"),
        # blind round 12: "complet" (whole) access, and the access that is not whole
        ("Complet pour l'instant, jusqu'à la fin du préavis", "full"),
        ("accès complet", "full"),
        ("pas complet", "partial"),
        ("un accès incomplet", "partial"),
    ],
)
def test_parse_account_access_reads_full_partial_none(text: str, expected: str) -> None:
    assert parse_account_access(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anonyme", "anonymous"),
        ("Anonymement", "anonymous"),
        ("je veux rester anonyme", "anonymous"),
        ("sans mon nom", "anonymous"),
        ("je veux rester anonyme, ne dites rien à la plateforme", "anonymous"),
        ("confidentiel", "confidential"),
        ("le ministère peut me contacter mais pas la plateforme", "confidential"),
        ("pas mon nom à la plateforme", "confidential"),
        ("ne transmettez pas mon nom à la plateforme", "confidential"),
        ("anonyme vis-à-vis de la plateforme", "confidential"),
        ("anonyme mais le ministère peut me rappeler", "confidential"),
        ("partagé", "shared"),
        ("vous pouvez donner mon nom", "shared"),
        ("nommé", "shared"),
        ("transmettre mon nom à la plateforme", "shared"),
        ("je n'ai pas peur, vous pouvez donner mon nom à la plateforme", "shared"),
        ("shared", "shared"),
    ],
)
def test_parse_visibility_reads_the_three_levels(text: str, expected: str) -> None:
    assert parse_visibility(text).value == expected


@pytest.mark.parametrize(
    "text",
    ["pas anonyme", "je ne veux pas être anonyme", "pas en anonyme", "pas besoin d'anonymat"],
)
def test_parse_visibility_negated_anonymous_rules_anonymity_out(text: str) -> None:
    assert parse_visibility(text).value == NOT_ANONYMOUS


@pytest.mark.parametrize(
    "text",
    ["je préfère qu'ils ne sachent pas", "surtout pas qu'ils sachent que c'est moi"],
)
def test_parse_visibility_platform_must_not_know_rules_sharing_out(text: str) -> None:
    assert parse_visibility(text).value == NOT_SHARED


@pytest.mark.parametrize(
    "text",
    [
        "vous pouvez leur dire qui nous sommes",
        "pas de souci pour donner mon nom à Amazon",
        "je n'ai rien à cacher",
        "je m'en fiche qu'ils sachent",
    ],
)
def test_parse_visibility_reads_consent_said_with_a_negation(text: str) -> None:
    assert parse_visibility(text).value == "shared"


@pytest.mark.parametrize(
    ("ruled_out", "text", "expected"),
    [
        ("anonymous", "oui", "shared"),
        ("anonymous", "non", "confidential"),
        ("anonymous", "la plateforme ne doit pas savoir", "confidential"),
        ("anonymous", "finalement anonyme", "anonymous"),
        ("shared", "oui", "confidential"),
        ("shared", "non", "anonymous"),
        ("shared", "pas anonyme", "confidential"),
        ("shared", "partagé", "shared"),
    ],
)
def test_the_choice_left_after_half_an_answer(ruled_out: str, text: str, expected: str) -> None:
    assert parse_remaining_visibility(text, ruled_out).value == expected


@pytest.mark.parametrize("parser", [parse_support_outcome, parse_account_access, parse_visibility])
@pytest.mark.parametrize("text", ["", "blabla", "🙂"])
def test_choice_parsers_explain_unrecognised_answers(parser, text: str) -> None:
    parsed = parser(text)
    assert not parsed.ok and parsed.reason


@pytest.mark.parametrize(
    "text",
    [
        "je veux bien qu'on me rappelle mais sans que la fnac le sache",
        "rappelez-moi",
        "pas que ebay sache que c'est moi",
    ],
)
def test_wanting_a_callback_without_the_platform_knowing_is_confidential(text: str) -> None:
    assert parse_visibility(text).value == "confidential"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aucune rep", "no_answer"),
        ("pas de rep", "no_answer"),
        ("tjs pas de rep", "no_answer"),
        ("tjrs rien", "no_answer"),
        ("personne ne m'a répondu", "no_answer"),
        ("ils ne m'ont rien dit", "no_answer"),
        ("impossible de les joindre", "no_answer"),
        ("ils ont répondu que c'était la nouvelle politique, point", "rejected"),
        ("ils ont dit qu'ils pouvaient rien faire", "rejected"),
        ("ils m'ont dit qu'ils ne pouvaient rien pour moi", "rejected"),
        ("ils m'ont dit que c'était comme ça", "rejected"),
        ("réponse type, rien à faire", "rejected"),
        ("ils ont répondu non", "rejected"),
        ("ils maintiennent la suspension", "rejected"),
        ("they said there is nothing they can do", "rejected"),
        ("ils m'ont répondu que ça allait être réglé", "pending"),
        ("ils ont dit qu'ils allaient regarder", "pending"),
        ("ils m'ont dit que mon compte était réactivé", "resolved"),
    ],
)
def test_parse_support_outcome_reads_sms_and_what_they_answered(text: str, expected: str) -> None:
    assert parse_support_outcome(text).value == expected


@pytest.mark.parametrize("text", ["ils ont répondu", "ils ont répondu mais rien depuis"])
def test_an_answer_is_not_silence_even_with_rien(text: str) -> None:
    assert parse_support_outcome(text).value != "no_answer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("je peux me connecter mais plus vendre", "partial"),
        ("je me connecte mais je peux rien faire", "partial"),
        ("jpeux me connecter mais pa vendre", "partial"),
        ("connexion ok mais ventes bloquées", "partial"),
        ("oui par contre annonces masquées", "partial"),
        ("tout est bloqué sauf la messagerie", "partial"),
        ("I can log in but can't sell", "partial"),
        ("accès limité", "partial"),
        ("je peux me connecter", "full"),
        ("je me connecte pas", "none"),
        ("non mais plus du tout", "none"),
        ("je peux plus me connecter mais bon", "none"),
    ],
)
def test_parse_account_access_reads_access_with_a_limit(text: str, expected: str) -> None:
    assert parse_account_access(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("personne doit savoir que c moi", "anonymous"),
        ("je veux pas qu'on sache qui je suis", "anonymous"),
        ("que personne sache", "anonymous"),
        ("qu'on sache pas que c'est nous", "anonymous"),
        ("personne ne doit savoir, ni la plateforme ni le ministère", "anonymous"),
        ("sans mon nom", "anonymous"),
        ("sans notre nom", "anonymous"),
        ("discret", "anonymous"),
        ("je préfère rester discret", "anonymous"),
        ("ne me nommez pas", "anonymous"),
        ("shared, you can tell them it's us", "shared"),
        ("vous pouvez donner notre nom", "shared"),
        ("ils peuvent savoir que c'est nous", "shared"),
        ("la plateforme peut savoir que c'est moi", "shared"),
        ("dites-leur que c'est nous", "shared"),
        ("nommez-nous", "shared"),
        ("vous pouvez m'appeler mais la plateforme ne doit pas savoir", "confidential"),
        ("je veux pas que la plateforme sache qui je suis", "confidential"),
        ("que personne ne sache, mais le ministère peut me rappeler", "confidential"),
    ],
)
def test_parse_visibility_reads_who_may_know(text: str, expected: str) -> None:
    assert parse_visibility(text).value == expected


@pytest.mark.parametrize(
    "text", ["je peux pu rentrer dedans", "j'peux pu me connecter", "je peux plus rentrer",
             "pu moyen de rentrer", "j'ai pu accès"],
)  # fmt: skip
def test_parse_account_access_reads_pu_as_plus(text: str) -> None:
    assert parse_account_access(text).value == "none"


def test_parse_account_access_pu_as_a_participle_is_access() -> None:
    assert parse_account_access("j'ai pu me connecter").value == "full"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ils m'ont dit que c'était final", "rejected"),
        ("ils ont répondu que c'était normal", "rejected"),
        ("c'est définitif selon eux", "rejected"),
        ("c'est dans les CGV qu'ils disent", "rejected"),
        ("on nous a dit que c'était dans les CGV", "rejected"),
        ("d'après leurs conditions ils ont le droit", "rejected"),
        ("ils m'ont dit d'attendre", "pending"),
        ("ils m'ont demandé de patienter", "pending"),
        ("on m'a dit de bien patienter", "pending"),
        ("ils m'ont dit que c'était normalement réglé", "resolved"),
    ],
)
def test_parse_support_outcome_reads_what_they_were_told(text: str, expected: str) -> None:
    assert parse_support_outcome(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("confidenciel", "confidential"), ("confidentiel", "confidential"),
     ("confidentielle", "confidential"), ("confidenziale", "confidential"),
     ("confidencial", "confidential"), ("confidential", "confidential"),
     ("confidenciel svp", "confidential"), ("anonime", "anonymous"), ("anonyne", "anonymous"),
     ("anonimo", "anonymous"), ("anónimo por favor", "anonymous"), ("anonymous", "anonymous"),
     ("annonyme", "anonymous"), ("partagé", "shared"), ("partager", "shared"),
     ("partage", "shared"), ("compartido", "shared"), ("condiviso", "shared"),
     ("shared", "shared"), ("partagerr", "shared"), ("pas anonime", "not_anonymous")],
)  # fmt: skip
def test_visibility_tolerates_typos_and_neighbouring_languages(
    text: str, expected: str | None
) -> None:
    assert parse_visibility(text).value == expected


@pytest.mark.parametrize("text", ["partir", "partie", "annonce", "personne", "confiance"])
def test_visibility_fuzzy_matching_ignores_look_alike_words(text: str) -> None:
    assert not parse_visibility(text).ok


@pytest.mark.parametrize(
    "text", ["pa de repons", "pas de rep", "sin respuesta", "nessuna risposta", "no answer"]
)
def test_support_outcome_no_answer_with_typos_and_other_languages(text: str) -> None:
    assert parse_support_outcome(text).value == "no_answer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("on a encore accès jusqu'à la fin du préavis", "full"),
     ("encore accès pour l'instant", "full"), ("toujours accès", "full"),
     ("pas encore accès", "none"), ("je n'ai toujours pas accès", "none")],
)  # fmt: skip
def test_account_access_still_there_for_now(text: str, expected: str) -> None:
    assert parse_account_access(text).value == expected
