"""Law enforcement searching inventories for the owner of a seized object nobody has reported.

Only inventories whose holder allows it are searched (``Organisation.inventory_police_search``),
with the same text matching engine as the register (its own engine over inventory records, so
that the two never mix) and the same photo index. A hit names the record and its holder, so that
the officer can contact the holder; the holder is told of every hit through the alert delivery
(a restricted notice), and every search is audited with what it found.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.core.errors import Forbidden, ValidationFailed
from heritrace.core.i18n import N_, Message, _
from heritrace.db.engine import writing
from heritrace.matching.engine import Contribution
from heritrace.matching.records import Query
from heritrace.objects.choices import label_message
from heritrace.objects.models import INVENTORY, CulturalObject
from heritrace.partners.models import Organisation
from heritrace.screening.service import RegisterMatcher

SHORTLIST = 5  # candidates looked at per hit shown, since inventories of holders who refuse are left out


@dataclass
class InventoryHit:
    """An inventory record that may show the seized object, and who holds it."""

    object_id: str
    title: str | None
    maker: str | None
    type_of_object: str | None
    holder_id: int
    holder: str
    score: float
    verdict: str
    evidence: str  # "text" or "photo"
    contributions: list[Contribution] = field(default_factory=list)


def may_search_inventories(actor: Actor) -> bool:
    """Vetted law enforcement (police, customs, named authorities) with a token that may identify."""
    return actor.law_enforcement and actor.vetted and not actor.is_anonymous and actor.may("identify")


class InventorySearch:
    def __init__(self, sessions: sessionmaker[Session], notify: Callable[..., None], photos=None):  # noqa: ANN001
        self.sessions = sessions
        self.matcher = RegisterMatcher(sessions, inventories=True)
        self.notify = notify  # AlertService.notify
        self.photos = photos  # images.service.PhotoSearch

    def search(
        self, actor: Actor, query: Query | None = None, photo: Image.Image | None = None, top_k: int = 10
    ) -> list[InventoryHit]:
        """The inventory records of consenting holders that the description or photo may show,
        best first; each holder is told of its hits, and the search is audited."""
        if not may_search_inventories(actor):
            raise Forbidden(_("only vetted law enforcement searches inventories"))
        described = query is not None and bool(query.full_text().strip())
        if not described and photo is None:
            raise ValidationFailed({"query": _("describe the seized object or give a photo of it")})
        found = self._by_text(query, top_k) if described else []
        found += self._by_photo(photo, top_k) if photo is not None else []
        hits = self._allowed(found)[:top_k]
        search_id = uuid.uuid4().hex[:12]
        with writing(), self.sessions() as s:
            summary = {"query": query.full_text()[:500] if query else None, "photo": photo is not None,
                       "hits": [h.object_id for h in hits]}  # fmt: skip
            AuditLog(s).record(actor, "inventory_search", "inventory_search", search_id, after=summary)
            s.commit()
        self._tell_holders(actor, hits, search_id)
        return hits

    def _by_text(self, query: Query, top_k: int) -> list[tuple[str, float, str, str, list]]:
        results = self.matcher.engine().match(query, top_k * SHORTLIST)
        # the probability, on the scale of the photo score (0 to 1): the two are ranked together
        return [(r.object_id, r.probability, r.verdict, "text", r.contributions) for r in results]

    def _by_photo(self, photo: Image.Image, top_k: int) -> list[tuple[str, float, str, str, list]]:
        if self.photos is None:
            return []
        pairs = self.photos.matches(photo, top_k * SHORTLIST, inventories=True)
        return [(row["object_id"], cand.score, cand.verdict, "photo", []) for cand, row in pairs]

    def _allowed(self, found: list[tuple]) -> list[InventoryHit]:
        """The candidates still in the inventory of a holder that allows the search, one per record
        (the better evidence kept), best first."""
        facts = self._facts([f[0] for f in found])
        best: dict[str, InventoryHit] = {}
        for object_id, score, verdict, evidence, contributions in found:
            fact = facts.get(object_id)
            if fact is None or (object_id in best and best[object_id].score >= score):
                continue
            best[object_id] = InventoryHit(object_id, *fact, score, verdict, evidence, contributions)
        return sorted(best.values(), key=lambda h: (h.verdict == "none", -h.score))

    def _facts(self, ids: list[str]) -> dict[str, tuple]:
        if not ids:
            return {}
        query = (
            select(
                CulturalObject.external_id,
                CulturalObject.title,
                CulturalObject.maker,
                CulturalObject.type_text,
                Organisation.id,
                Organisation.name,
            )  # fmt: skip
            .join(Organisation, Organisation.id == CulturalObject.organisation_id)
            .where(
                CulturalObject.external_id.in_(set(ids)),
                CulturalObject.classification == INVENTORY,
                Organisation.inventory_police_search.is_(True),
                Organisation.vetting != "suspended",
            )
        )
        with self.sessions() as s:
            return {row[0]: tuple(row[1:]) for row in s.execute(query)}

    def _tell_holders(self, actor: Actor, hits: list[InventoryHit], search_id: str) -> None:
        with self.sessions() as s:
            searcher = s.get(Organisation, actor.organisation_id) if actor.organisation_id else None
        name = searcher.name if searcher else actor.name
        for hit in hits:
            if hit.verdict == "none":
                continue
            self.notify(
                [hit.holder_id],
                "inventory_search_hit",
                Message(
                    N_("Inventory search: %(verdict)s on your record %(record)s"),
                    {"verdict": label_message(hit.verdict), "record": hit.object_id},
                ),
                Message(
                    N_(
                        "%(who)s searched the inventories that allow it for the owner of a seized object. "
                        "Your record %(record)s (%(title)s) came out as a %(verdict)s by %(evidence)s (score "
                        "%(score)s). They were told that it is in your inventory and may contact you; check "
                        "whether the object is still with you."
                    ),
                    {
                        "who": name,
                        "record": hit.object_id,
                        "title": hit.title or hit.type_of_object or "-",
                        "verdict": label_message(hit.verdict),
                        "evidence": hit.evidence,
                        "score": f"{hit.score:.1f}",
                    },
                ),
                object_ids=(hit.object_id,),
                link=f"/objects/{hit.object_id}",
                sender=(f"{name} (inventory search)", actor.organisation_id),
                event_key=f"inventory-search:{search_id}:{hit.object_id}",
            )
