"""Assessment schemes (考核细则) as an .xlsx workbook an office fills in Excel or WPS, and back.

Outside the pure core because it needs openpyxl; Django-free. Written and read with the one
workbook writer and reader, :mod:`zeren.documents.sheets` (its bounded, checked reading of an
upload included). The workbook has one sheet per part
of the scheme, one row per thing: 基本信息 (key/value), 考核项目 (one item per row, its parent
named by id), 扣分规则 (one deduction per row), 加分 (one commendation level per row), 等次,
否决 and 名额. Reading it back reports every problem as ``工作表「考核项目」第5行「分值」：…`` and
writes nothing when there is one. The result is validated like a scheme file, citations and duty
ids included.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from zeren.documents.sheets import Sheet, open_workbook, read_sheet, read_upload, workbook_bytes
from zeren.policy.facts import describe, json_path
from zeren.policy.loader import Loc, RawPack, Registry
from zeren.policy.scheme import SchemeError, validate
from zeren.policy.scheme_schema import Scheme
from zeren.policy.vocabulary import ACTIVITIES, GRADE_NAMES_ZH, LEVEL_NAMES_ZH
from zeren.problems import Problems

SCORERS = {"office": "安委办", "department": "部门"}
DEPARTMENT_KIND_NAMES = {
    "key_regulator": "重点监管部门",
    "regulator": "负有安全监管职责的部门",
    "industry_authority": "行业主管部门",
    "other": "其他部门",
}
SOURCES = {
    "compliance": "履职情况",
    "accident": "生产安全事故",
    "finding": "巡查问题未整改",
    "hazard": "挂牌隐患未整改",
    "supervision": "督办事项逾期",
    "manual": "人工录入",
}
COMMENDATION_LEVEL_NAMES = {"national": "国家级", "province": "省级", "city": "市级", "county": "县级"}
ASSESSMENT_NAMES = {"excellent": "优秀", "good": "良好", "average": "合格", "poor": "不合格"}
VETO_FACTS = {
    "accidents": "生产安全事故",
    "one_vote_veto": "一票否决",
    "finding_unrectified": "巡查问题未整改",
    "hazard_unrectified": "挂牌隐患未整改",
}
YES_NO = {True: "是", False: "否"}

META = [
    ("id", "细则编号"),
    ("version", "版本"),
    ("title", "标题"),
    ("description", "说明"),
    ("issuer", "发布机关"),
    ("document_number", "文号"),
    ("policy", "依据的政策包"),
    ("years", "适用年度"),
    ("implements", "实施的条款"),
    ("levels", "考核对象层级"),
    ("total", "总分"),
    ("bonus_cap", "加分上限"),
    ("bonus_cites", "加分依据条款"),
]
ITEM_COLUMNS = [
    "项目编号",
    "上级项目",
    "项目名称",
    "分值",
    "评分主体",
    "部门类别",
    "行业领域",
    "佐证材料",
    "评分标准",
    "可不涉及",
    "依据条款",
]
DEDUCTION_COLUMNS = [
    "项目编号",
    "规则编号",
    "扣分事项",
    "扣分来源",
    "每次扣分",
    "扣分上限",
    "职责编号",
    "履职事项",
    "事故等级",
    "依据条款",
]
BONUS_COLUMNS = ["表彰级别", "加分"]
GRADE_COLUMNS = ["等次", "名称", "最低分（含本数）"]
VETO_COLUMNS = ["规则编号", "否决情形", "依据的事实", "事故等级", "起数（以上）", "最高等次", "依据条款"]
QUOTA_COLUMNS = ["规则编号", "称号", "参评等次", "名额", "依据条款"]


class SheetError(SchemeError):
    """A workbook that is not a scheme; ``problems`` are one Chinese line per row and column."""


# --------------------------------------------------------------------------- writing


def _text(value: Decimal | int | str | None) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _list(values: list[str] | tuple[str, ...]) -> str | None:
    return "、".join(values) if values else None


def sheets(scheme: Scheme) -> list[Sheet]:
    """The template's sheets, filled with the scheme."""
    bonus = scheme.bonus
    meta: dict[str, Any] = {
        "id": scheme.id,
        "version": scheme.version,
        "title": scheme.title,
        "description": scheme.description,
        "issuer": scheme.issuer,
        "document_number": scheme.document_number,
        "policy": scheme.policy,
        "years": "、".join(map(str, scheme.years)),
        "implements": _list(scheme.implements),
        "levels": _list([LEVEL_NAMES_ZH[level] for level in scheme.assessed.levels]),
        "total": _text(scheme.total),
        "bonus_cap": _text(bonus.cap) if bonus else None,
        "bonus_cites": _list(bonus.cites) if bonus else None,
    }
    out = [Sheet("基本信息", ["项目", "内容"], [[label, meta[key]] for key, label in META])]
    items: list[list[Any]] = []
    deductions: list[list[Any]] = []

    def walk(children: list[Any], parent: str | None) -> None:
        for item in children:
            scorer = item.scorer
            items.append(
                [
                    item.id,
                    parent,
                    item.title,
                    _text(item.points),
                    SCORERS[scorer.by] if scorer else None,
                    DEPARTMENT_KIND_NAMES[scorer.department_kind] if scorer and scorer.department_kind else None,
                    scorer.sector if scorer else None,
                    item.evidence,
                    item.criteria,
                    YES_NO[item.may_be_not_applicable] if not item.children else None,
                    _list(item.cites),
                ]
            )
            for d in item.deductions:
                deductions.append(
                    [
                        item.id,
                        d.id,
                        d.title,
                        SOURCES[d.source],
                        _text(d.per_event),
                        _text(d.cap),
                        _list(d.duties),
                        _list(d.activities),
                        _list([GRADE_NAMES_ZH[g] for g in d.grades]),
                        _list(d.cites),
                    ]
                )
            walk(item.children, item.id)

    walk(scheme.items, None)
    out.append(
        Sheet(
            "考核项目",
            ITEM_COLUMNS,
            items,
            choices={
                ITEM_COLUMNS[4]: list(SCORERS.values()),
                ITEM_COLUMNS[5]: list(DEPARTMENT_KIND_NAMES.values()),
                ITEM_COLUMNS[9]: list(YES_NO.values()),
            },
        )
    )
    out.append(Sheet("扣分规则", DEDUCTION_COLUMNS, deductions, choices={DEDUCTION_COLUMNS[3]: list(SOURCES.values())}))
    out.append(
        Sheet(
            "加分",
            BONUS_COLUMNS,
            [[COMMENDATION_LEVEL_NAMES[b.level], _text(b.points)] for b in (bonus.levels if bonus else [])],
            choices={BONUS_COLUMNS[0]: list(COMMENDATION_LEVEL_NAMES.values())},
        )
    )
    out.append(
        Sheet(
            "等次",
            GRADE_COLUMNS,
            [[ASSESSMENT_NAMES[b.grade], b.label, _text(b.min)] for b in scheme.grades],
            choices={GRADE_COLUMNS[0]: list(ASSESSMENT_NAMES.values())},
        )
    )
    vetoes = []
    for v in scheme.vetoes:
        acc = v.when.accidents
        vetoes.append(
            [
                v.id,
                v.title,
                VETO_FACTS[v.when.fact],
                _list([GRADE_NAMES_ZH[g] for g in acc.grades]) if acc else None,
                acc.at_least if acc else None,
                ASSESSMENT_NAMES[v.at_most],
                _list(v.cites),
            ]
        )
    out.append(
        Sheet(
            "否决",
            VETO_COLUMNS,
            vetoes,
            choices={VETO_COLUMNS[2]: list(VETO_FACTS.values()), VETO_COLUMNS[5]: list(ASSESSMENT_NAMES.values())},
        )
    )
    q = scheme.quota
    out.append(
        Sheet(
            "名额",
            QUOTA_COLUMNS,
            [[q.id, q.title, _list([ASSESSMENT_NAMES[g] for g in q.among]), q.top, _list(q.cites)]] if q else [],
        )
    )
    return out


