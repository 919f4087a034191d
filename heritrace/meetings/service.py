"""Use cases of regular meetings: series, meetings (agenda, participants, documents, minutes,
decisions, action items), the action tracker across meetings, reminders of actions falling due or
overdue (through the alert delivery), and iCalendar files of a meeting and of a series.

Reads go through ``access.policy.restrict``: a meeting is read like a register record of its
classification; a ``restricted`` meeting also by its participating organisations. The convening
organisation's registrars and administrators (and platform administrators) edit a meeting; the
owner organisation of an action also updates that action's status and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import restrict
from heritrace.alerts.models import Alert
from heritrace.audit.service import AuditLog
from heritrace.cases.documents import Attachment, DocumentStore
from heritrace.core.actor import WRITER_ROLES, Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import N_, Message, _, ngettext
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.meetings.models import (
    CANCELLED_ACTION,
    OPEN_ACTION_STATES,
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingDocument,
    MeetingParticipant,
    MeetingSeries,
)
from heritrace.meetings.schemas import (
    ActionIn,
    ActionUpdateIn,
    AgendaItemIn,
    DecisionIn,
    MeetingIn,
    MinutesIn,
    ParticipantIn,
    SeriesIn,
)
from heritrace.partners.models import Organisation
from heritrace.partners.service import organisation_names

ENTITY = "meeting"
NOTICE = "meeting_action"
DEFAULT_LENGTH = timedelta(hours=2)


def may_convene(actor: Actor) -> bool:
    """Registrars and administrators of vetted partners (and platform administrators) convene."""
    if actor.has_role("platform_admin"):
        return True
    return actor.organisation_id is not None and actor.vetted and bool(WRITER_ROLES & actor.roles)


def may_edit(actor: Actor, organisation_id: int | None) -> bool:
    """The convening organisation's registrars and administrators edit its series and meetings."""
    if actor.has_role("platform_admin"):
        return True
    return (
        organisation_id is not None
        and actor.organisation_id == organisation_id
        and bool(WRITER_ROLES & actor.roles)
    )


def may_update_action(actor: Actor, meeting: Meeting, action: ActionItem) -> bool:
    """The convener, and any member of the action's owner organisation."""
    owner = action.owner_organisation_id
    return may_edit(actor, meeting.organisation_id) or (
        owner is not None and actor.organisation_id == owner and actor.may("write")
    )


def is_overdue(action: ActionItem, today: date | None = None) -> bool:
    return (
        action.status in OPEN_ACTION_STATES
        and action.due_on is not None
        and action.due_on < (today or date.today())
    )


def as_utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def snapshot(m: Meeting) -> dict:
    return {
        "title": m.title,
        "series_id": m.series_id,
        "starts_at": m.starts_at.isoformat(),
        "status": m.status,
        "classification": m.classification,
        "participants": [[p.organisation_id, p.person] for p in m.participants],
    }


def action_snapshot(a: ActionItem) -> dict:
    return {
        "title": a.title,
        "owner_organisation_id": a.owner_organisation_id,
        "due_on": a.due_on.isoformat() if a.due_on else None,
        "status": a.status,
        "notes": a.notes,
    }


