"""`make bench`: build the scaled dataset, serve it with gunicorn, load each page, report (docs/benchmarks.md).

The steps that need Django run as child processes with the benchmark's environment (its own database,
DEBUG off, plain HTTP); this process only orchestrates them and generates the load, so it never holds a
database connection that gunicorn's workers would compete with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from benchmarks import dashboard, report, returns, search
from benchmarks.dataset import BENCH_MEDIA
from benchmarks.inprocess import TIMED_REQUESTS
from benchmarks.load import SOCKET_TIMEOUT, combined, drive, fetch
from benchmarks.machine import describe, wait_until_quiet
from benchmarks.server import WORKERS, WorkerMemory, free_port, gunicorn


@dataclass(frozen=True)
class Page:
    """A page to load. `{name}` placeholders in the path are filled from benchmarks.dataset.sample_slugs()."""

    path: str
    signed_in: bool = False  # sent with the programme-office user's session cookie
    expected_status: int = 200
    # For a page too slow for the defaults: at most this many measured requests (warm-up and in-process timing
    # shrink with it), and this many seconds allowed for one request. The notes say which pages have them.
    requests: int | None = None
    timeout: float = SOCKET_TIMEOUT

    def measured_requests(self, default: int) -> int:
        return min(self.requests, default) if self.requests else default


BASELINE = "/healthz"

# The pages measured, in order; add one line per new page (PDF packs, imports, dashboards...).
PAGES: list[Page] = [
    Page(BASELINE),  # no template and no database: every ratio is against this one
    Page("/"),
    Page("/places/"),
    Page("/places/{place}/"),
    Page("/organisations/{organisation}/"),
    Page("/manage/places/", signed_in=True),
    Page("/priorities/"),
    Page("/priorities/{plan}/{priority}/"),
    Page("/manage/priorities/", signed_in=True),
    # The first page (25 cards) of the milestones still without an update, of about 760 at this volume.
    Page("/manage/priorities/reporting-round/", signed_in=True),
    Page("/manage/priorities/risks/", signed_in=True),
    Page("/manage/priorities/{programme_plan}/{programme_priority}/{programme}/", signed_in=True),
    Page(
        "/manage/priorities/{programme_plan}/{programme_priority}/{programme}/highlight.pdf",
        signed_in=True,
        requests=100,
    ),
    # The board meeting whose PDF pack is about 100 pages (benchmarks/packs.py times the PDF itself).
    Page("/boards/{board}/{meeting}/"),
    Page("/boards/{board}/{meeting}/pack/", requests=200),
]

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "var" / "bench"  # scratch files and the gunicorn log; var/ is not committed
DOCS_PATH = BASE_DIR / "docs" / "benchmarks.md"
EMBEDDED_BENCH_DATABASE = "blmk_portal_bench"
BENCH_MEDIA_ROOT = BASE_DIR / "var" / BENCH_MEDIA
PACK_BUILDS = 3  # each kind of pack build, cold and after one paper changed: the median is reported
STEP_TIMEOUT = 600  # seconds for migrate, generation or in-process measuring; each takes seconds normally
WRITE_RUN_REQUESTS = 100  # per page, while benchmarks/writes.py makes one content write a second
ROUNDS = 5  # each page is measured in this many rounds, each after /healthz (the ratio is the rounds' median)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="measured requests per page (default 400)")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per page first (default 20)")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--port", type=int, default=8765, help="port to serve on, if free (default 8765)")
    parser.add_argument("--time-limit", type=float, default=180, help="seconds allowed per page (default 180)")
    parser.add_argument("--no-write", action="store_true", help="print the results but leave docs/ alone")
    parser.add_argument(
        "--pack-builds",
        type=int,
        default=PACK_BUILDS,
        help=f"builds of the meeting pack PDF, cold and after one paper changed (default {PACK_BUILDS})",
    )
    args = parser.parse_args(argv)

    if PAGES[0].path != BASELINE:
        raise SystemExit(f"PAGES must start with {BASELINE}: every ratio is against it")
    started = time.monotonic()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    env = bench_environment()

    _step("Migrating the bench database", [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    dataset_file = WORK_DIR / "dataset.json"
    _step("Building the dataset", [sys.executable, "-m", "benchmarks.dataset", "--output", str(dataset_file)], env)
    dataset = json.loads(dataset_file.read_text(encoding="utf-8"))
    print(f"  {dataset['summary']}")
    paths = [page.path.format(**dataset["samples"]) for page in PAGES]
    totals = [page.measured_requests(args.requests) for page in PAGES]
    # Enough warm-up for every worker to have served the page, but no more than half the measured load.
    warmups = [min(args.warmup, max(1, total // 2)) for total in totals]
    timed = [min(TIMED_REQUESTS, total) for total in totals]  # in-process

    pages_file, inprocess_file = WORK_DIR / "pages.json", WORK_DIR / "inprocess.json"
    pages_file.write_text(
        json.dumps(
            [
                {"path": path, "signed_in": page.signed_in, "timed_requests": count}
                for page, path, count in zip(PAGES, paths, timed, strict=True)
            ]
        ),
        encoding="utf-8",
    )
    _step(
        "Counting queries in-process",
        [sys.executable, "-m", "benchmarks.inprocess", "--pages", str(pages_file), "--output", str(inprocess_file)],
        env,
    )
    inprocess = json.loads(inprocess_file.read_text(encoding="utf-8"))
    for page, path, measured in zip(PAGES, paths, inprocess["pages"], strict=True):
        if measured["status"] != page.expected_status:
            raise SystemExit(f"{path} answered {measured['status']} in-process, expected {page.expected_status}")

    # The pack builds are CPU-bound in this one process: on a quiet machine, before the load starts.
    print("Waiting for the CPUs to be quiet (up to 60 s)")
    busy_before_pack = wait_until_quiet()
    packs_file = WORK_DIR / "packs.json"
    _step(
        "Building the meeting pack PDF: cold, after one paper changed, and stored",
        [
            sys.executable,
            "-m",
            "benchmarks.packs",
            "--board",
            dataset["samples"]["board"],
            "--meeting",
            dataset["samples"]["meeting"],
            "--builds",
            str(args.pack_builds),
            "--output",
            str(packs_file),
        ],
        env,
    )
    pack = json.loads(packs_file.read_text(encoding="utf-8"))
    print(f"  {report.pack_summary(pack)}")
    returns_file = WORK_DIR / "returns.json"
    _step(
        "Importing 10,000 rows of returns: checked, previewed, committed, rolled back",
        [sys.executable, "-m", "benchmarks.returns", "--output", str(returns_file)],
        env,
    )
    returns_import = returns.summary(json.loads(returns_file.read_text(encoding="utf-8")))
    dashboard_file = WORK_DIR / "dashboard.json"
    _step(
        "The public dashboard at 100 indicators x 60 months x 5 areas, in-process, no cache",
        [sys.executable, "-m", "benchmarks.dashboard", "--output", str(dashboard_file)],
        env,
    )
    dashboard_page = dashboard.summary(json.loads(dashboard_file.read_text(encoding="utf-8")))
    print(f"  {dashboard_page}")
    search_file = WORK_DIR / "search.json"
    _step(
        "Search at ten times BLMK's governance records, in-process, no cache",
        [sys.executable, "-m", "benchmarks.search", "--output", str(search_file)],
        env,
    )
    search_page = search.summary(json.loads(search_file.read_text(encoding="utf-8")))
    print(f"  {search_page}")

    machine = describe(postgres_version=inprocess["postgres_version"], django_version=inprocess["django_version"])
    print("Waiting for the CPUs to be quiet (up to 60 s)")
    busy_before = wait_until_quiet()
    port = free_port(args.port)
    print(f"Serving with gunicorn ({WORKERS} workers) on 127.0.0.1:{port}")
    results = []
    with gunicorn(port=port, env=env, log_path=WORK_DIR / "gunicorn.log") as server:
        load = functools.partial(drive, "127.0.0.1", port, concurrency=args.concurrency, time_limit=args.time_limit)
        baseline_load = functools.partial(load, BASELINE, headers=_headers(None))
        for page, path, total, warmup in zip(PAGES, paths, totals, warmups, strict=True):
            headers = _headers(inprocess["signed_in_cookies"] if page.signed_in else None)
            status, _, _ = fetch("127.0.0.1", port, path, headers, socket_timeout=page.timeout)
            if status != page.expected_status:
                raise SystemExit(f"{path} answered {status} from gunicorn, expected {page.expected_status}")
            page_load = functools.partial(
                load, path, headers=headers, expected_status=page.expected_status, socket_timeout=page.timeout
            )
            # The baseline's warm-up is a whole unmeasured round: the first requests of freshly started workers are
            # slower.
            page_load(total=total if page.path == BASELINE else warmup)
            # In rounds, each after /healthz: the page's ratio is the median of the rounds' ratios, so a moment when
            # other work on the machine slows everything moves one round's pair, not the page's figure.
            per_round = max(1, total // ROUNDS)
            with WorkerMemory(server.pid) as memory:
                rounds = [(baseline_load(total=per_round), page_load(total=per_round)) for _ in range(ROUNDS)]
            result = combined([page_round for _, page_round in rounds])
            ratio = statistics.median(
                page_round.requests_per_second / baseline_round.requests_per_second
                for baseline_round, page_round in rounds
            )
            results.append((result, memory.peak(), ratio))
            print(
                f"  {path}: {result.requests_per_second:,.0f} req/s ({ratio:.3f} of {BASELINE}), p50 "
                f"{result.percentile(0.5):.1f} ms, {result.errors} errors{' (timed out)' if result.timed_out else ''}"
            )
        # The baseline once more at the end: how far it moved shows how much the machine's speed drifted
        # during the run (other work on it, CPU boost), which bounds how far the ratios can be trusted.
        baseline_again = baseline_load(total=args.requests).requests_per_second
        print(f"  {BASELINE} again: {baseline_again:,.0f} req/s")
        write_rows, writes = _under_writes(load, env, inprocess["signed_in_cookies"], paths, totals)

    rows = [
        report.PageRow(
            path=path,
            signed_in=page.signed_in,
            requests=result.requests,
            requests_per_second=result.requests_per_second,
            p50_ms=result.percentile(0.5),
            p95_ms=result.percentile(0.95),
            queries=measured["queries"],
            inprocess_ms=measured["inprocess_ms"],
            response_bytes=result.response_bytes,
            worker_rss_bytes=peak_rss,
            ratio_to_baseline=ratio,
            errors=result.errors,
            timed_out=result.timed_out,
            client_cpu_share=result.client_cpu_share,
            cache_hits=result.cache_hits,
            cache_misses=result.cache_misses,
        )
        for page, path, measured, (result, peak_rss, ratio) in zip(
            PAGES, paths, inprocess["pages"], results, strict=True
        )
    ]
    targets = report.target_checks(rows, write_rows)
    print("Targets (issue 13):")
    for check in targets:
        print(f"  {check}")
    # Pages measured differently from the rest, because each request is slow: the notes name them.
    slow = [
        f"`{path}` is slow, so it was measured with {total} requests after {warmup} warm-up and timed {count} "
        "times in-process"
        + (f", each request allowed {page.timeout:.0f} s" if page.timeout != SOCKET_TIMEOUT else "")
        + ". Its p95 rests on fewer samples than the other pages'."
        for page, path, total, warmup, count in zip(PAGES, paths, totals, warmups, timed, strict=True)
        if total < args.requests or page.timeout != SOCKET_TIMEOUT
    ]
    run_settings = {
        "dataset": dataset["summary"].split(": ", 1)[-1] + f" (database {_database_label(env)})",
        "load": (
            f"{args.requests} requests per page after {args.warmup} warm-up"
            f"{' (fewer for the slow pages the notes name)' if slow else ''}, {args.concurrency} concurrent "
            f"keep-alive connections, loopback"
        ),
        "server": f"gunicorn, {WORKERS} sync workers, DEBUG off, HTTPS=False",
        "CPU busy with other work just before the load": f"{busy_before:.0f}%",
        "CPU busy with other work just before the pack builds": f"{busy_before_pack:.0f}%",
        "duration": f"{time.monotonic() - started:.0f} s in all",
    }
    notes = _notes(rows, totals, baseline_again, slow)
    if busy_before_pack >= 25:
        notes.insert(
            0,
            f"Other work kept the CPUs {busy_before_pack:.0f}% busy just before the pack builds: the pack's "
            "times are longer and noisier than a quiet machine's.",
        )
    if busy_before >= 25:
        # Other work was already using CPU the server needs: say so beside the figures, not only in a log.
        notes.insert(
            0,
            f"Other work kept the CPUs {busy_before:.0f}% busy just before the load started: it competed with "
            "gunicorn, so these figures are lower and noisier than a quiet machine's.",
        )
    notes.append(f"{returns_import} (`benchmarks/returns.py`, in-process, as the staff upload runs it).")
    notes.append(f"{dashboard_page} (`benchmarks/dashboard.py`, through the test client, its data removed after).")
    notes.append(f"{search_page} (`benchmarks/search.py`, through the test client, its data removed after).")
    notes.append(
        "Meeting pack PDF: the stored pack's time is the view's, through the test client, beside the same bytes "
        "served by whitenoise from a folder of their own and `/healthz`, timed alike. CPU time well below a "
        "build's wall time means other work took the CPU from it."
    )
    section = report.results_section(
        rows=rows,
        machine=machine,
        settings=run_settings,
        notes=notes,
        when=_now(),
        pack=pack,
        writes=report.writes_section(write_rows, writes),
        targets=targets,
    )
    print()
    print(section)
    if not args.no_write:
        report.write(DOCS_PATH, section)
        print(f"Written to {DOCS_PATH.relative_to(BASE_DIR)}")
    # A page cut short by the time limit is still reported (from the responses it gave); wrong answers are not.
    return 1 if any(row.errors for row in rows) else 0


def _under_writes(load, env: dict[str, str], signed_in_cookies: str, paths: list[str], totals: list[int]):
    """Each page but the baseline and the slow ones again, while benchmarks/writes.py writes once a second."""
    print("With one content write a second alongside the reads")
    writes_file = WORK_DIR / "writes.json"
    writes_file.unlink(missing_ok=True)
    writer = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.writes", "--output", str(writes_file)], cwd=BASE_DIR, env=env
    )
    rows = []
    try:
        _wait_for_first_write(writer, writes_file)
        for page, path, total in zip(PAGES, paths, totals, strict=True):
            if page.path == BASELINE or page.requests:
                continue
            result = load(
                path,
                headers=_headers(signed_in_cookies if page.signed_in else None),
                expected_status=page.expected_status,
                socket_timeout=page.timeout,
                total=min(total, WRITE_RUN_REQUESTS),
            )
            rows.append(
                report.WriteRow(
                    path=path,
                    signed_in=page.signed_in,
                    requests=result.requests,
                    requests_per_second=result.requests_per_second,
                    p50_ms=result.percentile(0.5),
                    p95_ms=result.percentile(0.95),
                    cache_hits=result.cache_hits,
                    cache_misses=result.cache_misses,
                    errors=result.errors,
                )
            )
            answers = f"{result.cache_hits} hits, {result.cache_misses} misses"
            print(f"  {path}: p95 {result.percentile(0.95):.1f} ms, {answers}")
    finally:
        writer.send_signal(signal.SIGTERM)
        writer.wait(timeout=30)
    writes = json.loads(writes_file.read_text(encoding="utf-8"))["writes"] if writes_file.exists() else 0
    return rows, writes


def _headers(cookies: str | None) -> dict[str, str]:
    """What each request sends: as a browser, it accepts gzip; signed in, it sends its session and CSRF cookies."""
    headers = {"Accept-Encoding": "gzip"}
    if cookies:
        headers["Cookie"] = cookies
    return headers


def _wait_for_first_write(writer: subprocess.Popen, writes_file: Path) -> None:
    """The writer starts Django first: no page is loaded before its first write, or it would be loaded alone."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while not writes_file.exists():
        if writer.poll() is not None:
            raise SystemExit(f"benchmarks.writes exited with {writer.returncode} before its first write")
        if time.monotonic() > deadline:
            raise SystemExit("benchmarks.writes made no write in time")
        time.sleep(0.1)


