"""What staff change on a testimony: status, notes, assignment, replies, deletion.

Each change is one transaction holding its audit entry (and the seller's e-mail notice
when there is one); `staff_user_id` is the staff member who made it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.fields import VALUE_LABELS
from bot.mail.messages import REPLY, STATUS
from bot.mail.outbox import enqueue_notice
from bot.storage.audit import log_event
from bot.storage.db import session_factory
from bot.storage.models import StaffNote, StaffReply, StaffUser, Testimony
from bot.storage.thread import record_status_change
from bot.storage.tracker_events import configured_engine
from bot.storage.tracker_redaction import delete_conversation


class TestimonyNotFound(LookupError):
    """No testimony has that reference."""


class UnknownAssignee(ValueError):
    """The staff member to assign does not exist or is disabled."""


def find_testimony(session: Session, reference: str) -> Testimony:
    """The testimony `reference` in `session`; raises TestimonyNotFound."""
    testimony = session.scalars(select(Testimony).where(Testimony.reference == reference)).first()
    if testimony is None:
        raise TestimonyNotFound(reference)
    return testimony


_testimony = find_testimony


def _audit(
    session: Session, staff_user_id: int | None, action: str, reference: str, detail: str
) -> None:
    log_event(
        session,
        action,
        staff_user_id=staff_user_id,
        target_type="testimony",
        target_id=reference,
        detail=detail,
    )


def change_status(reference: str, status: str, staff_user_id: int | None) -> None:
    """Move the testimony to `status`; the seller gets a notice when it changed."""
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        old = testimony.status
        record_status_change(session, testimony, status, staff_user_id)
        labels = VALUE_LABELS["status"]
        detail = f"statut : {labels.get(old, old)} → {labels.get(status, status)}"
        _audit(session, staff_user_id, "change", reference, detail)
        if old != status:
            enqueue_notice(session, testimony, STATUS)  # never raises; a savepoint


def add_note(reference: str, text: str, staff_user_id: int | None) -> None:
    """Add an internal note (never shown to the seller)."""
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        session.add(StaffNote(testimony_id=testimony.id, author_id=staff_user_id, text=text))
        _audit(session, staff_user_id, "change", reference, "note interne ajoutée")


def assign(reference: str, assignee_id: int | None, staff_user_id: int | None) -> str:
    """Assign the testimony to the active account `assignee_id`, or to nobody (None).

    Returns the assignee's e-mail ('personne' for nobody); raises UnknownAssignee.
    """
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        if assignee_id is None:
            testimony.assigned_to_id, who = None, "personne"
        else:
            user = session.get(StaffUser, assignee_id)
            if user is None or not user.active:
                raise UnknownAssignee(assignee_id)
            testimony.assigned_to_id, who = user.id, user.email
        _audit(session, staff_user_id, "change", reference, f"attribué à {who}")
    return who


def add_reply(reference: str, text: str, is_question: bool, staff_user_id: int | None) -> None:
    """Write a reply the seller reads with their follow-up code (a question they can answer
    in the chat when `is_question`); the seller gets a notice."""
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        session.add(
            StaffReply(
                testimony_id=testimony.id,
                author_id=staff_user_id,
                text=text,
                is_question=is_question,
            )
        )
        detail = "réponse (question)" if is_question else "réponse à l'utilisateur"
        _audit(session, staff_user_id, "change", reference, detail)
        enqueue_notice(session, testimony, REPLY)  # never raises; a savepoint


def delete_testimony(reference: str, staff_user_id: int | None) -> None:
    """Delete a testimony, everything attached to it, then its transcript (without it,
    the conversation would reappear among unfinished ones)."""
    with session_factory()() as session, session.begin():
        testimony = _testimony(session, reference)
        sender_id = testimony.sender_id
        session.delete(testimony)
        _audit(session, staff_user_id, "delete", reference, "témoignage et transcription supprimés")
    _delete_transcript(sender_id)


def _delete_transcript(sender_id: str) -> int:
    """Delete every tracker event of `sender_id`; 0 if the tracker store cannot be written."""
    try:
        return delete_conversation(configured_engine(), sender_id)
    except SQLAlchemyError:
        return 0
