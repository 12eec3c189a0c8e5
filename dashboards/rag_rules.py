"""The RAG of an indicator against its plan, and the words people read beside it and under its SPC chart: pure rules
on numbers and dates, in the shared RAG vocabulary (`blmk_portal.rag`).

Green when the latest value meets the plan (or the target where there is no plan); Amber when it falls short by no
more than the indicator's tolerance (in its unit, or a percentage of the plan); Red beyond that; Grey when there is
no value, or the latest is out of date for how often the indicator is reported (its tag says which). "Short"
follows the direction: below the plan where higher is better, above it where lower is better. An indicator where
neither is better is not rated (Grey): meeting a plan means nothing without a better side. The comparison is of
the figures as reported; the words show them at the indicator's decimal places, or more where fewer would show two
different figures as one. Choices: docs/adr/0007-spc-rules.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from blmk_portal.formatting import date as date_words
from blmk_portal.rag import Rag
from dashboards.spc import FEWEST_POINTS, Chart, Direction


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class ToleranceKind(models.TextChoices):
    ABSOLUTE = "absolute", "Absolute (in the indicator's unit)"
    RELATIVE = "relative", "Relative (% of the plan or target)"


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage (%)"
    COUNT = "count", "Count"
    RATE_PER_1000 = "per_1000", "Rate per 1,000"
    RATE_PER_10000 = "per_10000", "Rate per 10,000"
    RATE_PER_100000 = "per_100000", "Rate per 100,000"
    POUNDS_MILLION = "gbp_million", "£ million"
    MINUTES_SECONDS = "minutes_seconds", "Time (minutes and seconds)"
    SCORE = "score", "Score"


class Against(models.TextChoices):
    PLAN = "plan", "plan"
    TARGET = "target", "target"


# A value is current until the end of this many months after its period's (last) month: a monthly return is
# published in the month after next, so March's figure is current until 30 June and Grey from 1 July; a quarter's
# until two quarters on; a year's until 18 months on, as annual figures appear months after the year ends.
CURRENT_FOR_MONTHS = {Frequency.MONTHLY: 3, Frequency.QUARTERLY: 6, Frequency.ANNUAL: 18}
RATES = {Unit.RATE_PER_1000: "1,000", Unit.RATE_PER_10000: "10,000", Unit.RATE_PER_100000: "100,000"}


@dataclass(frozen=True)
class RagRule:
    """How an indicator is rated: which way is better, how often it is reported, and how far short is Amber."""

    direction: Direction
    frequency: Frequency
    unit: Unit
    decimals: int = 1
    tolerance: Decimal = Decimal(0)
    tolerance_kind: ToleranceKind = ToleranceKind.ABSOLUTE


@dataclass(frozen=True)
class Reading:
    """The latest period with a value, and the plan and target for that period."""

    period: dt.date
    value: Decimal
    plan: Decimal | None = None
    target: Decimal | None = None


@dataclass(frozen=True)
class RagCall:
    """A RAG and the numbers that decided it. `shortfall` is how far the value falls short of the benchmark in the
    indicator's unit (negative: better than it); `allowed`, the tolerance in the unit; `why`, a Grey's reason."""

    rag: Rag
    rule: RagRule
    reading: Reading | None
    against: Against | None = None
    benchmark: Decimal | None = None
    shortfall: Decimal | None = None
    allowed: Decimal | None = None
    current_until: dt.date | None = None
    why: str = ""
    grey: str = ""

    @property
    def label(self) -> str:
        """The RAG as its tag says it: "Red", or a Grey with why in short, "Grey (out of date)"."""
        return (
            f"{Rag.GREY.label.split(' (')[0]} ({self.grey})" if self.rag == Rag.GREY and self.grey else self.rag.label
        )

    @property
    def words(self) -> str:
        """ "Red: 90.3% against a plan of 95.0%, 4.7 points short; tolerance 2.0 points"."""
        if self.rag == Rag.GREY:
            return f"{self.label}: {self.why}"
        rule, reading = self.rule, self.reading
        assert reading is not None and self.benchmark is not None and self.shortfall is not None
        assert self.allowed is not None
        places = places_to_tell_apart(
            rule.decimals, (reading.value, self.benchmark), (self.shortfall, self.allowed), (self.shortfall, 0)
        )
        return (
            f"{self.rag.label}: {figure(reading.value, rule.unit, places)} against a {self.against} of "
            f"{figure(self.benchmark, rule.unit, places)}, {self._gap_words(places)}; {self._tolerance_words(places)}"
        )

    def _gap_words(self, places: int) -> str:
        assert self.shortfall is not None
        if self.shortfall == 0:
            return f"on {self.against}"
        size = difference(abs(self.shortfall), self.rule.unit, places)
        if self.shortfall < 0:
            return f"{size} better"
        return f"{size} short" if self.rule.direction == Direction.HIGHER else f"{size} over"

    def _tolerance_words(self, places: int) -> str:
        rule = self.rule
        if not rule.tolerance:
            return "no tolerance"
        if rule.tolerance_kind == ToleranceKind.RELATIVE:
            assert self.allowed is not None
            allowed = difference(self.allowed, rule.unit, places)
            return f"tolerance {_tolerance_size(rule, places, self.against)} ({allowed})"
        return f"tolerance {_tolerance_size(rule, places)}"


def current_until(period: dt.date, frequency: Frequency | str) -> dt.date:
    """The last day a period's value counts as current."""
    months = period.year * 12 + period.month - 1 + CURRENT_FOR_MONTHS[Frequency(frequency)] + 1
    return dt.date(months // 12, months % 12 + 1, 1) - dt.timedelta(days=1)


def allowed_shortfall(rule: RagRule, benchmark: Decimal) -> Decimal:
    """The tolerance in the indicator's unit: as set, or that percentage of the plan (or target)."""
    if rule.tolerance_kind == ToleranceKind.RELATIVE:
        return abs(benchmark) * rule.tolerance / 100
    return rule.tolerance


def rag_for(rule: RagRule, reading: Reading | None, *, today: dt.date) -> RagCall:
    """The RAG of the latest reading (None: no value ever reported) on `today`."""
    if reading is None:
        return RagCall(Rag.GREY, rule, None, why="no value has been reported", grey="not reported")
    against, benchmark = benchmark_of(reading)
    until = current_until(reading.period, rule.frequency)
    called = {"against": against, "benchmark": benchmark, "current_until": until}
    if today > until:
        why = (
            f"the latest value is for {period_words(reading.period, rule.frequency)}, out of date since "
            f"{date_words(until + dt.timedelta(days=1))} ({_currency_words(rule.frequency)})"
        )
        return RagCall(Rag.GREY, rule, reading, why=why, grey="out of date", **called)
    if rule.direction == Direction.NEUTRAL:
        why = "not rated, as neither a higher nor a lower value is better"
        return RagCall(Rag.GREY, rule, reading, why=why, grey="not rated", **called)
    if benchmark is None:
        why = f"no plan or target to measure {figure(reading.value, rule.unit, rule.decimals)} against"
        return RagCall(Rag.GREY, rule, reading, why=why, grey="no plan or target", **called)
    shortfall = benchmark - reading.value if rule.direction == Direction.HIGHER else reading.value - benchmark
    allowed = allowed_shortfall(rule, benchmark)
    rag = Rag.GREEN if shortfall <= 0 else Rag.AMBER if shortfall <= allowed else Rag.RED
    return RagCall(rag, rule, reading, shortfall=shortfall, allowed=allowed, **called)


def benchmark_of(reading: Reading) -> tuple[Against | None, Decimal | None]:
    """The plan where there is one, else the target."""
    if reading.plan is not None:
        return Against.PLAN, reading.plan
    if reading.target is not None:
        return Against.TARGET, reading.target
    return None, None


def rag_rule_text(rule: RagRule) -> str:
    """The rule, in words, as the page shows it beside the RAG."""
    if rule.direction == Direction.NEUTRAL:
        return "Not rated: neither a higher nor a lower value is better."
    meets, short = ("at or above", "below") if rule.direction == Direction.HIGHER else ("at or below", "above")
    if rule.tolerance:
        amber = f"Amber when it is {short} it by no more than {_tolerance_size(rule, rule.decimals)}; Red when by more"
    else:
        amber = f"Red when it is {short} it at all (there is no tolerance)"
    return (
        f"Green when the latest value is {meets} the plan (or the target where there is no plan); {amber}; "
        "Grey when there is no value or the latest is out of date "
        f"({_currency_words(rule.frequency)})."
    )


def spc_summary(name: str, call: RagCall, chart: Chart) -> str:
    """ "A&E 4 hours, March 2021: 90.3%, below plan of 95.0%; common cause variation; the target will not be met
    reliably without change." The latest value against its plan, what its variation says, and its assurance."""
    reading, rule = call.reading, call.rule
    if reading is None:
        return f"{name}: no values reported."
    places = rule.decimals
    if call.benchmark is not None:
        places = places_to_tell_apart(rule.decimals, (reading.value, call.benchmark))
    parts = [f"{name}, {period_words(reading.period, rule.frequency)}: {figure(reading.value, rule.unit, places)}"]
    if call.benchmark is not None:
        position = "below" if reading.value < call.benchmark else "above" if reading.value > call.benchmark else "at"
        parts[0] += f", {position} {call.against} of {figure(call.benchmark, rule.unit, places)}"
    parts.append(_variation_words(chart))
    if chart.assurance is not None:
        parts.append(chart.assurance.assurance.label)
    return "; ".join(parts) + "."


def figure(value: Decimal, unit: Unit | str, places: int) -> str:
    """A value in its unit: "90.3%", "1,204", "4.2 per 1,000", "£1.2m", "7:32" (a time, held in seconds)."""
    if unit == Unit.MINUTES_SECONDS:
        seconds = int(_rounded(abs(value), 0))
        return f"{'-' if value < 0 and seconds else ''}{seconds // 60}:{seconds % 60:02d}"
    number = f"{_rounded(abs(value), places):,}"
    sign = "-" if value < 0 and _rounded(value, places) else ""
    if unit == Unit.PERCENT:
        return f"{sign}{number}%"
    if unit == Unit.POUNDS_MILLION:
        return f"{sign}£{number}m"
    if unit in RATES:
        return f"{sign}{number} per {RATES[Unit(unit)]}"
    return f"{sign}{number}"


def difference(size: Decimal, unit: Unit | str, places: int) -> str:
    """A gap between two values: "4.7 points" (percentage points), "1,204", "£0.3m"."""
    if unit == Unit.PERCENT:
        number = f"{_rounded(size, places):,}"
        return f"{number} point" if number == "1" else f"{number} points"
    return figure(size, unit, places)


def places_to_tell_apart(decimals: int, *pairs: tuple[Decimal, Decimal | int]) -> int:
    """The indicator's decimal places, or more where fewer would show two different figures as one: 94.96% reads
    "94.96% against a plan of 95.00%", never "95.0% against 95.0%" and Red. At most 4, as values are stored."""
    places = decimals
    while places < 4 and any(a != b and _rounded(Decimal(a), places) == _rounded(Decimal(b), places) for a, b in pairs):
        places += 1
    return places


def period_words(period: dt.date, frequency: Frequency | str) -> str:
    """ "March 2021", "the quarter to March 2021", "the year to March 2021"."""
    month = f"{period:%B %Y}"
    if frequency == Frequency.QUARTERLY:
        return f"the quarter to {month}"
    if frequency == Frequency.ANNUAL:
        return f"the year to {month}"
    return month


def _variation_words(chart: Chart) -> str:
    latest, variation = chart.latest, chart.variation
    if latest is None or latest.limits is None or variation is None:
        values = chart.groups[latest.group].values if latest else 0
        return f"too few values for process limits ({values}; {FEWEST_POINTS} are needed)"
    words = variation.label
    words = words[0].lower() + words[1:]
    why = [latest.signal.words] if latest.signal else []
    if chart.trial_limits:
        why.append(f"trial limits, from {latest.limits.points} values")
    return f"{words} ({'; '.join(why)})" if why else words


def _tolerance_size(rule: RagRule, places: int, against: Against | None = None) -> str:
    if rule.tolerance_kind == ToleranceKind.RELATIVE:
        return f"{rule.tolerance.normalize():f}% of the {against or 'plan or target'}"
    return difference(rule.tolerance, rule.unit, places)


def _currency_words(frequency: Frequency | str) -> str:
    frequency = Frequency(frequency)
    months = CURRENT_FOR_MONTHS[frequency]
    return f"{frequency.label.lower()} values are current until the end of the {_ordinal(months)} month after them"


def _ordinal(number: int) -> str:
    return {1: "first", 2: "second", 3: "third", 6: "sixth"}.get(number, f"{number}th")


def _rounded(value: Decimal, decimals: int) -> Decimal:
    """Rounded half up, as people round by hand (90.25 is 90.3), not half to even."""
    return value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
