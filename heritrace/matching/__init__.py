"""Text and attribute matching: find the register record behind a free-text description.

Candidates first (inverted index over language-neutral title terms, maker-name keys, size and
year bins), scoring second (additive log-odds weights per comparison, fitted m/u parameters).
See docs/matching.md.
"""

from heritrace.matching.engine import Contribution, MatchEngine, MatchResult, Query, RegisterRecord

__all__ = ["Contribution", "MatchEngine", "MatchResult", "Query", "RegisterRecord"]
