"""What a highlight report says about a period: each milestone's status then and the period before, and the
direction of travel between them in the words a board reads (Improving, Worsening, No change, New).

A milestone's status in a period is the latest one reported up to the end of it: a milestone not updated this
quarter still stands at what it was last reported, as the current status does (period_rules.latest_period).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from blmk_portal.rag import Rag
from priorities.period_rules import Period

IMPROVING, WORSENING, NO_CHANGE, NEW, NOT_REPORTED = "Improving", "Worsening", "No change", "New", "Not reported"

# Worst to best, as overall_rag weighs them: a milestone not reported is worse than one on track.
_STANDING = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREY: 2, Rag.GREEN: 3, Rag.BLUE: 4}


class Reported(Protocol):
    reporting_period: str
    rag: str


U = TypeVar("U", bound=Reported)


def status_in(updates: Iterable[U], period: str) -> U | None:
    """The update that stands for `period`: the latest reported for it or any period before it."""
    end = Period.parse(period)
    earlier = [update for update in updates if Period.parse(update.reporting_period) <= end]
    return max(earlier, key=lambda update: Period.parse(update.reporting_period), default=None)


def direction_of_travel(now: Rag | str | None, before: Rag | str | None) -> str:
    """From the status the period before (None: nothing reported yet) to the status now, in words."""
    if now is None:
        return NOT_REPORTED
    if before is None:
        return NEW
    change = _STANDING[Rag(now)] - _STANDING[Rag(before)]
    if change > 0:
        return IMPROVING
    if change < 0:
        return WORSENING
    return NO_CHANGE


def periods_to_choose(reported: Iterable[str], *, also: Sequence[str] = ()) -> list[str]:
    """The periods a reader may pick, latest first: those with something reported, and `also` (for staff,
    the recent quarters they may write for)."""
    return sorted(set(reported) | set(also), key=Period.parse, reverse=True)
