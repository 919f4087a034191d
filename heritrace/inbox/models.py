"""An organisation's inbox: notices for its people, such as a due-diligence hit on one of its records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heritrace.core.i18n import shown
from heritrace.db.base import Base, utcnow


class InboxEntry(Base):
    __tablename__ = "inbox_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    object_id: Mapped[str | None] = mapped_column(String(120), nullable=True)  # the record's external id
    check_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # alerts are addressed to one member (their rights decided what they may read); None: the whole
    # organisation
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    alert_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # the subject and body as messages (JSON, core.i18n.Message): shown in the reader's language
    message: Mapped[str | None] = mapped_column(Text, nullable=True)

    def shown(self) -> tuple[str, str]:
        """(subject, body) in the reader's language when the entry keeps its message, else as written."""
        return shown(self.message, "subject", self.subject), shown(self.message, "body", self.body)
