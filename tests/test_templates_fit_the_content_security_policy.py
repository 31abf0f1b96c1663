"""Every template fits the Content-Security-Policy (script-src and style-src 'self'): no inline
script, no event-handler attribute, no style element or attribute. Scripts and styles live in
static files; data for scripts goes through the json_script filter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "zeren"
TEMPLATES = sorted(p for p in PACKAGE.glob("**/templates/**/*.html"))
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event-handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
}


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_template_has_no_inline_script_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = [f"{what}: {m.group(0)[:60]}" for what, pattern in FORBIDDEN.items() for m in pattern.finditer(text)]
    assert found == []
