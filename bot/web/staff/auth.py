"""Login, logout, session expiry and role checks for the staff app.

A blueprint-wide `before_request` refuses every staff route without a valid session, so a
new route is protected by default. Sessions end after `staff_session_minutes` without a
request, `staff_session_max_hours` after login, and server-side, for every copy of the
cookie, when the account's session version moves.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TypeVar

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from bot.settings import get_settings
from bot.storage.accounts import (
    AccountError,
    active_account,
    change_password,
    check_login,
    end_sessions,
)
from bot.storage.audit import record_event
from bot.web.staff import blueprint
from bot.web.staff.networks import client_allowed
from bot.web.staff.throttle import throttle

PUBLIC_ENDPOINTS = {"staff.login", "staff.login_code", "staff.static"}
# what a staff member who must replace a printed password may still open
PASSWORD_ENDPOINTS = {"staff.password", "staff.logout", "staff.static"}
# what a staff member who must enrol a second factor may still open
ENROL_ENDPOINTS = {"staff.second_factor", "staff.second_factor_enrol", "staff.logout"}
ENROL_ENDPOINTS |= {"staff.static"}
PENDING_SECONDS = 300  # time to type the code after the password
View = TypeVar("View", bound=Callable)


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in staff member, as templates and views see it."""

    id: int
    email: str
    role: str
    must_change_password: bool = False
    has_second_factor: bool = False

    @property
    def is_admin(self) -> bool:
        """True for the admin role."""
        return self.role == "admin"

    @property
    def needs_second_factor(self) -> bool:
        """Admins always; reviewers too with `STAFF_SECOND_FACTOR=all`, or once enrolled."""
        required = self.is_admin or get_settings().staff_second_factor == "all"
        return required or self.has_second_factor


def current_user() -> CurrentUser | None:
    """The logged-in staff member of this request, if any."""
    return g.get("staff_user")


def current_user_id() -> int | None:
    """The id of the logged-in staff member, if any."""
    user = current_user()
    return user.id if user else None


def admin_required(view: View) -> View:
    """Refuse (403) a view to anyone but admins."""

    @wraps(view)
    def wrapper(*args: object, **kwargs: object) -> object:
        user = current_user()
        if user is None or not user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _load_user(user_id: object, version: object) -> CurrentUser | None:
    """The active account of the session, if the session has not been ended since."""
    if not isinstance(user_id, int) or not isinstance(version, int):
        return None
    account = active_account(user_id)
    if account is None or account.session_version != version:
        return None
    if account.has_second_factor and not session.get("staff_2fa"):
        return None  # a session opened before the factor was enrolled elsewhere
    return CurrentUser(
        account.id,
        account.email,
        account.role,
        account.must_change_password,
        account.has_second_factor,
    )


def _session_is_live(now: float) -> bool:
    """Neither idle too long nor older than the absolute lifetime."""
    settings = get_settings()
    seen, started = session.get("staff_seen"), session.get("staff_started")
    if not isinstance(seen, (int, float)) or not isinstance(started, (int, float)):
        return False
    idle = now - seen <= settings.staff_session_minutes * 60
    return idle and now - started <= settings.staff_session_max_hours * 3600


@blueprint.before_request
def require_login() -> Response | None:
    """Load the staff member from the session or send the browser to the login page.

    A session ends after `staff_session_minutes` without a request, `staff_session_max_hours`
    after login, and as soon as its account's session version moves (logout anywhere, new
    password, disabled account, an admin's "log out").
    """
    if not client_allowed(get_settings()):
        abort(403)  # outside the allowed networks: not even the login page
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    user = None
    if _session_is_live(time.time()):
        user = _load_user(session.get("staff_id"), session.get("staff_sv"))
    if user is None and pending_login() is not None:
        return redirect(url_for("staff.login_code"))  # the password is typed, not the code
    if user is None:
        expired = "staff_id" in session
        session.clear()
        if expired:
            flash("Votre session a expiré, veuillez vous reconnecter.", "info")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("staff.login", next=target))
    session["staff_seen"] = int(time.time())
    g.staff_user = user
    if user.needs_second_factor and not user.has_second_factor:
        if request.endpoint not in ENROL_ENDPOINTS:
            flash("Activez d'abord la validation en deux étapes de votre compte.", "info")
            return redirect(url_for("staff.second_factor"))
        return None
    if user.must_change_password and request.endpoint not in PASSWORD_ENDPOINTS:
        flash("Choisissez d'abord votre propre mot de passe.", "info")
        return redirect(url_for("staff.password"))
    return None


