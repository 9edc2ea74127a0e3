"""Pagination helpers that keep the other query-string parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

MAX_PAGE = 1_000_000
"""Pages past this one are read as this one (a database integer never overflows)."""


def page_number(args: Mapping[str, str]) -> int:
    """The `page` parameter as a positive integer (1 when missing or invalid)."""
    try:
        return min(MAX_PAGE, max(1, int(args.get("page", "1"))))
    except ValueError:
        return 1


@dataclass(frozen=True)
class Page:
    """One page of a list: number, size, total count and the query it came from."""

    number: int
    size: int
    total: int
    args: Mapping[str, str]

    @property
    def last(self) -> int:
        """The number of the last page (at least 1)."""
        return max(1, -(-self.total // self.size))

    @property
    def first_index(self) -> int:
        """1-based index of the first item shown (0 when empty)."""
        return 0 if self.total == 0 else (self.number - 1) * self.size + 1

    @property
    def last_index(self) -> int:
        """1-based index of the last item shown."""
        return min(self.total, self.number * self.size)

    def query(self, number: int) -> str:
        """The query string of page `number`, other parameters kept."""
        args = MultiDict(self.args)
        args.pop("page", None)
        pairs = [(k, v) for k, v in args.items(multi=True) if v != ""]
        if number > 1:
            pairs.append(("page", str(number)))
        return urlencode(pairs)
