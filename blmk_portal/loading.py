"""Loading reference data from fixtures/.

A fixture record is created once, when it is missing. After that the portal's copy is the one source of
truth: staff edit it in the portal and a later load never overwrites their edits. So a second run changes
nothing and records no history.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


def read_fixture(name: str) -> dict[str, Any]:
    return json.loads(Path(FIXTURES_DIR / name).read_text(encoding="utf-8"))


def create_missing(
    model: type[models.Model], tally: Counter, *, lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, bool]:
    """The existing record, untouched, or a new one made from the fixture; and whether it was made now."""
    instance = model.objects.filter(**lookup).first()
    if instance is not None:
        return instance, False
    tally[f"{model._meta.verbose_name_plural} created"] += 1
    return model.objects.create(**lookup, **values), True
