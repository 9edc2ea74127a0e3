""" "You are not alone": how many other testimonies name the same platform (pure).

Aggregate counts only, and never a count under `MIN_COUNT`: a small number could point at
a seller the platform already knows about. Below it nothing is said.
"""

from __future__ import annotations

from datetime import date

from bot.french import french_date
from bot.taxonomy import OTHER, platform_label, problem_label

MIN_COUNT = 3


def similar_line(
    platform: str | None, problem: str | None, same_platform: int, same_problem: int, since: date
) -> str | None:
    """'Vous n'êtes pas la seule entreprise concernée : 3 autres témoignages concernent
    Amazon depuis le 31 octobre, dont 3 pour le même problème (…).' or None.

    `same_platform` counts the other testimonies about `platform` since `since`,
    `same_problem` those of them that also name `problem` (the main problem).
    """
    if not platform or platform == OTHER or same_platform < MIN_COUNT:
        return None
    day = french_date(since).rsplit(" ", 1)[0]
    line = (
        "Vous n'êtes pas la seule entreprise concernée : "
        f"{same_platform} autres témoignages concernent {platform_label(platform)} "
        f"depuis le {day}"
    )
    if problem and problem != OTHER and same_problem >= MIN_COUNT:
        line += f", dont {same_problem} pour le même problème ({problem_label(problem).lower()})"
    return line + "."
