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

# Duty lists (zeren.duties).
ZH_DUTIES = {
    "Version %(version)s, draft (not published)": "第%(version)s版，草稿（未公示）",
    "Version %(version)s, %(status)s on %(date)s": "第%(version)s版，%(date)s%(status)s",
    "Under %(policy)s, and in the light of local conditions, the safety-production duty list of the "
    "%(post)s is as follows.": "根据%(policy)s，结合本地实际，制定%(post)s安全生产责任清单如下。",
    "The regulation applies to this post by reference (参照执行).": "本岗位参照执行上述规定。",
    "Duties": "职责",
    "Articles cited": "依据条款原文",
    "Local duties explained": "本地职责说明",
    "Notes": "说明",
    "safety-production duty list": "安全生产责任清单",
    "%(jurisdiction)s safety committee office": "%(jurisdiction)s安全生产委员会办公室",
    "Posts": "岗位",
    "duty lists of all posts": "各岗位安全生产责任清单",
    "Version %(version)s is %(status)s and can no longer be changed; generate a new draft first.":
        "第%(version)s版状态为“%(status)s”，不能再修改；请先生成新的草稿。",
    "No regulation is bound to %(jurisdiction)s on %(date)s, so there is no duty list to generate.":
        "%(jurisdiction)s在%(date)s没有适用的安全生产责任制规定（未绑定政策包），无法生成责任清单。",
    "%(policy)s does not cover this post (%(role)s at this level), so it has no duty list under it.":
        "%(policy)s不适用于该岗位（本级%(role)s），无法据此生成责任清单。",
    "Write the duty itself: it cannot be empty.": "请填写职责内容：职责内容不能为空。",
    "The duty is %(length)s characters long; at most %(max)s are allowed.":
        "职责内容有 %(length)s 个字，最多 %(max)s 个字。",
    "The explanation is %(length)s characters long; at most %(max)s are allowed.":
        "说明有 %(length)s 个字，最多 %(max)s 个字。",
    "The basis is %(length)s characters long; at most %(max)s are allowed.": "依据有 %(length)s 个字，最多 %(max)s 个字。",
    "Duties from the regulation cannot be changed or removed here; add a local duty instead.":
        "规定条款中的职责不能在此修改或删除；可以增加本地职责。",
    "An empty duty list cannot be published.": "空的责任清单不能发布。",
    "Only two versions of the same post's duty list can be compared.": "只能比较同一岗位责任清单的两个版本。",
    "Public notice": "公示",
    "Duty lists": "责任清单",
    "Draft": "草稿",
    "Published": "已发布",
    "Superseded": "已被替代",
    "Policy pack": "规定条款",
    "Local": "本地",
    "version": "版本",
    "status": "状态",
    "policy pack": "政策包",
    "policy title": "规定名称",
    "policy version": "政策包版本",
    "applies": "适用方式",
    "direct or by_reference (参照)": "直接适用或参照执行",
    "read as level": "按何级执行",
    "scope articles": "适用范围条款",
    "notes": "说明",
    "policy in force on": "规定生效日期",
    "post title": "岗位名称",
    "created at": "创建时间",
    "published at": "发布时间",
    "duty list": "责任清单",
    "duty lists": "责任清单",
    "position": "序号",
    "source": "来源",
    "key": "标识",
    "rule": "规则",
    "duty": "职责",
    "text": "内容",
    "articles cited": "依据条款",
    "article texts": "条款原文",
    "kind": "类型",
    "activity": "履职活动",
    "every": "周期",
    "at least": "至少次数",
    "reading": "解读",
    "basis": "依据",
    "duty item": "职责事项",
    "duty items": "职责事项",
    "Drafts generated: %(count)s.": "已生成草稿 %(count)s 份。",
    "Duty lists published: %(count)s.": "已发布责任清单 %(count)s 份。",
    "No duty list has been generated here yet.": "这里还没有生成任何责任清单。",
    "Draft version %(version)s generated.": "已生成第%(version)s版草稿。",
    "There is only one version: nothing to compare yet.": "只有一个版本，暂无可比较的内容。",
    "Version %(version)s published.": "第%(version)s版已发布。",
    "Local duty added.": "已增加本地职责。",
    "Local duty saved.": "本地职责已保存。",
    "Local duty removed.": "本地职责已删除。",
    "Periodic": "定期",
    "On an event": "事件触发",
    "Standing": "经常性",
    "One-off": "一次性",
    "every month": "每月",
    "every quarter": "每季度",
    "every half-year": "每半年",
    "every year": "每年",
    "every two years": "每两年",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township or street": "乡镇（街道）",
    "functional zone": "功能区",
    "new area": "新区",
    "%(every)s at least %(count)s time(s)": "%(every)s至少%(count)s次",
    "on each event": "每次发生时",
    "Local: %(basis)s": "本地：%(basis)s",
    "applies by reference (参照), read as %(level)s": "参照执行，按%(level)s执行",
    "applies directly": "直接适用",
    "Duty list": "责任清单",
    "Public notice (公示)": "公示",
    " safety-production duty list": "安全生产责任清单",
    "Open an article to read its text.": "点开条款可查看原文。",
    "Version %(version)s, published %(date)s.": "第%(version)s版，%(date)s发布。",
    "Generated": "生成于",
    "published": "发布于",
    "official document layout": "公文格式",
    "Compare versions": "版本比较",
    "From": "从",
    "to": "到",
    "Compare": "比较",
    "The regulation changed between these versions:": "两个版本依据的规定不同：",
    "Change": "变化",
    "added": "新增",
    "removed": "删除",
    "changed": "修改",
    "same": "未变",
    "%(n)s added": "新增 %(n)s 项",
    "%(n)s removed": "删除 %(n)s 项",
    "%(n)s changed": "修改 %(n)s 项",
    "All lists (.xlsx)": "全部清单（.xlsx）",
    "Body": "单位",
    "Post": "岗位",
    "Status": "状态",
    "Regulation in force": "现行规定",
    "Out of date": "需更新",
    "Not generated": "未生成",
    "Not covered": "不适用",
    "This jurisdiction has no posts yet.": "本辖区还没有岗位。",
    "Below this jurisdiction": "下级辖区",
    "Generate missing or out-of-date drafts (%(counter)s)": "生成缺少或需更新的草稿（%(counter)s）",
    "Publish all drafts (%(counter)s)": "发布全部草稿（%(counter)s）",
    "Edit local duty": "修改本地职责",
    "Duty": "职责",
    "Explanation (optional)": "说明（选填）",
    "Basis (optional), e.g. a local document": "依据（选填），如本地文件",
    "Save": "保存",
    "Duty lists: public notice": "责任清单公示",
    "Safety-production duty lists: public notice (公示)": "安全生产责任清单公示",
    "The published duty lists of party and government officials' posts. Every duty cites the article of "
    "the regulation it comes from; items marked Local were added by the jurisdiction.":
        "党政领导干部岗位已发布的安全生产责任清单。每项职责注明所依据的规定条款；标注“本地”的为本辖区增加的职责。",
    "Jurisdiction": "辖区",
    "All": "全部",
    "Show": "显示",
    "duties": "项职责",
    "No duty list has been published yet.": "还没有发布的责任清单。",
    "No.": "序号",
    "Article": "依据条款",
    "Kind": "类型",
    "Reading:": "解读：",
    "local addition": "本地增加",
    "Edit": "修改",
    "Remove": "删除",
    "Regulation:": "依据规定：",
    "scope": "适用范围",
    "Regulation in force today:": "现行规定：",
    "Regenerate the draft from the regulation": "按规定重新生成草稿",
    "Generate a new draft": "生成新草稿",
    "Out of date: the regulation or the post has changed": "需更新：规定或岗位已变化",
    "Add a local duty": "增加本地职责",
    "Add local duty": "增加本地职责",
    "Once published, a version is never changed; later changes make a new draft.":
        "版本一经发布即不再修改；此后的变化将生成新的草稿。",
    "No duty list has been generated for this post yet.": "该岗位还没有生成责任清单。",
    "Versions": "版本",
    "Version": "版本",
    "Regulation": "规定",
    "None yet.": "暂无。",
    "Publish version %(version)s": "发布第%(version)s版",
}
ZH.update(ZH_DUTIES)


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
        if any(line.startswith("msgid_plural ") for line in lines):  # plural forms: translate in the .po by hand
            if not any(line.startswith("msgstr[0] ") and line != 'msgstr[0] ""' for line in lines):
                missing.append(_unquote([lines[i][6:]]))
            out.append(entry)
            continue
        j = next(n for n, line in enumerate(lines) if line.startswith("msgstr "))
        msgid = _unquote([lines[i][6:], *lines[i + 1 : j]])
        if msgid == "":
            out.append(entry.replace("#, fuzzy\n", "").replace("CHARSET", "UTF-8"))
            continue
        if msgid not in ZH:
            missing.append(msgid)
            out.append(entry)
            continue
        # Drop the fuzzy mark (alone or among other flags, e.g. "#, fuzzy, python-format") and the
        # previous msgid makemessages guessed from: msgfmt leaves fuzzy entries out of the .mo.
        kept = [
            line.replace("#, fuzzy, ", "#, ")
            for line in lines[:j]
            if line != "#, fuzzy" and not line.startswith("#| ")
        ]
        text = ZH[msgid].replace('"', '\\"')
        out.append("\n".join([*kept, f'msgstr "{text}"']))
    PO.write_text("\n\n".join(out), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    subprocess.run(["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)  # noqa: S603, S607
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
