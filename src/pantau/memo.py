"""``Memo``: results a process keeps in memory between requests, each under a key naming what
it was computed from (the database, the workspace, and a version of the data that changes
whenever the result can: a pipeline position, a stored row's time). A changed version is a
new key, so nothing is ever invalidated by hand and every worker process of ``pantau serve``
keeps its own copy without talking to the others.

The oldest entries go first once ``size`` are kept. Computing happens outside the lock: two
requests arriving together may both compute, and either answer is right.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept under ``key``, else ``compute()`` kept under it."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = compute()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: T) -> None:
        with self._lock:
            self._kept[key] = value
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
