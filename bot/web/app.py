"""The Flask application factory: public chat page + staff app, with CSRF and security headers.

Nothing here logs IP addresses or user agents: there is no access log (waitress writes none)
and the chat API forwards only the derived conversation id and the message to Rasa.
"""

from __future__ import annotations

from flask import Flask, Response, abort, jsonify, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException

from bot.settings import Settings, get_settings
from bot.typography import typeset_html
from bot.web.public import blueprint as public_blueprint
from bot.web.public import views as public_views
from bot.web.public.conversation_ids import conversation_key
from bot.web.public.limits import install_limits
from bot.web.public.validation import MAX_BODY_BYTES, TOO_LONG
from bot.web.security import install_security_headers, load_secret_key
from bot.web.staff.networks import check_networks

csrf = CSRFProtect()

_API_ERRORS = {
    404: "Cette adresse n'existe pas.",
    405: "Cette méthode n'est pas acceptée ici.",
    413: TOO_LONG,
}


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app from `settings` (default: the environment)."""
    settings = settings or get_settings()
    check_networks(settings)
    app = Flask(__name__)
    secret_key = load_secret_key(settings)
    app.config.update(
        SECRET_KEY=secret_key,
        SIGNALPME_CONVERSATION_KEY=conversation_key(secret_key),
        SIGNALPME_SETTINGS=settings,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # behind TLS: Secure, and the __Host- prefix (no Domain, Path=/, Secure)
        SESSION_COOKIE_SECURE=settings.https,
        SESSION_COOKIE_NAME="__Host-session" if settings.https else "session",
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False
    csrf.init_app(app)
    csrf.exempt(public_views.chat)
    csrf.exempt(public_views.history)
    csrf.exempt(public_views.receipt)
    install_security_headers(app, settings)
    _install_api_errors(app)
    _refuse_nul_bytes(app)
    install_limits(app, settings)
    _install_typography(app)

    from bot.web.staff import blueprint as staff_blueprint

    app.register_blueprint(public_blueprint)
    app.register_blueprint(staff_blueprint)
    return app


def _install_typography(app: Flask) -> None:
    """Every HTML page gets French typography (`bot.typography`), public and staff alike."""

    @app.after_request
    def _typeset(response: Response) -> Response:
        if response.mimetype == "text/html" and not response.direct_passthrough:
            response.set_data(typeset_html(response.get_data(as_text=True)))
        return response


def _refuse_nul_bytes(app: Flask) -> None:
    """A NUL character in the path, the query or a form field is refused (400) before any
    view: no page needs one, and PostgreSQL cannot store or compare one."""

    @app.before_request
    def _no_nul() -> None:
        values = [request.path, *(value for _, value in request.args.items(multi=True))]
        if request.mimetype == "application/x-www-form-urlencoded":
            values += [value for _, value in request.form.items(multi=True)]
        if any("\x00" in value for value in values):
            abort(400)


def _install_api_errors(app: Flask) -> None:
    """Errors under `/api/` are JSON with a French message, never an HTML page."""

    @app.errorhandler(HTTPException)
    def _http_error(failure: HTTPException) -> Response | HTTPException:
        if not request.path.startswith("/api/"):
            return failure
        code = failure.code or 500
        message = _API_ERRORS.get(code, "La requête n'a pas pu être traitée.")
        response = jsonify({"error": message})
        response.status_code = code
        return response
