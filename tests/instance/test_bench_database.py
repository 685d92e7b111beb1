"""A kept benchmark database is tidied before it is measured again: what earlier runs'
writes left is cleared and the planner's statistics are fresh."""

import os
import sqlite3
from contextlib import closing
from urllib.parse import urlsplit

import psycopg
import pytest
from django.db import connection

from instance.bench.run import Database


def test_a_kept_sqlite_database_is_vacuumed_and_analysed(tmp_path):
    database = Database("1 day", 1, None, tmp_path, "tidy")
    with closing(sqlite3.connect(database.path)) as db:
        db.execute("CREATE TABLE evening (id INTEGER PRIMARY KEY, note TEXT)")
        db.execute("CREATE INDEX evening_note ON evening (note)")
        db.executemany("INSERT INTO evening (note) VALUES (?)", [("x" * 500,)] * 2000)
        db.execute("DELETE FROM evening WHERE id > 100")
        db.commit()
    written = database.path.stat().st_size

    database.tidy()

    assert database.path.stat().st_size < written / 2  # the deleted rows' pages are gone
    with closing(sqlite3.connect(database.path)) as db:
        stats = db.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'evening_note'").fetchone()
    assert stats is not None and stats[0].startswith("100 ")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_kept_postgres_database_is_vacuumed_and_analysed(tmp_path):
    server = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    database = Database("1 day", 1, server, tmp_path, f"duet_tidy_{os.getpid()}")
    database.create()
    try:
        with psycopg.connect(database.url, autocommit=True) as db:
            db.execute("CREATE TABLE evening (id serial PRIMARY KEY, note text)")
            db.execute("INSERT INTO evening (note) SELECT 'x' FROM generate_series(1, 1000)")
            db.execute("DELETE FROM evening WHERE id > 400")

        database.tidy()

        with psycopg.connect(database.url, autocommit=True) as db:
            (tuples,) = db.execute(
                "SELECT reltuples FROM pg_class WHERE relname = 'evening'"
            ).fetchone()
        assert tuples == 400  # counted afresh: before, never (-1)
    finally:
        database.drop()
