"""Request and response models of due-diligence checks and certificates."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heritrace.core.http import UtcDateTime

Verdict = Literal["match", "possible", "none"]
QUERY_FIELDS = (
    "title",
    "maker",
    "type_of_object",
    "materials_techniques",
    "measurements",
    "date_or_period",
    "description",
)


class CheckIn(BaseModel):
    """The object as the market user describes it; every field optional, but something must be given."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(default=None, max_length=1000)
    maker: str | None = Field(default=None, max_length=500)
    type_of_object: str | None = Field(default=None, max_length=300)
    materials_techniques: str | None = Field(default=None, max_length=1000)
    measurements: str | None = Field(default=None, max_length=500)
    date_or_period: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=20000)

    def submitted(self) -> dict[str, str]:
        """The fields that were filled in, as submitted."""
        return {k: v for k in QUERY_FIELDS if (v := getattr(self, k))}


class ContributionOut(BaseModel):
    comparison: str
    level: str
    weight: float
    detail: str = ""


class TextEvidence(BaseModel):
    """``score`` is the probability (0 to 1), as everywhere; ``log2_odds`` the engine's evidence, the
    sum of the waterfall's weights (absent from checks stored before it was given)."""

    verdict: Verdict
    probability: float
    score: float
    log2_odds: float | None = None


class PhotoEvidence(BaseModel):
    verdict: Verdict
    score: float
    inliers: int
    register_photo: str | None = Field(default=None, description="SHA-256 of the register photo that matched")
    query_photo: int = Field(description="which submitted photo (1-based)")


class CandidateOut(BaseModel):
    """One register object behind the description; hidden records show only verdict and notice."""

    node: str | None = Field(default=None, description="the federation node holding the record")
    object_id: str | None
    title: str | None = None
    maker: str | None = None
    verdict: Verdict
    score: float | None = None
    text: TextEvidence | None = None
    photo: PhotoEvidence | None = None
    contributions: list[ContributionOut] = []
    notice: str | None = None
    originating_organisation: str | None = None


class SourceOut(BaseModel):
    source: str
    node: str | None = Field(default=None, description="the federation node searched")
    records: int | None = None
    photos: int | None = None
    last_updated: str | None = None
    note: str | None = None


class CoverageOut(BaseModel):
    searched: list[SourceOut]
    not_searched: list[str]
    statement: str


class CheckOut(BaseModel):
    check_id: str
    checked_at: UtcDateTime
    requested_by: str
    organisation: str | None
    verdict: Verdict
    query: dict[str, str]
    photos: list[str] = Field(description="SHA-256 of each submitted photo")
    candidates: list[CandidateOut]
    coverage: CoverageOut
    certificate_id: str | None = None


class CertificateOut(BaseModel):
    certificate_id: str
    check_id: str
    issued_at: UtcDateTime
    key_id: str
    json_url: str
    pdf_url: str


class VerificationOut(BaseModel):
    status: Literal["valid", "altered", "unknown_key", "malformed"]
    message: str
    kind: Literal["json", "pdf"] | None = None
    key_id: str | None = None
    certificate: dict | None = Field(
        default=None, description="what the certificate says (trust it only if valid)"
    )


class PublicKeyOut(BaseModel):
    key_id: str
    algorithm: str
    public_key_pem: str
