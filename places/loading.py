from __future__ import annotations

import datetime as dt
from collections import Counter

from blmk_portal.loading import create_missing, read_fixture
from blmk_portal.models import SourceDocument
from places.models import Organisation, Place


def load_places(tally: Counter) -> None:
    data = read_fixture("places.json")
    sources = {
        item["key"]: create_missing(
            SourceDocument,
            tally,
            lookup={"key": item["key"]},
            values={"title": item["title"], "file": item["file"], "published": item["published"]},
        )[0]
        for item in data["source_documents"]
    }
    places = {
        item["slug"]: create_missing(
            Place,
            tally,
            lookup={"slug": item["slug"]},
            values={
                "name": item["name"],
                "population": item["population"],
                "population_year": item["population_year"],
                "population_source": item["population_source"],
                "profile": item["profile"],
                "source": sources[item["source"]],
            },
        )[0]
        for item in data["places"]
    }
    created: dict[str, Organisation] = {}
    organisations: dict[str, Organisation] = {}
    for item in data["organisations"]:
        organisation, is_new = create_missing(
            Organisation,
            tally,
            lookup={"slug": item["slug"]},
            values={
                "name": item["name"],
                "short_name": item["short_name"],
                "kind": item["kind"],
                "website": item["website"],
                "active_from": _date(item["active_from"]),
                "active_to": _date(item["active_to"]),
                "source": sources[item["source"]],
                "source_quote": item["source_quote"],
            },
        )
        organisations[item["slug"]] = organisation
        if is_new:
            organisation.places.set([places[slug] for slug in item["places"]])
            created[item["slug"]] = organisation
    # Successors after every organisation exists: a successor may come later in the file.
    for item in data["organisations"]:
        if item["slug"] in created and item["succeeded_by"]:
            organisation = created[item["slug"]]
            organisation.succeeded_by = organisations[item["succeeded_by"]]
            organisation.save(update_fields=["succeeded_by"])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
