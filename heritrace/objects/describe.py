"""Turns the submitted Object ID text into structured values, flags and field errors.

Unreadable input is kept as text and flagged, never rejected; input that is readable but wrong
(an absurd measurement, a date in the future) is a field error. Controlled values (status,
classification, incident type) are read by their label in any of the supported languages; in a
bulk import (``lenient``) one that still cannot be read is flagged and the record is stored with a
safe default (status missing, classification restricted, incident type other), while a form or an
API call gets a field error, since a person is there to choose.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from heritrace.core.i18n import N_, Message, _
from heritrace.core.text import fold
from heritrace.objects.choices import DISPLAY, display, read_choice
from heritrace.objects.models import CLASSIFICATIONS, INCIDENT_TYPES, INVENTORY, STATUSES
from heritrace.objects.parsing import find_date_in, parse_country, parse_date, parse_measurements
from heritrace.objects.parsing.dates import DatePeriod
from heritrace.objects.schemas import IncidentIn, ObjectFields, ObjectIn
from heritrace.vocab import get_vocabulary

# what a controlled value that cannot be read becomes in a bulk import (flagged for review):
# the most closed classification, so that an unreadable one never publishes a record
UNREAD_DEFAULTS = {"status": "missing", "classification": "restricted", "incident_type": "other"}
# a date is looked for inside a text of the date field only when the text is at least this long
LONG_DATE_TEXT = 40
MEASURE_COLUMNS = ("height_cm", "width_cm", "depth_cm", "diameter_cm", "length_cm", "weight_g", "area_cm2")
SEARCHED_TEXT = (
    "title",
    "maker",
    "type_of_object",
    "subject",
    "description",
    "materials_techniques",
    "inscriptions_markings",
    "distinguishing_features",
    "place_of_origin",
    "inventory_number",
    "date_or_period",
)
SEARCH_LANGUAGES = ("en", "fr", "de", "it", "es", "nl", "uk", "ru")


# The review flags of a record: what could not be read or needs a look, shown in the reader's language
UNREAD = N_("%(field)s '%(value)s' could not be read (kept as text)")
GUESSED = N_("%(field)s: %(problem)s")
NOT_IN_VOCABULARY = N_("%(field)s '%(value)s' not found in the vocabulary (kept as text)")
READ_FROM_LONGER_TEXT = N_("%(field)s: '%(phrase)s' was read from a longer text; check it")
NOT_A_COUNTRY = N_("%(field)s '%(value)s' is not an ISO 3166-1 country (kept as text)")
RECORDED_AS_DEFAULT = N_("%(field)s '%(value)s' could not be read; recorded as %(default)s")
NOT_A_DAY = N_("%(field)s '%(value)s' is not a day (kept as text)")
FIELD_NAMES = {
    "type_of_object": N_("type of object"),
    "materials_techniques": N_("materials"),
    "measurements": N_("measurements"),
    "date_or_period": N_("date or period"),
    "country": N_("country"),
    "classification": N_("classification"),
    "status": N_("status"),
    "date_documented": N_("date documented"),
    "type": N_("type"),
    "date": N_("date"),
}
# the guesses the parsers had to make (``parsing``), by their English text
PARSER_PROBLEMS = (
    (re.compile(r"no unit given; centimetres assumed"), N_("no unit given; centimetres assumed")),
    (re.compile(r"'(?P<decade>\d+)s' read as the century (?P<start>\d+)-(?P<end>\d+)"),
     N_("'%(decade)ss' read as the century %(start)s-%(end)s")),
    (re.compile(r"periods that do not nest: only '(?P<period>.*)' read"),
     N_("periods that do not nest: only '%(period)s' read")),
    (re.compile(r"only '(?P<part>.*)' understood"), N_("only '%(part)s' understood")),
    (re.compile(r"unusual (?P<dimension>\w+) (?P<value>\S+) (?P<unit>.+)"),
     N_("unusual %(dimension)s %(value)s %(unit)s: check the value and its unit")),
)  # fmt: skip


def field_name(fname: str) -> Message:
    """A flagged field in words: 'date or period', 'incident 1: date'."""
    parts = fname.split(".")
    if len(parts) == 3 and parts[0] == "incident" and parts[1].isdigit():
        inner = Message(FIELD_NAMES.get(parts[2], parts[2]))
        return Message(N_("incident %(n)s: %(field)s"), {"n": int(parts[1]) + 1, "field": inner})
    return Message(FIELD_NAMES.get(fname, fname.replace("_", " ")))


def parser_problem(problem: str) -> Message | str:
    """A parser's guess as a message, when it is one of those it writes; else its text as it is."""
    for pattern, message in PARSER_PROBLEMS:
        found = pattern.fullmatch(problem)
        if found:
            params: dict = found.groupdict()
            if params.get("dimension") in _DIMENSION_NAMES:
                params["dimension"] = Message(_DIMENSION_NAMES[params["dimension"]])
            return Message(message, params)
    return problem


