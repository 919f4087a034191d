"""Messages among the parties of a case: who may take part, how wide a message may be classified, and
the notices that tell the other organisations in the thread.

A message is never public. It is classified ``partners``, ``law_enforcement`` or ``restricted``, never
wider than its case, and is read by whoever reads the case and that classification (``can_read``); the
case's organisation reads every message of its case. Posting needs a signed-in member of the case's
organisation or of a vetted partner organisation that reads the case.
"""

from __future__ import annotations

import hashlib

from heritrace.access.policy import CLASSIFICATIONS, can_read
from heritrace.cases.models import CaseMessage, ReturnCase
from heritrace.core.actor import Actor
from heritrace.core.errors import Forbidden, ValidationFailed
from heritrace.core.i18n import N_, Message
from heritrace.inbox.service import Notice
from heritrace.objects.choices import label_message

MESSAGE_CLASSIFICATIONS = ("partners", "law_enforcement", "restricted")
MAX_TEXT = 20000


def default_classification(case: ReturnCase) -> str:
    """The case's own classification, narrowed to ``partners`` for a public case."""
    return "partners" if case.classification == "public" else case.classification


def check_message(actor: Actor, case: ReturnCase, text: str, classification: str | None) -> str:
    """The classification the message gets; refused when the actor may not post or the message would be
    wider than its case or unreadable by its own author."""
    own = actor.organisation_id is not None and actor.organisation_id == case.organisation_id
    if not (actor.has_role("platform_admin") or own or (actor.vetted and not actor.is_anonymous)):
        raise Forbidden("only members of the case's organisation or of vetted partners post messages")
    chosen = classification or default_classification(case)
    errors = {}
    if not text.strip():
        errors["text"] = "the message is empty"
    elif len(text) > MAX_TEXT:
        errors["text"] = f"longer than {MAX_TEXT} characters"
    if chosen not in MESSAGE_CLASSIFICATIONS:
        errors["classification"] = f"expected one of {', '.join(MESSAGE_CLASSIFICATIONS)}"
    elif CLASSIFICATIONS.index(chosen) < CLASSIFICATIONS.index(case.classification):
        errors["classification"] = (
            f"a message may not be classified wider than its case ({case.classification})"
        )
    elif not can_read(actor, chosen, case.organisation_id, participants(case)):
        errors["classification"] = f"you could not read a message classified {chosen}"
    if errors:
        raise ValidationFailed(errors, "message not posted")
    return chosen


def participants(case: ReturnCase) -> list[int]:
    """The organisations the case's organisation named as participants (they read what is restricted)."""
    return [share.organisation_id for share in case.shares]


def visible_messages(actor: Actor, case: ReturnCase) -> list[CaseMessage]:
    named = participants(case)
    return [m for m in case.messages if can_read(actor, m.classification, case.organisation_id, named)]


def text_digest(text: str) -> str:
    """What the audit log keeps of a message's text: its hash, so that a later change is detectable."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def author_line(message: CaseMessage) -> str:
    """Who wrote a message, with their organisation when known."""
    organisation = f" ({message.author_organisation})" if message.author_organisation else ""
    return message.author + organisation


def notices_for(case: ReturnCase, message: CaseMessage) -> list[Notice]:
    """One inbox notice for each other organisation in the thread: the case's own and those of earlier
    authors. The notice says who wrote and where, not what: the message stays behind its classification."""
    organisations = [
        case.organisation_id,
        *participants(case),
        *(m.author_organisation_id for m in case.messages),
    ]
    wanted = [
        o for o in dict.fromkeys(organisations) if o is not None and o != message.author_organisation_id
    ]
    who = author_line(message)
    first = case.objects[0].external_id if case.objects else None
    return [
        Notice(
            organisation_id=org,
            kind="case_message",
            subject=Message(
                N_("New message in case %(case)s from %(who)s"),
                {"case": case.id, "who": message.author_organisation or message.author},
            ),
            body=Message(
                N_(
                    "Case %(case)s '%(title)s': %(who)s posted a message classified %(classification)s.\n"
                    "Read it at %(page)s"
                ),
                {
                    "case": case.id,
                    "title": case.title,
                    "who": who,
                    "classification": label_message(message.classification),
                    "page": f"/cases/{case.id}",
                },
            ),
            object_id=first,
        )
        for org in wanted
    ]
