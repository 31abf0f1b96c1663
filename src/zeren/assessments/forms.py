"""Forms of the assessment pages (parsing only; the services check the rules)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _


class AssessmentCreateForm(forms.Form):
    scheme = forms.ChoiceField(label=_("assessment scheme"))
    year = forms.IntegerField(label=_("year assessed"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=200, required=False)

    def __init__(self, *args: Any, schemes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scheme"]).choices = schemes


class Versioned(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class PublishForm(Versioned):
    document_number = forms.CharField(label=_("document number of the notice"), max_length=64, required=False)


class SelfScoreForm(Versioned):
    item = forms.CharField(max_length=32, widget=forms.HiddenInput)
    score = forms.CharField(label=_("self-assessed score"), max_length=12, required=False)
    not_applicable = forms.BooleanField(label=_("not applicable"), required=False)
    evidence = forms.CharField(label=_("evidence"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AdjustForm(Versioned):
    item = forms.CharField(max_length=32, widget=forms.HiddenInput)
    score = forms.CharField(label=_("adjusted score"), max_length=12)
    reason = forms.CharField(label=_("reason for the adjustment"), max_length=2000)


class ReturnForm(Versioned):
    reason = forms.CharField(label=_("reason for returning"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
