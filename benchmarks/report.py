"""The benchmark's report: a Markdown table printed to the terminal and written to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

# Everything below this line in docs/benchmarks.md is rewritten by each run; the header above it is kept.
RESULTS_MARKER = "<!-- results: everything below this line is rewritten by `make bench` -->"

DEFAULT_HEADER = """# Benchmarks

`make bench` measures how fast the portal's pages are when served as production serves them, on a dataset
ten times BLMK's real size. It takes about six minutes and needs nothing but `make setup`'s environment.

## What it does
1. Builds the dataset in its own database, never the demo data: `blmk_portal_bench` on the embedded
   PostgreSQL, or `<name>_bench` on the server `DATABASE_URL` names. `benchmarks/dataset.py` generates it with a
   fixed seed: ten BLMK-shaped systems, so 40 places and 340 organisations (each serving 1 to 4 places, 50
   retired with successors), and each system's copy of BLMK's three plans: 30 plans, 240 priorities, 330
   programmes and 840 milestones (the shape of `fixtures/priorities.json` ten times). Each milestone has 0 to 4
   status updates over the current reporting period and the two before it (about 1,400 in all), and there are
   200 risks (some confidential, some closed); a few records are drafts and some cover named places. A second
   run finds the same dataset and reuses it; a dataset from an older generator, one without priorities, or one
   made in an earlier quarter is rebuilt.
