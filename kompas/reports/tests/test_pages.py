"""The report page, the PDF, sharing with a counsellor and the counsellor's read-only view."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from django.contrib.auth.models import User
from django.urls import reverse

from kompas.cohorts.models import Cohort, Institution
from kompas.counselling.models import Counsellor
from kompas.lib.testing import KompasTestCase
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.synthetic import generate_population
from kompas.reports import services
from kompas.reports.models import ReportCharts, ReportPdf, ReportRead, Share
from kompas.surveys import services as surveys
from kompas.surveys.models import ConsentRecord, Response

KOMPAS = get_instrument("kompas-1")
SYNTHETIC = generate_population(KOMPAS, 3, seed=7).answers
ALL_YES = {"feedback": True, "research": True, "linking": True}

SECTIONS = {
    "nl": [
        "Jouw kompas",
        "Hoe jij kiest",
        "Jouw pad door de levensfasen",
        "Overeenkomst met engineers in technische functies",
        "Jouw profiel",
        "Sterke punten en aandachtspunten",
        "Volgende stappen",
    ],
    "en": [
        "Your compass",
        "How you choose",
        "Your path through the life phases",
        "Resemblance to engineers in technical roles",
        "Your profile",
        "Strengths and points of attention",
        "Next steps",
    ],
}
#: Words drawn inside the charts (axis labels), which pdftotext reads from the vector text.
CHART_LABELS = {
    "nl": ["vergeleken met de vergelijkingsgroep (z)", "verkennen (z)", "binding (z)", "kans (%)"],
    "en": [
        "compared with the comparison group (z)",
        "exploring (z)",
        "commitment (z)",
        "chance (%)",
    ],
}
#: Pages the PDF of a whole report takes (measured: 10 in Dutch and in English).
PDF_PAGES = range(6, 13)


def synthetic_answers(number: int = 0) -> list[surveys.Entry]:
    """A synthetic respondent's answers, as a client would send them."""
    row = SYNTHETIC.iloc[number].dropna()
    return [surveys.Entry(str(item), int(value), k) for k, (item, value) in enumerate(row.items())]


def pdf_text(pdf: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        command = ["pdftotext", *options, str(path), "-"]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdf_pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], check=True, capture_output=True, text=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(pages.split()[1])


class ReportTestCase(KompasTestCase):
    def respond(
        self,
        language: str = "nl",
        consent: dict[str, bool] = ALL_YES,
        *,
        submit: bool = True,
        cohort: Cohort | None = None,
    ) -> tuple[Response, str]:
        """A response with a synthetic respondent's answers, submitted unless told not to."""
        response, token = surveys.start_response(cohort or self.cohort, language)
        surveys.record_consent(response, consent)
        surveys.save_answers(response, synthetic_answers())
        if submit:
            surveys.complete(response)
        return response, token

    def rescore(self, response: Response) -> None:
        """The response's result is computed anew, as when its scores change."""
        response.result.computed_at += timedelta(minutes=1)
        response.result.save()

    def report_page(self, token: str) -> Any:
        return self.client.get(reverse("reports:report", args=[token]))

    def counsellor(self, name: str, institution: Institution | None = None) -> Counsellor:
        user = User.objects.create_user(name.lower(), password="secret-enough-42")
        return Counsellor.objects.create(
            user=user, institution=institution or self.institution, name=name
        )


