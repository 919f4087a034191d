"""Posted forms and uploaded files, read so that the handlers can be plain ``def`` handlers.

FastAPI runs a ``def`` handler on its thread pool and an ``async def`` one on the event loop, where a
service call (a database write waiting for its turn, a photo decoded, a PDF read) stops every other
request. So the handlers of forms are ``def`` handlers: ``FormFields`` reads the posted form on the
event loop before the handler runs, and ``read_upload`` reads an uploaded file in the handler's
thread, at most one byte past its limit, so that an oversized upload is refused whole (413) and
nothing of it is stored (docs/concurrency.md).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData, UploadFile

from heritrace.cases.documents import Attachment
from heritrace.core.errors import TooLarge, over_limit
from heritrace.core.i18n import _


async def _posted_form(request: Request) -> FormData:
    return await request.form()


# the posted form of a web page, read before the handler runs
FormFields = Annotated[FormData, Depends(_posted_form)]


async def _posted_body(request: Request) -> bytes:
    return await request.body()


# the request's whole body, read before the handler runs
RawBody = Annotated[bytes, Depends(_posted_body)]


def read_bytes(file: UploadFile, size: int) -> bytes:
    """At most ``size`` bytes of an uploaded file (ask one past a limit to tell a file over it).

    Blocking: call it from a ``def`` handler or a worker thread, never on the event loop."""
    file.file.seek(0)
    return file.file.read(size)


def read_upload(file: object, limit: int, field: str = "file") -> Attachment | None:
    """The uploaded file (None when no file was chosen), or ``TooLarge`` when it is over ``limit``.

    Blocking: call it from a ``def`` handler or a worker thread, never on the event loop."""
    if not isinstance(file, UploadFile) or not file.filename:
        return None
    file.file.seek(0)
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge({field: over_limit(file.filename, limit, nothing_stored=True)}, _("file too large"))
    return Attachment(file.filename, file.content_type or "", data)
