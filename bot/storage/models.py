"""SQLAlchemy models of every table (declarative, 2.0-compatible style on 1.4).

Column names of `testimonies` are the field names of `testimony.md`. No table stores an IP
address or a user agent. Timestamps are UTC: stored naive, returned timezone-aware.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.associationproxy import association_proxy
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import declarative_base, relationship, validates

from bot.normalise import search_key
from bot.storage.search_keys import SEARCHED_FIELDS, fields_search_key

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A UTC timestamp: stored without zone (same on SQLite and PostgreSQL), read as aware.

    Naive values given to it are taken as UTC already.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


POSTGRES_ONLY_INDEXES = {
    "ix_testimonies_search_text_trgm": "search_text",
    "ix_testimonies_search_fields_trgm": "search_fields",
}
"""Trigram (GIN, `pg_trgm`) indexes for the staff search, made by migration 0010 on
PostgreSQL only; SQLite has no such index (and the model does not declare them)."""

SQLITE_ONLY_INDEXES = {
    "ix_testimonies_search_cover": "search_text, search_fields, estimated_loss_eur",
    "ix_testimonies_created_day": "date(created_at)",
}
"""Indexes made by migration 0011 on SQLite only (the model does not declare them): the
searched text with the loss, so that a search's count and loss total read this index
instead of every whole row (75 against 43 ms at 100 000 testimonies), and the day of
receipt, which the dashboard grouped by without sorting every row again (73 against
17 ms) until migration 0012 kept its counts by triggers and dropped that index.
PostgreSQL has trigram indexes for the first, and cannot index the day of a timestamp with
time zone."""


class Testimony(Base):
    """One confirmed testimony; see `testimony.md` for the meaning of each field."""

    __tablename__ = "testimonies"
    __table_args__ = (
        # the staff list at scale (migration 0010)
        Index("ix_testimonies_estimated_loss_eur", "estimated_loss_eur"),
        Index("ix_testimonies_status_assigned", "status", "assigned_to_id"),
        Index("ix_testimonies_platform_created", "platform", "created_at"),
    )
    __test__ = False  # not a pytest test class, despite its name

    id = Column(Integer, primary_key=True)
    reference = Column(String(32), nullable=False, unique=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    channel = Column(String(32), nullable=False)
    anonymous = Column(Boolean, nullable=False, index=True)
    platform = Column(String(32), nullable=False, index=True)
    platform_other = Column(String(200))
    description = Column(Text, nullable=False)
    started_on = Column(Date)
    reason_given = Column(String(16))
    notice_given = Column(String(16))
    contacted_platform = Column(String(16))
    support_outcome = Column(String(16))
    human_contact = Column(String(16))
    account_access = Column(String(16))
    revenue_share_pct = Column(Integer)
    estimated_loss_eur = Column(BigInteger)
    company_size = Column(String(16))
    sector = Column(String(200))
    wants_contact = Column(Boolean, nullable=False, default=False, index=True)
    share_with_platform = Column(Boolean, nullable=False, default=False)
    company_name = Column(String(300))
    siren = Column(String(9))
    contact_name = Column(String(200))
    email = Column(String(320))
    phone = Column(String(32))
    status = Column(String(16), nullable=False, default="new", server_default="new", index=True)

    # internal columns
    submission_id = Column(String(255), nullable=False, unique=True)
    sender_id = Column(String(255), nullable=False, index=True)
    followup_code_hash = Column(String(64), nullable=False, unique=True)
    identifying_details_flag = Column(Boolean, nullable=False, default=False)
    assigned_to_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    search_text = Column(Text, nullable=False, default="", server_default="")
    """`description` without case and accents, for the staff search; never exported."""
    search_fields = Column(Text, nullable=False, default="", server_default="")
    """The reference and the other searched text fields, folded the same way
    (`bot.storage.search_keys`), for the staff search; never exported."""

    problem_rows = relationship(
        "TestimonyProblem",
        order_by="TestimonyProblem.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    problems = association_proxy(
        "problem_rows", "code", creator=lambda code: TestimonyProblem(code=code)
    )
    """The problem codes, in the order the user gave them (a list of strings)."""

    assigned_to = relationship("StaffUser")
    notes = relationship(
        "StaffNote",
        order_by="StaffNote.created_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    replies = relationship(
        "StaffReply",
        order_by="StaffReply.created_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    followups = relationship(
        "UserFollowup",
        order_by="UserFollowup.created_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    corrections = relationship(
        "FieldCorrection",
        order_by="FieldCorrection.at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @validates("description")
    def _index_description(self, _key: str, value: str) -> str:
        """Keep `search_text` in step with every change of `description`."""
        self.search_text = search_key(value)
        return value

    @validates(*SEARCHED_FIELDS)
    def _index_fields(self, key: str, value: object) -> object:
        """Keep `search_fields` in step with every change of a searched field."""
        values = {name: getattr(self, name) for name in SEARCHED_FIELDS}
        values[key] = value
        self.search_fields = fields_search_key(values)
        return value

    def __repr__(self) -> str:
        return f"<Testimony {self.reference}>"


class TestimonyProblem(Base):
    """One problem code of a testimony (one row per code, for filters and counts)."""

    __tablename__ = "testimony_problems"
    __test__ = False
    __table_args__ = (Index("ix_testimony_problems_code_testimony", "code", "testimony_id"),)

    testimony_id = Column(
        Integer, ForeignKey("testimonies.id", ondelete="CASCADE"), primary_key=True
    )
    code = Column(String(32), primary_key=True)
    position = Column(Integer, nullable=False, default=0)


class DashboardCount(Base):
    """How many testimonies have one value of one dimension the dashboard counts by
    (platform, status, anonymous, wants_contact, day, problem). Kept by triggers of
    migration 0012 on `testimonies` and `testimony_problems`, in the same transaction as
    each change, whatever writes it; never written by the application."""

    __tablename__ = "dashboard_counts"
    __test__ = False

    dimension = Column(String(16), primary_key=True)
    key = Column(String(64), primary_key=True)
    """The code (platform, status, problem), 'true'/'false', or the UTC day 'YYYY-MM-DD'."""
    testimonies = Column(Integer, nullable=False)


class StaffUser(Base):
    """A ministry staff account."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    email = Column(String(320), nullable=False, unique=True)
    role = Column(String(16), nullable=False, default="reviewer")  # 'reviewer' | 'admin'
    password_hash = Column(String(255), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at = Column(UTCDateTime)
    # raised to end every session of the account (logout, new password, disabled, admin)
    session_version = Column(Integer, nullable=False, default=0, server_default="0")
    # a printed password (first admin, an admin's reset) must be replaced at the next login
    must_change_password = Column(Boolean, nullable=False, default=False, server_default=false())
    # the second factor: a TOTP secret (base32) once enrolled, and the last time step accepted
    # so that a code is never accepted twice
    totp_secret = Column(String(64))
    totp_last_step = Column(BigInteger)


class StaffNote(Base):
    """An internal note on a testimony; never shown to the user."""

    __tablename__ = "staff_notes"

    id = Column(Integer, primary_key=True)
    testimony_id = Column(
        Integer, ForeignKey("testimonies.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    author = relationship("StaffUser")


class StaffReply(Base):
    """A reply to the user, read in the chat with the follow-up code; `is_question` when
    staff ask the seller something (the answer comes back as a `UserFollowup`)."""

    __tablename__ = "staff_replies"

    id = Column(Integer, primary_key=True)
    testimony_id = Column(
        Integer, ForeignKey("testimonies.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    is_question = Column(Boolean, nullable=False, default=False, server_default=false())
    read_by_seller_at = Column(UTCDateTime)  # shown in the chat after the code was given

    author = relationship("StaffUser")


class UserFollowup(Base):
    """What the seller wrote later, with the follow-up code: more information
    (`addition`), an answer to a staff question (`answer`, `in_reply_to_id`) or a question
    to staff (`question`)."""

    __tablename__ = "user_followups"

    id = Column(Integer, primary_key=True)
    testimony_id = Column(
        Integer, ForeignKey("testimonies.id", ondelete="CASCADE"), nullable=False, index=True
    )
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    kind = Column(String(16), nullable=False, default="addition", server_default="addition")
    in_reply_to_id = Column(Integer, ForeignKey("staff_replies.id", ondelete="SET NULL"))
    seen_by_staff_at = Column(UTCDateTime)  # staff opened the testimony page since


class StatusChange(Base):
    """A status change of a testimony, for the thread staff and the seller read."""

    __tablename__ = "status_changes"

    id = Column(Integer, primary_key=True)
    testimony_id = Column(
        Integer, ForeignKey("testimonies.id", ondelete="CASCADE"), nullable=False, index=True
    )
    from_status = Column(String(16), nullable=False)
    to_status = Column(String(16), nullable=False)
    at = Column(UTCDateTime, nullable=False, default=utcnow)
    staff_user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))


class Withdrawal(Base):
    """One testimony withdrawn by its seller: a date and nothing else (staff see a count)."""

    __tablename__ = "withdrawals"

    id = Column(Integer, primary_key=True)
    withdrawn_at = Column(UTCDateTime, nullable=False, default=utcnow)


class CodeAttempt(Base):
    """A wrong follow-up code, dated only: the global ceiling per minute against guessing
    (no conversation id, no IP address, no code)."""

    __tablename__ = "code_attempts"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)


class MailOutbox(Base):
    """An e-mail to send (acknowledgement, notice of a reply or status change); retried
    until sent; staff see pending and failed ones."""

    __tablename__ = "mail_outbox"

    id = Column(Integer, primary_key=True)
    testimony_id = Column(
        Integer, ForeignKey("testimonies.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = Column(String(32), nullable=False)  # acknowledgement|reply|status
    recipient = Column(String(320), nullable=False)
    subject = Column(String(200), nullable=False)
    body = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    attempts = Column(Integer, nullable=False, default=0, server_default="0")
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    last_error = Column(String(200))
    sent_at = Column(UTCDateTime)


class AuditLog(Base):
    """Who viewed, changed, exported or deleted what, and when (no IP address, ever)."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    staff_user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    action = Column(String(32), nullable=False)  # view|change|export|delete|login|login_failed
    target_type = Column(String(32))
    target_id = Column(String(64))
    detail = Column(Text)

    staff_user = relationship("StaffUser")


class FieldCorrection(Base):
    """A field staff corrected (a value the seller mistyped): what it was and what it became,
    as staff read them, who and when. Never in the audit log, which holds no content."""

    __tablename__ = "field_corrections"

    id = Column(Integer, primary_key=True)
    testimony_id = Column(
        Integer, ForeignKey("testimonies.id", ondelete="CASCADE"), nullable=False, index=True
    )
    field = Column(String(32), nullable=False)
    old_value = Column(Text)
    new_value = Column(Text)
    staff_user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="SET NULL"))
    at = Column(UTCDateTime, nullable=False, default=utcnow)

    staff_user = relationship("StaffUser")


class RateLimitFlag(Base):
    """A conversation that hit a chat flood limit: its testimony, if any, is shown to staff
    as "to check". Only the derived conversation id, never an address or a message."""

    __tablename__ = "rate_limit_flags"

    sender_id = Column(String(255), primary_key=True)
    reason = Column(String(16), nullable=False)  # 'conversation' | 'lifetime' | 'client'
    flagged_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)


class RecoveryCode(Base):
    """A one-time code that replaces the second factor once (a lost phone), kept hashed."""

    __tablename__ = "staff_recovery_codes"

    id = Column(Integer, primary_key=True)
    staff_user_id = Column(
        Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code_hash = Column(String(255), nullable=False)
    used_at = Column(UTCDateTime)


class LoginFailure(Base):
    """One failed staff login, counted across every web worker: the e-mail typed is kept
    only as a SHA-256 key (an attempt may type a password in the e-mail field)."""

    __tablename__ = "login_failures"

    id = Column(Integer, primary_key=True)
    email_key = Column(String(64), nullable=False, index=True)
    at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
