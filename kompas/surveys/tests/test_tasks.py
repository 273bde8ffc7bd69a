"""The resume link is e-mailed by a background task, never inside the request."""

from __future__ import annotations

from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from kompas.lib.testing import KompasTestCase
from kompas.surveys import services

QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class TheResumeLinkTask(KompasTestCase):
    def setUp(self) -> None:
        super().setUp()
        _, self.token = services.start_response(self.cohort, "en")
        self.url = reverse("surveys:email", args=[self.token])

    def test_the_request_only_queues_the_mail(self):
        with self.settings(TASKS=QUEUED):
            reply = self.client.post(self.url, {"email": "bo@example.nl"})
        self.assertContains(reply, "bo@example.nl")
        self.assertEqual(len(mail.outbox), 0)
        task = DBTaskResult.objects.get()
        self.assertEqual(task.task_path, "kompas.surveys.tasks.send_resume_link")

    def test_the_worker_sends_it_in_the_respondents_language_and_forgets_the_address(self):
        with self.settings(TASKS=QUEUED):
            self.client.post(self.url, {"email": "bo@example.nl"})
            # The worker closes connections between tasks; the test's transaction must stay.
            with mock.patch(f"{db_worker.__name__}.close_old_connections"):
                call_command(
                    "db_worker", batch=True, reload=False, startup_delay=False, verbosity=0
                )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["bo@example.nl"])
        self.assertEqual(mail.outbox[0].subject, "Your link to continue the Career Compass")
        self.assertIn(f"/s/{self.token}/", mail.outbox[0].body)
        task = DBTaskResult.objects.get()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertNotIn("bo@example.nl", str(task.args_kwargs))

    def test_in_the_tests_the_task_runs_at_once(self):
        self.client.post(self.url, {"email": "bo@example.nl"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertFalse(DBTaskResult.objects.exists())

    def test_a_wrong_address_queues_nothing(self):
        with self.settings(TASKS=QUEUED):
            reply = self.client.post(self.url, {"email": "bo@"})
        self.assertEqual(reply.status_code, 400)
        self.assertFalse(DBTaskResult.objects.exists())

    def test_a_failed_send_keeps_neither_the_address_nor_the_link(self):
        refusal = OSError("550 mailbox bo@example.nl unavailable")
        with self.settings(TASKS=QUEUED):
            self.client.post(self.url, {"email": "bo@example.nl"})
            with (
                mock.patch(f"{db_worker.__name__}.close_old_connections"),
                mock.patch("kompas.surveys.tasks.send_mail", side_effect=refusal),
            ):
                call_command(
                    "db_worker", batch=True, reload=False, startup_delay=False, verbosity=0
                )
        task = DBTaskResult.objects.get()
        self.assertEqual(task.status, "FAILED")
        self.assertTrue(task.exception_class_path.endswith("ResumeLinkNotSent"))
        stored = f"{task.args_kwargs} {task.traceback}"
        self.assertNotIn("bo@example.nl", stored)
        self.assertNotIn(self.token, stored)
