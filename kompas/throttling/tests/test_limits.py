from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from unittest import mock

from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings

from kompas.throttling import limits
from kompas.throttling.clients import client_address
from kompas.throttling.models import Throttle

COUNT_HITS = Path(__file__).with_name("count_hits.py")


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class TheCounter(TestCase):
    def setUp(self) -> None:
        self.clock = FakeClock()
        patcher = mock.patch("kompas.throttling.limits.clock", self.clock)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_it_allows_the_limit_and_refuses_the_next_hit(self):
        allowed = [limits.hit("s", "10.0.0.1", 3, 60) for _ in range(4)]
        self.assertEqual(allowed, [True, True, True, False])
        self.assertTrue(limits.is_over("s", "10.0.0.1", 3, 60))
        self.assertFalse(limits.is_over("s", "10.0.0.2", 3, 60))

    def test_the_count_starts_again_when_the_window_has_passed(self):
        for _ in range(4):
            limits.hit("s", "10.0.0.1", 3, 60)
        self.clock.now += 60
        self.assertFalse(limits.is_over("s", "10.0.0.1", 3, 60))
        self.assertTrue(limits.hit("s", "10.0.0.1", 3, 60))
        self.assertEqual(Throttle.objects.get().count, 1)

    def test_it_stores_no_address(self):
        limits.hit("s", "10.0.0.1", 3, 60)
        self.assertNotIn("10.0.0.1", Throttle.objects.get().key)

    def test_pruning_deletes_only_windows_that_have_passed(self):
        limits.hit("short", "a", 3, 10)
        limits.hit("long", "a", 3, 600)
        self.clock.now += 10
        self.assertEqual(limits.prune(), 1)
        self.assertEqual(Throttle.objects.get().key.split(":")[0], "long")


class CountingAcrossProcesses(SimpleTestCase):
    def test_four_processes_share_one_limit_of_token_failures(self):
        with tempfile.TemporaryDirectory() as scratch:
            env = {**os.environ, "KOMPAS_DATABASE_URL": f"sqlite:///{scratch}/shared.sqlite3"}
            run = [sys.executable, "-m", "kompas", "migrate", "throttling", "--verbosity", "0"]
            subprocess.run(run, env=env, check=True, capture_output=True)
            with ThreadPoolExecutor(4) as pool:
                outputs = pool.map(
                    lambda _: (
                        subprocess.run(
                            [sys.executable, str(COUNT_HITS), "15"],
                            env=env,
                            check=True,
                            capture_output=True,
                            text=True,
                        ).stdout
                    ),
                    range(4),
                )
                allowed = [int(output) for output in outputs]
        # 60 guesses from one address in four processes: 20 allowed in all, not 20 in each.
        self.assertEqual(sum(allowed), limits.TOKEN_FAILURES.limit)


class TheClientAddress(SimpleTestCase):
    def address(self, remote: str, forwarded: str | None = None) -> str:
        extra: dict[str, Any] = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(RequestFactory().get("/", **extra))

    def test_without_trusted_proxies_it_is_remote_addr_whatever_is_forwarded(self):
        self.assertEqual(self.address("203.0.113.5", "1.2.3.4"), "203.0.113.5")

    @override_settings(KOMPAS_TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_behind_a_trusted_proxy_it_is_the_right_most_untrusted_hop(self):
        self.assertEqual(self.address("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.9"), "203.0.113.5")

    @override_settings(KOMPAS_TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_an_untrusted_sender_cannot_claim_an_address(self):
        self.assertEqual(self.address("203.0.113.5", "6.6.6.6"), "203.0.113.5")
