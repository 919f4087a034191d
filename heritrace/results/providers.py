"""The registry of results providers: each domain package contributes its figures of one year from
its own ``results_provider`` module, which registers itself here with the figures it gives, so that
the results page, API, CSV and annual report never reach into a domain, and no central module lists
the domains. ``load()`` imports every ``heritrace.<package>.results_provider`` there is (once).

Two kinds of provider:
- ``by_organisation``: ``fn(session, year) -> Contribution``, counts (and samples for medians) keyed by
  the organisation a figure belongs to (None: none). The service filters and breaks them down by the
  organisation's country and type in one place. A contribution may also carry breakdowns of its own
  that no organisation scope applies to (``groups``: by source, by day, by outcome), shown unnarrowed
  and withheld from the public like every other breakdown cell.
- ``scoped``: ``fn(session, year, country, org_type) -> dict``, for a domain that answers for a
  country or an organisation type itself (training): integer figures, and optionally ``by_country``
  and ``by_organisation_type`` as ``{figure: {group: count}}``.

Each registration names its figures (key -> label, marked for translation) and its place on the page
(``order``); ``figures()`` and ``medians()`` give them all in that order, every provider loaded first.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

MODULE = "results_provider"  # the module of a domain package that registers its provider


@dataclass
class Contribution:
    counts: dict[str, Counter] = field(default_factory=dict)  # figure -> organisation id -> count
    samples: dict[str, list[tuple[int | None, float]]] = field(default_factory=dict)  # for medians
    groups: dict[str, dict[str, Counter]] = field(default_factory=dict)  # breakdown -> figure -> group -> n


ByOrganisation = Callable[[Session, int], Contribution]
Scoped = Callable[[Session, int, str | None, str | None], dict]


@dataclass(frozen=True)
class Registration:
    name: str
    order: int
    figures: dict[str, str]
    medians: dict[str, str]


_BY_ORGANISATION: dict[str, ByOrganisation] = {}
_SCOPED: dict[str, Scoped] = {}
REGISTERED: dict[str, Registration] = {}
# every count figure and every median, in the order the page, the CSV and the report show them; read
# them through figures() and medians(), which load every provider first
_FIGURES: dict[str, str] = {}
_MEDIANS: dict[str, str] = {}
_loaded = False
_lock = threading.Lock()


def _register(name: str, order: int, figures: dict[str, str], medians: dict[str, str] | None) -> None:
    medians = medians or {}
    for key in (*figures, *medians):
        owner = next((r.name for r in REGISTERED.values() if key in r.figures or key in r.medians), name)
        if owner != name:
            raise ValueError(f"results figure {key!r} of {name!r} is already given by {owner!r}")
    REGISTERED[name] = Registration(name, order, dict(figures), medians)
    ranked = sorted(REGISTERED.values(), key=lambda r: (r.order, r.name))
    _FIGURES.clear()
    _MEDIANS.clear()
    for r in ranked:
        _FIGURES.update(r.figures)
        _MEDIANS.update(r.medians)


def by_organisation(
    name: str, *, figures: dict[str, str], medians: dict[str, str] | None = None, order: int = 100
) -> Callable[[ByOrganisation], ByOrganisation]:
    def register(fn: ByOrganisation) -> ByOrganisation:
        _register(name, order, figures, medians)
        _BY_ORGANISATION[name] = fn
        return fn

    return register


def scoped(name: str, *, figures: dict[str, str], order: int = 100) -> Callable[[Scoped], Scoped]:
    def register(fn: Scoped) -> Scoped:
        _register(name, order, figures, None)
        _SCOPED[name] = fn
        return fn

    return register


def load() -> None:
    """Import the ``results_provider`` module of every domain package that has one (once)."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        import heritrace

        for package in pkgutil.iter_modules(heritrace.__path__):
            if not package.ispkg:
                continue
            name = f"heritrace.{package.name}.{MODULE}"
            if importlib.util.find_spec(name) is not None:
                importlib.import_module(name)
        _loaded = True


def figures() -> dict[str, str]:
    """Every count figure (key -> label marked for translation), in the page's order."""
    load()
    return _FIGURES


def medians() -> dict[str, str]:
    """Every median figure (key -> label marked for translation), in the page's order."""
    load()
    return _MEDIANS


def by_organisation_providers() -> dict[str, ByOrganisation]:
    load()
    return _BY_ORGANISATION


def scoped_providers() -> dict[str, Scoped]:
    load()
    return _SCOPED


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def grouped(s: Session, query) -> Counter:  # noqa: ANN001 - select(organisation column, count)
    return Counter({org: n for org, n in s.execute(query).all()})
