"""What staff do on a testimony: status, notes, assignment, reply, delete (admins)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from bot.fields import STATUSES, VALUE_LABELS
from bot.mail.messages import REPLY, STATUS
from bot.mail.outbox import enqueue_notice
from bot.storage.audit import log_event
from bot.storage.db import session_factory
from bot.storage.models import StaffNote, StaffReply, StaffUser, Testimony
from bot.storage.thread import record_status_change
from bot.web.staff import blueprint
from bot.web.staff.auth import admin_required, current_user_id
from bot.web.staff.transcripts import delete_transcript

MAX_TEXT = 10_000


def _testimony(session: Session, reference: str) -> Testimony:
    testimony = session.scalars(select(Testimony).where(Testimony.reference == reference)).first()
    if testimony is None:
        abort(404)
    return testimony


def _text_field() -> str:
    text = request.form.get("text", "").strip()
    if not text or len(text) > MAX_TEXT:
        abort(400, "Le texte est vide ou trop long.")
    return text


def _audit(session: Session, action: str, reference: str, detail: str) -> None:
    log_event(
        session,
        action,
        staff_user_id=current_user_id(),
        target_type="testimony",
        target_id=reference,
        detail=detail,
    )


def _back(reference: str, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for("staff.testimony_page", reference=reference))


@blueprint.post("/testimonies/<reference>/status")
def change_status(reference: str) -> Response:
    """Move the testimony to another status."""
    status = request.form.get("status", "")
    if status not in STATUSES:
        abort(400, "Statut inconnu.")
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        old = testimony.status
        record_status_change(session, testimony, status, current_user_id())
        _audit(session, "change", reference, f"statut : {old} → {status}")
        if old != status:
            enqueue_notice(session, testimony, STATUS)  # never raises; a savepoint
    return _back(reference, f"Statut changé : {VALUE_LABELS['status'][status]}.")


@blueprint.post("/testimonies/<reference>/notes")
def add_note(reference: str) -> Response:
    """Add an internal note (never shown to the user)."""
    text = _text_field()
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        session.add(StaffNote(testimony_id=testimony.id, author_id=current_user_id(), text=text))
        _audit(session, "change", reference, "note interne ajoutée")
    return _back(reference, "Note ajoutée.")


@blueprint.post("/testimonies/<reference>/assign")
def assign(reference: str) -> Response:
    """Assign the testimony to an active staff member, or to nobody."""
    raw = request.form.get("staff_user_id", "")
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        if raw == "":
            testimony.assigned_to_id, who = None, "personne"
        else:
            user = session.get(StaffUser, int(raw)) if raw.isdigit() else None
            if user is None or not user.active:
                abort(400, "Membre de l'équipe inconnu.")
            testimony.assigned_to_id, who = user.id, user.email
        _audit(session, "change", reference, f"attribué à {who}")
    return _back(reference, f"Témoignage attribué à {who}.")


@blueprint.post("/testimonies/<reference>/replies")
def add_reply(reference: str) -> Response:
    """Write a reply the user reads when they come back with their follow-up code; with the
    box ticked, a question the seller can answer in the chat."""
    text = _text_field()
    question = request.form.get("is_question") == "1"
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        session.add(
            StaffReply(
                testimony_id=testimony.id,
                author_id=current_user_id(),
                text=text,
                is_question=question,
            )
        )
        detail = "réponse (question)" if question else "réponse à l'utilisateur"
        _audit(session, "change", reference, detail)
        enqueue_notice(session, testimony, REPLY)  # never raises; a savepoint
    if question:
        return _back(reference, "Question enregistrée : le déclarant y répondra dans le chat.")
    return _back(reference, "Réponse enregistrée : l'utilisateur la lira avec son code de suivi.")


@blueprint.post("/testimonies/<reference>/delete")
@admin_required
def delete(reference: str) -> Response:
    """Delete a testimony and everything attached to it (confirmation box required)."""
    if request.form.get("confirm") != reference:
        flash("Suppression annulée : recopiez la référence pour confirmer.", "error")
        return redirect(url_for("staff.testimony_page", reference=reference))
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        sender_id = testimony.sender_id
        session.delete(testimony)
        _audit(session, "delete", reference, "témoignage et transcription supprimés")
    delete_transcript(sender_id)
    flash(f"Témoignage {reference} supprimé.", "success")
    return redirect(url_for("staff.testimony_list"))