class MeetingService:
    def __init__(self, sessions: sessionmaker[Session], files: DocumentStore, notify: Callable[..., None]):
        self.sessions = sessions
        self.files = files
        self.notify = notify  # AlertService.notify: reminders reach owners through their channels

    # -- series ------------------------------------------------------------------------------------

    def create_series(self, actor: Actor, data: SeriesIn) -> MeetingSeries:
        if not may_convene(actor):
            raise Forbidden(_("meeting series are set up by registrars and administrators of partners"))
        with self.sessions.begin() as s:
            series = MeetingSeries(
                title=data.title,
                description=data.description,
                classification=data.classification,
                organisation_id=actor.organisation_id,
                created_by=actor.name[:200],
                created_at=utcnow(),
            )
            s.add(series)
            s.flush()
            AuditLog(s).record(
                actor, "meeting_series.create", "meeting_series", str(series.id), None,
                {"title": series.title, "classification": series.classification},
            )  # fmt: skip
            s.expunge(series)
        return series

    def list_series(self, actor: Actor) -> list[tuple[MeetingSeries, int]]:
        with self.sessions() as s:
            series = list(
                s.scalars(restrict(select(MeetingSeries), actor, MeetingSeries).order_by(MeetingSeries.title))
            )
            meetings = self._readable(s, actor).where(Meeting.series_id.is_not(None))
            counts: dict[int, int] = {}
            for m in s.scalars(meetings):
                counts[m.series_id] = counts.get(m.series_id, 0) + 1
            return [(x, counts.get(x.id, 0)) for x in series]

    def get_series(self, actor: Actor, series_id: int) -> tuple[MeetingSeries, list[Meeting]]:
        with self.sessions() as s:
            series = self._series(s, actor, series_id)
            meetings = s.scalars(
                self._readable(s, actor).where(Meeting.series_id == series_id).order_by(Meeting.starts_at)
            )
            return series, list(meetings)

    @staticmethod
    def _series(s: Session, actor: Actor, series_id: int) -> MeetingSeries:
        query = restrict(select(MeetingSeries).where(MeetingSeries.id == series_id), actor, MeetingSeries)
        found = s.scalar(query)
        if found is None:
            raise NotFound(_("no meeting series %(id)s that you may read", id=series_id))
        return found

    # -- meetings ----------------------------------------------------------------------------------

    @staticmethod
    def _readable(s: Session, actor: Actor):  # noqa: ANN205
        return restrict(select(Meeting), actor, Meeting)

    def list(self, actor: Actor, series_id: int | None = None, limit: int = 500) -> list[Meeting]:
        with self.sessions() as s:
            query = self._readable(s, actor)
            if series_id is not None:
                query = query.where(Meeting.series_id == series_id)
            return list(s.scalars(query.order_by(Meeting.starts_at.desc()).limit(limit)))

    def get(self, actor: Actor, meeting_id: int) -> Meeting:
        with self.sessions() as s:
            return self._load(s, actor, meeting_id)

    def _load(self, s: Session, actor: Actor, meeting_id: int, lock: bool = False) -> Meeting:
        query = self._readable(s, actor).where(Meeting.id == meeting_id)
        if lock:
            query = query.with_for_update(of=Meeting)
        found = s.scalar(query)
        if found is None:
            raise NotFound(_("no meeting %(id)s that you may read", id=meeting_id))
        return found

    def _editable(self, s: Session, actor: Actor, meeting_id: int) -> Meeting:
        """The meeting an edit changes, its row held until the edit commits (PostgreSQL; SQLite's
        writer holds the write lock): edits check its status and count its calendar sequence."""
        m = self._load(s, actor, meeting_id, lock=True)
        if not may_edit(actor, m.organisation_id):
            raise Forbidden(
                _("only the convening organisation's registrars and administrators edit a meeting")
            )
        return m

    def create(self, actor: Actor, data: MeetingIn) -> Meeting:
        """A meeting, alone or in a series. In a series its agenda starts with the actions still open
        from the series' earlier meetings (the last one's first), then the items given."""
        if not may_convene(actor):
            raise Forbidden(_("meetings are convened by registrars and administrators of partners"))
        starts = as_utc_naive(data.starts_at)
        ends = as_utc_naive(data.ends_at) if data.ends_at else starts + DEFAULT_LENGTH
        if ends <= starts:
            raise ValidationFailed({"ends_at": _("the meeting ends after it starts")})
        with self.sessions.begin() as s:
            carried: list[ActionItem] = []
            if data.series_id is not None:
                series = self._series(s, actor, data.series_id)
                if not may_edit(actor, series.organisation_id):
                    raise Forbidden(_("only the series' convening organisation adds meetings to it"))
                carried = open_actions_before(s, data.series_id, starts)
            self._check_organisations(s, {p.organisation_id for p in data.participants})
            m = Meeting(
                series_id=data.series_id,
                title=data.title,
                starts_at=starts,
                ends_at=ends,
                place=data.place,
                online_url=data.online_url,
                classification=data.classification,
                organisation_id=actor.organisation_id,
                status="planned",
                created_by=actor.name[:200],
                created_at=utcnow(),
                sequence=0,
            )
            items = [
                AgendaItem(title=_carried_title(a)[:500], notes=a.notes, action_id=a.id) for a in carried
            ] + [AgendaItem(title=t, notes="") for t in data.agenda]
            for n, item in enumerate(items, 1):
                item.position = n
            m.agenda = items
            m.participants = [_participant(p) for p in data.participants]
            s.add(m)
            s.flush()
            AuditLog(s).record(actor, "meeting.create", ENTITY, str(m.id), None, snapshot(m))
            meeting_id = m.id
        return self.get(actor, meeting_id)

    def add_agenda_item(self, actor: Actor, meeting_id: int, data: AgendaItemIn) -> AgendaItem:
        with self.sessions.begin() as s:
            m = self._editable(s, actor, meeting_id)
            item = AgendaItem(title=data.title, notes=data.notes, position=len(m.agenda) + 1)
            m.agenda.append(item)
            m.sequence += 1
            s.flush()
            AuditLog(s).record(actor, "meeting.agenda", ENTITY, str(m.id), None, {"item": item.title})
            s.expunge(item)
        return item

    def add_participant(self, actor: Actor, meeting_id: int, data: ParticipantIn) -> MeetingParticipant:
        with self.sessions.begin() as s:
            m = self._editable(s, actor, meeting_id)
            self._check_organisations(s, {data.organisation_id})
            p = _participant(data)
            m.participants.append(p)
            s.flush()
            AuditLog(s).record(
                actor, "meeting.participant", ENTITY, str(m.id), None,
                {"organisation_id": p.organisation_id, "person": p.person, "role": p.role},
            )  # fmt: skip
            s.expunge(p)
        return p

    def add_document(self, actor: Actor, meeting_id: int, title: str, upload: Attachment) -> MeetingDocument:
        title = (title or upload.filename or "document").strip()[:300]
        with self.sessions.begin() as s:
            m = self._editable(s, actor, meeting_id)
            doc = MeetingDocument(
                title=title,
                filename=(upload.filename or "document").strip()[:300],
                media_type=(upload.media_type or "application/octet-stream")[:120],
                size=len(upload.data),
                sha256=self.files.put(upload.data),
                uploaded_at=utcnow(),
                uploaded_by=actor.name[:200],
            )
            m.documents.append(doc)
            s.flush()
            AuditLog(s).record(
                actor, "meeting.document", ENTITY, str(m.id), None, {"title": title, "sha256": doc.sha256}
            )
            s.expunge(doc)
        return doc

    def document(self, actor: Actor, meeting_id: int, document_id: int) -> tuple[MeetingDocument, bytes]:
        m = self.get(actor, meeting_id)
        doc = next((d for d in m.documents if d.id == document_id), None)
        if doc is None:
            raise NotFound(
                _("no document %(document)s in meeting %(id)s", document=document_id, id=meeting_id)
            )
        return doc, self.files.read(doc.sha256)

    def record_minutes(self, actor: Actor, meeting_id: int, data: MinutesIn) -> Meeting:
        """The minutes: recording them marks the meeting as held."""
        with self.sessions.begin() as s:
            m = self._editable(s, actor, meeting_id)
            _not_cancelled(m, "minutes")
            before = snapshot(m)
            m.minutes, m.minutes_at, m.minutes_by = data.minutes, utcnow(), actor.name[:200]
            m.status = "held"
            m.sequence += 1
            AuditLog(s).record(
                actor,
                "meeting.minutes",
                ENTITY,
                str(m.id),
                before,
                {**snapshot(m), "minutes": len(m.minutes)},
            )
        return self.get(actor, meeting_id)

    def edit_agenda_item(
        self, actor: Actor, meeting_id: int, item_id: int, data: AgendaItemIn | None
    ) -> Meeting:
        """Change an agenda item's title and notes, or remove it (``data`` None): the rest renumbered,
        its decisions unlinked."""
        return self._amend(actor, meeting_id, AGENDA_ITEM, item_id, data)

    def edit_decision(
        self, actor: Actor, meeting_id: int, decision_id: int, data: DecisionIn | None
    ) -> Meeting:
        """Change a decision's text (and agenda item), or remove it (its actions stay, unlinked)."""
        return self._amend(actor, meeting_id, DECISION, decision_id, data)

    def remove_participant(self, actor: Actor, meeting_id: int, participant_id: int) -> Meeting:
        return self._amend(actor, meeting_id, PARTICIPANT, participant_id, None)

    def _amend(self, actor: Actor, meeting_id: int, part: Part, part_id: int, data: object | None) -> Meeting:
        """Edit one part of a meeting with ``data``, or remove it (``data`` None), audited as
        ``<part.verb>.edit`` or ``<part.verb>.remove`` with its state before and after."""
        with self.sessions.begin() as s:
            m = self._editable(s, actor, meeting_id)
            parts = part.of(m)
            found = _one(parts, part_id, part.what, meeting_id)
            before = part.view(found)
            if data is None:
                parts.remove(found)
                if part.detach is not None:
                    part.detach(m, found)
                after = None
            else:
                if part.apply is None:
                    raise TypeError(f"a meeting's {part.what} is removed, never edited")
                part.apply(m, found, data)
                after = part.view(found)
            if part.in_calendar:
                m.sequence += 1
            verb = f"{part.verb}.remove" if data is None else f"{part.verb}.edit"
            AuditLog(s).record(actor, verb, ENTITY, str(m.id), before, after)
        return self.get(actor, meeting_id)

    def cancel(self, actor: Actor, meeting_id: int) -> Meeting:
        """Cancel a planned meeting: its calendar entry becomes a cancellation (``METHOD:CANCEL``) and
        its open actions are cancelled with it (no longer open work, tracked or reminded, until their
        owner or the convener takes one up again by setting it open)."""
        with self.sessions.begin() as s:
            m = self._editable(s, actor, meeting_id)
            if m.status == "held":
                raise Conflict(_("a meeting whose minutes are recorded was held: it cannot be cancelled"))
            if m.status == "cancelled":
                raise Conflict(_("the meeting is already cancelled"))
            before = snapshot(m)
            m.status = "cancelled"
            m.sequence += 1
            audit = AuditLog(s)
            audit.record(actor, "meeting.cancel", ENTITY, str(m.id), before, snapshot(m))
            now = utcnow()
            for a in m.actions:
                if a.status in OPEN_ACTION_STATES:
                    was = action_snapshot(a)
                    a.status, a.completed_at, a.updated_at = CANCELLED_ACTION, now, now
                    after = action_snapshot(a)
                    audit.record(actor, "meeting.action.cancel", "meeting_action", str(a.id), was, after)
        return self.get(actor, meeting_id)

    def add_decision(self, actor: Actor, meeting_id: int, data: DecisionIn) -> Decision:
        with self.sessions.begin() as s:
            m = self._editable(s, actor, meeting_id)
            _not_cancelled(m, "decisions")
            _check_agenda_item(m, data.agenda_item_id)
            d = Decision(
                text=data.text, agenda_item_id=data.agenda_item_id, created_by=actor.name[:200],
                created_at=utcnow(),
            )  # fmt: skip
            m.decisions.append(d)
            s.flush()
            AuditLog(s).record(
                actor, "meeting.decision", ENTITY, str(m.id), None, {"decision": d.id, "text": d.text}
            )
            s.expunge(d)
        return d

    def add_action(self, actor: Actor, meeting_id: int, data: ActionIn) -> ActionItem:
        with self.sessions.begin() as s:
            m = self._editable(s, actor, meeting_id)
            _not_cancelled(m, "actions")
            if data.decision_id is not None and data.decision_id not in {d.id for d in m.decisions}:
                raise ValidationFailed({"decision_id": _("not a decision of this meeting")})
            self._check_organisations(s, {data.owner_organisation_id}, "owner_organisation_id")
            now = utcnow()
            a = ActionItem(
                title=data.title,
                owner_organisation_id=data.owner_organisation_id,
                due_on=data.due_on,
                decision_id=data.decision_id,
                notes=data.notes,
                status="open",
                created_by=actor.name[:200],
                created_at=now,
                updated_at=now,
            )
            m.actions.append(a)
            s.flush()
            AuditLog(s).record(actor, "meeting.action", "meeting_action", str(a.id), None, action_snapshot(a))
            action_id = a.id
        return self.action(actor, action_id)[0]

    # -- actions across meetings -------------------------------------------------------------------

    def action(self, actor: Actor, action_id: int) -> tuple[ActionItem, Meeting]:
        with self.sessions() as s:
            return self._action(s, actor, action_id)

    def _action(self, s: Session, actor: Actor, action_id: int) -> tuple[ActionItem, Meeting]:
        row = s.execute(
            self._readable(s, actor)
            .add_columns(ActionItem)
            .join(ActionItem, ActionItem.meeting_id == Meeting.id)
            .where(ActionItem.id == action_id)
        ).first()
        if row is None:
            raise NotFound(_("no action %(id)s that you may read", id=action_id))
        meeting, action = row
        return action, meeting

    def update_action(self, actor: Actor, action_id: int, data: ActionUpdateIn) -> ActionItem:
        """Status, notes or due date; done (or dropped) records when it was completed."""
        if data.status is None and data.notes is None and data.due_on is None:
            raise ValidationFailed({"status": _("give a status, notes or a due date")})
        with self.sessions.begin() as s:
            a, m = self._action(s, actor, action_id)
            if not may_update_action(actor, m, a):
                raise Forbidden(_("the convening organisation and the action's owner update an action"))
            before = action_snapshot(a)
            now = utcnow()
            if data.status is not None and data.status != a.status:
                a.status = data.status
                a.completed_at = None if data.status in OPEN_ACTION_STATES else now
            if data.notes is not None:
                a.notes = data.notes
            if data.due_on is not None:
                a.due_on = data.due_on
            a.updated_at = now
            AuditLog(s).record(
                actor, "meeting.action.update", "meeting_action", str(a.id), before, action_snapshot(a)
            )
        return self.action(actor, action_id)[0]

    def actions(
        self,
        actor: Actor,
        status: str | None = None,
        owner_organisation_id: int | None = None,
        series_id: int | None = None,
        limit: int = 1000,
    ) -> list[tuple[ActionItem, Meeting]]:
        """The action tracker: actions of every meeting the actor reads, due first, open before done."""
        with self.sessions() as s:
            query = (
                self._readable(s, actor)
                .add_columns(ActionItem)
                .join(ActionItem, ActionItem.meeting_id == Meeting.id)
            )
            if status == "open":
                query = query.where(ActionItem.status.in_(OPEN_ACTION_STATES))
            elif status == "overdue":
                query = query.where(
                    ActionItem.status.in_(OPEN_ACTION_STATES), ActionItem.due_on < date.today()
                )
            elif status:
                query = query.where(ActionItem.status == status)
            if owner_organisation_id is not None:
                query = query.where(ActionItem.owner_organisation_id == owner_organisation_id)
            if series_id is not None:
                query = query.where(Meeting.series_id == series_id)
            rows = s.execute(query.limit(limit)).all()
        found = [(a, m) for m, a in rows]
        found.sort(
            key=lambda am: (
                am[0].status not in OPEN_ACTION_STATES,
                am[0].due_on or date.max,
                am[0].id,
            )
        )
        return found

    # -- reminders ---------------------------------------------------------------------------------

    def remind(self, as_of: date | None = None, within_days: int = 7) -> int:
        """Notices (through the alert delivery: inbox, e-mail, webhook as each member subscribed) to
        the owner organisation of each open action due within ``within_days``, and to the owner and the
        convener of each overdue action. Each is sent once per action and due date. Returns how many
        were sent now."""
        today = as_of or date.today()
        horizon = today + timedelta(days=within_days)
        with writing(), self.sessions() as s:
            rows = s.execute(
                select(ActionItem, Meeting)
                .join(Meeting, Meeting.id == ActionItem.meeting_id)
                .where(
                    ActionItem.status.in_(OPEN_ACTION_STATES),
                    ActionItem.due_on.is_not(None),
                    ActionItem.due_on <= horizon,
                )
                .order_by(ActionItem.id)
            ).all()
            planned = []
            for a, m in rows:
                overdue = a.due_on < today
                key = f"meeting-action:{a.id}:{'overdue' if overdue else 'due'}:{a.due_on.isoformat()}"
                if s.scalar(select(Alert.id).where(Alert.event_key == key)) is not None:
                    continue
                to = {a.owner_organisation_id or m.organisation_id}
                if overdue:
                    to.add(m.organisation_id)
                planned.append((a.id, a.title, a.due_on, a.notes, m.id, m.title, overdue, key, to))
        sent = 0
        for action_id, title, due, notes, meeting_id, meeting_title, overdue, key, to in planned:
            recipients = sorted(o for o in to if o is not None)
            if not recipients:
                continue
            if overdue:
                what = Message(N_("overdue since %(date)s"), {"date": due.isoformat()})
            else:
                what = Message(N_("due on %(date)s"), {"date": due.isoformat()})
            said = {"action": action_id, "meeting": meeting_title, "what": what}
            body = Message(N_("Action %(action)s from the meeting '%(meeting)s' is %(what)s."), said)
            if notes:
                body = Message(
                    N_("Action %(action)s from the meeting '%(meeting)s' is %(what)s.\n%(notes)s"),
                    {**said, "notes": notes},
                )
            self.notify(
                recipients,
                NOTICE,
                Message(N_("Action %(what)s: %(title)s"), {"what": what, "title": title}),
                body,
                link=f"/meetings/{meeting_id}#action-{action_id}",
                event_key=key,
            )
            sent += 1
        return sent

    # -- helpers -----------------------------------------------------------------------------------

    def organisation_names(self, ids: set[int | None]) -> dict[int, str]:
        with self.sessions() as s:
            return organisation_names(s, ids)

    def organisations(self) -> list[Organisation]:
        """Vetted organisations that may take part or own actions (the forms' choices)."""
        with self.sessions() as s:
            query = select(Organisation).where(Organisation.vetting == "vetted").order_by(Organisation.name)
            return list(s.scalars(query))

    def series_names(self, ids: set[int | None]) -> dict[int, str]:
        wanted = [i for i in ids if i is not None]
        if not wanted:
            return {}
        with self.sessions() as s:
            return dict(
                s.execute(
                    select(MeetingSeries.id, MeetingSeries.title).where(MeetingSeries.id.in_(wanted))
                ).all()
            )

    @staticmethod
    def _check_organisations(s: Session, ids: set[int | None], field: str = "participants") -> None:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return
        known = set(s.scalars(select(Organisation.id).where(Organisation.id.in_(wanted))))
        if wanted - known:
            raise ValidationFailed(
                {
                    field: ngettext(
                        "unknown organisation: %(ids)s",
                        "unknown organisations: %(ids)s",
                        len(wanted - known),
                        ids=", ".join(map(str, sorted(wanted - known))),
                    )
                }
            )


