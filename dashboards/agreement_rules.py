"""Where the plan and the statistics disagree: a programme reported Green while an indicator it is evidenced by
shows special cause concern or will not meet its target without change, or reported Red while the indicator
shows special cause improvement or will meet its target consistently. Pure rules, and the words people read.

Only Green and Red are read: Amber already says "not quite", Blue (complete) says the work is done whatever the
figures do, and Grey has no reported status to disagree with. A special cause neither improvement nor concern
(a neutral indicator) and an inconsistent assurance (the target is hit and missed at random) agree with any
status. The statistics are the indicator's latest: its variation icon and its assurance icon
(docs/adr/0007-spc-rules.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from blmk_portal.rag import Rag
from dashboards.spc import Assurance, Variation

CONCERN = (Variation.CONCERN_HIGH, Variation.CONCERN_LOW)
IMPROVEMENT = (Variation.IMPROVEMENT_HIGH, Variation.IMPROVEMENT_LOW)


@dataclass(frozen=True)
class Disagreement:
    """A reported status and what the indicator's statistics say against it."""

    reported: Rag
    against: tuple[str, ...]  # what the statistics say, each as a phrase: "special cause concern"

    @property
    def words(self) -> str:
        """ "Reported Green, but the indicator shows special cause concern and will not meet its target without
        change." """
        return f"Reported {self.reported.label}, but the indicator {' and '.join(self.against)}."


def disagreement(
    reported: Rag | str | None, variation: Variation | str | None, assurance: Assurance | str | None
) -> Disagreement | None:
    """What the statistics say against the reported status, or None where they agree (or say nothing)."""
    if not reported:
        return None
    reported = Rag(reported)
    variation = Variation(variation) if variation else None
    assurance = Assurance(assurance) if assurance else None
    against: list[str] = []
    if reported == Rag.GREEN:
        if variation in CONCERN:
            against.append("shows special cause concern")
        if assurance == Assurance.FAIL:
            against.append(f"says {assurance.label}")
    elif reported == Rag.RED:
        if variation in IMPROVEMENT:
            against.append("shows special cause improvement")
        if assurance == Assurance.PASS:
            against.append(f"says {assurance.label}")
    return Disagreement(reported, tuple(against)) if against else None
