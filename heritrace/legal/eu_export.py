"""The EU export check (Regulation (EC) No 116/2009): does taking the object out of the EU need a licence?

An export licence is needed when the object is in an Annex I category (A.1 to A.15) and meets that
category's age test (and, for A.3 to A.9, does not belong to its originator) and reaches its financial
threshold (Annex I B; zero for archaeological objects, dismembered monuments, incunabula and
manuscripts, and archives), and the destination is outside the customs territory of the Union.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from heritrace.core.i18n import _
from heritrace.legal.compliance import CheckResult, Reader, Regulation, country_name, euros, load_regulation
from heritrace.legal.data import StatesTable, load_states

FIELDS = {
    "category",
    "age_years",
    "value_eur",
    "destination",
    "belongs_to_originator",
    "exporting_member_state",
    "date",
}
CATEGORY_CODES = (*(str(n) for n in range(1, 13)), "13", "13a", "13b", "14", "15", "15a", "15b")
# A national export regime for a Member State (from the law database), for the plain-words answer.
RegimeLookup = Callable[[str], dict[str, Any] | None]


@dataclass(frozen=True)
class ExportFacts:
    """Checked input of the export check."""

    category: str
    age_years: float
    value_eur: float | None
    destination: str
    belongs_to_originator: bool | None
    exporting_member_state: str | None
    date: date
    date_given: bool
    ignored: tuple[str, ...] = ()


def parse_export(raw: Any, today: date | None = None) -> ExportFacts:
    """Build :class:`ExportFacts` from decoded JSON, or raise ``CheckInputError`` naming each bad field."""
    read = Reader(raw, FIELDS)
    category = _category(read)
    age = read.number("age_years")
    value = read.number("value_eur", required=False)
    destination = read.country("destination")
    originator = read.flag("belongs_to_originator")
    member_state = (
        read.country("exporting_member_state") if raw.get("exporting_member_state") is not None else None
    )
    day = read.day("date")
    read.fail_if_errors()
    return ExportFacts(
        category=category or "",
        age_years=age or 0.0,
        value_eur=value,
        destination=destination or "",
        belongs_to_originator=originator,
        exporting_member_state=member_state,
        date=day or today or date.today(),
        date_given=day is not None,
        ignored=read.ignored,
    )


def _category(read: Reader) -> str | None:
    """Annex I number: 3, "3", "A.3", "13(a)", "15b" ..."""
    value = read.raw.get("category")
    text = str(value).strip().lower() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    code = text.removeprefix("a.").replace("(", "").replace(")", "").replace(" ", "")
    if code in CATEGORY_CODES:
        return code
    read.errors["category"] = (
        _(
            "required: the Annex I category number of Regulation (EC) No 116/2009 (1 to 15, or 13a, 13b, "
            "15a, 15b)"
        )
        if value is None
        else _("unknown category %(value)r: expected 1 to 15, or 13a, 13b, 15a, 15b", value=value)
    )
    return None


def check_export(
    facts: ExportFacts, states: StatesTable | None = None, regimes: RegimeLookup | None = None
) -> CheckResult:
    """What Regulation (EC) No 116/2009 requires for taking the object of ``facts`` out of the EU."""
    reg = load_regulation("reg_116_2009")
    result = CheckResult("eu-export", reg.short, "none", as_of=facts.date)
    _Export(facts, reg, states or load_states(), result).run()
    if result.requirement == "none" and facts.exporting_member_state and regimes is not None:
        _national_note(result, facts.exporting_member_state, regimes)
    if not facts.date_given:
        result.warnings.append(_("date not given: evaluated for an export today (%(day)s)", day=facts.date))
    if facts.ignored:
        result.warnings.append(_("ignored unknown fields: %(names)s", names=", ".join(facts.ignored)))
    return result


class _Export:
    def __init__(self, facts: ExportFacts, reg: Regulation, states: StatesTable, result: CheckResult):
        self.f, self.reg, self.states, self.r = facts, reg, states, result

    def run(self) -> None:
        for step in (self._not_from_union, self._within_union, self._category_test, self._threshold):
            if step():
                break
        self.r.summary = (
            _("An export licence is needed to take the object out of the EU.")
            if self.r.requirement == "export_licence"
            else _("No EU export licence is needed.")
        )

    def _member(self, state: str) -> bool | None:
        membership = self.states.eu_member(state, self.f.date)
        if membership.member is None:
            self.r.warnings.append(_("no EU membership data for %(state)s", state=country_name(state)))
        else:
            self.r.rest_on(_("EU membership of %(state)s", state=country_name(state)), membership.status)
        return membership.member

    def _not_from_union(self) -> bool:
        state = self.f.exporting_member_state
        if state is None or self._member(state) is not False:
            return False
        self.r.cite(
            self.reg.provision("licence"),
            _(
                "%(state)s is not an EU Member State: Regulation (EC) No 116/2009 governs exports from the "
                "customs territory of the Union only; the law of %(state)s decides",
                state=country_name(state),
            ),
        )
        return True

    def _within_union(self) -> bool:
        if not self._member(self.f.destination):
            return False
        self.r.cite(
            self.reg.provision("licence"),
            _(
                "the destination, %(state)s, is inside the customs territory of the Union: this is not an "
                "export "
                "in the sense of the Regulation (the exporting Member State's own rules may still require a "
                "licence)",
                state=country_name(self.f.destination),
            ),
        )
        return True

    def _category_test(self) -> bool:
        code, category = self._resolve()
        if category is None:
            return True
        self.code, self.category = code, category
        self.r.cite(self.reg.provision("categories"))
        self.r.articles.append(f"Annex I, A.{_code_label(code)}")
        self.r.rest_on(_("Annex I category A.%(c)s", c=_code_label(code)), category["status"])
        age = self.f.age_years
        minimum, maximum = category.get("more_than_years"), category.get("at_most_years")
        if minimum is not None and age <= minimum:
            return self._outside(_("it is not more than %(n)s years old", n=minimum))
        if maximum is not None and age > maximum:
            return self._outside(_("it is more than %(n)s years old (see A.15(b))", n=maximum))
        return category.get("originator_rule") and self._originator()

    def _resolve(self) -> tuple[str, dict | None]:
        code, categories = self.f.category, self.reg.annex["categories"]
        if code == "13":
            self.r.warnings.append(_("category 13 given without (a) or (b): both have the same threshold"))
            code = "13a"
        if code == "15":
            if self.f.age_years <= 50:
                self._outside(_("antiques of category 15 must be more than 50 years old"))
                return code, None
            code = "15b" if self.f.age_years > 100 else "15a"
            if code == "15a":
                self.r.needs.append(
                    _(
                        "category 15(a) covers only the kinds it lists (toys, glassware, furniture, clocks "
                        "...): check the object is one of them"
                    )
                )
        return code, categories[code]

    def _outside(self, why: str) -> bool:
        self.r.reasons.append(
            _(
                "the object is not in Annex I category A.%(c)s because %(why)s: no EU export licence is "
                "required",
                c=_code_label(self.f.category),
                why=why,
            )
        )
        return True

    def _originator(self) -> bool:
        annex = self.reg.annex
        self.r.rest_on(_("Annex I note (1): %(note)s", note=annex["originator_note"]), "V")
        if self.f.belongs_to_originator:
            return self._outside(_("it still belongs to its originator (Annex I, note (1))"))
        if self.f.belongs_to_originator is None:
            self.r.needs.append(
                _(
                    "belongs_to_originator: whether the work still belongs to its author (then no licence is "
                    "needed)"
                )
            )
        return False

    def _threshold(self) -> bool:
        threshold = self.category["threshold_eur"]
        annex = self.reg.annex
        self.r.rest_on(_("Annex I B financial thresholds"), annex["thresholds_status"])
        if threshold:
            self.r.articles.append("Annex I, B")
        value = self.f.value_eur
        if threshold and value is not None and value < threshold:
            self.r.reasons.append(
                _(
                    "value %(value)s is below the threshold of %(t)s for category A.%(c)s: no EU export "
                    "licence is required",
                    value=euros(value),
                    t=euros(threshold),
                    c=_code_label(self.code),
                )
            )
            return True
        if threshold and value is None:
            self.r.needs.append(
                _(
                    "value_eur: the value of the object (the threshold for this category is %(t)s)",
                    t=euros(threshold),
                )
            )
            self.r.warnings.append(
                _("value not given: the answer assumes the threshold of %(t)s is reached", t=euros(threshold))
            )
        if threshold and value == threshold:
            self.r.warnings.append(
                _("the value equals the threshold: %(note)s", note=annex["thresholds_note"])
            )
        self._licence(threshold)
        return True

    def _licence(self, threshold: int) -> None:
        self.r.requirement = "export_licence"
        self.r.articles.insert(0, "Art. 2(1)")
        level = _("whatever its value") if not threshold else _("from a value of %(t)s", t=euros(threshold))
        self.r.cite(
            self.reg.provision("licence"),
            _(
                "Annex I category A.%(c)s (%(label)s), %(level)s, leaving for %(dest)s outside the EU: an "
                "export licence "
                "is required and must be presented with the export declaration",
                c=_code_label(self.code),
                label=self.category["label"],
                level=level,
                dest=country_name(self.f.destination),
            ),
        )
        self.r.cite(
            self.reg.provision("issuing_state"),
            _(
                "the licence is issued by the competent authority of the Member State where the object is "
                "located"
            ),
        )
        self.r.cite(self.reg.provision("refusal"))
        self.r.warnings.append(
            _(
                "the licence may be refused if the object is protected as a national treasure of artistic, "
                "historic or archaeological value"
            )
        )
        if threshold:
            self.r.cite(self.reg.provision("value_time"))


def _code_label(code: str) -> str:
    return code if code.isdigit() else f"{code[:-1]}({code[-1]})"


def _national_note(result: CheckResult, state: str, regimes: RegimeLookup) -> None:
    regime = regimes(state)
    if not regime:
        return
    authority = regime.get("competent_authority") or _("not recorded")
    result.warnings.append(
        _(
            "national export rules of %(state)s may still apply (law database: %(summary)s; competent "
            "authority: "
            "%(authority)s; %(status)s)",
            state=country_name(state),
            summary=regime.get("summary") or _("no summary"),
            authority=authority,
            status=regime.get("status_words", ""),
        )
    )
