"""Importing bodies, posts, people and appointments from one .xlsx workbook.

Sheets (in the template from :func:`template_workbook`, each with a Chinese header row):

- **机构** (bodies): 辖区代码, 机构代码, 机构名称, 机构类别, 部门类别
- **岗位** (posts): 岗位代码, 机构代码, 岗位名称, 角色, 分管行业, 是否常委, 是否在岗位序列
- **人员** (people): 身份证号, 姓名, 管理辖区代码
- **任职** (appointments): 身份证号, 岗位代码, 任职日期, 离任日期, 任职原因, 离任原因

Keys: jurisdiction by division code, body by body code, post by post code, person by identity
number (only its keyed digest, :func:`zeren.org.identity.identity_digest`, is looked up or
stored), appointment by (post, person, start date). Every row is validated; every problem is
reported in Chinese as a :class:`~zeren.problems.Problem` with its sheet, row and column, all
raised together as :class:`~zeren.problems.Problems`; **nothing changes unless every row is
good** (one transaction). Importing the same workbook again changes nothing. The workbook is read
by the one reader, :mod:`zeren.documents.sheets`, within its limits (size, parts, rows).

When a ``user`` is given, every row must lie in the user's jurisdiction subtree: the jurisdiction
a row names, and also what the row would change — a body, a post, or a person matched by identity
number must already be managed inside the subtree. A person managed elsewhere is refused without
saying where (docs/organisation.md, "Who may import whom"). The audit event names every body,
post, person and appointment the import created or changed.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from zeren.accounts.access import AnyUser, sees_everything
from zeren.audit.services import record_event
from zeren.documents import sheets
from zeren.documents.sheets import Sheet, workbook_bytes
from zeren.org.identity import identity_digest, identity_number_valid
from zeren.org.models import (
    DEPARTMENT_ROLES,
    Appointment,
    AppointmentReason,
    Body,
    BodyKind,
    DepartmentKind,
    Jurisdiction,
    Person,
    Post,
    PostRole,
)
from zeren.org.signals import inputs_changed
from zeren.problems import Problem, Problems

CHUNK = 2000
M = TypeVar("M", bound=models.Model)
logger = logging.getLogger(__name__)

BODY_SHEET, POST_SHEET, PERSON_SHEET, APPOINTMENT_SHEET = "机构", "岗位", "人员", "任职"
BODY_HEADERS = ["辖区代码", "机构代码", "机构名称", "机构类别", "部门类别"]
POST_HEADERS = ["岗位代码", "机构代码", "岗位名称", "角色", "分管行业", "是否常委", "是否在岗位序列"]
PERSON_HEADERS = ["身份证号", "姓名", "管理辖区代码"]
APPOINTMENT_HEADERS = ["身份证号", "岗位代码", "任职日期", "离任日期", "任职原因", "离任原因"]
OPTIONAL = {
    BODY_SHEET: {"部门类别"},
    POST_SHEET: {"分管行业", "是否常委", "是否在岗位序列"},
    PERSON_SHEET: set(),
    APPOINTMENT_SHEET: {"离任日期", "离任原因", "任职原因"},
}

BODY_KINDS = {
    "党委": "party_committee",
    "党工委": "party_committee",
    "政府": "government",
    "管委会": "government",
    "街道办事处": "government",
    "部门": "department",
}
DEPARTMENT_KINDS = {
    "重点监管部门": "key_regulator",
    "负有安全监管职责的部门": "regulator",
    "监管部门": "regulator",
    "行业主管部门": "industry_authority",
    "其他部门": "other",
    "其他工作部门": "other",
}
ROLES = {
    "党委主要负责人": "party_secretary",
    "书记": "party_secretary",
    "政府主要负责人": "government_head",
    "党委常委": "standing_member",
    "党委常委会其他成员": "standing_member",
    "分管安全生产的负责人": "deputy_for_safety",
    "分管安全生产工作的政府领导干部": "deputy_for_safety",
    "政府其他领导干部": "government_deputy",
    "政府副职": "government_deputy",
    "部门主要负责人": "dept_principal",
    "部门分管安全生产的负责人": "dept_deputy_for_safety",
    "部门其他负责人": "dept_other_leader",
}
REASONS = {
    "任命": "appointed",
    "调任": "transferred",
    "交流": "transferred",
    "提拔": "promoted",
    "晋升": "promoted",
    "退休": "retired",
    "免职": "removed",
    "撤职": "removed",
}
YES = {"是", "y", "yes", "true", "1", "√"}
NO = {"否", "n", "no", "false", "0", ""}
DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
MAX_NAME = 100
# The same sentence whether the person is managed outside the user's subtree or not known at all
# where it can be (an appointment row), and no jurisdiction named where it cannot (a person row).
PERSON_OUTSIDE = "该身份证号对应的人员不在您的管辖范围内，不能通过导入更新；如需调入，请联系上级组织部门办理人员调动。"
PERSON_UNKNOWN = "“人员”表和您管辖范围内都没有此身份证号的人员"
SHEET_ORDER = ["", BODY_SHEET, POST_SHEET, PERSON_SHEET, APPOINTMENT_SHEET]


@dataclass
class ImportResult:
    """Counts by kind (body, post, person, appointment), and the ids of what was created or changed."""

    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    created_ids: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    updated_ids: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())

    def summary(self) -> str:
        parts = []
        for key, label in (("body", "机构"), ("post", "岗位"), ("person", "人员"), ("appointment", "任职")):
            parts.append(f"{label}：新增 {self.created[key]}，更新 {self.updated[key]}，未变 {self.unchanged[key]}")
        return "；".join(parts)


# Parsed rows ---------------------------------------------------------------------------------


@dataclass
class _Body:
    row: int
    jurisdiction: str
    code: str
    name: str
    kind: str
    department_kind: str


@dataclass
class _Post:
    row: int
    code: str
    body: str
    title: str
    role: str
    sectors: list[str]
    on_standing_committee: bool
    active: bool


@dataclass
class _Person:
    row: int
    digest: str
    name: str
    jurisdiction: str


@dataclass
class _Appointment:
    row: int
    number: str
    digest: str
    post: str
    start: datetime.date
    end: datetime.date | None
    start_reason: str
    end_reason: str


class _Checker:
    """Collects problems. ``named_*`` hold every key a sheet names, even on a bad row, so a row
    that refers to a bad row is not reported again: only the root cause is."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.named_bodies: set[str] = set()
        self.named_posts: set[str] = set()
        self.named_people: set[str] = set()

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(message, sheet=sheet, row=row, column=column))

    def rows_with_problems(self) -> set[tuple[str, int]]:
        return {(p.sheet, p.row) for p in self.problems}


