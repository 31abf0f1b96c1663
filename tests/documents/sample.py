"""A sample document to look at: a county party secretary's 责任清单 under 河北 第五条.

    python tests/documents/sample.py /tmp/duty-list.docx [/tmp/duty-list.xlsx]

The text follows 河北省党政领导干部安全生产责任制实施细则 第五条 (duties of a party committee's
principal leader), narrowed to what the article asks of a county (县) committee."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from zeren.documents.gongwen import Section, Table, gongwen_docx, heading_number
from zeren.documents.sheets import Sheet, workbook_bytes

DUTIES: list[tuple[str, str]] = [
    (
        "认真贯彻执行党中央以及上级党委关于安全生产的决策部署和指示精神，安全生产方针政策、法律法规。",
        "河北 第五条 第（一）项",
    ),
    ("把安全生产纳入县委议事日程和向全会报告工作的内容。", "河北 第五条 第（二）项"),
    ("每半年至少主持召开1次县委常委会研究安全生产工作，及时组织研究解决安全生产重大问题。", "河北 第五条 第（二）项"),
    ("推动组织、宣传、政法、机构编制等部门支持保障安全生产工作。", "河北 第五条 第（二）项"),
    ("每季度至少调研1次安全生产工作。", "河北 第五条 第（三）项"),
    (
        "把安全生产纳入县委常委会及其成员职责清单，组织建立安全生产监管监察容错纠错机制，"
        "制定尽职照单免责、失职照单追责规定。",
        "河北 第五条 第（四）项",
    ),
    ("督促落实安全生产“一岗双责”制度，督促建立完善安全生产奖惩制度。", "河北 第五条 第（四）项"),
    ("加强安全生产监管部门领导班子建设，配齐配强领导班子。", "河北 第五条 第（五）项"),
    (
        "加强安全生产监管部门机构建设和干部队伍建设，明确乡（镇、街道）安全生产监管责任部门，"
        "配置与监管工作任务相适应的人员力量。",
        "河北 第五条 第（六）项",
    ),
    (
        "推动将安全生产纳入经济社会发展全局和领导干部政绩考核的重要内容，"
        "督促落实安全生产考核与履职评定、职务晋升、奖励惩处挂钩制度和“一票否决”制度。",
        "河北 第五条 第（七）项",
    ),
    (
        "强化安全生产宣传教育和舆论引导，将安全生产方针政策和法律法规纳入县委理论学习中心组"
        "学习内容和党员领导干部培训内容。",
        "河北 第五条 第（八）项",
    ),
    ("支持人大、政协监督安全生产工作，统筹协调各方面重视支持安全生产工作。", "河北 第五条 第（九）项"),
]
HEADERS = ["序号", "职责内容", "依据条款"]
WIDTHS_MM = [15.0, 81.0, 60.0]  # 依据条款 on one line: 11 字 of 4号 and the cell margins
ISSUED = datetime.date(2024, 3, 8)


def duty_table() -> Table:
    rows = [[str(number), text, citation] for number, (text, citation) in enumerate(DUTIES, start=1)]
    return Table(HEADERS, rows, WIDTHS_MM)


def sample_docx() -> bytes:
    return gongwen_docx(
        title="中共某某县委书记\n安全生产责任清单",
        issuer="中共某某县委办公室文件",
        document_number="某办发〔2024〕5号",
        sections=[
            Section(
                None,
                [
                    "根据《河北省党政领导干部安全生产责任制实施细则》第五条，结合本县实际，"
                    "制定县委书记安全生产责任清单如下。清单所列职责每年公示，履职情况纳入年度考核。",
                ],
            ),
            Section(heading_number(1) + "责任清单", [duty_table()]),
            Section(
                heading_number(2) + "履职要求",
                [
                    "县委书记是本县安全生产第一责任人，对本地区安全生产工作负总责。"
                    "清单所列定期职责按季度、半年记录履职情况，留存会议纪要、调研报告等佐证材料。",
                    "本清单自印发之日起施行。上级调整安全生产职责的，按新规定执行。",
                ],
            ),
        ],
        signature="中共某某县委员会",
        date=ISSUED,
        footer_note="中共某某县委办公室",
    )


def sample_xlsx() -> bytes:
    rows: list[list[str | int | None]] = [
        [number, text, citation] for number, (text, citation) in enumerate(DUTIES, start=1)
    ]
    return workbook_bytes(
        [
            Sheet(
                "县委书记责任清单",
                HEADERS,
                rows,
                heading="中共某某县委书记安全生产责任清单",
                notes=["依据：河北省党政领导干部安全生产责任制实施细则 第五条"],
            )
        ]
    )


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    Path(argv[0]).write_bytes(sample_docx())
    if len(argv) == 2:
        Path(argv[1]).write_bytes(sample_xlsx())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
