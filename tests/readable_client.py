"""A Flask test client that reads French no-break spaces as spaces.

Pages and bot messages get French typography (`bot.typography`): "Statut\u00a0: Nouveau".
Tests that check what a page says compare words, so this client turns the no-break spaces
back into spaces; the typography itself is checked with Flask's own client in
`tests/web/test_typography_pages.py` and `tests/unit/test_typography.py`.
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

# the spaces typography adds; a narrow space in a number ("15\u202f000") stays
_SPACES = {
    "\u00a0".encode(): b" ",
    **{f"\u202f{sign}".encode(): f" {sign}".encode() for sign in ";!?"},
}


def plain(text: str) -> str:
    """The words of a French text: the no-break spaces typography adds read as spaces."""
    data = text.encode()
    for nbsp, space in _SPACES.items():
        data = data.replace(nbsp, space)
    return data.decode()


class ReadableClient(FlaskClient):
    """`FlaskClient` whose responses hold plain spaces instead of no-break spaces."""

    def open(self, *args: Any, **kwargs: Any):  # noqa: ANN201 - the werkzeug response type
        response = super().open(*args, **kwargs)
        if not response.direct_passthrough and response.mimetype in (
            "text/html",
            "application/json",
        ):
            response.set_data(plain(response.get_data(as_text=True)))
        return response
