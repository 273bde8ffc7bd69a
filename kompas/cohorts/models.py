"""Institutions (tenants), cohorts (one wave of one instrument) and personal invitations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from kompas.lib.tokens import hash_token, new_token


class Institution(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class CohortQuerySet(models.QuerySet["Cohort"]):
    def open_at(self, moment: object = None) -> CohortQuerySet:
        """Cohorts whose window includes `moment` (default: now)."""
        now = moment or timezone.now()
        return self.filter(opens_at__lte=now).filter(
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now)
        )


class Cohort(models.Model):
    """One wave of one instrument version for one population of an institution."""

    class Population(models.TextChoices):
        STUDENTS = "student", "students"
        EMPLOYEES = "employee", "employees"
        MIXED = "mixed", "students and employees"

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=200)
    instrument_id = models.CharField(max_length=50, default="kompas-1")
    instrument_version = models.CharField(max_length=20)
    wave = models.CharField(max_length=50, help_text="wave label, e.g. 'start', '6 months'")
    population = models.CharField(max_length=10, choices=Population.choices)
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True)
    default_language = models.CharField(
        max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    link_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CohortQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.institution} / {self.name} ({self.wave})"

    def is_open(self) -> bool:
        now = timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def new_link(self) -> str:
        """Give the cohort a new open link; returns the token (shown once, never stored)."""
        token = new_token()
        self.link_token_hash = hash_token(token)
        return token


class Invitation(models.Model):
    """A personal link. The e-mail address lives here, never beside the answers."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    @classmethod
    def issue(cls, cohort: Cohort, email: str = "") -> tuple[Invitation, str]:
        """Create an invitation; returns it with its token (shown once, never stored)."""
        token = new_token()
        return cls.objects.create(cohort=cohort, token_hash=hash_token(token), email=email), token
