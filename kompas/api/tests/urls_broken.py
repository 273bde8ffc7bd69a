"""The app's URLs and one API path whose view fails, as a bug would: for the error test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from kompas.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/broken", broken), *urlpatterns]
