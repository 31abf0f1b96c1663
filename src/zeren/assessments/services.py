"""The assessment workflow: open, pre-fill, self-score, submit, review (accept, adjust, return),
approve, publish. Every change is atomic, audited (:mod:`zeren.audit.services`) and made under
optimistic locking: it names the ``expected_version`` of the assessment or entry it was made from,
and a stale change is refused with :class:`~zeren.problems.Conflict` (nothing saved).

The computation is the core's (:func:`zeren.policy.assessment.evaluate_assessment` for an entry,
:func:`~zeren.policy.assessment.rank` for the ranking and its quota); an entry keeps the verdict with
the scheme's and the policy's versions. The effective score of an item: the office's adjustment,
else the assessed body's self-score (or its 不涉及), else what zeren computed from its records.

Pre-filling more than ``ZEREN_ASSESSMENT_INLINE_ENTRIES`` (200) jurisdictions is a background job
(:data:`zeren.assessments.tasks.prefill_task`) with its progress on the assessment's page.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.accounts.access import AnyUser
from zeren.accounts.models import User
from zeren.assessments import workflow
from zeren.assessments.models import Assessment, AssessmentEntry, EntryState, ItemScore, State
from zeren.assessments.prefill import prefilled_facts, targets_of
from zeren.audit.services import record_event
from zeren.jobs.models import Job
from zeren.jobs.services import Progress, job_create
from zeren.org.models import Jurisdiction
from zeren.policy.assessment import AssessmentVerdict, evaluate_assessment, parse_assessment_facts, rank
from zeren.policy.facts import FactsError
from zeren.policy.scheme import LoadedScheme, SchemeError
from zeren.problems import Conflict, Problem, Problems

CHUNK = 500
"""Jurisdictions pre-filled per round (one set of bulk queries, one progress report)."""


def inline_limit() -> int:
    return int(getattr(settings, "ZEREN_ASSESSMENT_INLINE_ENTRIES", 200))


# ── locking and the audit trail ─────────────────────────────────────────────────────────────────


def _conflict(current: Assessment | AssessmentEntry, expected: int) -> Conflict:
    return Conflict(
        _(
            "Someone else changed this assessment meanwhile (it is now at version %(current)s; you started from "
            "version %(expected)s). Your change was NOT saved; look at the page as it is now and enter it again "
            "if it still applies."
        )
        % {"current": current.version, "expected": expected},
        current=current,
    )


def _lock_assessment(assessment: Assessment, expected_version: int) -> Assessment:
    claimed = Assessment.objects.filter(pk=assessment.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise _conflict(Assessment.objects.get(pk=assessment.pk), expected_version)
    return Assessment.objects.select_for_update(of=("self",)).select_related("jurisdiction").get(pk=assessment.pk)


def _lock_entry(entry: AssessmentEntry, expected_version: int) -> AssessmentEntry:
    claimed = AssessmentEntry.objects.filter(pk=entry.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise _conflict(AssessmentEntry.objects.get(pk=entry.pk), expected_version)
    return (
        AssessmentEntry.objects.select_for_update(of=("self",))
        .select_related("assessment__jurisdiction", "jurisdiction")
        .get(pk=entry.pk)
    )


def _audit(actor: AnyUser, action: str, obj: Assessment | AssessmentEntry, **data: Any) -> None:
    path = obj.jurisdiction.path
    record_event(actor=actor, action=f"assessments.{action}", obj=obj, data=data, jurisdiction_path=path)


def _account(actor: AnyUser) -> User | None:
    """The account to record as having done something (None for a script)."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# ── the computation ─────────────────────────────────────────────────────────────────────────────


def _scheme(assessment: Assessment) -> LoadedScheme:
    try:
        return workflow.scheme_of(assessment)
    except SchemeError:
        raise Problems(_("The scheme of this assessment can no longer be loaded; ask the administrator.")) from None