class TheReportPage(ReportTestCase):
    def test_it_shows_every_section_in_dutch(self):
        _response, token = self.respond("nl")
        reply = self.report_page(token)
        self.assertEqual(reply.status_code, 200)
        self.assertContains(reply, '<html lang="nl"')
        for heading in SECTIONS["nl"]:
            self.assertContains(reply, heading)
        self.assertNotContains(reply, "Your compass")

    def test_it_shows_every_section_in_english(self):
        _response, token = self.respond("en")
        reply = self.report_page(token)
        self.assertEqual(reply.status_code, 200)
        for heading in SECTIONS["en"]:
            self.assertContains(reply, heading)
        self.assertNotContains(reply, "Jouw kompas")

    def test_it_draws_the_charts_as_accessible_svg_with_the_numbers_in_tables(self):
        _response, token = self.respond("en")
        html = self.report_page(token).content.decode()
        for chart in ("compass", "identity", "trajectory", "prototypicality", "profile"):
            self.assertIn(f'id="chart-{chart}"', html)
        self.assertGreaterEqual(html.count('role="img"'), 5)
        self.assertEqual(html.count("<svg"), html.count("</svg>"))
        self.assertGreaterEqual(html.count('<table class="scores">'), 7 + 4)
        self.assertIn("<figcaption>", html)

    def test_it_says_the_norms_are_synthetic(self):
        _response, token = self.respond("en")
        self.assertContains(self.report_page(token), "synthetic demonstration group")

    def test_an_unsubmitted_response_is_told_what_is_missing_instead(self):
        response, token = self.respond("en", submit=False)
        reply = self.report_page(token)
        self.assertEqual(reply.status_code, 409)
        self.assertContains(reply, "Your report is not ready yet", status_code=409)
        progress = surveys.progress_of(KOMPAS, surveys.answers_of(response))
        self.assertContains(
            reply,
            f"You answered {progress.answered} of {progress.total} questions",
            status_code=409,
        )
        self.assertContains(reply, reverse("surveys:start", args=[token]), status_code=409)

    def test_a_response_without_feedback_consent_gets_no_report(self):
        _response, token = self.respond(
            "en", {"feedback": False, "research": True, "linking": False}
        )
        reply = self.report_page(token)
        self.assertContains(reply, "You chose not to receive personal feedback")
        self.assertNotContains(reply, "Your compass")
        self.assertEqual(self.client.get(reverse("reports:pdf", args=[token])).status_code, 404)

    def test_an_unknown_token_gets_no_report(self):
        self.assertEqual(self.report_page("x" * 32).status_code, 404)


