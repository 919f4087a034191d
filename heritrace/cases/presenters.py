"""One data shape of a case for the API (JSON) and the pages (templates)."""

from __future__ import annotations

from heritrace.cases.compensation import BASES, FACTOR_KEYS, STATUS_LABELS
from heritrace.cases.facts import split
from heritrace.cases.messages import visible_messages
from heritrace.cases.models import CaseMessage, CompensationClaim, ReturnCase
from heritrace.cases.schemas import (
    LEGAL_BASES,
    PARTY_ROLES,
    CaseOut,
    CaseSummary,
    CheckEvidenceOut,
    CompensationOut,
    DocumentOut,
    EventOut,
    MessageOut,
    PartyOut,
    StepOut,
)
from heritrace.cases.service import may_work_on, missing_for, visible_events
from heritrace.cases.states import LABELS, next_steps
from heritrace.core.actor import Actor


def steps_out(case: ReturnCase, actor: Actor) -> list[StepOut]:
    """What is next: every move open from the current state, and whether this actor may make it now."""
    works = may_work_on(actor, case)
    out = []
    for step in next_steps(case.state):
        missing = missing_for(step, case)
        out.append(
            StepOut(
                to_state=step.target,
                label=LABELS[step.target],
                roles=sorted(step.roles),
                requires=list(step.requires),
                note_required=step.note_required,
                allowed=works and bool(step.roles & actor.roles),
                missing=[m for m in missing if m != "returned_on"],
            )
        )
    return out


def messages_out(messages: list[CaseMessage], documents: list) -> list[MessageOut]:
    """The messages with their attachments (``documents``: those the reader may read)."""
    by_id = {d.id: DocumentOut.model_validate(d, from_attributes=True) for d in documents}
    return [
        MessageOut.model_validate(m, from_attributes=True).model_copy(
            update={"attachment": by_id.get(m.document_id) if m.document_id else None}
        )
        for m in messages
    ]


CLAIM_COLUMNS = (
    "id",
    "claimant",
    "basis",
    "amount",
    "currency",
    "status",
    "note",
    "updated_at",
    "updated_by",
)


def claim_out(c: CompensationClaim) -> CompensationOut:
    basis = BASES[c.basis]
    computed = {
        "basis_label": basis.label,
        "basis_status": STATUS_LABELS[basis.status],
        "factors": {k: getattr(c, k) for k in FACTOR_KEYS},
        "register_checks": split(c.register_checks),
    }
    stored = {k: getattr(c, k) for k in CLAIM_COLUMNS}
    return CompensationOut.model_validate({**stored, **computed})


def check_out(record) -> CheckEvidenceOut:  # noqa: ANN001 - a diligence.history.CheckOnRecord
    return CheckEvidenceOut.model_validate(record, from_attributes=True)


def case_out(case: ReturnCase, actor: Actor, documents: list, readable: set[int]) -> CaseOut:
    """``readable``: the ids of the case's records the actor may read (the others are counted)."""
    return CaseOut(
        id=case.id,
        title=case.title,
        summary=case.summary,
        classification=case.classification,
        organisation_id=case.organisation_id,
        legal_basis=case.legal_basis,
        legal_basis_label=LEGAL_BASES[case.legal_basis],
        state=case.state,
        state_label=LABELS[case.state],
        version=case.version,
        returned_on=case.returned_on,
        requesting_state=case.requesting_state,
        holding_state=case.holding_state,
        claim=case.claim,
        object_categories=split(case.object_categories),
        unverified_facts=split(case.unverified_facts),
        event_date=case.event_date,
        knowledge_date=case.knowledge_date,
        notification_date=case.notification_date,
        proceedings_date=case.proceedings_date,
        objects=[o.external_id for o in case.objects if o.object_id in readable],
        objects_withheld=sum(o.object_id not in readable for o in case.objects),
        parties=[
            PartyOut(
                role=p.role,
                role_label=PARTY_ROLES[p.role],
                name=p.name,
                country=p.country,
                reference=p.reference,
            )
            for p in case.parties
        ],
        documents=[DocumentOut.model_validate(d, from_attributes=True) for d in documents],
        timeline=[EventOut.model_validate(e, from_attributes=True) for e in visible_events(actor, case)],
        next_steps=steps_out(case, actor),
        messages=messages_out(visible_messages(actor, case), documents),
        compensation=[claim_out(c) for c in case.claims],
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


def summary_out(case: ReturnCase, readable: set[int]) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        title=case.title,
        state=case.state,
        state_label=LABELS[case.state],
        legal_basis=case.legal_basis,
        requesting_state=case.requesting_state,
        holding_state=case.holding_state,
        objects=[o.external_id for o in case.objects if o.object_id in readable],
        objects_withheld=sum(o.object_id not in readable for o in case.objects),
        updated_at=case.updated_at,
    )
