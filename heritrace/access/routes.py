"""Who may call each route: permissions as data, checked on every request by ``check_route``.

A route without a rule is refused (fail closed), and ``tests/access/test_route_rules.py`` fails until
the rule is added here and documented in ``docs/access.md``. Which *records* a caller then sees is
decided by ``heritrace.access.policy.restrict``; the rule only says who may call at all, and which
API-token scope the call needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.access.errors import Unauthenticated
from heritrace.core.actor import ADMIN_ROLES, WRITER_ROLES, Actor
from heritrace.core.errors import Forbidden
from heritrace.core.i18n import _

AUDIENCES = ("anyone", "signed_in", "writer", "admin", "platform_admin", "peer")


@dataclass(frozen=True)
class RouteRule:
    audience: str  # one of AUDIENCES
    scope: str  # API-token scope needed: read, write or identify


ANYONE = RouteRule("anyone", "read")
SIGNED_IN = RouteRule("signed_in", "read")
SIGNED_IN_WRITE = RouteRule("signed_in", "write")
WRITER = RouteRule("writer", "write")
ADMIN_READ = RouteRule("admin", "read")
ADMIN_WRITE = RouteRule("admin", "write")
OPERATOR_WRITE = RouteRule("platform_admin", "write")
SIGNED_IN_IDENTIFY = RouteRule("signed_in", "identify")
# server-to-server: a request signed by a peer node (heritrace.federation), for one of its people
PEER_READ = RouteRule("peer", "read")
PEER_IDENTIFY = RouteRule("peer", "identify")
PEER_WRITE = RouteRule("peer", "write")

ROUTE_RULES: dict[tuple[str, str], RouteRule] = {
    # register: API
    ("GET", "/api/v1/objects"): ANYONE,
    ("POST", "/api/v1/objects"): WRITER,
    ("GET", "/api/v1/objects/{object_id}"): ANYONE,
    ("PUT", "/api/v1/objects/{object_id}"): WRITER,
    ("POST", "/api/v1/objects/{object_id}/status"): WRITER,
    ("POST", "/api/v1/objects/{object_id}/images"): WRITER,
    ("GET", "/api/v1/images/{sha256}/{kind}"): ANYONE,
    ("GET", "/api/v1/search"): ANYONE,
    # register: pages
    ("GET", "/"): ANYONE,
    ("GET", "/objects"): ANYONE,
    ("GET", "/objects/new"): WRITER,
    ("POST", "/objects/new"): WRITER,
    ("GET", "/objects/{object_id}"): ANYONE,
    ("GET", "/objects/{object_id}/edit"): WRITER,
    ("POST", "/objects/{object_id}/edit"): WRITER,
    ("POST", "/objects/{object_id}/status"): WRITER,
    ("POST", "/objects/{object_id}/images"): WRITER,
    # inventories before theft (objects/inventory.py, screening/inventory.py)
    ("POST", "/api/v1/inventory/report-stolen"): WRITER,
    ("PUT", "/api/v1/inventory/police-search"): ADMIN_WRITE,
    ("POST", "/api/v1/inventory-search"): SIGNED_IN_IDENTIFY,
    ("GET", "/inventory"): WRITER,
    ("POST", "/inventory/report-stolen"): WRITER,
    ("POST", "/inventory/police-search"): ADMIN_WRITE,
    ("GET", "/inventory-search"): SIGNED_IN,
    ("POST", "/inventory-search"): SIGNED_IN_IDENTIFY,
    # the review queue of flagged values (objects/review.py)
    ("GET", "/review"): WRITER,
    ("POST", "/review/{object_id}"): WRITER,
    # register: imports from the import page (objects/imports.py)
    ("GET", "/imports"): WRITER,
    ("POST", "/imports"): WRITER,
    ("GET", "/imports/{job_id}"): WRITER,
    ("POST", "/imports/{job_id}"): WRITER,
    ("GET", "/imports/{job_id}/progress"): WRITER,
    # exchange standards: OAI-PMH serves public records only; the checklist of a record is read like it
    ("GET", "/oai"): ANYONE,
    ("POST", "/oai"): ANYONE,
    ("GET", "/object-id"): ANYONE,
    ("GET", "/objects/{object_id}/object-id"): ANYONE,
    # identities
    ("GET", "/api/v1/me"): ANYONE,
    ("GET", "/api/v1/tokens"): SIGNED_IN,
    ("POST", "/api/v1/tokens"): SIGNED_IN_WRITE,
    ("DELETE", "/api/v1/tokens/{token_id}"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/users"): ADMIN_READ,
    ("POST", "/api/v1/users"): ADMIN_WRITE,
    ("POST", "/api/v1/users/{user_id}/password"): ADMIN_WRITE,
    ("GET", "/sign-in"): ANYONE,
    ("POST", "/sign-in"): ANYONE,
    ("POST", "/sign-out"): ANYONE,
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account/tokens"): SIGNED_IN_WRITE,
    ("POST", "/account/password"): SIGNED_IN_WRITE,
    ("POST", "/account/second-factor"): SIGNED_IN_WRITE,
    ("POST", "/account/tokens/{token_id}/revoke"): SIGNED_IN_WRITE,
    ("GET", "/admin/users"): ADMIN_READ,
    ("POST", "/admin/users"): ADMIN_WRITE,
    ("POST", "/admin/users/{user_id}/password"): ADMIN_WRITE,
    # partner network
    ("GET", "/api/v1/organisations"): SIGNED_IN,
    ("POST", "/api/v1/organisations"): OPERATOR_WRITE,
    ("GET", "/api/v1/organisations/{organisation_id}"): SIGNED_IN,
    ("POST", "/api/v1/organisations/{organisation_id}/vetting"): OPERATOR_WRITE,
    ("GET", "/partners"): SIGNED_IN,
    ("POST", "/partners/{organisation_id}/vetting"): OPERATOR_WRITE,
    # audit trail (read-only: there is no route that changes it)
    ("GET", "/api/v1/audit"): ADMIN_READ,
    ("GET", "/api/v1/audit/export"): ADMIN_READ,
    ("GET", "/admin/audit"): ADMIN_READ,
    ("GET", "/admin/audit/export"): ADMIN_READ,
    # due diligence and certificates: API
    ("POST", "/api/v1/due-diligence"): SIGNED_IN_IDENTIFY,
    ("GET", "/api/v1/due-diligence/{check_id}"): SIGNED_IN,
    ("POST", "/api/v1/due-diligence/{check_id}/certificate"): SIGNED_IN_IDENTIFY,
    ("GET", "/api/v1/certificates/{certificate_id}.json"): SIGNED_IN,
    ("GET", "/api/v1/certificates/{certificate_id}.pdf"): SIGNED_IN,
    ("GET", "/api/v1/certificates/public-key"): ANYONE,
    ("POST", "/api/v1/certificates/verify"): ANYONE,
    # due diligence and certificates: pages
    ("GET", "/due-diligence"): SIGNED_IN,
    ("GET", "/due-diligence/history"): SIGNED_IN,
    ("POST", "/due-diligence"): SIGNED_IN_IDENTIFY,
    ("GET", "/due-diligence/{check_id}"): SIGNED_IN,
    ("POST", "/due-diligence/{check_id}/certificate"): SIGNED_IN_IDENTIFY,
    ("GET", "/certificates/verify"): ANYONE,
    ("POST", "/certificates/verify"): ANYONE,
    # the organisation's inbox
    ("GET", "/inbox"): SIGNED_IN,
    ("POST", "/inbox/{entry_id}/read"): SIGNED_IN_WRITE,
    # return and restitution case files (issue 7)
    ("GET", "/api/v1/cases"): SIGNED_IN,
    ("POST", "/api/v1/cases"): WRITER,
    ("GET", "/api/v1/cases/{case_id}"): SIGNED_IN,
    ("PUT", "/api/v1/cases/{case_id}"): WRITER,
    ("POST", "/api/v1/cases/{case_id}/transitions"): SIGNED_IN_WRITE,
    ("POST", "/api/v1/cases/{case_id}/documents"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/cases/{case_id}/documents/{document_id}"): SIGNED_IN,
    ("GET", "/api/v1/cases/{case_id}/documents/{document_id}/integrity"): SIGNED_IN,
    ("GET", "/api/v1/cases/{case_id}/deadlines"): SIGNED_IN,
    ("GET", "/api/v1/cases/{case_id}/request.json"): SIGNED_IN,
    ("GET", "/api/v1/cases/{case_id}/request.pdf"): SIGNED_IN,
    ("GET", "/api/v1/cases/results"): ANYONE,
    ("GET", "/api/v1/cases/{case_id}/messages"): SIGNED_IN,
    ("POST", "/api/v1/cases/{case_id}/messages"): SIGNED_IN_WRITE,
    ("POST", "/api/v1/cases/{case_id}/compensation"): WRITER,
    ("PUT", "/api/v1/cases/{case_id}/compensation/{claim_id}"): WRITER,
    ("GET", "/api/v1/cases/{case_id}/due-diligence"): SIGNED_IN,
    ("GET", "/api/v1/cases/{case_id}/report.json"): SIGNED_IN,
    ("GET", "/api/v1/cases/{case_id}/report.pdf"): SIGNED_IN,
    ("GET", "/cases"): SIGNED_IN,
    ("GET", "/cases/new"): WRITER,
    ("POST", "/cases/new"): WRITER,
    ("GET", "/cases/results"): ANYONE,
    ("GET", "/cases/{case_id}"): SIGNED_IN,
    ("POST", "/cases/{case_id}/transition"): SIGNED_IN_WRITE,
    ("POST", "/cases/{case_id}/facts"): WRITER,
    ("POST", "/cases/{case_id}/documents"): SIGNED_IN_WRITE,
    ("POST", "/cases/{case_id}/messages"): SIGNED_IN_WRITE,
    ("POST", "/cases/{case_id}/compensation"): WRITER,
    ("POST", "/cases/{case_id}/compensation/{claim_id}"): WRITER,
    # photo identification
    ("POST", "/api/v1/identify"): SIGNED_IN_IDENTIFY,
    ("GET", "/identify"): SIGNED_IN,
    ("POST", "/identify"): SIGNED_IN_IDENTIFY,
    # alerts among partners (issue 6)
    ("POST", "/api/v1/alerts"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/alerts"): SIGNED_IN,
    ("GET", "/api/v1/alerts/{alert_id}"): ANYONE,
    ("GET", "/api/v1/alerts/{alert_id}/recipients"): SIGNED_IN,
    ("POST", "/api/v1/alerts/{alert_id}/ack"): SIGNED_IN_WRITE,
    ("PUT", "/api/v1/alert-subscriptions/me"): SIGNED_IN_WRITE,
    ("PUT", "/api/v1/alert-subscriptions/organisation"): ADMIN_WRITE,
    ("GET", "/alerts/public"): ANYONE,
    ("GET", "/alerts/feed.atom"): ANYONE,
    ("GET", "/alerts/subscription"): SIGNED_IN,
    ("POST", "/alerts/subscription"): SIGNED_IN_WRITE,
    ("GET", "/alerts/new"): SIGNED_IN,
    ("POST", "/alerts/new"): SIGNED_IN_WRITE,
    ("GET", "/alerts/{alert_id}/poster.pdf"): ANYONE,
    ("GET", "/alerts/{alert_id}"): ANYONE,
    ("POST", "/alerts/{alert_id}/ack"): SIGNED_IN_WRITE,
    # federation of nodes (issue 19): people of this node ask every peer; peers ask this node
    ("GET", "/api/v1/federation/peers"): SIGNED_IN,
    ("GET", "/api/v1/federation/search"): SIGNED_IN,
    ("POST", "/api/v1/federation/identify"): SIGNED_IN_IDENTIFY,
    ("POST", "/api/v1/cases/{case_id}/participants"): WRITER,
    ("GET", "/api/v1/federation/peers/{peer}/cases/{case_id}"): SIGNED_IN,
    ("POST", "/api/v1/federation/peers/{peer}/cases/{case_id}/messages"): SIGNED_IN_WRITE,
    ("GET", "/federation/v1/status"): PEER_READ,
    ("GET", "/federation/v1/organisations"): PEER_READ,
    ("POST", "/federation/v1/search"): PEER_READ,
    ("POST", "/federation/v1/identify"): PEER_IDENTIFY,
    ("POST", "/federation/v1/due-diligence"): PEER_IDENTIFY,
    ("POST", "/federation/v1/alerts"): PEER_WRITE,
    ("POST", "/federation/v1/case-notices"): PEER_WRITE,
    ("GET", "/federation/v1/cases/{case_id}"): PEER_READ,
    ("POST", "/federation/v1/cases/{case_id}/messages"): PEER_WRITE,
    # expert consultation (issue 6): who reads a consultation is decided by restrict
    ("GET", "/api/v1/consultations"): SIGNED_IN,
    ("POST", "/api/v1/consultations"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/consultations/{consultation_id}"): SIGNED_IN,
    ("POST", "/api/v1/consultations/{consultation_id}/photos"): SIGNED_IN_WRITE,
    ("POST", "/api/v1/consultations/{consultation_id}/messages"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/consultations/{consultation_id}/attachments/{attachment_id}"): SIGNED_IN,
    ("POST", "/api/v1/consultations/{consultation_id}/close"): SIGNED_IN_WRITE,
    ("POST", "/api/v1/consultations/{consultation_id}/link"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/expertise"): SIGNED_IN,
    ("PUT", "/api/v1/expertise/organisation"): ADMIN_WRITE,
    ("GET", "/consultations"): SIGNED_IN,
    ("POST", "/consultations/expertise"): ADMIN_WRITE,
    ("GET", "/consultations/new"): SIGNED_IN_WRITE,
    ("POST", "/consultations/new"): SIGNED_IN_WRITE,
    ("GET", "/consultations/{consultation_id}"): SIGNED_IN,
    ("POST", "/consultations/{consultation_id}/messages"): SIGNED_IN_WRITE,
    ("POST", "/consultations/{consultation_id}/close"): SIGNED_IN_WRITE,
    # market monitor (issue 17): the review queue is for analysts and investigators (checked by the
    # service, and hits are restricted to records the reader may read); the operator manages sources
    ("GET", "/api/v1/monitor/hits"): SIGNED_IN,
    ("POST", "/api/v1/monitor/hits/{hit_id}/dismiss"): SIGNED_IN_WRITE,
    ("POST", "/api/v1/monitor/hits/{hit_id}/escalate"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/monitor/sources"): SIGNED_IN,
    ("GET", "/monitor"): SIGNED_IN,
    ("POST", "/monitor/hits/{hit_id}/dismiss"): SIGNED_IN_WRITE,
    ("POST", "/monitor/hits/{hit_id}/escalate"): SIGNED_IN_WRITE,
    ("GET", "/monitor/sources"): SIGNED_IN,
    ("POST", "/monitor/sources"): OPERATOR_WRITE,
    ("POST", "/monitor/sources/{name}/remove"): OPERATOR_WRITE,
    # law database (issue 18): public reading, focal points propose, the operator reviews
    ("GET", "/api/v1/laws/countries"): ANYONE,
    ("GET", "/api/v1/laws/countries/{country}"): ANYONE,
    ("GET", "/api/v1/laws/instruments"): ANYONE,
    ("GET", "/api/v1/laws/instruments/{code:path}"): ANYONE,
    ("GET", "/api/v1/laws/export"): ANYONE,
    ("GET", "/api/v1/laws/facts/{kind}/{fact_id}/history"): SIGNED_IN,
    ("POST", "/api/v1/laws/proposals"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/laws/proposals"): SIGNED_IN,
    ("POST", "/api/v1/laws/proposals/{change_id}/review"): OPERATOR_WRITE,
    # EU import and export checks (issue 18): computations on the facts given, nothing stored
    ("POST", "/api/v1/legal/eu-import"): ANYONE,
    ("POST", "/api/v1/legal/eu-export"): ANYONE,
    ("GET", "/legal/eu-import"): ANYONE,
    ("GET", "/legal/eu-export"): ANYONE,
    ("GET", "/laws"): ANYONE,
    ("GET", "/laws/countries/{country}"): ANYONE,
    ("GET", "/laws/instruments/{code:path}"): ANYONE,
    ("GET", "/laws/propose"): SIGNED_IN_WRITE,
    ("POST", "/laws/proposals"): SIGNED_IN_WRITE,
    ("GET", "/laws/proposals"): SIGNED_IN,
    ("POST", "/laws/proposals/{change_id}/review"): OPERATOR_WRITE,
    # model export certificates (issue 18): prepared by the record's organisation or a national authority
    ("POST", "/api/v1/objects/{object_id}/export-certificate"): WRITER,
    ("GET", "/api/v1/export-certificates/{certificate_id}.json"): SIGNED_IN,
    ("GET", "/api/v1/export-certificates/{certificate_id}.pdf"): SIGNED_IN,
    ("GET", "/objects/{object_id}/export-certificate"): WRITER,
    ("POST", "/objects/{object_id}/export-certificate"): WRITER,
    ("GET", "/export-certificates/{certificate_id}"): SIGNED_IN,
    # knowledge library (issue 14): documents read under restrict; partners publish, the operator curates
    ("GET", "/api/v1/library"): ANYONE,
    ("POST", "/api/v1/library"): WRITER,
    ("GET", "/api/v1/library/{document_id}"): ANYONE,
    ("POST", "/api/v1/library/{document_id}/versions"): WRITER,
    ("GET", "/api/v1/library/{document_id}/versions/{version_id}/file"): ANYONE,
    ("POST", "/api/v1/library/{document_id}/photos"): WRITER,
    ("GET", "/api/v1/library/{document_id}/photos/{photo_id}"): ANYONE,
    ("POST", "/api/v1/library/{document_id}/curation"): OPERATOR_WRITE,
    ("GET", "/library"): ANYONE,
    ("GET", "/library/new"): WRITER,
    ("POST", "/library/new"): WRITER,
    ("GET", "/library/{document_id}"): ANYONE,
    ("POST", "/library/{document_id}/versions"): WRITER,
    ("POST", "/library/{document_id}/photos"): WRITER,
    ("POST", "/library/{document_id}/curation"): OPERATOR_WRITE,
    # training (issue 14): courses and events read under restrict; learners and partners sign in
    ("GET", "/api/v1/training/courses"): ANYONE,
    ("POST", "/api/v1/training/courses"): WRITER,
    ("GET", "/api/v1/training/courses/{course_id}"): ANYONE,
    ("POST", "/api/v1/training/courses/{course_id}/modules"): WRITER,
    ("GET", "/api/v1/training/courses/{course_id}/modules/{module_id}/file"): ANYONE,
    ("POST", "/api/v1/training/courses/{course_id}/questions"): WRITER,
    ("POST", "/api/v1/training/courses/{course_id}/draw"): WRITER,
    ("GET", "/api/v1/training/courses/{course_id}/questions/{question_id}/photo"): ANYONE,
    ("POST", "/api/v1/training/courses/{course_id}/modules/{module_id}/done"): SIGNED_IN_WRITE,
    ("POST", "/api/v1/training/courses/{course_id}/attempts"): SIGNED_IN_WRITE,
    ("POST", "/api/v1/training/courses/{course_id}/certificate"): SIGNED_IN_WRITE,
    ("GET", "/api/v1/training/certificates/{certificate_id}.json"): SIGNED_IN,
    ("GET", "/api/v1/training/certificates/{certificate_id}.pdf"): SIGNED_IN,
    ("GET", "/api/v1/training/events"): ANYONE,
    ("POST", "/api/v1/training/events"): WRITER,
    ("GET", "/api/v1/training/events/{event_id}"): ANYONE,
    ("POST", "/api/v1/training/events/{event_id}/cancel"): WRITER,
    ("POST", "/api/v1/training/events/{event_id}/registrations"): SIGNED_IN_WRITE,
    ("POST", "/api/v1/training/events/{event_id}/registrations/{registration_id}/decision"): WRITER,
    ("POST", "/api/v1/training/events/{event_id}/registrations/{registration_id}/attendance"): WRITER,
    ("POST", "/api/v1/training/events/{event_id}/evaluation"): SIGNED_IN_WRITE,
    ("GET", "/training/events/{event_id}/calendar.ics"): ANYONE,
    ("GET", "/training"): ANYONE,
    ("GET", "/training/courses/{course_id}"): ANYONE,
    ("POST", "/training/courses/{course_id}/modules/{module_id}/done"): SIGNED_IN_WRITE,
    ("POST", "/training/courses/{course_id}/assessment"): SIGNED_IN_WRITE,
    ("POST", "/training/courses/{course_id}/certificate"): SIGNED_IN_WRITE,
    ("GET", "/training/events/{event_id}"): ANYONE,
    ("POST", "/training/events/{event_id}/cancel"): WRITER,
    ("POST", "/training/events/{event_id}/register"): SIGNED_IN_WRITE,
    ("POST", "/training/events/{event_id}/registrations/{registration_id}"): WRITER,
    ("POST", "/training/events/{event_id}/evaluation"): SIGNED_IN_WRITE,
    ("GET", "/training/courses/new"): WRITER,
    ("POST", "/training/courses/new"): WRITER,
    ("POST", "/training/courses/{course_id}/modules"): WRITER,
    ("POST", "/training/courses/{course_id}/questions"): WRITER,
    ("POST", "/training/courses/{course_id}/draw"): WRITER,
    ("GET", "/training/events/new"): WRITER,
    ("POST", "/training/events/new"): WRITER,
    # regular meetings (issue 14): who reads a meeting is decided by restrict, who edits by the service
    ("GET", "/api/v1/meeting-series"): ANYONE,
    ("POST", "/api/v1/meeting-series"): WRITER,
    ("GET", "/api/v1/meeting-series/{series_id}"): ANYONE,
    ("GET", "/api/v1/meetings"): ANYONE,
    ("POST", "/api/v1/meetings"): WRITER,
    ("GET", "/api/v1/meetings/{meeting_id}"): ANYONE,
    ("POST", "/api/v1/meetings/{meeting_id}/agenda"): WRITER,
    ("POST", "/api/v1/meetings/{meeting_id}/participants"): WRITER,
    ("POST", "/api/v1/meetings/{meeting_id}/documents"): WRITER,
    ("GET", "/api/v1/meetings/{meeting_id}/documents/{document_id}"): ANYONE,
    ("PUT", "/api/v1/meetings/{meeting_id}/minutes"): WRITER,
    ("POST", "/api/v1/meetings/{meeting_id}/decisions"): WRITER,
    ("PATCH", "/api/v1/meetings/{meeting_id}/agenda/{item_id}"): WRITER,
    ("DELETE", "/api/v1/meetings/{meeting_id}/agenda/{item_id}"): WRITER,
    ("PATCH", "/api/v1/meetings/{meeting_id}/decisions/{decision_id}"): WRITER,
    ("DELETE", "/api/v1/meetings/{meeting_id}/decisions/{decision_id}"): WRITER,
    ("DELETE", "/api/v1/meetings/{meeting_id}/participants/{participant_id}"): WRITER,
    ("POST", "/api/v1/meetings/{meeting_id}/cancel"): WRITER,
    ("POST", "/api/v1/meetings/{meeting_id}/actions"): WRITER,
    ("GET", "/api/v1/meeting-actions"): ANYONE,
    ("PATCH", "/api/v1/meeting-actions/{action_id}"): SIGNED_IN_WRITE,
    ("GET", "/meetings"): ANYONE,
    ("POST", "/meetings/series"): WRITER,
    ("GET", "/meetings/new"): WRITER,
    ("POST", "/meetings/new"): WRITER,
    ("GET", "/meetings/actions"): ANYONE,
    ("POST", "/meetings/actions/{action_id}"): SIGNED_IN_WRITE,
    ("GET", "/meetings/series/{series_id}"): ANYONE,
    ("GET", "/meetings/series/{series_id}/calendar.ics"): ANYONE,
    ("GET", "/meetings/{meeting_id}"): ANYONE,
    ("GET", "/meetings/{meeting_id}/calendar.ics"): ANYONE,
    ("POST", "/meetings/{meeting_id}/agenda"): WRITER,
    ("POST", "/meetings/{meeting_id}/participants"): WRITER,
    ("POST", "/meetings/{meeting_id}/documents"): WRITER,
    ("POST", "/meetings/{meeting_id}/minutes"): WRITER,
    ("POST", "/meetings/{meeting_id}/decisions"): WRITER,
    ("POST", "/meetings/{meeting_id}/cancel"): WRITER,
    ("POST", "/meetings/{meeting_id}/actions"): WRITER,
    # tangible results (issue 14): public aggregates for anyone, small counts withheld from the public
    ("GET", "/api/v1/results"): ANYONE,
    ("GET", "/api/v1/results.csv"): ANYONE,
    ("GET", "/results"): ANYONE,
    ("GET", "/results/report.pdf"): ANYONE,
}

_AUDIENCE_ROLES = {
    "writer": WRITER_ROLES,
    "admin": ADMIN_ROLES,
    "platform_admin": frozenset({"platform_admin"}),
}


def rule_for(method: str, path: str) -> RouteRule | None:
    """The rule of a route template (HEAD is answered like GET)."""
    return ROUTE_RULES.get(("GET" if method == "HEAD" else method, path))


def check_route(method: str, path: str, actor: Actor) -> None:
    """Refuse the call (401/403) unless ``actor`` belongs to the route's audience with the right scope."""
    rule = rule_for(method, path)
    if rule is None:
        raise Forbidden(_("no access rule is declared for %(method)s %(path)s", method=method, path=path))
    if rule.audience == "anyone":
        # open to the public, but a token still reads only with the scopes it carries: a token made
        # for identification or writing is not a way to read records in full
        if not actor.may(rule.scope):
            raise Forbidden(_("this API token lacks the '%(scope)s' scope", scope=rule.scope))
        return
    if rule.audience == "peer":
        if actor.node_id is None:
            raise Unauthenticated(_("this route answers requests signed by a peer node only"))
        if not actor.may(rule.scope):
            raise Forbidden(_("peer requests may not use the '%(scope)s' scope here", scope=rule.scope))
        return
    if actor.is_anonymous:
        raise Unauthenticated(_("sign in or send 'Authorization: Bearer <token>'"))
    roles = _AUDIENCE_ROLES.get(rule.audience)
    if roles is not None and not roles & actor.roles:
        raise Forbidden(_("your role does not allow this"))
    if not actor.may(rule.scope):
        raise Forbidden(_("this API token lacks the '%(scope)s' scope", scope=rule.scope))
