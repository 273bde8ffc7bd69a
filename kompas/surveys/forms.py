"""What the respondent's pages post, parsed and checked: the consent choices and a page of
answers. The page form is built from the instrument, which decides how each question is read
(`Instrument.parse`) and which answers are valid (`Instrument.clean`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from kompas.psychometrics.instrument import Instrument, Page
from kompas.surveys import services

__all__ = ["AutosaveForm", "ConsentForm", "EmailLinkForm", "LanguageForm", "PageForm"]

YES, NO = "yes", "no"


class ConsentForm(forms.Form):
    """A yes or no for every purpose asked about before the questions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for purpose in services.ASKED_PURPOSES:
            choose = _("Choose yes or no.")
            self.fields[purpose] = forms.ChoiceField(
                choices=[(YES, YES), (NO, NO)],
                error_messages={"required": choose, "invalid_choice": choose},
            )

    @classmethod
    def of(cls, current: dict[str, bool]) -> ConsentForm:
        """The form as the respondent left it: their current choices marked."""
        return cls(initial={p: YES if granted else NO for p, granted in current.items()})

    def choices(self) -> dict[str, bool]:
        """Granted or not per purpose (a valid form only)."""
        return {purpose: self.cleaned_data[purpose] == YES for purpose in services.ASKED_PURPOSES}

    def chosen(self) -> dict[str, str | None]:
        """The option to show as selected per purpose, in the order they are asked."""
        source = self.data if self.is_bound else self.initial
        return {purpose: source.get(purpose) for purpose in services.ASKED_PURPOSES}

    def problems(self) -> dict[str, str]:
        return {purpose: str(errors[0]) for purpose, errors in self.errors.items()}


class LanguageForm(forms.Form):
    """A language of the interface (one of settings.LANGUAGES)."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)

    def language_or(self, default: str) -> str:
        """The chosen language, or `default` when none (or an unknown one) was chosen."""
        return str(self.cleaned_data["language"]) if self.is_valid() else default


class AutosaveForm(forms.Form):
    """One answer as a page's script posts it: the question, its raw value ("" clears it)
    and the client's sequence number. The value is read by the response's instrument."""

    item = forms.CharField(max_length=60)
    value = forms.CharField(required=False, strip=False)
    seq = forms.IntegerField(min_value=0, max_value=services.MAX_SEQUENCE)

    def problem(self) -> str:
        """What is wrong with the form, in the API's words (a field and its fault)."""
        return "; ".join(f"{field} {errors[0]}" for field, errors in self.errors.items())


class EmailLinkForm(forms.Form):
    """The address to send the resume link to (used once, never stored)."""

    email = forms.EmailField(max_length=254)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        message = _("Enter a valid e-mail address, like name@example.nl.")
        self.fields["email"].error_messages = {"required": message, "invalid": message}

    def error(self) -> str:
        return str(self.errors["email"][0]) if "email" in self.errors else ""

    def address(self) -> str:
        """The address as typed, for the page to show (cleaned when the form is valid)."""
        if self.is_valid():
            return str(self.cleaned_data["email"])
        return str(self.data.get("email", "")).strip()


class AnswerField(forms.Field):
    """One question, read and checked by its instrument."""

    def __init__(self, instrument: Instrument, question: str) -> None:
        super().__init__(required=False)
        self.instrument = instrument
        self.question = question

    def to_python(self, value: Any) -> int | str | None:
        if value is None:
            return None
        try:
            return self.instrument.parse(self.question, str(value))
        except ValueError:
            raise forms.ValidationError(_("Choose one of the options.")) from None

    def validate(self, value: Any) -> None:
        try:
            self.instrument.clean(self.question, value)
        except ValueError:
            message = _("This answer could not be saved: choose one of the options.")
            raise forms.ValidationError(message) from None


class PageForm(forms.Form):
    """The answers to one page's questions, and where the respondent goes next."""

    def __init__(self, instrument: Instrument, page: Page, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.questions = page.questions
        for question in page.questions:
            self.fields[question] = AnswerField(instrument, question)

    def entries(self, sequence: int) -> list[services.Entry]:
        """The posted answers (a valid form only). A question left out, or a choice left
        empty, keeps its stored answer; an emptied text clears it."""
        return [
            services.Entry(question, self.cleaned_data[question], sequence)
            for question in self.questions
            if self.data.get(question) is not None
            and (self.data[question] != "" or self.instrument.kind(question) == "text")
        ]

    def sequence(self) -> int:
        """The client's sequence number; 0 when there is none (a page without scripts)."""
        try:
            return int(self.data.get("seq", ""))
        except ValueError:
            return 0

    def goes_back(self) -> bool:
        return "previous" in self.data

    def problems(self) -> dict[str, str]:
        return {question: str(errors[0]) for question, errors in self.errors.items()}

    def submitted(self) -> dict[str, str]:
        """What was posted for the page's questions, to show again beside its problems."""
        return {question: self.data.get(question, "") for question in self.questions}
