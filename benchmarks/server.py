"""Serving the benchmark: gunicorn as production runs it, and the memory its workers use meanwhile."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

from benchmarks.load import fetch

WORKERS = 2  # as `make run` and docs/deployment.md
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


def free_port(preferred: int) -> int:
    """The preferred port if nothing listens there, else any free one (someone's `make run` may hold 8000)."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            # As gunicorn does: connections of a previous run still in TIME_WAIT do not make the port busy.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


@contextlib.contextmanager
def gunicorn(*, port: int, env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """Start gunicorn, wait until /healthz answers, and always stop it (and its workers) on the way out."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "blmk_portal.wsgi",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        # gunicorn's control socket has one default path per user: a second gunicorn (someone's `make run`)
        # would have it taken over, and removed when this one stops.
        "--no-control-socket",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_healthy(process, port, log_path)
            yield process
        finally:
            _stop(process)


def _wait_until_healthy(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}:\n{_tail(log_path)}")
        try:
            status, body, _ = fetch("127.0.0.1", port, "/healthz", {})
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200 and body == b"ok":
            return
        raise RuntimeError(f"/healthz answered {status} {body[:200]!r}; see {log_path}")
    raise RuntimeError(f"gunicorn did not answer /healthz within {START_TIMEOUT:.0f} s; see {log_path}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM lets gunicorn stop its workers; SIGKILL the lot only if that does not happen in time."""
    if process.poll() is not None:
        return
    try:
        workers = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        workers = []
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)
    for worker in workers:
        with contextlib.suppress(psutil.NoSuchProcess):
            worker.kill()


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class WorkerMemory:
    """Samples the workers' resident memory in the background; `peak()` is the largest single worker seen."""

    INTERVAL = 0.05

    def __init__(self, master_pid: int) -> None:
        self._master = psutil.Process(master_pid)
        self._peak = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sample()

    def peak(self) -> int:
        with self._lock:
            return self._peak

    def _run(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            self._sample()

    def _sample(self) -> None:
        try:
            workers = self._master.children()
        except psutil.NoSuchProcess:
            return
        for worker in workers:
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                rss = worker.memory_info().rss
                with self._lock:
                    self._peak = max(self._peak, rss)
