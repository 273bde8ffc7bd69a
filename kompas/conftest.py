"""Settings every test shares."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings: Settings) -> None:
    """Background tasks run inside the request that enqueues them, so tests see their effect."""
    settings.TASKS = IMMEDIATE
