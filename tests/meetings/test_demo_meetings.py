"""The demo's meetings: two meetings of one series, both held this year, with decisions and actions,
one done and one carried, still open, to the second meeting's agenda; the year's results are not zero."""

from __future__ import annotations

from datetime import date

from heritrace.accounts.demo import create_demo_people
from heritrace.core.actor import ANONYMOUS, SYSTEM
from heritrace.meetings.demo import create_demo_meetings


def test_demo_meetings_and_the_results_they_make(platform):  # noqa: ANN001
    org_ids, people = create_demo_people(platform)
    assert create_demo_meetings(platform, people["ministry"], org_ids, today=date(2026, 1, 1)) == 2
    [(series, count)] = platform.meetings.list_series(SYSTEM)
    assert count == 2
    first, second = sorted(platform.meetings.list(SYSTEM), key=lambda m: m.starts_at)
    assert first.starts_at.year == second.starts_at.year == 2026  # even on the first day of the year
    assert first.status == second.status == "held"
    assert len(first.decisions) == 2 and len(second.decisions) == 1
    assert sorted(a.status for a in first.actions) == ["done", "open"]
    [still_open] = [a for a in first.actions if a.status == "open"]
    assert second.agenda[0].action_id == still_open.id
    f = platform.results.figures(ANONYMOUS, 2026)
    assert (f["meetings"], f["actions_open"], f["actions_done"]) == (2, 2, 1)
