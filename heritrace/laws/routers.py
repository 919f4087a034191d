"""The routers of the law database, the EU import and export checks and export certificates."""

from __future__ import annotations

from heritrace.exports import api as exports_api
from heritrace.exports import views as exports_views
from heritrace.laws import api as laws_api
from heritrace.laws import views as laws_views
from heritrace.legal import api as legal_api
from heritrace.legal import views as legal_views

API_ROUTERS = (laws_api.router, legal_api.router, exports_api.router)
PAGE_ROUTERS = (laws_views.router, legal_views.router, exports_views.router)
