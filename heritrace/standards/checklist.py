"""The Object ID checklist: the international minimum description of a cultural object, as a
printable page (blank, to document an object before anything happens to it, or filled from a
record, showing what is documented and what is missing)."""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.core.i18n import N_
from heritrace.objects.schemas import ObjectOut


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    hint: str
    core: bool  # one of the nine Object ID categories (the others are recommended extras)


CATEGORIES = (
    Category(
        "photographs",
        N_("Photographs"),
        N_("overall views, details, inscriptions, damage; a scale beside the object"),
        True,
    ),
    Category(
        "type_of_object",
        N_("Type of object"),
        N_("what kind of object is it? (painting, sculpture, clock, mask)"),
        True,
    ),
    Category(
        "materials_techniques",
        N_("Materials & techniques"),
        N_("what is it made of? how was it made? (carved, cast, oil on canvas)"),
        True,
    ),
    Category(
        "measurements",
        N_("Measurements"),
        N_("size and/or weight, with the unit; which dimension is which"),
        True,
    ),
    Category(
        "inscriptions_markings",
        N_("Inscriptions & markings"),
        N_("signatures, dedications, titles, maker's marks, seals, labels"),
        True,
    ),
    Category(
        "distinguishing_features",
        N_("Distinguishing features"),
        N_("damage, repairs, manufacturing defects: anything that tells it apart"),
        True,
    ),
    Category("title", N_("Title"), N_("a title by which it is known"), True),
    Category("subject", N_("Subject"), N_("what is pictured or represented?"), True),
    Category(
        "date_or_period",
        N_("Date or period"),
        N_("when was it made? (1893, early 17th century, Late Bronze Age)"),
        True,
    ),
    Category("maker", N_("Maker"), N_("who made it? a known person, a company, a culture"), True),
    Category(
        "description", N_("Description"), N_("a short text with anything that would help identify it"), True
    ),
    Category("inventory_number", N_("Inventory number"), N_("the owner's or institution's number"), False),
    Category(
        "related_written_material",
        N_("Related written material"),
        N_("publications, catalogues, invoices, certificates"),
        False,
    ),
    Category("place_of_origin", N_("Place of origin or discovery"), N_("where it was made or found"), False),
    Category(
        "cross_references",
        N_("Cross references to related objects"),
        N_("other objects it belongs with"),
        False,
    ),
    Category("date_documented", N_("Date documented"), N_("when this description was made"), False),
)


@dataclass
class Line:
    category: Category
    value: str | None

    @property
    def documented(self) -> bool:
        return bool(self.value)


def checklist(obj: ObjectOut | None) -> list[Line]:
    """Every category with the record's value (None: not documented, or a blank checklist)."""
    if obj is None:
        return [Line(c, None) for c in CATEGORIES]
    lines = []
    for c in CATEGORIES:
        if c.key == "photographs":
            count = len(obj.images)
            value = f"{count}" if count else None
        else:
            raw = getattr(obj, c.key)
            value = str(raw) if raw else None
        lines.append(Line(c, value))
    return lines
