"""The EU import check (Regulation (EU) 2019/880): prohibited, import licence, importer statement or none.

Order of the questions, as the Regulation asks them: is this an introduction into the customs territory
at all (Art. 2(2)) and is the object in scope (goods created or discovered in the EU are not, Art. 1(2));
is it a Part A good removed in breach of its country's laws (prohibited, Art. 3(1), whatever the
procedure, transit included); is the procedure an import (Art. 2(3)); is it a Part B or Part C good
(Annex); does an exemption apply (Art. 3(4)) or does the art-fair rule replace the licence by a
statement (Art. 3(5)); and then which country's export laws the evidence must address (Art. 4(4),
Art. 5(2), with the last-country derogation for goods of unknown origin or out before 24 April 1972).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from heritrace.core.i18n import _
from heritrace.legal.compliance import (
    CheckResult,
    Reader,
    Regulation,
    country_name,
    load_regulation,
)
from heritrace.legal.data import StatesTable, load_states
from heritrace.legal.import_annex import annex_article, part_of, year_count
from heritrace.legal.import_documents import prepare_documents

PROCEDURES = (
    "release_for_free_circulation",
    "customs_warehousing",
    "free_zone",
    "temporary_admission",
    "end_use",
    "inward_processing",
    "transit",
)
PURPOSES = (
    "exhibition",
    "education",
    "science",
    "research",
    "conservation",
    "restoration",
    "digitisation",
    "performing_arts",
    "museum_cooperation",
    "commercial_art_fair",
    "trade_fair",
    "safekeeping",
    "returned_goods",
    "sale",
    "other",
)
# Art. 3(4)(c): temporary admission for these purposes needs neither licence nor statement
TEMPORARY_ADMISSION_PURPOSES = frozenset(PURPOSES[:9])
FAIRS = frozenset({"commercial_art_fair", "trade_fair"})
CATEGORIES = tuple("abcdefghijkl")
FIELDS = {
    "annex_category",
    "age_years",
    "value_eur",
    "country_of_creation_or_discovery",
    "exported_from",
    "procedure",
    "purpose",
    "removed_in_breach",
    "left_origin_before_1972",
    "years_in_exported_from",
    "date",
}
CUTOFF_1972 = "24 April 1972"


@dataclass(frozen=True)
class ImportFacts:
    """Checked input of the import check; ``origin`` is an ISO code or ``unknown``."""

    annex_category: str
    age_years: float
    value_eur: float | None
    origin: str
    exported_from: str
    procedure: str
    purpose: str | None
    removed_in_breach: bool | None
    left_origin_before_1972: bool | None
    years_in_exported_from: float | None
    date: date
    date_given: bool
    ignored: tuple[str, ...] = ()


def parse_import(raw: Any, today: date | None = None) -> ImportFacts:
    """Build :class:`ImportFacts` from decoded JSON, or raise ``CheckInputError`` naming each bad field."""
    read = Reader(raw, FIELDS)
    category = read.choice("annex_category", CATEGORIES)
    age = read.number("age_years")
    value = read.number("value_eur", required=False)
    origin = read.country("country_of_creation_or_discovery", allow_unknown=True)
    exported_from = read.country("exported_from")
    procedure = read.choice("procedure", PROCEDURES)
    purpose = read.choice("purpose", PURPOSES, required=procedure == "temporary_admission")
    facts = {
        "removed_in_breach": read.flag("removed_in_breach"),
        "left_origin_before_1972": read.flag("left_origin_before_1972"),
        "years_in_exported_from": read.number("years_in_exported_from", required=False),
    }
    day = read.day("date")
    if purpose == "returned_goods" and procedure not in (None, "release_for_free_circulation"):
        read.errors["purpose"] = _(
            "returned goods (Art. 203 of the Union Customs Code) are released for free circulation: "
            "set procedure to release_for_free_circulation"
        )
    read.fail_if_errors()
    return ImportFacts(
        annex_category=category or "",
        age_years=age or 0.0,
        value_eur=value,
        origin=origin or "",
        exported_from=exported_from or "",
        procedure=procedure or "",
        purpose=purpose,
        date=day or today or date.today(),
        date_given=day is not None,
        ignored=read.ignored,
        **facts,
    )


def check_import(facts: ImportFacts, states: StatesTable | None = None) -> CheckResult:
    """What Regulation (EU) 2019/880 requires for bringing the object described by ``facts`` into the EU."""
    reg = load_regulation("reg_2019_880")
    result = CheckResult("eu-import", reg.short, "none", as_of=facts.date)
    _Import(facts, reg, states or load_states(), result).run()
    if not facts.date_given:
        result.warnings.append(_("date not given: evaluated for an import today (%(day)s)", day=facts.date))
    if facts.ignored:
        result.warnings.append(_("ignored unknown fields: %(names)s", names=", ".join(facts.ignored)))
    return result


class _Import:
    """One evaluation; each step returns True when it settled the answer."""

    def __init__(self, facts: ImportFacts, reg: Regulation, states: StatesTable, result: CheckResult):
        self.f, self.reg, self.states, self.r = facts, reg, states, result

    def run(self) -> None:
        steps = (
            self._already_in_union,
            self._created_in_union,
            self._outside_part_a,
            self._prohibited,
            self._transit,
            self._before_licence_regime,
            self._part,
        )
        for step in steps:
            if step():
                break
        self.r.summary = _SUMMARIES[self.r.requirement](self)

    # -- is the Regulation engaged at all ---------------------------------------------------------

    def _member(self, state: str, what: str) -> bool | None:
        membership = self.states.eu_member(state, self.f.date)
        if membership.member is None:
            self.r.warnings.append(_("no EU membership data for %(state)s", state=country_name(state)))
        elif membership.member:
            self.r.rest_on(
                _("EU membership of %(state)s (%(what)s)", state=country_name(state), what=what),
                membership.status,
            )
        return membership.member

    def _already_in_union(self) -> bool:
        if not self._member(self.f.exported_from, "exported_from"):
            return False
        self.r.cite(
            self.reg.provision("introduction"),
            _(
                "%(state)s is an EU Member State: moving the object from there is not an introduction into "
                "the "
                "customs territory of the Union, so Regulation (EU) 2019/880 does not apply to this movement "
                "(the Member States' own rules and Directive 2014/60/EU may)",
                state=country_name(self.f.exported_from),
            ),
        )
        return True

    def _created_in_union(self) -> bool:
        if self.f.origin == "unknown" or not self._member(self.f.origin, "country_of_creation_or_discovery"):
            return False
        self.r.cite(
            self.reg.provision("scope_eu_origin"),
            _(
                "the object was created or discovered in %(state)s, inside the customs territory of the "
                "Union: "
                "the Regulation does not apply to it",
                state=country_name(self.f.origin),
            ),
        )
        return True

    def _outside_part_a(self) -> bool:
        annex = self.reg.annex
        category = annex["categories"][self.f.annex_category]
        self.r.rest_on(_("Annex, Part A category (%(c)s)", c=self.f.annex_category), annex["part_a_status"])
        minimum = category.get("more_than_years")
        if minimum is None or self.f.age_years > minimum:
            return False
        self.r.reasons.append(
            _(
                "category (%(c)s) covers %(label)s; at %(age)s years the object is not in it, so it is not a "
                "cultural good of the Annex under that category",
                c=self.f.annex_category,
                label=category["label"],
                age=year_count(self.f.age_years),
            )
        )
        self.r.needs.append(
            _("annex_category: check whether another category of the Annex fits the object (e.g. (g) art)")
        )
        return True

    # -- the general prohibition ------------------------------------------------------------------

    def _prohibited(self) -> bool:
        prohibition = self.reg.provision("prohibition")
        origin = country_name(self.f.origin)
        if self.f.removed_in_breach is None:
            self.r.cite(prohibition)
            self.r.needs.append(
                _(
                    "removed_in_breach: whether the object left %(origin)s in breach of its laws and "
                    "regulations",
                    origin=origin,
                )
            )
            self.r.warnings.append(
                _(
                    "if the object left %(origin)s in breach of its laws and regulations, its entry into the "
                    "EU "
                    "is prohibited (Art. 3(1)), whatever the customs procedure, transit included, and no "
                    "exemption lifts the prohibition",
                    origin=origin,
                )
            )
            return False
        if not self.f.removed_in_breach:
            self.r.reasons.append(
                _(
                    "stated not removed from %(origin)s in breach of its laws: the prohibition of Art. 3(1) "
                    "does not apply",
                    origin=origin,
                )
            )
            return False
        start = self.reg.provision("prohibition_from")
        if self.f.date < date.fromisoformat(start.date or ""):
            self.r.cite(start, _("the general prohibition applies only from %(day)s", day=start.date))
            return False
        self.r.requirement = "prohibited"
        annex_article(self.r, "Annex, Part A")
        self.r.cite(
            prohibition,
            _(
                "the object is a cultural good of Part A of the Annex (category (%(c)s)) removed from "
                "%(origin)s, "
                "where it was created or discovered, in breach of that country's laws: its introduction into "
                "the EU is prohibited, whatever the customs procedure (transit and temporary admission "
                "included); customs and the competent authorities take all appropriate measures",
                c=self.f.annex_category,
                origin=origin,
            ),
        )
        return True

    def _transit(self) -> bool:
        if self.f.procedure != "transit":
            return False
        self.r.cite(
            self.reg.provision("import"),
            _(
                "transit is not 'import' in the sense of Art. 2(3): neither an import licence nor an "
                "importer "
                "statement is required (the prohibition of Art. 3(1) still applies to goods in transit)"
            ),
        )
        return True

    def _before_licence_regime(self) -> bool:
        start = self.reg.provision("licence_or_statement_from")
        if self.f.date >= date.fromisoformat(start.date or ""):
            return False
        self.r.cite(
            start,
            _(
                "on %(day)s import licences and importer statements were not yet required: they apply from "
                "%(start)s (when the ICG electronic system became operational)",
                day=self.f.date,
                start=start.date,
            ),
        )
        return True

    # -- Parts B and C, exemptions and the evidence -----------------------------------------------

    def _part(self) -> bool:
        part = part_of(self.f, self.reg, self.r)
        if part is None:
            return True
        self.r.cite(self.reg.provision("licence_or_statement"))
        if self._exempt(part):
            return True
        fair = self.f.procedure == "temporary_admission" and self.f.purpose in FAIRS
        if part == "B" and not fair:
            self._licence()
        else:
            self._statement(fair and part == "B")
        self.r.documents.extend(prepare_documents(self.f, self.reg, self.r))
        return True

    def _exempt(self, part: str) -> bool:
        purpose, procedure = self.f.purpose, self.f.procedure
        key = None
        if purpose == "returned_goods":
            key = "returned_goods"
        elif purpose == "safekeeping":
            key = "safekeeping"
        elif procedure == "temporary_admission" and purpose in TEMPORARY_ADMISSION_PURPOSES:
            key = "temporary_admission"
        if key is None:
            if purpose in TEMPORARY_ADMISSION_PURPOSES and procedure != "temporary_admission":
                self.r.warnings.append(
                    _(
                        "the exemption for %(purpose)s applies only under temporary admission (Art. "
                        "3(4)(c)); "
                        "under %(procedure)s it does not",
                        purpose=_label(purpose),
                        procedure=_label(procedure),
                    )
                )
            return False
        self.r.cite(self.reg.provision(key), _EXEMPTION_REASONS[key](self, part))
        if key == "temporary_admission":
            self.r.warnings.append(
                _(
                    "Implementing Regulation (EU) 2021/1079, Art. 3: the institution must guarantee the "
                    "goods' "
                    "return unchanged to the third country and their identification; the goods must not be "
                    "offered for sale while in the EU"
                )
            )
        return True

    def _licence(self) -> None:
        self.r.requirement = "import_licence"
        self.r.cite(
            self.reg.provision("licence"),
            _(
                "Part B good (category (%(c)s), more than 250 years old, any value): an import licence is "
                "required, issued by the competent authority of the Member State where the goods are first "
                "placed under an import procedure, and applied for by the holder through the ICG system",
                c=self.f.annex_category,
            ),
        )
        for key in (
            "licence_valid_union",
            "licence_no_title",
            "licence_request_information",
            "licence_decision",
        ):
            self.r.cite(self.reg.provision(key))
        self._evidence("licence")

    def _statement(self, instead_of_licence: bool) -> None:
        self.r.requirement = "importer_statement"
        if instead_of_licence:
            self.r.cite(
                self.reg.provision("art_fair"),
                _(
                    "Part B good under temporary admission for a %(fair)s: no import licence is needed, an "
                    "importer statement is submitted instead; if the goods stay in the EU after the fair, an "
                    "import licence is needed",
                    fair=_label(self.f.purpose),
                ),
            )
        else:
            self.r.reasons.append(
                _(
                    "Part C good (category (%(c)s), more than 200 years old, customs value of at least EUR "
                    "18,000 "
                    "per item)",
                    c=self.f.annex_category,
                )
            )
        self.r.cite(
            self.reg.provision("statement"),
            _(
                "an importer statement is required, submitted by the holder through the ICG system before "
                "the customs declaration"
            ),
        )
        self.r.cite(self.reg.provision("statement_content"))
        self._evidence("statement")

    def _evidence(self, kind: str) -> None:
        derogation = _derogation(self.f)
        if derogation is None:
            self._origin_evidence(kind)
        else:
            self._last_country_evidence(kind, derogation)

    def _origin_evidence(self, kind: str) -> None:
        main = self.reg.provision("licence_evidence" if kind == "licence" else "statement_content")
        origin, source = country_name(self.f.origin), country_name(self.f.exported_from)
        self.r.cite(
            main,
            _(
                "the evidence (or, for a statement, the declaration) concerns %(origin)s, where the object "
                "was "
                "created or discovered: that it left %(origin)s in accordance with its laws and regulations "
                "at "
                "the time, or that no such laws existed then",
                origin=origin,
            ),
        )
        if self.f.exported_from != self.f.origin:
            self.r.reasons.append(
                _(
                    "being exported now from %(source)s does not replace that evidence: the export laws of "
                    "the "
                    "last country count only when the origin cannot be reliably determined or the object "
                    "left "
                    "%(origin)s before %(cutoff)s",
                    source=source,
                    origin=origin,
                    cutoff=CUTOFF_1972,
                )
            )
            if self.f.left_origin_before_1972 is None:
                self.r.needs.append(
                    _(
                        "left_origin_before_1972: whether the object left %(origin)s before %(cutoff)s",
                        origin=origin,
                        cutoff=CUTOFF_1972,
                    )
                )

    def _last_country_evidence(self, kind: str, why: str) -> None:
        alt = self.reg.provision("licence_last_country" if kind == "licence" else "statement_last_country")
        source, years = country_name(self.f.exported_from), self.f.years_in_exported_from
        self.r.cite(
            alt,
            _(
                "%(why)s: the evidence may instead concern the last country where the object was located for "
                "more than five years for purposes other than temporary use, transit, re-export or "
                "transhipment",
                why=why,
            ),
        )
        if years is None:
            self.r.needs.append(
                _(
                    "years_in_exported_from: how long the object was located in %(source)s (more than five "
                    "years qualifies)",
                    source=source,
                )
            )
        elif years > 5:
            self.r.reasons.append(
                _(
                    "%(source)s qualifies as that last country (%(years)s years there)",
                    source=source,
                    years=year_count(years),
                )
            )
        else:
            self.r.warnings.append(
                _(
                    "%(source)s does not qualify (%(years)s years there, five or fewer): the evidence must "
                    "concern "
                    "the earlier country where the object was located for more than five years",
                    source=source,
                    years=year_count(years),
                )
            )


def _derogation(f: ImportFacts) -> str | None:
    if f.origin == "unknown":
        return _("the country where the object was created or discovered cannot be reliably determined")
    if f.left_origin_before_1972:
        return _(
            "the object left the country where it was created or discovered before %(cutoff)s",
            cutoff=CUTOFF_1972,
        )
    return None


def _label(code: str | None) -> str:
    return (code or "").replace("_", " ")


_EXEMPTION_REASONS = {
    "returned_goods": lambda i, part: _(
        "returned goods (Art. 203 of the Union Customs Code: exported from the EU and re-imported "
        "unaltered): "
        "no import licence or importer statement is required for this Part %(part)s good",
        part=part,
    ),
    "safekeeping": lambda i, part: _(
        "imported for the sole purpose of safekeeping by or under the supervision of a public authority, to "
        "be "
        "returned when the situation allows: no import licence or importer statement is required"
    ),
    "temporary_admission": lambda i, part: _(
        "temporary admission for %(purpose)s: no import licence or importer statement is required for this "
        "Part %(part)s good",
        purpose=_label(i.f.purpose),
        part=part,
    ),
}

_SUMMARIES = {
    "prohibited": lambda i: _(
        "Entry into the EU is prohibited: the object left its country of origin in breach of its laws."
    ),
    "import_licence": lambda i: _(
        "An import licence is needed before the object can be imported into the EU."
    ),
    "importer_statement": lambda i: _(
        "An importer statement must be submitted before the object is imported into the EU."
    ),
    "none": lambda i: (
        _("Neither an import licence nor an importer statement is needed.")
        + (
            " " + _("Entry is prohibited if the object left its country of origin illegally.")
            if "Art. 3(1)" in i.r.articles
            else ""
        )
    ),
}
