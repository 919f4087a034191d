"""``create_app(settings)``: builds the platform and mounts the REST API and the web pages on it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from heritrace import __version__
from heritrace.core.errors import DomainError, ValidationFailed
from heritrace.core.i18n import gettext
from heritrace.core.limits import BodyLimit, SecurityHeaders
from heritrace.core.nul import RefuseNul
from heritrace.core.settings import Settings
from heritrace.core.validation import field_errors
from heritrace.federation.middleware import PeerSignatures
from heritrace.platform import Heritrace
from heritrace.web.cache import AnonymousPages
from heritrace.web.language import LanguageMiddleware
from heritrace.web.pages import STATIC_DIR, render_error, wants_html
from heritrace.web.routes import mount_routes

DESCRIPTION = """Register of stolen and missing cultural objects (Object ID), identification and
due diligence. Every response code a route can give is declared; errors carry a field-level body
`{"detail": ..., "errors": {field: message}}`."""


def create_app(settings: Settings | None = None, platform: Heritrace | None = None) -> FastAPI:
    platform = platform or Heritrace(settings or Settings())
    app = FastAPI(
        title="Heritrace",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served below, with Swagger UI from this server's static files
        redoc_url=None,
        lifespan=_jobs_while_serving,
    )
    app.state.heritrace = platform
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    mount_routes(app)
    _install_api_docs(app)
    # innermost: anonymous register answers kept while nothing is written (keyed by the language)
    app.add_middleware(AnonymousPages, engine=platform.engine, entries=platform.settings.page_cache_entries)
    app.add_middleware(LanguageMiddleware)  # handlers and error pages see the language
    app.add_middleware(RefuseNul)
    app.add_middleware(PeerSignatures)  # a peer's signed body is read before anything but its size
    app.add_middleware(BodyLimit, settings=platform.settings)  # 413 while the body streams in
    app.add_middleware(SecurityHeaders)  # outermost: every answer carries them, a 413 included
    _install_error_handlers(app)
    _install_request_id(app)
    return app


def serving_app() -> FastAPI:
    """The app of one web process of ``heritrace serve --workers N`` (settings from the environment)."""
    import threading

    platform = Heritrace(Settings())
    platform.serving = True
    # the text-matching engine is built from the whole register on first use: build it at start
    threading.Thread(target=platform.matcher.engine, name="warm-text-engine", daemon=True).start()
    return create_app(platform=platform)


@asynccontextmanager
async def _jobs_while_serving(app: FastAPI) -> AsyncIterator[None]:
    """While the app serves, the default job mode consumes the queue in-process (``jobs.py``)."""
    platform: Heritrace = app.state.heritrace
    platform.start_jobs()
    try:
        yield
    finally:
        platform.stop_jobs()


def _install_api_docs(app: FastAPI) -> None:
    """Swagger UI from ``/static/swagger-ui`` (vendored): the API documentation needs no internet."""

    @app.get("/api/v1/docs", include_in_schema=False)
    def _docs() -> Response:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/api/v1/openapi.json",
            title="Heritrace API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
        )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    def _domain(request: Request, exc: DomainError) -> Response:
        errors = exc.errors if isinstance(exc, ValidationFailed) else {}
        if wants_html(request):
            return render_error(request, exc.status_code, exc.message)
        return JSONResponse({"detail": exc.message, "errors": errors}, status_code=exc.status_code)

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> Response:
        """Unknown addresses and refused methods: an HTML page to a browser, JSON to the API."""
        if not wants_html(request):
            return JSONResponse({"detail": exc.detail, "errors": {}}, exc.status_code, headers=exc.headers)
        message = gettext("there is no page at this address") if exc.status_code == 404 else str(exc.detail)
        return render_error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = field_errors(exc.errors(), skip=("body",), whole="body")
        if wants_html(request):
            return render_error(request, 422, "; ".join(f"{k}: {v}" for k, v in errors.items()))
        return JSONResponse({"detail": gettext("invalid input"), "errors": errors}, status_code=422)


def _install_request_id(app: FastAPI) -> None:
    @app.middleware("http")
    async def _request_id(request: Request, call_next):  # noqa: ANN001, ANN202
        request.state.request_id = request.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex
        response = await call_next(request)
        response.headers["X-Request-ID"] = request.state.request_id
        return response