def entered(scores: Sequence[ItemScore]) -> dict[str, list[dict[str, Any]]]:
    """What people entered on the items, as the core's ``scores`` and ``not_applicable`` facts."""
    out: dict[str, list[dict[str, Any]]] = {"scores": [], "not_applicable": []}
    for row in scores:
        if row.adjusted_score is not None:
            reason = row.adjustment_reason or _("adjusted by the assessing office")
            out["scores"].append(
                {"item": row.item, "score": str(row.adjusted_score), "reason": reason, "by": _("assessing office")}
            )
        elif row.self_not_applicable:
            out["not_applicable"].append({"item": row.item, "reason": row.evidence or _("not applicable")})
        elif row.self_score is not None:
            out["scores"].append(
                {
                    "item": row.item,
                    "score": str(row.self_score),
                    "reason": row.evidence or _("self-assessed"),
                    "by": _("assessed body"),
                }
            )
    return out


def _verdict(loaded: LoadedScheme, facts: dict[str, Any], scores: Sequence[ItemScore]) -> AssessmentVerdict:
    try:
        parsed = parse_assessment_facts({**facts, **entered(scores)}, loaded)
    except FactsError as error:
        raise Problems(error.problems) from None
    return evaluate_assessment(loaded, parsed)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _apply(entry: AssessmentEntry, loaded: LoadedScheme, verdict: AssessmentVerdict, now: datetime.datetime) -> None:
    # The trace (each rule with its articles' text) is not stored: the verdict is a function of the
    # stored facts and scores, so the entry page recomputes it for its technical details.
    data = dataclasses.replace(verdict, trace=()).as_dict()
    entry.verdict = data
    entry.scheme_version = loaded.version
    entry.policy_version = str(data.get("policy_version", ""))
    entry.computed_at = now
    entry.score = _decimal(data.get("score"))
    entry.normalised_score = _decimal(data.get("normalised_score"))
    entry.grade = data.get("grade") or ""
    entry.grade_label = data.get("grade_label") or ""
    entry.vetoed = bool(data.get("vetoes"))


def recompute_entry(entry: AssessmentEntry) -> AssessmentEntry:
    """The core's verdict on the entry's facts and what was entered, stored on the entry."""
    loaded = _scheme(entry.assessment)
    scores = list(entry.item_scores.all())
    _apply(entry, loaded, _verdict(loaded, entry.facts, scores), timezone.now())
    entry.save(
        update_fields=[
            "verdict",
            "scheme_version",
            "policy_version",
            "computed_at",
            "score",
            "normalised_score",
            "grade",
            "grade_label",
            "vetoed",
        ]
    )
    return entry


# ── opening and pre-filling ─────────────────────────────────────────────────────────────────────

FIELDS = (
    "facts",
    "links",
    "verdict",
    "scheme_version",
    "policy_version",
    "computed_at",
    "score",
    "normalised_score",
    "grade",
    "grade_label",
    "vetoed",
)


def _update(entries: Sequence[AssessmentEntry]) -> None:
    """Write the pre-filled fields of many entries: one UPDATE by id, executed for all (Django's
    ``bulk_update`` builds one CASE per field over the batch, slow for large JSON values)."""
    if not entries:
        return
    fields = [f for f in AssessmentEntry._meta.concrete_fields if f.name in FIELDS]
    table = AssessmentEntry._meta.db_table
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    rows = [[f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] + [e.pk] for e in entries]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)  # noqa: S608 - our own names


def _insert(entries: Sequence[AssessmentEntry]) -> None:
    """Insert new entries: one INSERT executed for all. (Django 5.2's ``bulk_create`` on PostgreSQL
    sends the rows as arrays through UNNEST, and psycopg quotes each JSON value inside an array in
    Python: 6 of the 9 seconds of a province's first pre-fill went there.) The entries get no pk."""
    if not entries:
        return
    fields = [f for f in AssessmentEntry._meta.concrete_fields if not f.primary_key]
    table = AssessmentEntry._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [[f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] for e in entries]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 - our own names


