"""The respondent journey in the browser: link -> language -> consent -> pages -> finish.

Every page works without scripts (a page submit saves its answers); with scripts each answer
is also saved as it is given (`autosave`). The token in the URL is the respondent's key, so
an expired session never loses an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kompas.cohorts.models import Cohort, Invitation
from kompas.psychometrics.instrument import get_instrument
from kompas.surveys import services, tasks
from kompas.surveys.forms import (
    AutosaveForm,
    ConsentForm,
    EmailLinkForm,
    LanguageForm,
    PageForm,
)
from kompas.surveys.models import Response
from kompas.surveys.presentation import page_context
from kompas.throttling import limits
from kompas.throttling.clients import client_address

P = ParamSpec("P")


def invalid_link(request: HttpRequest) -> HttpResponse:
    """The one answer for unknown, used and closed links: nothing to tell them apart. It
    counts as a failed guess; past the limit of guesses it is a 429. Only here is anyone
    refused for guessing, so a request with a valid token always gets through."""
    if not limits.allows(client_address(request), limits.TOKEN_FAILURES):
        message = _(
            "Too many links that do not work were opened from your connection. "
            "Wait ten minutes and try again."
        )
        return too_many_attempts(request, message, limits.TOKEN_FAILURES.window_seconds)
    return render(request, "surveys/invalid_link.html", status=404)


def too_many_attempts(request: HttpRequest, message: str, retry_after: int) -> HttpResponse:
    reply = render(request, "surveys/too_many_attempts.html", {"message": message}, status=429)
    reply["Retry-After"] = str(retry_after)
    return reply


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
        response = services.find_response(token)
        if response is None:
            return invalid_link(request)
        _activate(request, response.language)
        return view(request, response, token, *args, **kwargs)

    return wrapper


def _chosen_language(request: HttpRequest, default: str) -> str:
    return LanguageForm(request.POST or request.GET).language_or(default)


def _next_step(response: Response, token: str) -> HttpResponse:
    """Where a returning respondent continues: consent, the first open page or the end."""
    if response.is_completed:
        return redirect("reports:report", token=token)
    if not services.may_answer(response):
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
    cohort = Cohort.objects.by_link(token)
    if cohort is None:
        return invalid_link(request)
    if request.method == "GET":
        return _choose_language(request, cohort)
    if not limits.allows(client_address(request), *limits.COHORT_STARTS):
        message = _(
            "Many questionnaires were started from your connection just now. "
            "Wait a moment and try again."
        )
        return too_many_attempts(request, message, limits.COHORT_STARTS[0].window_seconds)
    language = _chosen_language(request, cohort.default_language)
    resume = services.start_response(cohort, language)[1]
    return redirect("surveys:consent", token=resume)


@require_http_methods(["GET", "POST"])
def respondent_start(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link or a resume link: start, or continue where the respondent left off."""
    response = services.find_response(token)
    if response is not None:
        _activate(request, response.language)
        return _next_step(response, token)
    invitation = Invitation.objects.unused(token)
    if invitation is None:
        started = services.find_response(token)  # by a double click, a moment ago
        if started is None:
            return invalid_link(request)
        _activate(request, started.language)
        return _next_step(started, token)
    if request.method == "GET":
        return _choose_language(request, invitation.cohort)
    language = _chosen_language(request, invitation.cohort.default_language)
    services.start_invited(invitation, language)
    return redirect("surveys:consent", token=token)


