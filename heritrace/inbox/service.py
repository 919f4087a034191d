"""The inbox: notices addressed to an organisation, read by its members."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from heritrace.core.actor import Actor
from heritrace.core.errors import NotFound
from heritrace.core.i18n import Message, _, english, messages_json
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.inbox.models import InboxEntry


@dataclass(frozen=True)
class Notice:
    """An inbox entry to post; a subject or body given as a Message is shown in each reader's
    language (the English text is stored as well)."""

    organisation_id: int
    kind: str
    subject: str | Message
    body: str | Message
    object_id: str | None = None
    check_id: str | None = None
    user_id: int | None = None
    alert_id: int | None = None

    def entry(self) -> InboxEntry:
        return InboxEntry(
            **{**self.__dict__, "subject": english(self.subject)[:500], "body": english(self.body)},
            message=messages_json(subject=self.subject, body=self.body),
        )


def _addressed_to(actor: Actor):  # noqa: ANN202
    """Entries of the actor's organisation that are for everyone in it or for the actor alone."""
    return (InboxEntry.organisation_id == actor.organisation_id) & (
        InboxEntry.user_id.is_(None) | (InboxEntry.user_id == actor.user_id)
    )


class Inbox:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def post(self, notices: list[Notice]) -> None:
        if not notices:
            return
        with self.sessions.begin() as s:
            s.add_all(n.entry() for n in notices)

    def entries(self, actor: Actor, limit: int = 200) -> list[InboxEntry]:
        """The actor's organisation's entries, newest first (nobody else's, whoever asks)."""
        if actor.organisation_id is None:
            return []
        query = (
            select(InboxEntry)
            .where(_addressed_to(actor))
            .order_by(InboxEntry.created_at.desc(), InboxEntry.id.desc())
            .limit(limit)
        )
        with self.sessions() as s:
            return list(s.scalars(query))

    def unread_count(self, actor: Actor) -> int:
        if actor.organisation_id is None:
            return 0
        query = select(func.count(InboxEntry.id)).where(_addressed_to(actor), InboxEntry.read_at.is_(None))
        with self.sessions() as s:
            return int(s.scalar(query) or 0)

    def mark_read(self, actor: Actor, entry_id: int) -> None:
        with writing(), self.sessions.begin() as s:
            done = s.execute(
                update(InboxEntry)
                .where(
                    InboxEntry.id == entry_id,
                    _addressed_to(actor),
                    InboxEntry.organisation_id.is_not(None),
                )
                .values(read_at=func.coalesce(InboxEntry.read_at, utcnow()))
            )
            if done.rowcount == 0:
                raise NotFound(_("no such inbox entry"))
