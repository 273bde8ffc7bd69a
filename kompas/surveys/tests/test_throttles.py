"""Throttles that let a lecture hall behind one address through and stop a script."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

from django.core import mail
from django.urls import reverse

from kompas.lib.testing import KompasTestCase
from kompas.surveys import services
from kompas.surveys.models import Answer, Response

HALL: dict[str, Any] = {"REMOTE_ADDR": "145.100.1.1"}  # one public address for the whole hall
ALL_YES = dict.fromkeys(services.ASKED_PURPOSES, True)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class ThrottleTestCase(KompasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.clock = Clock()
        patcher = mock.patch("kompas.throttling.limits.clock", self.clock)
        patcher.start()
        self.addCleanup(patcher.stop)

    def start_on_the_page(self) -> int:
        reply = self.client.post(
            reverse("surveys:cohort", args=[self.cohort_token]), {"language": "nl"}, **HALL
        )
        return reply.status_code

    def start_on_the_api(self) -> int:
        reply = self.client.post(
            "/api/v1/responses",
            json.dumps({"cohort_token": self.cohort_token, "consent": ALL_YES}),
            content_type="application/json",
            **HALL,
        )
        return reply.status_code


class ALectureHallBehindOneAddress(ThrottleTestCase):
    def test_100_clicks_on_a_closed_link_refuse_none_of_20_respondents_saves(self):
        tokens = []
        for _ in range(20):
            response, token = services.start_response(self.cohort, "nl")
            services.record_consent(response, ALL_YES)
            tokens.append(token)
        guesses = [
            self.client.get(reverse("surveys:start", args=["c" * 32]), **HALL).status_code
            for _ in range(100)
        ]
        self.assertEqual(guesses.count(404), 20)
        self.assertEqual(guesses.count(429), 80)
        for seq, token in enumerate(tokens, start=1):
            for item in ("int_realistic_1", "int_realistic_2"):
                reply = self.client.post(
                    reverse("surveys:save", args=[token]),
                    {"item": item, "value": "4", "seq": str(seq)},
                    **HALL,
                )
                self.assertEqual(reply.status_code, 200)
            self.assertEqual(self.client.get(f"/s/{token}/", **HALL).status_code, 302)
        self.assertEqual(Answer.objects.count(), 40)

    def test_300_starts_over_ten_minutes_are_never_refused(self):
        # 60 in the first minute, the other 240 over the next nine, from pages and API alike.
        for n in range(300):
            self.clock.now += 1 if n < 60 else 540 / 240
            start = self.start_on_the_page if n % 2 else self.start_on_the_api
            self.assertIn(start(), {201, 302}, f"start {n}")
        self.assertEqual(Response.objects.count(), 300)

    def test_a_script_firing_100_starts_in_a_second_is_refused_after_the_limit(self):
        codes = []
        for _ in range(100):
            self.clock.now += 0.01
            codes.append(self.start_on_the_page())
        self.assertEqual(codes.count(302), 30)
        self.assertEqual(codes.count(429), 70)
        self.assertEqual(self.start_on_the_api(), 429)
        self.assertEqual(Response.objects.count(), 30)

    def test_a_refused_start_says_when_to_try_again(self):
        for _ in range(30):
            self.start_on_the_page()
        reply = self.client.post(
            reverse("surveys:cohort", args=[self.cohort_token]), {"language": "en"}, **HALL
        )
        self.assertContains(reply, "Wacht even", status_code=429)
        self.assertEqual(reply["Retry-After"], "10")

    def test_a_personal_link_is_not_a_cohort_start(self):
        for _ in range(31):
            self.start_on_the_page()
        reply = self.client.post(
            reverse("surveys:start", args=[self.invitation_token]), {"language": "nl"}, **HALL
        )
        self.assertEqual(reply.status_code, 302)


class TheResumeMail(ThrottleTestCase):
    def mail_link(self, token: str, address: str) -> int:
        url = reverse("surveys:email", args=[token])
        return self.client.post(url, {"email": address}, **HALL).status_code

    def test_a_response_gets_three_mails_an_hour(self):
        _, token = services.start_response(self.cohort, "en")
        codes = [self.mail_link(token, f"bo{n}@example.nl") for n in range(5)]
        self.assertEqual(codes, [200, 200, 200, 429, 429])
        self.assertEqual(len(mail.outbox), 3)
        self.clock.now += 3600
        self.assertEqual(self.mail_link(token, "bo@example.nl"), 200)

    def test_a_recipient_gets_five_mails_a_day_whatever_the_case(self):
        tokens = [services.start_response(self.cohort, "en")[1] for _ in range(7)]
        codes = [self.mail_link(token, "Bo@Example.nl".swapcase()) for token in tokens[:3]]
        codes += [self.mail_link(token, "bo@example.nl") for token in tokens[3:]]
        self.assertEqual(codes, [200] * 5 + [429] * 2)
        self.assertEqual(len(mail.outbox), 5)

    def test_over_the_limit_the_page_says_so_kindly_and_shows_the_link(self):
        _, token = services.start_response(self.cohort, "en")
        for _ in range(3):
            self.mail_link(token, "bo@example.nl")
        reply = self.client.post(
            reverse("surveys:email", args=[token]), {"email": "bo@example.nl"}, **HALL
        )
        self.assertContains(reply, "Link not sent", status_code=429)
        self.assertContains(reply, f"/s/{token}/", status_code=429)
        self.assertEqual(len(mail.outbox), 3)
