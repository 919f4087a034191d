"""Mounts every domain's API router and web pages on the application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from heritrace.objects import api as objects_api
from heritrace.objects import views as objects_views


def mount_routes(app: FastAPI) -> None:
    app.include_router(objects_api.router)
    app.include_router(objects_views.router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/objects", status_code=303)
