"""Work the respondent's requests hand to the background: sending e-mail never holds up a page.

Tasks run in a worker (`kompas db_worker`, see docs/respondent-journey.md); in the tests they
run at once (the immediate backend).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

__all__ = ["ResumeLinkNotSent", "send_resume_link"]


@task(takes_context=True)
def send_resume_link(context: TaskContext, address: str, link: str, language: str) -> None:
    """E-mail the link to continue the questionnaire, in the respondent's language. The
    address and the link (which holds the resume token) are used once: sent or not, they are
    wiped from the task's stored arguments, and a failure is recorded without them."""
    try:
        with translation.override(language):
            send_mail(
                _("Your link to continue the Career Compass"),
                _(
                    "Use this link to continue where you left off:\n\n%(link)s\n\nKeep it to "
                    "yourself: anyone with this link can see your answers."
                )
                % {"link": link},
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
    except Exception as error:
        # The worker stores the traceback, and a mail server's refusal names the recipient.
        raise ResumeLinkNotSent(type(error).__name__) from None
    finally:
        # The database backend keeps a task's arguments with its result.
        if isinstance(task_backends[context.task_result.backend], DatabaseBackend):
            DBTaskResult.objects.filter(id=context.task_result.id).update(
                args_kwargs={"args": [], "kwargs": {}}
            )


class ResumeLinkNotSent(RuntimeError):
    """Sending failed; the message names only the kind of error, never the address."""
