"""What the benchmark ran on, for the report: absolute figures mean little without it."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path


def describe(*, postgres_version: str, django_version: str) -> dict[str, str]:
    return {
        "CPUs (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU model": _cpuinfo_field("model name") or platform.processor() or "unknown",
        "memory": _memory(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django_version,
        "PostgreSQL": postgres_version,
        "gunicorn": _version("gunicorn"),
    }


def wait_until_quiet(*, busy_below: float = 25.0, at_most: float = 60.0) -> float:
    """Wait (boundedly) until other work leaves the CPUs mostly idle; return how busy they were last seen, in %.

    The 1-minute load average lags too much for this (it still counts `make setup`'s collectstatic), so this
    samples CPU use directly, two seconds at a time.
    """
    import psutil

    deadline = time.monotonic() + at_most
    busy = psutil.cpu_percent(interval=2)
    while busy >= busy_below and time.monotonic() < deadline:
        busy = psutil.cpu_percent(interval=2)
    return busy


def _cpuinfo_field(name: str) -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    except OSError:
        pass
    return None


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"
