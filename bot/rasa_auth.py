"""Signed, short-lived JSON Web Tokens for Rasa's HTTP API, sent in the `Authorization`
header (never in a query string, where access logs and proxies would keep them).

The secret is `RASA_TOKEN`, shared by the Rasa server (`bot/rasa_server.py`) and the web
app through the environment. The web app asks for one conversation's token: Rasa's own
scope check then lets it read that conversation and no other. Tools and tests may ask for
an admin token.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request

import jwt

ALGORITHM = "HS256"
LIFETIME_SECONDS = 60


def rasa_headers(secret: str, conversation: str | None = None) -> dict[str, str]:
    """The `Authorization` header for one conversation (`role: user`) or, without
    `conversation`, for every one (`role: admin`)."""
    user = {"username": conversation, "role": "user"} if conversation else {"role": "admin"}
    payload = {"user": user, "exp": int(time.time()) + LIFETIME_SECONDS}
    return {"Authorization": f"Bearer {jwt.encode(payload, secret, algorithm=ALGORITHM)}"}


def read_tracker(rasa_url: str, secret: str, sender: str, timeout: float = 60) -> dict:
    """One conversation's tracker with every event (tools, probes and tests)."""
    query = urllib.parse.urlencode({"include_events": "ALL"})
    url = f"{rasa_url.rstrip('/')}/conversations/{urllib.parse.quote(sender, safe='')}/tracker"
    request = urllib.request.Request(f"{url}?{query}", headers=rasa_headers(secret, sender))
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())
