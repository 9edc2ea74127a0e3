"""interpret(): what a reply means for the question asked (skip, value, or ask again)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation.answers import Answer, interpret
from bot.conversation.questions import BY_SLOT, FORM_SLOTS

TODAY = date(2026, 11, 26)
UNSURE = [
    "aucune idée", "je ne sais pas", "jsp", "sais pas", "pas d'idée", "aucune idée du montant",
    "chais pas", "no idea", "je sais pas du tout", "pas sûr du tout",
]  # fmt: skip
SKIPS = ["passer", "Passer", "je passe", "je préfère pas dire", "je préfère ne pas répondre"]
SKIPS += UNSURE
SKIPPABLE = [slot for slot in FORM_SLOTS if BY_SLOT[slot].skippable]
REQUIRED = [slot for slot in FORM_SLOTS if not BY_SLOT[slot].skippable]


@pytest.mark.parametrize("text", SKIPS)
@pytest.mark.parametrize("slot", SKIPPABLE)
def test_a_skip_phrase_skips_every_optional_question(slot: str, text: str) -> None:
    assert interpret(slot, text, TODAY) == Answer(skipped=True)


@pytest.mark.parametrize("text", UNSURE + ["passer"])
@pytest.mark.parametrize("slot", [slot for slot in REQUIRED if slot != "visibility"])
def test_a_skip_phrase_never_fills_a_required_question(slot: str, text: str) -> None:
    answer = interpret(slot, text, TODAY)
    assert not answer.values and not answer.skipped and answer.reason


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("reason_given", "non", "no"),
        ("reason_given", "pas du tout", "no"),
        ("reason_given", "aucune explication", "no"),
        ("support_outcome", "pas de réponse", "no_answer"),
        ("support_outcome", "sans réponse", "no_answer"),
        ("estimated_loss_eur", "je ne sais pas trop, peut-être 5000 €", 5000),
        ("estimated_loss_eur", "rien", 0),
        ("revenue_share_pct", "je sais pas, peut-être la moitié", 50),
        ("wants_contact", "je préfère pas", False),
    ],
)
def test_a_real_answer_with_a_negation_or_a_hedge_still_parses(
    slot: str, text: str, expected: object
) -> None:
    assert interpret(slot, text, TODAY).values[slot] == expected


def test_a_hedge_without_a_value_is_a_skip() -> None:
    assert interpret("reason_given", "non, je préfère ne pas répondre", TODAY).skipped


@pytest.mark.parametrize(
    ("text", "outcome"),
    [("toujours en cours", "pending"), ("j'ai un ticket ouvert", "pending"),
     ("oui mais aucune réponse", "no_answer"), ("oui, ils ont refusé", "rejected")],
)  # fmt: skip
def test_a_contact_answer_also_tells_the_outcome(text: str, outcome: str) -> None:
    values = interpret("contacted_platform", text, TODAY).values
    assert values == {"contacted_platform": "yes", "support_outcome": outcome}


@pytest.mark.parametrize("text", ["oui", "oui c'est bon", "ouais plusieurs fois"])
def test_a_plain_yes_to_contact_leaves_the_outcome_to_ask(text: str) -> None:
    assert interpret("contacted_platform", text, TODAY).values == {"contacted_platform": "yes"}


def test_unrelated_text_is_not_a_contact() -> None:
    answer = interpret("contacted_platform", "bijoux faits main", TODAY)
    assert not answer.values and answer.reason


@pytest.mark.parametrize(
    "text",
    [
        "avant-hier", "depuis 1 semaine", "hier", "non", "oui", "3000 €", "1234", "passer",
        "aucun accès", "en attente", "je suis seul",
    ],
)  # fmt: skip
@pytest.mark.parametrize("slot", ["platform", "platform_other"])
def test_dates_amounts_and_yes_no_are_not_platform_names(slot: str, text: str) -> None:
    answer = interpret(slot, text, TODAY)
    assert not answer.values and answer.reason
    assert "montant" not in answer.reason or any(ch.isdigit() for ch in text)


@pytest.mark.parametrize(
    ("text", "platform", "other"),
    [("Vinted", "other", "Vinted"), ("Etsy", "etsy", None),
     ("Back Market pro", "back_market", None), ("la fnac", "fnac_darty", None),
     ("Shein", "other", "Shein"), ("Rue du Commerce", "other", "Rue du Commerce"),
     ("Printemps", "other", "Printemps")],
)  # fmt: skip
def test_platform_names_are_still_understood(text: str, platform: str, other: str | None) -> None:
    values = interpret("platform", text, TODAY).values
    assert values["platform"] == platform
    assert values.get("platform_other") == other


def test_an_unknown_platform_name_is_kept() -> None:
    assert interpret("platform_other", "Vinted", TODAY).values == {"platform_other": "Vinted"}


@pytest.mark.parametrize("text", ["non", "Non merci", "pas envie", "je préfère pas", "oui"])
@pytest.mark.parametrize("slot", ["company_name", "contact_name"])
def test_a_refusal_is_never_a_name(slot: str, text: str) -> None:
    answer = interpret(slot, text, TODAY)
    assert not answer.values and answer.reason


@pytest.mark.parametrize("text", ["Non Stop SARL", "Oui Care", "Boutique Passe-Partout"])
def test_names_that_start_like_a_refusal_are_kept(text: str) -> None:
    assert interpret("company_name", text, TODAY).values == {"company_name": text}


@pytest.mark.parametrize("text", ["non", "pas envie", "non merci"])
def test_a_refusal_skips_the_sector(text: str) -> None:
    assert interpret("sector", text, TODAY).skipped


@pytest.mark.parametrize(
    ("text", "kind"),
    [("06 12 34 56 78", "téléphone"), ("+33 6 98 76 54 32", "téléphone"),
     ("jean@exemple.fr", "e-mail"), ("732 829 320", "SIREN"), ("732 829 320 00074", "SIREN")],
)  # fmt: skip
@pytest.mark.parametrize("slot", ["sector", "company_name"])
def test_contact_details_alone_are_not_a_sector_or_a_name(slot: str, text: str, kind: str) -> None:
    answer = interpret(slot, text, TODAY)
    assert not answer.values
    assert answer.reason and answer.reason.startswith("Cela ressemble") and kind in answer.reason


@pytest.mark.parametrize("text", ["jouets", "non alimentaire", "pièces auto 4x4", "jeux vidéo"])
def test_sectors_are_kept_as_written(text: str) -> None:
    assert interpret("sector", text, TODAY).values == {"sector": text}


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.sampled_from(FORM_SLOTS), st.text(max_size=300))
def test_interpret_never_raises(slot: str, text: str) -> None:
    answer = interpret(slot, text, TODAY)
    assert isinstance(answer, Answer)
    assert answer.values or answer.skipped or answer.reason


@pytest.mark.parametrize(
    "text", ["a" * 20_000, "1" * 20_000, "passer " * 3000, "🙂" * 20_000], ids=lambda t: t[:8]
)
@pytest.mark.parametrize("slot", FORM_SLOTS)
def test_interpret_is_fast_on_huge_input(slot: str, text: str) -> None:
    interpret(slot, text[:200], TODAY)  # warm-up
    timings = []
    for _ in range(3):
        start = time.process_time()
        interpret(slot, text, TODAY)
        timings.append(time.process_time() - start)
    assert min(timings) < 1.0  # a guard against stalls (backtracking), not a benchmark


@pytest.mark.parametrize(
    ("text", "name"),
    [("c'est sur Temu", "Temu"), ("sur Temu", "Temu"), ("chez Vinted", "Vinted"),
     ("c'est Vinted", "Vinted"), ("la plateforme Shein", "Shein"), ("C’est sur Temu.", "Temu"),
     ("sur le site de Temu", "Temu"), ("It's on Temu", "Temu"), ("Temu, je crois", "Temu"),
     ("autre : Temu", "Temu"), ("Le Printemps", "Le Printemps")],
)  # fmt: skip
@pytest.mark.parametrize("slot", ["platform", "platform_other"])
def test_a_platform_name_is_kept_without_filler(slot: str, text: str, name: str) -> None:
    values = interpret(slot, text, TODAY).values
    assert values["platform_other"] == name
    assert slot == "platform_other" or values["platform"] == "other"


@pytest.mark.parametrize(
    ("text", "code"), [("c'est sur amazon", "amazon"), ("chez Cdiscount", "cdiscount")]
)
def test_a_known_platform_with_filler_keeps_its_code(text: str, code: str) -> None:
    assert interpret("platform", text, TODAY).values == {"platform": code, "platform_other": None}


@pytest.mark.parametrize("text", ["c'est sur", "chez"])
def test_filler_alone_is_not_a_platform_name(text: str) -> None:
    answer = interpret("platform_other", text, TODAY)
    assert not answer.values and answer.reason


@pytest.mark.parametrize(
    ("text", "problems"),
    [("autre, ils nous obligent à passer par leur transporteur", ["other"]),
     ("autre chose : ils changent les règles sans prévenir", ["other"]),
     ("autres", ["other"]),
     ("autre : compte suspendu", ["account_suspension"])],
)  # fmt: skip
def test_a_problem_reply_starting_with_autre_is_other(text: str, problems: list[str]) -> None:
    assert interpret("problems", text, TODAY).values == {"problems": problems}


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("support_outcome", "aucune rep", "no_answer"),
        ("support_outcome", "ils ont dit qu'ils pouvaient rien faire", "rejected"),
        ("revenue_share_pct", "le quart", 25),
        ("revenue_share_pct", "quasi tt mon ca", 90),
        ("account_access", "je peux me connecter mais plus vendre", "partial"),
        ("reason_given", "oui, des fiches non conformes", "yes"),
        ("company_size", "une personne", "micro"),
    ],
)
def test_persona_answers_are_understood(slot: str, text: str, expected: object) -> None:
    assert interpret(slot, text, TODAY).values[slot] == expected


def test_yes_to_contact_with_a_policy_answer_tells_rejected() -> None:
    text = "oui, ils m'ont dit que c'était comme ça"
    values = interpret("contacted_platform", text, TODAY).values
    assert values == {"contacted_platform": "yes", "support_outcome": "rejected"}


ANONYMOUS_VALUES = {
    "visibility": "anonymous", "anonymous": True, "share_with_platform": False,
    "wants_contact": False, "company_name": None, "siren": None, "contact_name": None,
    "email": None, "phone": None,
}  # fmt: skip


@pytest.mark.parametrize(
    "text", UNSURE + ["passer", "je passe", "comme vous voulez", "peu importe", "ça m'est égal"]
)
def test_no_choice_at_visibility_is_anonymous(text: str) -> None:
    assert interpret("visibility", text, TODAY) == Answer(ANONYMOUS_VALUES)


def test_a_visibility_skip_is_the_same_as_answering_anonymous() -> None:
    assert interpret("visibility", "passer", TODAY) == interpret("visibility", "anonyme", TODAY)


def test_a_hedged_visibility_choice_keeps_its_level() -> None:
    assert interpret("visibility", "je sais pas, partagé", TODAY).values["visibility"] == "shared"


@pytest.mark.parametrize(
    ("text", "level"),
    [("personne doit savoir que c moi", "anonymous"),
     ("je veux pas qu'on sache qui je suis", "anonymous"),
     ("shared, you can tell them it's us", "shared")],
)  # fmt: skip
def test_persona_visibility_answers(text: str, level: str) -> None:
    assert interpret("visibility", text, TODAY).values["visibility"] == level


@pytest.mark.parametrize(
    "text",
    [
        "ils ont perdu tout un stock dans leur entrepôt et refusent de le rembourser",
        "leur transporteur abîme nos colis fragiles chaque semaine",
    ],
)
def test_an_unlisted_problem_described_in_words_is_other_at_once(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.conversation.slot_readers.detect_problems", lambda _text: [])
    assert interpret("problems", text, TODAY) == Answer({"problems": ["other"]})


@pytest.mark.parametrize("text", ["bof", "c'est compliqué", "euh je sais", "06 12 34 56 78 07"])
def test_a_short_unclear_problem_reply_is_asked_again(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.conversation.slot_readers.detect_problems", lambda _text: [])
    answer = interpret("problems", text, TODAY)
    assert not answer.values and answer.reason


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("phone", "07 12 34 56 78", "+33712345678"),
        ("phone", "0692 12 34 56", "+262692123456"),
        ("started_on", "depuis la Toussaint", "2026-11-01"),
        ("started_on", "ya 15j", "2026-11-11"),
        ("revenue_share_pct", "un bon tiers", 33),
        ("revenue_share_pct", "un bon quart", 25),
        ("account_access", "Je peux pu rentrer dedans", "none"),
        ("support_outcome", "ils m'ont dit que c'était final", "rejected"),
        ("support_outcome", "ils m'ont dit d'attendre", "pending"),
        ("contacted_platform", "ui", "yes"),
        ("notice_given", "nn", "no"),
    ],
)
def test_blind_run_2_answers_are_understood(slot: str, text: str, expected: object) -> None:
    assert interpret(slot, text, TODAY).values[slot] == expected


_REFUSALS = [
    "difficile à dire", "je saurais pas dire", "je ne l'ai pas sous la main", "pas sous la main",
    "non, pas de siren", "non pas de téléphone, le mail suffit", "non plus",
    "je ne donne pas mon mail, désolée", "je préfère ne pas donner le nom de ma boutique",
    "non je ne donne pas mon nom",
]  # fmt: skip


@pytest.mark.parametrize("text", _REFUSALS)
@pytest.mark.parametrize("slot", ["siren", "phone"])
def test_a_refusal_skips_an_optional_detail(slot: str, text: str) -> None:
    assert BY_SLOT[slot].skippable
    assert interpret(slot, text, TODAY) == Answer(skipped=True)


@pytest.mark.parametrize("text", _REFUSALS)
@pytest.mark.parametrize("slot", ["email", "company_name", "contact_name"])
def test_a_refusal_is_never_stored_as_a_required_detail(slot: str, text: str) -> None:
    assert not BY_SLOT[slot].skippable
    answer = interpret(slot, text, TODAY)
    assert not answer.values and not answer.skipped
    assert answer.reason and "nécessaire" in answer.reason


@pytest.mark.parametrize("text", ["Pas de Calais Déco", "La Boutique du Nom", "Marie Dupont"])
def test_names_near_a_refusal_are_kept(text: str) -> None:
    assert interpret("company_name", text, TODAY).values == {"company_name": text}


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [("visibility", "confidenciel", "confidential"), ("visibility", "anonime", "anonymous"),
     ("visibility", "compartido", "shared"), ("reason_given", "sans le détail", "partial"),
     ("reason_given", "nessuna spiegazione", "no"),
     ("account_access", "encore accès pour l'instant", "full"),
     ("support_outcome", "pa de repons", "no_answer"),
     ("support_outcome", "sin respuesta", "no_answer"), ("revenue_share_pct", "la moitier", 50),
     ("started_on", "ya 2 moi", "2026-09-26")],
)  # fmt: skip
def test_typos_and_neighbouring_languages_in_closed_answers(
    slot: str, text: str, expected: object
) -> None:
    assert interpret(slot, text, TODAY).values[slot] == expected


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("started_on", "mars... non avril, début avril", "2026-04-01"),
        ("started_on", "depuis septembre, non pardon octobre", "2026-10-01"),
        ("revenue_share_pct", "40 %... non plutôt 50", 50),
        ("estimated_loss_eur", "1000... non 1500 €", 1500),
        (
            "estimated_loss_eur",
            "Entre l'argent bloqué (environ 11 000 €) et les ventes perdues, on estime la perte "
            "à 30 000 € environ",
            30000,
        ),
        ("estimated_loss_eur", "non, 5000 €", 5000),
        ("started_on", "le 3 mars", "2026-03-03"),
    ],
)
def test_the_value_after_a_self_correction_is_the_one_meant(
    slot: str, text: str, expected: object
) -> None:
    assert interpret(slot, text, TODAY).values[slot] == expected