def write_template(scheme: Scheme, out: Path) -> None:
    out.write_bytes(workbook_bytes(sheets(scheme)))


# --------------------------------------------------------------------------- reading


class _Rows:
    """Problems collected while reading, each naming its sheet, row and column."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, sheet: str, row: int, column: str | None, message: str) -> None:
        where = f"工作表「{sheet}」第{row}行" + (f"「{column}」" if column else "")
        self.problems.append(f"{where}：{message}")


def _split(text: str | None) -> list[str]:
    if text is None:
        return []
    for sep in ("，", ",", "；", ";", "/", " "):
        text = text.replace(sep, "、")
    return [part for part in (p.strip() for p in text.split("、")) if part]


def _reverse(names: dict[str, str]) -> dict[str, str]:
    return {v: k for k, v in names.items()}


class _Reader:
    def __init__(self, book: Any) -> None:
        self.book = book
        self.rows = _Rows()
        self.where: dict[Loc, tuple[str, int, str | None]] = {}

    def sheet(self, title: str, columns: list[str]) -> Iterator[tuple[int, dict[str, str | None]]]:
        if title not in self.book.sheetnames:
            self.rows.add(title, 1, None, f"缺少工作表「{title}」")
            return
        try:
            rows = read_sheet(self.book[title], headers=columns, allow_extra=True)
        except Problems as problems:
            self.rows.problems.extend(f"工作表「{title}」{problem}" for problem in problems.problems)
            return
        yield from rows

    def number(self, sheet: str, row: int, column: str, text: str | None, *, required: bool = True) -> Decimal | None:
        if text is None:
            if required:
                self.rows.add(sheet, row, column, "必填")
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.rows.add(sheet, row, column, f"“{text}”不是数字")
            return None
        if not value.is_finite() or value < 0:
            self.rows.add(sheet, row, column, f"“{text}”不是非负数")
            return None
        return value

    def choice(self, sheet: str, row: int, column: str, text: str | None, names: dict[str, str]) -> str | None:
        if text is None:
            return None
        ids = _reverse(names)
        if text in ids:
            return ids[text]
        self.rows.add(sheet, row, column, f"“{text}”不是以下之一：{'、'.join(names.values())}")
        return None

    def choices(self, sheet: str, row: int, column: str, text: str | None, names: dict[str, str]) -> list[str]:
        return [c for c in (self.choice(sheet, row, column, t, names) for t in _split(text)) if c is not None]

    def required(self, sheet: str, row: int, column: str, text: str | None) -> str:
        if text is None:
            self.rows.add(sheet, row, column, "必填")
            return ""
        return text


def _meta(reader: _Reader) -> dict[str, Any]:
    labels = _reverse(dict(META))
    values: dict[str, str | None] = {}
    rows: dict[str, int] = {}
    for number, row in reader.sheet("基本信息", ["项目", "内容"]):
        label = row["项目"]
        if label not in labels:
            reader.rows.add("基本信息", number, "项目", f"“{label}”不是以下之一：{'、'.join(labels)}")
            continue
        values[labels[label]] = row["内容"]
        rows[labels[label]] = number
    data: dict[str, Any] = {}
    for key in ("id", "version", "title", "description", "issuer", "document_number", "policy"):
        if values.get(key) is not None:
            data[key] = values[key]
            reader.where[(key,)] = ("基本信息", rows[key], "内容")
    years = []
    for text in _split(values.get("years")):
        if not text.isdigit():
            reader.rows.add("基本信息", rows["years"], "内容", f"“{text}”不是年度")
        else:
            years.append(int(text))
    data["years"] = years
    reader.where[("years",)] = ("基本信息", rows.get("years", 1), "内容")
    data["implements"] = _split(values.get("implements"))
    reader.where[("implements",)] = ("基本信息", rows.get("implements", 1), "内容")
    levels = reader.choices("基本信息", rows.get("levels", 1), "内容", values.get("levels"), LEVEL_NAMES_ZH)
    if levels:
        data["assessed"] = {"levels": levels}
    if values.get("total") is not None:
        data["total"] = reader.number("基本信息", rows["total"], "内容", values["total"])
        reader.where[("total",)] = ("基本信息", rows["total"], "内容")
    data["_bonus_cap"] = (
        reader.number("基本信息", rows["bonus_cap"], "内容", values["bonus_cap"])
        if values.get("bonus_cap") is not None
        else None
    )
    data["_bonus_cites"] = _split(values.get("bonus_cites"))
    data["_bonus_row"] = rows.get("bonus_cap", 1)
    return data


def _items(reader: _Reader) -> list[dict[str, Any]]:
    sheet = "考核项目"
    nodes: dict[str, dict[str, Any]] = {}
    order: list[tuple[str, str | None, int]] = []
    for number, row in reader.sheet(sheet, ITEM_COLUMNS):
        item_id = reader.required(sheet, number, "项目编号", row["项目编号"])
        if item_id in nodes:
            reader.rows.add(sheet, number, "项目编号", f"项目编号“{item_id}”重复")
            continue
        node: dict[str, Any] = {"id": item_id, "title": reader.required(sheet, number, "项目名称", row["项目名称"])}
        node["points"] = reader.number(sheet, number, "分值", row["分值"])
        by = reader.choice(sheet, number, "评分主体", row["评分主体"], SCORERS)
        if by is not None:
            scorer: dict[str, Any] = {"by": by}
            kind = reader.choice(sheet, number, "部门类别", row["部门类别"], DEPARTMENT_KIND_NAMES)
            if kind is not None:
                scorer["department_kind"] = kind
            if row["行业领域"] is not None:
                scorer["sector"] = row["行业领域"]
            node["scorer"] = scorer
        for key, column in (("evidence", "佐证材料"), ("criteria", "评分标准")):
            if row[column] is not None:
                node[key] = row[column]
        na = row["可不涉及"]
        if na is not None:
            choice = reader.choice(sheet, number, "可不涉及", na, {"yes": "是", "no": "否"})
            if choice == "yes":
                node["may_be_not_applicable"] = True
        cites = _split(row["依据条款"])
        if cites:
            node["cites"] = cites
        node["_row"] = number
        nodes[item_id] = node
        order.append((item_id, row["上级项目"], number))
    roots: list[dict[str, Any]] = []
    for item_id, parent, number in order:
        if parent is None:
            roots.append(nodes[item_id])
        elif parent not in nodes:
            reader.rows.add(sheet, number, "上级项目", f"没有编号为“{parent}”的项目")
        elif parent == item_id:
            reader.rows.add(sheet, number, "上级项目", "项目不能是自己的上级")
        else:
            nodes[parent].setdefault("children", []).append(nodes[item_id])
    _cycles(reader, nodes, order)
    _deductions(reader, nodes)
    return roots


def _cycles(reader: _Reader, nodes: dict[str, dict[str, Any]], order: list[tuple[str, str | None, int]]) -> None:
    parents = {item_id: parent for item_id, parent, _ in order}
    for item_id, _, number in order:
        seen = {item_id}
        current = parents.get(item_id)
        while current is not None and current in parents:
            if current in seen:
                reader.rows.add("考核项目", number, "上级项目", "上级项目形成循环")
                break
            seen.add(current)
            current = parents[current]


def _deductions(reader: _Reader, nodes: dict[str, dict[str, Any]]) -> None:
    sheet = "扣分规则"
    for number, row in reader.sheet(sheet, DEDUCTION_COLUMNS):
        item_id = reader.required(sheet, number, "项目编号", row["项目编号"])
        if item_id and item_id not in nodes:
            reader.rows.add(sheet, number, "项目编号", f"没有编号为“{item_id}”的项目")
            continue
        source = reader.choice(sheet, number, "扣分来源", row["扣分来源"], SOURCES)
        if row["扣分来源"] is None:
            reader.rows.add(sheet, number, "扣分来源", f"必填（{'、'.join(SOURCES.values())}）")
        rule: dict[str, Any] = {
            "id": reader.required(sheet, number, "规则编号", row["规则编号"]),
            "title": reader.required(sheet, number, "扣分事项", row["扣分事项"]),
            "source": source,
            "per_event": reader.number(sheet, number, "每次扣分", row["每次扣分"]),
        }
        cap = reader.number(sheet, number, "扣分上限", row["扣分上限"], required=False)
        if cap is not None:
            rule["cap"] = cap
        duties = _split(row["职责编号"])
        if duties:
            rule["duties"] = duties
        activities = _split(row["履职事项"])
        for activity in activities:
            if activity not in ACTIVITIES:
                reader.rows.add(sheet, number, "履职事项", f"“{activity}”不是以下之一：{'、'.join(ACTIVITIES)}")
        if activities:
            rule["activities"] = activities
        grades = reader.choices(sheet, number, "事故等级", row["事故等级"], GRADE_NAMES_ZH)
        if grades:
            rule["grades"] = grades
        cites = _split(row["依据条款"])
        if cites:
            rule["cites"] = cites
        rule["_row"] = number
        if item_id in nodes:
            nodes[item_id].setdefault("deductions", []).append(rule)


def _bonus(reader: _Reader, meta: dict[str, Any]) -> dict[str, Any] | None:
    sheet = "加分"
    levels = []
    for number, row in reader.sheet(sheet, BONUS_COLUMNS):
        level = reader.choice(sheet, number, "表彰级别", row["表彰级别"], COMMENDATION_LEVEL_NAMES)
        if row["表彰级别"] is None:
            reader.rows.add(sheet, number, "表彰级别", "必填")
        levels.append({"level": level, "points": reader.number(sheet, number, "加分", row["加分"]), "_row": number})
    cap = meta.pop("_bonus_cap")
    cites = meta.pop("_bonus_cites")
    row = meta.pop("_bonus_row")
    if not levels and cap is None:
        return None
    if cap is None:
        reader.rows.add("基本信息", row, "内容", "有加分标准时，“加分上限”必填")
    bonus: dict[str, Any] = {"levels": levels, "cap": cap}
    if cites:
        bonus["cites"] = cites
    return bonus


def _grades(reader: _Reader) -> list[dict[str, Any]]:
    sheet = "等次"
    bands = []
    for number, row in reader.sheet(sheet, GRADE_COLUMNS):
        grade = reader.choice(sheet, number, "等次", row["等次"], ASSESSMENT_NAMES)
        if row["等次"] is None:
            reader.rows.add(sheet, number, "等次", "必填")
        bands.append(
            {
                "grade": grade,
                "label": reader.required(sheet, number, "名称", row["名称"]),
                "min": reader.number(sheet, number, "最低分（含本数）", row["最低分（含本数）"]),
                "_row": number,
            }
        )
    return bands


def _vetoes(reader: _Reader) -> list[dict[str, Any]]:
    sheet = "否决"
    vetoes = []
    for number, row in reader.sheet(sheet, VETO_COLUMNS):
        fact = reader.choice(sheet, number, "依据的事实", row["依据的事实"], VETO_FACTS)
        if row["依据的事实"] is None:
            reader.rows.add(sheet, number, "依据的事实", f"必填（{'、'.join(VETO_FACTS.values())}）")
        when: dict[str, Any] = {}
        if fact == "accidents":
            accidents: dict[str, Any] = {
                "grades": reader.choices(sheet, number, "事故等级", row["事故等级"], GRADE_NAMES_ZH)
            }
            count = row["起数（以上）"]
            if count is not None:
                if not count.isdigit():
                    reader.rows.add(sheet, number, "起数（以上）", f"“{count}”不是正整数")
                else:
                    accidents["at_least"] = int(count)
            when["accidents"] = accidents
        elif fact is not None:
            when[fact] = True
        vetoes.append(
            {
                "id": reader.required(sheet, number, "规则编号", row["规则编号"]),
                "title": reader.required(sheet, number, "否决情形", row["否决情形"]),
                "when": when,
                "at_most": reader.choice(sheet, number, "最高等次", row["最高等次"], ASSESSMENT_NAMES),
                "cites": _split(row["依据条款"]),
                "_row": number,
            }
        )
    return vetoes


def _quota(reader: _Reader) -> dict[str, Any] | None:
    sheet = "名额"
    quotas = list(reader.sheet(sheet, QUOTA_COLUMNS))
    if not quotas:
        return None
    for number, _ in quotas[1:]:
        reader.rows.add(sheet, number, None, "一个细则只有一个名额规则")
    number, row = quotas[0]
    top = row["名额"]
    quota: dict[str, Any] = {
        "id": reader.required(sheet, number, "规则编号", row["规则编号"]),
        "title": reader.required(sheet, number, "称号", row["称号"]),
        "among": reader.choices(sheet, number, "参评等次", row["参评等次"], ASSESSMENT_NAMES),
        "top": int(top) if top is not None and top.isdigit() else top,
        "_row": number,
    }
    if top is None or not top.isdigit():
        reader.rows.add(sheet, number, "名额", f"“{top or ''}”不是正整数")
    cites = _split(row["依据条款"])
    if cites:
        quota["cites"] = cites
    return quota


_SHEET_OF = {
    "items": "考核项目",
    "deductions": "扣分规则",
    "levels": "加分",
    "grades": "等次",
    "vetoes": "否决",
    "quota": "名额",
    "bonus": "基本信息",
}


def _strip_rows(value: Any, loc: Loc, where: dict[Loc, tuple[str, int, str | None]], sheet: str) -> Any:
    """The data without the ``_row`` markers, noting the sheet row of each located mapping."""
    if isinstance(value, dict):
        row = value.get("_row")
        if isinstance(row, int):
            where[loc] = (sheet, row, None)
        out = {}
        for key, item in value.items():
            if key == "_row":
                continue
            out[key] = _strip_rows(item, (*loc, key), where, _SHEET_OF.get(key, sheet))
        return out
    if isinstance(value, list):
        return [_strip_rows(item, (*loc, i), where, sheet) for i, item in enumerate(value)]
    return value


class _SheetRaw(RawPack):
    """The workbook seen as a parsed scheme file, so the scheme's checks name sheet rows."""

    def __init__(self, path: Path, data: dict[str, Any], where: dict[Loc, tuple[str, int, str | None]]) -> None:
        super().__init__(path, data, {}, "")
        self.rows_of = where

    def where(self, loc: Loc) -> str:
        while loc and loc not in self.rows_of:
            loc = loc[:-1]
        sheet, row, column = self.rows_of.get(loc, ("基本信息", 1, None))
        return f"工作表「{sheet}」第{row}行" + (f"「{column}」" if column else "")


