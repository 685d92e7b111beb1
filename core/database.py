"""Database upkeep that does not depend on any feature app."""

from django.db import connections


def analyze(using: str = "default") -> None:
    """Refresh the planner's statistics, as after a bulk load (SQLite and PostgreSQL alike).

    Without them the planner guesses from empty-table defaults and picks poor plans.
    """
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
