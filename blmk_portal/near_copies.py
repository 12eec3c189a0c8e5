"""What a worker last read from the shared cache, kept in its own memory too, for values kept under a key that
names what they depend on (the content generation, the roles version): such a copy can only go unused once that
changes, never be wrong, so it is read without asking the shared cache again."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class NearCopies:
    """The values this worker last kept or read, newest last, within a budget measured by `size` (one unit per
    value unless told)."""

    def __init__(self, budget: int, size: Callable[[Any], int] = lambda kept: 1) -> None:
        self.budget = budget
        self._size = size
        self._kept: OrderedDict[str, Any] = OrderedDict()
        self._used = 0

    def get(self, key: str) -> Any:
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
        return kept

    def put(self, key: str, kept: Any) -> None:
        self._forget(key)
        size = self._size(kept)
        if size > self.budget:
            return
        self._kept[key] = kept
        self._used += size
        while self._used > self.budget:
            self._forget(next(iter(self._kept)))

    def clear(self) -> None:
        self._kept.clear()
        self._used = 0

    def _forget(self, key: str) -> None:
        forgotten = self._kept.pop(key, None)
        if forgotten is not None:
            self._used -= self._size(forgotten)
