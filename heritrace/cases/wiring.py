"""Builds the case service from the platform's storage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heritrace.cases.documents import DocumentStore
from heritrace.cases.service import CaseService
from heritrace.diligence.wiring import signing_key
from heritrace.inbox.service import Inbox

if TYPE_CHECKING:
    from heritrace.platform import Heritrace


def make_cases(platform: Heritrace) -> CaseService:
    store = DocumentStore(platform.settings.data_dir / "documents", platform.settings.max_upload_bytes)
    return CaseService(
        platform.sessions,
        store,
        Inbox(platform.sessions),
        lambda: signing_key(platform),
        states=lambda: platform.laws.states_table(),  # the law database is the source (issue 18)
    )
