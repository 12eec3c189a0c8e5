"""The meeting pack PDF: how long the ~100-page pack takes to build cold, to build again after one paper
changed, and to serve once built, against the targets the pack code was written to (governance/pack_pdf.py).

Measured in-process, with the code under test as it is: timers wrapped around its functions say where the
time goes (WeasyPrint, counting pages, merging, stamping page numbers, templates), and change nothing it does.
A build is what the task worker runs (governance/tasks.py): `pack_for`, `pack_key` and `build_pack_pdf`, called
here in the foreground, so the time a build waits in the queue is not in the figures. The stored pack is served
by its view as a reader gets it: the edition kept for the content generation (blmk_portal/generation.py).

Run with the benchmark's environment (benchmarks/run.py does this). It deletes the stored packs and the
meeting's pack editions first, so it refuses any database or MEDIA_ROOT but the benchmark's own:
    python -m benchmarks.packs --board <slug> --meeting <yyyy-mm-dd> --output packs.json
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

BUILDS = 3  # cold builds, and builds after one paper changed: the median is reported
# Requests for the stored pack through the view, for the static copy and for /healthz: each about a millisecond.
SERVED = 50
STATIC_REQUESTS = 50
HOST = "127.0.0.1"  # as benchmarks/inprocess.py: a host ALLOWED_HOSTS has
CHANGED_PAPER = 5  # the paper whose body is changed, by its place in the pack (a middle one)
STATIC_COPY = "bench-pack-copy.pdf"  # the pack's bytes as a static file, served by whitenoise from a folder of its own
# The edition the view serves is built here as its queued task would be, at once (the test settings' backend),
# rather than by a task worker this benchmark does not run.
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The targets from the issue that asked for the pack ("Packs are built once and cached by their content").
COLD_TARGET_S = 3.0  # for 100 pages, on two cores; scaled to the pack's page count
COLD_TARGET_PAGES = 100
CHANGED_TARGET_S = 1.0
# "At static-file speed", read as: served through the view in at most this many times what whitenoise takes
# for a file of the same size in the same process. The view cannot skip the middleware and the content generation's
# query that whitenoise answers before: this leaves room for them.
STATIC_SPEED_MARGIN = 5.0


@dataclass
class Timers:
    """Seconds spent in each wrapped function, and how many times it ran."""

    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    def wrap(self, name: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
                self.calls[name] = self.calls.get(name, 0) + 1

        return timed


@contextlib.contextmanager
def timed_pack_code(timers: Timers) -> Iterator[None]:
    """Wrap the pack code's steps in timers for the duration; its behaviour is untouched."""
    from governance import pack_pdf

    reader = functools.cached_property(timers.wrap("page_count", pack_pdf.Part.__dict__["reader"].func))
    reader.__set_name__(pack_pdf.Part, "reader")
    with contextlib.ExitStack() as stack:
        for name, attribute in [
            ("weasyprint", "_render_all"),  # renders in worker processes: their wall time, as the build waits
            ("merged", "_merged"),
            ("stamp", "_number_pages"),
            ("templates", "render_to_string"),
        ]:
            stack.enter_context(mock.patch.object(pack_pdf, attribute, timers.wrap(name, getattr(pack_pdf, attribute))))
        stack.enter_context(mock.patch.object(pack_pdf.Part, "reader", reader))
        yield


def _build_pdf(pack) -> str:
    """Build the pack's PDF as the task worker does, reusing what is stored; its name in the default storage."""
    from governance.pack_pdf import build_pack_pdf, pack_key

    name, _ = build_pack_pdf(pack, pack_key(pack), lambda done, total: None)
    return name


def _find_stored(pack, reader) -> str:
    """The pack's stored edition, built first if there is none; the stored file's name."""
    from governance import services

    edition = services.pack_edition_for(pack=pack, reader=reader)
    if not edition.file:
        raise SystemExit(f"the pack's edition is {edition.state}, not built: {edition}")
    return edition.file


@dataclass
class Build:
    """One build (or look-up) of the pack: wall and CPU time, and where the wall time went."""

    seconds: float
    cpu_seconds: float
    steps: dict[str, float]
    renders: int  # WeasyPrint renders: papers, and the front matter (again when its page guess was wrong)
    name: str


