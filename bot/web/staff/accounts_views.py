"""Account management pages for admins: create, disable/enable, new password.

A generated password is shown once, in the response to the form (never in a flash
message, which would travel in the session cookie).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from bot.storage.accounts import (
    ROLE_LABELS,
    ROLES,
    AccountError,
    create_account,
    end_sessions,
    list_accounts,
    reset_password,
    set_active,
)
from bot.storage.second_factor import remove_second_factor
from bot.web.staff import blueprint
from bot.web.staff.audit import record
from bot.web.staff.auth import admin_required, current_user

ACCOUNT_ACTIONS = ("disable", "enable", "password", "logout", "second-factor")


def _page(status: int = 200, **extra: object) -> tuple[str, int]:
    return (
        render_template(
            "staff/accounts.html",
            accounts=list_accounts(),
            roles=[(r, ROLE_LABELS[r]) for r in ROLES],
            role_labels=ROLE_LABELS,
            **extra,
        ),
        status,
    )


@blueprint.get("/accounts")
@admin_required
def accounts() -> tuple[str, int]:
    """The list of accounts and the creation form."""
    return _page()


@blueprint.post("/accounts")
@admin_required
def account_create() -> tuple[str, int]:
    """Create an account and show its password once."""
    email, role = request.form.get("email", ""), request.form.get("role", "")
    try:
        password = create_account(email, role)
    except AccountError as error:
        return _page(400, error=str(error))
    email = email.strip().lower()
    record("change", "staff_user", email, f"compte créé ({role})")
    return _page(new_account=email, new_password=password)


@blueprint.post("/accounts/<int:account_id>/<action>")
@admin_required
def account_action(account_id: int, action: str) -> tuple[str, int] | Response:
    """Disable, enable, give a new password to, log out, or remove the second factor of an
    account."""
    account = next((a for a in list_accounts() if a.id == account_id), None)
    if account is None or action not in ACCOUNT_ACTIONS:
        abort(404)
    if action == "second-factor":  # a lost phone: enrol again at the next login
        remove_second_factor(account.id)
        record("second_factor", "staff_user", account.email, "retirée par un administrateur")
        flash(f"La validation en deux étapes de {account.email} est retirée.", "success")
        return redirect(url_for("staff.accounts"))
    if action == "logout":  # every session of the account ends now
        end_sessions(account.id)
        record("change", "staff_user", account.email, "sessions fermées")
        flash(f"Toutes les sessions de {account.email} sont fermées.", "success")
        return redirect(url_for("staff.accounts"))
    me = current_user()
    if action == "disable" and me is not None and me.id == account.id:
        flash("Vous ne pouvez pas désactiver votre propre compte.", "error")
        return redirect(url_for("staff.accounts"))
    if action == "password":
        password = reset_password(account.email)
        record("change", "staff_user", account.email, "nouveau mot de passe")
        return _page(new_account=account.email, new_password=password)
    set_active(account.email, action == "enable")
    record(
        "change",
        "staff_user",
        account.email,
        "compte " + ("réactivé" if action == "enable" else "désactivé"),
    )
    flash(f"Compte {account.email} {'réactivé' if action == 'enable' else 'désactivé'}.", "success")
    return redirect(url_for("staff.accounts"))
