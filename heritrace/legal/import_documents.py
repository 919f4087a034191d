"""The content of the documents an import needs: the licence application and the importer statement.

Prepared for the holder to copy into the ICG system (TRACES); nothing here is filed anywhere. Fields the
check cannot know (title, dimensions, photographs, the holder's name) are listed as to be completed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from heritrace.core.i18n import N_, _
from heritrace.legal.compliance import CheckResult, Regulation, country_name, euros

if TYPE_CHECKING:
    from heritrace.legal.eu_import import ImportFacts

TO_COMPLETE = (
    N_("title or name of the object"),
    N_("description of the object (materials, technique, subject)"),
    N_("dimensions and weight"),
    N_("inscriptions, marks and distinguishing features"),
    N_("photographs"),
    N_("name and address of the holder of the goods"),
    N_("Member State and customs office of import"),
)


def prepare_documents(f: ImportFacts, reg: Regulation, r: CheckResult) -> list[dict[str, Any]]:
    """The document(s) the requirement in ``r`` calls for, filled in from the facts."""
    evidence_country, basis = _evidence_country(f)
    description = _description(f, reg)
    if r.requirement == "import_licence":
        return [_licence_application(f, reg, description, evidence_country, basis)]
    if r.requirement == "importer_statement":
        return [_importer_statement(f, description, evidence_country, basis)]
    return []


def _evidence_country(f: ImportFacts) -> tuple[str | None, str]:
    if f.origin != "unknown" and not f.left_origin_before_1972:
        return f.origin, "country_of_creation_or_discovery"
    if f.years_in_exported_from is not None and f.years_in_exported_from > 5:
        return f.exported_from, "last_country_more_than_five_years"
    return None, "last_country_more_than_five_years"


def _description(f: ImportFacts, reg: Regulation) -> dict[str, Any]:
    category = reg.annex["categories"][f.annex_category]
    return {
        "annex_category": f.annex_category,
        "category_label": category["label"],
        "age_years": f.age_years,
        "customs_value_eur": f.value_eur,
        "country_of_creation_or_discovery": f.origin,
        "exported_from": f.exported_from,
        "customs_procedure": f.procedure,
        "purpose": f.purpose,
        "to_complete": [_(item) for item in TO_COMPLETE],
    }


def _licence_application(
    f: ImportFacts, reg: Regulation, description: dict, country: str | None, basis: str
) -> dict[str, Any]:
    supporting = reg.provision("licence_supporting_documents")
    return {
        "document": "import_licence_application",
        "title": _("Import licence application (Regulation (EU) 2019/880, Art. 4), through the ICG system"),
        "filed_by": _("the holder of the goods"),
        "decided_by": _(
            "the competent authority of the Member State where the goods are first placed under an import "
            "procedure"
        ),
        "description": description,
        "evidence": {
            "basis": basis,
            "country": country,
            "must_show": _evidence_words(f, country),
            "supporting_documents": [
                _("export certificates or licences of the country concerned"),
                _("ownership titles"),
                _("invoices and sales contracts"),
                _("insurance documents"),
                _("transport documents"),
                _("expert appraisals"),
            ],
            "supporting_documents_source": supporting.source,
        },
        "time_limits": _(
            "missing information is asked for within 21 days; the decision follows within 90 days of the "
            "complete application (partly verified)"
        ),
    }


def _importer_statement(f: ImportFacts, description: dict, country: str | None, basis: str) -> dict[str, Any]:
    return {
        "document": "importer_statement",
        "title": _("Importer statement (Regulation (EU) 2019/880, Art. 5), through the ICG system"),
        "filed_by": _("the holder of the goods"),
        "declaration": _declaration(f, country, basis),
        "description": description,
        "evidence": {"basis": basis, "country": country, "must_show": _evidence_words(f, country)},
    }


def _declaration(f: ImportFacts, country: str | None, basis: str) -> str:
    if basis == "country_of_creation_or_discovery":
        return _(
            "I, the holder of the goods, declare that the cultural goods described below have been exported "
            "from "
            "%(country)s, where they were created or discovered, in accordance with the laws and regulations "
            "of that "
            "country at the time they were taken out of its territory.",
            country=country_name(country),
        )
    where = (
        country_name(country)
        if country
        else _("[the last country where the goods were located for more than five years]")
    )
    why = (
        _("the country where they were created or discovered cannot be reliably determined")
        if f.origin == "unknown"
        else _(
            "they were taken out of the country where they were created or discovered before 24 April 1972"
        )
    )
    return _(
        "I, the holder of the goods, declare that the cultural goods described below have been exported in "
        "accordance "
        "with the laws and regulations of %(where)s, the last country where they were located for a period "
        "of more "
        "than five years and for purposes other than temporary use, transit, re-export or transhipment, "
        "because "
        "%(why)s.",
        where=where,
        why=why,
    )


def _evidence_words(f: ImportFacts, country: str | None) -> str:
    if country is None:
        return _(
            "lawful export from the last country where the object was located for more than five years "
            "(still to be identified)"
        )
    value = f" ({euros(f.value_eur)})" if f.value_eur is not None else ""
    return _(
        "that the object%(value)s left %(country)s in accordance with its laws and regulations at the time, "
        "or that no "
        "such laws and regulations existed then",
        value=value,
        country=country_name(country),
    )