def read_workbook(path: Path, registry: Registry | None = None) -> Scheme:
    """The scheme a filled-in template holds, or :class:`SheetError` with every row's problems."""
    try:
        with open_workbook(read_upload(path)) as book:
            reader = _Reader(book)
            meta = _meta(reader)
            data: dict[str, Any] = {k: v for k, v in meta.items() if not k.startswith("_")}
            data["items"] = _items(reader)
            bonus = _bonus(reader, meta)
            if bonus is not None:
                data["bonus"] = bonus
            data["grades"] = _grades(reader)
            data["vetoes"] = _vetoes(reader)
            quota = _quota(reader)
            if quota is not None:
                data["quota"] = quota
    except Problems as refused:  # not a workbook, or one that costs too much to read
        raise SheetError([f"{path}：不是可以读取的 .xlsx 文件（{problem}）" for problem in refused.problems]) from None
    if reader.rows.problems:
        raise SheetError(reader.rows.problems)
    where = dict(reader.where)
    clean = _strip_rows(data, (), where, "基本信息")
    raw = _SheetRaw(path, clean, where)
    try:
        Scheme.model_validate(clean)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc: Loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            problems.append(f"{raw.where(loc)}：{json_path(loc)}: {describe(error)}")
        raise SheetError(problems) from None
    try:
        return validate(raw, registry).scheme
    except SchemeError as exc:
        raise SheetError(exc.problems) from None


# --------------------------------------------------------------------------- YAML


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def scheme_yaml(scheme: Scheme) -> str:
    """A scheme file's text: the scheme's fields in order, defaults left out."""
    header = f"# {scheme.title}\n# 由 .xlsx 模板导入（zeren policy scheme-import）。\n"
    data = _plain(scheme.model_dump(exclude_defaults=True))
    data.setdefault("total", _plain(scheme.total))
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