def prefill(assessment: Assessment, progress: Progress | None = None) -> dict[str, Any]:
    """Pre-fill (or refresh) the entries of ``assessment`` from zeren's records: the facts of every
    assessed jurisdiction, in bulk, and the core's verdict on each. Entries already approved, and a
    published assessment, are left as they are. Converges: run twice, it gives the same entries."""
    if assessment.state == State.PUBLISHED:
        raise Problems(_("A published assessment is not pre-filled again."))
    loaded = _scheme(assessment)
    # the stored JSON is overwritten, never read: loading it would cost more than computing it
    refreshed = assessment.entries.exclude(state=EntryState.APPROVED)
    existing = {e.jurisdiction_id: e for e in refreshed.only("id", "assessment_id", "jurisdiction_id", "state")}
    approved = set(assessment.entries.filter(state=EntryState.APPROVED).values_list("jurisdiction_id", flat=True))
    if existing or approved:
        jurisdictions = list(Jurisdiction.objects.filter(pk__in=existing).order_by("path"))
    else:
        jurisdictions = list(workflow.assessed_jurisdictions(assessment.jurisdiction, loaded))
    total = len(jurisdictions)
    scores: dict[int, list[ItemScore]] = {}
    for row in ItemScore.objects.filter(entry__assessment=assessment, entry__jurisdiction_id__in=list(existing)):
        scores.setdefault(row.entry_id, []).append(row)
    report = progress or (lambda _stage, _done, _total: None)
    report("prefill", 0, total)
    now = timezone.now()
    created = updated = 0
    for start in range(0, total, CHUNK):
        chunk = jurisdictions[start : start + CHUNK]
        found = prefilled_facts(targets_of(chunk), assessment.year, loaded)
        new: list[AssessmentEntry] = []
        changed: list[AssessmentEntry] = []
        for jurisdiction in chunk:
            facts, links = found[jurisdiction.pk]
            entry = existing.get(jurisdiction.pk)
            if entry is None:
                entry = AssessmentEntry(assessment=assessment, jurisdiction=jurisdiction)
                new.append(entry)
            else:
                changed.append(entry)
            entry.facts, entry.links = facts, links
            _apply(entry, loaded, _verdict(loaded, facts, scores.get(entry.pk, []) if entry.pk else []), now)
        with transaction.atomic():
            _insert(new)
            _update(changed)
        created += len(new)
        updated += len(changed)
        report("prefill", start + len(chunk), total)
    Assessment.objects.filter(pk=assessment.pk).update(
        prefilled_at=now, scheme_version=loaded.version, scheme_digest=loaded.digest
    )
    return {"entries": total, "created": created, "updated": updated}


def _start_prefill(*, actor: AnyUser, assessment: Assessment, count: int) -> Job | None:
    """Pre-fill now (a small assessment) or as a background job (returned)."""
    if count <= inline_limit():
        prefill(assessment)
        return None
    from zeren.assessments.tasks import prefill_task  # the task module imports this one

    job = job_create(
        kind=Job.Kind.ASSESSMENT_PREFILL,
        actor=actor,
        task=prefill_task,
        jurisdiction=assessment.jurisdiction,
        params={"assessment": assessment.pk},
    )
    Assessment.objects.filter(pk=assessment.pk).update(prefill_job=job)
    assessment.prefill_job = job
    return job


def assessment_create(
    *, actor: AnyUser, jurisdiction: Jurisdiction, year: int, scheme_id: str, title: str = ""
) -> Assessment:
    """Open a year's assessment (a draft) by the office of ``jurisdiction`` under a scheme, and
    pre-fill it (in the background for many jurisdictions)."""
    _refuse_unless(workflow.may_open(actor, jurisdiction))
    try:
        loaded = workflow.schemes().get(scheme_id)
    except SchemeError:
        raise Problems(Problem(_("There is no such scheme."), field="scheme")) from None
    scheme = loaded.scheme
    problems = []
    if year not in scheme.years:
        years = "、".join(str(y) for y in scheme.years)
        problems.append(
            Problem(
                _("This scheme applies to %(years)s, not to %(year)s.") % {"years": years, "year": year}, field="year"
            )
        )
    if Assessment.objects.filter(jurisdiction=jurisdiction, year=year, scheme_id=scheme_id).exists():
        problems.append(
            Problem(_("This office has already opened an assessment of that year under this scheme."), field="scheme")
        )
    count = workflow.assessed_jurisdictions(jurisdiction, loaded).count()
    if count == 0:
        problems.append(Problem(_("No jurisdiction below this one is of a level the scheme assesses."), field="scheme"))
    if problems:
        raise Problems(problems)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            jurisdiction=jurisdiction,
            year=year,
            title=title.strip() or scheme.title,
            scheme_id=scheme.id,
            scheme_version=loaded.version,
            scheme_digest=loaded.digest,
            policy_id=loaded.policy.id,
            policy_version=loaded.policy.version,
            created_by=_account(actor),
        )
        job = _start_prefill(actor=actor, assessment=assessment, count=count)
        _audit(
            actor,
            "assessment.create",
            assessment,
            year=year,
            scheme=scheme.id,
            scheme_version=loaded.version,
            jurisdictions=count,
            queued=job.pk if job else None,
        )
    return assessment