def bench_environment() -> dict[str, str]:
    """The environment every benchmark process gets: the bench database, DEBUG off, plain HTTP on loopback."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "blmk_portal.settings"
    env["DEBUG"] = "False"
    env["HTTPS"] = "False"
    if not env.get("SECRET_KEY"):
        secret_file = BASE_DIR / "var" / "secret_key"
        if not secret_file.exists():
            raise SystemExit("SECRET_KEY is not set and var/secret_key is missing: run `make bench`")
        env["SECRET_KEY"] = secret_file.read_text().strip()
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = bench_database_url(env["DATABASE_URL"])
    else:
        # settings.py creates this database on the embedded server when it is missing.
        env["EMBEDDED_DATABASE_NAME"] = EMBEDDED_BENCH_DATABASE
    # The meeting's attached PDFs and the stored packs go here, never to the demo data's var/media: the
    # benchmark deletes stored packs before it builds one, and a regenerated dataset's files.
    env["MEDIA_ROOT"] = str(BENCH_MEDIA_ROOT)
    return env


def bench_database_url(url: str) -> str:
    """The same server as DATABASE_URL, database `<name>_bench`, created if missing."""
    parts = urllib.parse.urlsplit(url)
    name = urllib.parse.unquote(parts.path.lstrip("/"))
    if not name:
        raise SystemExit("DATABASE_URL names no database")
    bench_name = name if name.endswith("_bench") else f"{name}_bench"
    _create_database_if_missing(url, bench_name)
    return urllib.parse.urlunsplit(parts._replace(path="/" + urllib.parse.quote(bench_name)))


def _create_database_if_missing(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    # libpq reads postgres:// and postgresql:// URLs itself (a %2F-encoded host is a socket folder), but not the
    # other schemes dj-database-url accepts.
    conninfo = "postgresql" + url[url.index("://") :]
    with psycopg.connect(conninfo, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _database_label(env: dict[str, str]) -> str:
    if env.get("DATABASE_URL"):
        return urllib.parse.unquote(urllib.parse.urlsplit(env["DATABASE_URL"]).path.lstrip("/"))
    return f"{env['EMBEDDED_DATABASE_NAME']}, embedded"


def _step(title: str, command: list[str], env: dict[str, str]) -> None:
    print(title)
    step_started = time.monotonic()
    completed = subprocess.run(command, cwd=BASE_DIR, env=env, timeout=STEP_TIMEOUT, check=False)
    if completed.returncode:
        raise SystemExit(f"{title} failed (exit {completed.returncode}): {' '.join(command)}")
    print(f"  done in {time.monotonic() - step_started:.1f} s")


def _notes(rows: list[report.PageRow], totals: list[int], baseline_again: float, slow: list[str]) -> list[str]:
    baseline = rows[0].requests_per_second
    drift = abs(baseline_again - baseline) / baseline if baseline else 0.0
    notes = [
        f"`{BASELINE}` measured again after the last page: {baseline_again:,.0f} req/s, {drift:.0%} from the "
        f"first measurement. Each page's ratio is the median of {ROUNDS} rounds, each against `{BASELINE}` "
        "measured just before it, so a drift that slow moves both sides of a ratio alike."
    ]
    notes += slow
    for row, requested in zip(rows, totals, strict=True):
        if row.errors or row.timed_out:
            notes.append(
                f"`{row.path}`: {row.errors} errors, "
                f"{'stopped at the time limit' if row.timed_out else 'all requests sent'}; "
                f"figures are from the {row.requests} good responses of {requested}."
            )
    busiest = max(rows, key=lambda row: row.client_cpu_share)
    notes.append(
        f"The load generator used up to {busiest.client_cpu_share:.0%} of one CPU (on `{busiest.path}`); "
        "on a machine with few cores that is CPU the server did not get."
    )
    return notes


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


if __name__ == "__main__":
    sys.exit(main())
