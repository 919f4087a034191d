"""Every page's title block is text: markup there lands inside <title> and is lost from the page."""

from __future__ import annotations

import re
from pathlib import Path

import heritrace

TITLE = re.compile(r"{%-?\s*block title\s*-?%}(.*?){%-?\s*endblock", re.S)


def test_title_blocks_hold_no_markup():
    root = Path(heritrace.__file__).parent
    wrong = []
    for template in sorted(root.rglob("templates/**/*.html")):
        for title in TITLE.findall(template.read_text(encoding="utf-8")):
            if "<" in title or "\n" in title.strip():
                wrong.append(str(template.relative_to(root)))
    assert not wrong, wrong
