"""Requests that race each other on a real database, in threads with their own connections
(issue 8, items 5, 6 and 7): saves against the final submit and against each other, a double
click on a personal link, and a database that holds a lock."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, connections, transaction
from django.test import Client, TransactionTestCase
from django.urls import reverse

from kompas.cohorts.models import Cohort, Institution, Invitation
from kompas.lib.testing import answer_the_rest
from kompas.psychometrics.instrument import get_instrument
from kompas.surveys import services
from kompas.surveys.models import Answer, Response

ALL_YES = {"feedback": True, "research": True, "linking": True}
KOMPAS = get_instrument("kompas-1")
LIKERT = [q for q in KOMPAS.numeric_items if KOMPAS.kind(q) == "likert"]
#: One statement of each scale: left open, every scale still has enough answers to submit.
ONE_PER_SCALE = [scale.items[0] for scale in KOMPAS.scales.values()]


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


def waits_for_a_lock(thread: threading.Thread) -> bool:
    """Whether another connection waits for a lock (within 10 s) while `thread` runs; on
    SQLite, which does not tell, whether the thread still runs."""
    if connection.vendor != "postgresql":
        return thread.is_alive()
    deadline = time.monotonic() + 10
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return thread.is_alive()
        time.sleep(0.02)
    return False


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
            answer_the_rest(response, leaving_out=ONE_PER_SCALE[1:12])
            url = reverse("surveys:save", args=[token])

            def work(index: int, token: str = token, url: str = url) -> int:
                if index == 0:
                    Client().post(reverse("surveys:finish", args=[token]))
                    return 0
                item = ONE_PER_SCALE[index]
                reply = Client().post(url, {"item": item, "value": "4", "seq": str(index)})
                return reply.status_code

            codes = in_threads(12, work)
            response.refresh_from_db()
            self.assertIsNotNone(response.completed_at, trial)
            acknowledged = {ONE_PER_SCALE[i] for i, code in enumerate(codes) if i and code == 200}
            self.assertTrue(set(codes[1:]) <= {200, 409}, codes)
            raced = Answer.objects.filter(response=response, item__in=ONE_PER_SCALE[1:12])
            answers = set(raced.values_list("item", flat=True))
            self.assertEqual(answers, acknowledged, f"trial {trial}: stored = acknowledged")
            scored = {q for q in ONE_PER_SCALE if response.result.data.get(q) is not None}
            late = Answer.objects.filter(response=response, saved_at__gt=response.completed_at)
            self.assertFalse(late.exists(), f"trial {trial}: {scored}")

    def during_a_submit(self, response: Response, request: Callable[[], Any]) -> tuple[bool, Any]:
        """Start `request` in a thread while another thread's final submit holds the response
        locked (on PostgreSQL FOR UPDATE; on SQLite the transaction's IMMEDIATE write lock),
        and let the submit finish once the request waits for it (0.5 s later, and on
        PostgreSQL once its connection waits for a lock): whether the request was waiting,
        and what it returned."""
        holding, release = threading.Event(), threading.Event()

        def submit() -> None:
            try:
                with transaction.atomic():
                    locked = Response.objects.select_for_update().get(pk=response.pk)
                    holding.set()
                    release.wait(10)
                    services.complete(locked)
            finally:
                connections.close_all()

        outcome: list[Any] = []

        def save() -> None:
            try:
                outcome.append(request())
            except Exception as error:  # the test asserts on it
                outcome.append(error)
            finally:
                connections.close_all()

        submitter = threading.Thread(target=submit)
        submitter.start()
        saver = threading.Thread(target=save)
        try:
            self.assertTrue(holding.wait(10), "the submit did not get the lock")
            saver.start()
            saver.join(0.5)
            waiting = saver.is_alive() and waits_for_a_lock(saver)
        finally:
            release.set()
            submitter.join(30)
        saver.join(30)
        response.refresh_from_db()
        self.assertTrue(response.is_completed, "the submit did not finish")
        return waiting, outcome[0]

    def test_a_save_waits_for_a_submit_under_way_and_is_then_refused(self):
        for item, value in [(LIKERT[0], "4"), ("bg_year", "1")]:  # one statement; the long way
            with self.subTest(item=item):
                response, token = self.started()
                services.save_answers(response, [services.Entry("bg_role", 1, 1)])
                answer_the_rest(response, leaving_out=[item])
                url = reverse("surveys:save", args=[token])
                data = {"item": item, "value": value, "seq": "2"}
                post = functools.partial(Client().post, url, data)
                waiting, reply = self.during_a_submit(response, post)
                self.assertTrue(waiting, "the save did not wait for the submit")
                self.assertEqual(reply.status_code, 409, reply.content)
                self.assertIn("final", reply.json()["error"])
                self.assertFalse(Answer.objects.filter(response=response, item=item).exists())

    def test_an_api_save_read_before_a_submit_under_way_is_refused_as_final(self):
        response, token = self.started()
        answer_the_rest(response, leaving_out=[LIKERT[0]])
        body = {"answers": [{"item": LIKERT[0], "value": 4, "seq": 1}]}

        def save() -> Any:
            return Client().put(
                "/api/v1/response/answers",
                body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )

        waiting, reply = self.during_a_submit(response, save)
        self.assertTrue(waiting, "the save did not wait for the submit")
        self.assertEqual(reply.status_code, 409, reply.content)
        self.assertIn("final", reply.json()["detail"])
        self.assertFalse(Answer.objects.filter(response=response, item=LIKERT[0]).exists())

    def test_simultaneous_saves_of_one_response_all_land_and_keep_its_highest_sequence(self):
        for trial in range(3):
            response, token = self.started()
            url = reverse("surveys:save", args=[token])

            def work(index: int, response: Response = response, url: str = url) -> Any:
                sequence = 10 * (index + 1)
                if index % 3 == 0:  # a page submit or an API save, the long way
                    entry = services.Entry(LIKERT[index], 3, sequence)
                    return services.save_answers(response, [entry])
                data = {"item": LIKERT[index], "value": "4", "seq": str(sequence)}
                return Client().post(url, data).status_code

            results = in_threads(9, work)
            self.assertEqual(results, [1 if i % 3 == 0 else 200 for i in range(9)], trial)
            response.refresh_from_db()
            self.assertEqual(response.highest_seq, 90, trial)
            self.assertEqual(Answer.objects.filter(response=response).count(), 9, trial)

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
