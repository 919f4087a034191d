"""Mounts every domain's API router and web pages on the application.

Every router is mounted with ``get_actor`` as a dependency, so that every route is checked against its
access rule (``heritrace.access.routes``) even if its handler never asks who is calling.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.responses import RedirectResponse

from heritrace.accounts import api as accounts_api
from heritrace.accounts import views as accounts_views
from heritrace.alerts import api as alerts_api
from heritrace.alerts import views as alerts_views
from heritrace.audit import api as audit_api
from heritrace.audit import views as audit_views
from heritrace.cases.routers import mount_cases
from heritrace.consultations import api as consultations_api
from heritrace.consultations import views as consultations_views
from heritrace.core.http import error_responses, get_actor
from heritrace.diligence import routers as diligence_routers
from heritrace.federation import api as federation_api
from heritrace.laws import routers as laws_routers
from heritrace.library import api as library_api
from heritrace.library import views as library_views
from heritrace.meetings import api as meetings_api
from heritrace.meetings import views as meetings_views
from heritrace.monitor import api as monitor_api
from heritrace.monitor import views as monitor_views
from heritrace.objects import api as objects_api
from heritrace.objects import import_views, inventory_api, inventory_views, review_views
from heritrace.objects import views as objects_views
from heritrace.partners import api as partners_api
from heritrace.partners import views as partners_views
from heritrace.results import api as results_api
from heritrace.results import views as results_views
from heritrace.screening import api as screening_api
from heritrace.standards import views as standards_views
from heritrace.training import api as training_api
from heritrace.training import views as training_views

API_ROUTERS = (
    objects_api.router,
    inventory_api.router,
    accounts_api.router,
    partners_api.router,
    audit_api.router,
    alerts_api.router,
    consultations_api.router,
    screening_api.router,
    federation_api.router,
    monitor_api.router,
    library_api.router,
    training_api.router,
    meetings_api.router,
    results_api.router,
)
PAGE_ROUTERS = (
    objects_views.router,
    import_views.router,
    inventory_views.router,
    review_views.router,
    accounts_views.router,
    partners_views.router,
    audit_views.router,
    alerts_views.router,
    consultations_views.router,
    standards_views.router,
    monitor_views.router,
    library_views.router,
    training_views.authoring,
    training_views.router,
    training_api.calendar_router,
    meetings_views.router,
    results_views.router,
)


def mount_routes(app: FastAPI) -> None:
    checked = [Depends(get_actor)]
    for router in API_ROUTERS:
        app.include_router(router, dependencies=checked, responses=error_responses(400, 401, 403))
    for router in PAGE_ROUTERS:
        app.include_router(router, dependencies=checked)
    for router in diligence_routers.API_ROUTERS:
        app.include_router(router, dependencies=checked, responses=error_responses(400, 401, 403))
    for router in diligence_routers.PAGE_ROUTERS:
        app.include_router(router, dependencies=checked)
    mount_cases(app, checked)  # return and restitution case files (issue 7)
    for router in laws_routers.API_ROUTERS:  # law database, import/export checks (issue 18)
        app.include_router(router, dependencies=checked, responses=error_responses(400, 401, 403))
    for router in laws_routers.PAGE_ROUTERS:
        app.include_router(router, dependencies=checked)
    app.include_router(federation_api.peer_router, dependencies=checked)  # signed by peer nodes only

    @app.get("/", include_in_schema=False, dependencies=checked)
    def home() -> RedirectResponse:
        return RedirectResponse("/objects", status_code=303)
