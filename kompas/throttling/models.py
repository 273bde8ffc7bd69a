"""One row per (scope, client) and fixed window: how often it was hit, and until when."""

from __future__ import annotations

from django.db import connection, models

__all__ = ["Throttle"]


class ThrottleQuerySet(models.QuerySet["Throttle"]):
    def hit(self, key: str, now: float, window_seconds: float) -> int:
        """Count one hit on `key` and return the count in its current window.

        One statement, atomic in every process and on every machine: it inserts the row, or
        adds one to it, or restarts its window once `window_ends` has passed. SQLite (3.35+)
        and PostgreSQL both speak this upsert.
        """
        table = connection.ops.quote_name(self.model._meta.db_table)
        sql = f"""
            INSERT INTO {table} ("key", "window_ends", "count") VALUES (%s, %s, 1)
            ON CONFLICT ("key") DO UPDATE SET
                "count" = CASE WHEN {table}."window_ends" <= %s THEN 1
                               ELSE {table}."count" + 1 END,
                "window_ends" = CASE WHEN {table}."window_ends" <= %s
                                     THEN excluded."window_ends"
                                     ELSE {table}."window_ends" END
            RETURNING "count"
        """  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, now + window_seconds, now, now])
            (count,) = cursor.fetchone()
        return int(count)

    def count_of(self, key: str, now: float) -> int:
        """The count of `key` in its current window; 0 once the window has passed."""
        row = self.filter(key=key, window_ends__gt=now).values_list("count", flat=True).first()
        return row or 0

    def expired(self, now: float) -> ThrottleQuerySet:
        return self.filter(window_ends__lte=now)


class Throttle(models.Model):
    #: "<scope>:<sha256 of the client>", so no address or e-mail address is stored.
    key = models.CharField(max_length=120, primary_key=True)
    #: Seconds since the epoch at which this window ends and the count starts again.
    window_ends = models.FloatField()
    count = models.PositiveIntegerField()

    objects = ThrottleQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
