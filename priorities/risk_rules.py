"""The rules of a risk's scores, in the words people read: the NHS 5x5 matrix of likelihood and consequence.

The seeds score no risk (the 2018 operating plan's risks are narrative only; see the domain notes), so the
portal uses the NPSA's "A risk matrix for risk managers" (January 2008), the NHS's common scale: likelihood 1
(Rare) to 5 (Almost certain) with its descriptors, consequence 1 (Negligible) to 5 (Catastrophic) with those
of its "business objectives/projects" domain (the one that fits a programme's risks), score = likelihood x
consequence, banded Low 1-3, Moderate 4-6, High 8-12, Extreme 15-25. A body with its own banding sets
RISK_BANDS in settings.

Forms, pages, the register and its exports all read the scores through these functions, so they say the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

SCORES = range(1, 6)
SCALES = ("likelihood", "consequence")


@dataclass(frozen=True)
class Level:
    """One step of a scale: its number, its name and what it means."""

    number: int
    name: str
    descriptor: str

    @property
    def choice_text(self) -> str:
        """As a select list offers it: "3 Possible: might happen or recur occasionally"."""
        return f"{self.number} {self.name}: {self.descriptor}"


# NPSA 2008, table 2 (likelihood), its broad descriptor with its frequency.
LIKELIHOOD = {
    1: Level(1, "Rare", "this will probably never happen or recur (not expected for years)"),
    2: Level(2, "Unlikely", "not expected to happen, but it may (at least once a year)"),
    3: Level(3, "Possible", "might happen or recur occasionally (at least once a month)"),
    4: Level(4, "Likely", "will probably happen, but is not a persisting issue (at least once a week)"),
    5: Level(5, "Almost certain", "will undoubtedly happen, possibly frequently (at least daily)"),
}

# NPSA 2008, table 1, the business objectives/projects domain.
CONSEQUENCE = {
    1: Level(1, "Negligible", "insignificant cost increase or slippage"),
    2: Level(2, "Minor", "under 5% over budget, or slippage"),
    3: Level(3, "Moderate", "5% to 10% over budget, or slippage"),
    4: Level(4, "Major", "10% to 25% over budget, slippage, key objectives not met"),
    5: Level(5, "Catastrophic", "over 25% over budget, slippage, key objectives not met"),
}


@dataclass(frozen=True)
class RiskBand:
    label: str
    lowest: int
    highest: int
    colour: str  # an NHS tag colour; the label always carries the meaning


# The NPSA 5x5 matrix banding. Override with RISK_BANDS in settings (same shape) to use a local policy.
DEFAULT_RISK_BANDS = (
    RiskBand("Low", 1, 3, "green"),
    RiskBand("Moderate", 4, 6, "yellow"),
    RiskBand("High", 8, 12, "orange"),
    RiskBand("Extreme", 15, 25, "red"),
)


def risk_bands() -> tuple[RiskBand, ...]:
    return tuple(getattr(settings, "RISK_BANDS", DEFAULT_RISK_BANDS))


def risk_band(score: int) -> RiskBand:
    """The band a likelihood x consequence score falls in (scores between bands go to the higher band)."""
    for band in risk_bands():
        if score <= band.highest:
            return band
    return risk_bands()[-1]


@dataclass(frozen=True)
class Score:
    """A likelihood and a consequence, and what they make."""

    likelihood: int
    consequence: int

    @property
    def value(self) -> int:
        return self.likelihood * self.consequence

    @property
    def band(self) -> RiskBand:
        return risk_band(self.value)

    @property
    def short(self) -> str:
        """ "12 High" """
        return f"{self.value} {self.band.label}"

    @property
    def factors(self) -> str:
        """ "likelihood 3 Possible x consequence 4 Major" """
        return (
            f"likelihood {self.likelihood} {LIKELIHOOD[self.likelihood].name}"
            f" x consequence {self.consequence} {CONSEQUENCE[self.consequence].name}"
        )

    @property
    def text(self) -> str:
        """ "12 (High): likelihood 3 Possible x consequence 4 Major" """
        return f"{self.value} ({self.band.label}): {self.factors}"


def chosen_score(likelihood: object, consequence: object) -> Score | None:
    """The score of a likelihood and a consequence as a form sends them ("3"), or None until both are chosen."""
    try:
        pair = int(str(likelihood)), int(str(consequence))
    except ValueError:
        return None
    return Score(*pair) if all(number in SCORES for number in pair) else None


def target_refusal(current: Score, target: Score) -> str | None:
    """Why a target cannot be saved, or None. The target is where the mitigations are meant to bring the risk,
    so it may equal the current score but never be worse than it."""
    if target.value <= current.value:
        return None
    return (
        f"The target score ({target.short}) is worse than the current score ({current.short}): choose a target "
        "likelihood and consequence that score no more than the current ones"
    )


def review_overdue(review_date: dt.date | None, *, is_open: bool, today: dt.date) -> bool:
    """An open risk whose review date has passed. A closed risk is reviewed no more."""
    return is_open and review_date is not None and review_date < today


REVIEW_OVERDUE = "Review overdue"
