"""Helpers of the usability tests: form tokens of the server-rendered pages."""

from __future__ import annotations

import re


def csrf(client, path: str = "/objects") -> str:  # noqa: ANN001
    """The form token of a page (its cookie is kept by the client)."""
    page = client.get(path)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
