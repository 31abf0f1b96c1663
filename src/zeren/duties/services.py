"""Writing duty lists: generate a draft from the pack in force, add / edit / remove local items,
publish. Each service is atomic, checks that the actor may change the list (安委办 of the
jurisdiction or above, or a superuser) and writes an audit event in the same transaction.

A published list is never changed: a change of pack or post makes a new draft
(:func:`duty_list_generate`), which takes over the local items of the latest version.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zeren.accounts.access import AnyUser
from zeren.audit.services import record_event
from zeren.duties.access import can_edit
from zeren.duties.models import DutyItem, DutyList, Source, Status, frozen
from zeren.org.bindings import policy_for
from zeren.org.models import Jurisdiction, Post, PostRole
from zeren.policy.duties import duty_list as policy_duty_list
from zeren.problems import Problems

MAX_TITLE = 300
MAX_BASIS = 300
MAX_TEXT = 2000
LOCAL_KEY = re.compile(r"^local-(\d+)$")


def _require_editor(actor: AnyUser, jurisdiction: Jurisdiction) -> None:
    if not can_edit(actor, jurisdiction):
        raise PermissionDenied


def _require_draft(duty_list: DutyList) -> None:
    if duty_list.status != Status.DRAFT:
        raise frozen(duty_list.version, duty_list.status)


def list_snapshot(duty_list: DutyList) -> dict[str, Any]:
    return {
        "post": duty_list.post.code,
        "version": duty_list.version,
        "status": duty_list.status,
        "pack_id": duty_list.pack_id,
        "policy_version": duty_list.policy_version,
        "items": [item_snapshot(item) for item in duty_list.items.all()],
    }


def item_snapshot(item: DutyItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "position": item.position,
        "source": item.source,
        "title": item.title,
        "text": item.text,
        "cites": item.cites,
        "basis": item.basis,
    }


def _event(actor: AnyUser, action: str, obj: DutyList | DutyItem, data: dict[str, Any], post: Post) -> None:
    record_event(actor=actor, action=action, obj=obj, data=data, jurisdiction_path=post.jurisdiction.path)


# ── what the pack says today ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class InForce:
    """The duty list a post would get from the pack in force on a date (not stored)."""

    data: dict[str, Any] | None
    problem: str = ""

    @property
    def pack_id(self) -> str:
        return str(self.data["policy"]) if self.data else ""

    @property
    def policy_version(self) -> str:
        return str(self.data["policy_version"]) if self.data else ""


def in_force(post: Post, on: datetime.date, *, cache: dict[int, Any] | None = None) -> InForce:
    """The pack in force for ``post`` on ``on`` and the duties it gives the post, or why there are none.
    ``cache`` (jurisdiction id → policy) saves lookups when many posts of one jurisdiction are checked."""
    jurisdiction = post.jurisdiction
    if cache is not None and jurisdiction.pk in cache:
        policy = cache[jurisdiction.pk]
    else:
        policy = policy_for(jurisdiction, on)
        if cache is not None:
            cache[jurisdiction.pk] = policy
    if policy is None:
        return InForce(
            None,
            _("No regulation is bound to %(jurisdiction)s on %(date)s, so there is no duty list to generate.")
            % {"jurisdiction": jurisdiction.name, "date": on.isoformat()},
        )
    data = policy_duty_list(policy, post.role, post.level, post.department_kind).as_dict()
    if not data["in_scope"] or not data["items"]:
        return InForce(
            None,
            _("%(policy)s does not cover this post (%(role)s at this level), so it has no duty list under it.")
            % {"policy": f"《{policy.title}》", "role": PostRole(post.role).label},
        )
    return InForce({**data, "title": policy.title})


def is_out_of_date(duty_list: DutyList, post: Post, now: InForce) -> bool:
    """True when the pack in force or the post has changed since ``duty_list`` was generated."""
    if now.data is None:
        return False
    return (
        duty_list.pack_id != now.pack_id
        or duty_list.policy_version != now.policy_version
        or duty_list.role != post.role
        or duty_list.level != post.level
        or duty_list.department_kind != (post.department_kind or "")
        or duty_list.post_title != post.title
    )


# ── generate ──────────────────────────────────────────────────────────────────────────────────


def duty_list_generate(*, actor: AnyUser, post: Post, on: datetime.date | None = None) -> DutyList:
    """Make (or refresh) the post's draft from the pack in force on ``on`` (default today).

    An existing draft gets the pack's items anew and keeps its local items; otherwise a new draft
    with the next version number is made, taking over the local items of the latest version.
    Published versions are never touched."""
    on = on or timezone.localdate()
    _require_editor(actor, post.jurisdiction)
    now = in_force(post, on)
    if now.data is None:
        raise Problems(now.problem)
    data = now.data
    with transaction.atomic():
        Post.objects.select_for_update().filter(pk=post.pk).first()  # one generator per post at a time
        lists = DutyList.objects.filter(post=post)
        draft = lists.filter(status=Status.DRAFT).first()
        before: dict[str, Any] | None = None
        if draft is not None:
            before = list_snapshot(draft)
            local = list(draft.items.filter(source=Source.LOCAL))
            draft.items.filter(source=Source.PACK).delete()
        else:
            latest = lists.order_by("-version").first()
            local = list(latest.items.filter(source=Source.LOCAL)) if latest is not None else []
            draft = DutyList(
                post=post, version=(latest.version + 1) if latest is not None else 1, created_by=_user(actor)
            )
        draft.pack_id = data["policy"]
        draft.policy_title = data["title"]
        draft.policy_version = data["policy_version"]
        draft.applies = data["applies"] or ""
        draft.read_as_level = data["read_as_level"] or post.level
        draft.scope_cites = data["scope_cites"]
        draft.notes = data["notes"]
        draft.generated_on = on
        draft.post_title = post.title
        draft.role = post.role
        draft.level = post.level
        draft.department_kind = post.department_kind or ""
        draft.save()
        items = [
            DutyItem(
                duty_list=draft,
                position=position,
                source=Source.PACK,
                key=entry["id"],
                rule_id=entry["id"],
                title=entry["title"],
                text="\n".join(article["text"] for article in entry["articles"]),
                cites=entry["cites"],
                articles=entry["articles"],
                kind=entry["kind"],
                activity=entry["activity"] or "",
                every=entry["every"] or "",
                at_least=entry["at_least"],
                reading=entry["reading"] or "",
            )
            for position, entry in enumerate(data["items"], start=1)
        ]
        for offset, old in enumerate(local, start=len(items) + 1):
            if old.duty_list_id == draft.pk:
                old.position = offset
                old.save(update_fields=["position"])
            else:
                items.append(
                    DutyItem(
                        duty_list=draft,
                        position=offset,
                        source=Source.LOCAL,
                        key=old.key,
                        title=old.title,
                        text=old.text,
                        basis=old.basis,
                    )
                )
        DutyItem.objects.bulk_create(items)
        _event(actor, "duty_list.generate", draft, {"before": before, "after": list_snapshot(draft)}, post)
    return draft


def _user(actor: AnyUser) -> Any:
    return actor if actor.is_authenticated else None


@dataclass
class Refreshed:
    generated: list[DutyList] = field(default_factory=list)
    skipped: list[tuple[Post, str]] = field(default_factory=list)


def duty_lists_generate_missing(
    *, actor: AnyUser, jurisdiction: Jurisdiction, on: datetime.date | None = None
) -> Refreshed:
    """Drafts for every active post of ``jurisdiction`` (its own bodies) that has no list yet or whose
    latest list is out of date (the pack or the post changed). Up-to-date posts are left alone."""
    on = on or timezone.localdate()
    _require_editor(actor, jurisdiction)
    result = Refreshed()
    cache: dict[int, Any] = {}
    with transaction.atomic():
        posts = Post.objects.filter(body__jurisdiction=jurisdiction, active=True).select_related("body__jurisdiction")
        for post in posts:
            now = in_force(post, on, cache=cache)
            if now.data is None:
                result.skipped.append((post, now.problem))
                continue
            latest = DutyList.objects.filter(post=post).order_by("-version").first()
            if latest is not None and not is_out_of_date(latest, post, now):
                continue
            result.generated.append(duty_list_generate(actor=actor, post=post, on=on))
    return result


# ── local items ─────────────────────────────────────────────────────────────────────────────


def _clean_local(title: str, text: str, basis: str) -> tuple[str, str, str]:
    title, text, basis = title.strip(), text.strip(), basis.strip()
    if not title:
        raise Problems(_("Write the duty itself: it cannot be empty."))
    if len(title) > MAX_TITLE:
        raise Problems(
            _("The duty is %(length)s characters long; at most %(max)s are allowed.")
            % {"length": len(title), "max": MAX_TITLE}
        )
    if len(text) > MAX_TEXT:
        raise Problems(
            _("The explanation is %(length)s characters long; at most %(max)s are allowed.")
            % {"length": len(text), "max": MAX_TEXT}
        )
    if len(basis) > MAX_BASIS:
        raise Problems(
            _("The basis is %(length)s characters long; at most %(max)s are allowed.")
            % {"length": len(basis), "max": MAX_BASIS}
        )
    return title, text, basis


def duty_item_add_local(
    *, actor: AnyUser, duty_list: DutyList, title: str, text: str = "", basis: str = ""
) -> DutyItem:
    """Add a local duty (本地) at the end of a draft, with its own text and an optional basis."""
    _require_editor(actor, duty_list.post.jurisdiction)
    _require_draft(duty_list)
    title, text, basis = _clean_local(title, text, basis)
    with transaction.atomic():
        used = DutyItem.objects.filter(duty_list__post=duty_list.post_id, source=Source.LOCAL).values_list(
            "key", flat=True
        )
        number = max((int(m.group(1)) for key in used if (m := LOCAL_KEY.match(key))), default=0) + 1
        last = duty_list.items.aggregate(last=Max("position"))["last"] or 0
        item = DutyItem.objects.create(
            duty_list=duty_list,
            position=last + 1,
            source=Source.LOCAL,
            key=f"local-{number}",
            title=title,
            text=text,
            basis=basis,
        )
        _event(
            actor,
            "duty_item.add_local",
            item,
            {"before": None, "after": item_snapshot(item), "list": duty_list.pk},
            duty_list.post,
        )
    return item


def _require_local(item: DutyItem) -> None:
    if not item.is_local:
        raise Problems(
            _("Duties from the regulation cannot be changed or removed here; add a local duty instead.")
        )


def duty_item_update(*, actor: AnyUser, item: DutyItem, title: str, text: str = "", basis: str = "") -> DutyItem:
    """Change a local item of a draft."""
    duty_list = item.duty_list
    _require_editor(actor, duty_list.post.jurisdiction)
    _require_draft(duty_list)
    _require_local(item)
    title, text, basis = _clean_local(title, text, basis)
    with transaction.atomic():
        before = item_snapshot(item)
        item.title, item.text, item.basis = title, text, basis
        item.save(update_fields=["title", "text", "basis"])
        _event(
            actor,
            "duty_item.update",
            item,
            {"before": before, "after": item_snapshot(item), "list": duty_list.pk},
            duty_list.post,
        )
    return item


def duty_item_remove(*, actor: AnyUser, item: DutyItem) -> None:
    """Remove a local item from a draft; the items after it move up."""
    duty_list = item.duty_list
    _require_editor(actor, duty_list.post.jurisdiction)
    _require_draft(duty_list)
    _require_local(item)
    with transaction.atomic():
        before = item_snapshot(item)
        _event(actor, "duty_item.remove", item, {"before": before, "after": None, "list": duty_list.pk}, duty_list.post)
        item.delete()
        for position, rest in enumerate(duty_list.items.order_by("position", "id"), start=1):
            if rest.position != position:
                rest.position = position
                rest.save(update_fields=["position"])


# ── publish ─────────────────────────────────────────────────────────────────────────────────


def duty_list_publish(*, actor: AnyUser, duty_list: DutyList) -> DutyList:
    """Publish (公示) a draft: it becomes the post's published list and the one before is superseded."""
    _require_editor(actor, duty_list.post.jurisdiction)
    _require_draft(duty_list)
    if not duty_list.items.exists():
        raise Problems(_("An empty duty list cannot be published."))
    with transaction.atomic():
        previous = DutyList.objects.filter(post=duty_list.post_id, status=Status.PUBLISHED).first()
        if previous is not None:
            DutyList.objects.filter(pk=previous.pk).update(status=Status.SUPERSEDED)
        duty_list.status = Status.PUBLISHED
        duty_list.published_at = timezone.now()
        duty_list.published_by = _user(actor)
        duty_list.save(update_fields=["status", "published_at", "published_by"])
        _event(
            actor,
            "duty_list.publish",
            duty_list,
            {
                "before": {"status": Status.DRAFT, "superseded": previous.version if previous else None},
                "after": {"status": Status.PUBLISHED, "version": duty_list.version},
            },
            duty_list.post,
        )
    return duty_list


