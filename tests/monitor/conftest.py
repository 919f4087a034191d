"""The monitor's fixtures: a small register with photos, loopback marketplaces, sources."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image

from heritrace.core.actor import SYSTEM
from heritrace.monitor.evidence import Screenshotter
from heritrace.monitor.schemas import SourceConfig
from tests.diligence.helpers import RELIQUARY, SEASCAPE, register_photo, seed_register, warped_crop
from tests.images.synthetic import painting
from tests.monitor.sites import Item, Marketplace


def jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=88)
    return buf.getvalue()


def recompressed(data: bytes, scale: float = 0.7, quality: int = 55) -> bytes:
    """The photo as a seller re-uses it: resized and saved again as JPEG at another quality."""
    img = Image.open(io.BytesIO(data)).convert("RGB")
    img = img.resize((int(img.width * scale), int(img.height * scale)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def stolen_seascape_item(slug: str = "seascape-boats") -> Item:
    """The stolen seascape on sale: the seller's own words, a photo taken of it."""
    return Item(
        slug,
        "Aivazovsky, Seascape with fishing boats at dawn, oil on canvas",
        "Fine Russian marine painting by Ivan Aivazovsky, fishing boats at dawn, dated 1893, 45 x 60 cm.",
        photos=[warped_crop(register_photo(11))],
    )


def unregistered_items(n: int, start: int = 0) -> list[Item]:
    titles = [
        "Art deco bronze table lamp",
        "Pair of Meissen porcelain cups",
        "Victorian mahogany writing box",
        "Japanese lacquer tray with cranes",
        "Silver pocket watch, Swiss movement",
        "Persian wool rug",
    ]
    return [
        Item(
            f"lot-{start + k}",
            f"{titles[(start + k) % len(titles)]} no. {start + k}",
            "Good condition, from a private estate; collection only.",
            price=str(100 + k),
            photos=[jpeg(painting(5000 + start + k))],
        )
        for k in range(n)
    ]


@pytest.fixture
def register(client):  # noqa: ANN001, ANN201
    """SEASCAPE (public, stolen) and RELIQUARY (law enforcement, stolen) with photos."""
    return seed_register(client)


@pytest.fixture
def site_factory() -> Iterator:
    sites: list[Marketplace] = []

    def make(kind: str, items: list[Item], **kwargs: object) -> Marketplace:
        site = Marketplace(kind, items, **kwargs)
        site.start()
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.stop()


def add_source(platform, name: str, site: Marketplace, **extra: object) -> SourceConfig:  # noqa: ANN001
    config = SourceConfig.model_validate(
        {"name": name, "start_urls": [site.base + "/"], "allowed_domains": ["127.0.0.1"], "delay_s": 0,
         "concurrency": 2, **extra}
    )  # fmt: skip
    platform.monitor.add_source(SYSTEM, config)
    return config


def crawl(platform, name: str):  # noqa: ANN001, ANN201
    platform.photos.sync()
    return platform.monitor.crawl(name, screenshots=Screenshotter(enabled=False))


__all__ = [
    "RELIQUARY",
    "SEASCAPE",
    "add_source",
    "crawl",
    "jpeg",
    "recompressed",
    "stolen_seascape_item",
    "unregistered_items",
]
