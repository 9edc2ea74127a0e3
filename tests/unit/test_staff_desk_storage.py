"""Storage of the agent's desk: migration 0005 (search over every text field, corrections),
the confirmed-cancel rule of unfinished conversations, the list's order."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import inspect, text

from bot.storage.db import engine_for, session_factory
from bot.storage.filters import TestimonyFilters, TestimonyOrder, describe_filters
from bot.storage.migrate import downgrade, upgrade
from bot.storage.testimonies import count_testimonies, list_testimonies
from bot.storage.unfinished_conversations import CONFIRMED_CANCEL_ACTION

ROOT = Path(__file__).parents[2]

_INSERT_0004_ROW = text(
    "INSERT INTO testimonies (reference, created_at, channel, anonymous, platform, description,"
    " wants_contact, share_with_platform, status, submission_id, sender_id, followup_code_hash,"
    " identifying_details_flag, updated_at, search_text, company_name, phone, siren, sector)"
    " VALUES (:reference, :at, 'rest', :false, 'amazon', 'Compte fermé', :false, :false, 'new',"
    " :reference, :reference, :reference, :false, :at, 'compte ferme', :company, :phone, :siren,"
    " :sector)"
)


def test_0005_fills_search_fields_of_existing_rows(db_url: str) -> None:
    downgrade(db_url, "0004")
    columns = {c["name"] for c in inspect(engine_for(db_url)).get_columns("testimonies")}
    assert "search_fields" not in columns
    assert "field_corrections" not in inspect(engine_for(db_url)).get_table_names()
    rows = [
        {
            "reference": f"SP-2026-{n:06d}",
            "company": f"Société n°{n}",
            "phone": None,
            "siren": None,
            "sector": None,
        }
        for n in range(1, 1102)  # more than one batch of the migration
    ]
    rows[0].update(
        company="Jouets ÉLODIE", phone="06 12 34 56 78", siren="732829320", sector="Jeux"
    )
    with engine_for(db_url).begin() as connection:
        connection.execute(
            _INSERT_0004_ROW, [{**row, "at": "2026-11-03 10:00:00", "false": False} for row in rows]
        )
    upgrade(db_url)
    assert "field_corrections" in inspect(engine_for(db_url)).get_table_names()
    with engine_for(db_url).connect() as connection:
        keys = dict(
            connection.execute(text("SELECT reference, search_fields FROM testimonies")).all()
        )
    assert keys["SP-2026-000001"].splitlines() == [
        "sp-2026-000001",
        "jeux",
        "jouets elodie",
        "732829320",
        "06 12 34 56 78",
        "0612345678",
    ]
    assert keys["SP-2026-001101"] == "sp-2026-001101\nsociete n°1101"
    with session_factory(db_url)() as session:
        for search in (
            "elodie",
            "0612345678",
            "06 12 34 56 78",
            "JEUX",
            "000001",
            "sp-2026-000001",
        ):
            found = list_testimonies(session, TestimonyFilters(search=search))
            assert [t.reference for t in found] == ["SP-2026-000001"], search
        assert count_testimonies(session, TestimonyFilters(search="société")) == len(rows) - 1
        # words may come from the description and from other fields
        assert count_testimonies(session, TestimonyFilters(search="fermé élodie")) == 1
    downgrade(db_url, "0004")
    upgrade(db_url)


def test_the_confirmed_cancel_action_is_the_one_of_the_domain_and_rules() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert CONFIRMED_CANCEL_ACTION in domain["actions"]
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
    for rule in rules:
        steps = rule.get("steps", [])
        actions = [step.get("action") for step in steps]
        if CONFIRMED_CANCEL_ACTION in actions:
            # only ever after the question and a yes
            index = actions.index(CONFIRMED_CANCEL_ACTION)
            before = steps[:index]
            assert {"action": "utter_ask_cancel"} in before, rule["rule"]
            assert {"intent": "affirm"} in before, rule["rule"]


def test_orders_and_filter_descriptions() -> None:
    assert TestimonyOrder.from_strings(None, None) == TestimonyOrder("date", True)
    assert TestimonyOrder.from_strings("platform", None) == TestimonyOrder("platform", False)
    assert TestimonyOrder.from_strings("loss", "asc") == TestimonyOrder("loss", False)
    for sort, order in (("nope", None), ("loss", "up"), ("date", "DESC")):
        try:
            TestimonyOrder.from_strings(sort, order)
        except ValueError:
            continue
        raise AssertionError((sort, order))
    assert describe_filters(TestimonyFilters()) == "aucun filtre"
    described = describe_filters(
        TestimonyFilters.from_strings(
            {"platform": "ebay", "to_process": "true", "assigned_to": "3"}
        )
    )
    assert described == "plateforme : eBay, à traiter : oui, attribué au compte n° 3"
