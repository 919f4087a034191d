"""Web pages of the register: list with filters, object page, create/edit forms, photo upload."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from heritrace.access.policy import can_write
from heritrace.access.redaction import sees_need_to_know
from heritrace.core.actor import Actor
from heritrace.core.collation import sort_key
from heritrace.core.errors import Conflict, Forbidden, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import current_locale, gettext
from heritrace.legal.prefill import check_links
from heritrace.objects.api import filters_query
from heritrace.objects.models import CLASSIFICATIONS, INCIDENT_TYPES, STATUSES
from heritrace.objects.presenters import object_out, summary_out
from heritrace.objects.profiles import TEXT_FIELDS
from heritrace.objects.schemas import ObjectIn, ObjectUpdate, StatusChangeIn
from heritrace.objects.service import ONLY_ITS_ORGANISATION, ObjectFilters, may_write
from heritrace.platform import Heritrace
from heritrace.screening.api import similar_records
from heritrace.standards.views import linked_art_response, wants_linked_art
from heritrace.vocab import get_vocabulary
from heritrace.web.cache import generation_of, keep_at_most
from heritrace.web.forms import FormFields, read_bytes
from heritrace.web.language import format_decimal
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
PER_PAGE = 50
FORM_FIELDS = (
    "id",
    *TEXT_FIELDS,
    "classification",
    "status",
    "owner_name",
    "suspects",
    "investigation_notes",
    "current_location",
    "shared_with",
)
FILTER_TEXT = ("type", "country", "status", "material", "maker", "q")
INCIDENT_FIELDS = ("type", "date", "place", "country", "circumstances", "reporting_organisation", "reference")


def _choices() -> dict:
    lang = current_locale()  # labels in the reader's language
    return {
        "statuses": STATUSES,
        "classifications": CLASSIFICATIONS,
        "incident_types": INCIDENT_TYPES,
        "object_types": _sorted_concepts("object_type", lang),
        "materials": _sorted_concepts("material", lang),
    }


@cache
def _sorted_concepts(scheme: str, lang: str = "en") -> tuple[tuple[str, str], ...]:
    """The vocabulary is loaded once and never changes: its sorted choices are computed once per
    language, not on every list, search and form page."""
    labelled = ((c.label(lang), c.id) for c in get_vocabulary().concepts(scheme))
    return tuple(sorted(labelled, key=lambda item: sort_key(item[0], lang)))


def concept_options(scheme: str, selected: str | None) -> Markup:
    """The ``<option>`` elements of a vocabulary filter in the reader's language, ``selected`` chosen:
    some 400 options that every list and search page shows, written once per language and choice."""
    lang = current_locale()
    return _options(scheme, lang, selected if selected in _concept_ids(scheme) else None)


@cache
def _concept_ids(scheme: str) -> frozenset[str]:
    return frozenset(c.id for c in get_vocabulary().concepts(scheme))


@lru_cache(maxsize=1024)
def _options(scheme: str, lang: str, selected: str | None) -> Markup:
    option = Markup('<option value="{}"{}>{}</option>')
    return Markup("").join(
        option.format(cid, Markup(" selected") if cid == selected else "", label)
        for label, cid in _sorted_concepts(scheme, lang)
    )


def form_filters(request: Request) -> ObjectFilters:
    """The list filters from a submitted form: empty fields mean 'any', not an error."""
    params = {k: v.strip() for k, v in request.query_params.items() if v.strip()}
    try:
        return filters_query(
            **{k: params.get(k) for k in FILTER_TEXT},
            period_from=_year(params.get("period_from")),
            period_to=_year(params.get("period_to")),
        )
    except ValueError as exc:
        raise ValidationFailed({"period": str(exc)}) from None


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.lstrip("-").isdigit() or abs(int(value)) > 100000:
        raise ValueError(f"'{value}' is not a year")
    return int(value)


@router.get("/objects", response_class=HTMLResponse)
def list_page(
    request: Request,
    platform: Platform,
    actor: CurrentActor,
    filters: Annotated[ObjectFilters, Depends(form_filters)],
) -> HTMLResponse:
    page = request.query_params.get("page", "1")
    page = max(1, min(int(page) if page.isdigit() else 1, 100000))
    items, total, exact = platform.objects.list(actor, filters, page, PER_PAGE)
    # spelling variants and other languages: the matching engine, on the first page of a text search
    similar = []
    if filters.q and page == 1:
        # the engine follows the register on its own schedule: the page is kept no longer than it
        # answers what the register holds (asked before it answers: it may be brought up to date meanwhile)
        keep_at_most(request, platform.matcher.fresh_for(generation_of(request)))
        similar = similar_records(platform, actor, filters.q)
    listed = {o.external_id for o in items}
    similar = [h for h in similar if h.object_id not in listed and h.verdict != "none"]
    return render(
        request,
        "objects/list.html",
        {
            "items": [summary_out(o, actor) for o in items],
            "total": total,
            "total_exact": exact,
            "similar": similar,
            "page": page,
            "per_page": PER_PAGE,
            "pager": pager(request, page, PER_PAGE, total, exact, len(items)),
            "filters": filters,
            "query": request.url.query,
            "type_options": concept_options("object_type", filters.type),
            "material_options": concept_options("material", filters.material),
            **_choices(),
        },
    )


def pager(request: Request, page: int, per_page: int, total: int, exact: bool, shown: int) -> dict:
    """Links to the previous and next page. Counting stops at a cap: past it the total is not known,
    so a full page always links to the next one (pages beyond the cap hold records too)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]

    def url(n: int) -> str:
        return "?" + urlencode([*params, ("page", str(n))])

    pages = max(1, (total + per_page - 1) // per_page)
    more = page < pages if exact else shown == per_page
    numbers = {"page": format_decimal(page), "pages": format_decimal(pages)}
    label = (
        gettext("page %(page)s of %(pages)s", **numbers)
        if exact
        else gettext("page %(page)s of more than %(pages)s", **numbers)
    )
    return {
        "prev": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if more else None,
        "label": label,
    }


@router.get("/objects/new", response_class=HTMLResponse)
def new_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    return render(
        request,
        "objects/form.html",
        {"values": {}, "errors": {}, "editing": False, "can_write": may_write(actor), **_choices()},
    )


@router.post("/objects/new", response_class=HTMLResponse)
def create_submit(  # noqa: ANN201
    request: Request, platform: Platform, actor: CurrentActor, form: FormFields
):
    check_csrf(request, form.get("csrf_token"))
    values = {k: str(form.get(k) or "").strip() for k in FORM_FIELDS}
    values.update({f"incident_{k}": str(form.get(f"incident_{k}") or "").strip() for k in INCIDENT_FIELDS})
    photos = [f for f in form.getlist("photos") if isinstance(f, UploadFile) and f.filename]
    try:
        data = _object_in(values, platform, len(photos))
        raw = [(read_bytes(f, platform.settings.max_upload_bytes + 1), f.filename) for f in photos]
        # photos are decoded and the write waits its turn off the event loop (docs/concurrency.md)
        obj = platform.objects.create(actor, data, raw)
    except (ValidationFailed, Conflict) as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else {"id": exc.message}
        return render(
            request,
            "objects/form.html",
            {
                "values": values,
                "errors": _form_errors(errors),
                "editing": False,
                "can_write": True,
                **_choices(),
            },
            422,
        )
    return RedirectResponse(f"/objects/{obj.external_id}", status_code=303)


@router.get("/objects/{object_id}", response_class=HTMLResponse)
def detail_page(request: Request, platform: Platform, actor: CurrentActor, object_id: str) -> Response:
    """The record's stable URL: its page, or Linked Art JSON-LD for ``Accept: application/ld+json``."""
    if wants_linked_art(request):
        return linked_art_response(platform, request, actor, object_id)
    record = platform.objects.get(actor, object_id)
    obj = object_out(record, actor)
    page = render(
        request,
        "objects/detail.html",
        {
            "obj": obj,
            "can_write": may_write(actor) and can_write(actor, record.organisation_id),
            "need_to_know": sees_need_to_know(actor, record.organisation_id),
            "checks": check_links(record.country, record.date_latest),
            **_choices(),
        },
    )
    page.headers["Vary"] = "Accept"
    return page


@router.get("/objects/{object_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, platform: Platform, actor: CurrentActor, object_id: str) -> HTMLResponse:
    record = platform.objects.get(actor, object_id)
    if not (may_write(actor) and can_write(actor, record.organisation_id)):
        # say so before the form is filled in, not on submit
        raise Forbidden(gettext(ONLY_ITS_ORGANISATION))
    obj = object_out(record, actor)
    values = {k: _display(getattr(obj, k, None)) for k in FORM_FIELDS}
    values["shared_with"] = ", ".join(str(o) for o in obj.shared_with)
    values["version"] = obj.version
    return render(
        request,
        "objects/form.html",
        {"values": values, "errors": {}, "editing": True, "can_write": may_write(actor), **_choices()},
    )


@router.post("/objects/{object_id}/edit", response_class=HTMLResponse)
def edit_submit(  # noqa: ANN201
    request: Request, platform: Platform, actor: CurrentActor, object_id: str, form: FormFields
):
    check_csrf(request, form.get("csrf_token"))
    values = {k: str(form.get(k) or "").strip() for k in FORM_FIELDS}
    values["id"], values["version"] = object_id, str(form.get("version") or "")
    try:
        skip = ("id", "status", "version", "shared_with")
        fields = {k: v or None for k, v in values.items() if k not in skip}
        fields["shared_with"] = _organisation_ids(values["shared_with"])
        fields["classification"] = values["classification"] or "public"
        update = ObjectUpdate.model_validate({**fields, "version": int(values["version"] or 0)}, strict=False)
        platform.objects.update(actor, object_id, update)
    except ValidationError as exc:
        return _form_again(request, values, form_errors(exc))
    except (ValidationFailed, Conflict, ValueError) as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else {"form": str(exc)}
        return _form_again(request, values, errors)
    return RedirectResponse(f"/objects/{object_id}", status_code=303)


@router.post("/objects/{object_id}/status", response_class=HTMLResponse)
def status_submit(
    request: Request, platform: Platform, actor: CurrentActor, object_id: str, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        change = StatusChangeIn(status=str(form.get("status") or ""), reason=str(form.get("reason") or ""))
    except ValidationError as exc:
        raise ValidationFailed(form_errors(exc)) from None
    platform.objects.change_status(actor, object_id, change)
    return RedirectResponse(f"/objects/{object_id}", status_code=303)


@router.post("/objects/{object_id}/images", response_class=HTMLResponse)
def image_submit(  # noqa: ANN201
    request: Request, platform: Platform, actor: CurrentActor, object_id: str, form: FormFields
):
    check_csrf(request, form.get("csrf_token"))
    photo = form.get("photo")
    if not isinstance(photo, UploadFile) or not photo.filename:
        raise ValidationFailed({"photo": gettext("choose a photo to upload")})
    data = read_bytes(photo, platform.settings.max_upload_bytes + 1)
    publishable = form.get("publishable") is not None
    platform.objects.add_image(actor, object_id, data, photo.filename, publishable)
    return RedirectResponse(f"/objects/{object_id}", status_code=303)


def _object_in(values: dict, platform: Heritrace, photos: int) -> ObjectIn:
    """The submitted record, or every field's error at once: the form's own checks, then what the
    service would refuse, computed on the fields that passed them."""
    errors: dict[str, str] = {}
    record = {k: v for k, v in values.items() if v and not k.startswith("incident_")}
    if "shared_with" in record:
        try:
            record["shared_with"] = _organisation_ids(record["shared_with"])
        except ValueError:
            errors["shared_with"] = gettext("organisation ids, separated by commas")
            del record["shared_with"]
    incident = {k: values[f"incident_{k}"] for k in INCIDENT_FIELDS if values.get(f"incident_{k}")}
    if incident:
        record["incident"] = incident
    try:
        data = ObjectIn.model_validate(record)
    except ValidationError as exc:
        errors.update(form_errors(exc))
        record = {k: v for k, v in record.items() if k not in {e["loc"][0] for e in exc.errors()}}
        try:
            data = ObjectIn.model_validate(record)
        except ValidationError:
            raise ValidationFailed(errors) from None
    errors = {**platform.objects.problems(data, photos), **errors}
    if errors:
        raise ValidationFailed(errors)
    return data


def _organisation_ids(text: str) -> list[int]:
    return [int(part) for part in text.replace(";", ",").split(",") if part.strip()]


def _form_errors(errors: dict[str, str]) -> dict[str, str]:
    """Put ``incident.0.date`` errors next to the ``incident_date`` field."""
    out = {}
    for key, msg in errors.items():
        parts = key.split(".")
        out[f"incident_{parts[-1]}" if parts[0] == "incident" else parts[0]] = msg
    return out


def _form_again(request: Request, values: dict, errors: dict) -> HTMLResponse:
    return render(
        request,
        "objects/form.html",
        {"values": values, "errors": _form_errors(errors), "editing": True, "can_write": True, **_choices()},
        422,
    )


def _display(value) -> str:  # noqa: ANN001
    return "" if value is None else str(value)
