"""Builds the due-diligence service from the platform's parts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heritrace.diligence.service import DueDiligence
from heritrace.diligence.signing import KEY_FILE, PlatformKey
from heritrace.inbox.service import Inbox

if TYPE_CHECKING:
    from heritrace.platform import Heritrace


def signing_key(platform: Heritrace) -> PlatformKey:
    """The configured key file, or one generated under ``data_dir/keys/`` on first use."""
    path = platform.settings.signing_key_path
    if path is None:
        keys = platform.settings.data_dir / "keys"
        keys.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = keys / KEY_FILE
    return PlatformKey(path)


def make_due_diligence(platform: Heritrace) -> DueDiligence:
    return DueDiligence(
        platform.sessions,
        platform.matcher,
        platform.photos,
        platform.images,
        Inbox(platform.sessions),
        signing_key(platform),
        platform.alerts.notify,
    )
