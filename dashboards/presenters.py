"""How indicators' figures and imports read on the page."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from blmk_portal import formatting
from blmk_portal.display import action_links, link, links, publication_tag, summary_rows, tag_html
from dashboards import rag_rules
from dashboards.models import Import, Indicator, Note

STATE_TAGS = {
    Import.State.PREVIEW: "nhsuk-tag--white",
    Import.State.COMMITTED: "nhsuk-tag--green",
    Import.State.ROLLED_BACK: "nhsuk-tag--grey",
}


def figure(value: Decimal | None, unit: str, decimals: int, note: str = "") -> str:
    """A figure as people read it in its unit (as the RAG rules' words print it), with what its note says."""
    if value is None:
        return Note(note).label if note else "None"
    shown = rag_rules.figure(value, unit, decimals)
    return f"{shown} ({Note(note).label.lower()})" if note else shown


def state_tag(batch: Import) -> dict[str, str]:
    return {"text": batch.get_state_display(), "classes": STATE_TAGS[Import.State(batch.state)]}


def import_cells(batch: Import) -> dict:
    """A row of the imports list."""
    who = str(batch.created_by) if batch.created_by else "the command line"
    actions = [("View", batch.get_absolute_url())]
    if batch.state == Import.State.COMMITTED:
        actions.append(("Roll back", reverse("dashboards:import_roll_back", kwargs={"pk": batch.pk})))
    counts = (
        f"{formatting.count(batch.added, 'new value')}, {batch.changed:,} changed"
        if batch.state != Import.State.PREVIEW
        else formatting.count(batch.row_count, "row")
    )
    return {
        "file": batch.file_name,
        "uploaded": f"{formatting.datetime(batch.created_at)} by {who}",
        "state": tag_html(state_tag(batch)),
        "values": counts,
        "actions": action_links(actions, f"import {batch.pk} ({batch.file_name})"),
    }


def indicator_cells(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": link(indicator.name, indicator.get_manage_url()),
        "status": tag_html(publication_tag(indicator)),
        "actions": action_links(
            [
                ("Edit", indicator.get_manage_url("edit")),
                ("History", indicator.get_manage_url("history")),
                ("Unpublish" if indicator.is_published else "Publish", indicator.get_manage_url("publish")),
            ],
            indicator.name,
        ),
    }


def indicator_summary(indicator: Indicator) -> list[dict]:
    """The staff overview's summary list: what the indicator is and how it is read."""
    tolerance = f"{indicator.tolerance.normalize():f}"
    tolerance += "% of the plan or target" if indicator.tolerance_kind == Indicator.Tolerance.RELATIVE else ""
    return summary_rows(
        [
            ("Code", indicator.code),
            ("Definition", indicator.definition or "None given"),
            ("Unit", indicator.get_unit_display()),
            ("Which way is better", indicator.get_direction_display()),
            ("How often it is reported", indicator.get_frequency_display()),
            ("Decimal places shown", indicator.decimals),
            ("Amber tolerance", tolerance if indicator.tolerance else "None: any shortfall is Red"),
            ("Source of the data", indicator.data_source or "Not given"),
            ("Owner", indicator.owner or "Not given"),
            ("Priorities it evidences", links((str(p), p.get_absolute_url()) for p in indicator.priorities.all())),
            ("Programmes it evidences", links((str(p), p.get_absolute_url()) for p in indicator.programmes.all())),
            ("Quoted from", f"{indicator.source}: {indicator.source_quote}" if indicator.source else None),
        ]
    )
