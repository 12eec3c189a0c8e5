"""The rules that turn reports into statuses: a programme's or priority's overall RAG, and risk bands.
Reporting periods have their own rules: priorities/period_rules.py.

The rules are stated in words here too (RULE_TEXT, band labels) because the pages show them to readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from blmk_portal.rag import Rag


def overall_rule_text(part: str) -> str:
    """The rule, in words, as the page shows it beside an overall status."""
    return (
        f"Worked out from the latest status of each {part}: Red if any {part} is Red; otherwise Amber if any is "
        "Amber; otherwise Grey (not reported) if any has no status yet; otherwise Blue (complete) if all are "
        "complete; otherwise Green."
    )


def overall_rag(latest: Iterable[Rag | str | None]) -> Rag:
    """The overall status from the latest status of each part (None: never reported)."""
    statuses = [Rag(status) if status else Rag.GREY for status in latest]
    if not statuses:
        return Rag.GREY
    for status in (Rag.RED, Rag.AMBER, Rag.GREY):
        if status in statuses:
            return status
    if all(status == Rag.BLUE for status in statuses):
        return Rag.BLUE
    return Rag.GREEN


def needs_commentary(rag: Rag | str) -> bool:
    return rag in (Rag.RED, Rag.AMBER)


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
