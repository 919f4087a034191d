"""The routers of due diligence, certificates, the inbox and photo identification, for ``mount_routes``."""

from __future__ import annotations

from heritrace.diligence import api as diligence_api
from heritrace.diligence import views as diligence_views
from heritrace.images import api as images_api
from heritrace.images import views as images_views
from heritrace.inbox import views as inbox_views

API_ROUTERS = (diligence_api.router, images_api.router)
PAGE_ROUTERS = (diligence_views.router, images_views.router, inbox_views.router)
