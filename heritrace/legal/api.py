"""REST endpoints of the EU import and export checks (pure computations: nothing is stored)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from heritrace.core.http import error_responses, get_platform
from heritrace.legal.eu_export import check_export, parse_export
from heritrace.legal.eu_import import check_import, parse_import
from heritrace.legal.schemas import CheckOut, ExportCheckIn, ImportCheckIn
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1/legal", tags=["legal"])
Platform = Annotated[Heritrace, Depends(get_platform)]


@router.post("/eu-import", response_model=CheckOut, responses=error_responses(422, 503))
def eu_import(platform: Platform, body: ImportCheckIn) -> CheckOut:
    """What Regulation (EU) 2019/880 requires to bring the object into the EU: prohibited, import
    licence, importer statement or none, with the articles, reasons and prepared documents."""
    facts = parse_import(body.model_dump(exclude_none=True))
    return CheckOut.of(check_import(facts, platform.laws.states_table()))


@router.post("/eu-export", response_model=CheckOut, responses=error_responses(422, 503))
def eu_export(platform: Platform, body: ExportCheckIn) -> CheckOut:
    """Whether Regulation (EC) No 116/2009 requires an export licence to take the object out of the EU."""
    facts = parse_export(body.model_dump(exclude_none=True))
    laws = platform.laws
    return CheckOut.of(check_export(facts, laws.states_table(), laws.export_regime_words))
