"""The procedure state machine: the transition matrix by role, invalid moves, required information, audit."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from heritrace.cases.schemas import CaseIn, TransitionIn
from heritrace.cases.states import STATES, TERMINAL, next_steps, transition
from heritrace.core.errors import Forbidden, ValidationFailed
from tests.cases.helpers import actor, case_body

ALL_ROLES = ("platform_admin", "org_admin", "registrar", "investigator", "analyst", "market_user")
# (from, to) -> roles allowed: written out here, independently of states.py
MATRIX = {
    ("opened", "object_located"): {"platform_admin", "org_admin", "registrar", "investigator"},
    ("object_located", "claim_notified"): {"platform_admin", "org_admin", "registrar"},
    ("claim_notified", "bilateral_negotiation"): {"platform_admin", "org_admin", "registrar"},
    ("claim_notified", "icprcp_mediation"): {"platform_admin", "org_admin", "registrar"},
    ("claim_notified", "proceedings"): {"platform_admin", "org_admin", "registrar"},
    ("bilateral_negotiation", "icprcp_mediation"): {"platform_admin", "org_admin", "registrar"},
    ("icprcp_mediation", "proceedings"): {"platform_admin", "org_admin", "registrar"},
    ("proceedings", "agreement_or_decision"): {"platform_admin", "org_admin"},
    ("bilateral_negotiation", "agreement_or_decision"): {"platform_admin", "org_admin"},
    ("agreement_or_decision", "return_executed"): {
        "platform_admin",
        "org_admin",
        "registrar",
        "investigator",
    },
    ("return_executed", "closed"): {"platform_admin", "org_admin"},
    ("claim_notified", "rejected"): {"platform_admin", "org_admin"},
    ("opened", "withdrawn"): {"platform_admin", "org_admin"},
    ("proceedings", "time_barred"): {"platform_admin", "org_admin"},
    # moves the procedure never allows, whoever asks
    ("opened", "closed"): set(),
    ("opened", "return_executed"): set(),
    ("object_located", "agreement_or_decision"): set(),
    ("closed", "opened"): set(),
    ("return_executed", "rejected"): set(),
    ("withdrawn", "object_located"): set(),
    ("agreement_or_decision", "time_barred"): set(),
}


@pytest.mark.parametrize(("source", "target", "role"), [(s, t, r) for (s, t) in MATRIX for r in ALL_ROLES])
def test_transition_matrix_by_role(source, target, role):  # noqa: ANN001
    step = transition(source, target)
    allowed = step is not None and role in step.roles
    assert allowed == (role in MATRIX[(source, target)])


def test_every_state_is_reachable_and_terminal_states_end_the_procedure():
    reached, frontier = {"opened"}, ["opened"]
    while frontier:
        for step in next_steps(frontier.pop()):
            if step.target not in reached:
                reached.add(step.target)
                frontier.append(step.target)
    assert reached == set(STATES)
    assert all(next_steps(s) == [] for s in TERMINAL)


def _open(platform, cast):  # noqa: ANN001, ANN202
    registrar = actor(cast.people["registrar"], ["registrar"])
    return platform.cases.create(registrar, CaseIn.model_validate(case_body(cast.objects))), registrar


@pytest.mark.parametrize("backend", ["sqlite"])
def test_roles_enforced_by_the_service(platform, cast):  # noqa: ANN001
    case, registrar = _open(platform, cast)
    analyst = actor(cast.people["analyst"], ["analyst"])
    with pytest.raises(Forbidden):
        platform.cases.transition(analyst, case.id, TransitionIn(to_state="object_located"))
    investigator = actor(cast.people["investigator"], ["investigator"])
    platform.cases.transition(investigator, case.id, TransitionIn(to_state="object_located"))
    with pytest.raises(Forbidden, match="roles"):
        platform.cases.transition(investigator, case.id, TransitionIn(to_state="claim_notified", note="sent"))
    outsider = actor(cast.outsider, ["registrar"])
    with pytest.raises(Exception, match="no case"):  # restricted: the outsider does not even see it
        platform.cases.transition(outsider, case.id, TransitionIn(to_state="claim_notified", note="x"))


@pytest.mark.parametrize("backend", ["sqlite"])
def test_required_note_and_information(platform, cast):  # noqa: ANN001
    case, registrar = _open(platform, cast)
    platform.cases.transition(registrar, case.id, TransitionIn(to_state="object_located"))
    with pytest.raises(ValidationFailed) as missing_note:
        platform.cases.transition(registrar, case.id, TransitionIn(to_state="claim_notified"))
    assert "note" in missing_note.value.errors
    admin = actor(cast.people["org_admin"], ["org_admin"])
    for target in ("claim_notified", "proceedings", "agreement_or_decision"):
        platform.cases.transition(admin, case.id, TransitionIn(to_state=target, note=f"step {target}"))
    with pytest.raises(ValidationFailed) as no_date:
        platform.cases.transition(
            admin, case.id, TransitionIn(to_state="return_executed", note="handed over")
        )
    assert "returned_on" in no_date.value.errors


def test_invalid_transition_is_a_422_with_a_clear_message_and_moves_are_audited(platform, cast):  # noqa: ANN001
    case, _ = _open(platform, cast)
    with TestClient(create_app(platform=platform), headers=cast.people["registrar"].headers) as api:
        r = api.post(f"/api/v1/cases/{case.id}/transitions", json={"to_state": "closed", "note": "done"})
        assert r.status_code == 422
        assert "cannot move to 'Closed'" in r.json()["errors"]["to_state"]
        assert (
            api.post(f"/api/v1/cases/{case.id}/transitions", json={"to_state": "nowhere"}).status_code == 422
        )
        r = api.post(f"/api/v1/cases/{case.id}/transitions", json={"to_state": "object_located"})
        assert r.status_code == 200 and r.json()["state"] == "object_located"
        assert [e["to_state"] for e in r.json()["timeline"]] == ["opened", "object_located"]
    with platform.sessions() as s:
        actions = s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "return_case").order_by(AuditEntry.id)
        ).all()
    assert actions == ["case.open", "case.object_located"]