def prefill_pending(assessment: Assessment) -> bool:
    """Whether a background pre-fill of the assessment has not finished yet."""
    job = assessment.prefill_job
    return job is not None and job.state in (Job.State.QUEUED, Job.State.RUNNING)


def assessment_prefill(*, actor: AnyUser, assessment: Assessment, expected_version: int) -> Job | None:
    """Pre-fill the assessment again from the records as they are now (entries not yet approved)."""
    _refuse_unless(workflow.may_assess(actor, assessment))
    with transaction.atomic():
        locked = _lock_assessment(assessment, expected_version)
        if locked.state == State.PUBLISHED:
            raise Problems(_("A published assessment is not pre-filled again."))
        if prefill_pending(locked):
            raise Problems(_("The pre-fill is still running; wait for it to finish."))
        count = locked.entries.exclude(state=EntryState.APPROVED).count()
        job = _start_prefill(actor=actor, assessment=locked, count=count)
        _audit(actor, "assessment.prefill", locked, entries=count, queued=job.pk if job else None)
    return job


def assessment_open(*, actor: AnyUser, assessment: Assessment, expected_version: int) -> Assessment:
    """Open the draft to the assessed bodies for self-assessment."""
    _refuse_unless(workflow.may_assess(actor, assessment))
    with transaction.atomic():
        locked = _lock_assessment(assessment, expected_version)
        if locked.state != State.DRAFT:
            raise Problems(_("Only a draft assessment can be opened."))
        if prefill_pending(locked) or not locked.entries.exists():
            raise Problems(_("The pre-fill has not finished; the assessment can be opened once it has."))
        locked.state, locked.opened_at = State.OPEN, timezone.now()
        locked.save(update_fields=["state", "opened_at"])
        _audit(actor, "assessment.open", locked)
    return locked


# ── the assessed body ───────────────────────────────────────────────────────────────────────────


def _leaf(loaded: LoadedScheme, item: str) -> Any:
    for leaf in loaded.scheme.leaves():
        if leaf.id == item:
            return leaf
    raise Problems(Problem(_("The scheme has no scored item %(item)s.") % {"item": item}, field="item"))