def moved_flag(entry: dict, fname: str) -> dict:
    """A flag of one field put on another (an incident's flag, read alone, on its place in the record),
    its field named anew in its message."""
    if not entry.get("msg"):
        return {**entry, "field": fname}
    message = Message.from_json(entry["msg"])
    kept = Message(message.text, {**message.params, "field": field_name(fname)})
    return {**entry, "field": fname, "message": kept.english(), "msg": kept.to_json()}


def flag_text(entry: dict) -> str:
    """A review flag in the reader's language; a flag stored with its English text only (before its
    message was kept beside it) is shown as it was stored."""
    if entry.get("msg"):
        return str(Message.from_json(entry["msg"]))
    return str(entry.get("message", ""))


@dataclass
class Described:
    columns: dict
    materials: list[str]
    incidents: list[dict]
    # {"field", "message", "msg", "text"}: what could not be read or needs a look (in English, and as
    # a message and its variables, shown in the reader's language), and the text as given
    flags: list[dict] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    lenient: bool = False

    def flag(self, fname: str, message: str, text: str | None = None, **params: object) -> None:
        """Flag a field: ``message`` (marked with ``N_``) and its variables are kept, to be written in
        the reader's language (``flag_text``); the English text is kept beside them."""
        kept = Message(message, {"field": field_name(fname), **params})
        entry = {"field": fname, "message": kept.english(), "msg": kept.to_json()}
        if text is not None:
            entry["text"] = text
        self.flags.append(entry)


def describe(data: ObjectFields, today: date | None = None, lenient: bool = False) -> Described:
    """Parse one submitted description; ``errors`` is empty when it can be stored.

    ``lenient`` (bulk imports): a controlled value that cannot be read is flagged, not an error."""
    today = today or date.today()
    out = Described(columns=_plain_columns(data), materials=[], incidents=[], lenient=lenient)
    _describe_type(data, out)
    _describe_materials(data, out)
    _describe_measurements(data, out)
    _describe_period(data.date_or_period, today, out, "date_or_period", "date")
    _describe_country(data.country, out, "country")
    out.columns["classification"] = _describe_choice(
        data.classification, CLASSIFICATIONS, out, "classification"
    )
    _describe_date_documented(data.date_documented, today, out)
    if isinstance(data, ObjectIn):
        out.columns["status"] = _describe_choice(data.status, STATUSES, out, "status")
        _check_inventory(out)
        incidents = ([data.incident] if data.incident else []) + list(data.incidents)
        out.incidents = [_describe_incident(i, n, today, out) for n, i in enumerate(incidents)]
    out.columns["flags"] = json.dumps(out.flags, ensure_ascii=False) if out.flags else None
    out.columns["search_text"] = search_text(data, out)
    return out


def _plain_columns(data: ObjectFields) -> dict:
    return {
        "type_text": data.type_of_object,
        "title": data.title,
        "maker": data.maker,
        "maker_key": fold(data.maker)[:200] or None,
        "subject": data.subject,
        "description": data.description,
        "inscriptions_markings": data.inscriptions_markings,
        "distinguishing_features": data.distinguishing_features,
        "materials_techniques": data.materials_techniques,
        "measurements_text": data.measurements,
        "date_text": data.date_or_period,
        "place_of_origin": data.place_of_origin,
        "inventory_number": data.inventory_number,
        "related_written_material": data.related_written_material,
        "cross_references": data.cross_references,
    }


def _describe_type(data: ObjectFields, out: Described) -> None:
    concept = get_vocabulary().lookup(data.type_of_object, "object_type") if data.type_of_object else None
    out.columns["type_concept"] = concept.id if concept else None
    if data.type_of_object and concept is None:
        out.flag("type_of_object", NOT_IN_VOCABULARY, value=data.type_of_object[:80])


def _describe_materials(data: ObjectFields, out: Described) -> None:
    if not data.materials_techniques:
        return
    vocabulary = get_vocabulary()
    found = vocabulary.find_all(data.materials_techniques, "material")
    if not found:  # a field that is one word of another language ("Or" is French gold) is a label
        whole = vocabulary.lookup(data.materials_techniques, "material")
        found = [whole] if whole else []
    out.materials = sorted({c.id for c in found})
    if not found:
        out.flag("materials_techniques", NOT_IN_VOCABULARY, value=data.materials_techniques[:80])


def _describe_measurements(data: ObjectFields, out: Described) -> None:
    m = parse_measurements(data.measurements)
    for col in MEASURE_COLUMNS:
        out.columns[col] = getattr(m, col)
    wrong, doubtful = _split_problems(m.problems)
    if wrong:
        out.errors["measurements"] = "; ".join(map(_error_text, wrong))
    for problem in doubtful:
        out.flag("measurements", GUESSED, problem=parser_problem(problem))
    if data.measurements and not m.parsed and not wrong:
        out.flag("measurements", UNREAD, value=data.measurements[:80])


