"""Id prefixes of organisations: the namespace of the ids an organisation chooses for its records.

An organisation's ``id_prefix`` is a short code (``[A-Z0-9]{2,12}``, no hyphen). A record id chosen
by a member of the organisation is kept inside its namespace: ``A-1`` given by the organisation
``NMU`` is stored as ``NMU-A-1``. Two organisations can therefore never choose the same id, and the
only record a chosen id can collide with is one of the organisation's own, which its members always
read: "already exists" reveals nothing (docs/access.md, "Record ids").

The namespace of an id is the text before its first hyphen. ``HT`` is reserved: the server makes
``HT-<random>`` ids for records registered without one. A code is never given to an organisation
while records of anyone else already use it as their namespace (records registered before the
prefixes existed keep their ids), so every record in an organisation's namespace is its own.

This module needs no model: the migration that introduced the prefixes (0029) uses it too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from sqlalchemy import Connection, column, exists, func, or_, select, table
from sqlalchemy.orm import Session

from heritrace.core.i18n import _

PREFIX_PATTERN = re.compile(r"^[A-Z0-9]{2,12}$")
MAX_ID = 120  # cultural_object.external_id
GENERATED = "HT"  # the namespace of server-generated ids
RESERVED = frozenset({GENERATED})
# words left out of the initials a code is made of
_MINOR_WORDS = frozenset(
    "A AN AND AT D DE DEL DELLA DER DES DI DIE DU E ET FOR IN L LA LE LES OF THE UND VON Y".split()
)

_objects = table("cultural_object", column("external_id"), column("organisation_id"))
_organisations = table("organisation", column("id"), column("id_prefix"))


def namespace(external_id: str) -> str | None:
    """The namespace of an id: the text before its first hyphen (None when it has none)."""
    head, dash, _ = external_id.partition("-")
    return head if dash else None


def qualify(external_id: str, prefix: str) -> str:
    """``external_id`` inside the namespace ``prefix`` (unchanged when it already is)."""
    return external_id if external_id.startswith(f"{prefix}-") else f"{prefix}-{external_id}"


def spellings(external_id: str, prefix: str | None) -> list[str]:
    """The stored ids ``external_id`` may name for a member of the organisation with ``prefix``,
    in order: itself, then the shorthand for the organisation's own ``<prefix>-<id>``."""
    if prefix and not external_id.startswith(f"{prefix}-"):
        return [external_id, qualify(external_id, prefix)]
    return [external_id]


def normalised(code: str) -> str:
    return code.strip().upper()


def prefix_problem(code: str) -> str | None:
    """Why ``code`` cannot be an id prefix (None: its form is acceptable)."""
    if not PREFIX_PATTERN.match(code):
        return _("an id prefix is 2 to 12 letters A-Z or digits, without hyphen")
    if code in RESERVED:
        return _("the id prefix %(code)s is reserved for ids the server generates", code=code)
    return None


def candidates(name: str, country: str | None = None) -> Iterator[str]:
    """Codes for an organisation, best first: the initials of its name, then with its country,
    then numbered (``NMU``, ``NMUUA``, ``NMU2``, ``NMU3``, ...)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z0-9]+", ascii_name)
    major = [w for w in words if w not in _MINOR_WORDS] or words
    base = "".join(w[0] for w in major)
    if len(base) < 2:
        base = "".join(words)[:3]
    if len(base) < 2:
        base = "ORG"
    base = base[:8]
    if base not in RESERVED:
        yield base
    if country and len(base + country) <= 12:
        yield base + country.upper()
    n = 2
    while True:
        yield f"{base}{n}"
        n += 1


def code_taken(conn: Connection | Session, code: str, organisation_id: int | None = None) -> bool:
    """Whether another organisation has ``code``, or records other than ``organisation_id``'s
    already use it as their namespace (a code found there would put them in a stranger's namespace)."""
    held = exists().where(_organisations.c.id_prefix == code)
    if organisation_id is not None:
        held = held.where(_organisations.c.id != organisation_id)
    used = exists().where(func.substr(_objects.c.external_id, 1, len(code) + 1) == f"{code}-")
    if organisation_id is not None:
        used = used.where(
            or_(_objects.c.organisation_id.is_(None), _objects.c.organisation_id != organisation_id)
        )
    return bool(conn.scalar(select(held)) or conn.scalar(select(used)))


def generate(
    name: str, country: str | None, taken: Callable[[str], bool], also_taken: set[str] = frozenset()
) -> str:
    """The first candidate code for the organisation that is free."""
    return next(c for c in candidates(name, country) if c not in also_taken and not taken(c))


def checked_length(external_id: str, prefix: str) -> str:
    if len(external_id) > MAX_ID:
        raise ValueError(
            _(
                "with the prefix %(prefix)s- the id is longer than %(max)s characters",
                prefix=prefix,
                max=MAX_ID,
            )
        )
    return external_id


def organisation_prefix(conn: Connection | Session, organisation_id: int | None) -> str | None:
    if organisation_id is None:
        return None
    return conn.scalar(select(_organisations.c.id_prefix).where(_organisations.c.id == organisation_id))


def chosen_id(conn: Connection | Session, organisation_id: int | None, external_id: str) -> str:
    """Where an id chosen for a new record is stored: inside the organisation's namespace. An actor
    of no organisation (the operator) keeps the id as given, outside every organisation's namespace
    and the generated one; the refusal says only that the namespace is taken, which is public."""
    prefix = organisation_prefix(conn, organisation_id)
    if prefix:
        return checked_length(qualify(external_id, prefix), prefix)
    space = namespace(external_id)
    if space is not None and (
        space in RESERVED or conn.scalar(select(exists().where(_organisations.c.id_prefix == space)))
    ):
        raise ValueError(
            _("ids beginning with %(prefix)s- are in an organisation's namespace or generated", prefix=space)
        )
    return external_id
