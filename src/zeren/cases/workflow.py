"""The case workflow: which step leads from which state to which, and who may take it.

    proposed ─investigate→ investigating ─determine→ determined ─decide→ decided ─publish→ published
                                ↑──────────reopen──────────┘    └─close→ closed      │
                                                                              appeal ↓
                                                        appeal_decided ←decide_appeal─ appealed

Who acts, read from the texts (常州 第二十七至二十九条, 河北 第二十九条):

- the 安委办 (role ``office``) proposes (提请, CZ-27), records the lead department the party committee
  or government designates and what the investigation finds, and determines responsibility
  (CZ-27, CZ-28: the lead department "界定责任并提出处理建议");
- the deciders decide, close, publish (CZ-29 "决定机关") and decide appeals. They are read from the
  pack's ``procedure.decide.actor``: 纪检监察 → ``discipline``, 组织人事 → ``organisation``, and
  安全生产监管部门 (河北 第二十九条) → ``office``; a pack without that step gets discipline and
  organisation;
- an appeal (CZ-29: 书面申诉 to the deciding body) is filed by the official concerned (role ``official``
  whose person is on the case) or recorded by a decider who received it on paper.

A superuser may take every step. Every step is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zeren.accounts.access import AnyUser, can_see_jurisdiction, sees_everything
from zeren.accounts.models import Role
from zeren.cases.models import Case, State, Subject
from zeren.org.models import Person
from zeren.policy.model import Policy

EDITABLE = (State.PROPOSED, State.INVESTIGATING, State.DETERMINED)


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise
    sources: tuple[str, ...]
    target: str
    actors: str  # "office", "deciders" or "appellant"
    procedure: str  # the pack's procedure step it follows


STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step(
            "investigate", _("Start the investigation"), (State.PROPOSED,), State.INVESTIGATING, "office", "investigate"
        ),
        Step(
            "determine",
            _("Determine responsibility"),
            (State.INVESTIGATING,),
            State.DETERMINED,
            "office",
            "investigate",
        ),
        Step(
            "reopen", _("Reopen the investigation"), (State.DETERMINED,), State.INVESTIGATING, "office", "investigate"
        ),
        Step("decide", _("Decide"), (State.DETERMINED,), State.DECIDED, "deciders", "decide"),
        Step("close", _("Close without accountability"), (State.DETERMINED,), State.CLOSED, "deciders", "decide"),
        Step("publish", _("Publish"), (State.DECIDED,), State.PUBLISHED, "deciders", "publish"),
        Step(
            "appeal",
            _("File a written appeal"),
            (State.PUBLISHED, State.APPEAL_DECIDED),
            State.APPEALED,
            "appellant",
            "appeal",
        ),
        Step("decide_appeal", _("Decide the appeal"), (State.APPEALED,), State.APPEAL_DECIDED, "deciders", "appeal"),
    )
}

MAIN_PATH = (State.PROPOSED, State.INVESTIGATING, State.DETERMINED, State.DECIDED, State.PUBLISHED)

_DECIDER_WORDS = (("纪检监察", Role.DISCIPLINE), ("组织", Role.ORGANISATION), ("安全生产监管部门", Role.OFFICE))


def decider_roles(policy: Policy | None) -> set[str]:
    """The roles that decide under ``policy`` (from its procedure's decide step)."""
    step = (
        policy.accountability.procedure.decide
        if policy and policy.accountability and policy.accountability.procedure
        else None
    )
    if step is None:
        return {Role.DISCIPLINE, Role.ORGANISATION}
    return {role for word, role in _DECIDER_WORDS if word in step.actor} or {Role.DISCIPLINE, Role.ORGANISATION}


def actor_roles(step: Step, policy: Policy | None) -> set[str]:
    if step.actors == "office":
        return {Role.OFFICE}
    if step.actors == "deciders":
        return decider_roles(policy)
    return {Role.OFFICIAL} | decider_roles(policy)


def may_take(user: AnyUser, step: Step, case: Case, policy: Policy | None) -> bool:
    """May ``user`` take ``step`` now (right state, right role; an official only on their own case)?"""
    if case.state not in step.sources:
        return False
    if sees_everything(user):
        return True
    role = getattr(user, "role", "")
    if role not in actor_roles(step, policy):
        return False
    if role == Role.OFFICIAL:
        person_id = getattr(user, "person_id", None)
        return person_id is not None and case.subjects.filter(person_id=person_id).exists()
    return True


def may_appeal_for(user: AnyUser, subject: Subject) -> bool:
    """Whom ``user`` may file a written appeal for (the step itself is :func:`may_take`): an official
    only for themselves; a decider who received it on paper, for any official of the case."""
    if getattr(user, "role", "") == Role.OFFICIAL and not sees_everything(user):
        return getattr(user, "person_id", None) == subject.person_id
    return True


def may_edit(user: AnyUser, case: Case, policy: Policy | None) -> bool:
    """Notes, evidence and officials may change while the case is open: by the office, and in the
    determined state also by the deciders."""
    if case.state not in EDITABLE:
        return False
    if sees_everything(user):
        return True
    role = getattr(user, "role", "")
    if role == Role.OFFICE:
        return True
    return case.state == State.DETERMINED and role in decider_roles(policy)


def may_propose(user: AnyUser) -> bool:
    return sees_everything(user) or getattr(user, "role", "") == Role.OFFICE


def require_step(user: AnyUser, step_name: str, case: Case, policy: Policy | None) -> Step:
    step = STEPS[step_name]
    if not may_take(user, step, case, policy):
        raise PermissionDenied
    return step


def require_edit(user: AnyUser, case: Case, policy: Policy | None) -> None:
    if not may_edit(user, case, policy):
        raise PermissionDenied


def steps_for(user: AnyUser, case: Case, policy: Policy | None) -> list[Step]:
    return [step for step in STEPS.values() if may_take(user, step, case, policy)]


def path_of(case: Case) -> list[dict[str, Any]]:
    """The main path with the current state marked, for the page header."""
    states: list[str] = list(MAIN_PATH)
    if case.state == State.CLOSED:
        states = [State.PROPOSED, State.INVESTIGATING, State.DETERMINED, State.CLOSED]
    elif case.state in (State.APPEALED, State.APPEAL_DECIDED):
        states += [State.APPEALED, State.APPEAL_DECIDED]
    now = states.index(case.state) if case.state in states else -1
    return [{"state": s, "label": State(s).label, "done": i < now, "now": i == now} for i, s in enumerate(states)]


def may_set_restriction_end(user: AnyUser, person: Person) -> bool:
    """The end of a restriction the texts leave open is set by the organisation department (常州
    reading cz-veto-period: "由组织部门依据相关规定确定") of the person's jurisdiction or above."""
    if sees_everything(user):
        return True
    return getattr(user, "role", "") == Role.ORGANISATION and can_see_jurisdiction(user, person.jurisdiction)