def _describe_period(
    text: str | None, today: date, out: Described, fname: str, prefix: str, target: dict | None = None
) -> None:
    target = out.columns if target is None else target
    p = parse_date(text, today=today)
    if text and not p.parsed and len(text) >= LONG_DATE_TEXT:
        p = _date_inside(text, today, out, fname)
    wrong, doubtful = _split_problems(p.problems)
    target[f"{prefix}_edtf"], target[f"{prefix}_earliest"], target[f"{prefix}_latest"] = (
        (p.edtf, p.earliest, p.latest) if p.parsed and not wrong else (None, None, None)
    )
    if wrong:
        out.errors[fname] = "; ".join(map(_error_text, wrong))
    for problem in doubtful:
        out.flag(fname, GUESSED, problem=parser_problem(problem))
    if text and not p.parsed and not wrong:
        out.flag(fname, UNREAD, value=text[:80])


def _date_inside(text: str, today: date, out: Described, fname: str) -> DatePeriod:
    """A long text in a date field (a description typed into it): the date written inside it is
    read, and flagged so that someone checks it; the text itself is kept as it is."""
    found = find_date_in(text, today)
    if found is None:
        return DatePeriod(None, None, None, False)
    period, phrase = found
    out.flag(fname, READ_FROM_LONGER_TEXT, phrase=phrase)
    return period


def _split_problems(problems: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Readable but impossible values are errors; guesses the parser had to make are flags."""
    if not problems:
        return [], []
    wrong = [p for p in problems if p.startswith(("absurd", "date in the future"))]
    return wrong, [p for p in problems if p not in wrong]


# the parser's problems stay in English where they are stored (flags); a field error is shown now,
# in the reader's language
_DIMENSION_NAMES = {
    "height": N_("height"),
    "width": N_("width"),
    "depth": N_("depth"),
    "diameter": N_("diameter"),
    "length": N_("length"),
    "weight": N_("weight"),
    "area": N_("area"),
    "volume": N_("volume"),
}
_ABSURD = re.compile(r"absurd (\w+) (\S+) (.+)")
_FUTURE = re.compile(r"date in the future \((.+)\)")


def _error_text(problem: str) -> str:
    """A readable but impossible value (``absurd height 9000 cm``), as a field error for the reader."""
    absurd = _ABSURD.fullmatch(problem)
    if absurd:
        name, value, unit = absurd.groups()
        dimension = _(_DIMENSION_NAMES[name]) if name in _DIMENSION_NAMES else name
        return _("absurd %(dimension)s %(value)s %(unit)s", dimension=dimension, value=value, unit=unit)
    future = _FUTURE.fullmatch(problem)
    if future:
        return _("date in the future (%(year)s)", year=future.group(1))
    return problem


def _describe_country(text: str | None, out: Described, fname: str, target: dict | None = None) -> None:
    target = out.columns if target is None else target
    code = parse_country(text) if text else None
    target["country"] = code
    target["country_text"] = text if text and code is None else None
    if text and code is None:
        if not out.lenient:
            # a person typed it: a country that is not one is readable and wrong, not a guess to keep
            out.errors[fname] = _(
                "'%(text)s' is not a country (an ISO 3166-1 code or a country name)", text=text[:80]
            )
            return
        out.flag(fname, NOT_A_COUNTRY, value=text[:80])


# What lets someone recognise the object (Object ID): a record needs one of these, or a photograph;
# a type of object alone ("painting") recognises nothing.
RECOGNISING = ("title", "description", "inscriptions_markings", "distinguishing_features", "subject", "maker")
SAY_THE_TYPE = N_("say what kind of object it is (painting, icon, statue...)")


def missing_essentials(data: ObjectFields, photos: int) -> dict[str, str]:
    """Field errors when a record is too empty to be worth registering (a form or an API call).

    The minimum, after Object ID: the type of object plus something to recognise it by (a title, a
    description, inscriptions, distinguishing features, the subject or the maker), or a photograph;
    a title names the object, so a title alone is enough."""
    if photos or any(getattr(data, f) for f in RECOGNISING):
        if data.title or data.type_of_object or photos:
            return {}
        return {"type_of_object": _(SAY_THE_TYPE)}
    message = _(
        "describe the object so that it can be recognised: a title, a description, inscriptions or "
        "distinguishing features, or add a photograph"
    )
    errors = {"title": message, "description": message}
    if not data.type_of_object:
        errors["type_of_object"] = _(SAY_THE_TYPE)
    return errors


def _describe_choice(value: str, allowed: tuple[str, ...], out: Described, fname: str) -> str:
    """The code a controlled value names (its code or a label in any supported language)."""
    kind = "incident_type" if fname.endswith(".type") else fname
    code = value if value in allowed else read_choice(value, kind)
    if code in allowed:
        return code
    choices = ", ".join(display(c) for c in allowed)
    if not out.lenient:
        out.errors[fname] = _("'%(value)s' is not one of: %(choices)s", value=value, choices=choices)
        return value
    default = UNREAD_DEFAULTS[kind]
    out.flag(
        fname, RECORDED_AS_DEFAULT, value, value=value[:80], default=Message(DISPLAY.get(default, default))
    )
    return default


def _check_inventory(out: Described) -> None:
    """An inventory record is held by its owner; a record of the register is not held."""
    inventory = out.columns["classification"] == INVENTORY
    if inventory != (out.columns["status"] == "held"):
        out.errors["status" if inventory else "classification"] = _(
            "an inventory record has the status 'held', and only an inventory record has it "
            "(report an inventory record stolen to put it on the register)"
        )


def _describe_date_documented(text: str | None, today: date, out: Described) -> None:
    out.columns["date_documented"] = None
    if not text:
        return
    value = read_day(text)
    if value is None:
        if out.lenient:
            out.flag("date_documented", NOT_A_DAY, text, value=text[:80])
        else:
            out.errors["date_documented"] = _("'%(text)s' is not a date (YYYY-MM-DD)", text=text)
        return
    if value > today:
        out.errors["date_documented"] = _("%(day)s is in the future", day=value)
    out.columns["date_documented"] = value


def read_day(text: str) -> date | None:
    """A day written 2003-05-17, 2003/05/17, 17.05.2003 or 17/05/2003 (day before month)."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DAY_FIRST.fullmatch(text)
    day, month, year = (int(p) for p in match.groups()) if match else (0, 0, 0)
    match = match or _YEAR_FIRST.fullmatch(text)
    if match is None:
        return None
    if not day:
        year, month, day = (int(p) for p in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})[./](\d{1,2})[./](\d{1,2})")