def _text(values: dict[str, str | None], header: str) -> str:
    return (values.get(header) or "").strip()


def _choice(value: str, ids: Iterable[str], aliases: dict[str, str]) -> str | None:
    if value in aliases:
        return aliases[value]
    lowered = value.lower()
    return lowered if lowered in set(ids) else None


def _bool(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    return None


def _date(value: str) -> datetime.date | None:
    match = DATE.match(value)
    if not match:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _by_key(model: type[M], field_name: str, keys: Iterable[str], *related: str) -> dict[str, M]:
    found: dict[str, M] = {}
    for chunk in _chunks(sorted(set(keys))):
        queryset = model._default_manager.filter(**{f"{field_name}__in": chunk})
        if related:
            queryset = queryset.select_related(*related)
        for obj in queryset:
            found[getattr(obj, field_name)] = obj
    return found


# Reading -------------------------------------------------------------------------------------


def upload_limits() -> sheets.Limits:
    """The reader's limits, with the upload size from the ``ZEREN_UPLOAD_MAX_BYTES`` setting."""
    return sheets.Limits(upload_bytes=int(getattr(settings, "ZEREN_UPLOAD_MAX_BYTES", sheets.LIMITS.upload_bytes)))


def read_upload(upload: IO[bytes]) -> bytes:
    """The bytes of an uploaded file, reading no more than the upload limit; a larger file raises
    :class:`Problems` (so a view never holds more than the limit in memory)."""
    return sheets.read_upload(upload, upload_limits())


def read_workbook(data: bytes) -> tuple[list[_Body], list[_Post], list[_Person], list[_Appointment], _Checker]:
    """Parse the four sheets; row-local problems go into the checker. A problem with the file as a
    whole has no sheet; one with a sheet as a whole has row 0."""
    check = _Checker()
    if not data:
        check.add("", 0, "", "上传的文件是空的。")
        return [], [], [], [], check
    limits = upload_limits()
    found: dict[str, list[tuple[int, dict[str, str | None]]]] = {}
    try:
        with sheets.open_workbook(data, limits) as workbook:
            for sheet, headers in (
                (BODY_SHEET, BODY_HEADERS),
                (POST_SHEET, POST_HEADERS),
                (PERSON_SHEET, PERSON_HEADERS),
                (APPOINTMENT_SHEET, APPOINTMENT_HEADERS),
            ):
                try:
                    found[sheet] = sheets.read_sheet(
                        sheets.pick_sheet(workbook, sheet), headers=headers, optional=OPTIONAL[sheet], limits=limits
                    )
                except Problems as error:
                    for problem in error.items:
                        check.add(sheet, 0, "", problem.message)
    except Problems as error:  # the file as a whole
        for problem in error.items:
            check.add("", 0, "", problem.message)
        return [], [], [], [], check
    bodies: list[_Body] = []
    seen: dict[str, int] = {}
    for row, values in found.get(BODY_SHEET, []):
        j, code, name = _text(values, "辖区代码"), _text(values, "机构代码"), _text(values, "机构名称")
        kind_text, dkind_text = _text(values, "机构类别"), _text(values, "部门类别")
        check.named_bodies.add(code)
        before = len(check.problems)
        if not j:
            check.add(BODY_SHEET, row, "辖区代码", "辖区代码为空")
        if not code:
            check.add(BODY_SHEET, row, "机构代码", "机构代码为空")
        elif len(code) > 32:
            check.add(BODY_SHEET, row, "机构代码", "机构代码超过 32 个字符")
        elif code in seen:
            check.add(BODY_SHEET, row, "机构代码", f"机构代码 {code} 已在第 {seen[code]} 行出现")
        else:
            seen[code] = row
        if not name or len(name) > MAX_NAME:
            check.add(BODY_SHEET, row, "机构名称", "机构名称为空" if not name else f"机构名称超过 {MAX_NAME} 个字符")
        kind = _choice(kind_text, BodyKind.values, BODY_KINDS)
        if kind is None:
            check.add(BODY_SHEET, row, "机构类别", f"“{kind_text}”不是机构类别，应为 党委、政府 或 部门")
        dkind = _choice(dkind_text, DepartmentKind.values, DEPARTMENT_KINDS) if dkind_text else ""
        if dkind is None:
            check.add(BODY_SHEET, row, "部门类别", f"“{dkind_text}”不是部门类别，应为 " + "、".join(DEPARTMENT_KINDS))
        elif kind == "department" and not dkind:
            check.add(BODY_SHEET, row, "部门类别", "部门必须填写部门类别")
        elif kind is not None and kind != "department" and dkind:
            check.add(BODY_SHEET, row, "部门类别", "只有部门填写部门类别")
        if len(check.problems) == before:
            bodies.append(_Body(row, j, code, name, kind or "", dkind or ""))

    posts: list[_Post] = []
    seen = {}
    for row, values in found.get(POST_SHEET, []):
        code, body, title = _text(values, "岗位代码"), _text(values, "机构代码"), _text(values, "岗位名称")
        role_text = _text(values, "角色")
        check.named_posts.add(code)
        before = len(check.problems)
        if not code:
            check.add(POST_SHEET, row, "岗位代码", "岗位代码为空")
        elif len(code) > 40:
            check.add(POST_SHEET, row, "岗位代码", "岗位代码超过 40 个字符")
        elif code in seen:
            check.add(POST_SHEET, row, "岗位代码", f"岗位代码 {code} 已在第 {seen[code]} 行出现")
        else:
            seen[code] = row
        if not body:
            check.add(POST_SHEET, row, "机构代码", "机构代码为空")
        if not title or len(title) > MAX_NAME:
            check.add(POST_SHEET, row, "岗位名称", "岗位名称为空" if not title else f"岗位名称超过 {MAX_NAME} 个字符")
        role = _choice(role_text, PostRole.values, ROLES)
        if role is None:
            check.add(POST_SHEET, row, "角色", f"“{role_text}”不是角色，应为 " + "、".join(PostRole.values))
        standing, active = _bool(_text(values, "是否常委")), _bool(_text(values, "是否在岗位序列") or "是")
        if standing is None:
            check.add(POST_SHEET, row, "是否常委", "应填“是”或“否”")
        if active is None:
            check.add(POST_SHEET, row, "是否在岗位序列", "应填“是”或“否”")
        sectors = [s.strip() for s in re.split(r"[、,，;；]", _text(values, "分管行业")) if s.strip()]
        if len(check.problems) == before:
            posts.append(_Post(row, code, body, title, role or "", sectors, bool(standing), bool(active)))

    people: list[_Person] = []
    seen = {}
    for row, values in found.get(PERSON_SHEET, []):
        number, name, j = _text(values, "身份证号").upper(), _text(values, "姓名"), _text(values, "管理辖区代码")
        check.named_people.add(number)
        before = len(check.problems)
        if not identity_number_valid(number):
            check.add(PERSON_SHEET, row, "身份证号", "身份证号无效（应为 18 位，校验码须正确）")
        elif number in seen:
            check.add(PERSON_SHEET, row, "身份证号", f"该身份证号已在第 {seen[number]} 行出现")
        else:
            seen[number] = row
        if not name or len(name) > MAX_NAME:
            check.add(PERSON_SHEET, row, "姓名", "姓名为空" if not name else f"姓名超过 {MAX_NAME} 个字符")
        if not j:
            check.add(PERSON_SHEET, row, "管理辖区代码", "管理辖区代码为空")
        if len(check.problems) == before:
            people.append(_Person(row, identity_digest(number), name, j))

    appointments: list[_Appointment] = []
    seen_key: dict[tuple[str, str, datetime.date], int] = {}
    today = timezone.localdate()
    for row, values in found.get(APPOINTMENT_SHEET, []):
        number, post = _text(values, "身份证号").upper(), _text(values, "岗位代码")
        start_text, end_text = _text(values, "任职日期"), _text(values, "离任日期")
        sr_text, er_text = _text(values, "任职原因") or "任命", _text(values, "离任原因")
        before = len(check.problems)
        if not identity_number_valid(number):
            check.add(APPOINTMENT_SHEET, row, "身份证号", "身份证号无效（应为 18 位，校验码须正确）")
        if not post:
            check.add(APPOINTMENT_SHEET, row, "岗位代码", "岗位代码为空")
        start = _date(start_text)
        if start is None:
            check.add(APPOINTMENT_SHEET, row, "任职日期", f"“{start_text}”不是日期，应写作 2021-03-01")
        end = _date(end_text) if end_text else None
        if end_text and end is None:
            check.add(APPOINTMENT_SHEET, row, "离任日期", f"“{end_text}”不是日期，应写作 2021-03-01")
        elif end is not None and start is not None and end < start:
            check.add(APPOINTMENT_SHEET, row, "离任日期", "离任日期早于任职日期")
        elif end is not None and end > today:
            check.add(APPOINTMENT_SHEET, row, "离任日期", "离任日期在今天之后；请在离任后再填写")
        start_reason = _choice(sr_text, AppointmentReason.values, REASONS)
        if start_reason is None:
            check.add(APPOINTMENT_SHEET, row, "任职原因", f"“{sr_text}”不是任职原因，应为 " + "、".join(REASONS))
        end_reason = _choice(er_text, AppointmentReason.values, REASONS) if er_text else ""
        if end_reason is None:
            check.add(APPOINTMENT_SHEET, row, "离任原因", f"“{er_text}”不是离任原因，应为 " + "、".join(REASONS))
        elif end_text and not end_reason:
            check.add(APPOINTMENT_SHEET, row, "离任原因", "已离任的须填写离任原因")
        elif not end_text and end_reason:
            check.add(APPOINTMENT_SHEET, row, "离任原因", "未填写离任日期，不能填写离任原因")
        if len(check.problems) == before and start is not None:
            digest = identity_digest(number)
            key = (post, digest, start)
            if key in seen_key:
                check.add(
                    APPOINTMENT_SHEET, row, "任职日期", f"同一人同一岗位同一任职日期已在第 {seen_key[key]} 行出现"
                )
                continue
            seen_key[key] = row
            appointments.append(
                _Appointment(row, number, digest, post, start, end, start_reason or "", end_reason or "")
            )
    return bodies, posts, people, appointments, check


# Checking against the database and the user's scope -------------------------------------------


def _in_scope(user: AnyUser | None, jurisdiction: Jurisdiction) -> bool:
    if user is None or sees_everything(user):
        return True
    own = getattr(user, "jurisdiction", None)
    return own is not None and jurisdiction.path.startswith(own.path)


@transaction.atomic
def organisation_import(*, data: bytes, user: AnyUser | None = None, dry_run: bool = False) -> ImportResult:
    """Validate the whole workbook, then create or update everything in one transaction.
    Raises :class:`Problems` with every problem; then nothing has changed. ``user`` (None for the
    command line) limits rows, and what they change, to the user's jurisdiction subtree. A dry run
    reports exactly what the real run would, and changes nothing."""
    bodies, posts, people, appointments, check = read_workbook(data)
    if any(p.row == 0 for p in check.problems):
        raise Problems(check.problems)

    jurisdictions = _by_key(Jurisdiction, "code", [b.jurisdiction for b in bodies] + [p.jurisdiction for p in people])
    for b in bodies:
        j = jurisdictions.get(b.jurisdiction)
        if j is None:
            check.add(BODY_SHEET, b.row, "辖区代码", f"没有代码为 {b.jurisdiction} 的辖区")
        elif not _in_scope(user, j):
            check.add(BODY_SHEET, b.row, "辖区代码", f"{j.name}（{j.code}）不在您的管辖范围内")
    for someone in people:
        j = jurisdictions.get(someone.jurisdiction)
        if j is None:
            check.add(PERSON_SHEET, someone.row, "管理辖区代码", f"没有代码为 {someone.jurisdiction} 的辖区")
        elif not _in_scope(user, j):
            check.add(PERSON_SHEET, someone.row, "管理辖区代码", f"{j.name}（{j.code}）不在您的管辖范围内")

    existing_bodies = _by_key(Body, "code", [b.code for b in bodies] + [p.body for p in posts], "jurisdiction")
    for b in bodies:
        old = existing_bodies.get(b.code)
        if old is not None and not _in_scope(user, old.jurisdiction):
            check.add(BODY_SHEET, b.row, "机构代码", f"机构代码 {b.code} 已属于您管辖范围外的 {old.jurisdiction.name}")
    sheet_bodies = {b.code: b for b in bodies}
    existing_posts = _by_key(
        Post, "code", [p.code for p in posts] + [a.post for a in appointments], "body__jurisdiction"
    )
    for p in posts:
        kind: str | None = None
        if p.body in sheet_bodies:
            kind = sheet_bodies[p.body].kind
        elif p.body in existing_bodies:
            body = existing_bodies[p.body]
            kind = body.kind
            if not _in_scope(user, body.jurisdiction):
                check.add(POST_SHEET, p.row, "机构代码", f"机构 {p.body} 不在您的管辖范围内")
        elif p.body not in check.named_bodies:
            check.add(POST_SHEET, p.row, "机构代码", f"“机构”表和系统中都没有机构代码 {p.body}")
        if kind is not None and (p.role in DEPARTMENT_ROLES) != (kind == "department"):
            check.add(POST_SHEET, p.row, "角色", "部门负责人角色只能用于部门，党政领导角色只能用于党委、政府")
        old_post = existing_posts.get(p.code)
        if old_post is not None and not _in_scope(user, old_post.body.jurisdiction):
            check.add(POST_SHEET, p.row, "岗位代码", f"岗位代码 {p.code} 已属于您管辖范围外的岗位")

    sheet_people = {p.digest: p for p in people}
    existing_people = _by_key(
        Person, "identity_digest", [p.digest for p in people] + [a.digest for a in appointments], "jurisdiction"
    )
    # A person is matched by identity number wherever they are managed: one managed outside the
    # user's subtree is not the user's to rename, move or appoint (the row is refused, naming no
    # jurisdiction), and for an appointment row is reported exactly like a number nobody has.
    outside = {d for d, person in existing_people.items() if not _in_scope(user, person.jurisdiction)}
    for someone in people:
        if someone.digest in outside:
            check.add(PERSON_SHEET, someone.row, "身份证号", PERSON_OUTSIDE)
    sheet_posts = {p.code for p in posts}
    for a in appointments:
        known = a.digest in sheet_people or (a.digest in existing_people and a.digest not in outside)
        if not known and a.number not in check.named_people:
            check.add(APPOINTMENT_SHEET, a.row, "身份证号", PERSON_UNKNOWN)
        if a.post not in sheet_posts and a.post not in existing_posts:
            if a.post not in check.named_posts:
                check.add(APPOINTMENT_SHEET, a.row, "岗位代码", f"“岗位”表和系统中都没有岗位代码 {a.post}")
        elif a.post not in sheet_posts and not _in_scope(user, existing_posts[a.post].body.jurisdiction):
            check.add(APPOINTMENT_SHEET, a.row, "岗位代码", f"岗位 {a.post} 不在您的管辖范围内")
    _check_overlaps(appointments, existing_posts, existing_people, check)

    if outside:
        logger.warning(
            "organisation import by user %s: %s row(s) name people managed outside the user's jurisdiction%s",
            getattr(user, "pk", None),
            sum(1 for someone in people if someone.digest in outside)
            + sum(1 for a in appointments if a.digest in outside and a.digest not in sheet_people),
            " (dry run)" if dry_run else "",
        )
    if check.problems:
        check.problems.sort(key=lambda p: (SHEET_ORDER.index(p.sheet), p.row))
        raise Problems(check.problems)
    result = _write(
        bodies, posts, people, appointments, jurisdictions, existing_bodies, existing_posts, existing_people
    )
    result.dry_run = dry_run
    if result.changed and not dry_run:
        anchor = _anchor(user, jurisdictions, existing_bodies, existing_posts)
        if anchor is not None:
            record_event(
                actor=user,
                action="org.organisation_imported",
                obj=anchor,
                data={
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "created": dict(result.created),
                    "updated": dict(result.updated),
                    "unchanged": dict(result.unchanged),
                    "created_ids": {kind: ids for kind, ids in result.created_ids.items() if ids},
                    "updated_ids": {kind: ids for kind, ids in result.updated_ids.items() if ids},
                },
                jurisdiction_path=anchor.path,
            )
            # Posts and tenures changed: their verdicts follow (at once, or in the background).
            inputs_changed.send(
                sender=Post, jurisdictions=[anchor.pk], since=None, actor=user, reason="org.organisation_imported"
            )
    if dry_run:
        transaction.set_rollback(True)
    return result


def _anchor(
    user: AnyUser | None,
    jurisdictions: dict[str, Jurisdiction],
    bodies: dict[str, Body],
    posts: dict[str, Post],
) -> Jurisdiction | None:
    """The jurisdiction an import's audit event is filed under: the user's own, else the
    shallowest one the workbook touches."""
    own = getattr(user, "jurisdiction", None) if user is not None else None
    if own is not None:
        return own
    candidates = (
        list(jurisdictions.values())
        + [b.jurisdiction for b in bodies.values()]
        + [p.body.jurisdiction for p in posts.values()]
    )
    return min(candidates, key=lambda j: (j.depth, j.path), default=None)


def _check_overlaps(
    appointments: list[_Appointment],
    existing_posts: dict[str, Post],
    existing_people: dict[str, Person],
    check: _Checker,
) -> None:
    """A post has one holder at a time: tenures in the sheet and in the database (other than
    those the sheet updates) may not overlap."""
    far = datetime.date.max
    by_post: dict[str, list[tuple[datetime.date, datetime.date, int, str]]] = defaultdict(list)
    sheet_keys = set()
    for a in appointments:
        by_post[a.post].append((a.start, a.end or far, a.row, ""))
        sheet_keys.add((a.post, a.digest, a.start))
    post_ids = {existing_posts[code].pk: code for code in by_post if code in existing_posts}
    digests = {p.pk: d for d, p in existing_people.items()}
    for chunk in _chunks(list(post_ids)):
        for person_id, post_id, start, end, name, digest in Appointment.objects.filter(post_id__in=chunk).values_list(
            "person_id", "post_id", "start", "end", "person__name", "person__identity_digest"
        ):
            code = post_ids[post_id]
            if (code, digests.get(person_id, digest), start) in sheet_keys:
                continue
            by_post[code].append((start, end or far, 0, name))
    for tenures in by_post.values():
        tenures.sort()
        for (s1, e1, r1, n1), (s2, _e2, r2, n2) in itertools.pairwise(tenures):
            if s2 <= e1:
                row = max(r1, r2)  # the later sheet row (or the only sheet row)
                if r1 and r2:
                    other = f"第 {min(r1, r2)} 行"
                else:
                    other = f"系统中 {n1 or n2} 的任职（{s1 if not r1 else s2} 起）"
                check.add(
                    APPOINTMENT_SHEET, row, "任职日期", f"与{other}的任职时间重叠；同一岗位同一时间只能有一人任职"
                )


# Writing ------------------------------------------------------------------------------------


def _write(
    bodies: list[_Body],
    posts: list[_Post],
    people: list[_Person],
    appointments: list[_Appointment],
    jurisdictions: dict[str, Jurisdiction],
    existing_bodies: dict[str, Body],
    existing_posts: dict[str, Post],
    existing_people: dict[str, Person],
) -> ImportResult:
    result = ImportResult()
    new_bodies, changed_bodies = [], []
    for b in bodies:
        j = jurisdictions[b.jurisdiction]
        old = existing_bodies.get(b.code)
        if old is None:
            new_bodies.append(
                Body(code=b.code, name=b.name, jurisdiction=j, kind=b.kind, department_kind=b.department_kind)
            )
        elif (old.name, old.jurisdiction_id, old.kind, old.department_kind) != (
            b.name,
            j.pk,
            b.kind,
            b.department_kind,
        ):
            old.name, old.jurisdiction, old.kind, old.department_kind = b.name, j, b.kind, b.department_kind
            changed_bodies.append(old)
        else:
            result.unchanged["body"] += 1
    Body.objects.bulk_create(new_bodies, batch_size=CHUNK)
    Body.objects.bulk_update(changed_bodies, ["name", "jurisdiction", "kind", "department_kind"], batch_size=CHUNK)
    result.created["body"], result.updated["body"] = len(new_bodies), len(changed_bodies)
    body_ids = {b.code: b.pk for b in existing_bodies.values()}
    new_body_ids = dict(_pairs(Body, "code", [b.code for b in new_bodies]))  # pks, also where bulk_create sets none
    body_ids.update(new_body_ids)
    result.created_ids["body"] = sorted(new_body_ids.values())
    result.updated_ids["body"] = sorted(b.pk for b in changed_bodies)

    new_posts, changed_posts = [], []
    post_fields = ["title", "body_id", "role", "sectors", "on_standing_committee", "active"]
    for p in posts:
        values = {
            "title": p.title,
            "body_id": body_ids[p.body],
            "role": p.role,
            "sectors": p.sectors,
            "on_standing_committee": p.on_standing_committee,
            "active": p.active,
        }
        old_post = existing_posts.get(p.code)
        if old_post is None:
            new_posts.append(Post(code=p.code, **values))
        elif any(getattr(old_post, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(old_post, k, v)
            changed_posts.append(old_post)
        else:
            result.unchanged["post"] += 1
    Post.objects.bulk_create(new_posts, batch_size=CHUNK)
    Post.objects.bulk_update(changed_posts, post_fields, batch_size=CHUNK)
    result.created["post"], result.updated["post"] = len(new_posts), len(changed_posts)
    post_ids = {code: p.pk for code, p in existing_posts.items()}
    new_post_ids = dict(_pairs(Post, "code", [p.code for p in new_posts]))
    post_ids.update(new_post_ids)
    result.created_ids["post"] = sorted(new_post_ids.values())
    result.updated_ids["post"] = sorted(p.pk for p in changed_posts)

    new_people, changed_people = [], []
    for person in people:
        j = jurisdictions[person.jurisdiction]
        old_person = existing_people.get(person.digest)
        if old_person is None:
            new_people.append(Person(name=person.name, jurisdiction=j, identity_digest=person.digest))
        elif (old_person.name, old_person.jurisdiction_id) != (person.name, j.pk):
            old_person.name, old_person.jurisdiction = person.name, j
            changed_people.append(old_person)
        else:
            result.unchanged["person"] += 1
    Person.objects.bulk_create(new_people, batch_size=CHUNK)
    Person.objects.bulk_update(changed_people, ["name", "jurisdiction"], batch_size=CHUNK)
    result.created["person"], result.updated["person"] = len(new_people), len(changed_people)
    person_ids = {d: p.pk for d, p in existing_people.items()}
    new_person_ids = dict(_pairs(Person, "identity_digest", [p.identity_digest or "" for p in new_people]))
    person_ids.update(new_person_ids)
    result.created_ids["person"] = sorted(new_person_ids.values())
    result.updated_ids["person"] = sorted(p.pk for p in changed_people)

    existing: dict[tuple[int, int, datetime.date], Appointment] = {}
    for chunk in _chunks(sorted({post_ids[a.post] for a in appointments})):
        for old_appointment in Appointment.objects.filter(post_id__in=chunk):
            existing[(old_appointment.post_id, old_appointment.person_id, old_appointment.start)] = old_appointment
    new_appointments, changed_appointments = [], []
    for a in appointments:
        key = (post_ids[a.post], person_ids[a.digest], a.start)
        found = existing.get(key)
        if found is None:
            new_appointments.append(
                Appointment(
                    post_id=key[0],
                    person_id=key[1],
                    start=a.start,
                    end=a.end,
                    start_reason=a.start_reason,
                    end_reason=a.end_reason,
                )
            )
        elif (found.end, found.start_reason, found.end_reason) != (a.end, a.start_reason, a.end_reason):
            found.end, found.start_reason, found.end_reason = a.end, a.start_reason, a.end_reason
            changed_appointments.append(found)
        else:
            result.unchanged["appointment"] += 1
    Appointment.objects.bulk_create(new_appointments, batch_size=CHUNK)
    Appointment.objects.bulk_update(changed_appointments, ["end", "start_reason", "end_reason"], batch_size=CHUNK)
    result.created["appointment"], result.updated["appointment"] = len(new_appointments), len(changed_appointments)
    new_keys = {(a.post_id, a.person_id, a.start) for a in new_appointments}
    for chunk in _chunks(sorted({post_id for post_id, _person, _start in new_keys})):
        for pk, post_id, person_id, start in Appointment.objects.filter(post_id__in=chunk).values_list(
            "pk", "post_id", "person_id", "start"
        ):
            if (post_id, person_id, start) in new_keys:
                result.created_ids["appointment"].append(pk)
    result.created_ids["appointment"].sort()
    result.updated_ids["appointment"] = sorted(a.pk for a in changed_appointments)
    return result


def _pairs(model: type[models.Model], field_name: str, keys: list[str]) -> Iterator[tuple[str, int]]:
    for chunk in _chunks(keys):
        yield from model._default_manager.filter(**{f"{field_name}__in": chunk}).values_list(field_name, "pk")


# The template -------------------------------------------------------------------------------

NOTES: list[tuple[str, str, str, str]] = [
    (BODY_SHEET, "辖区代码", "必填", "机构所属辖区的区划代码（功能区用本地代码，如 Z32040001），须已在系统中"),
    (BODY_SHEET, "机构代码", "必填", "机构的唯一代码，建议“辖区代码-简称”，如 320412-YJ；重复导入按此代码更新"),
    (BODY_SHEET, "机构名称", "必填", "如 武进区应急管理局"),
    (BODY_SHEET, "机构类别", "必填", "党委（党工委）、政府（管委会、街道办事处）或 部门"),
    (
        BODY_SHEET,
        "部门类别",
        "部门必填",
        "重点监管部门、负有安全监管职责的部门、行业主管部门、其他部门；党委、政府留空",
    ),
    (POST_SHEET, "岗位代码", "必填", "岗位的唯一代码，如 320412-DS；重复导入按此代码更新"),
    (POST_SHEET, "机构代码", "必填", "岗位所在机构，须在“机构”表中或已在系统中"),
    (POST_SHEET, "岗位名称", "必填", "如 常务副区长（分管安全生产）"),
    (POST_SHEET, "角色", "必填", "、".join(ROLES) + "；也可填英文代码 " + "、".join(PostRole.values)),
    (POST_SHEET, "分管行业", "选填", "多个行业用顿号分隔，如 住房城乡建设、交通运输"),
    (POST_SHEET, "是否常委", "选填", "是 / 否（默认否）"),
    (POST_SHEET, "是否在岗位序列", "选填", "是 / 否（默认是）；撤销的岗位填否"),
    (PERSON_SHEET, "身份证号", "必填", "18 位居民身份证号码，校验码须正确；系统只保存其加密摘要，不保存号码本身"),
    (PERSON_SHEET, "姓名", "必填", ""),
    (PERSON_SHEET, "管理辖区代码", "必填", "人员现在的管理辖区"),
    (APPOINTMENT_SHEET, "身份证号", "必填", "任职人员，须在“人员”表中或已在系统中"),
    (APPOINTMENT_SHEET, "岗位代码", "必填", "须在“岗位”表中或已在系统中"),
    (APPOINTMENT_SHEET, "任职日期", "必填", "如 2021-03-01；同一人同一岗位同一任职日期为一条任职"),
    (APPOINTMENT_SHEET, "离任日期", "选填", "在任的留空；不得晚于今天，不得早于任职日期"),
    (APPOINTMENT_SHEET, "任职原因", "选填", "任命、调任、提拔（默认任命）"),
    (APPOINTMENT_SHEET, "离任原因", "离任必填", "调任、提拔、退休、免职"),
]


def template_workbook() -> bytes:
    """The import template: four sheets with a Chinese header and an example row, and 说明."""
    return workbook_bytes(
        [
            Sheet(BODY_SHEET, BODY_HEADERS, [["320412", "320412-YJ", "武进区应急管理局", "部门", "重点监管部门"]]),
            Sheet(
                POST_SHEET,
                POST_HEADERS,
                [["320412-YJ-P", "320412-YJ", "应急管理局局长", "部门主要负责人", "安全生产、应急管理", "否", "是"]],
            ),
            Sheet(PERSON_SHEET, PERSON_HEADERS, [["11010519491231002X", "张三（示例）", "320412"]]),
            Sheet(
                APPOINTMENT_SHEET,
                APPOINTMENT_HEADERS,
                [["11010519491231002X", "320412-YJ-P", "2021-03-01", "", "任命", ""]],
            ),
            Sheet(
                "说明",
                ["工作表", "列", "是否必填", "说明"],
                NOTES,
                notes=[
                    "整个文件要么全部导入，要么（任何一行有错时）什么都不改变；错误会逐行列出工作表、行号、列名和原因。"
                    "重复导入同一文件不会产生变化。请删除示例行后再填写。"
                ],
            ),
        ]
    )
