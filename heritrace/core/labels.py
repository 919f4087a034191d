"""Plain words for the codes that the data model uses: what a page shows instead of ``law_enforcement``.

Every label is marked with ``N_`` (translated where it is shown, by ``label``); a code without a label
here is shown with its underscores turned into spaces, never as the raw code. Templates use the
``label`` filter: ``{{ obj.classification | label }}``, ``{{ roles | labels }}``.
"""

from __future__ import annotations

from collections.abc import Iterable

from heritrace.core.i18n import N_, gettext

LABELS: dict[str, str] = {
    # classifications (who may read)
    "public": N_("Public"),
    "partners": N_("Partner organisations"),
    "law_enforcement": N_("Law enforcement only"),
    "restricted": N_("Restricted (named organisations)"),
    "inventory": N_("Inventory (not on the register)"),
    # roles of people
    "platform_admin": N_("Platform administrator"),
    "org_admin": N_("Organisation administrator"),
    "registrar": N_("Registrar"),
    "investigator": N_("Investigator"),
    "analyst": N_("Analyst"),
    "reader": N_("Reader"),
    "dealer": N_("Dealer"),
    "expert": N_("Expert"),
    # claims and deadlines
    "stolen": N_("Stolen"),
    "illegally_exported": N_("Illegally exported"),
    "unlawfully_removed": N_("Unlawfully removed"),
    "no_limit": N_("No time limit"),
    "running": N_("Running"),
    "expired": N_("Expired"),
    "met": N_("Met"),
    # object statuses
    "missing": N_("Missing"),
    "looted": N_("Looted"),
    "seized": N_("Seized"),
    "recovered": N_("Recovered"),
    "returned": N_("Returned"),
    "withdrawn": N_("Withdrawn"),
    "held": N_("Held (inventory)"),
    # alerts
    "theft_or_loss": N_("Theft or loss"),
    "heritage_at_risk": N_("Heritage at risk"),
    "seizure": N_("Seizure"),
    "market_sighting": N_("Seen on the market"),
    "recovery": N_("Recovery"),
    "return": N_("Return"),
    # notices Heritrace addresses to organisations (alerts.models.NOTICE_TYPES)
    "due_diligence_hit": N_("Due-diligence hit"),
    "photo_identification_hit": N_("Photo identification hit"),
    "consultation_request": N_("Consultation request"),
    "consultation_message": N_("Consultation message"),
    "inventory_search_hit": N_("Inventory search hit"),
    "case_invitation": N_("Case invitation"),
    "meeting_action": N_("Meeting action"),
    "training_registration": N_("Training registration"),
    # compensation claims
    "claimed": N_("Claimed"),
    "agreed": N_("Agreed"),
    "paid": N_("Paid"),
    "rejected": N_("Rejected"),
    "verified": N_("Verified"),
    "unverified": N_("Not verified"),
    # the facts of a return case (what a step requires, what is unverified), as the case form names them
    "objects": N_("Objects"),
    "requesting_state": N_("Requesting State"),
    "holding_state": N_("Holding State"),
    "claim": N_("Claim"),
    "event_date": N_("Theft, removal or export"),
    "knowledge_date": N_("Location and possessor known"),
    "notification_date": N_("Claim notified"),
    "proceedings_date": N_("Proceedings brought"),
    "returned_on": N_("Returned on"),
}


def label(code: object) -> str:
    """The plain label of a code, in the reader's language."""
    if code is None or code == "":
        return ""
    text = str(code)
    if text in LABELS:
        return gettext(LABELS[text])
    spaced = text.replace("_", " ")
    return spaced[:1].upper() + spaced[1:] if "_" in text else text


def labels(codes: Iterable[object]) -> str:
    """Several codes as one comma-separated line of labels."""
    return ", ".join(label(c) for c in codes)
