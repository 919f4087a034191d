"""The machine's processor cores this process may use."""

from __future__ import annotations

import os


def available_cores() -> int:
    """The cores the process may run on (its CPU affinity on Linux), else the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
