"""``zeren import_organisation FILE.xlsx [--dry-run]``: bodies, posts, people and appointments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zeren.org.organisation_import import organisation_import, read_upload
from zeren.problems import Problems


class Command(BaseCommand):
    help = (
        "Load bodies, posts, people and appointments from an .xlsx workbook with the sheets 机构, 岗位, 人员, 任职 "
        "(template at /org/organisation-template.xlsx). All or nothing; importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the .xlsx workbook")
        parser.add_argument("--dry-run", action="store_true", help="check every row and report, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            with path.open("rb") as upload:
                data = read_upload(upload)
        except OSError as error:
            raise CommandError(f"无法读取 {path}：{error.strerror}") from None
        except Problems as error:
            raise CommandError(f"未导入任何内容：{path}：{error.message}") from None
        try:
            result = organisation_import(data=data, dry_run=options["dry_run"])
        except Problems as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"未导入任何内容：{path} 中有 {len(error.problems)} 个问题") from None
        prefix = "检查通过（试运行，未改变任何内容）" if result.dry_run else "已导入"
        self.stdout.write(f"{prefix} {path}：{result.summary()}")
