"""After a save: how many other testimonies name the same platform ("vous n'êtes pas seul")."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.conversation.similar import similar_line
from bot.settings import get_settings
from bot.storage.followups import similar_counts

logger = logging.getLogger(__name__)


def similar_testimonies(record: dict[str, Any], reference: str) -> str | None:
    """The sentence for the testimony just saved (`record`, `reference`), or None when
    there are too few others to say a number, or the count cannot be read."""
    platform = record.get("platform")
    problems = record.get("problems") or []
    problem = problems[0] if problems else None
    since = get_settings().campaign_start
    try:
        counts = similar_counts(platform, problem, since, exclude_reference=reference)
    except SQLAlchemyError:
        logger.exception("counting similar testimonies failed")
        return None
    return similar_line(platform, problem, counts[0], counts[1], since)
