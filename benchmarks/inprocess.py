"""What each page costs inside Django, without HTTP: database queries per request and render time.

Also signs the benchmark user in once, so the load generator can send that session's cookie to gunicorn.
Run with the benchmark's environment (benchmarks/run.py does this):
    python -m benchmarks.inprocess --pages pages.json --output inprocess.json
where pages.json is a list of {"path": "/places/", "signed_in": false, "timed_requests": 20}
("timed_requests" is optional: fewer for a slow page).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

TIMED_REQUESTS = 20
# The load generator connects to 127.0.0.1, so the test Client sends the same Host (ALLOWED_HOSTS has it).
HOST = "127.0.0.1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blmk_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from benchmarks.dataset import ensure_bench_user

    anonymous = Client(HTTP_HOST=HOST)
    staff = Client(HTTP_HOST=HOST)
    # The portal's own backend named explicitly: the first in settings is django-axes', which signs nobody in.
    staff.force_login(ensure_bench_user(), backend="blmk_portal.roles.KeptUserBackend")

    pages = []
    for page in json.loads(args.pages.read_text(encoding="utf-8")):
        client = staff if page["signed_in"] else anonymous
        timed = page.get("timed_requests", TIMED_REQUESTS)
        pages.append({"path": page["path"], **_measure(client, page["path"], timed)})

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres_version = cursor.fetchone()[0]
    result = {
        "pages": pages,
        # What a signed-in browser sends: its session, and the CSRF cookie its first page set.
        "signed_in_cookies": "; ".join(
            f"{name}={staff.cookies[name].value}" for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        ),
        "postgres_version": postgres_version,
        "django_version": django.get_version(),
    }
    args.output.write_text(json.dumps(result, indent=2), encoding="utf-8")


def _measure(client, path: str, timed_requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The first request fills caches (templates, content types, the URL resolver): count the second.
    first = client.get(path)
    # Each request starts by emptying the query log (Django's reset_queries), which would both skew the
    # context's starting point and empty its list on the next request: empty it first, and count at once.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    queries = len(captured.captured_queries)
    timings = []
    for _ in range(timed_requests):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "first_status": first.status_code,
        "queries": queries,
        "bytes": len(response.content),
        "inprocess_ms": statistics.median(timings),
    }


if __name__ == "__main__":
    main()
