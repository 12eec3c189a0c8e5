"""The rules that turn reports into statuses: a programme's or priority's overall RAG.
Reporting periods have their own rules (priorities/period_rules.py), and so do risks (priorities/risk_rules.py).

The rules are stated in words here too (the overall rule's text) because the pages show them to readers.
"""

from __future__ import annotations

from collections.abc import Iterable

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