2. Counts database queries and times each page in-process (Django's test client), once signed in as a
   programme-office user for staff pages. That session's cookie is what the load generator sends.
3. Starts gunicorn as `make run` does (`--workers 2`, sync workers, DEBUG off, plain HTTP) on loopback port
   8765, or another free port if that one is taken, and waits for `/healthz`. Then it waits up to a minute for
   other work to leave the CPUs mostly idle, and reports how busy they were.
4. From the benchmark's own process, 4 threads with keep-alive connections send 20 warm-up requests and then
   400 measured requests to each page, with a time limit per page. Static files are not requested. A page too
   slow for that (the reporting round, the highlight report PDF) says so in `PAGES` with fewer requests, and
   the warm-up, in-process timing and time allowed per request follow; the notes name such pages.
5. Prints the table, rewrites the results below, and stops gunicorn whatever happened. A page that answers
   with the wrong status fails the run; one cut short by its time limit is reported from what it answered.

## Reading the results
- **vs /healthz** is the figure to compare across machines and runs: the page's requests per second divided by
  those of `/healthz` in the same run. `/healthz` is the cheapest response the stack can give (no template, no
  database), so the ratio is what the page itself costs with the machine factored out. Absolute requests per
  second and latencies compare only between runs on the same machine. `/healthz` is measured again after the
  last page; the notes say how far it moved, which is how much of a difference between two runs is noise.
- **p50 / p95** are latencies seen by the load generator at 4 concurrent connections, so they include queueing
  for the 2 workers.
- **queries** are per request, session and user look-ups included. They should not grow with the data: a page
  whose count rises when the dataset grows has an N+1 query.
- **in-process ms** is the median of 20 requests through the test client (fewer for the slow pages the notes
  name): Django's own time, without HTTP, gunicorn or queueing.
- **worker RSS** is the largest resident memory of one gunicorn worker seen while the page was loaded.
- The load generator shares the machine with gunicorn and PostgreSQL. On a machine with few cores it takes CPU
  from them, most of all for `/healthz`; the run notes say how much it used.

## Running and extending it
`make bench`, or for a quick check `HTTPS=False SECRET_KEY=x .venv/bin/python -m benchmarks.run --requests 50
--no-write` (`--help` lists the options). A new page is one line in `PAGES` at the top of
`benchmarks/run.py`, e.g. `Page("/boards/{board}/")`; placeholders are filled from `sample_slugs()` in
`benchmarks/dataset.py`, which picks the costliest record of each kind to show (the priority page shows the
published priority with the most milestones and status updates; the programme pages the programme with the
most). A slow page takes `requests=` (at most that many measured requests) and `timeout=` (seconds allowed
for one request, 10 by default), e.g. `Page("/manage/priorities/reporting-round/", signed_in=True,
requests=10, timeout=60)`. Data a new page needs is generated in `benchmarks/dataset.py`: bump
`GENERATOR_VERSION` and extend `expected_counts()` so an existing bench database is rebuilt.
"""


@dataclass(frozen=True)
class PageRow:
    path: str
    signed_in: bool
    requests: int  # good responses measured
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    queries: int
    inprocess_ms: float
    response_bytes: int
    worker_rss_bytes: int
    ratio_to_baseline: float
    errors: int
    timed_out: bool
    client_cpu_share: float
    cache_hits: int = 0  # answered by the page cache (X-Page-Cache: hit)
    cache_misses: int = 0  # rendered and kept by it (miss); the rest it passed by (signed in, not public)


def table(rows: list[PageRow]) -> str:
    lines = [
        "| Page | Signed in | req/s | p50 ms | p95 ms | Queries | In-process ms | Size KiB | Worker RSS MiB "
        "| vs /healthz | Cache hits / misses |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            f"| `{row.path}` | {'yes' if row.signed_in else 'no'} | {_rate(row.requests_per_second)} "
            f"| {row.p50_ms:.1f} | {row.p95_ms:.1f} | {row.queries} | {row.inprocess_ms:.1f} "
            f"| {row.response_bytes / 1024:.1f} | {row.worker_rss_bytes / 2**20:.0f} "
            f"| {_ratio(row.ratio_to_baseline)} | {_cache_answers(row)} |"
        )
    return "\n".join(lines)


def _cache_answers(row: PageRow) -> str:
    return f"{row.cache_hits} / {row.cache_misses}" if row.cache_hits or row.cache_misses else "not kept"


# The targets (issue 13), as ratios to /healthz in the same run, and the p95 with a write every second.
ANONYMOUS_RATIO = 0.8
SIGNED_IN_RATIO = 0.4
P95_AFTER_WRITE_MS = 100.0


@dataclass(frozen=True)
class WriteRow:
    """A page loaded while another process makes one content write a second (benchmarks/writes.py)."""

    path: str
    signed_in: bool
    requests: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    cache_hits: int
    cache_misses: int
    errors: int


def writes_section(rows: list[WriteRow], writes: int) -> str:
    lines = [
        "### With one write a second",
        "",
        f"Each page loaded again while another process made one content write a second ({writes} writes in "
        "all): after each, every kept page is cold until one request renders it again.",
        "",
        "| Page | Signed in | req/s | p50 ms | p95 ms | Cache hits / misses | Errors |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        answers = f"{row.cache_hits} / {row.cache_misses}" if row.cache_hits or row.cache_misses else "not kept"
        lines.append(
            f"| `{row.path}` | {'yes' if row.signed_in else 'no'} | {_rate(row.requests_per_second)} "
            f"| {row.p50_ms:.1f} | {row.p95_ms:.1f} | {answers} | {row.errors} |"
        )
    return "\n".join(lines)


def target_checks(rows: list[PageRow], write_rows: list[WriteRow]) -> list[str]:
    """One line per page and target: the figure, the target and whether it was met."""
    checks = []
    for row in rows[1:]:
        wanted = SIGNED_IN_RATIO if row.signed_in else ANONYMOUS_RATIO
        checks.append(
            f"`{row.path}` ({'signed in' if row.signed_in else 'anonymous'}, warm): {_ratio(row.ratio_to_baseline)}"
            f" of /healthz, target at least {wanted}: {_met(row.ratio_to_baseline >= wanted)}"
        )
    for row in write_rows:
        checks.append(
            f"`{row.path}` with a write a second: p95 {row.p95_ms:.1f} ms, target at most {P95_AFTER_WRITE_MS:.0f} "
            f"ms: {_met(row.p95_ms <= P95_AFTER_WRITE_MS)}"
        )
    return checks


def _rate(requests_per_second: float) -> str:
    # A page slower than a request a second would read as 0 without decimals.
    return f"{requests_per_second:,.0f}" if requests_per_second >= 10 else f"{requests_per_second:.1f}"


def _ratio(ratio: float) -> str:
    return f"{ratio:.3f}" if ratio >= 0.01 else f"{ratio:.2g}"


# The pack measurement's steps (benchmarks/packs.py), in the order its table gives them.
PACK_STEPS = {
    "weasyprint": "WeasyPrint rendering (one process a core, waited for)",
    "page_count": "opening each part (pikepdf), once for its pages and the merge",
    "merge": "merging (pikepdf: pages, structure trees, bookmarks, write)",
    "stamp": "stamping page numbers",
    "templates": "HTML templates and Markdown",
    "pack_for": "`pack_for` (database)",
    "other": "the rest (hashing, storage)",
}


def pack_section(pack: dict) -> str:
    """The meeting pack PDF's figures beside their targets, and where the build's time went."""
    cold, changed = pack["cold"], pack["changed"]
    targets = pack["targets"]
    lines = [
        "### Meeting pack PDF",
        "",
        f"`{pack['path']}`: {pack['pages']} pages ({pack['papers']} papers and their attached PDFs after a cover "
        f"and agenda), {pack['bytes'] / 2**20:.1f} MiB, on {pack['cpus']} CPUs (nproc). Built in-process by "
        f"{pack['how']}; each kind of build is the median of {pack['builds']}, and the stored pack is timed over "
        f"{pack['served']} requests. A target not met is reported here, never failed.",
        "",
        "| Measure | Result | Target | Met |",
        "|---|---|---|---|",
        f"| Cold build, nothing stored | {_seconds_spread(cold)} | at most {targets['cold']['target_s']:.2f} s "
        f"(3 s for 100 pages, on two cores) | {_met(targets['cold']['met'])} |",
        f"| Built again after one paper changed | {_seconds_spread(changed)} | at most "
        f"{targets['changed']['target_s']:.0f} s | {_met(targets['changed']['met'])} |",
        f"| Stored pack served by the view ({pack['served_queries']} database "
        f"{'query' if pack['served_queries'] == 1 else 'queries'} a request) "
        f"| {pack['served_ms']:,.1f} ms: "
        f"{_times(pack['served_ms'], pack['static_ms'])} a static file of the same size ({pack['static_ms']:.2f} ms), "
        f"{_times(pack['served_ms'], pack['healthz_ms'])} `/healthz` ({pack['healthz_ms']:.2f} ms) "
        f"| static-file speed (at most {targets['cached']['margin']:.0f}× the static file) "
        f"| {_met(targets['cached']['met'])} |",
        "",
        "Where the time went, in seconds (the median build of each kind, from timers around the pack code's "
        "functions):",
        "",
        "| Step | Cold build | One paper changed |",
        "|---|--:|--:|",
    ]
    builds = (cold, changed)
    for step, label in PACK_STEPS.items():
        cells = [f"{build['steps'][step]:.2f}" for build in builds]
        if step == "weasyprint":
            cells = [
                f"{cell} ({build['renders']} render{'' if build['renders'] == 1 else 's'})"
                for cell, build in zip(cells, builds, strict=True)
            ]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    lines.append(
        "| **total** (CPU time of the building process; the render processes' is not in it) | "
        + " | ".join(f"**{build['seconds']:.2f}** ({build['cpu_seconds']:.2f})" for build in builds)
        + " |"
    )
    return "\n".join(lines)


def pack_summary(pack: dict) -> str:
    """One line for the terminal."""
    return (
        f"{pack['pages']} pages: cold {pack['cold']['seconds']:.2f} s, one paper changed "
        f"{pack['changed']['seconds']:.2f} s, stored {pack['served_ms']:,.1f} ms "
        f"({_times(pack['served_ms'], pack['static_ms'])} a static file of the same size)"
    )


def _seconds_spread(build: dict) -> str:
    if build["min_seconds"] == build["max_seconds"]:
        return f"{build['seconds']:.2f} s"
    return f"{build['seconds']:.2f} s ({build['min_seconds']:.2f} to {build['max_seconds']:.2f})"


def _times(value: float, base: float) -> str:
    ratio = value / base if base else float("inf")
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×"


def _met(met: bool) -> str:
    return "yes" if met else "**no**"


def results_section(
    *,
    rows: list[PageRow],
    machine: dict[str, str],
    settings: dict[str, str],
    notes: list[str],
    when: dt.datetime,
    pack: dict | None = None,
    writes: str | None = None,
    targets: list[str] | None = None,
) -> str:
    parts = [
        "## Results",
        "",
        f"Run on {when:%Y-%m-%d %H:%M %Z}.".replace(" .", "."),
        "",
        table(rows),
        "",
        *([writes, ""] if writes else []),
        *(["### Targets (issue 13)", "", *[f"- {check}" for check in targets], ""] if targets else []),
        *([pack_section(pack), ""] if pack else []),
        "### Run",
        "",
        *[f"- {key}: {value}" for key, value in settings.items()],
        "",
        "### Machine",
        "",
        *[f"- {key}: {value}" for key, value in machine.items()],
    ]
    if notes:
        parts += ["", "### Notes", "", *[f"- {note}" for note in notes]]
    return "\n".join(parts) + "\n"


def write(path: Path, section: str) -> None:
    """Keep the header (whatever someone wrote above the marker); replace the results under it."""
    header = DEFAULT_HEADER
    if path.exists():
        existing = path.read_text(encoding="utf-8")
        if RESULTS_MARKER in existing:
            header = existing.split(RESULTS_MARKER, 1)[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{header.rstrip()}\n\n{RESULTS_MARKER}\n\n{section}", encoding="utf-8")
