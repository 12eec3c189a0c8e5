"""One content write a second, alongside the benchmark's reads, until stopped (SIGTERM) or `--seconds` pass.

Each write is a statement on a content table that changes no value a page shows (a place's population set to
itself), so the dataset stays as generated; the content generation's trigger fires all the same, so every page
the page cache kept is cold again after each one, as after a real edit."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

import django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600, help="stop after this long at the latest")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between writes (default 1)")
    parser.add_argument("--output", type=Path, required=True, help="where to write how many writes were made")
    args = parser.parse_args(argv)
    django.setup()
    from django.db.models import F  # noqa: PLC0415 (after django.setup())

    from places.models import Place  # noqa: PLC0415

    stopping = False

    def stop(*_) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    place = Place.objects.order_by("pk").values_list("pk", flat=True).first()
    writes = 0
    deadline = time.monotonic() + args.seconds
    while not stopping and time.monotonic() < deadline:
        Place.objects.filter(pk=place).update(population=F("population"))
        writes += 1
        # After every write, so the benchmark can wait for the first before it loads any page.
        args.output.write_text(json.dumps({"writes": writes}), encoding="utf-8")
        time.sleep(args.interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
