"""The respondent journey in the browser: link -> language -> consent -> pages -> finish.

Every page works without scripts (a page submit saves its answers); with scripts each answer
is also saved as it is given (`autosave`). The token in the URL is the respondent's key, so
an expired session never loses an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Concatenate, ParamSpec

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kompas.cohorts.models import Cohort, Invitation
from kompas.lib.ratelimit import count_failure, is_limited
from kompas.lib.tokens import hash_token
from kompas.psychometrics.instrument import Instrument, Page, get_instrument
from kompas.surveys import services
from kompas.surveys.models import ConsentRecord, Response
from kompas.surveys.presentation import page_context

P = ParamSpec("P")
LANGUAGES = ("nl", "en")


def invalid_link(request: HttpRequest) -> HttpResponse:
    """The one answer for unknown, used and closed links: nothing to tell them apart."""
    count_failure(request)
    return render(request, "surveys/invalid_link.html", status=404)


def too_many_attempts(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/too_many_attempts.html", status=429)


def _activate(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


def respondent_view(
    view: Callable[Concatenate[HttpRequest, Response, str, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, str, P], HttpResponse]:
    """Resolve the token in the URL to its response and speak the response's language."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, token: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        if is_limited(request):
            return too_many_attempts(request)
        response = services.find_response(token)
        if response is None:
            return invalid_link(request)
        _activate(request, response.language)
        return view(request, response, token, *args, **kwargs)

    return wrapper


def _chosen_language(request: HttpRequest, default: str) -> str:
    language = request.POST.get("language") or request.GET.get("language") or default
    return language if language in LANGUAGES else default


def _next_step(response: Response, token: str) -> HttpResponse:
    """Where a returning respondent continues: consent, the first open page or the end."""
    if response.is_completed:
        return redirect("reports:report", token=token)
    consents = services.consents_of(response)
    if not consents or not services.takes_part(consents):
        return redirect("surveys:consent", token=token)
    instrument = services.instrument_of(response)
    index = services.first_open_page(instrument, services.answers_of(response))
    if index is None:
        return redirect("surveys:finish", token=token)
    return redirect("surveys:page", token=token, number=index + 1)


def _choose_language(request: HttpRequest, cohort: Cohort) -> HttpResponse:
    language = _chosen_language(request, cohort.default_language)
    _activate(request, language)
    return render(
        request,
        "surveys/choose_language.html",
        {
            "cohort": cohort,
            "language": language,
            "title": get_instrument(cohort.instrument_id).title,
        },
    )


@require_http_methods(["GET", "POST"])
def cohort_start(request: HttpRequest, token: str) -> HttpResponse:
    """The open link of a cohort: every visit that chooses a language starts a response."""
    if is_limited(request):
        return too_many_attempts(request)
    cohort = Cohort.objects.filter(link_token_hash=hash_token(token)).first()
    if cohort is None or not cohort.is_open():
        return invalid_link(request)
    if request.method == "GET":
        return _choose_language(request, cohort)
    _, resume = services.start_response(cohort, _chosen_language(request, cohort.default_language))
    return redirect("surveys:consent", token=resume)