# the refusal for a part of a meeting that is not there, by the part's name (``Part.what``)
MISSING_PART = {
    "agenda item": N_("no agenda item %(id)s in meeting %(meeting)s"),
    "decision": N_("no decision %(id)s in meeting %(meeting)s"),
    "participant": N_("no participant %(id)s in meeting %(meeting)s"),
}
# the refusal to add to a cancelled meeting, by what is added
CANCELLED_TAKES_NO = {
    "minutes": N_("the meeting was cancelled: it takes no minutes"),
    "decisions": N_("the meeting was cancelled: it takes no decisions"),
    "actions": N_("the meeting was cancelled: it takes no actions"),
}


def _one(items, item_id: int, what: str, meeting_id: int):  # noqa: ANN001, ANN202
    found = next((i for i in items if i.id == item_id), None)
    if found is None:
        raise NotFound(_(MISSING_PART[what], id=item_id, meeting=meeting_id))
    return found


@dataclass(frozen=True)
class Part:
    """A part of a meeting its convener edits or removes: how it is found, shown in the audit trail,
    changed, and what refers to it once it is removed."""

    what: str  # in messages: "agenda item"
    verb: str  # the audit action's stem: "meeting.agenda"
    of: Callable[[Meeting], list]
    view: Callable[[Any], dict]
    in_calendar: bool  # a change raises the calendar file's SEQUENCE
    apply: Callable[[Meeting, Any, Any], None] | None = None  # None: removed, never edited
    detach: Callable[[Meeting, Any], None] | None = None


