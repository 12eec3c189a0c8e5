from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils.text import slugify

from blmk_portal.loading import create_missing, read_fixture
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Status
from places.models import Place
from priorities.models import Milestone, Plan, Priority, Programme


def load_priorities(tally: Counter) -> None:
    places = {place.slug: place for place in Place.objects.all()}
    sources = {source.file: source for source in SourceDocument.objects.all()}
    for plan_order, item in enumerate(read_fixture("priorities.json")["plans"], start=1):
        source = (
            sources.get(item["source_file"])
            or create_missing(
                SourceDocument,
                tally,
                lookup={"key": slugify(item["source_file"].removesuffix(".txt"))},
                values={"title": item["source_title"], "file": item["source_file"], "published": item["published"]},
            )[0]
        )
        # The seeds are published documents, so their plans are published.
        plan, _ = create_missing(
            Plan,
            tally,
            lookup={"slug": item["slug"]},
            values={
                "title": item["title"],
                "period": item["period"],
                "version_label": item["version_label"],
                # The seeds say when a plan's period has ended (state_note gives the reason for each).
                "state": item["state"],
                "summary": item["summary"],
                "headline_figures": item["headline_figures"],
                "leads_note": item["leads_note"],
                "published_on": item["published"],
                "source": source,
                "order": plan_order,
                **Plan().publication_values(publish=True),
            },
        )
        for priority_order, priority_item in enumerate(item["priorities"], start=1):
            _load_priority(plan, priority_item, priority_order, places, tally)


def _load_priority(plan: Plan, item: dict, order: int, places: dict[str, Place], tally: Counter) -> None:
    priority, is_new = create_missing(
        Priority,
        tally,
        lookup={"plan": plan, "code": item["code"]},
        values={
            "slug": slugify(item["code"]),
            "title": item["title"],
            "kind": item["kind"],
            "aim": item["aim"],
            "description": item["description"],
            "senior_responsible_officer": item["senior_responsible_officer"],
            "lead": item["lead"],
            "clinical_lead": item["clinical_lead"],
            "lived_experience_lead": item["lived_experience_lead"],
            "order": order,
            "source_quote": item["source_quote"],
            "status": Status.PUBLISHED,
        },
    )
    if is_new:
        priority.places.set([places[slug] for slug in item["places"]])
    for programme_order, programme_item in enumerate(item["programmes"], start=1):
        programme, is_new = create_missing(
            Programme,
            tally,
            lookup={"priority": priority, "slug": slugify(programme_item["title"])[:200]},
            values={
                "title": programme_item["title"],
                "kind": programme_item["kind"],
                "lead": programme_item["lead"],
                "description": programme_item["description"],
                "order": programme_order,
                "source_quote": programme_item["source_quote"],
                "status": Status.PUBLISHED,
            },
        )
        if not is_new:
            continue
        programme.places.set([places[slug] for slug in programme_item["places"]])
        for milestone_order, milestone_item in enumerate(programme_item["milestones"], start=1):
            milestone = Milestone.objects.create(
                programme=programme,
                title=milestone_item["title"],
                owner=milestone_item["owner"],
                quarter=milestone_item["quarter"],
                due_date=dt.date.fromisoformat(milestone_item["due_date"]) if milestone_item["due_date"] else None,
                order=milestone_order,
            )
            milestone.places.set([places[slug] for slug in milestone_item["places"]])
            tally["milestones created"] += 1
