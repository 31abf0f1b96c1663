"""The record form: made for a phone on site (one column, native date and file pickers, the camera
offered for photos) as much as for a desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from zeren import evidence as evidence_files
from zeren.evidence import MultipleFileField
from zeren.listing import searchable
from zeren.org.models import Post
from zeren.problems import Problems
from zeren.records.services import HazardInput, RecordInput
from zeren.records.vocabulary import ACTIVITY_CHOICES

HAZARD_ROWS = 3


def _post_label(post: Post) -> str:
    return f"{post.body.jurisdiction.name} · {post.title}"


class RecordForm(forms.Form):
    activity = forms.ChoiceField(label=_("What was done"), choices=[("", "—"), *ACTIVITY_CHOICES])
    occurred_on = forms.DateField(
        label=_("Date it happened"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    leader_post = forms.ChoiceField(
        label=_("Led or chaired by (post)"),
        widget=forms.Select(attrs=searchable()),
    )
    participant_posts = forms.MultipleChoiceField(
        label=_("Other posts that took part"),
        required=False,
        widget=forms.SelectMultiple(attrs=searchable(**{"data-placeholder": _("Type a post or a place to find it")})),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary or minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence = MultipleFileField(
        label=_("Evidence (photos, PDF, Word .docx)"), required=False
    )
    # The files of an earlier, refused try (zeren.evidence.keep): a signed token, and which to keep.
    kept = forms.CharField(required=False, widget=forms.HiddenInput)
    kept_keep = forms.MultipleChoiceField(
        label=_("Files kept from your last try"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        leader_posts: list[Post],
        participant_posts: list[Post],
        user_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._user_id = user_id
        self.kept_files: list[evidence_files.KeptFile] = []
        self._kept_problems: list[str] = []
        if self.is_bound and user_id is not None:
            try:
                self.kept_files = evidence_files.kept_files(str(self.data.get("kept", "")), user_id=user_id)
            except Problems as refused:
                self._kept_problems = refused.problems
        self._kept_choices()
        self._posts = {p.code: p for p in [*leader_posts, *participant_posts]}
        leader_field = self.fields["leader_post"]
        assert isinstance(leader_field, forms.ChoiceField)  # noqa: S101
        leader_field.choices = [(p.code, _post_label(p)) for p in leader_posts]
        if len(leader_posts) != 1:
            leader_field.choices = [("", "—"), *leader_field.choices]
        participants = self.fields["participant_posts"]
        assert isinstance(participants, forms.MultipleChoiceField)  # noqa: S101
        participants.choices = [(p.code, _post_label(p)) for p in participant_posts]
        for index in range(HAZARD_ROWS):
            self.fields[f"hazard_{index}"] = forms.CharField(
                label=_("Hazard found"), max_length=500, required=False
            )
            self.fields[f"hazard_{index}_by"] = forms.DateField(
                label=_("Rectify by"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            )

    def hazard_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"hazard_{i}"], self[f"hazard_{i}_by"]) for i in range(HAZARD_ROWS)]

    def _kept_choices(self) -> None:
        field = self.fields["kept_keep"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101
        field.choices = [(k.sha256, k.name) for k in self.kept_files]

    def evidence_files(self) -> list[Any]:
        """The files to attach: those kept from the last try and still ticked, then the new ones."""
        keep = set(self.cleaned_data.get("kept_keep", []))
        return [k.upload() for k in self.kept_files if k.sha256 in keep] + list(self.cleaned_data.get("evidence", []))

    def retain(self, uploads: list[Any]) -> None:
        """The form is shown again with its problems: keep the chosen files that pass the check (with
        those kept before and still ticked) so that they need not be chosen again; a file that fails
        the check is named among the problems."""
        if self._user_id is None:
            return
        if not isinstance(self.data, QueryDict):
            return
        ticked = set(self.data.getlist("kept_keep"))
        still = [k for k in self.kept_files if k.sha256 in ticked]
        token, self.kept_files = evidence_files.keep(uploads, already=still, user_id=self._user_id)
        data = self.data.copy()
        data["kept"] = token
        data.setlist("kept_keep", [k.sha256 for k in self.kept_files])
        self.data = data
        self._kept_choices()
        if self.errors:  # the service did not run, so it did not judge the files: say which fail now
            for problem in evidence_files.check_all(uploads)[1]:
                self.add_error("evidence", problem)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for problem in self._kept_problems:
            self.add_error(None, problem)
        for index in range(HAZARD_ROWS):
            text, by = data.get(f"hazard_{index}"), data.get(f"hazard_{index}_by")
            if text and not by:
                self.add_error(f"hazard_{index}_by", _("Set a rectification deadline for this hazard."))
            if by and not text:
                self.add_error(f"hazard_{index}", _("Describe the hazard this deadline is for."))
        return data

    def to_input(self) -> RecordInput:
        data = self.cleaned_data
        hazards = [
            HazardInput(data[f"hazard_{i}"], data[f"hazard_{i}_by"])
            for i in range(HAZARD_ROWS)
            if data.get(f"hazard_{i}") and data.get(f"hazard_{i}_by")
        ]
        return RecordInput(
            activity=data["activity"],
            occurred_on=data["occurred_on"],
            leader_post=self._posts[data["leader_post"]],
            participant_posts=[self._posts[c] for c in data.get("participant_posts", []) if c in self._posts],
            place=data.get("place", ""),
            summary=data.get("summary", ""),
            hazards=hazards,
        )

    @staticmethod
    def initial_for(record: Any) -> dict[str, Any]:
        credits = list(record.credits.select_related("post"))
        initial: dict[str, Any] = {
            "activity": record.activity,
            "occurred_on": record.occurred_on,
            "leader_post": next((c.post.code for c in credits if c.capacity == "leader"), ""),
            "participant_posts": [c.post.code for c in credits if c.capacity == "participant"],
            "place": record.place,
            "summary": record.summary,
        }
        for index, hazard in enumerate(list(record.hazards.all())[:HAZARD_ROWS]):
            initial[f"hazard_{index}"] = hazard.description
            initial[f"hazard_{index}_by"] = hazard.rectify_by
        return initial


class ConfirmForm(forms.Form):
    """The official confirms a record entered for them, or disputes it saying what is wrong."""

    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("dispute", _("Dispute"))])
    note = forms.CharField(
        label=_("What is wrong with it"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    back = forms.ChoiceField(choices=[("detail", "detail"), ("mine", "mine")], required=False)


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Why is it deleted?"), max_length=300)


def today_default() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
