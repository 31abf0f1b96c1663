"""Forms of supervision (parsing only; the services check the rules). A form on a ticket or a listed
hazard carries its ``version`` for optimistic locking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zeren.actions import versioned
from zeren.evidence import MultipleFileField
from zeren.listing import date_widget, searchable
from zeren.supervision.models import SourceKind


def _day(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=date_widget())


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def service_kwargs(self) -> dict[str, Any]:
        return versioned(self, "files")


class TicketForm(forms.Form):
    title = forms.CharField(label=_("matter"), max_length=200)
    requirement = forms.CharField(label=_("requirements"), widget=forms.Textarea(attrs={"rows": 4}))
    source_kind = forms.ChoiceField(label=_("source"), choices=SourceKind.choices)
    source_label = forms.CharField(label=_("source description"), max_length=300)
    source_reference = forms.CharField(label=_("source reference"), max_length=100, required=False)
    lead_body = forms.ChoiceField(label=_("lead body"), widget=forms.Select(attrs=searchable()))
    assisting = forms.MultipleChoiceField(
        label=_("assisting bodies"), required=False, widget=forms.SelectMultiple(attrs=searchable())
    )
    issued_on = _day(_("issued on"))
    working_days = forms.IntegerField(label=_("working days allowed"), min_value=1, max_value=250, initial=15)

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].choices = [("", "—"), *bodies]  # type: ignore[attr-defined]
        self.fields["assisting"].choices = bodies  # type: ignore[attr-defined]


class ExtensionForm(VersionedForm):
    working_days = forms.IntegerField(label=_("more working days"), min_value=1, max_value=250)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AnswerForm(VersionedForm):
    grant = forms.TypedChoiceField(
        label=_("answer"), choices=[("1", _("grant")), ("0", _("refuse"))], coerce=lambda v: v == "1"
    )
    answer = forms.CharField(label=_("note"), required=False, max_length=2000)


class ReportForm(VersionedForm):
    report = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    files = MultipleFileField(label=_("evidence files"), required=False)  # type: ignore[assignment]


class ReviewForm(VersionedForm):
    accept = forms.TypedChoiceField(
        label=_("decision"), choices=[("1", _("close")), ("0", _("return"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("note"), required=False, max_length=2000)


class ListingForm(forms.Form):
    notice_number = forms.CharField(label=_("notice number"), max_length=60)
    title = forms.CharField(label=_("hazard"), max_length=200)
    measures = forms.CharField(label=_("rectification requirements"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_body = forms.ChoiceField(label=_("responsible unit"), widget=forms.Select(attrs=searchable()))
    responsible_leader = forms.ChoiceField(label=_("responsible leader"), widget=forms.Select(attrs=searchable()))
    listed_on = _day(_("listed on"))
    deadline = _day(_("rectification deadline"))

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_body"].choices = [("", "—"), *bodies]  # type: ignore[attr-defined]
        self.fields["responsible_leader"].choices = [("", "—"), *people]  # type: ignore[attr-defined]


class PublishForm(VersionedForm):
    on = _day(_("published on"))


class ListingExtensionForm(VersionedForm):
    new_deadline = _day(_("new deadline"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DelistForm(VersionedForm):
    on = _day(_("delisted on"))
    note = forms.CharField(label=_("delisting verification"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    files = MultipleFileField(label=_("evidence files"), required=False)  # type: ignore[assignment]


class PoorForm(VersionedForm):
    poor = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    reason = forms.CharField(label=_("why the rectification is poor"), required=False, max_length=2000)


class SummonsForm(forms.Form):
    key = forms.CharField(max_length=200, widget=forms.HiddenInput)
    held_on = _day(_("held on"))
    attendees = forms.CharField(label=_("attendees"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    requirements = forms.CharField(
        label=_("rectification requirements"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    follow_up_body = forms.ChoiceField(label=_("follow-up ticket: lead body"), required=False)
    follow_up_days = forms.IntegerField(
        label=_("follow-up ticket: working days"), required=False, min_value=1, max_value=250
    )

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_body"].choices = [("", "—"), *bodies]  # type: ignore[attr-defined]
