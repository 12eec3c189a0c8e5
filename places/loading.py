from __future__ import annotations

import datetime as dt
from collections import Counter

from blmk_portal.loading import read_fixture, upsert
from blmk_portal.models import SourceDocument
from places.models import Organisation, Place
from places.services import set_organisation_places


def load_places(tally: Counter) -> None:
    data = read_fixture("places.json")
    sources = {
        item["key"]: upsert(
            SourceDocument,
            tally,
            lookup={"key": item["key"]},
            values={"title": item["title"], "file": item["file"], "published": item["published"]},
        )
        for item in data["source_documents"]
    }
    places = {
        item["slug"]: upsert(
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
        )
        for item in data["places"]
    }
    organisations = {}
    for item in data["organisations"]:
        organisation = upsert(
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
        set_organisation_places(organisation, [places[slug] for slug in item["places"]])
        organisations[item["slug"]] = organisation
    # Successors last: they may come later in the file than the organisations they replaced.
    for item in data["organisations"]:
        successor = organisations[item["succeeded_by"]] if item["succeeded_by"] else None
        upsert(Organisation, tally, lookup={"slug": item["slug"]}, values={"succeeded_by": successor})


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
