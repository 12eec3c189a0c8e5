"""Loading reference data from fixtures/: idempotent, so a second run changes nothing and records nothing."""

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


def upsert(model: type[models.Model], tally: Counter, *, lookup: dict[str, Any], values: dict[str, Any]):
    """Create the row, or update only the fields that differ; an unchanged row is not written at all."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        tally[f"{model._meta.verbose_name_plural} created"] += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
        tally[f"{model._meta.verbose_name_plural} updated"] += 1
    return instance
