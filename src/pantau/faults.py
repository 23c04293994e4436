"""Named fault points for crash tests: ``fault_point("monitor.saving")`` kills the process on
the spot (as ``kill -9`` or a power cut would) when the environment variable ``PANTAU_FAULT``
names that point, and does nothing otherwise. Only the crash-safety tests set it.

``PANTAU_FAULT=name`` fires at the first pass through the point; ``name@N`` at the N-th.
"""

from __future__ import annotations

import os
import signal

_passes: dict[str, int] = {}


def fault_point(name: str) -> None:
    wanted = os.environ.get("PANTAU_FAULT")
    if not wanted:
        return
    point, _, nth = wanted.partition("@")
    if point != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
