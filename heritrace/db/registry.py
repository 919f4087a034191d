"""Imports every domain's tables so that metadata (and Alembic) sees them all."""

from heritrace.objects import models as objects_models  # noqa: F401
from heritrace.audit import models as audit_models  # noqa: F401
