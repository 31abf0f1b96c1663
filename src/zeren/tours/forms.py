"""The forms of tours and rectification: they parse (choices come from the access layer), the
services judge. A form on a versioned object carries its ``version`` (optimistic locking)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.evidence import MultipleFileField
from zeren.listing import searchable
from zeren.org.models import Body, Jurisdiction, Person
from zeren.tours.models import Finding, FindingLevel, GroupRole, Method, RectificationItem, TourKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


class Named(forms.ModelChoiceField):
    """A choice shown by name only (no codes on screen)."""

    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, Body):
            return obj.name
        if isinstance(obj, Person):
            return f"{obj.name}（{obj.jurisdiction.name}）"
        if isinstance(obj, Jurisdiction):
            return f"{'　' * obj.depth}{obj.name}"
        if isinstance(obj, Finding):
            return f"{obj.number}. {obj.description[:40]}"
        return str(obj)


class NamedMany(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, RectificationItem):
            return f"{obj.number}. {obj.measure[:40]}"
        return str(obj)


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanForm(forms.Form):
    organiser = Named(label=_("touring jurisdiction"), queryset=Jurisdiction.objects.none(), to_field_name="code")
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    round = forms.IntegerField(label=_("round"), min_value=1, max_value=99)
    kind = forms.ChoiceField(label=_("kind of tour"), choices=TourKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    start = date_field(_("start"))
    end = date_field(_("end"))

    def __init__(self, data: Any = None, *, organisers: QuerySet[Jurisdiction], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["organiser"]
        assert isinstance(field, Named)  # noqa: S101
        field.queryset = organisers
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("round", 1)
            first = organisers.first()
            if first is not None:
                self.initial.setdefault("organiser", first.code)


class MemberForm(Versioned):
    person = Named(label=_("person"), queryset=Person.objects.none(), widget=forms.Select(attrs=searchable()))
    role = forms.ChoiceField(label=_("role in the group"), choices=GroupRole.choices)

    def __init__(self, data: Any = None, *, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, Named)  # noqa: S101
        field.queryset = people


class TourForm(Versioned):
    target = Named(
        label=_("toured body"),
        queryset=Body.objects.none(),
        to_field_name="code",
        widget=forms.Select(attrs=searchable()),
    )
    start = date_field(_("start"))
    end = date_field(_("end"))

    def __init__(self, data: Any = None, *, targets: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, Named)  # noqa: S101
        field.queryset = targets


class TourRecordForm(Versioned):
    methods = forms.MultipleChoiceField(
        label=_("methods used"), choices=Method.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    documents_seen = forms.CharField(
        label=_("documents seen"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class FindingForm(forms.Form):
    description = forms.CharField(label=_("problem found"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    criterion = forms.CharField(label=_("criterion breached"), max_length=300)
    article = forms.ChoiceField(label=_("article breached"), required=False)
    level = forms.ChoiceField(label=_("level"), choices=FindingLevel.choices)
    responsible_body = Named(
        label=_("responsible body"),
        queryset=Body.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.Select(attrs=searchable()),
    )
    responsible_enterprise = forms.CharField(label=_("responsible enterprise"), max_length=200, required=False)
    responsible_person = Named(
        label=_("responsible official"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.Select(attrs=searchable()),
    )
    found_on = date_field(_("found on"))
    evidence = MultipleFileField(label=_("Evidence (photos, PDF, Word .docx)"), required=False)

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        articles: list[tuple[str, str]],
        bodies: QuerySet[Body],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, files, **kwargs)
        article = self.fields["article"]
        assert isinstance(article, forms.ChoiceField)  # noqa: S101
        article.choices = [("", _("(none)")), *articles]
        for name, queryset in (("responsible_body", bodies), ("responsible_person", people)):
            field = self.fields[name]
            assert isinstance(field, Named)  # noqa: S101
            field.queryset = queryset


class FeedbackForm(Versioned):
    feedback_on = date_field(_("feedback given on"))
    feedback_number = forms.CharField(label=_("document number of the feedback"), max_length=60, required=False)
    notice_number = forms.CharField(label=_("document number of the notice"), max_length=60, required=False)


class RectificationPlanForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    submitted_on = date_field(_("submitted on"))


class ItemForm(Versioned):
    finding = Named(label=_("finding"), queryset=Finding.objects.none(), required=False)
    measure = forms.CharField(label=_("measure"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    standard = forms.CharField(label=_("standard to reach"), max_length=300)
    responsible_unit = Named(
        label=_("responsible unit"),
        queryset=Body.objects.none(),
        to_field_name="code",
        widget=forms.Select(attrs=searchable()),
    )
    leader = Named(
        label=_("responsible leader"), queryset=Person.objects.none(), widget=forms.Select(attrs=searchable())
    )
    deadline = date_field(_("deadline"))

    def __init__(
        self,
        data: Any = None,
        *,
        findings: QuerySet[Finding],
        bodies: QuerySet[Body],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        for name, queryset in (("finding", findings), ("responsible_unit", bodies), ("leader", people)):
            field = self.fields[name]
            assert isinstance(field, Named)  # noqa: S101
            field.queryset = queryset


class ReportForm(Versioned):
    reported_on = date_field(_("reported on"))
    text = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    completes = forms.BooleanField(label=_("rectification complete"), required=False)
    evidence = MultipleFileField(label=_("Evidence (photos, PDF, Word .docx)"), required=False)


class CloseForm(Versioned):
    closed_on = date_field(_("signed off on"))
    note = forms.CharField(label=_("verification note"), max_length=500, required=False)


class ReturnForm(Versioned):
    note = forms.CharField(label=_("why it is sent back"), max_length=500)


class FollowUpForm(forms.Form):
    checked_on = date_field(_("checked on"))
    conclusion = forms.CharField(label=_("conclusion"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    reopen = NamedMany(
        label=_("items to reopen"),
        queryset=RectificationItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_deadline = date_field(_("new deadline"), required=False)

    def __init__(self, data: Any = None, *, closed: QuerySet[RectificationItem], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["reopen"]
        assert isinstance(field, NamedMany)  # noqa: S101
        field.queryset = closed