@require_http_methods(["GET", "POST"])
def respondent_start(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link or a resume link: start, or continue where the respondent left off."""
    if is_limited(request):
        return too_many_attempts(request)
    response = services.find_response(token)
    if response is not None:
        _activate(request, response.language)
        return _next_step(response, token)
    invitation = (
        Invitation.objects.select_related("cohort")
        .filter(token_hash=hash_token(token), response__isnull=True)
        .first()
    )
    if invitation is None or not invitation.cohort.is_open():
        return invalid_link(request)
    if request.method == "GET":
        return _choose_language(request, invitation.cohort)
    language = _chosen_language(request, invitation.cohort.default_language)
    services.start_response(invitation.cohort, language, invitation=invitation)
    return redirect("surveys:consent", token=token)


@require_http_methods(["GET", "POST"])
@respondent_view
def consent(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    if response.is_completed:
        return redirect("reports:report", token=token)
    purposes = [p for p in ConsentRecord.Purpose.values if p != ConsentRecord.Purpose.SHARING]
    chosen = {p: request.POST.get(p) for p in purposes}
    errors = {}
    if request.method == "POST":
        errors = {p: _("Choose yes or no.") for p, v in chosen.items() if v not in ("yes", "no")}
        if not errors:
            choices = {p: v == "yes" for p, v in chosen.items()}
            services.record_consent(response, choices)
            if not choices["feedback"] and not choices["research"]:
                return render(request, "surveys/declined.html", {"token": token})
            return _next_step(response, token)
    else:
        current = services.consents_of(response)
        chosen = {p: ("yes" if current[p] else "no") if p in current else None for p in purposes}
    return render(
        request,
        "surveys/consent.html",
        {
            "token": token,
            "chosen": chosen,
            "errors": errors,
            "resume_url": request.build_absolute_uri(reverse("surveys:start", args=[token])),
            "version": services.CONSENT_VERSION,
        },
        status=400 if errors else 200,
    )


def _entries_from_form(
    request: HttpRequest, instrument: Instrument, page: Page, sequence: int
) -> tuple[list[services.Entry], dict[str, str]]:
    """The page's answers as entries; a value that is not a number becomes a problem."""
    entries, problems = [], {}
    for question in page.questions:
        raw = request.POST.get(question)
        if raw is None:
            continue
        is_text = question in instrument.items and instrument.items[question].type == "text"
        if is_text:
            entries.append(services.Entry(question, raw, sequence))
        elif raw == "":
            continue
        else:
            try:
                entries.append(services.Entry(question, int(raw), sequence))
            except ValueError:
                problems[question] = _("Choose one of the options.")
    return entries, problems


def _sequence(request: HttpRequest, response: Response) -> int:
    try:
        sequence = int(request.POST.get("seq", ""))
    except ValueError:
        sequence = 0
    return max(sequence, services.next_sequence(response))


@require_http_methods(["GET", "POST"])
@respondent_view
def page(request: HttpRequest, response: Response, token: str, number: int) -> HttpResponse:
    if response.is_completed:
        return redirect("reports:report", token=token)
    if not response.takes_part:
        return redirect("surveys:consent", token=token)
    instrument = services.instrument_of(response)
    answers = services.answers_of(response)
    pages = services.visible_pages(instrument, answers)
    if not 1 <= number <= len(pages):
        return redirect("surveys:page", token=token, number=max(1, min(number, len(pages))))
    current = pages[number - 1]
    problems: dict[str, str] = {}
    shown: Mapping[str, object]
    if request.method == "POST":
        entries, problems = _entries_from_form(
            request, instrument, current, _sequence(request, response)
        )
        if not problems:
            try:
                services.save_answers(response, entries)
            except services.AnswerRejected as rejected:
                problems = {
                    k: _("This answer could not be saved: choose one of the options.")
                    for k in rejected.problems
                }
        if not problems:
            answers = services.answers_of(response)
            pages = services.visible_pages(instrument, answers)
            target = number - 1 if "previous" in request.POST else number + 1
            if target > len(pages):
                return redirect("surveys:finish", token=token)
            return redirect("surveys:page", token=token, number=max(1, target))
        submitted = {q: request.POST.get(q, "") for q in current.questions}
        shown = {**answers, **{k: v for k, v in submitted.items() if v}}
    else:
        shown = answers
    # Progress counts what is stored; the page shows what was submitted, to be corrected.
    context = page_context(instrument, response, pages, number, shown, problems, answers)
    context.update(
        {
            "token": token,
            "sequence": services.next_sequence(response),
            "resume_url": request.build_absolute_uri(reverse("surveys:start", args=[token])),
            "autosave_messages": {
                "saved": _("Saved"),
                "saving": _("Saving…"),
                "offline": _("Not saved yet: we will try again. Your answer is still selected."),
                "rejected": _("This answer could not be saved."),
                "progress": _("Page %(number)s of %(count)s · __A__ of __T__ questions answered")
                % {"number": number, "count": len(pages)},
            },
        }
    )
    return render(request, "surveys/page.html", context, status=400 if problems else 200)


@require_POST
@respondent_view
def autosave(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    """Save one answer as it is given: item, value ("" clears) and the client's sequence."""
    item = request.POST.get("item", "")
    raw = request.POST.get("value", "")
    try:
        sequence = int(request.POST.get("seq", ""))
    except ValueError:
        return JsonResponse({"error": "seq must be a whole number"}, status=400)
    if not response.takes_part:
        return JsonResponse({"error": "consent for feedback or research is needed"}, status=403)
    instrument = services.instrument_of(response)
    is_text = item in instrument.items and instrument.items[item].type == "text"
    value: int | str | None
    if is_text:
        value = raw
    elif raw == "":
        value = None
    else:
        try:
            value = int(raw)
        except ValueError:
            return JsonResponse({"error": f"{item}: value must be a whole number"}, status=400)
    try:
        services.save_answers(response, [services.Entry(item, value, sequence)])
    except services.AnswerRejected as rejected:
        status = 409 if response.is_completed else 400
        return JsonResponse({"error": str(rejected), "problems": rejected.problems}, status=status)
    # The page's script keeps the progress itself: a save stays two queries.
    return JsonResponse({"saved": item, "seq": sequence})


@require_http_methods(["GET", "POST"])
@respondent_view
def finish(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    if response.is_completed:
        return redirect("reports:report", token=token)
    if not response.takes_part:
        return redirect("surveys:consent", token=token)
    if request.method == "POST":
        services.complete(response)
        return redirect("reports:report", token=token)
    instrument = services.instrument_of(response)
    answers = services.answers_of(response)
    pages = services.visible_pages(instrument, answers)
    return render(
        request,
        "surveys/finish.html",
        {
            "token": token,
            "progress": services.progress_of(instrument, answers),
            "first_open": services.first_open_page(instrument, answers),
            "page_count": len(pages),
        },
    )


@require_POST
@respondent_view
def change_language(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    language = request.POST.get("language", "")
    if language in LANGUAGES and language != response.language:
        response.language = language
        response.save(update_fields=["language"])
    target = request.POST.get("next", "")
    if not target.startswith(f"/s/{token}/"):
        target = reverse("surveys:start", args=[token])
    return redirect(target)


@require_POST
@respondent_view
def email_link(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    """Send the resume link to an address that is used once and never stored."""
    address = request.POST.get("email", "").strip()
    try:
        validate_email(address)
    except ValidationError:
        return render(
            request,
            "surveys/email_sent.html",
            {
                "token": token,
                "error": _("Enter a valid e-mail address, like name@example.nl."),
                "email": address,
            },
            status=400,
        )
    link = request.build_absolute_uri(reverse("surveys:start", args=[token]))
    send_mail(
        _("Your link to continue the Career Compass"),
        _(
            "Use this link to continue where you left off:\n\n%(link)s\n\nKeep it to yourself: "
            "anyone with this link can see your answers."
        )
        % {"link": link},
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )
    return render(request, "surveys/email_sent.html", {"token": token, "email": address})
