"""Rasa's HTTP server as the stack runs it (`python -m bot.rasa_server`), instead of
`rasa run --enable-api --auth-token …`:

- the secret comes from `RASA_TOKEN` in the environment, which only the same user can
  read, never from the command line, which every local user sees in the process list;
- clients authenticate with a signed token in a header (`bot/rasa_auth.py`);
- only the routes the web app needs answer: the REST channel (and its health check), one
  conversation's tracker, the root and `/status`; every other route of Rasa's API
  (replacing a model, writing events, parsing, training, `/auth` of sanic-jwt…) is 404
  before it runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from functools import partial

ALLOWED_ROUTES = (
    ("GET", re.compile(r"/")),
    ("GET", re.compile(r"/status")),
    ("POST", re.compile(r"/webhooks/rest/webhook")),
    ("GET", re.compile(r"/webhooks/rest/")),  # the channel's health check
    ("GET", re.compile(r"/conversations/[^/]{1,255}/tracker")),
)


def route_allowed(method: str, path: str) -> bool:
    """True for the few routes the web app needs (HEAD and OPTIONS as their GET)."""
    method = "GET" if method in ("HEAD", "OPTIONS") else method
    return any(method == m and pattern.fullmatch(path) for m, pattern in ALLOWED_ROUTES)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.rasa_server")
    parser.add_argument("--interface", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--model", required=True)
    parser.add_argument("--endpoints", required=True)
    parser.add_argument("--credentials", required=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Serve the model with the limited, header-authenticated API."""
    args = _arguments(sys.argv[1:] if argv is None else argv)
    secret = os.environ.pop("RASA_TOKEN", "")
    if len(secret) < 16:
        print("RASA_TOKEN (16 caractères au moins) est requis.", file=sys.stderr)
        return 2

    from bot import unused_modules

    unused_modules.keep_out()  # before TensorFlow: jax stays out (71 MB)
    import skops.io  # noqa: F401 - before Rasa: 1.5 s instead of 9 (bot/rasa_entry.py)

    # isort: split
    import rasa.core.utils
    import rasa.utils.tensorflow.environment as tf_env
    from rasa.core.run import (
        close_resources,
        configure_app,
        create_http_input_channels,
        load_agent_on_start,
    )
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog
    from sanic import response

    from bot.rasa_plugins import action_failures, speedups

    # as `rasa run` does: LOG_LEVEL (default INFO) for both loggers, so that no debug line
    # (which quotes what sellers typed) is written
    configure_logging_and_warnings(None, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(None)
    tf_env.setup_tf_environment()
    speedups.install()
    action_failures.install()
    endpoints = AvailableEndpoints.read_endpoints(args.endpoints)
    app = configure_app(
        create_http_input_channels(None, args.credentials),
        cors=None,
        enable_api=True,
        jwt_secret=secret,
        jwt_method="HS256",
        port=args.port,
        endpoints=endpoints,
    )

    @app.middleware("request")
    async def _only_what_the_web_app_needs(request):  # noqa: ANN001, ANN202
        if not route_allowed(request.method, request.path):
            return response.json({"error": "not found"}, status=404)
        return None

    app.register_listener(
        partial(load_agent_on_start, args.model, endpoints, None), "before_server_start"
    )
    app.register_listener(close_resources, "after_server_stop")
    workers = rasa.core.utils.number_of_sanic_workers(endpoints.lock_store)
    app.run(host=args.interface, port=args.port, workers=workers, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
