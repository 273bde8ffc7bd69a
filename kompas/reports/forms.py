"""What the report page posts: the choice of a counsellor to share the report with."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from kompas.cohorts.models import Institution
from kompas.counselling.models import Counsellor

__all__ = ["ShareForm"]


class ShareForm(forms.Form):
    """A counsellor of the respondent's institution, and the respondent's yes to sharing."""

    counsellor = forms.ModelChoiceField(queryset=Counsellor.objects.none())
    consent = forms.ChoiceField(choices=[("yes", "yes")])

    def __init__(self, institution: Institution, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["counsellor"])
        field.queryset = Counsellor.objects.filter(institution=institution)
