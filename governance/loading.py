from __future__ import annotations

from collections import Counter

from blmk_portal.loading import create_missing, read_fixture
from governance.models import Board


def load_governance(tally: Counter) -> None:
    for item in read_fixture("governance.json")["boards"]:
        create_missing(
            Board,
            tally,
            lookup={"slug": item["slug"]},
            values={"name": item["name"], "description": item["description"]},
        )