def duty_lists_publish_drafts(*, actor: AnyUser, jurisdiction: Jurisdiction) -> list[DutyList]:
    """Publish every non-empty draft of the posts of ``jurisdiction`` (its own bodies)."""
    _require_editor(actor, jurisdiction)
    with transaction.atomic():
        drafts = (
            DutyList.objects.filter(post__body__jurisdiction=jurisdiction, status=Status.DRAFT, items__isnull=False)
            .distinct()
            .select_related("post__body__jurisdiction")
        )
        return [duty_list_publish(actor=actor, duty_list=draft) for draft in drafts]


# ── compare (a read: writes nothing) ────────────────────────────────────────────────────────────

COMPARED = ("title", "text", "basis", "cites", "kind", "every", "at_least")


@dataclass(frozen=True)
class ComparedItem:
    change: str
    """``added``, ``removed``, ``changed`` or ``same``."""
    old: DutyItem | None
    new: DutyItem | None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    old: DutyList
    new: DutyList
    rows: list[ComparedItem]

    def count(self, change: str) -> int:
        return sum(1 for row in self.rows if row.change == change)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def pack_changed(self) -> bool:
        return (self.old.pack_id, self.old.policy_version) != (self.new.pack_id, self.new.policy_version)

    @property
    def technical(self) -> list[str]:
        """The two packs and versions, for the technical details."""
        return [f"{d.pack_id} {d.policy_version}" for d in (self.old, self.new)]


def duty_lists_compare(*, old: DutyList, new: DutyList) -> Comparison:
    """What changed from ``old`` to ``new`` (two versions of one post's list), item by item:
    items are matched by their key (the pack rule, or the local item's number)."""
    if old.post_id != new.post_id:
        raise Problems(_("Only two versions of the same post's duty list can be compared."))
    before = {item.key: item for item in old.items.all()}
    after = list(new.items.all())
    rows: list[ComparedItem] = []
    for item in after:
        match = before.pop(item.key, None)
        if match is None:
            rows.append(ComparedItem("added", None, item))
            continue
        differs = tuple(name for name in COMPARED if getattr(match, name) != getattr(item, name))
        rows.append(ComparedItem("changed" if differs else "same", match, item, differs))
    rows.extend(ComparedItem("removed", item, None) for item in before.values())
    return Comparison(old, new, rows)
