"""Case files: opening, editing with optimistic locking, the procedure, documents, messages,
compensation claims, the due-diligence record and the summary report. Reads use ``restrict``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import can_read, can_write, may_see_need_to_know, restrict
from heritrace.access.redaction import redact_record
from heritrace.audit.service import AuditLog
from heritrace.cases import compensation, outputs, report, statistics
from heritrace.cases.deadlines import deadline_panel, remind_due
from heritrace.cases.documents import Attachment, DocumentStore, Integrity
from heritrace.cases.facts import check_facts, fact_values, split
from heritrace.cases.messages import (
    author_line,
    check_message,
    notices_for,
    participants,
    text_digest,
    visible_messages,
)
from heritrace.cases.models import (
    CaseDocument,
    CaseEvent,
    CaseMessage,
    CaseObject,
    CaseParty,
    CaseShare,
    CompensationClaim,
    ReturnCase,
)
from heritrace.cases.schemas import CaseIn, CaseUpdate, CompensationIn, PartyIn, TransitionIn
from heritrace.cases.states import CASE_WORKERS, LABELS, STATES, TERMINAL, Transition, transition
from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import _
from heritrace.core.labels import labels
from heritrace.db.base import utcnow
from heritrace.diligence.history import CheckOnRecord, checks_on, resolve_cited
from heritrace.diligence.signing import PlatformKey
from heritrace.inbox.service import Inbox
from heritrace.legal.data import StatesTable
from heritrace.objects.models import CulturalObject
from heritrace.objects.service import readable_record
from heritrace.partners.models import Organisation

ENTITY = "return_case"


def may_work_on(actor: Actor, case: ReturnCase) -> bool:
    """Case work (transitions, documents): the case's organisation's people, investigators included."""
    if actor.has_role("platform_admin"):
        return True
    own = actor.organisation_id is not None and case.organisation_id == actor.organisation_id
    return own and bool(CASE_WORKERS & actor.roles)


def snapshot(case: ReturnCase) -> dict:
    """What the audit log keeps of a case before and after a change."""
    return {
        "title": case.title,
        "state": case.state,
        "classification": case.classification,
        "legal_basis": case.legal_basis,
        "version": case.version,
        **fact_values(case),
        "parties": [(p.role, p.name) for p in case.parties],
    }


class CaseService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        documents: DocumentStore,
        inbox: Inbox,
        signing_key: Callable[[], PlatformKey],
        states: Callable[[], StatesTable] | None = None,
    ):
        self.sessions = sessions
        self.documents = documents
        self.inbox = inbox
        self._signing_key = signing_key
        self._states = states  # the law database's States Parties tables (shipped ones when None)

    def states(self) -> StatesTable | None:
        return self._states() if self._states is not None else None

    @cached_property
    def key(self) -> PlatformKey:
        """The platform's certificate key, to verify the due-diligence certificates of a case's objects."""
        return self._signing_key()

    # reading
    def list(self, actor: Actor, state: str | None = None) -> list[ReturnCase]:
        query = restrict(select(ReturnCase), actor, ReturnCase).order_by(ReturnCase.updated_at.desc())
        if state:
            query = query.where(ReturnCase.state == state)
        with self.sessions() as s:
            return list(s.scalars(query.limit(500)))

    def get(self, actor: Actor, case_id: int) -> ReturnCase:
        with self.sessions() as s:
            return self._load(s, actor, case_id)

    def _load(self, s: Session, actor: Actor, case_id: int) -> ReturnCase:
        query = restrict(select(ReturnCase).where(ReturnCase.id == case_id), actor, ReturnCase)
        case = s.scalar(query)
        if case is None:
            raise NotFound(_("no case %(id)s that you may read", id=case_id))
        return case

    def visible_documents(self, actor: Actor, case: ReturnCase) -> list[CaseDocument]:
        named = participants(case)
        return [d for d in case.documents if can_read(actor, d.classification, case.organisation_id, named)]

    def readable_object_ids(self, actor: Actor, cases: list[ReturnCase]) -> set[int]:
        """Which of the cases' records the actor may read: a reader of a case sees the register ids
        of those only (a case may name a record that is more restricted than the case)."""
        ids = {o.object_id for case in cases for o in case.objects}
        if not ids:
            return set()
        with self.sessions() as s:
            return set(s.scalars(_readable(CulturalObject.id, actor, ids)))

    def _readable_objects(self, s: Session, actor: Actor, case: ReturnCase) -> list[CulturalObject]:
        """The case's objects the actor may read, in the case's order."""
        ids = [o.object_id for o in case.objects]
        return sorted(s.scalars(_readable(CulturalObject, actor, ids)), key=lambda o: ids.index(o.id))

    # writing
    def create(self, actor: Actor, data: CaseIn) -> ReturnCase:
        if not can_write(actor, actor.organisation_id) or (
            actor.organisation_id is None and not actor.has_role("platform_admin")
        ):
            raise Forbidden(_("opening a case needs a registrar or administrator of an organisation"))
        facts = check_facts(data)
        with self.sessions.begin() as s:
            case = ReturnCase(
                title=data.title.strip(),
                summary=data.summary,
                classification=data.classification,
                organisation_id=actor.organisation_id,
                legal_basis=data.legal_basis,
                **facts,
            )
            case.objects = self._objects(s, actor, data.object_ids)
            case.parties = _parties(data.parties)
            case.events = [
                CaseEvent(actor=actor.name, kind="opened", to_state="opened", note=data.summary[:500])
            ]
            s.add(case)
            s.flush()
            AuditLog(s).record(actor, "case.open", ENTITY, str(case.id), None, snapshot(case))
            case_id = case.id
        return self.get(actor, case_id)

    def _objects(self, s: Session, actor: Actor, external_ids: list[str]) -> list[CaseObject]:
        wanted = list(dict.fromkeys(i.strip() for i in external_ids if i.strip()))
        # each id as the register reads it: exactly (one query for all), or the organisation's own
        # under its shorthand (only for those not found so)
        query = restrict(select(CulturalObject), actor, CulturalObject)
        found = {o.external_id: o for o in s.scalars(query.where(CulturalObject.external_id.in_(wanted)))}
        found |= {i: o for i in wanted if i not in found and (o := readable_record(s, actor, i)) is not None}
        missing = [i for i in wanted if i not in found]
        if missing or not wanted:
            raise ValidationFailed(
                {
                    "object_ids": _(
                        "not in the register (or not visible to you): %(ids)s", ids=", ".join(missing)
                    )
                }
            )
        stored = {found[i].external_id: found[i] for i in wanted}  # two spellings of one record: once
        return [CaseObject(object_id=o.id, external_id=i) for i, o in stored.items()]

    def update(self, actor: Actor, case_id: int, data: CaseUpdate) -> ReturnCase:
        """Edit the whole case; refused with 409 if someone else saved it since ``data.version``."""
        facts = check_facts(data)
        with self.sessions.begin() as s:
            case = self._load(s, actor, case_id)
            if not can_write(actor, case.organisation_id):
                raise Forbidden(_("only registrars and administrators of the case's organisation edit it"))
            before = snapshot(case)
            values = {
                "title": data.title.strip(),
                "summary": data.summary,
                "classification": data.classification,
                "legal_basis": data.legal_basis,
                "returned_on": data.returned_on,
                **facts,
            }
            self._bump(s, case, data.version, values)
            s.refresh(case)
            case.parties = _parties(data.parties)
            case.events.append(CaseEvent(actor=actor.name, kind="edited", note="case details updated"))
            AuditLog(s).record(actor, "case.update", ENTITY, str(case.id), before, snapshot(case))
        return self.get(actor, case_id)

    def _bump(self, s: Session, case: ReturnCase, expected: int | None, values: dict) -> None:
        """Write ``values`` only if the stored version is still the one the editor saw."""
        expected = case.version if expected is None else expected
        done = s.execute(
            update(ReturnCase)
            .where(ReturnCase.id == case.id, ReturnCase.version == expected)
            .values(**values, version=ReturnCase.version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:
            raise Conflict(
                _(
                    "case %(id)s was changed by someone else since you opened it (you edited version "
                    "%(edited)s, it is now at version %(current)s); nothing was saved: reload the case "
                    "and apply your changes again",
                    id=case.id,
                    edited=expected,
                    current=case.version,
                )
            )

    def transition(self, actor: Actor, case_id: int, move: TransitionIn) -> ReturnCase:
        """Move the case along the procedure, or refuse with a message saying why (422, 403 or 409)."""
        with self.sessions.begin() as s:
            case = self._load(s, actor, case_id)
            if not may_work_on(actor, case):
                raise Forbidden(_("only the people of the case's organisation work on this case"))
            step = _check_move(actor, case, move)
            before = snapshot(case)
            values: dict = {"state": step.target}
            if move.returned_on:
                values["returned_on"] = move.returned_on
            if step.target in TERMINAL:
                values["closed_at"] = utcnow()
            self._bump(s, case, move.version, values)
            s.refresh(case)
            case.events.append(
                CaseEvent(
                    actor=actor.name,
                    kind="transition",
                    from_state=step.source,
                    to_state=step.target,
                    note=move.note,
                )
            )
            AuditLog(s).record(actor, f"case.{step.target}", ENTITY, str(case.id), before, snapshot(case))
        return self.get(actor, case_id)

    # documents
    def add_document(
        self,
        actor: Actor,
        case_id: int,
        title: str,
        filename: str,
        media_type: str,
        data: bytes,
        classification: str,
    ) -> CaseDocument:
        """Store an uploaded document under its SHA-256 and note it on the timeline."""
        if classification not in ("public", "partners", "law_enforcement", "restricted"):
            raise ValidationFailed(
                {"classification": _("unknown classification %(value)r", value=classification)}
            )
        with self.sessions.begin() as s:
            case = self._load(s, actor, case_id)
            if not may_work_on(actor, case):
                raise Forbidden(_("only the people of the case's organisation add documents"))
            doc = self._store_document(
                s, actor, case, title, Attachment(filename, media_type, data), classification
            )
            s.expunge(doc)
        return doc

    def _store_document(
        self, s: Session, actor: Actor, case: ReturnCase, title: str, file: Attachment, classification: str
    ) -> CaseDocument:
        """Store the file under its SHA-256, add it to the case with a timeline event and an audit entry."""
        digest = self.documents.put(file.data)
        doc = CaseDocument(
            title=(title or file.filename or "document").strip()[:500],
            filename=(file.filename or "document").strip()[:300],
            media_type=(file.media_type or "application/octet-stream")[:120],
            size=len(file.data),
            sha256=digest,
            classification=classification,
            uploaded_by=actor.name,
        )
        case.documents.append(doc)
        note = f"{doc.title} (sha256 {digest})"
        case.events.append(
            CaseEvent(actor=actor.name, kind="document", note=note, classification=classification)
        )
        s.flush()
        AuditLog(s).record(
            actor, "case.document", ENTITY, str(case.id), None, {"sha256": digest, "title": doc.title}
        )
        return doc

    def document(self, actor: Actor, case_id: int, document_id: int) -> tuple[CaseDocument, bytes]:
        doc = self._doc(actor, case_id, document_id)
        return doc, self.documents.read(doc.sha256)

    def verify_document(self, actor: Actor, case_id: int, document_id: int) -> Integrity:
        """Whether the stored file still has the hash recorded at upload."""
        return self.documents.verify(self._doc(actor, case_id, document_id).sha256)

    def _doc(self, actor: Actor, case_id: int, document_id: int) -> CaseDocument:
        case = self.get(actor, case_id)
        doc = next((d for d in self.visible_documents(actor, case) if d.id == document_id), None)
        if doc is None:
            raise NotFound(
                _(
                    "no document %(document)s in case %(id)s that you may read",
                    document=document_id,
                    id=case_id,
                )
            )
        return doc

    # messages among the parties
    def post_message(
        self,
        actor: Actor,
        case_id: int,
        text: str,
        classification: str | None = None,
        attachment: Attachment | None = None,
    ) -> CaseMessage:
        """Add a message (and its attachment, stored like a case document) to the case's thread; the other
        organisations in the thread are told through their inbox."""
        with self.sessions.begin() as s:
            case = self._load(s, actor, case_id)
            chosen = check_message(actor, case, text, classification)
            organisation = s.get(Organisation, actor.organisation_id) if actor.organisation_id else None
            message = CaseMessage(
                author=actor.name[:200],
                author_user_id=actor.user_id,
                author_organisation_id=actor.organisation_id,
                author_organisation=organisation.name[:300] if organisation else None,
                text=text.strip(),
                classification=chosen,
            )
            if attachment is not None:
                title = f"Attachment to a message: {attachment.filename or 'file'}"
                message.document_id = self._store_document(s, actor, case, title, attachment, chosen).id
            notices = notices_for(case, message)
            case.messages.append(message)
            who = author_line(message)
            case.events.append(
                CaseEvent(actor=actor.name, kind="message", note=f"message from {who}", classification=chosen)
            )
            s.flush()
            after = {
                "message_id": message.id,
                "classification": chosen,
                "text_sha256": text_digest(message.text),
                "document_id": message.document_id,
            }
            AuditLog(s).record(actor, "case.message", ENTITY, str(case.id), None, after)
            s.expunge(message)
        self.inbox.post(notices)
        return message

    def add_participant(self, actor: Actor, case_id: int, organisation_id: int) -> Organisation:
        """Name an organisation (of this node or of a peer) as a participant of the case: it reads the
        case, its restricted messages and documents, and posts messages. Audited; the case's writers only."""
        with self.sessions.begin() as s:
            case = self._load(s, actor, case_id)
            if not can_write(actor, case.organisation_id):
                raise Forbidden(_("only the case's organisation names its participants"))
            organisation = s.get(Organisation, organisation_id)
            if organisation is None:
                raise ValidationFailed({"organisation_id": _("no organisation %(id)s", id=organisation_id)})
            if organisation_id not in participants(case) and organisation_id != case.organisation_id:
                case.shares.append(CaseShare(organisation_id=organisation_id))
                case.events.append(
                    CaseEvent(actor=actor.name, kind="participant", note=organisation.name[:500])
                )
                after = {"participants": sorted({*participants(case), organisation_id})}
                AuditLog(s).record(actor, "case.participant", ENTITY, str(case.id), None, after)
            s.flush()
            s.expunge(organisation)
        return organisation

    def messages(self, actor: Actor, case_id: int) -> tuple[ReturnCase, list[CaseMessage]]:
        case = self.get(actor, case_id)
        return case, visible_messages(actor, case)

    # compensation and due diligence
    def add_claim(self, actor: Actor, case_id: int, data: CompensationIn) -> ReturnCase:
        """Record a possessor's claim to compensation; refused with 409 if the case moved on since
        ``data.version``."""
        return self._write_claim(actor, case_id, None, data)

    def update_claim(self, actor: Actor, case_id: int, claim_id: int, data: CompensationIn) -> ReturnCase:
        return self._write_claim(actor, case_id, claim_id, data)

    def _write_claim(
        self, actor: Actor, case_id: int, claim_id: int | None, data: CompensationIn
    ) -> ReturnCase:
        with self.sessions.begin() as s:
            case = self._load(s, actor, case_id)
            if not can_write(actor, case.organisation_id):
                raise Forbidden(_("only registrars and administrators of the case's organisation edit it"))
            before = compensation.snapshot(self._claim(case, claim_id)) if claim_id else None
            values = self._claim_values(s, case, data)
            self._bump(s, case, data.version, {})
            s.refresh(case)
            claim = self._claim(case, claim_id) if claim_id else CompensationClaim()
            if not claim_id:
                case.claims.append(claim)
            for name, value in values.items():
                setattr(claim, name, value)
            claim.updated_at, claim.updated_by = utcnow(), actor.name[:200]
            note = f"compensation claim of {claim.claimant}: {claim.status}"
            case.events.append(CaseEvent(actor=actor.name, kind="compensation", note=note))
            s.flush()
            action = "case.compensation" if claim_id else "case.compensation_claimed"
            AuditLog(s).record(actor, action, ENTITY, str(case.id), before, compensation.snapshot(claim))
        return self.get(actor, case_id)

    @staticmethod
    def _claim(case: ReturnCase, claim_id: int | None) -> CompensationClaim:
        claim = next((c for c in case.claims if c.id == claim_id), None)
        if claim is None:
            raise NotFound(_("no compensation claim %(claim)s in case %(id)s", claim=claim_id, id=case.id))
        return claim

    @staticmethod
    def _claim_values(s: Session, case: ReturnCase, data: CompensationIn) -> dict:
        """Column values of a claim; a claimant who is not a party, or a cited check that is not stored,
        is refused field by field."""
        errors = {}
        parties = sorted({p.name for p in case.parties})
        if data.claimant.strip() not in parties:
            errors["claimant"] = _(
                "not one of the case's parties (%(parties)s)",
                parties=", ".join(parties) or _("none recorded"),
            )
        cited = list(dict.fromkeys(c.strip()[:40] for c in data.register_checks if c.strip()))
        unknown = [c for c in cited if c not in resolve_cited(s, cited)]
        if unknown:
            errors["register_checks"] = _(
                "no stored due-diligence check or certificate with the ids %(ids)s", ids=", ".join(unknown)
            )
        if (data.amount is None) != (data.currency is None):
            errors["currency"] = _("an amount needs its currency, and a currency its amount")
        if errors:
            raise ValidationFailed(errors, _("compensation claim not saved"))
        return {
            "claimant": data.claimant.strip(),
            "basis": data.basis,
            "amount": None if data.amount is None else f"{data.amount:.2f}",
            "currency": data.currency,
            "status": data.status,
            "note": data.note,
            "register_checks": ",".join(cited),
            **{k: getattr(data, k) for k in compensation.FACTOR_KEYS},
        }

    def due_diligence(self, actor: Actor, case_id: int) -> list[CheckOnRecord]:
        """The stored due-diligence checks that hit the case's objects the actor may read, or that a
        compensation claim cites, each with whether its certificate verifies. Who checked is shown only
        to those who see need-to-know data of the case."""
        with self.sessions() as s:
            case = self._load(s, actor, case_id)
            return self._checks(s, actor, case)

    def _checks(self, s: Session, actor: Actor, case: ReturnCase) -> list[CheckOnRecord]:
        objects = [o.external_id for o in self._readable_objects(s, actor, case)]
        cited = [c for claim in case.claims for c in split(claim.register_checks)]
        found = checks_on(s, lambda: self.key, objects, cited)
        if not may_see_need_to_know(actor, case.organisation_id):
            for record in found:
                record.requested_by = None  # type: ignore[assignment]
        return found

    # deadlines, reminders and outputs
    def deadlines(self, actor: Actor, case_id: int, as_of: date | None = None) -> dict:
        """The deadline panel of the case, evaluated at ``as_of`` (today when None)."""
        return deadline_panel(self.get(actor, case_id), as_of or date.today(), self.states())

    def remind_due(self, as_of: date | None = None, within_days: int = 30) -> int:
        """Inbox reminders for limits of open cases falling due within ``within_days`` (operator job)."""
        return remind_due(self.sessions, self.inbox, as_of or date.today(), within_days, self.states())

    def request_forms(self, actor: Actor, case_id: int, object_id: str | None = None) -> list[dict]:
        """ICPRCP-style request forms, one per claimed object (or only ``object_id``'s)."""
        with self.sessions() as s:
            case = self._load(s, actor, case_id)
            if object_id is not None and object_id not in {o.external_id for o in case.objects}:
                raise NotFound(
                    _("object %(object)s is not claimed in case %(id)s", object=object_id, id=case_id)
                )
            objects = [o for o in self._described(s, actor, case) if object_id in (None, o["external_id"])]
            docs = self.visible_documents(actor, case)
            return outputs.request_forms(case, objects, docs, date.today())

    def _described(self, s: Session, actor: Actor, case: ReturnCase) -> list[dict]:
        """The case's objects the actor may read, described, without the need-to-know fields it may
        not see (the police reference of each incident)."""
        return [
            redact_record(actor, o.organisation_id, outputs.describe(o))
            for o in self._readable_objects(s, actor, case)
        ]

    def request_pdf(self, actor: Actor, case_id: int, object_id: str | None = None) -> bytes:
        return outputs.request_pdf(self.request_forms(actor, case_id, object_id))

    def summary_report(self, actor: Actor, case_id: int, as_of: date | None = None) -> dict:
        """The case summary (objects, parties, legal basis, state and history, deadlines, documents with
        their integrity, messages, compensation and due diligence) as far as the actor may read it."""
        with self.sessions() as s:
            case = self._load(s, actor, case_id)
            docs = self.visible_documents(actor, case)
            return report.summary(
                case,
                objects=self._described(s, actor, case),
                documents=[(d, self.documents.verify(d.sha256)) for d in docs],
                events=visible_events(actor, case),
                messages=len(visible_messages(actor, case)),
                deadlines=deadline_panel(case, as_of or date.today(), self.states()),
                checks=self._checks(s, actor, case),
                today=date.today(),
            )

    def summary_pdf(self, actor: Actor, case_id: int, as_of: date | None = None) -> bytes:
        return report.summary_pdf(self.summary_report(actor, case_id, as_of))

    def results(self, actor: Actor) -> dict:
        """Statistics of the closed cases the actor may read, with the time from identification to
        return (``statistics.identified_on``)."""
        query = restrict(select(ReturnCase).where(ReturnCase.state == "closed"), actor, ReturnCase)
        with self.sessions() as s:
            cases = list(s.scalars(query))
            return statistics.results(cases, statistics.identified_on(s, cases))


