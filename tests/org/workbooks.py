"""Build organisation workbooks for the import tests and the benchmark."""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook

from zeren.org.organisation_import import APPOINTMENT_HEADERS, BODY_HEADERS, PERSON_HEADERS, POST_HEADERS

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def identity_number(serial: int, region: str = "320412") -> str:
    """A fictional identity number with a correct check character, different for every serial."""
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=serial // 1000)
    body = f"{region}{born:%Y%m%d}{serial % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def build(bodies, posts, people, appointments) -> bytes:
    workbook = Workbook(write_only=True)
    for title, headers, rows in (
        ("机构", BODY_HEADERS, bodies),
        ("岗位", POST_HEADERS, posts),
        ("人员", PERSON_HEADERS, people),
        ("任职", APPOINTMENT_HEADERS, appointments),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def organisation(jurisdictions: list[str], *, bodies_per: int, posts_per_body: int, prefix: str = "T"):
    """Rows for bodies (departments), posts, one current holder a post and one former holder for
    every other post; returns (bodies, posts, people, appointments)."""
    bodies, posts, people, appointments = [], [], [], []
    serial = 0
    for j in jurisdictions:
        for b in range(bodies_per):
            body_code = f"{prefix}{j}-B{b:03d}"
            bodies.append([j, body_code, f"{j}第{b}局", "部门", "行业主管部门"])
            for p in range(posts_per_body):
                post_code = f"{body_code}-P{p:02d}"
                role = "部门主要负责人" if p == 0 else "部门其他负责人"
                posts.append([post_code, body_code, f"第{b}局岗位{p}", role, "交通运输、住房城乡建设", "否", "是"])
                serial += 1
                current = identity_number(serial, j[:6].lstrip("Z").ljust(6, "0"))
                people.append([current, f"人员{serial}", j])
                appointments.append([current, post_code, "2021-03-01", "", "任命", ""])
                if p % 2 == 0:
                    serial += 1
                    former = identity_number(serial, j[:6].lstrip("Z").ljust(6, "0"))
                    people.append([former, f"人员{serial}", j])
                    appointments.append([former, post_code, "2016-01-01", "2021-02-28", "任命", "调任"])
    return bodies, posts, people, appointments