@require_http_methods(["GET", "POST"])
@respondent_view
def consent(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    if response.is_completed:
        return redirect("reports:report", token=token)
    if request.method == "GET":
        return _consent_page(request, ConsentForm.of(services.consents_of(response)), token)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _consent_page(request, form, token)
    services.record_consent(response, form.choices())
    if not services.may_answer(response):
        return render(request, "surveys/declined.html", {"token": token})
    return _next_step(response, token)


def _consent_page(request: HttpRequest, form: ConsentForm, token: str) -> HttpResponse:
    errors = form.problems() if form.is_bound else {}
    context = {
        "token": token,
        "chosen": form.chosen(),
        "errors": errors,
        "resume_url": _resume_url(request, token),
        "version": services.CONSENT_VERSION,
    }
    return render(request, "surveys/consent.html", context, status=400 if errors else 200)


def _resume_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:start", args=[token]))


@require_http_methods(["GET", "POST"])
@respondent_view
def page(request: HttpRequest, response: Response, token: str, number: int) -> HttpResponse:
    if not services.may_answer(response):
        return _next_step(response, token)
    instrument = services.instrument_of(response)
    answers = services.answers_of(response)
    pages = services.visible_pages(instrument, answers)
    if not 1 <= number <= len(pages):
        return redirect("surveys:page", token=token, number=max(1, min(number, len(pages))))
    if request.method == "GET":
        context = page_context(instrument, response, pages, number, answers, {})
        return _page(request, response, token, context, status=200)
    form = PageForm(instrument, pages[number - 1], request.POST)
    problems = _save_page(response, form)
    if problems:  # show what was posted, to be corrected; progress counts what is stored
        shown = {**answers, **{k: v for k, v in form.submitted().items() if v}}
        context = page_context(instrument, response, pages, number, shown, problems, answers)
        return _page(request, response, token, context, status=400)
    target = number - 1 if form.goes_back() else number + 1
    if target > len(services.visible_pages(instrument, services.answers_of(response))):
        return redirect("surveys:finish", token=token)
    return redirect("surveys:page", token=token, number=max(1, target))


def _save_page(response: Response, form: PageForm) -> dict[str, str]:
    """Save a posted page, all or nothing; the problems per question, if any."""
    if not form.is_valid():
        return form.problems()
    # The page submit is the respondent's latest action: it outranks every stored answer
    # (and the saves its script sent), within the reach a sequence number may have.
    base = services.next_sequence(response)
    sequence = min(max(form.sequence(), base), base + services.SEQUENCE_WINDOW - 1)
    try:
        services.save_answers(response, form.entries(sequence), skip_hidden=True)
    except services.StaleAnswer as stale:  # another tab saved in between: outrank it too
        try:
            services.save_answers(response, form.entries(stale.next_sequence), skip_hidden=True)
        except services.StaleAnswer:
            return dict.fromkeys(
                stale.items, _("Another window changed this answer. Check it and try again.")
            )
        except services.AnswerRejected as rejected:
            return _rejected_on_page(rejected)
    except services.AnswerRejected as rejected:
        return _rejected_on_page(rejected)
    return {}


def _rejected_on_page(rejected: services.AnswerRejected) -> dict[str, str]:
    message = _("This answer could not be saved: choose one of the options.")
    return dict.fromkeys(rejected.problems, message)


def _page(
    request: HttpRequest, response: Response, token: str, context: dict[str, Any], status: int
) -> HttpResponse:
    context.update(
        {
            "token": token,
            "sequence": services.next_sequence(response),
            "resume_url": _resume_url(request, token),
        }
    )
    return render(request, "surveys/page.html", context, status=status)


@require_POST
def autosave(request: HttpRequest, token: str) -> HttpResponse:
    """Save one answer as it is given: item, value ("" clears) and the client's sequence. A
    save that can be stored is one SQL statement; any other takes the path that says why."""
    # The busiest request: the strings go straight to the one statement, which checks them;
    # only a save that was not stored builds the form that says why.
    item, raw, seq = (request.POST.get(field, "") for field in ("item", "value", "seq"))
    if seq.isascii() and seq.isdigit() and services.autosave(token, item, raw, int(seq)):
        return JsonResponse({"saved": item, "seq": int(seq)})
    return _autosave_refused(request, token, AutosaveForm(request.POST))


@respondent_view
def _autosave_refused(
    request: HttpRequest, response: Response, token: str, form: AutosaveForm
) -> HttpResponse:
    """Why an answer was not stored (or that a newer one already was, which is fine)."""
    if not form.is_valid():
        return JsonResponse({"error": form.problem()}, status=400)
    if not response.is_completed and not services.may_answer(response):
        return JsonResponse(
            {"error": "consent for feedback or research is needed", "consent": True}, status=403
        )
    item, sequence = form.cleaned_data["item"], form.cleaned_data["seq"]
    try:
        services.save_posted_answer(response, item, form.cleaned_data["value"], sequence)
    except services.StaleAnswer as stale:
        # The page sends it again with `next` if it is still its latest change.
        return JsonResponse(
            {"error": str(stale), "stale": True, "next": stale.next_sequence}, status=409
        )
    except services.AnswerRejected as rejected:
        status = 409 if rejected.final else 400
        return JsonResponse({"error": str(rejected), "problems": rejected.problems}, status=status)
    return JsonResponse({"saved": item, "seq": sequence})


@require_http_methods(["GET", "POST"])
@respondent_view
def finish(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    if not services.may_answer(response):
        return _next_step(response, token)
    if request.method == "POST":
        try:
            services.complete(response)
        except services.NotReady:  # the page below lists what still needs answers
            return _finish_page(request, response, token, status=400)
        return redirect("reports:report", token=token)
    return _finish_page(request, response, token, status=200)


def _finish_page(request: HttpRequest, response: Response, token: str, status: int) -> HttpResponse:
    instrument = services.instrument_of(response)
    answers = services.answers_of(response)
    pages = services.visible_pages(instrument, answers)
    language = response.language
    to_answer = [
        {"number": p.number, "title": p.page.title.get(language, p.page.id)}
        for p in services.pages_to_answer(instrument, answers)
    ]
    context = {
        "token": token,
        "progress": services.progress_of(instrument, answers),
        "first_open": services.first_open_page(instrument, answers),
        "page_count": len(pages),
        "to_answer": to_answer,
        "refused": status == 400,
    }
    return render(request, "surveys/finish.html", context, status=status)


@require_POST
@respondent_view
def change_language(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    services.change_language(response, LanguageForm(request.POST).language_or(response.language))
    target = request.POST.get("next", "")
    if not target.startswith(f"/s/{token}/"):
        target = reverse("surveys:start", args=[token])
    return redirect(target)


@require_POST
@respondent_view
def email_link(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    """Send the resume link, in the background, to an address that is never stored."""
    form = EmailLinkForm(request.POST)
    context = {"token": token, "email": form.address(), "error": form.error()}
    if not form.is_valid():
        return render(request, "surveys/email_sent.html", context, status=400)
    if not _may_mail(response, form.address()):
        limited = {**context, "limited": True, "resume_url": _resume_url(request, token)}
        return render(request, "surveys/email_sent.html", limited, status=429)
    tasks.send_resume_link.enqueue(form.address(), _resume_url(request, token), response.language)
    return render(request, "surveys/email_sent.html", context)


def _may_mail(response: Response, address: str) -> bool:
    """Within the resume-mail limits, per response and per recipient (by a hash of the
    address, which is never stored), so the form is no relay for mail from our domain."""
    return limits.allows(str(response.pk), limits.RESUME_MAILS_PER_RESPONSE) and limits.allows(
        address.strip().lower(), limits.RESUME_MAILS_PER_RECIPIENT
    )
