"""The staff review app under `/staff/`: one blueprint, routes registered by small modules.

Every route requires a logged-in staff member (checked in `auth`, before any view runs),
except the login page and the blueprint's own stylesheet.
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint(
    "staff",
    __name__,
    url_prefix="/staff",
    static_folder="static",
    static_url_path="/static",
)

# Route modules register themselves on `blueprint` when imported.
from bot.french import paris_time  # noqa: E402
from bot.web.staff import (  # noqa: E402, F401
    accounts_views,
    audit,
    auth,
    conversations,
    dashboard,
    exports,
    second_factor,
    testimonies,
    testimony_actions,
)
from bot.web.staff.transcripts import mask_text  # noqa: E402

blueprint.add_app_template_filter(paris_time, "staff_time")
blueprint.add_app_template_filter(mask_text, "staff_mask")
