"""Demo bodies, posts, fictional people and tenure histories (with transfers), and the policy
bindings: 常州市 → changzhou-2018, 河北省 → hebei-2018. Deterministic: the same every run."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from zeren.org.identity import identity_digest
from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post

BINDINGS = [
    ("320400", "changzhou-2018", datetime.date(2018, 12, 14)),
    ("130000", "hebei-2018", datetime.date(2018, 4, 8)),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = [
    "建国",
    "志强",
    "海燕",
    "丽华",
    "国栋",
    "文博",
    "晓东",
    "春梅",
    "振华",
    "立新",
    "红霞",
    "明远",
    "嘉怡",
    "子涵",
    "俊杰",
    "雅琴",
    "永刚",
    "秀英",
    "德明",
    "慧敏",
    "宏伟",
    "建军",
    "静怡",
    "思源",
    "凯",
    "磊",
    "婷",
    "军",
    "洁",
    "勇",
    "涛",
    "敏",
    "伟",
    "芳",
    "强",
    "颖",
]

# (suffix, title template, role, sectors, on standing committee)
LEADERSHIP: dict[str, list[tuple[str, str, str, list[str], bool]]] = {
    "party": [
        ("ps", "{p}委书记", "party_secretary", [], True),
        ("sm1", "{p}委常委、组织部部长", "standing_member", [], True),
    ],
    "government": [
        ("gh", "{g}长", "government_head", [], True),
        ("ds", "常务副{g}长（分管安全生产）", "deputy_for_safety", ["安全生产", "应急管理"], True),
        ("gd1", "副{g}长（分管住建、交通）", "government_deputy", ["住房城乡建设", "交通运输"], False),
        ("gd2", "副{g}长（分管工业、商务）", "government_deputy", ["工业和信息化", "商务"], False),
    ],
}
DEPARTMENTS = [
    ("yj", "应急管理局", "key_regulator", ["安全生产", "应急管理"]),
    ("ga", "公安局", "key_regulator", ["道路交通", "消防"]),
    ("zj", "住房和城乡建设局", "key_regulator", ["住房城乡建设"]),
    ("jt", "交通运输局", "key_regulator", ["交通运输"]),
    ("gx", "工业和信息化局", "industry_authority", ["工业和信息化"]),
    ("jy", "教育局", "industry_authority", ["教育"]),
    ("sj", "市场监督管理局", "regulator", ["特种设备"]),
    ("cz", "财政局", "other", []),
]
DEPT_POSTS = [
    ("p", "局长", "dept_principal"),
    ("d", "副局长（分管安全生产）", "dept_deputy_for_safety"),
]


@dataclass(frozen=True)
class _Names:
    party: str
    government: str
    p: str
    g: str


def _names(j: Jurisdiction) -> _Names:
    short = j.name
    if j.level == "township":
        if short.endswith("街道"):
            return _Names(f"{short}党工委", f"{short}办事处", "街道党工", "街道办事处主任")
        return _Names(f"{short}党委", f"{short}人民政府", "党", short[-1])
    if j.level in ("zone", "new_area"):
        return _Names(f"{short}党工委", f"{short}管委会", "党工", "管委会主任")
    unit = {"province": "省", "city": "市", "county": short[-1]}[j.level]
    return _Names(f"中共{short}委员会", f"{short}人民政府", unit, unit)


def _title(template: str, names: _Names) -> str:
    title = template.format(p=names.p, g=names.g)
    return title.replace("办事处主任长", "办事处主任").replace("管委会主任长", "管委会主任")


class _People:
    def __init__(self) -> None:
        self.rng = random.Random(2018)  # noqa: S311 - a seeded demo, not a secret
        self.used: set[str] = set()

    def new(self, jurisdiction: Jurisdiction) -> Person:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            if name not in self.used:
                self.used.add(name)
                break
        # A fictional identity number (valid check digit) only to exercise the digest.
        body = f"{jurisdiction.code.lstrip('Z')[:6]}19{self.rng.randrange(60, 90)}{self.rng.randrange(1, 13):02d}"
        body += f"{self.rng.randrange(1, 29):02d}{self.rng.randrange(100, 999)}"
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
        digest = identity_digest(body + check)
        person, _ = Person.objects.get_or_create(
            identity_digest=digest, defaults={"name": name, "jurisdiction": jurisdiction}
        )
        return person


def _create_posts(j: Jurisdiction) -> list[Post]:
    names = _names(j)
    bodies = {
        "party": Body.objects.create(code=f"{j.code}-DW", name=names.party, jurisdiction=j, kind="party_committee"),
        "government": Body.objects.create(
            code=f"{j.code}-ZF", name=names.government, jurisdiction=j, kind="government"
        ),
    }
    posts: list[Post] = []
    for key, specs in LEADERSHIP.items():
        for suffix, template, role, sectors, standing in specs:
            if j.level == "township" and suffix in ("sm1", "gd2"):
                continue
            posts.append(
                Post.objects.create(
                    code=f"{j.code}-{suffix.upper()}",
                    title=_title(template, names),
                    body=bodies[key],
                    role=role,
                    sectors=sectors,
                    on_standing_committee=standing and j.level != "township",
                )
            )
    if j.level in ("province", "city", "county", "new_area"):
        for dcode, dname, dkind, dsectors in DEPARTMENTS:
            body = Body.objects.create(
                code=f"{j.code}-{dcode.upper()}",
                name=f"{j.name}{dname}",
                jurisdiction=j,
                kind="department",
                department_kind=dkind,
            )
            for pcode, ptitle, prole in DEPT_POSTS:
                posts.append(
                    Post.objects.create(
                        code=f"{body.code}-{pcode.upper()}",
                        title=f"{dname}{ptitle}",
                        body=body,
                        role=prole,
                        sectors=dsectors,
                    )
                )
    return posts


def load() -> dict[str, int]:
    """Create (once) the demo organisation; return counts."""
    if not Post.objects.exists():
        _load()
    return {
        "posts": Post.objects.count(),
        "people": Person.objects.count(),
        "appointments": Appointment.objects.count(),
    }


def _load() -> None:
    for code, pack, since in BINDINGS:
        PolicyBinding.objects.get_or_create(
            jurisdiction=Jurisdiction.objects.get(code=code), pack_id=pack, defaults={"valid_from": since}
        )
    people = _People()
    rng = people.rng
    # People who left a post by transfer or promotion, by role: they take up the same kind of post elsewhere.
    movers: dict[str, list[tuple[Person, datetime.date, str]]] = {}
    for j in Jurisdiction.objects.order_by("path"):
        for post in _create_posts(j):
            current_start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(0, 5 * 365))
            mover = None
            pool = movers.setdefault(post.role, [])
            if pool and rng.random() < 0.35:
                candidate = pool[rng.randrange(len(pool))]
                if candidate[0].jurisdiction_id != j.pk:
                    mover = candidate
                    pool.remove(candidate)
                    current_start = candidate[1] + datetime.timedelta(days=1)
            previous_start = current_start - datetime.timedelta(days=rng.randrange(3 * 365, 6 * 365))
            previous = people.new(j)
            end_reason = rng.choice(["transferred", "promoted", "retired", "transferred"])
            Appointment.objects.create(
                person=previous,
                post=post,
                start=previous_start,
                end=current_start - datetime.timedelta(days=1),
                end_reason=end_reason,
            )
            if end_reason in ("transferred", "promoted"):
                pool.append((previous, current_start - datetime.timedelta(days=1), end_reason))
            if mover is not None:
                holder, reason = mover[0], mover[2]
                holder.jurisdiction = j
                holder.save(update_fields=["jurisdiction"])
            else:
                holder, reason = people.new(j), "appointed"
            Appointment.objects.create(person=holder, post=post, start=current_start, start_reason=reason)
