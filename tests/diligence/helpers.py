"""Shared pieces of the due-diligence and identification tests: a small register with photos, users."""

from __future__ import annotations

import io
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from heritrace.core.actor import Actor
from heritrace.objects.demo import make_photo
from heritrace.partners.prefixes import candidates
from tests.conftest import Member, add_member, add_organisation

# registered by the registrar of tests/conftest.py: chosen inside its organisation's namespace, so
# stored (and matched) under these very ids
OWN = next(candidates("Museo Civico di Bari"))
SEASCAPE = {
    "id": f"{OWN}-IT-BA-2019-001",
    "type_of_object": "painting",
    "title": "Seascape with fishing boats at dawn",
    "maker": "Ivan Aivazovsky",
    "materials_techniques": "oil on canvas",
    "measurements": "45 x 60 cm",
    "date_or_period": "1893",
    "status": "stolen",
    "classification": "public",
}
RELIQUARY = {
    "id": f"{OWN}-IT-BA-2021-002",
    "type_of_object": "reliquary",
    "title": "Reliquary bust of Saint Nicholas",
    "maker": "Neapolitan workshop",
    "materials_techniques": "gilded silver",
    "measurements": "52 x 30 cm",
    "date_or_period": "1620",
    "status": "stolen",
    "classification": "law_enforcement",
    "investigation_notes": "suspect seen near Chiasso",
}


def register_photo(seed: int) -> bytes:
    """A generated painting-like register photo (JPEG bytes)."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "photo.jpg"
        make_photo(random.Random(seed), path)
        return path.read_bytes()


def warped_crop(data: bytes, seed: int = 3) -> bytes:
    """The register photo as a buyer might photograph it: cropped, in perspective, on a grey ground."""
    img = Image.open(io.BytesIO(data)).convert("RGB")
    w, h = img.size
    img = img.crop((int(w * 0.06), int(h * 0.05), int(w * 0.95), int(h * 0.93)))
    w, h = img.size
    rng = np.random.default_rng(seed)
    d = rng.uniform(0.02, 0.09, 8)
    quad = [d[0] * w, d[1] * h, d[2] * w, h - d[3] * h, w - d[4] * w, h - d[5] * h, w - d[6] * w, d[7] * h]
    warped = img.transform(
        (w, h), Image.Transform.QUAD, quad, Image.Resampling.BILINEAR, fillcolor=(128, 128, 128)
    )
    buf = io.BytesIO()
    warped.resize((int(w * 0.8), int(h * 0.8))).save(buf, "JPEG", quality=85)
    return buf.getvalue()


@dataclass
class Register:
    seascape_photo: bytes
    reliquary_photo: bytes


def seed_register(client, with_photos: bool = True) -> Register:  # noqa: ANN001
    """Two records of the registrar's museum, each with a photo, registered through the API."""
    photos = Register(register_photo(11), register_photo(29))
    for record, photo in ((SEASCAPE, photos.seascape_photo), (RELIQUARY, photos.reliquary_photo)):
        assert client.post("/api/v1/objects", json=record).status_code == 201
        if not with_photos:
            continue
        r = client.post(
            f"/api/v1/objects/{record['id']}/images", files={"file": ("p.jpg", photo, "image/jpeg")}
        )
        assert r.status_code == 201, r.text
    return photos


def market_member(platform, username: str = "dealer") -> Member:  # noqa: ANN001
    org = add_organisation(platform, f"Galerie {username.title()}", "market")
    return add_member(platform, username, org, ["market_user"])


def actor_of_member(member: Member, roles: frozenset[str]) -> Actor:
    return Actor(
        name=member.username,
        user_id=member.user_id,
        organisation_id=member.organisation_id,
        roles=roles,
        vetted=True,
    )
