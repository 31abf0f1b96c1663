"""Forms for bodies, posts, people, appointments and policy bindings. Choice fields are
limited to what the user may see; the services in :mod:`zeren.org.services` do the checks that
span rows (overlapping tenures, duplicate codes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeren.accounts import access
from zeren.accounts.access import AnyUser
from zeren.org.bindings import policy_name, registry
from zeren.org.models import AppointmentReason, BodyKind, DepartmentKind, PostRole


class JurisdictionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * obj.depth}{obj.name}（{obj.code}）"


class BodyForm(forms.Form):
    code = forms.CharField(label=_("body code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=100)
    jurisdiction = JurisdictionChoice(label=_("jurisdiction"), queryset=None, to_field_name="code")
    kind = forms.ChoiceField(label=pgettext_lazy("organisation body", "kind"), choices=BodyKind.choices)
    department_kind = forms.ChoiceField(
        label=_("department kind"), choices=[("", "—"), *DepartmentKind.choices], required=False
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = access.jurisdictions_for(user)  # type: ignore[attr-defined]


def _split_sectors(text: str) -> list[str]:
    parts = [part.strip() for chunk in text.replace("，", ",").replace("、", ",").split(",") for part in [chunk]]
    return [part for part in parts if part]


class PostForm(forms.Form):
    code = forms.CharField(label=_("post code"), max_length=40)
    title = forms.CharField(label=_("title"), max_length=100)
    body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("body"), queryset=None, to_field_name="code")
    role = forms.ChoiceField(label=_("role"), choices=PostRole.choices)
    sectors = forms.CharField(
        label=_("sectors in charge"), required=False, help_text=_("Separate sectors with 、 or commas.")
    )
    on_standing_committee = forms.BooleanField(label=_("on the standing committee"), required=False)
    active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = access.bodies_for(user)  # type: ignore[attr-defined]

    def clean_sectors(self) -> list[str]:
        return _split_sectors(self.cleaned_data.get("sectors") or "")


class PersonForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    jurisdiction = JurisdictionChoice(label=_("jurisdiction"), queryset=None, to_field_name="code")
    identity_number = forms.CharField(
        label=_("identity number"),
        max_length=18,
        min_length=18,
        required=False,
        help_text=_("Optional. Only a keyed digest is stored, never the number itself."),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = access.jurisdictions_for(user)  # type: ignore[attr-defined]


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.jurisdiction.name}，#{obj.pk}）"


class AppointmentForm(forms.Form):
    person = PersonChoice(label=_("person"), queryset=None)
    start = forms.DateField(label=_("start"), widget=forms.DateInput(attrs={"type": "date"}))
    start_reason = forms.ChoiceField(label=_("reason for starting"), choices=AppointmentReason.choices)
    end = forms.DateField(label=_("end"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_reason = forms.ChoiceField(
        label=_("reason for ending"), choices=[("", "—"), *AppointmentReason.choices], required=False
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = access.people_for(user).order_by("name")  # type: ignore[attr-defined]


class PolicyBindingForm(forms.Form):
    jurisdiction = JurisdictionChoice(label=_("jurisdiction"), queryset=None, to_field_name="code")
    pack_id = forms.ChoiceField(label=pgettext_lazy("binding of a jurisdiction", "policy pack"), choices=())
    valid_from = forms.DateField(label=_("valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Exclusive: the first day the binding no longer applies. Leave empty for open-ended."),
    )
    include_subtree = forms.BooleanField(label=_("applies to the subtree"), required=False, initial=True)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = access.jurisdictions_for(user)  # type: ignore[attr-defined]
        choices = []
        for pack_id in registry().ids():
            choices.append((pack_id, policy_name(pack_id)))
        self.fields["pack_id"].choices = choices  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))
    dry_run = forms.BooleanField(label=_("Only check, import nothing"), required=False)

