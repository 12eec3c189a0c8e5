"""The load generator: a fixed number of GET requests to one page over loopback, from a few threads.

Each thread keeps one HTTP/1.1 connection open and reuses it while the server allows (gunicorn's sync
workers close it after every response; http.client then reconnects by itself). Every loop has a deadline,
so a hung server ends the run instead of hanging it.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass

# Seconds for one request; a page slower than this is broken, not slow, unless its Page says otherwise.
SOCKET_TIMEOUT = 10.0


@dataclass(frozen=True)
class LoadResult:
    requests: int  # completed with the expected status
    errors: int  # wrong status, refused or timed out
    seconds: float  # wall time from the first request sent to the last response read
    latencies_ms: list[float]
    response_bytes: int  # body size of the last good response
    client_cpu_share: float  # the generator's own CPU time over wall time (1.0 = one core busy)
    timed_out: bool
    # Good responses the page cache served (X-Page-Cache: hit) and rendered to keep (miss); the rest it passed by.
    cache_hits: int = 0
    cache_misses: int = 0

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        if len(self.latencies_ms) == 1:
            return self.latencies_ms[0]
        # quantiles(n=100) gives 99 cut points; the p-th percentile is cut point p-1.
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[round(fraction * 100) - 1]


def combined(results: list[LoadResult]) -> LoadResult:
    """Several loads of one page as one: their requests, time and latencies together."""
    return LoadResult(
        requests=sum(result.requests for result in results),
        errors=sum(result.errors for result in results),
        seconds=sum(result.seconds for result in results),
        latencies_ms=[latency for result in results for latency in result.latencies_ms],
        response_bytes=results[-1].response_bytes,
        client_cpu_share=max(result.client_cpu_share for result in results),
        timed_out=any(result.timed_out for result in results),
        cache_hits=sum(result.cache_hits for result in results),
        cache_misses=sum(result.cache_misses for result in results),
    )


def fetch(
    host: str, port: int, path: str, headers: dict[str, str], *, socket_timeout: float = SOCKET_TIMEOUT
) -> tuple[int, bytes, dict[str, str]]:
    """One request on a fresh connection: to check a page answers as expected before loading it."""
    connection = http.client.HTTPConnection(host, port, timeout=socket_timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def drive(
    host: str,
    port: int,
    path: str,
    *,
    headers: dict[str, str],
    total: int,
    concurrency: int,
    time_limit: float,
    expected_status: int = 200,
    socket_timeout: float = SOCKET_TIMEOUT,
) -> LoadResult:
    """Send `total` requests from `concurrency` threads; stop early (timed_out) after `time_limit` seconds."""
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors = 0
    last_body = b""
    cache_answers = {"hit": 0, "miss": 0}
    deadline = time.monotonic() + time_limit

    def take_ticket() -> bool:
        nonlocal issued
        with lock:
            if issued >= total or time.monotonic() >= deadline:
                return False
            issued += 1
            return True

    def worker() -> None:
        nonlocal errors, last_body
        connection = http.client.HTTPConnection(host, port, timeout=socket_timeout)
        mine: list[float] = []
        try:
            while take_ticket():
                started = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException):
                    connection.close()  # the next request opens a new one
                    with lock:
                        errors += 1
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                if response.status == expected_status:
                    mine.append(elapsed)
                    last_body = body
                    answer = response.getheader("X-Page-Cache")
                    if answer in cache_answers:
                        with lock:
                            cache_answers[answer] += 1
                else:
                    with lock:
                        errors += 1
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=worker, name=f"load-{n}", daemon=True) for n in range(concurrency)]
    cpu_started = time.process_time()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        # A request in flight at the deadline may still take up to the socket timeout to give up.
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + socket_timeout + 1)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    with lock:
        done = list(latencies)
        return LoadResult(
            requests=len(done),
            errors=errors,
            seconds=seconds,
            latencies_ms=done,
            response_bytes=len(last_body),
            client_cpu_share=cpu / seconds if seconds else 0.0,
            timed_out=issued < total or any(thread.is_alive() for thread in threads),
            cache_hits=cache_answers["hit"],
            cache_misses=cache_answers["miss"],
        )
