"""axe-core (served from this repository, no network) finds no serious or critical accessibility
violation on the main pages, on a phone and on a laptop."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_browser_small_screens import MORE_PAGES, PAGES, world  # noqa: F401 - the fixture

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_main_pages_have_no_serious_accessibility_violation(page, world, width):  # noqa: ANN001, F811
    page.set_viewport_size({"width": width, "height": 844})
    found = {}
    for path in PAGES:
        page.goto(path.format(**world))
        page.evaluate(AXE_SOURCE)  # not a <script> tag: the pages' CSP allows no inline script
        violations = page.evaluate(RUN)
        if violations:
            found[path] = violations
    assert not found, found


def test_other_pages_have_no_serious_accessibility_violation(page, world):  # noqa: ANN001, F811
    found = {}
    for path in MORE_PAGES:
        page.goto(path)
        page.evaluate(AXE_SOURCE)  # not a <script> tag: the pages' CSP allows no inline script
        violations = page.evaluate(RUN)
        if violations:
            found[path] = violations
    assert not found, found
