"""Forms of the case pages (parsing only; services check the rules and the workflow)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zeren.cases.labels import ASSESSMENT_LABELS, CIRCUMSTANCE_LABELS, FACT_LABELS, MEASURE_LABELS, SANCTION_LABELS
from zeren.cases.models import AppealOutcome, OpenedBy, Responsibility, Status
from zeren.cases.verdicts import FACT_FLAGS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


class Versioned(forms.Form):
    """A form on a case: it carries the case's ``version`` for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def arguments(self, **loaded: Any) -> dict[str, Any]:
        """The cleaned data as the service's keyword arguments: ``version`` is its ``expected_version``;
        ``loaded`` gives the objects loaded through the access layer for ids (``subject=…``)."""
        data = {("expected_version" if name == "version" else name): value for name, value in self.cleaned_data.items()}
        return {**data, **loaded}


class CaseOpenForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    jurisdiction = forms.ChoiceField(label=_("jurisdiction"))
    opened_by = forms.ChoiceField(label=_("opened by"), choices=OpenedBy.choices)
    facts_date = date_field(_("date of the facts"), required=False)
    proposal = forms.CharField(label=_("proposal"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    accident = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, jurisdictions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["jurisdiction"]).choices = jurisdictions


class CaseEditForm(Versioned):
    title = forms.CharField(label=_("title"), max_length=200)
    lead_body = forms.ChoiceField(label=_("lead department"), required=False)
    proposal = forms.CharField(label=_("proposal"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    investigation_notes = forms.CharField(
        label=_("investigation notes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["lead_body"]).choices = [("", "—"), *bodies]


class EvidenceForm(Versioned):
    title = forms.CharField(label=_("title"), max_length=200)
    source = forms.CharField(label=_("source"), max_length=200, required=False)
    received_on = date_field(_("received on"))
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SubjectAddForm(Versioned):
    appointment = forms.IntegerField()


class SubjectForm(Versioned):
    status = forms.ChoiceField(label=_("status now"), choices=Status.choices)
    responsibility = forms.ChoiceField(
        label=_("responsibility degree"), choices=[("", "—"), *Responsibility.choices], required=False
    )
    circumstances = forms.MultipleChoiceField(
        label=_("grounds"),
        choices=list(CIRCUMSTANCE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    previous_year_assessment = forms.ChoiceField(
        label=_("previous year's safety assessment"),
        choices=[("", _("not known")), *ASSESSMENT_LABELS.items()],
        required=False,
        help_text=_(
            "zeren holds no published assessment result of this region for that year: enter the grade by hand; "
            "it is kept marked as entered by hand."
        ),
    )
    grounds_text = forms.CharField(label=_("findings"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for flag in FACT_FLAGS:
            self.fields[flag] = forms.BooleanField(label=FACT_LABELS[flag], required=False)

    def facts(self) -> dict[str, Any]:
        data = {flag: self.cleaned_data.get(flag, False) for flag in FACT_FLAGS}
        data["previous_year_assessment"] = self.cleaned_data.get("previous_year_assessment") or None
        return data

    @property
    def fact_fields(self) -> list[forms.BoundField]:
        return [self[flag] for flag in FACT_FLAGS]


class StepForm(Versioned):
    step = forms.ChoiceField(choices=[(s, s) for s in ("investigate", "determine", "reopen", "close", "publish")])
    note = forms.CharField(required=False, max_length=300)
    on = forms.DateField(required=False)


MEASURE_CHOICES = list(MEASURE_LABELS.items())
SANCTION_CHOICES = [("", "—"), *SANCTION_LABELS.items()]


class DecisionForm(Versioned):
    decided_on = date_field(_("decided on"))
    deciding_body = forms.CharField(label=_("deciding body"), max_length=100)
    decision_number = forms.CharField(label=_("decision number"), max_length=64, required=False)
    decision_text = forms.CharField(
        label=_("findings and decision"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealForm(Versioned):
    subject = forms.IntegerField()
    filed_on = date_field(_("filed on"))
    grounds = forms.CharField(label=_("grounds of appeal"), widget=forms.Textarea(attrs={"rows": 4}))


class AppealDecisionForm(Versioned):
    outcome = forms.ChoiceField(label=_("outcome"), choices=[c for c in AppealOutcome.choices if c[0]])
    outcome_on = date_field(_("decided on"))
    outcome_text = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class RestrictionEndForm(forms.Form):
    until = date_field(_("no longer applies from"))
    basis = forms.CharField(label=_("basis (the rule or decision that sets the period)"), max_length=300)


def no_measure_reason(data: Any, prefix: str) -> tuple[str, str]:
    """The reason and basis typed for an official given no measure: ``<prefix>-no-measure-reason``
    and ``<prefix>-no-measure-basis`` (the basis at most 300 characters, as stored)."""
    return (str(data.get(f"{prefix}-no-measure-reason", "")), str(data.get(f"{prefix}-no-measure-basis", ""))[:300])


def chosen_measures(data: Any, prefix: str) -> list[tuple[str, str]]:
    """The (measure, sanction) pairs ticked in a decision form for one official: checkboxes
    ``<prefix>-measure`` and, for discipline, selects ``<prefix>-sanction`` (several allowed)."""
    measures = [m for m in data.getlist(f"{prefix}-measure") if m]
    sanctions = [s for s in data.getlist(f"{prefix}-sanction") if s]
    chosen: list[tuple[str, str]] = []
    for measure in measures:
        if measure == "discipline":
            chosen += [("discipline", s) for s in sanctions] or [("discipline", "")]
        else:
            chosen.append((measure, ""))
    return chosen
