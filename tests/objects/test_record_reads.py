"""A record read for its page: all its lists in one statement, the same answer as the ORM's own loading;
full-text pages give the records, count and exactness of a plain reference, on both stores."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from heritrace.core.actor import SYSTEM
from heritrace.objects import service
from heritrace.objects.models import CulturalObject
from heritrace.objects.presenters import object_out
from heritrace.objects.schemas import ObjectIn, StatusChangeIn
from heritrace.objects.service import ObjectFilters
from tests.conftest import add_organisation
from tests.objects.test_api import jpeg_bytes


@pytest.fixture
def rich(platform) -> str:  # noqa: ANN001
    """A record with every kind of list, two photos and three status changes."""
    partners = [add_organisation(platform, f"Partner {n}") for n in range(3)]
    record = ObjectIn.model_validate(
        {
            "id": "RICH-1",
            "title": "Bronze lamp «Ἥλιος»",
            "type_of_object": "lamp",
            "materials_techniques": "bronze, gold and silver",
            "status": "stolen",
            "shared_with": partners,
            "identifiers": [{"scheme": f"inv{k}", "value": f"A-{k}"} for k in range(4)],
            "incidents": [
                {"type": "theft", "date": str(1990 + k), "place": "museum", "circumstances": "at night"}
                for k in range(3)
            ],
        }
    )
    photos = [(jpeg_bytes(colour=(20 * k, 40, 30)), f"photo-{k}.jpg") for k in range(2)]
    platform.objects.create(SYSTEM, record, photos)
    for status in ("recovered", "stolen", "missing"):
        platform.objects.change_status(
            SYSTEM, "RICH-1", StatusChangeIn(status=status, reason=f"now {status}")
        )
    return "RICH-1"


def _statements(platform, call):  # noqa: ANN001, ANN202
    seen = []

    def note(conn, cursor, statement, *_args) -> None:  # noqa: ANN001, ANN002
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        return call(), [s for s in seen if s.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK")]
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def test_a_record_is_read_in_two_statements_with_the_same_answer(platform, rich) -> None:  # noqa: ANN001
    record, statements = _statements(platform, lambda: platform.objects.get(SYSTEM, rich))
    assert len(statements) == 2, statements
    assert "search_text" not in statements[0]
    with platform.sessions() as s:  # the ORM's own loading: one statement per list
        loaded = s.scalars(select(CulturalObject).where(CulturalObject.external_id == rich)).one()
        expected = object_out(loaded, SYSTEM)
    answer = object_out(record, SYSTEM)
    assert answer == expected
    assert len(answer.identifiers) == 4 and len(answer.incidents) == 3 and len(answer.images) == 2
    assert len(answer.shared_with) == 3 and len(answer.status_history) == 4 and answer.materials
    assert all(c.changed_at.tzinfo is not None for c in answer.status_history)


def test_a_record_without_lists_has_empty_lists(platform) -> None:  # noqa: ANN001
    platform.objects.create(SYSTEM, ObjectIn(id="BARE-1", title="Cup", type_of_object="cup", status="stolen"))
    answer = object_out(platform.objects.get(SYSTEM, "BARE-1"), SYSTEM)
    assert answer.identifiers == [] and answer.incidents == [] and answer.images == []
    assert answer.shared_with == [] and len(answer.status_history) == 1


WORDS = ["venice", "river", "lamp", "venetian glass"]
TITLES = {f"S-{n:03d}": f"{WORDS[n % 4]} number {n}" + (" river" if n % 3 == 0 else "") for n in range(24)}


@pytest.fixture
def searchable(platform) -> None:  # noqa: ANN001
    for external_id, title in TITLES.items():
        platform.objects.create(
            SYSTEM, ObjectIn(id=external_id, title=title, type_of_object="painting", status="stolen")
        )


def _matching(q: str) -> list[str]:
    """All words must occur, the last one may be a prefix; newest first."""
    *whole, last = q.split()

    def matches(title: str) -> bool:
        words = title.split()
        return all(w in words for w in whole) and any(w.startswith(last) for w in words)

    return sorted((i for i, t in TITLES.items() if matches(t)), reverse=True)


@pytest.mark.parametrize("q", ["river", "ven", "river number", "nothing"])
def test_full_text_pages_follow_a_plain_reference(platform, searchable, monkeypatch, q) -> None:  # noqa: ANN001
    expected = _matching(q)
    for cap in (1000, 5):
        monkeypatch.setattr(service, "COUNT_CAP", cap)
        for page in (1, 2, 9):
            found, total, exact = platform.objects.list(SYSTEM, ObjectFilters(q=q), page=page, per_page=4)
            assert [o.external_id for o in found] == expected[(page - 1) * 4 : page * 4]
            assert (total, exact) == (min(len(expected), cap), len(expected) <= cap)
