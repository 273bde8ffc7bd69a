"""Responses, their answers, consent records and computed results.

A response knows its respondent only by a random pseudonymous key; e-mail addresses live on
the invitation. Answers are one row per response and item, ordered by the client's sequence
number so that a repeated or late save never overwrites a newer answer.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from kompas.cohorts.models import Cohort, Invitation


def new_respondent_key() -> str:
    return "R" + secrets.token_hex(8)


class Response(models.Model):
    """One respondent filling in one cohort's instrument, possibly over several sittings."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="responses")
    #: The personal invitation it was started from; none for a cohort's open link.
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    instrument_id = models.CharField(max_length=50)
    instrument_version = models.CharField(max_length=20)
    respondent_key = models.CharField(max_length=20, unique=True, default=new_respondent_key)
    resume_token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(
        max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    #: Whether the questions may be asked (consent for feedback or research); kept with the
    #: response so that every save need not read the consent records.
    takes_part = models.BooleanField(default=False)
    #: The highest sequence number among its stored answers, kept up to date by every save
    #: (in the statement that stores the answers), so that a save can check its number's reach
    #: without reading all the answers. The database default lets code that does not know the
    #: column yet (during a deployment) still start responses.
    highest_seq = models.BigIntegerField(default=0, db_default=0)

    def __str__(self) -> str:
        return self.respondent_key

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=60)
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    client_sequence = models.BigIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
        ]


class ConsentRecord(models.Model):
    """Append-only: the latest record per purpose is the respondent's current choice."""

    class Purpose(models.TextChoices):
        FEEDBACK = "feedback", "personal feedback"
        RESEARCH = "research", "research use"
        LINKING = "linking", "linking later waves"
        SHARING = "sharing", "sharing the report with a counsellor"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    granted = models.BooleanField()
    text_version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["given_at", "id"]


class Result(models.Model):
    """The computed assessment of a completed response (scores, status, profile, ...)."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="result")
    data: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField()
    reference = models.CharField(max_length=100)
    synthetic_reference = models.BooleanField()
    computed_at = models.DateTimeField(default=timezone.now)