def describe_incident(inc: IncidentIn, today: date | None = None) -> Described:
    """One incident alone (an inventory record reported stolen): its row in ``incidents``."""
    out = Described(columns={}, materials=[], incidents=[])
    out.incidents = [_describe_incident(inc, 0, today or date.today(), out)]
    return out


def _describe_incident(inc: IncidentIn, n: int, today: date, out: Described) -> dict:
    kind = _describe_choice(inc.type.strip(), INCIDENT_TYPES, out, f"incident.{n}.type")
    row = {
        "type": kind,
        # a type that could not be read is kept as written
        "type_text": inc.type if kind == "other" and read_choice(inc.type, "incident_type") is None else None,
        "date_text": inc.date,
        "place": inc.place,
        "circumstances": inc.circumstances,
        "reporting_organisation": inc.reporting_organisation,
        "reference": inc.reference,
    }
    _describe_period(inc.date, today, out, f"incident.{n}.date", "date", target=row)
    _describe_country(inc.country, out, f"incident.{n}.country", target=row)
    row.pop("country_text", None)
    return row


def search_text(data: ObjectFields, out: Described) -> str:
    """Folded text indexed by FTS5 / tsvector; carries vocabulary labels so that search crosses languages."""
    parts = [getattr(data, f) or "" for f in SEARCHED_TEXT]
    parts.append(getattr(data, "id", None) or "")
    text = fold(" ".join(parts))
    labels = [_concept_words(cid) for cid in (out.columns.get("type_concept"), *out.materials) if cid]
    return " ".join([text, *labels]) if labels else text


@lru_cache(maxsize=4096)
def _concept_words(concept_id: str) -> str:
    """A concept's labels in the search languages, folded once per process."""
    concept = get_vocabulary().get(concept_id)
    if concept is None:
        return ""
    return fold(" ".join(concept.pref_labels.get(lang, "") for lang in SEARCH_LANGUAGES))


def content_hash(data: ObjectIn, described: Described, image_hashes: list[str]) -> str:
    """Fingerprint of a record as stored, so that re-importing an unchanged record (or its export)
    changes nothing. Derived text (search text, flags) follows from the rest and is left out."""
    cols = described.columns
    fingerprint = (
        tuple(sorted((k, v) for k, v in cols.items() if k not in ("search_text", "flags"))),
        described.materials,
        # an incident type kept as written is new: leaving it out when empty keeps the fingerprints
        # of records imported before it existed
        [sorted(i for i in row.items() if i != ("type_text", None)) for row in described.incidents],
        cols.get("status", data.status),
        [(i.scheme, i.value) for i in data.identifiers],
        image_hashes,
    )
    return hashlib.sha256(repr(fingerprint).encode()).hexdigest()
