"""/org/import/ and /org/organisation-template.xlsx, and `zeren import_organisation`."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from zeren.jobs.models import Job
from zeren.org.models import Post
from zeren.org.organisation_import import APPOINTMENT_HEADERS, BODY_HEADERS

from .workbooks import build, organisation


def upload(data):
    return SimpleUploadedFile("org.xlsx", data, content_type="application/octet-stream")


def test_the_template_has_four_sheets_with_chinese_headers_an_example_and_notes(client, office_a):
    client.force_login(office_a)
    response = client.get(reverse("org:organisation_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["机构", "岗位", "人员", "任职", "说明"]
    rows = list(workbook["机构"].iter_rows(values_only=True))
    assert list(rows[0]) == BODY_HEADERS and len(rows) == 2
    assert list(next(workbook["任职"].iter_rows(values_only=True))) == APPOINTMENT_HEADERS
    notes = " ".join(str(c) for row in workbook["说明"].iter_rows(values_only=True) for c in row if c)
    assert "身份证号" in notes and "摘要" in notes


def test_an_office_user_imports_into_its_county_in_the_background(client, office_a, run_tasks):
    client.force_login(office_a)
    data = build(*organisation(["320412"], bodies_per=1, posts_per_body=2))
    response = client.post(reverse("org:organisation_import"), {"file": upload(data)})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("org:organisation_import_job", args=[job.pk])
    assert (job.state, job.requested_by, job.jurisdiction, bytes(job.upload)) == (
        "queued",
        office_a,
        office_a.jurisdiction,
        data,
    )
    assert Post.objects.count() == 0  # the worker has not run yet
    run_tasks()
    assert Post.objects.count() == 2
    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["job"].state == "succeeded"
    assert page.context["job"].upload is None  # identity numbers are not kept once imported
    assert ("岗位", 2, 0, 0) in page.context["counts"]
    assert 'data-testid="import-result"' in page.text


def test_the_import_lists_every_bad_row_and_imports_nothing(client, office_a, run_tasks):
    client.force_login(office_a)
    data = build(*organisation(["320412", "320411"], bodies_per=1, posts_per_body=1))
    response = client.post(reverse("org:organisation_import"), {"file": upload(data)})
    run_tasks()
    page = client.get(response.url)
    job = page.context["job"]
    assert job.state == "refused"
    assert {(p["sheet"], p["row"]) for p in job.problems} == {("机构", 3), ("人员", 4), ("人员", 5)}
    assert "不在您的管辖范围内" in page.text
    assert Post.objects.count() == 0


def test_a_small_dry_run_is_answered_at_once_and_changes_nothing(client, office_a):
    client.force_login(office_a)
    data = build(*organisation(["320412"], bodies_per=1, posts_per_body=2))
    response = client.post(reverse("org:organisation_import"), {"file": upload(data), "dry_run": "on"})
    assert response.status_code == 200
    assert response.context["result"].dry_run
    assert Post.objects.count() == 0
    assert not Job.objects.exists()


def test_a_small_dry_run_lists_every_bad_row(client, office_a):
    client.force_login(office_a)
    data = build(*organisation(["320412", "320411"], bodies_per=1, posts_per_body=1))
    response = client.post(reverse("org:organisation_import"), {"file": upload(data), "dry_run": "on"})
    assert response.status_code == 400
    assert {(p.sheet, p.row) for p in response.context["problems"]} == {("机构", 3), ("人员", 4), ("人员", 5)}


def test_a_large_dry_run_runs_in_the_background_and_changes_nothing(client, office_a, settings, run_tasks):
    settings.ZEREN_IMPORT_INLINE_BYTES = 100
    client.force_login(office_a)
    data = build(*organisation(["320412"], bodies_per=1, posts_per_body=2))
    response = client.post(reverse("org:organisation_import"), {"file": upload(data), "dry_run": "on"})
    assert response.status_code == 302
    run_tasks()
    page = client.get(response.url)
    assert page.context["job"].result["dry_run"] is True
    assert "检查通过：每一行都正确（未改变任何内容）。" in page.text
    assert Post.objects.count() == 0


@pytest.mark.parametrize("persona", ["organisation", "discipline", "official_a"])
def test_only_office_users_may_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("org:organisation_import")).status_code == 403
    assert client.post(reverse("org:organisation_import"), {}).status_code == 403


def test_the_command_imports_and_reports(tmp_path, world, capsys):
    path = tmp_path / "org.xlsx"
    path.write_bytes(build(*organisation(["320412"], bodies_per=1, posts_per_body=2)))
    call_command("import_organisation", str(path), "--dry-run")
    assert Post.objects.count() == 0
    call_command("import_organisation", str(path))
    assert Post.objects.count() == 2
    assert "岗位：新增 2" in capsys.readouterr().out
    call_command("import_organisation", str(path))
    assert "岗位：新增 0，更新 0，未变 2" in capsys.readouterr().out


def test_the_command_names_bad_rows_and_fails(tmp_path, world, capsys):
    bodies, posts, people, appointments = organisation(["320412"], bodies_per=1, posts_per_body=2)
    posts[1][3] = "科员"
    path = tmp_path / "org.xlsx"
    path.write_bytes(build(bodies, posts, people, appointments))
    with pytest.raises(CommandError, match="1 个问题"):
        call_command("import_organisation", str(path))
    assert "工作表“岗位”第 3 行“角色”列" in capsys.readouterr().err
    assert Post.objects.count() == 0


def test_an_upload_over_the_size_limit_is_refused_with_the_limit_named(client, office_a, settings):
    settings.ZEREN_UPLOAD_MAX_BYTES = 4096
    client.force_login(office_a)
    data = build(*organisation(["320412"], bodies_per=2, posts_per_body=10))
    assert len(data) > 4096
    response = client.post(reverse("org:organisation_import"), {"file": upload(data)})
    assert response.status_code == 400
    assert "上传的文件超过了 4 KB 的上限" in response.text
    assert Post.objects.count() == 0


def test_a_workbook_with_a_dtd_is_refused_clearly_not_a_500(client, office_a, run_tasks):
    import zipfile

    data = build(*organisation(["320412"], bodies_per=1, posts_per_body=1))
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + content.split(b"?>", 1)[-1]
            target.writestr(info.filename, content)
    client.force_login(office_a)
    response = client.post(reverse("org:organisation_import"), {"file": upload(out.getvalue())})
    assert response.status_code == 302  # imported by the worker, which refuses it
    run_tasks()
    page = client.get(response.url)
    assert page.context["job"].state == "refused"
    assert "含有 DTD" in page.text
    assert Post.objects.count() == 0
    dry = client.post(reverse("org:organisation_import"), {"file": upload(out.getvalue()), "dry_run": "on"})
    assert dry.status_code == 400 and "含有 DTD" in dry.text  # a check is answered at once