class ThePdf(ReportTestCase):
    def download(self, token: str) -> bytes:
        reply = self.client.get(reverse("reports:pdf", args=[token]))
        self.assertEqual(reply.status_code, 200)
        self.assertEqual(reply["Content-Type"], "application/pdf")
        return bytes(reply.content)

    def check_pdf(self, language: str, filename: str) -> None:
        _response, token = self.respond(language)
        reply = self.client.get(reverse("reports:pdf", args=[token]))
        self.assertIn(f'filename="{filename}"', reply["Content-Disposition"])
        pdf = self.download(token)
        self.assertTrue(pdf.startswith(b"%PDF-"))
        self.assertIn(pdf_pages(pdf), PDF_PAGES)
        text = " ".join(pdf_text(pdf).split())
        for heading in SECTIONS[language]:
            self.assertIn(heading, text)
        for label in CHART_LABELS[language]:
            self.assertIn(label, text)

    def test_the_dutch_pdf_opens_with_every_section_and_chart_in_dutch(self):
        self.check_pdf("nl", "kompas-rapport.pdf")

    def test_the_english_pdf_opens_with_every_section_and_chart_in_english(self):
        self.check_pdf("en", "kompas-report.pdf")

    def test_every_page_carries_its_number_and_the_count(self):
        _response, token = self.respond("en")
        pdf = self.download(token)
        count = pdf_pages(pdf)
        pages = pdf_text(pdf).split("\f")[:count]
        for number, page in enumerate(pages, start=1):
            self.assertIn(f"{number} / {count}", " ".join(page.split()))

    def test_the_tall_compass_chart_shrinks_onto_one_page_instead_of_being_cut(self):
        _response, token = self.respond("en")
        pages = [" ".join(page.split()) for page in pdf_text(self.download(token)).split("\f")]
        # The axis label is drawn at the chart's foot; a cut chart loses it.
        (foot,) = [page for page in pages if CHART_LABELS["en"][0] in page]
        self.assertIn("middle two thirds", foot)  # the legend, at the chart's head
        self.assertIn("Realistic", foot)  # the first row

    def test_it_uses_the_print_style(self):
        _response, token = self.respond("en")
        fonts = subprocess.run(
            ["pdffonts", "-"], input=self.download(token), capture_output=True, check=True
        ).stdout.decode()
        self.assertIn("DejaVu-Sans", fonts)
        self.assertNotIn("Serif", fonts)

    def test_it_is_rendered_once_and_then_served_from_the_cache(self):
        response, token = self.respond("en")
        first = self.download(token)
        self.assertEqual(ReportPdf.objects.count(), 1)
        stored = ReportPdf.objects.get()
        second = self.download(token)
        self.assertEqual(first, second)
        self.assertEqual(ReportPdf.objects.get().rendered_at, stored.rendered_at)
        self.assertEqual(services.cached_pdf(response, "en"), bytes(stored.pdf))

    def test_it_is_rendered_again_after_the_scores_change(self):
        response, token = self.respond("en")
        self.download(token)
        stored = ReportPdf.objects.get()
        self.rescore(response)
        self.download(token)
        renewed = ReportPdf.objects.get()
        self.assertEqual(ReportPdf.objects.count(), 1)
        self.assertEqual(renewed.result_computed_at, response.result.computed_at)
        self.assertGreater(renewed.rendered_at, stored.rendered_at)

    def test_each_language_has_its_own_cached_pdf(self):
        response, _token = self.respond("nl")
        for language in ("nl", "en"):
            report = services.report_of(response, language)
            services.store_pdf(response, language, services.report_pdf(report, charts={}))
        self.assertEqual(ReportPdf.objects.count(), 2)
        dutch, english = services.cached_pdf(response, "nl"), services.cached_pdf(response, "en")
        assert dutch is not None and english is not None
        self.assertIn("Jouw kompas", pdf_text(dutch))
        self.assertIn("Your compass", pdf_text(english))

    def test_rendering_stores_nothing(self):
        response, _token = self.respond("en")
        services.report_pdf(services.report_of(response), charts={})
        self.assertFalse(ReportPdf.objects.exists())
        self.assertIsNone(services.cached_pdf(response, "en"))

    def test_an_unsubmitted_response_has_no_pdf(self):
        _response, token = self.respond("en", submit=False)
        self.assertEqual(self.client.get(reverse("reports:pdf", args=[token])).status_code, 404)
        self.assertFalse(ReportPdf.objects.exists())


class TheCharts(ReportTestCase):
    def not_drawn(self) -> Any:
        """Fails the test if the charts are drawn instead of read from the database."""
        refusal = AssertionError("the charts were drawn again")
        return mock.patch("kompas.reports.views.draw_report_charts", side_effect=refusal)

    def test_they_are_drawn_once_and_then_read_from_the_database(self):
        _response, token = self.respond("en")
        self.report_page(token)
        stored = ReportCharts.objects.get()
        self.assertEqual(set(stored.charts), {"compass", "identity", "trajectory",
                                              "prototypicality", "profile"})  # fmt: skip
        with self.not_drawn():
            html = self.report_page(token).content.decode()
        self.assertIn(stored.charts["compass"]["svg"], html)
        self.assertIn(stored.charts["profile"]["alt"], html)
        self.assertEqual(ReportCharts.objects.get().rendered_at, stored.rendered_at)

    def test_they_are_drawn_again_after_the_scores_change(self):
        response, token = self.respond("en")
        self.report_page(token)
        stored = ReportCharts.objects.get()
        self.rescore(response)
        self.report_page(token)
        renewed = ReportCharts.objects.get()
        self.assertEqual(renewed.result_computed_at, response.result.computed_at)
        self.assertGreater(renewed.rendered_at, stored.rendered_at)

    def test_each_language_has_its_own_charts(self):
        response, token = self.respond("en")
        self.report_page(token)
        response.language = "nl"
        response.save(update_fields=["language"])
        html = self.report_page(token).content.decode()
        self.assertEqual(ReportCharts.objects.count(), 2)
        dutch = ReportCharts.objects.get(language="nl").charts["compass"]
        self.assertIn(">middelste twee derde<", dutch["svg"])
        self.assertIn(dutch["svg"], html)

    def test_the_pdf_and_the_counsellors_view_use_the_stored_charts(self):
        response, token = self.respond("en")
        self.report_page(token)
        shared = services.share(response, self.counsellor("Anna"))
        with self.not_drawn():
            pdf = self.client.get(reverse("reports:pdf", args=[token]))
            self.client.force_login(shared.counsellor.user)
            page = self.client.get(reverse("reports:shared", args=[shared.pk]))
        self.assertEqual((pdf.status_code, page.status_code), (200, 200))
        self.assertIn(CHART_LABELS["en"][0], " ".join(pdf_text(pdf.content).split()))
        self.assertContains(page, ReportCharts.objects.get().charts["identity"]["svg"])