def _score(raw: Any, points: Decimal, field: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise Problems(Problem(_("Enter the score as a number."), field=field)) from None
    if not value.is_finite() or value < 0 or value > points:
        raise Problems(
            Problem(
                _("The score must be between 0 and the item's %(points)s points.") % {"points": f"{points:g}"},
                field=field,
            )
        )
    if value != value.quantize(Decimal("0.01")):
        raise Problems(Problem(_("Enter the score with at most two decimals."), field=field))
    return value


def _item_row(entry: AssessmentEntry, item: str) -> ItemScore:
    row, created = ItemScore.objects.select_for_update().get_or_create(entry=entry, item=item)
    if created:
        computed = _computed(entry.verdict, item)
        row.prefilled = _decimal(computed.get("computed_score", computed.get("score")))
        row.sources = computed.get("deductions", [])
    return row


def _computed(verdict: dict[str, Any], item: str) -> dict[str, Any]:
    def walk(items: list[dict[str, Any]]) -> dict[str, Any] | None:
        for node in items:
            if node.get("id") == item:
                return node
            found = walk(node.get("children") or [])
            if found is not None:
                return found
        return None

    return walk(verdict.get("items") or []) or {}


def entry_self_score(
    *,
    actor: AnyUser,
    entry: AssessmentEntry,
    expected_version: int,
    item: str,
    score: Any = None,
    not_applicable: bool = False,
    evidence: str = "",
) -> AssessmentEntry:
    """The assessed body's score of one item (or 不涉及, where the scheme allows it), with its evidence."""
    _refuse_unless(workflow.may_self_assess(actor, entry))
    loaded = _scheme(entry.assessment)
    leaf = _leaf(loaded, item)
    evidence = evidence.strip()
    if not evidence:
        raise Problems(Problem(_("Say what the score rests on (the evidence)."), field="evidence"))
    value: Decimal | None = None
    if not_applicable:
        if not leaf.may_be_not_applicable:
            raise Problems(Problem(_("This item may not be marked not applicable."), field="not_applicable"))
    elif score is None or str(score).strip() == "":
        raise Problems(Problem(_("Enter a score, or mark the item not applicable."), field="score"))
    else:
        value = _score(score, leaf.points, "score")
    with transaction.atomic():
        locked = _lock_entry(entry, expected_version)
        if locked.state not in workflow.SELF_ASSESSABLE:
            raise Problems(_("This entry has been submitted; it can be changed again only when it is returned."))
        row = _item_row(locked, item)
        before = {"score": row.self_score, "not_applicable": row.self_not_applicable, "evidence": row.evidence}
        row.self_score, row.self_not_applicable, row.evidence = value, not_applicable, evidence
        row.save()
        recompute_entry(locked)
        _audit(
            actor,
            "entry.self_score",
            locked,
            item=item,
            before=before,
            after={"score": value, "not_applicable": not_applicable, "evidence": evidence},
        )
    return locked


def entry_submit(*, actor: AnyUser, entry: AssessmentEntry, expected_version: int) -> AssessmentEntry:
    """Submit the self-assessment to the assessing office."""
    _refuse_unless(workflow.may_self_assess(actor, entry))
    with transaction.atomic():
        locked = _lock_entry(entry, expected_version)
        if locked.state not in workflow.SELF_ASSESSABLE:
            raise Problems(_("This entry has already been submitted."))
        previous = locked.state
        locked.state = EntryState.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = _account(actor)
        locked.save(update_fields=["state", "submitted_at", "submitted_by"])
        _audit(actor, "entry.submit", locked, previous=previous, score=locked.score, grade=locked.grade)
    return locked


# ── the assessing office ────────────────────────────────────────────────────────────────────────


def _reviewing(actor: AnyUser, entry: AssessmentEntry) -> None:
    _refuse_unless(workflow.may_assess(actor, entry.assessment))
    if entry.assessment.state != State.OPEN:
        raise Problems(_("The assessment is not open."))


def entry_adjust(
    *, actor: AnyUser, entry: AssessmentEntry, expected_version: int, item: str, score: Any, reason: str
) -> AssessmentEntry:
    """The office sets an item's score (over the self-score and the computed one), with its reason."""
    _reviewing(actor, entry)
    leaf = _leaf(_scheme(entry.assessment), item)
    reason = reason.strip()
    if not reason:
        raise Problems(Problem(_("Give the reason for the adjustment."), field="reason"))
    value = _score(score, leaf.points, "score")
    with transaction.atomic():
        locked = _lock_entry(entry, expected_version)
        if locked.state not in workflow.REVIEWABLE:
            raise Problems(_("Only a submitted entry can be adjusted."))
        row = _item_row(locked, item)
        before = {"score": row.adjusted_score, "reason": row.adjustment_reason}
        row.adjusted_score, row.adjustment_reason = value, reason
        row.adjusted_by = _account(actor)
        row.save()
        recompute_entry(locked)
        _audit(actor, "entry.adjust", locked, item=item, before=before, after={"score": value, "reason": reason})
    return locked


def entry_accept(*, actor: AnyUser, entry: AssessmentEntry, expected_version: int) -> AssessmentEntry:
    """The office accepts the submitted entry (with its adjustments): reviewed."""
    _reviewing(actor, entry)
    with transaction.atomic():
        locked = _lock_entry(entry, expected_version)
        if locked.state != EntryState.SUBMITTED:
            raise Problems(_("Only a submitted entry can be accepted."))
        locked.state, locked.reviewed_at = EntryState.REVIEWED, timezone.now()
        locked.reviewed_by = _account(actor)
        locked.save(update_fields=["state", "reviewed_at", "reviewed_by"])
        _audit(actor, "entry.accept", locked, score=locked.score, grade=locked.grade)
    return locked


def entry_return(*, actor: AnyUser, entry: AssessmentEntry, expected_version: int, reason: str) -> AssessmentEntry:
    """The office returns the entry to the assessed body, with the reason; it may resubmit."""
    _reviewing(actor, entry)
    reason = reason.strip()
    if not reason:
        raise Problems(Problem(_("Say why the entry is returned."), field="reason"))
    with transaction.atomic():
        locked = _lock_entry(entry, expected_version)
        if locked.state not in workflow.REVIEWABLE:
            raise Problems(_("Only a submitted entry can be returned."))
        previous = locked.state
        locked.state, locked.return_reason = EntryState.RETURNED, reason
        locked.save(update_fields=["state", "return_reason"])
        _audit(actor, "entry.return", locked, previous=previous, reason=reason)
    return locked


def entry_approve(*, actor: AnyUser, entry: AssessmentEntry, expected_version: int) -> AssessmentEntry:
    """The office approves a reviewed entry: its result is final (until published, with the ranking)."""
    _reviewing(actor, entry)
    with transaction.atomic():
        locked = _lock_entry(entry, expected_version)
        if locked.state != EntryState.REVIEWED:
            raise Problems(_("Only a reviewed entry can be approved."))
        recompute_entry(locked)
        locked.state, locked.approved_at = EntryState.APPROVED, timezone.now()
        locked.save(update_fields=["state", "approved_at"])
        _audit(actor, "entry.approve", locked, score=locked.score, grade=locked.grade, vetoed=locked.vetoed)
    return locked


def ranking_of(assessment: Assessment, entries: Sequence[AssessmentEntry] | None = None) -> dict[str, Any]:
    """The core's ranking (places, the quota) of the assessment's entries as they stand."""
    loaded = _scheme(assessment)
    rows = list(entries if entries is not None else assessment.entries.select_related("jurisdiction"))
    verdicts = []
    for entry in rows:
        scores = list(entry.item_scores.all())
        verdicts.append(_verdict(loaded, entry.facts, scores))
    return rank(loaded, verdicts).as_dict()


def assessment_publish(
    *, actor: AnyUser, assessment: Assessment, expected_version: int, document_number: str = ""
) -> Assessment:
    """Publish the approved results: the ranking and its quota (applied by the core) are stored on
    the entries and the public sees the assessment."""
    _refuse_unless(workflow.may_assess(actor, assessment))
    with transaction.atomic():
        locked = _lock_assessment(assessment, expected_version)
        if locked.state != State.OPEN:
            raise Problems(_("Only an open assessment can be published."))
        entries = list(locked.entries.select_related("jurisdiction").prefetch_related("item_scores"))
        waiting = [e for e in entries if e.state != EntryState.APPROVED]
        if waiting:
            names = "、".join(e.jurisdiction.name for e in waiting[:5])
            raise Problems(
                _("Every entry must be approved before publication; not yet: %(names)s%(more)s.")
                % {"names": names, "more": _(" and %(n)s more") % {"n": len(waiting) - 5} if len(waiting) > 5 else ""}
            )
        ranking = ranking_of(locked, entries)
        by_code = {row["jurisdiction"]: row for row in ranking["rows"]}
        for entry in entries:
            row = by_code.get(entry.jurisdiction.code, {})
            entry.rank = row.get("place")
            entry.quota = bool(row.get("quota"))
        AssessmentEntry.objects.bulk_update(entries, ["rank", "quota"], batch_size=500)
        locked.state, locked.published = State.PUBLISHED, True
        locked.published_at = timezone.now()
        locked.published_by = _account(actor)
        locked.ranking = ranking
        locked.document_number = document_number.strip()[:64]
        locked.save(update_fields=["state", "published", "published_at", "published_by", "ranking", "document_number"])
        _audit(
            actor,
            "assessment.publish",
            locked,
            entries=len(entries),
            document_number=locked.document_number,
            quota=ranking.get("quota"),
        )
    return locked


def approve_all(*, actor: AnyUser, assessment: Assessment, expected_version: int) -> int:
    """Approve every reviewed entry of the assessment at once; returns how many."""
    _refuse_unless(workflow.may_assess(actor, assessment))
    with transaction.atomic():
        locked = _lock_assessment(assessment, expected_version)
        if locked.state != State.OPEN:
            raise Problems(_("The assessment is not open."))
        reviewed = list(
            locked.entries.filter(state=EntryState.REVIEWED).select_related("assessment__jurisdiction", "jurisdiction")
        )
        if not reviewed:
            raise Problems(_("No entry is waiting for approval."))
        for entry in reviewed:
            entry_approve(actor=actor, entry=entry, expected_version=entry.version)
    return len(reviewed)
