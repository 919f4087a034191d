"""Imports every domain's tables so that metadata (and Alembic) sees them all."""

from heritrace.accounts import models as accounts_models  # noqa: F401
from heritrace.alerts import models as alerts_models  # noqa: F401
from heritrace.audit import models as audit_models  # noqa: F401
from heritrace.cases import models as cases_models  # noqa: F401
from heritrace.consultations import models as consultations_models  # noqa: F401
from heritrace.diligence import models as diligence_models  # noqa: F401 - and the inbox
from heritrace.exports import models as exports_models  # noqa: F401
from heritrace.federation import models as federation_models  # noqa: F401
from heritrace.laws import models as laws_models  # noqa: F401
from heritrace.library import models as library_models  # noqa: F401
from heritrace.meetings import models as meetings_models  # noqa: F401
from heritrace.monitor import models as monitor_models  # noqa: F401
from heritrace.objects import models as objects_models  # noqa: F401
from heritrace.partners import models as partners_models  # noqa: F401
from heritrace.training import models as training_models  # noqa: F401
