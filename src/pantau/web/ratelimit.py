"""A small in-process rate limit for requests that cost work (a topic query tested against the
whole workspace): at most ``per_minute`` per key in any 60 seconds. Each web process keeps its
own count, so with ``N`` processes a person gets at most ``N`` times as many."""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimit:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[object, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: object) -> bool:
        now = time.monotonic()
        with self._lock:
            times = self._seen.setdefault(key, deque())
            while times and now - times[0] > 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            if len(self._seen) > 10_000:  # forget idle keys
                for idle in [k for k, t in self._seen.items() if not t]:
                    del self._seen[idle]
            return True
