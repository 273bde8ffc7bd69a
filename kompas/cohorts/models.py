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
    def by_link(self, token: str) -> Cohort | None:
        """The open cohort whose open link is `token`; None for an unknown or closed one."""
        cohort = self.filter(link_token_hash=hash_token(token)).first()
        return cohort if cohort is not None and cohort.is_open() else None


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


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def unused(self, token: str) -> Invitation | None:
        """The invitation whose personal link is `token`, while it can start a response: no
        response was started from it yet and its cohort is open."""
        invitation = (
            self.select_related("cohort")
            .filter(token_hash=hash_token(token), response__isnull=True)
            .first()
        )
        return invitation if invitation is not None and invitation.cohort.is_open() else None


class Invitation(models.Model):
    """A personal link. The e-mail address lives here, never beside the answers."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = InvitationQuerySet.as_manager()

    @classmethod
    def issue(cls, cohort: Cohort, email: str = "") -> tuple[Invitation, str]:
        """Create an invitation; returns it with its token (shown once, never stored)."""
        token = new_token()
        return cls.objects.create(cohort=cohort, token_hash=hash_token(token), email=email), token
