"""The import of 10,000 rows of returns, timed in-process as staff's upload runs it: checked whole, kept for its
preview, the preview worked out, committed; then a second file changing a tenth of the values, and both rolled
back. Target: 10,000 rows checked and committed in at most 5 s. Run with the benchmark's environment
(benchmarks/run.py does this):
    python -m benchmarks.returns --output returns.json
It leaves the bench database as it found it: its indicators, imports and figures are removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from pathlib import Path

ROWS = 10_000
INDICATORS = 100
AREAS = 5  # the system and four places
TARGET_S = 5.0
PREFIX = "BENCHIMPORT"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blmk_portal.settings")
    import django

    django.setup()
    from benchmarks.dataset import refuse_unless_bench_database

    refuse_unless_bench_database()
    result = measure()
    args.output.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(summary(result))


def measure() -> dict:
    from dashboards import imports
    from dashboards.models import Area, Indicator

    areas_before = set(Area.objects.values_list("pk", flat=True))
    area_codes = _setting()
    months = ROWS // (INDICATORS * AREAS)
    first = _file(area_codes, months, changed_every=None)
    second = _file(area_codes, months, changed_every=10)
    try:
        new = _timed_import(first, "first.csv")
        changed = _timed_import(second, "second.csv")
        started = time.perf_counter()
        imports.roll_back(batch=changed.pop("batch"), by=None)
        imports.roll_back(batch=new.pop("batch"), by=None)
        rollback_s = time.perf_counter() - started
    finally:
        _clean_up(areas_before)
    total = new["check_s"] + new["commit_s"]
    return {
        "rows": ROWS,
        "indicators": INDICATORS,
        "areas": AREAS,
        "months": months,
        "points_per_row": 3,
        "new": new,
        "changed": changed,
        "rollback_both_s": rollback_s,
        "target_s": TARGET_S,
        "met": total <= TARGET_S and changed["check_s"] + changed["commit_s"] <= TARGET_S,
        "indicator_count_after": Indicator.objects.filter(code__startswith=PREFIX).count(),
    }


def _setting() -> list[str]:
    from blmk_portal.publication import Status
    from dashboards.models import Indicator
    from places.models import Place

    Indicator.objects.bulk_create(
        Indicator(
            code=f"{PREFIX}{number:03d}",
            name=f"Benchmark indicator {number}",
            unit=Indicator.Unit.PERCENT,
            direction=Indicator.Direction.HIGHER,
            status=Status.PUBLISHED,
        )
        for number in range(1, INDICATORS + 1)
    )
    places = list(Place.objects.order_by("slug").values_list("slug", flat=True)[: AREAS - 1])
    return ["BLMK", *places]


def _file(area_codes: list[str], months: int, changed_every: int | None) -> bytes:
    lines = ["indicator,area,period,value,plan,target,note"]
    row = 0
    for number in range(1, INDICATORS + 1):
        for area in area_codes:
            for month in range(months):
                period = dt.date(2019 + month // 12, month % 12 + 1, 1)
                value = 80 + (row * 7 % 200) / 10
                if changed_every and row % changed_every == 0:
                    value += 0.5
                lines.append(f"{PREFIX}{number:03d},{area},{period:%Y-%m},{value:.1f},92,95,")
                row += 1
    return ("\n".join(lines) + "\n").encode()


def _timed_import(data: bytes, name: str) -> dict:
    from dashboards import imports

    started, cpu_started = time.perf_counter(), time.process_time()
    checked = imports.check_file(name, data)
    if not checked.ok:
        raise SystemExit(f"the benchmark's own file has bad rows: {checked.errors[:3]}")
    batch = imports.start(file_name=name, checked=checked, by=None)
    shown = imports.preview(batch)
    checked_at = time.perf_counter()
    batch = imports.commit(batch=batch, seen=shown.fingerprint, by=None)
    done = time.perf_counter()
    return {
        "check_s": checked_at - started,
        "commit_s": done - checked_at,
        # This process's CPU time (not the database's): far below the wall time means it waited for the CPU.
        "python_cpu_s": time.process_time() - cpu_started,
        "added": batch.added,
        "changed": batch.changed,
        "unchanged": batch.unchanged,
        "batch": batch,
    }


def _clean_up(areas_before: set[int]) -> None:
    from dashboards.models import Area, Import, ImportChange, Indicator, Point

    ours = Import.objects.filter(file_name__in=["first.csv", "second.csv"], row_count=ROWS)
    Point.objects.filter(indicator__code__startswith=PREFIX).delete()
    # Changes first: a later import's changes name the earlier import as what they replaced.
    ImportChange.objects.filter(batch__in=ours).delete()
    ours.delete()
    Indicator.objects.filter(code__startswith=PREFIX).delete()
    Area.objects.exclude(pk__in=areas_before).delete()  # the areas the imports made for the places


def summary(result: dict) -> str:
    new, changed = result["new"], result["changed"]
    total = new["check_s"] + new["commit_s"]
    verdict = "met" if result["met"] else "NOT met"
    return (
        f"Import of {result['rows']:,} rows ({result['rows'] * result['points_per_row']:,} figures): checked and "
        f"previewed in {new['check_s']:.2f} s, committed in {new['commit_s']:.2f} s ({total:.2f} s in all, target "
        f"{result['target_s']:.0f} s: {verdict}; {new['python_cpu_s']:.2f} s of it Django's CPU time); the same "
        f"file with a tenth of the values changed: {changed['check_s'] + changed['commit_s']:.2f} s "
        f"({changed['changed']:,} changed); both rolled back in {result['rollback_both_s']:.2f} s"
    )


if __name__ == "__main__":
    main()