def timed(meeting, user, step: Callable) -> Build:
    """`pack_for` then `step(pack, user)`, with the time each part of the pack code took."""
    from governance.packs import pack_for

    timers = Timers()
    parts_before = _stored_parts()
    with timed_pack_code(timers):
        started, cpu_started = time.perf_counter(), time.process_time()
        pack = timers.wrap("pack_for", pack_for)(meeting, user)
        name = step(pack, user)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    spent = timers.seconds
    steps = {
        "weasyprint": spent.get("weasyprint", 0.0),
        "page_count": spent.get("page_count", 0.0),
        "merge": spent.get("merged", 0.0) - spent.get("stamp", 0.0),
        "stamp": spent.get("stamp", 0.0),
        "templates": spent.get("templates", 0.0),
        "pack_for": spent.get("pack_for", 0.0),
    }
    steps["other"] = max(0.0, seconds - sum(steps.values()))
    # Each render stores one part (papers, and the front matter again when its page guess was wrong).
    return Build(seconds, cpu_seconds, steps, _stored_parts() - parts_before, name)


def _stored_parts() -> int:
    from django.core.files.storage import default_storage

    from governance.pack_pdf import PARTS

    return len(default_storage.listdir(PARTS)[1]) if default_storage.exists(PARTS) else 0


def build(meeting, user) -> Build:
    return timed(meeting, user, lambda pack, _: _build_pdf(pack))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--board", required=True, help="the meeting's board, by slug")
    parser.add_argument("--meeting", required=True, help="the meeting's date, yyyy-mm-dd")
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--builds", type=int, default=BUILDS, help=f"builds of each kind (default {BUILDS})")
    parser.add_argument("--served", type=int, default=SERVED, help=f"requests for the stored pack (default {SERVED})")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blmk_portal.settings")
    import django

    django.setup()
    from benchmarks.dataset import refuse_unless_bench_database, refuse_unless_bench_media

    refuse_unless_bench_database()
    refuse_unless_bench_media()
    result = measure(board=args.board, day=args.meeting, builds=args.builds, served=args.served)
    args.output.write_text(json.dumps(result, indent=2), encoding="utf-8")


def measure(*, board: str, day: str, builds: int, served: int) -> dict:
    import pikepdf
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.test import Client, override_settings

    from blmk_portal.pdf import render_pdf
    from governance.models import Meeting

    meeting = Meeting.objects.select_related("board").get(board__slug=board, date=day)
    public = AnonymousUser()  # the pack the public address serves: every paper of the meeting is public
    pack_url = f"/boards/{board}/{day}/pack.pdf"
    client = Client(HTTP_HOST=HOST)
    # Warm the process as a server's worker is: WeasyPrint's fonts and styles, the templates, the Markdown.
    render_pdf("<html lang='en'><body><p>Warm-up</p></body></html>")
    client.get(f"/boards/{board}/{day}/pack/")

    # (a) Cold: nothing stored, not the pack nor any paper's pages.
    cold = []
    for _ in range(builds):
        _delete_stored_packs(meeting)
        cold.append(build(meeting, public))
    with default_storage.open(cold[-1].name, "rb") as stored:
        content = stored.read()
    pages = len(pikepdf.open(io.BytesIO(content)).pages)

    # (b) One paper's body changed by staff, then the pack built again; the body is put back afterwards.
    paper = _changed_paper(meeting, public)
    original = paper.body
    changed = []
    try:
        for run in range(1, builds + 1):
            _update_body(paper, f"{original}\n\nRevised after the meeting's papers were published (revision {run}).")
            changed.append(build(meeting, public))
    finally:
        _update_body(paper, original)

    # (c) The stored pack served through its view, against the same bytes served as a static file, and /healthz.
    with override_settings(TASKS=IMMEDIATE_TASKS):
        _find_stored(_pack(meeting, public), public)  # built and stored (its parts are, from the cold builds)
        pack_ms = _median_ms(client, pack_url, served, warmup=5)
        queries: list[str] = []
        with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
            _median_ms(client, pack_url, 1, warmup=0)
    static_ms = _static_file_ms(content)
    healthz_ms = _median_ms(client, "/healthz", STATIC_REQUESTS, warmup=5)

    cold_s = statistics.median(b.seconds for b in cold)
    changed_s = statistics.median(b.seconds for b in changed)
    cold_target = COLD_TARGET_S * pages / COLD_TARGET_PAGES
    return {
        "path": pack_url,
        "how": (
            "`pack_for`, `pack_key` and `build_pack_pdf`, as the task worker builds it (called in the foreground: "
            "the wait in the queue is not included)"
        ),
        "pages": pages,
        "bytes": len(content),
        "papers": meeting.papers.count(),
        "builds": builds,
        "served": served,
        "cpus": len(os.sched_getaffinity(0)),
        "changed_paper": str(paper),
        "cold": _summary(cold),
        "changed": _summary(changed),
        "served_ms": pack_ms,
        "served_queries": len(queries),
        "static_ms": static_ms,
        "healthz_ms": healthz_ms,
        "targets": {
            "cold": {"target_s": cold_target, "met": cold_s <= cold_target},
            "changed": {"target_s": CHANGED_TARGET_S, "met": changed_s <= CHANGED_TARGET_S},
            "cached": {"margin": STATIC_SPEED_MARGIN, "met": pack_ms <= STATIC_SPEED_MARGIN * static_ms},
        },
    }


