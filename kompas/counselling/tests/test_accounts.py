"""A counsellor's account: resetting a forgotten password and signing out."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class ThePasswordReset(TestCase):
    counsellor: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.counsellor = User.objects.create_user(
            "ines", "ines@hogeschool-oost.example", "old-password-1"
        )

    def ask_for_a_link(self) -> str:
        reply = self.client.post(
            reverse("password_reset"), {"email": "ines@hogeschool-oost.example"}
        )
        self.assertRedirects(reply, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        found = re.search(r"http://testserver(/accounts/reset/\S+/)", str(mail.outbox[0].body))
        assert found is not None, mail.outbox[0].body
        return found.group(1)

    def test_the_form_renders_with_a_labelled_address_field(self):
        reply = self.client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(reply, "<h1>Reset your password</h1>", html=True)
        self.assertContains(reply, '<label for="id_email">')

    def test_the_form_speaks_dutch_by_default(self):
        reply = self.client.get(reverse("password_reset"))
        self.assertContains(reply, "<h1>Wachtwoord opnieuw instellen</h1>", html=True)

    def test_the_login_page_links_to_it(self):
        self.assertContains(self.client.get(reverse("login")), reverse("password_reset"))

    def test_it_sends_the_link_by_e_mail(self):
        self.ask_for_a_link()
        self.assertEqual(mail.outbox[0].to, ["ines@hogeschool-oost.example"])
        self.assertIn("Kompas", mail.outbox[0].subject)
        self.assertNotIn("\n", mail.outbox[0].subject)

    def test_an_unknown_address_gets_the_same_page_and_no_e_mail(self):
        reply = self.client.post(reverse("password_reset"), {"email": "nobody@example.nl"})
        self.assertRedirects(reply, reverse("password_reset_done"))
        self.assertEqual(mail.outbox, [])

    def test_the_done_page_renders(self):
        reply = self.client.get(reverse("password_reset_done"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(reply, "<h1>Check your e-mail</h1>", html=True)

    def test_the_whole_reset_sets_the_new_password(self):
        link = self.ask_for_a_link()
        form = self.client.get(link, follow=True)  # Django moves the token into the session
        self.assertContains(form, '<label for="id_new_password1">')
        reply = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "a-new-Pass-phrase-7", "new_password2": "a-new-Pass-phrase-7"},
            follow=True,
        )
        self.assertRedirects(reply, reverse("password_reset_complete"))
        self.assertContains(reply, reverse("login"))
        self.counsellor.refresh_from_db()
        self.assertTrue(self.counsellor.check_password("a-new-Pass-phrase-7"))

    def test_a_used_link_says_so(self):
        link = self.ask_for_a_link()
        confirm = self.client.get(link, follow=True).redirect_chain[-1][0]
        self.client.post(
            confirm,
            {"new_password1": "a-new-Pass-phrase-7", "new_password2": "a-new-Pass-phrase-7"},
        )
        reply = self.client.get(link, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(reply.status_code, 200)
        self.assertContains(reply, "already been used or has expired")

    def test_a_weak_password_is_refused_at_its_field(self):
        link = self.ask_for_a_link()
        confirm = self.client.get(link, follow=True).redirect_chain[-1][0]
        reply = self.client.post(confirm, {"new_password1": "abc", "new_password2": "xyz"})
        self.assertEqual(reply.status_code, 200)
        self.assertContains(reply, 'aria-invalid="true"')
        self.counsellor.refresh_from_db()
        self.assertTrue(self.counsellor.check_password("old-password-1"))

    def test_the_complete_page_renders(self):
        reply = self.client.get(reverse("password_reset_complete"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(reply, "<h1>Password saved</h1>", html=True)


class SigningOut(TestCase):
    def test_a_post_signs_out_and_leads_to_the_sign_in_page(self):
        User.objects.create_user("ines", "ines@hogeschool-oost.example", "old-password-1")
        self.client.post(reverse("login"), {"username": "ines", "password": "old-password-1"})
        self.assertIn("_auth_user_id", self.client.session)
        reply = self.client.post(reverse("logout"))
        self.assertRedirects(reply, reverse("login"))
        self.assertNotIn("_auth_user_id", self.client.session)
