"""Pure parsers of French answers. Each returns `Parsed(value, reason)` (or a plain value
for the `find_*` and `is_*` helpers) and never raises on user text."""

from bot.parsing.amounts import find_amount_eur, parse_amount_eur
from bot.parsing.choices import parse_account_access, parse_support_outcome
from bot.parsing.contact import parse_contacted_platform, parse_human_contact
from bot.parsing.dates import find_date, parse_date
from bot.parsing.headcount import parse_company_size
from bot.parsing.identity import contains_identifying_details, parse_email, parse_phone, parse_siren
from bot.parsing.replacement import replacement
from bot.parsing.result import Parsed
from bot.parsing.shares import parse_share_pct
from bot.parsing.skip import (
    is_indifferent,
    is_refusal,
    is_skip,
    is_unsure,
    is_withheld,
    skip_remainder,
)
from bot.parsing.visibility_choice import parse_visibility
from bot.parsing.yesno import parse_reason_given, parse_yes_no

__all__ = [
    "replacement",
    "Parsed",
    "contains_identifying_details",
    "find_amount_eur",
    "find_date",
    "is_indifferent",
    "is_refusal",
    "is_skip",
    "is_withheld",
    "is_unsure",
    "parse_account_access",
    "parse_amount_eur",
    "parse_company_size",
    "parse_contacted_platform",
    "parse_date",
    "parse_email",
    "parse_human_contact",
    "parse_phone",
    "parse_reason_given",
    "parse_share_pct",
    "parse_siren",
    "parse_support_outcome",
    "parse_visibility",
    "parse_yes_no",
    "skip_remainder",
]