class Sharing(ReportTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.response, self.token = self.respond("en")
        self.anna = self.counsellor("Anna")

    def share(self, counsellor: Counsellor, consent: str | None = "yes") -> Any:
        data = {"counsellor": str(counsellor.pk)}
        if consent is not None:
            data["consent"] = consent
        return self.client.post(reverse("reports:share", args=[self.token]), data)

    def test_the_report_offers_the_institutions_counsellors_only(self):
        self.counsellor("Bert", Institution.objects.create(name="Hogeschool West", slug="west"))
        reply = self.report_page(self.token)
        self.assertContains(reply, "Share with a counsellor")
        self.assertContains(reply, f'<option value="{self.anna.pk}">Anna</option>', html=True)
        self.assertNotContains(reply, "Bert")

    def test_sharing_with_consent_shares_and_records_the_consent(self):
        reply = self.share(self.anna)
        self.assertRedirects(reply, reverse("reports:report", args=[self.token]))
        share = Share.objects.get()
        self.assertEqual((share.response, share.counsellor), (self.response, self.anna))
        consent = ConsentRecord.objects.get(purpose="sharing")
        self.assertTrue(consent.granted)
        self.assertEqual(consent.text_version, services.SHARING_CONSENT_VERSION)
        self.assertContains(self.report_page(self.token), "Shared with Anna")

    def test_without_the_consent_box_nothing_is_shared(self):
        reply = self.share(self.anna, consent=None)
        self.assertEqual(
            reply["Location"],
            reverse("reports:report", args=[self.token]) + "?share=incomplete#share",
        )
        self.assertFalse(Share.objects.exists())
        self.assertFalse(ConsentRecord.objects.filter(purpose="sharing").exists())
        reply = self.client.get(reply["Location"])
        self.assertContains(reply, "tick the box to give your consent")

    def test_a_counsellor_of_another_institution_cannot_be_chosen(self):
        west = Institution.objects.create(name="Hogeschool West", slug="west")
        self.share(self.counsellor("Bert", west))
        self.assertFalse(Share.objects.exists())
        self.assertFalse(ConsentRecord.objects.filter(purpose="sharing").exists())

    def test_the_service_refuses_a_counsellor_of_another_institution_too(self):
        west = Institution.objects.create(name="Hogeschool West", slug="west")
        with self.assertRaisesMessage(ValueError, "within the respondent's institution"):
            services.share(self.response, self.counsellor("Bert", west))

    def test_a_counsellor_that_is_not_a_number_is_refused_like_a_missing_one(self):
        reply = self.client.post(
            reverse("reports:share", args=[self.token]), {"counsellor": "anna", "consent": "yes"}
        )
        self.assertEqual(reply.status_code, 302)
        self.assertTrue(reply["Location"].endswith("?share=incomplete#share"))
        self.assertFalse(Share.objects.exists())

    def test_sharing_twice_keeps_one_share(self):
        self.share(self.anna)
        self.share(self.anna)
        self.assertEqual(Share.objects.active().count(), 1)

    def test_an_unsubmitted_report_cannot_be_shared(self):
        _response, token = self.respond("en", submit=False)
        self.client.post(
            reverse("reports:share", args=[token]), {"counsellor": self.anna.pk, "consent": "yes"}
        )
        self.assertFalse(Share.objects.exists())

    def test_revoking_ends_the_share(self):
        self.share(self.anna)
        share = Share.objects.get()
        self.client.post(reverse("reports:revoke", args=[self.token, share.pk]))
        share.refresh_from_db()
        self.assertIsNotNone(share.revoked_at)
        self.assertNotContains(self.report_page(self.token), "Shared with Anna")

    def test_a_share_of_another_response_cannot_be_revoked_with_this_token(self):
        other, _token = self.respond("en")
        share = services.share(other, self.anna)
        self.client.post(reverse("reports:revoke", args=[self.token, share.pk]))
        share.refresh_from_db()
        self.assertIsNone(share.revoked_at)


class TheCounsellorsView(ReportTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.response, self.token = self.respond("nl")
        self.anna = self.counsellor("Anna")
        self.shared = services.share(self.response, self.anna)

    def read(self, share_id: int, counsellor: Counsellor | None = None) -> Any:
        self.client.force_login((counsellor or self.anna).user)
        return self.client.get(reverse("reports:shared", args=[share_id]))

    def nothing_here(self) -> bytes:
        reply = self.read(999_999)
        self.assertEqual(reply.status_code, 404)
        return bytes(reply.content)

    def test_the_counsellor_reads_the_shared_report_in_the_respondents_language(self):
        reply = self.read(self.shared.pk)
        self.assertEqual(reply.status_code, 200)
        self.assertContains(reply, self.response.respondent_key)
        for heading in SECTIONS["nl"]:
            self.assertContains(reply, heading)
        self.assertNotContains(reply, "Delen met een begeleider")  # no sharing form here

    def test_each_read_is_logged(self):
        self.read(self.shared.pk)
        self.read(self.shared.pk)
        reads = ReportRead.objects.filter(share=self.shared)
        self.assertEqual(reads.count(), 2)
        self.assertEqual({read.reader for read in reads}, {self.anna.user})

    def test_a_revoked_share_gives_the_same_404_as_one_that_does_not_exist(self):
        services.revoke(self.shared)
        reply = self.read(self.shared.pk)
        self.assertEqual(reply.status_code, 404)
        self.assertEqual(reply.content, self.nothing_here())
        self.assertFalse(ReportRead.objects.exists())

    def test_another_counsellors_share_gives_the_same_404(self):
        bert = self.counsellor("Bert")
        reply = self.read(self.shared.pk, bert)
        self.assertEqual(reply.status_code, 404)
        self.assertEqual(reply.content, self.nothing_here())

    def test_a_counsellor_of_another_institution_gets_the_same_404(self):
        west = Institution.objects.create(name="Hogeschool West", slug="west")
        reply = self.read(self.shared.pk, self.counsellor("Carla", west))
        self.assertEqual(reply.status_code, 404)
        self.assertEqual(reply.content, self.nothing_here())

    def test_a_user_who_is_no_counsellor_gets_the_same_404(self):
        self.client.force_login(User.objects.create_user("dirk"))
        reply = self.client.get(reverse("reports:shared", args=[self.shared.pk]))
        self.assertEqual(reply.status_code, 404)
        self.assertEqual(reply.content, self.nothing_here())

    def test_anonymous_visitors_are_sent_to_log_in(self):
        url = reverse("reports:shared", args=[self.shared.pk])
        reply = self.client.get(url)
        self.assertRedirects(reply, f"/accounts/login/?next={url}", fetch_redirect_response=False)
        self.assertFalse(ReportRead.objects.exists())