def _pack(meeting, user):
    from governance.packs import pack_for

    return pack_for(meeting, user)


def _summary(builds: list[Build]) -> dict:
    """The median build's figures (by wall time), with the spread of all of them."""
    middle = sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]
    return {
        "seconds": statistics.median(b.seconds for b in builds),
        "min_seconds": min(b.seconds for b in builds),
        "max_seconds": max(b.seconds for b in builds),
        "cpu_seconds": middle.cpu_seconds,
        "steps": middle.steps,
        "renders": middle.renders,
    }


def _delete_stored_packs(meeting) -> None:
    """Every stored pack and paper part, so the next build renders everything, and the meeting's pack editions
    (they name the files). The benchmark's own MEDIA_ROOT and database only."""
    from django.core.files.storage import default_storage

    from benchmarks.dataset import refuse_unless_bench_database, refuse_unless_bench_media
    from governance.models import PackEdition
    from governance.pack_pdf import PACKS, PARTS

    refuse_unless_bench_database()
    refuse_unless_bench_media()
    PackEdition.objects.filter(meeting=meeting).delete()
    for folder in (PARTS, PACKS):
        with contextlib.suppress(FileNotFoundError):
            for name in default_storage.listdir(folder)[1]:
                default_storage.delete(f"{folder}/{name}")


def _changed_paper(meeting, user):
    papers = _pack(meeting, user).papers
    return papers[min(CHANGED_PAPER, len(papers)) - 1].paper


def _update_body(paper, body: str) -> None:
    """As staff change a paper: through the service, version-checked, by the programme-office user."""
    from benchmarks.dataset import ensure_bench_user
    from governance import services

    paper.refresh_from_db()
    services.paper_update(paper=paper, opened_at_version=paper.version, values={"body": body}, by=ensure_bench_user())


def _median_ms(client, path: str, requests: int, *, warmup: int) -> float:
    timings = []
    for number in range(warmup + requests):
        started = time.perf_counter()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        response.close()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200 or not body:
            raise SystemExit(f"{path} answered {response.status_code} with {len(body)} bytes in-process")
        if number >= warmup:
            timings.append(elapsed)
    return statistics.median(timings)


def _static_file_ms(content: bytes) -> float:
    """The same bytes as a static file: whitenoise, as it serves /assets/, from a folder of the benchmark's own."""
    from django.conf import settings
    from django.test import Client, override_settings

    folder = Path(settings.BASE_DIR) / "var" / "bench" / "static-copy"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / STATIC_COPY).write_bytes(content)
    # WhiteNoiseMiddleware reads its folders when a client's handler first loads the middleware: a new client.
    with override_settings(WHITENOISE_ROOT=folder):
        client = Client(HTTP_HOST=HOST)
        return _median_ms(client, f"/{STATIC_COPY}", STATIC_REQUESTS, warmup=5)


if __name__ == "__main__":
    main()
