"""Legal deadline engine: time limits of return and restitution claims, computed and explained.

Public interface: :func:`parse_facts` (FACTS.json -> :class:`CaseFacts`), :func:`compute_deadlines`
(-> :class:`DeadlineReport`), :class:`FactsError` for bad input.
"""

from heritrace.legal.engine import compute_deadlines
from heritrace.legal.facts import CaseFacts, FactsError, parse_facts
from heritrace.legal.report import Deadline, DeadlineReport, Exclusion, Need

__all__ = [
    "CaseFacts",
    "Deadline",
    "DeadlineReport",
    "Exclusion",
    "FactsError",
    "Need",
    "compute_deadlines",
    "parse_facts",
]
