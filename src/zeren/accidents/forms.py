"""Forms of the accident register (parsing only; the services check the rules)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zeren.accidents.models import AccidentKind, ReportLevel

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def when_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, input_formats=DATETIME_FORMATS, widget=DateTimeInput())


def count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, initial=0)


class AccidentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    jurisdiction = forms.ChoiceField(label=_("jurisdiction"))
    occurred_at = when_field(_("occurred at"))
    kind = forms.ChoiceField(label=_("kind"), choices=AccidentKind.choices)
    sector = forms.CharField(label=_("sector"), max_length=50, widget=forms.TextInput(attrs={"list": "sectors"}))
    enterprise = forms.CharField(label=_("enterprise"), max_length=200, required=False)
    deaths = count_field(_("deaths"))
    serious_injuries = count_field(_("serious injuries"))
    missing = count_field(_("missing"))
    direct_loss_yuan = forms.IntegerField(label=_("direct economic loss (yuan)"), min_value=0, initial=0)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    report_county = when_field(ReportLevel.COUNTY.label, required=False)
    report_city = when_field(ReportLevel.CITY.label, required=False)
    report_province = when_field(ReportLevel.PROVINCE.label, required=False)
    report_state_council = when_field(ReportLevel.STATE_COUNCIL.label, required=False)

    def __init__(self, *args: Any, jurisdictions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["jurisdiction"]).choices = jurisdictions

    def reports(self) -> dict[str, Any]:
        return {
            level: self.cleaned_data[f"report_{level}"]
            for level in ReportLevel.values
            if self.cleaned_data.get(f"report_{level}")
        }


class CasualtiesForm(forms.Form):
    deaths = count_field(_("deaths"))
    serious_injuries = count_field(_("serious injuries"))
    missing = count_field(_("missing"))
    direct_loss_yuan = forms.IntegerField(label=_("direct economic loss (yuan)"), min_value=0)
    changed_at = when_field(_("changed at"))
    reason = forms.CharField(label=_("reason"), max_length=300)


class ReportForm(forms.Form):
    level = forms.ChoiceField(label=_("level"), choices=ReportLevel.choices)
    at = when_field(_("reported at"), required=False)


class IncludeForm(forms.Form):
    included = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    reason = forms.CharField(label=_("reason"), max_length=300)


class AddResponsibilityForm(forms.Form):
    appointment = forms.IntegerField()
    reason = forms.CharField(label=_("reason"), max_length=300)
