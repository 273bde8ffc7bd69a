from __future__ import annotations

from django.contrib.auth.models import User
from django.test import TestCase


class CounsellorLogin(TestCase):
    def setUp(self) -> None:
        User.objects.create_user("mila", password="juist-wachtwoord-1")
        User.objects.create_user("noor", password="juist-wachtwoord-2")

    def log_in(self, username: str, password: str, address: str) -> int:
        data = {"username": username, "password": password}
        return self.client.post("/accounts/login/", data, REMOTE_ADDR=address).status_code

    def test_after_100_wrong_passwords_the_right_one_is_refused(self):
        codes = [self.log_in("mila", f"raden{n}", "203.0.113.9") for n in range(100)]
        # the tenth wrong password locks the account: it and every later try get 429
        self.assertEqual(codes[:9], [200] * 9)
        self.assertEqual(set(codes[9:]), {429})
        reply = self.client.post(
            "/accounts/login/",
            {"username": "mila", "password": "juist-wachtwoord-1"},
            REMOTE_ADDR="198.51.100.1",
        )
        self.assertContains(reply, "Inloggen is gepauzeerd", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_another_account_from_another_address_still_logs_in(self):
        for n in range(100):
            self.log_in("mila", f"raden{n}", "203.0.113.9")
        self.assertEqual(self.log_in("noor", "juist-wachtwoord-2", "198.51.100.1"), 302)

    def test_one_client_guessing_many_accounts_is_locked_out(self):
        for n in range(10):
            self.log_in(f"user{n}", "raden", "203.0.113.9")
        self.assertEqual(self.log_in("noor", "juist-wachtwoord-2", "203.0.113.9"), 429)
