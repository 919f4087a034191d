"""Builds the due-diligence service from the platform's parts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from heritrace.diligence.service import DueDiligence
from heritrace.diligence.signing import KEY_FILE, PlatformKey
from heritrace.federation.queries import remote_checks
from heritrace.inbox.service import Inbox

if TYPE_CHECKING:
    from heritrace.platform import Heritrace


def signing_key(platform: Heritrace) -> PlatformKey:
    """The configured key file, or one generated under ``data_dir/keys/`` on first use."""
    return PlatformKey(platform.settings.signing_key_path or key_path(platform, KEY_FILE))


def key_path(platform: Heritrace, name: str) -> Path:
    keys = platform.settings.data_dir / "keys"
    keys.mkdir(mode=0o700, parents=True, exist_ok=True)
    return keys / name


def make_due_diligence(platform: Heritrace) -> DueDiligence:
    return DueDiligence(
        platform.sessions,
        platform.matcher,
        platform.photos,
        platform.images,
        Inbox(platform.sessions),
        signing_key(platform),
        platform.alerts.notify,
        peers=lambda actor, query, photos: remote_checks(platform, actor, query, photos),
        node=platform.settings.node_name,
    )
