"""Which part of the Annex of Regulation (EU) 2019/880 an object falls in: A only, B (licence) or C
(statement), from its category, age and customs value; the wording differences between the sources at
the exact thresholds are reported as warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heritrace.core.i18n import _
from heritrace.legal.compliance import CheckResult, Regulation, euros

if TYPE_CHECKING:
    from heritrace.legal.eu_import import ImportFacts


def part_of(f: ImportFacts, reg: Regulation, r: CheckResult) -> str | None:
    """'B', 'C' or None (only Part A: the prohibition alone); explains itself in ``r``."""
    annex = reg.annex
    part_b, part_c = annex["part_b"], annex["part_c"]
    if f.annex_category in part_b["categories"]:
        r.rest_on(_("Annex, Part B: more than 250 years, any value"), part_b["status"])
        annex_article(r, "Annex, Part B")
        if f.age_years == part_b["more_than_years"]:
            r.warnings.append(
                _("exactly 250 years: %(note)s; confirm against the Annex", note=part_b["note"])
            )
        if f.age_years > part_b["more_than_years"]:
            return "B"
        r.reasons.append(
            _(
                "category (%(c)s) at %(age)s years is not in Part B (more than 250 years) and the category "
                "is not in "
                "Part C: no import licence or importer statement is required; only the general prohibition "
                "of Art. 3(1) "
                "applies",
                c=f.annex_category,
                age=year_count(f.age_years),
            )
        )
        return None
    r.rest_on(_("Annex, Part C: more than 200 years, at least EUR 18,000"), part_c["status"])
    annex_article(r, "Annex, Part C")
    if f.age_years == part_c["more_than_years"] or f.value_eur == part_c["value_at_least_eur"]:
        r.warnings.append(
            _("at a Part C threshold: %(note)s; confirm against the Annex", note=part_c["note"])
        )
    if f.age_years <= part_c["more_than_years"]:
        r.reasons.append(
            _(
                "at %(age)s years the object is not in Part C (more than 200 years): no importer statement "
                "is required; "
                "only the general prohibition of Art. 3(1) applies",
                age=year_count(f.age_years),
            )
        )
        return None
    if f.value_eur is None:
        r.needs.append(
            _("value_eur: the customs value per item (an importer statement is required from EUR 18,000)")
        )
        r.warnings.append(_("value not given: the answer assumes a customs value of at least EUR 18,000"))
        return "C"
    if f.value_eur < part_c["value_at_least_eur"]:
        r.reasons.append(
            _(
                "customs value %(value)s is below EUR 18,000: not in Part C, no importer statement is "
                "required; only the "
                "general prohibition of Art. 3(1) applies",
                value=euros(f.value_eur),
            )
        )
        return None
    return "C"


def annex_article(r: CheckResult, part: str) -> None:
    if part not in r.articles:
        r.articles.append(part)


def year_count(value: float) -> str:
    return f"{value:g}"
