"""The coverage statement: what a check searched, what it did not, and what absence means."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.core.i18n import N_
from heritrace.images.service import PhotoSearch
from heritrace.objects.models import CulturalObject

# marked for translation: the signed certificate keeps the English text, its PDF shows the reader's
NOT_SEARCHED = (
    N_("INTERPOL Stolen Works of Art database"),
    N_("Art Loss Register"),
    N_(
        "national databases of stolen cultural property (e.g. the Carabinieri's Leonardo database, "
        "Germany's Lost Art database, France's TREIMA, the Ukrainian Ministry of Culture's lists)"
    ),
    N_("ICOM Red Lists (categories of objects at risk, not individual objects)"),
    N_("auction archives, dealer stock and private collection records"),
)
STATEMENT = N_(
    "Only the sources listed as searched were consulted. Absence of a match in them is not proof of "
    "lawful provenance: many losses are never reported or are registered elsewhere, and the object's "
    "ownership history should be documented independently."
)


def coverage(
    sessions: sessionmaker[Session], photos: PhotoSearch | None, photo_count: int, node: str | None = None
) -> dict:
    """Coverage of a check made now; ``photos`` is None when no photo was searched; ``node`` names
    this node when it belongs to a federation."""
    with sessions() as s:
        records, updated = s.execute(
            select(func.count(CulturalObject.id), func.max(CulturalObject.updated_at))
        ).one()
    searched = [
        {
            "source": N_("Heritrace register of stolen and missing cultural objects (text and attributes)"),
            "node": node,
            "records": int(records or 0),
            "photos": None,
            "last_updated": updated.isoformat(timespec="seconds") + "Z" if updated else None,
            "note": "all records were searched, including those you may not read: a hit on one of them is "
            "reported as a possible match and its originating organisation is notified",
        }
    ]
    if photos is not None:
        searched.append(
            {
                "source": N_("Heritrace photo index (register photographs)"),
                "node": node,
                "records": None,
                "photos": len(photos.index),
                "last_updated": None,
                "note": f"{photo_count} submitted photo(s) compared by geometrically verified local features",
            }
        )
    return {"searched": searched, "not_searched": list(NOT_SEARCHED), "statement": STATEMENT}
