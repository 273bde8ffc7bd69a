"""The counsellor's list of the reports shared with them, where they land after signing in.
Beside views.py, which holds reading one shared report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kompas.reports.models import Share

__all__ = ["shared_reports"]


@require_safe
@login_required
def shared_reports(request: HttpRequest) -> HttpResponse:
    """The active shares of the signed-in counsellor only, newest first; a user who is no
    counsellor holds none. Listing reads no report, so nothing is logged."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    shares = (
        Share.objects.active()
        .filter(counsellor__user=user)
        .select_related("response__cohort")
        .order_by("-shared_at", "-pk")
    )
    return render(request, "reports/shared_list.html", {"shares": shares})
