"""Answers written in another language, by ear, or with a last estimate: read as the
careful French answer would be."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.answers import interpret
from bot.conversation.form_turn import handle_reply

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        # yes and no in the neighbouring languages
        ("human_contact", "nein", "no"),
        ("human_contact", "Never.", "no"),
        ("contacted_platform", "não", "no"),
        ("contacted_platform", "ja, zweimal", "yes"),
        ("contacted_platform", "sim", "yes"),
        # dates and number words in other languages (dateparser, text2num)
        ("started_on", "seit dem 1. November", "2026-11-01"),
        ("started_on", "desde el 2 de octubre", "2026-10-02"),
        ("started_on", "dal 3 ottobre", "2026-10-03"),
        ("started_on", "depuis le douze octobre", "2026-10-12"),
        ("company_size", "siamo in cinque", "micro"),
        ("company_size", "eleven people", "small"),
        ("company_size", "somos doce", "small"),
        ("company_size", "ya ke moi", "micro"),
        # the last estimate wins
        ("revenue_share_pct", "un tiers à peu près, disons 30 %", 30),
        ("revenue_share_pct", "almost 100%, it's our only channel, say 95", 95),
        ("estimated_loss_eur", "5000 + les ventes perdues, disons 8000 en tout", 8000),
        ("estimated_loss_eur", "5 mil", 5000),
        # what support said
        ("support_outcome", "Nous attendons toujours leur réponse.", "pending"),
        ("support_outcome", "il mon di dattendre", "pending"),
        ("support_outcome", "ils ont dit que la décision est définitive", "rejected"),
        ("support_outcome", "c'est automatique et ça ne reviendra pas", "rejected"),
        # access, by ear and in English
        ("account_access", "je peu plu me connecté du tout", "none"),
        ("account_access", "j'peux me log mais tout est grisé", "partial"),
        ("account_access", "jpeu me conecté mé pa vendre", "partial"),
        ("account_access", "We can log into the console but everything is greyed out.", "partial"),
        # a generic reason is partial, a precise one (even disputed) is yes
        ("reason_given", "They said 'a violation of our policies', nothing specific", "partial"),
        ("reason_given", "un signalement, sans me dire ce qu'on me reproche exactement", "partial"),
        ("reason_given", "Sie sagen: zu viele Rücksendungen (8 %)", "yes"),
        ("reason_given", "They said 'association with another account', which is false", "yes"),
        ("reason_given", "Le courriel invoque un « taux de défaut de livraison », contesté", "yes"),
        ("reason_given", "Ils invoquent un non-respect des délais : trois colis en retard", "yes"),
        ("reason_given", "non-respect des règles, c'est tout", "partial"),
        ("reason_given", "Hanno scritto « verifica in corso », niente di più.", "partial"),
        ("reason_given", "Sie sagten nur: Qualitätsprobleme, mehr nicht.", "partial"),
        ("reason_given", "ILS PARLENT DE « REVUE DE L'ASSORTIMENT », C'EST DU VENT", "partial"),
        ("reason_given", "c'est prévu au contrat, sans nous montrer quelle clause", "partial"),
        # visibility in English and in a wish
        ("visibility", "You can tell eBay my name, I want this solved.", "shared"),
        ("visibility", "Je veux bien que La Redoute sache que c'est nous", "shared"),
        ("visibility", "I'm fine with Etsy being told my name", "shared"),
        # outcomes, access and notice in other words
        ("support_outcome", "they said fees are the same for everyone, case closed", "rejected"),
        ("support_outcome", "ils ont répondu que les avis respectent leurs règles", "rejected"),
        ("support_outcome", "Keine Antwort bis jetzt", "no_answer"),
        ("support_outcome", "ca traine toujours rien de regle", "pending"),
        ("support_outcome", "me dijo que no se puede negociar", "rejected"),
        ("account_access", "ON A ENCORE ACCÈS POUR GÉRER LES RETOURS SEULEMENT", "partial"),
        ("account_access", "je voyais mon compte mais je recevais plus aucune commande", "partial"),
        ("account_access", "I can log in but only to see old orders", "partial"),
        ("notice_given", "ON A EU UN MAIL 30 JOURS AVANT, MAIS SANS EXPLICATION", "yes"),
        ("notice_given", "ils m'ont prévenu 30 jours avant par mail", "yes"),
        ("notice_given", "du jour au lendemain", "no"),
        # blind round 8
        ("visibility", "vou pouvé savoir ki je sui mé pa rakuten", "confidential"),
        (
            "visibility",
            "Back Market peut être informé que c'est nous, ça ne me dérange pas.",
            "shared",
        ),
        ("visibility", "vous pouvez parler de moi a amazon par mon nom", "shared"),
        ("visibility", "vous pouvez avoir mes infos mais tiktok doit pas savoir", "confidential"),
        ("visibility", "Vous pouvez mentionner notre société auprès de Rakuten.", "shared"),
        ("reason_given", "il mon di ke c pour verification c tou", "partial"),
        ("reason_given", "Disseram 'risco de fraude', mais nada.", "partial"),
        ("reason_given", "Ils invoquaient un taux de retour supérieur à 5 %", "yes"),
        ("reason_given", "performances insuffisantes mais sans aucun chiffre", "partial"),
        ("reason_given", "mes fiche etai pa conforme mé san dire koi", "partial"),
        ("reason_given", "They said 'unusual activity', that's it.", "partial"),
        ("support_outcome", "il dise kil regarde, j'atend", "pending"),
        ("account_access", "jpeux me co mais tout est grisé", "partial"),
        ("started_on", "il y a trois semènes", "2026-11-11"),
        ("started_on", "depui septanbre", "2026-09-01"),
        # blind round 4, after round 8
        ("reason_given", "Seulement « politique qualité », sans rien préciser.", "partial"),
        ("reason_given", "réclamations clients mais sans me montrer lesquelles", "partial"),
        ("started_on", "Depuis le 5 du mois de mars.", "2026-03-05"),
        # a weekday belongs to the date that follows it
        ("started_on", "ça a commencé le lundi 12 octobre", "2026-10-12"),
        ("started_on", "lundi dernier", "2026-11-30"),
    ],
)
def test_answer_read_as_the_careful_french_answer(slot: str, text: str, expected: object) -> None:
    assert interpret(slot, text, TODAY).values[slot] == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("We never really talked about money with them", "only understand"),
        ("Nunca hablamos de dinero con ellos, la verdad", "solo entiendo"),
        ("Non ne abbiamo mai parlato con loro davvero", "capisco solo"),
    ],
)
def test_a_misunderstood_answer_in_another_language_is_told_plainly(text: str, words: str):
    outcome = handle_reply("revenue_share_pct", text, "inform", 0.9, {}, TODAY)
    assert "revenue_share_pct" not in outcome.slots
    assert words in " ".join(outcome.messages)


def test_a_misunderstood_answer_in_french_gets_no_foreign_notice() -> None:
    outcome = handle_reply("revenue_share_pct", "on n'en a jamais parlé", "inform", 0.9, {}, TODAY)
    assert "(" not in " ".join(outcome.messages)
