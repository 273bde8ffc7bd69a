"""Requests that race each other on a real database, in threads with their own connections
(issue 8, items 5, 6 and 7): saves against the final submit, a double click on a personal
link, and a database that holds a lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, connections, transaction
from django.test import Client, TransactionTestCase
from django.urls import reverse

from kompas.cohorts.models import Cohort, Institution, Invitation
from kompas.psychometrics.instrument import get_instrument
from kompas.surveys import services
from kompas.surveys.models import Answer, Response

ALL_YES = {"feedback": True, "research": True, "linking": True}
KOMPAS = get_instrument("kompas-1")
LIKERT = [q for q in KOMPAS.numeric_items if KOMPAS.kind(q) == "likert"]


def in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` in `count` threads released at once; their results in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # the test asserts on it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


class Races(TransactionTestCase):
    def setUp(self) -> None:
        institution = Institution.objects.create(name="Hogeschool Oost", slug="oost")
        self.cohort = Cohort(
            institution=institution,
            name="Eerstejaars",
            instrument_id=KOMPAS.id,
            instrument_version=KOMPAS.version,
            wave="start",
            population="student",
        )
        self.cohort.new_link()
        self.cohort.save()

    def started(self) -> tuple[Response, str]:
        response, token = services.start_response(self.cohort, "en")
        services.record_consent(response, ALL_YES)
        return response, token

    def test_saves_during_the_final_submit_are_scored_or_refused_never_lost(self):
        for trial in range(5):
            response, token = self.started()
            url = reverse("surveys:save", args=[token])

            def work(index: int, token: str = token, url: str = url) -> int:
                if index == 0:
                    Client().post(reverse("surveys:finish", args=[token]))
                    return 0
                item = LIKERT[index]
                reply = Client().post(url, {"item": item, "value": "4", "seq": str(index)})
                return reply.status_code

            codes = in_threads(12, work)
            response.refresh_from_db()
            self.assertIsNotNone(response.completed_at, trial)
            acknowledged = {LIKERT[i] for i, code in enumerate(codes) if i and code == 200}
            self.assertTrue(set(codes[1:]) <= {200, 409}, codes)
            answers = set(Answer.objects.filter(response=response).values_list("item", flat=True))
            self.assertEqual(answers, acknowledged, f"trial {trial}: stored = acknowledged")
            scored = {q for q in LIKERT if response.result.data.get(q) is not None}
            late = Answer.objects.filter(response=response, saved_at__gt=response.completed_at)
            self.assertFalse(late.exists(), f"trial {trial}: {scored}")

    def test_a_save_waits_for_a_submit_under_way_and_is_then_refused(self):
        response, token = self.started()
        submitting = threading.Event()

        def submit(index: int) -> None:
            with transaction.atomic():
                locked = Response.objects.select_for_update().get(pk=response.pk)
                if connection.vendor == "sqlite":  # the transaction holds the write lock
                    Response.objects.filter(pk=locked.pk).update(language="en")
                submitting.set()
                time.sleep(1)
            services.complete(locked)

        def save(index: int) -> int:
            submitting.wait(10)
            url = reverse("surveys:save", args=[token])
            return Client().post(url, {"item": LIKERT[0], "value": "4", "seq": "1"}).status_code

        results = in_threads(2, lambda i: submit(i) if i == 0 else save(i))
        self.assertIn(results[1], {200, 409})
        if results[1] == 409:
            self.assertFalse(Answer.objects.exists())

    def test_a_double_click_on_a_personal_link_lands_on_one_response(self):
        for clicks in (2, 8):
            invitation, token = Invitation.issue(self.cohort, f"anna{clicks}@example.nl")
            url = reverse("surveys:start", args=[token])
            replies = in_threads(clicks, lambda i, url=url: Client().post(url, {"language": "en"}))
            codes = [getattr(reply, "status_code", reply) for reply in replies]
            self.assertEqual(codes, [302] * clicks)
            self.assertEqual(Response.objects.filter(invitation=invitation).count(), 1)
            consent = reverse("surveys:consent", args=[token])
            self.assertEqual({reply["Location"] for reply in replies}, {consent})

    def test_a_locked_table_gets_503_with_retry_after_within_seconds(self):
        _, token = self.started()
        locked = threading.Event()
        done = threading.Event()

        def hold_lock() -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"LOCK TABLE {Answer._meta.db_table} IN ACCESS EXCLUSIVE MODE")
                else:  # BEGIN IMMEDIATE already holds SQLite's one write lock
                    cursor.execute(f"DELETE FROM {Answer._meta.db_table} WHERE id = -1")
                locked.set()
                done.wait(30)

        holder = threading.Thread(target=lambda: (hold_lock(), connections.close_all()))
        holder.start()
        try:
            locked.wait(10)
            began = time.monotonic()
            url = reverse("surveys:save", args=[token])
            data = {"item": LIKERT[0], "value": "4", "seq": "1"}
            reply = Client().post(url, data, HTTP_ACCEPT="application/json")
            waited = time.monotonic() - began
        finally:
            done.set()
            holder.join(30)
        self.assertEqual(reply.status_code, 503)
        self.assertEqual(reply["Retry-After"], "5")
        self.assertIn("Try again", reply.json()["error"])
        self.assertLess(waited, 15)
        self.assertFalse(Answer.objects.exists())