def _readable(columns, actor: Actor, object_ids):  # noqa: ANN001, ANN202
    """A query of the given register records that the actor may read."""
    return restrict(select(columns).where(CulturalObject.id.in_(object_ids)), actor, CulturalObject)


def visible_events(actor: Actor, case: ReturnCase) -> list[CaseEvent]:
    """The timeline as the actor may read it, without events about messages or documents it may not
    read."""
    return [
        e
        for e in case.events
        if e.classification is None
        or can_read(actor, e.classification, case.organisation_id, participants(case))
    ]


def _parties(parties: list[PartyIn]) -> list[CaseParty]:
    return [
        CaseParty(
            role=p.role,
            name=p.name.strip(),
            country=(p.country or "").upper() or None,
            reference=p.reference,
        )
        for p in parties
    ]


def missing_for(step: Transition, case: ReturnCase, returned_on: date | None = None) -> list[str]:
    """The information ``step`` requires that the case does not hold yet."""
    missing = []
    for need in step.requires:
        if need == "objects":
            held = bool(case.objects)
        elif need == "returned_on":
            held = bool(returned_on or case.returned_on)
        else:
            held = bool(getattr(case, need))
        if not held:
            missing.append(need)
    return missing


def _check_move(actor: Actor, case: ReturnCase, move: TransitionIn) -> Transition:
    if move.to_state not in STATES:
        raise ValidationFailed(
            {"to_state": _("unknown state %(value)r", value=move.to_state)}, _("invalid transition")
        )
    step = transition(case.state, move.to_state)
    if step is None:
        moving = _(
            "a case that is '%(state)s' cannot move to '%(target)s'",
            state=_(LABELS[case.state]),
            target=_(LABELS[move.to_state]),
        )
        raise ValidationFailed({"to_state": moving}, _("invalid transition"))
    target = _(LABELS[step.target])
    if not (step.roles & actor.roles):
        roles = labels(sorted(step.roles))
        raise Forbidden(
            _("moving a case to '%(target)s' needs one of the roles %(roles)s", target=target, roles=roles)
        )
    errors = {need: _("required before this step") for need in missing_for(step, case, move.returned_on)}
    if step.note_required and not move.note.strip():
        errors["note"] = _(
            "a note (reason, reference of the decision or agreement) is required for this step"
        )
    if errors:
        raise ValidationFailed(errors, _("cannot move to '%(target)s' yet", target=target))
    return step