def _not_cancelled(m: Meeting, what: str) -> None:
    if m.status == "cancelled":
        raise Conflict(_(CANCELLED_TAKES_NO[what]))


def _check_agenda_item(m: Meeting, agenda_item_id: int | None) -> None:
    if agenda_item_id is not None and agenda_item_id not in {i.id for i in m.agenda}:
        raise ValidationFailed({"agenda_item_id": _("not an item of this meeting's agenda")})


def _edit_agenda_item(m: Meeting, item: AgendaItem, data: AgendaItemIn) -> None:
    item.title, item.notes = data.title, data.notes


def _detach_agenda_item(m: Meeting, item: AgendaItem) -> None:
    for d in m.decisions:
        if d.agenda_item_id == item.id:
            d.agenda_item_id = None
    for n, other in enumerate(m.agenda, 1):
        other.position = n


def _edit_decision(m: Meeting, d: Decision, data: DecisionIn) -> None:
    _check_agenda_item(m, data.agenda_item_id)
    d.text, d.agenda_item_id = data.text, data.agenda_item_id


def _detach_decision(m: Meeting, d: Decision) -> None:
    for a in m.actions:
        if a.decision_id == d.id:
            a.decision_id = None


AGENDA_ITEM = Part(
    "agenda item", "meeting.agenda", lambda m: m.agenda,
    lambda i: {"item": i.id, "title": i.title, "notes": i.notes},
    in_calendar=True, apply=_edit_agenda_item, detach=_detach_agenda_item,
)  # fmt: skip
DECISION = Part(
    "decision", "meeting.decision", lambda m: m.decisions,
    lambda d: {"decision": d.id, "text": d.text, "agenda_item_id": d.agenda_item_id},
    in_calendar=False, apply=_edit_decision, detach=_detach_decision,
)  # fmt: skip
PARTICIPANT = Part(
    "participant", "meeting.participant", lambda m: m.participants,
    lambda p: {"organisation_id": p.organisation_id, "person": p.person, "role": p.role},
    in_calendar=True,
)  # fmt: skip


def open_actions_before(s: Session, series_id: int, starts: datetime) -> list[ActionItem]:
    """Actions still open from the series' meetings that start before ``starts``: the last meeting's
    first, then older ones."""
    rows = s.execute(
        select(ActionItem)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(
            Meeting.series_id == series_id,
            Meeting.starts_at < starts,
            ActionItem.status.in_(OPEN_ACTION_STATES),
        )
        .order_by(Meeting.starts_at.desc(), ActionItem.id)
    )
    return list(rows.scalars())


def _carried_title(a: ActionItem) -> str:
    due = f" (due {a.due_on.isoformat()})" if a.due_on else ""
    return f"Open action: {a.title}{due}"


def _participant(p: ParticipantIn) -> MeetingParticipant:
    return MeetingParticipant(organisation_id=p.organisation_id, person=p.person.strip(), role=p.role)
