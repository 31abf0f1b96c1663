"""Fill msgstr in src/zeren/locale/zh_Hans/LC_MESSAGES/django.po from ZH below, then compile.

Usage (after `zeren makemessages -l zh_Hans`): python tools/fill_translations.py
Needs gettext's msgfmt only here; the compiled .mo is committed so installs need none.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "src/zeren/locale/zh_Hans/LC_MESSAGES/django.po"

ZH = {
    "Accounts": "账号",
    "Safety committee office": "安委办",
    "Organisation department": "组织部",
    "Discipline inspection": "纪检监察",
    "Official": "领导干部",
    "role": "角色",
    "jurisdiction": "辖区",
    "person": "人员",
    "Officials only: the person record this account belongs to.": "仅限领导干部：本账号对应的人员记录。",
    "account": "账号",
    "accounts": "账号",
    "Administrator": "系统管理员",
    "Locked": "已锁定",
    "Too many failed logins": "登录失败次数过多",
    "This account is locked for an hour from this address. Wait, or ask the safety committee office "
    "that manages your account to unlock it.": "该账号在此地址的登录已锁定一小时。请稍后再试，或请管理您账号的安委办解锁。",
    "Log in": "登录",
    "User name": "用户名",
    "Password": "密码",
    "After five failed attempts the account is locked for an hour from this address.":
        "连续五次登录失败后，该账号在此地址锁定一小时。",
    "Demo data": "演示数据",
    "Demo data: %(created)s jurisdictions created, %(unchanged)s already there; %(accounts)s accounts":
        "演示数据：新建辖区 %(created)s 个，已存在 %(unchanged)s 个；账号 %(accounts)s 个",
    "Organisation": "组织机构",
    "Province": "省",
    "City": "市",
    "County": "县（市、区）",
    "Township or street": "乡镇（街道）",
    "Functional zone": "功能区",
    "New area": "新区",
    "6 digits ending in 0000, e.g. 130000": "6 位数字，以 0000 结尾，如 130000",
    "6 digits, e.g. 320400": "6 位数字，如 320400",
    "6 digits, e.g. 320412": "6 位数字，如 320412",
    "6 digits, e.g. 133100": "6 位数字，如 133100",
    "9 digits, e.g. 320412100": "9 位数字，如 320412100",
    "Z and 8 digits (a local code), e.g. Z32040001": "Z 加 8 位数字（本地代码），如 Z32040001",
    "Nothing was imported: %(count)s problem(s) in %(path)s": "未导入任何数据：%(path)s 中有 %(count)s 处问题",
    "Imported %(path)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged":
        "已导入 %(path)s：新建 %(created)s 个，更新 %(updated)s 个，未变 %(unchanged)s 个",
    "The file name must end in .xlsx: %(path)s": "文件名必须以 .xlsx 结尾：%(path)s",
    "%(path)s already exists; choose another name": "%(path)s 已存在，请换一个文件名",
    "Wrote %(path)s": "已写入 %(path)s",
    "code": "代码",
    "name": "名称",
    "level": "层级",
    "parent": "上级",
    "jurisdictions": "辖区",
    "people": "人员",
    "Row %(row)s, column D (parent_code): no jurisdiction has the code %(code)s":
        "第 %(row)s 行，D 列（parent_code）：没有代码为 %(code)s 的辖区",
    "Row %(row)s, column D (parent_code): a %(level)s cannot sit under a %(parent)s":
        "第 %(row)s 行，D 列（parent_code）：%(level)s不能隶属于%(parent)s",
    "nothing (top of the tree)": "空（树的顶层）",
    "Row %(row)s, column C (level): %(child)s, already under it, cannot sit under a %(level)s":
        "第 %(row)s 行，C 列（level）：其下已有的 %(child)s 不能隶属于%(level)s",
    "Row %(row)s, column D (parent_code): the parent codes go round in a circle through %(code)s":
        "第 %(row)s 行，D 列（parent_code）：上级代码经 %(code)s 形成循环",
    "%(code)s is not a code for a %(level)s": "%(code)s 不是%(level)s的代码",
    "Row %(row)s, column %(letter)s (%(name)s)": "第 %(row)s 行，%(letter)s 列（%(name)s）",
    "The file is not an .xlsx workbook (%(reason)s)": "该文件不是 .xlsx 工作簿（%(reason)s）",
    "The sheet is empty; row 1 must be the header code, name, level, parent_code":
        "工作表为空；第 1 行必须是表头 code、name、level、parent_code",
    "Row 1, column %(letter)s: the header must be %(name)s, found “%(found)s”":
        "第 1 行，%(letter)s 列：表头应为 %(name)s，实际为“%(found)s”",
    ": the code is empty": "：代码为空",
    ": the name is empty": "：名称为空",
    ": the name is longer than %(max)s characters": "：名称超过 %(max)s 个字符",
    ": “%(value)s” is not a level; use one of %(levels)s": "：“%(value)s”不是有效层级，应为 %(levels)s 之一",
    ": “%(code)s” is not a code for a %(level)s (%(form)s)": "：“%(code)s”不是%(level)s的代码（应为%(form)s）",
    ": the code %(code)s already appears in row %(other)s": "：代码 %(code)s 已在第 %(other)s 行出现",
    ": a jurisdiction cannot be its own parent": "：辖区不能是自己的上级",
    "The sheet has a header but no jurisdictions": "工作表只有表头，没有辖区",
    "Higher levels": "上级辖区",
    "local code: functional zones have no national division code": "本地代码：功能区没有国家行政区划代码",
    "Below it:": "下辖：",
    "Nothing lies below this jurisdiction.": "该辖区没有下级。",
    "No jurisdiction": "未分配辖区",
    "Your account has no jurisdiction": "您的账号尚未分配辖区",
    "Ask the safety committee office that manages your account to assign one.": "请联系管理您账号的安委办分配辖区。",
    "Jurisdictions": "辖区",
    "No jurisdictions yet. Load them with: zeren import_jurisdictions FILE.xlsx":
        "尚无辖区。导入方法：zeren import_jurisdictions 文件.xlsx",
    "Download the import template (.xlsx)": "下载导入模板（.xlsx）",
    "Not allowed": "无权访问",
    "You may not see this page": "您无权查看此页面",
    "It belongs to a jurisdiction or role outside your account's scope. If you need access, ask the "
    "safety committee office that manages your account.":
        "该页面属于您账号权限范围以外的辖区或角色。如需访问，请联系管理您账号的安委办。",
    "Back to your jurisdiction": "返回本辖区",
    "Not found": "未找到",
    "Page not found": "页面不存在",
    "Nothing here has that address. It may have been removed, or the link may be mistyped.":
        "该地址没有内容，可能已被删除，或链接有误。",
    "Back to the start": "返回首页",
    "zeren": "责任",
    "Safety-production responsibility system": "党政领导干部安全生产责任制",
    "All jurisdictions": "全部辖区",
    "Language": "语言",
    "Switch": "切换",
    "Log out": "退出",
    "zeren — duties, supervision, assessment and accountability under the responsibility system for "
    "party and government officials.": "zeren（责任）— 党政领导干部安全生产责任制：责任清单、督查、考核与责任追究。",
    "Welcome": "欢迎",
    "zeren keeps the duty lists, the record of duties performed, assessments and accountability cases "
    "of party and government officials, following the regulations in force in each jurisdiction.":
        "zeren 依据各地现行规定，管理党政领导干部的安全生产责任清单、履职记录、考核评价和责任追究。",
    "For safety committee offices, officials, organisation departments and discipline inspectors.":
        "面向安委会办公室、党政领导干部、组织部门和纪检监察机关。",
}


def _unquote(lines: list[str]) -> str:
    return "".join(re.fullmatch(r'\s*"(.*)"\s*', line).group(1) for line in lines)  # type: ignore[union-attr]


def main() -> int:
    entries = PO.read_text(encoding="utf-8").split("\n\n")
    out, missing = [], []
    for entry in entries:
        lines = entry.splitlines()
        if not any(line.startswith("msgid ") for line in lines):
            out.append(entry)
            continue
        i = next(n for n, line in enumerate(lines) if line.startswith("msgid "))
        j = next(n for n, line in enumerate(lines) if line.startswith("msgstr "))
        msgid = _unquote([lines[i][6:], *lines[i + 1 : j]])
        if msgid == "":
            out.append(entry.replace("#, fuzzy\n", "").replace("CHARSET", "UTF-8"))
            continue
        if msgid not in ZH:
            missing.append(msgid)
            out.append(entry)
            continue
        kept = [line for line in lines[:j] if line != "#, fuzzy"]
        text = ZH[msgid].replace('"', '\\"')
        out.append("\n".join([*kept, f'msgstr "{text}"']))
    PO.write_text("\n\n".join(out), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    subprocess.run(["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)  # noqa: S603, S607
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
