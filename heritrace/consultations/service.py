"""Use cases of expert consultations: declare expertise, open (with photos), answer in the thread
(with attachments), close with an outcome, link the outcome to a register record or a return case.

Reads go through ``access.policy.restrict``: a consultation is ``restricted`` and shared with the
invited expert organisations, so nobody else can list, open or answer it (ids answer 404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, raiseload, sessionmaker

from heritrace.access.policy import restrict
from heritrace.audit.service import AuditLog
from heritrace.cases.documents import Attachment, DocumentStore
from heritrace.cases.models import ReturnCase
from heritrace.consultations.models import (
    EXPERTISE_FIELDS,
    Consultation,
    ConsultationAttachment,
    ConsultationExpert,
    ConsultationMessage,
    OrganisationExpertise,
)
from heritrace.consultations.schemas import CloseIn, ConsultationIn, ExpertiseIn, LinkIn
from heritrace.core.actor import ADMIN_ROLES, Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, TooLarge, ValidationFailed, over_limit
from heritrace.core.i18n import N_, Message, _, ngettext
from heritrace.core.labels import label
from heritrace.db.base import utcnow
from heritrace.images.decode import ImageRejected
from heritrace.images.store import ImageStore
from heritrace.objects.choices import label_message
from heritrace.objects.service import readable_record
from heritrace.partners.models import Organisation
from heritrace.partners.service import organisation_names

ENTITY = "consultation"


def may_open(actor: Actor) -> bool:
    """Consultations are asked by law enforcement (police, customs, named authorities)."""
    return actor.has_role("platform_admin") or (actor.law_enforcement and actor.vetted)


def is_requester(actor: Actor, c: Consultation) -> bool:
    return actor.organisation_id is not None and actor.organisation_id == c.organisation_id


def may_write(actor: Actor, c: Consultation) -> bool:
    """The requesting and the invited expert organisations write in the thread."""
    return is_requester(actor, c) or expert_of(actor, c) is not None


def too_large(field: str, filename: str | None, limit: int) -> TooLarge:
    return TooLarge({field: over_limit(filename, limit, nothing_stored=True)}, _("attachment too large"))


def expert_of(actor: Actor, c: Consultation) -> ConsultationExpert | None:
    return next((e for e in c.experts if e.organisation_id == actor.organisation_id), None)


def snapshot(c: Consultation) -> dict:
    """What the audit log keeps of a consultation before and after a change."""
    return {
        "status": c.status,
        "experts": [e.organisation_id for e in c.experts],
        "fields": c.fields,
        "target_hours": c.target_hours,
        "outcome_code": c.outcome_code,
        "object_id": c.object_id,
        "case_id": c.case_id,
    }


class ConsultationService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        images: ImageStore,
        files: DocumentStore,
        notify: Callable[..., None],
        max_bytes: int,
    ):
        self.sessions = sessions
        self.images = images  # photos of the object: decoded, upright display copy
        self.files = files  # any other attachment, content-addressed
        self.notify = notify  # AlertService.notify: invited experts and requesters hear through alerts
        self.max_bytes = max_bytes

    # -- expertise ---------------------------------------------------------------------------------

    def expertise(self) -> list[dict]:
        """Every field of the controlled list with the vetted organisations that declare it."""
        with self.sessions() as s:
            rows = s.execute(
                select(OrganisationExpertise.field, Organisation)
                .join(Organisation, Organisation.id == OrganisationExpertise.organisation_id)
                .where(Organisation.vetting == "vetted")
                .order_by(Organisation.name)
            ).all()
        by_field: dict[str, list[dict]] = {f: [] for f in EXPERTISE_FIELDS}
        for field, org in rows:
            by_field.setdefault(field, []).append(
                {"id": org.id, "name": org.name, "kind": org.kind, "country": org.country}
            )
        return [
            {"field": f, "label": EXPERTISE_FIELDS.get(f, f), "organisations": o} for f, o in by_field.items()
        ]

    def declared_fields(self, organisation_id: int | None) -> list[str]:
        with self.sessions() as s:
            return self._fields(s, organisation_id)

    def declare_expertise(self, actor: Actor, data: ExpertiseIn) -> list[str]:
        """An organisation administrator sets the fields its organisation answers consultations in."""
        if actor.organisation_id is None or not ADMIN_ROLES & actor.roles:
            raise Forbidden(_("only an organisation administrator declares its fields of expertise"))
        fields = sorted(set(data.fields))
        with self.sessions.begin() as s:
            before = self._fields(s, actor.organisation_id)
            s.execute(
                delete(OrganisationExpertise).where(
                    OrganisationExpertise.organisation_id == actor.organisation_id
                )
            )
            s.add_all(OrganisationExpertise(organisation_id=actor.organisation_id, field=f) for f in fields)
            AuditLog(s).record(
                actor,
                "expertise",
                "organisation",
                str(actor.organisation_id),
                {"fields": before},
                {"fields": fields},
            )
        return fields

    @staticmethod
    def _fields(s: Session, organisation_id: int | None) -> list[str]:
        query = select(OrganisationExpertise.field).where(
            OrganisationExpertise.organisation_id == organisation_id
        )
        return sorted(s.scalars(query))

    def expert_choices(self, actor: Actor) -> list[Organisation]:
        """Vetted organisations a requester may name as experts (its own excepted)."""
        with self.sessions() as s:
            query = select(Organisation).where(Organisation.vetting == "vetted").order_by(Organisation.name)
            return [o for o in s.scalars(query) if o.id != actor.organisation_id]

    # -- reading -----------------------------------------------------------------------------------

    def list(self, actor: Actor, limit: int = 200) -> list[Consultation]:
        query = restrict(select(Consultation), actor, Consultation).order_by(Consultation.id.desc())
        # a list shows how many experts were asked, not the threads
        query = query.options(raiseload(Consultation.messages), raiseload(Consultation.attachments))
        with self.sessions() as s:
            return list(s.scalars(query.limit(limit)))

    def get(self, actor: Actor, consultation_id: int) -> Consultation:
        with self.sessions() as s:
            return self._load(s, actor, consultation_id)

    @staticmethod
    def _load(s: Session, actor: Actor, consultation_id: int, lock: bool = False) -> Consultation:
        """The consultation the actor may read; ``lock``: a write holds its row until it commits
        (PostgreSQL; SQLite's writer holds the write lock), so that no message lands after it closed."""
        query = restrict(select(Consultation).where(Consultation.id == consultation_id), actor, Consultation)
        if lock:
            query = query.with_for_update(of=Consultation)
        c = s.scalar(query)
        if c is None:
            raise NotFound(_("no consultation %(id)s that you may read", id=consultation_id))
        return c

    def attachment(
        self, actor: Actor, consultation_id: int, attachment_id: int
    ) -> tuple[ConsultationAttachment, bytes]:
        """An attachment's bytes: a photo's upright display copy, or the file as uploaded."""
        c = self.get(actor, consultation_id)
        found = next((a for a in c.attachments if a.id == attachment_id), None)
        if found is None:
            raise NotFound(
                _(
                    "no attachment %(attachment)s in consultation %(id)s",
                    attachment=attachment_id,
                    id=consultation_id,
                )
            )
        if found.kind != "photo":
            return found, self.files.read(found.sha256)
        try:
            return found, self.images.path(found.sha256, "display").read_bytes()
        except FileNotFoundError:
            raise NotFound(_("the photo's file is missing from the image store")) from None

    def organisation_names(self, ids: set[int | None]) -> dict[int, str]:
        with self.sessions() as s:
            return organisation_names(s, ids)

    # -- opening -----------------------------------------------------------------------------------

    def open(self, actor: Actor, data: ConsultationIn, photos: list[Attachment] = ()) -> Consultation:
        """Open a consultation, invite the expert organisations (named, and those declaring a chosen
        field) and notify them. Photos are checked whole before anything is stored."""
        if not may_open(actor):
            raise Forbidden(_("consultations are opened by police, customs or named authorities"))
        self._check_sizes(photos, "photos")
        with self.sessions.begin() as s:
            experts = _invite(s, actor, data)
            if data.object_id:
                _readable_object(s, actor, data.object_id)
            stored = [self._store_photo(p) for p in photos]
            c = Consultation(
                organisation_id=actor.organisation_id,
                user_id=actor.user_id,
                requested_by=actor.name[:200],
                question=data.question,
                object_description=data.object_description,
                object_id=data.object_id,
                fields=",".join(dict.fromkeys(data.fields)),
                target_hours=data.target_hours,
                created_at=utcnow(),
                status="open",
                classification="restricted",
            )
            c.experts = experts
            c.attachments = [
                _attachment(actor, "photo", up, sha) for up, sha in zip(photos, stored, strict=True)
            ]
            s.add(c)
            s.flush()
            AuditLog(s).record(actor, "consultation.open", ENTITY, str(c.id), None, snapshot(c))
            consultation_id = c.id
        c = self.get(actor, consultation_id)
        self._tell(
            actor,
            (c.id, c.object_id),
            [e.organisation_id for e in c.experts],
            "consultation_request",
            Message(N_("Expert consultation %(id)s: %(question)s"), {"id": c.id, "question": c.question}),
            _request_text(c),
            "opened",
        )
        return c

    def add_photo(self, actor: Actor, consultation_id: int, photo: Attachment) -> ConsultationAttachment:
        """Another photo of the object, by the requesting organisation, while the consultation runs."""
        self._check_sizes([photo], "file")
        with self.sessions.begin() as s:
            c = self._load(s, actor, consultation_id, lock=True)
            self._check_requester(actor, c, _("only the requesting organisation adds photos"))
            _check_running(c)
            att = _attachment(actor, "photo", photo, self._store_photo(photo))
            c.attachments.append(att)
            s.flush()
            AuditLog(s).record(actor, "consultation.photo", ENTITY, str(c.id), None, {"sha256": att.sha256})
            s.expunge(att)
        return att

    # -- the thread --------------------------------------------------------------------------------

    def post_message(
        self, actor: Actor, consultation_id: int, body: str, attachment: Attachment | None = None
    ) -> ConsultationMessage:
        """A message of the requester or an invited expert; an expert organisation's first answer
        records its response time against the target."""
        body = body.strip()
        if not body and attachment is None:
            raise ValidationFailed({"body": _("write a message or attach a file")})
        if len(body) > 20_000:
            raise ValidationFailed(
                {"body": ngettext("at most %(num)s character", "at most %(num)s characters", 20_000)}
            )
        self._check_sizes([attachment] if attachment else [], "file")
        with self.sessions.begin() as s:
            c = self._load(s, actor, consultation_id, lock=True)
            expert = expert_of(actor, c)
            if not may_write(actor, c):
                raise Forbidden(
                    _("only the requesting and the invited expert organisations write in the thread")
                )
            _check_running(c)
            now = utcnow()
            msg = ConsultationMessage(
                at=now,
                organisation_id=actor.organisation_id,
                user_id=actor.user_id,
                author=actor.name[:200],
                body=body,
            )
            c.messages.append(msg)
            s.flush()
            if attachment is not None:
                att = _attachment(actor, "file", attachment, self.files.put(attachment.data))
                att.message_id = msg.id
                c.attachments.append(att)
            if expert is not None:
                _record_response(c, expert, now)
            AuditLog(s).record(
                actor,
                "consultation.message",
                ENTITY,
                str(c.id),
                None,
                {"message": msg.id, "attachment": attachment.filename if attachment else None},
            )
            s.expunge(msg)
            c_id, object_id = c.id, c.object_id
            others = [c.organisation_id] if expert is not None else [e.organisation_id for e in c.experts]
        title = Message(N_("Consultation %(id)s: new message from %(who)s"), {"id": c_id, "who": actor.name})
        self._tell(
            actor,
            (c_id, object_id),
            [o for o in others if o is not None],
            "consultation_message",
            title,
            body[:2000],
            f"message:{msg.id}",
        )
        return msg

    # -- outcome -----------------------------------------------------------------------------------

    def close(self, actor: Actor, consultation_id: int, data: CloseIn) -> Consultation:
        """The requester records the outcome and closes the thread (optionally linking the outcome)."""
        with self.sessions.begin() as s:
            c = self._load(s, actor, consultation_id, lock=True)
            self._check_requester(actor, c, _("only the requesting organisation closes it"))
            _check_running(c)
            before = snapshot(c)
            self._link(s, actor, c, LinkIn(object_id=data.object_id, case_id=data.case_id))
            c.status, c.outcome_code, c.outcome_text = "closed", data.outcome_code, data.outcome_text
            c.closed_at, c.closed_by = utcnow(), actor.name[:200]
            AuditLog(s).record(actor, "consultation.close", ENTITY, str(c.id), before, snapshot(c))
        c = self.get(actor, consultation_id)
        title = Message(
            N_("Consultation %(id)s closed: %(outcome)s"),
            {"id": c.id, "outcome": label_message(data.outcome_code)},
        )
        experts = [e.organisation_id for e in c.experts]
        self._tell(
            actor, (c.id, c.object_id), experts, "consultation_message", title, data.outcome_text, "closed"
        )
        return c

    def link(self, actor: Actor, consultation_id: int, data: LinkIn) -> Consultation:
        """Link the consultation (open or closed) to a register record and / or a return case."""
        if data.object_id is None and data.case_id is None:
            raise ValidationFailed({"object_id": _("name a register record or a case to link")})
        with self.sessions.begin() as s:
            c = self._load(s, actor, consultation_id, lock=True)
            self._check_requester(actor, c, _("only the requesting organisation links it"))
            before = snapshot(c)
            self._link(s, actor, c, data)
            AuditLog(s).record(actor, "consultation.link", ENTITY, str(c.id), before, snapshot(c))
        return self.get(actor, consultation_id)

    @staticmethod
    def _link(s: Session, actor: Actor, c: Consultation, data: LinkIn) -> None:
        if data.object_id:
            c.object_id = _readable_object(s, actor, data.object_id)
        if data.case_id:
            query = restrict(select(ReturnCase.id).where(ReturnCase.id == data.case_id), actor, ReturnCase)
            if s.scalar(query) is None:
                raise ValidationFailed(
                    {"case_id": _("no return case %(id)s that you may read", id=data.case_id)}
                )
            c.case_id = data.case_id

    # -- helpers -----------------------------------------------------------------------------------

    def _check_sizes(self, uploads: list[Attachment], field: str) -> None:
        for up in uploads:
            if len(up.data) > self.max_bytes:
                raise too_large(field, up.filename, self.max_bytes)

    def _store_photo(self, photo: Attachment) -> str:
        try:
            return self.images.put(photo.data).sha256
        except ImageRejected as exc:
            raise ValidationFailed(
                {"photos": _("%(file)s: %(reason)s", file=photo.filename or _("photo"), reason=exc.reason)},
                _("photo rejected"),
            ) from exc

    @staticmethod
    def _check_requester(actor: Actor, c: Consultation, refusal: str) -> None:
        if not (is_requester(actor, c) or actor.has_role("platform_admin")):
            raise Forbidden(refusal)

    def _tell(
        self,
        actor: Actor,
        about: tuple[int, str | None],
        to: list[int],
        kind: str,
        title: str | Message,
        body: str | Message,
        event: str,
    ) -> None:
        """A notice about a consultation (its id and register record) to ``to``, through alert delivery."""
        c_id, object_id = about
        self.notify(
            to,
            kind,
            title,
            body,
            object_ids=(object_id,) if object_id else (),
            link=f"/consultations/{c_id}",
            sender=(actor.name, actor.organisation_id),
            event_key=f"consultation:{c_id}:{event}",
        )


def _invite(s: Session, actor: Actor, data: ConsultationIn) -> list[ConsultationExpert]:
    """The named organisations and every vetted organisation declaring one of the chosen fields."""
    vetted = set(s.scalars(select(Organisation.id).where(Organisation.vetting == "vetted")))
    vetted.discard(actor.organisation_id)
    named = list(dict.fromkeys(data.expert_organisation_ids))
    unknown = [i for i in named if i not in vetted]
    if unknown:
        raise ValidationFailed(
            {
                "expert_organisation_ids": _(
                    "not a vetted partner you may ask: %(ids)s", ids=", ".join(map(str, unknown))
                )
            }
        )
    reasons: dict[int, list[str]] = {i: ["named"] for i in named}
    if data.fields:
        rows = s.execute(
            select(OrganisationExpertise.organisation_id, OrganisationExpertise.field)
            .where(OrganisationExpertise.field.in_(data.fields))
            .order_by(OrganisationExpertise.organisation_id, OrganisationExpertise.field)
        )
        for org_id, field in rows:
            if org_id in vetted:
                reasons.setdefault(org_id, []).append(field)
    if not reasons:
        raise ValidationFailed(
            {
                "fields": _(
                    "no vetted organisation declares these fields: name expert organisations or choose "
                    "other fields"
                )
            }
        )
    return [ConsultationExpert(organisation_id=o, invited_for=", ".join(r)[:300]) for o, r in reasons.items()]


def _readable_object(s: Session, actor: Actor, external_id: str) -> str:
    found = readable_record(s, actor, external_id)  # exactly, or the organisation's own shorthand
    if found is None:
        raise ValidationFailed(
            {"object_id": _("%(id)s is not in the register (or not visible to you)", id=external_id)}
        )
    return found.external_id


def _check_running(c: Consultation) -> None:
    if c.status == "closed":
        raise Conflict(
            _(
                "consultation %(id)s is closed (%(outcome)s); nothing was added",
                id=c.id,
                outcome=label(c.outcome_code),
            )
        )


def _record_response(c: Consultation, expert: ConsultationExpert, now) -> None:  # noqa: ANN001
    """The first answer of an expert organisation: its response time, and whether it met the target."""
    if expert.first_response_at is None:
        seconds = int((now - c.created_at).total_seconds())
        expert.first_response_at, expert.response_seconds = now, seconds
        expert.met_target = seconds <= c.target_hours * 3600
    if c.status == "open":
        c.status = "answered"


def _attachment(actor: Actor, kind: str, up: Attachment, sha: str) -> ConsultationAttachment:
    media = "image/jpeg" if kind == "photo" else (up.media_type or "application/octet-stream")
    return ConsultationAttachment(
        kind=kind,
        filename=(up.filename or kind).strip()[:300],
        media_type=media[:120],
        size=len(up.data),
        sha256=sha,
        uploaded_by=actor.name[:200],
        uploaded_at=utcnow(),
    )


def due_at(c: Consultation):  # noqa: ANN201
    return c.created_at + timedelta(hours=c.target_hours)


def _request_text(c: Consultation) -> Message:
    return Message(
        N_(
            "Question: %(question)s\nObject: %(object)s\nFields of expertise: %(fields)s\n"
            "Photos: %(photos)s · answer wanted within %(hours)s h"
        ),
        {
            "question": c.question,
            "object": c.object_description or "-",
            "fields": (c.fields or "").replace(",", ", ") or "-",
            "photos": len(c.attachments),
            "hours": c.target_hours,
        },
    )


DEMO_EXPERTISE = {
    "Regional Art Museum (demo)": ["archaeology", "paintings", "religious_art"],
    "Heritage Research Institute (demo)": ["archaeology", "numismatics", "manuscripts_books"],
}


def declare_demo_expertise(service: ConsultationService, organisation_ids: dict[str, int]) -> None:
    """Fields of expertise of the demo organisations, so that the demo customs user can ask them."""
    for name, fields in DEMO_EXPERTISE.items():
        admin = Actor(
            name="demo set-up", organisation_id=organisation_ids[name], roles=frozenset({"org_admin"})
        )
        service.declare_expertise(admin, ExpertiseIn(fields=fields))