@blueprint.context_processor
def _inject_user() -> dict[str, object]:
    return {"staff_user": g.get("staff_user")}


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/staff") and not target.startswith("//"):
        return target
    return url_for("staff.dashboard")


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """The login form; failed attempts are slowed down and written to the audit log.

    Its audit entries name their actor explicitly: nobody for a refused attempt, the account
    just logged in for a success.
    """
    if request.method == "GET":
        return render_template("staff/login.html", next=request.args.get("next", ""))
    email = request.form.get("email", "").strip().lower()[:320]
    password = request.form.get("password", "")
    wait = throttle.wait_left(email)
    if wait > 0:
        _record_failure(f"{email} (tentative pendant le délai)")
        message = f"Trop de tentatives. Réessayez dans {int(wait) + 1} secondes."
        return render_template("staff/login.html", error=message, email=email), 429
    user_id = check_login(email, password)
    if user_id is None:
        failures = throttle.failed(email)
        _record_failure(f"{email} (échec n° {failures})")
        error = "Adresse e-mail ou mot de passe incorrect."
        return render_template("staff/login.html", error=error, email=email), 401
    throttle.succeeded(email)
    account = active_account(user_id)
    session.clear()  # a new session: nothing of the one before login is kept
    if account is not None and account.has_second_factor:
        session["pending_id"], session["pending_sv"] = user_id, account.session_version
        session["pending_at"] = int(time.time())
        session["pending_next"] = _safe_next(request.form.get("next"))
        return redirect(url_for("staff.login_code"))
    start_session(user_id, account.session_version if account else -1, second_factor=False)
    record_event("login", staff_user_id=user_id, target_type="staff_user", target_id=user_id)
    return redirect(_safe_next(request.form.get("next")))


def start_session(user_id: int, version: int, *, second_factor: bool) -> None:
    """Write a new logged-in session (the caller has cleared the one before)."""
    session["staff_id"], session["staff_sv"] = user_id, version
    session["staff_2fa"] = second_factor
    session["staff_started"] = session["staff_seen"] = int(time.time())


def pending_login() -> tuple[int, int, str] | None:
    """The account, session version and next page of a login waiting for its code."""
    user_id, version = session.get("pending_id"), session.get("pending_sv")
    started = session.get("pending_at")
    if not isinstance(user_id, int) or not isinstance(version, int):
        return None
    if not isinstance(started, int) or time.time() - started > PENDING_SECONDS:
        return None
    return user_id, version, str(session.get("pending_next") or "")


def _record_failure(detail: str) -> None:
    record_event("login_failed", target_type="staff_user", detail=detail)


@blueprint.post("/logout")
def logout() -> Response:
    """End every session of the account (a copied cookie stops working too)."""
    user = current_user()
    if user is not None:
        end_sessions(user.id)
        record_event("logout", staff_user_id=user.id, target_type="staff_user", target_id=user.id)
    session.clear()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("staff.login"))


@blueprint.after_request
def _never_cached(response: Response) -> Response:
    """No staff page, export or redirect is kept by a browser or a proxy cache."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


@blueprint.errorhandler(403)
def _refused(error: Forbidden) -> Forbidden:
    """A refused page (a reviewer on an admin page) is an audit entry: who and which path."""
    record_event(
        "refused",
        staff_user_id=current_user_id(),
        target_type="page",
        target_id=request.path[:200],
    )
    return error


@blueprint.route("/password", methods=["GET", "POST"])
def password() -> str | Response:
    """Change one's own password (old password, new one twice); every other session ends."""
    user = current_user()
    if user is None:  # pragma: no cover - require_login runs first
        abort(403)
    if request.method == "GET":
        return render_template("staff/password.html", forced=user.must_change_password)
    old = request.form.get("old_password", "")
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm_password", ""):
        error = "Les deux nouveaux mots de passe ne sont pas identiques."
        return render_template("staff/password.html", error=error), 400
    try:
        version = change_password(user.id, old, new)
    except AccountError as refused:
        return render_template("staff/password.html", error=str(refused)), 400
    session["staff_sv"] = version  # this session goes on, every other one ends
    record_event(
        "change",
        staff_user_id=user.id,
        target_type="staff_user",
        target_id=user.id,
        detail="mot de passe changé",
    )
    flash("Votre mot de passe est changé.", "success")
    return redirect(url_for("staff.dashboard"))
