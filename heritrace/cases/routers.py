"""Mounting the case-file API and pages (every route checked by ``get_actor`` against its rule)."""

from __future__ import annotations

from fastapi import FastAPI

from heritrace.cases import api, views
from heritrace.core.http import error_responses


def mount_cases(app: FastAPI, checked: list) -> None:
    app.include_router(api.router, dependencies=checked, responses=error_responses(400, 401, 403))
    app.include_router(views.router, dependencies=checked)
