"""`python -m bot web`: serve the Flask app with waitress (no access log, so no IP logged)."""

from __future__ import annotations

import logging
import signal
import sys
from types import FrameType

from waitress import create_server

from bot.settings import get_settings
from bot.web.app import create_app

log = logging.getLogger(__name__)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve() -> int:
    """Run the web app on settings.web_host:web_port until Ctrl-C or SIGTERM; 0 on a clean stop."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    app = create_app(settings)
    try:
        server = create_server(
            app,
            host=settings.web_host,
            port=settings.web_port,
            threads=8,
            ident="",
            clear_untrusted_proxy_headers=True,
        )
    except OSError as failure:
        print(
            f"Cannot listen on {settings.web_host}:{settings.web_port}: {failure}",
            file=sys.stderr,
        )
        return 1
    signal.signal(signal.SIGTERM, _stop)
    print(f"Web app: http://{settings.web_host}:{settings.web_port}/", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
