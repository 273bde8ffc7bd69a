"""The respondent journey: link, language, consent, pages, autosave, resume and submit."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from kompas.lib.testing import KompasTestCase, answer_the_rest
from kompas.lib.tokens import hash_token
from kompas.psychometrics.instrument import get_instrument
from kompas.surveys import services
from kompas.surveys.models import Answer, ConsentRecord, Response

KOMPAS = get_instrument("kompas-1")
ALL_YES = {"feedback": "yes", "research": "yes", "linking": "yes"}


class JourneyTestCase(KompasTestCase):
    token: str

    def start_from_cohort(self, language: str = "nl") -> str:
        reply = self.client.post(
            reverse("surveys:cohort", args=[self.cohort_token]), {"language": language}
        )
        self.assertEqual(reply.status_code, 302)
        return reply["Location"].split("/")[2]

    def give_consent(self, token: str, choices: dict[str, str] = ALL_YES) -> None:
        self.client.post(reverse("surveys:consent", args=[token]), choices)

    def page_answers(self, number: int, value: int = 4, student: bool = True) -> dict[str, str]:
        response = services.find_response(self.token)
        assert response is not None
        answers = services.answers_of(response)
        page = services.visible_pages(KOMPAS, answers)[number - 1]
        data = {}
        for question in page.questions:
            if question in KOMPAS.background:
                data[question] = (
                    "1"
                    if question == "bg_role" and student
                    else str(min(KOMPAS.background[question].values))
                )
            elif KOMPAS.items[question].is_numeric:
                data[question] = str(value)
        return data


class TheCohortLink(JourneyTestCase):
    def test_it_offers_both_languages_in_the_cohorts_default(self):
        reply = self.client.get(reverse("surveys:cohort", args=[self.cohort_token]))
        self.assertContains(reply, 'lang="nl"')
        self.assertContains(reply, "English")

    def test_choosing_a_language_starts_a_response_and_asks_for_consent(self):
        self.token = self.start_from_cohort("en")
        response = Response.objects.get()
        self.assertEqual(response.language, "en")
        self.assertEqual(response.instrument_version, KOMPAS.version)
        self.assertEqual(response.resume_token_hash, hash_token(self.token))
        reply = self.client.get(reverse("surveys:consent", args=[self.token]))
        self.assertContains(reply, "Your consent")

    def test_only_the_hash_of_a_token_is_stored(self):
        self.token = self.start_from_cohort()
        self.assertFalse(Response.objects.filter(resume_token_hash=self.token).exists())
        self.assertGreaterEqual(len(self.token), 22)  # >= 128 bits in URL-safe base64

    def test_a_closed_cohort_answers_like_an_unknown_link(self):
        self.cohort.closes_at = self.cohort.opens_at
        self.cohort.save()
        closed = self.client.get(reverse("surveys:cohort", args=[self.cohort_token]))
        unknown = self.client.get(reverse("surveys:cohort", args=["x" * 32]))
        self.assertEqual(closed.status_code, 404)
        self.assertEqual(closed.content, unknown.content)


class ThePersonalLink(JourneyTestCase):
    def test_it_starts_once_and_then_resumes_the_same_response(self):
        url = reverse("surveys:start", args=[self.invitation_token])
        self.client.post(url, {"language": "nl"})
        self.client.post(url, {"language": "nl"})
        self.assertEqual(Response.objects.count(), 1)
        self.invitation.refresh_from_db()
        self.assertIsNotNone(self.invitation.response)

    def test_a_completed_personal_link_leads_to_its_report_and_never_starts_again(self):
        url = reverse("surveys:start", args=[self.invitation_token])
        self.client.post(url, {"language": "nl"})
        answer_the_rest(Response.objects.get())
        services.complete(Response.objects.get())
        reply = self.client.post(url, {"language": "en"})
        self.assertRedirects(reply, reverse("reports:report", args=[self.invitation_token]))
        self.assertEqual(Response.objects.count(), 1)

    def test_the_answers_never_hold_the_email_address(self):
        self.client.post(reverse("surveys:start", args=[self.invitation_token]), {"language": "nl"})
        response = Response.objects.get()
        fields = [f.name for f in Response._meta.get_fields()]
        self.assertNotIn("email", fields)
        self.assertEqual(response.invitation.email, "anna@example.nl")


class Consent(JourneyTestCase):
    def setUp(self):
        super().setUp()
        self.token = self.start_from_cohort()

    def test_each_purpose_is_recorded_with_the_text_version(self):
        self.give_consent(self.token, {"feedback": "yes", "research": "no", "linking": "no"})
        records = {r.purpose: r for r in ConsentRecord.objects.all()}
        self.assertTrue(records["feedback"].granted)
        self.assertFalse(records["research"].granted)
        self.assertEqual(records["linking"].text_version, services.CONSENT_VERSION)

    def test_a_missing_choice_is_named_and_nothing_is_recorded(self):
        reply = self.client.post(reverse("surveys:consent", args=[self.token]), {"feedback": "yes"})
        self.assertEqual(reply.status_code, 400)
        self.assertContains(reply, 'id="consent-research-error"', status_code=400)
        self.assertFalse(ConsentRecord.objects.exists())

    def test_saying_no_to_feedback_and_research_asks_no_questions(self):
        reply = self.client.post(
            reverse("surveys:consent", args=[self.token]),
            {"feedback": "no", "research": "no", "linking": "no"},
        )
        self.assertContains(reply, "/consent/")
        page = self.client.get(reverse("surveys:page", args=[self.token, 1]))
        self.assertRedirects(page, reverse("surveys:consent", args=[self.token]))
        save = self.client.post(
            reverse("surveys:save", args=[self.token]),
            {"item": "int_realistic_1", "value": "3", "seq": "1"},
        )
        self.assertEqual(save.status_code, 403)
        self.assertFalse(Answer.objects.exists())

    def test_saying_no_to_research_still_leads_to_the_questions(self):
        reply = self.client.post(
            reverse("surveys:consent", args=[self.token]),
            {"feedback": "yes", "research": "no", "linking": "no"},
        )
        self.assertRedirects(reply, reverse("surveys:page", args=[self.token, 1]))


class Pages(JourneyTestCase):
    def setUp(self):
        super().setUp()
        self.token = self.start_from_cohort("en")
        self.give_consent(self.token)

    def test_every_likert_item_is_a_fieldset_with_a_legend_and_labelled_radios(self):
        reply = self.client.get(reverse("surveys:page", args=[self.token, 2]))
        html = reply.content.decode()
        first = KOMPAS.pages[1].questions[0]
        self.assertIn(f'<fieldset class="question likert" id="q-{first}"', html)
        self.assertRegex(
            html,
            f'<label class="cell" for="{first}-5"><input type="radio" id="{first}-5"[^>]*>'
            '<span class="visually-hidden">Strongly agree</span></label>',
        )
        self.assertIn(f"<legend>{KOMPAS.items[first].text['en']}</legend>", html)

    def test_submitting_a_page_saves_it_and_goes_to_the_next(self):
        data = self.page_answers(1)
        reply = self.client.post(
            reverse("surveys:page", args=[self.token, 1]), {**data, "next": "1"}
        )
        self.assertRedirects(reply, reverse("surveys:page", args=[self.token, 2]))
        self.assertEqual(Answer.objects.get(item="bg_role").value, 1)

    def test_a_value_outside_the_range_is_explained_and_nothing_is_stored(self):
        data = self.page_answers(2)
        first = next(iter(data))
        data[first] = "9"
        reply = self.client.post(reverse("surveys:page", args=[self.token, 2]), data)
        self.assertEqual(reply.status_code, 400)
        self.assertContains(reply, f'id="{first}-error"', status_code=400)
        self.assertFalse(Answer.objects.exists())

    def test_a_student_does_not_see_the_first_job_page(self):
        self.client.post(reverse("surveys:page", args=[self.token, 1]), self.page_answers(1))
        answers = services.answers_of(Response.objects.get())
        ids = [p.id for p in services.visible_pages(KOMPAS, answers)]
        self.assertFalse(any("first_job" in i for i in ids))


class Autosave(JourneyTestCase):
    def setUp(self):
        super().setUp()
        self.token = self.start_from_cohort()
        self.give_consent(self.token)
        self.url = reverse("surveys:save", args=[self.token])

    def save(self, item: str, value: str, seq: int):
        return self.client.post(self.url, {"item": item, "value": value, "seq": str(seq)})

    def test_an_answer_is_saved_as_it_is_given(self):
        reply = self.save("int_realistic_1", "4", 10)
        self.assertEqual(reply.status_code, 200)
        self.assertEqual(reply.json(), {"saved": "int_realistic_1", "seq": 10})
        self.assertEqual(Answer.objects.get().value, 4)

    def test_a_late_request_never_overwrites_a_newer_answer(self):
        self.save("int_realistic_1", "5", 12)
        self.save("int_realistic_1", "2", 11)
        self.assertEqual(Answer.objects.get().value, 5)

    def test_a_cleared_answer_no_longer_counts_as_answered(self):
        self.save("int_realistic_1", "4", 1)
        self.assertEqual(self.save("int_realistic_1", "", 2).status_code, 200)
        response = Response.objects.get()
        self.assertEqual(services.progress_of(KOMPAS, services.answers_of(response)).answered, 0)
        self.assertNotIn("int_realistic_1", services.answers_of(response))
        answer_the_rest(response, leaving_out=["int_realistic_1"])
        services.complete(response)  # and scoring treats it as missing:
        # the mean of _2, _3 (4 each) and the reversed _4 (6 - 4 = 2) alone
        self.assertAlmostEqual(response.result.data["int_realistic"], (4 + 4 + 2) / 3)

    def test_a_repeated_request_is_harmless(self):
        for _ in range(3):
            self.save("int_realistic_1", "3", 20)
        self.assertEqual(Answer.objects.get().value, 3)

    def test_an_item_of_another_instrument_is_refused(self):
        reply = self.save("A1", "3", 1)
        self.assertEqual(reply.status_code, 400)
        self.assertIn("is not a question of kompas-1", reply.json()["error"])
        self.assertFalse(Answer.objects.exists())

    def test_a_value_out_of_range_is_refused(self):
        self.assertEqual(self.save("int_realistic_1", "6", 1).status_code, 400)
        self.assertEqual(self.save("int_realistic_1", "x", 2).status_code, 400)
        self.assertEqual(self.save("int_realistic_1", "3", "y").status_code, 400)
        self.assertFalse(Answer.objects.exists())

    def test_answers_after_the_final_submit_are_refused(self):
        self.save("int_realistic_1", "3", 1)
        answer_the_rest(Response.objects.get())
        services.complete(Response.objects.get())
        reply = self.save("int_realistic_1", "5", 2)
        self.assertEqual(reply.status_code, 409)
        self.assertEqual(Answer.objects.get(item="int_realistic_1").value, 3)

    def test_a_save_without_csrf_token_is_refused(self):
        client = self.client_class(enforce_csrf_checks=True)
        reply = client.post(self.url, {"item": "int_realistic_1", "value": "3", "seq": "1"})
        self.assertEqual(reply.status_code, 403)
        self.assertFalse(Answer.objects.exists())

    def test_an_oversized_request_is_refused(self):
        reply = self.client.post(
            self.url, {"item": "lp_childhood_experience", "value": "x" * 70_000, "seq": "1"}
        )
        self.assertEqual(reply.status_code, 400)
        self.assertFalse(Answer.objects.exists())


class Resume(JourneyTestCase):
    def test_a_returning_respondent_lands_on_the_first_unanswered_page(self):
        self.token = self.start_from_cohort()
        self.give_consent(self.token)
        for number in (1, 2, 3):
            self.client.post(
                reverse("surveys:page", args=[self.token, number]), self.page_answers(number)
            )
        self.client.logout()
        self.client.cookies.clear()
        reply = self.client.get(reverse("surveys:start", args=[self.token]))
        self.assertRedirects(reply, reverse("surveys:page", args=[self.token, 4]))
        page_two = self.client.get(reverse("surveys:page", args=[self.token, 2]))
        self.assertContains(page_two, "checked", count=len(self.page_answers(2)))

    def test_the_resume_link_can_be_emailed_without_storing_the_address(self):
        self.token = self.start_from_cohort()
        reply = self.client.post(
            reverse("surveys:email", args=[self.token]), {"email": "bo@example.nl"}
        )
        self.assertEqual(reply.status_code, 200)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(f"/s/{self.token}/", mail.outbox[0].body)
        self.assertEqual(mail.outbox[0].to, ["bo@example.nl"])

    def test_a_wrong_email_address_is_explained(self):
        self.token = self.start_from_cohort()
        reply = self.client.post(reverse("surveys:email", args=[self.token]), {"email": "bo@"})
        self.assertContains(reply, 'aria-invalid="true"', status_code=400)
        self.assertEqual(len(mail.outbox), 0)


class Submit(JourneyTestCase):
    def test_the_final_submit_stores_scores_and_shows_the_report(self):
        self.token = self.start_from_cohort("en")
        self.give_consent(self.token)
        count = len(services.visible_pages(KOMPAS, {"bg_role": 1}))
        for number in range(1, count + 1):
            self.client.post(
                reverse("surveys:page", args=[self.token, number]), self.page_answers(number)
            )
        reply = self.client.post(reverse("surveys:finish", args=[self.token]))
        self.assertRedirects(reply, reverse("reports:report", args=[self.token]))
        response = Response.objects.get()
        self.assertTrue(response.is_completed)
        # every item answered 4: three forward items and one reversed (6 - 4 = 2)
        self.assertEqual(response.result.data["int_realistic"], (4 + 4 + 4 + 2) / 4)
        self.assertTrue(response.result.synthetic_reference)
        report = self.client.get(reply.url)
        self.assertContains(report, "synthetic demonstration group, not real people")
        again = self.client.post(reverse("surveys:finish", args=[self.token]))
        self.assertEqual(again.status_code, 302)
        self.assertEqual(Response.objects.get().completed_at, response.completed_at)


class TokenGuessing(JourneyTestCase):
    def test_many_wrong_tokens_are_slowed_down(self):
        for n in range(20):
            self.assertEqual(self.client.get(f"/s/wrong{n:027d}/").status_code, 404)
        self.assertEqual(self.client.get(f"/s/wrong{99:027d}/").status_code, 429)
