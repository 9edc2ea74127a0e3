"""What staff do on a testimony: status, notes, assignment, reply, field correction, delete
(admins)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from bot.fields import STATUSES, VALUE_LABELS
from bot.storage import staff_actions
from bot.storage.corrections import FieldNotCorrectable, InvalidCorrection, correct_field
from bot.storage.staff_actions import TestimonyNotFound, UnknownAssignee
from bot.web.staff import blueprint
from bot.web.staff.auth import admin_required, current_user_id

MAX_TEXT = 10_000
NO_ACCOUNT = -1
"""An account id that never exists: a malformed choice in the assignment form."""


@contextmanager
def _found() -> Iterator[None]:
    """Answer 404 when the testimony does not exist."""
    try:
        yield
    except TestimonyNotFound:
        abort(404)


def _text_field() -> str:
    text = request.form.get("text", "").strip()
    if not text or len(text) > MAX_TEXT:
        abort(400, "Le texte est vide ou trop long.")
    return text


def _back(reference: str, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for("staff.testimony_page", reference=reference))


@blueprint.post("/testimonies/<reference>/status")
def change_status(reference: str) -> Response:
    """Move the testimony to another status."""
    status = request.form.get("status", "")
    if status not in STATUSES:
        abort(400, "Statut inconnu.")
    with _found():
        staff_actions.change_status(reference, status, current_user_id())
    return _back(reference, f"Statut changé : {VALUE_LABELS['status'][status]}.")


@blueprint.post("/testimonies/<reference>/notes")
def add_note(reference: str) -> Response:
    """Add an internal note (never shown to the user)."""
    text = _text_field()
    with _found():
        staff_actions.add_note(reference, text, current_user_id())
    return _back(reference, "Note ajoutée.")


@blueprint.post("/testimonies/<reference>/assign")
def assign(reference: str) -> Response:
    """Assign the testimony to an active staff member, or to nobody."""
    raw = request.form.get("staff_user_id", "")
    assignee = None if raw == "" else int(raw) if raw.isdigit() else NO_ACCOUNT
    try:
        with _found():
            who = staff_actions.assign(reference, assignee, current_user_id())
    except UnknownAssignee:
        abort(400, "Membre de l'équipe inconnu.")
    return _back(reference, f"Témoignage attribué à {who}.")


@blueprint.post("/testimonies/<reference>/replies")
def add_reply(reference: str) -> Response:
    """Write a reply the user reads when they come back with their follow-up code; with the
    box ticked, a question the seller can answer in the chat."""
    text = _text_field()
    question = request.form.get("is_question") == "1"
    with _found():
        staff_actions.add_reply(reference, text, question, current_user_id())
    if question:
        return _back(reference, "Question enregistrée : le déclarant y répondra dans le chat.")
    return _back(reference, "Réponse enregistrée : l'utilisateur la lira avec son code de suivi.")


@blueprint.post("/testimonies/<reference>/correct")
def correct(reference: str) -> Response:
    """Correct one field the seller mistyped (checked like saving, audited, before/after
    kept); a refused value is explained, the page is shown again."""
    name = request.form.get("field", "")
    values = request.form.getlist("value")
    if any(len(value) > MAX_TEXT for value in values) or len(values) > 100:
        abort(400, "Valeur trop longue.")
    raw = values if name == "problems" else (values[0] if values else "")
    try:
        with _found():
            done = correct_field(reference, name, raw, current_user_id())
    except FieldNotCorrectable as refused:
        abort(400, str(refused))
    except InvalidCorrection as invalid:
        flash(f"Correction refusée. {invalid}", "error")
        return redirect(url_for("staff.testimony_page", reference=reference, _anchor="fields"))
    if not done.changed:
        flash("Aucune correction : la valeur est la même.", "info")
        return redirect(url_for("staff.testimony_page", reference=reference))
    return _back(reference, f"Correction enregistrée : {', '.join(done.labels)}.")


@blueprint.post("/testimonies/<reference>/delete")
@admin_required
def delete(reference: str) -> Response:
    """Delete a testimony and everything attached to it (confirmation box required)."""
    if request.form.get("confirm") != reference:
        flash("Suppression annulée : recopiez la référence pour confirmer.", "error")
        return redirect(url_for("staff.testimony_page", reference=reference))
    with _found():
        staff_actions.delete_testimony(reference, current_user_id())
    flash(f"Témoignage {reference} supprimé.", "success")
    return redirect(url_for("staff.testimony_list"))
