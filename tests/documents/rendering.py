"""What a reader of a .docx sees: LibreOffice (headless) renders it to PDF, poppler to text and pixels.

The tools come from tools/setup-test-machine.sh (libreoffice-writer-nogui, poppler-utils): a missing
one fails the test that needs it, it never skips. Each test module renders its document once
(``render`` is called from a module-scoped cache in the tests)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from internal_text import offences, page_patterns

# Internal text that must never reach paper: the pages' patterns (tests/internal_text.py: ids, hashes,
# vocabulary values, Python/JSON values, English) and what paper must not show either.
_A = r"(?<![A-Za-z0-9])"
_Z = r"(?![A-Za-z0-9])"
PAPER_PATTERNS = {
    "hex digest": re.compile(_A + r"[0-9a-f]{10,}" + _Z),
    "ISO date": re.compile(_A + r"\d{4}-\d{1,2}-\d{1,2}" + _Z),
    "unformatted amount": re.compile(r"(?<![\d,.])\d{5,}\s*万?\s*元"),
    "doubled punctuation": re.compile(r"([。，、；：！？])\s*\1|[。；，：]\s*[。；，：]"),
    "program name": re.compile(r"zeren", re.IGNORECASE),
}


def internal_text(text: str) -> list[str]:
    """Each internal-looking piece of ``text``, named: empty when the page reads as an office wrote it."""
    return offences(text, {**PAPER_PATTERNS, **page_patterns()})


@dataclass(frozen=True)
class Page:
    width: int
    height: int
    pixels: bytes  # RGB, row by row

    def rgb(self, x: int, y: int) -> tuple[int, int, int]:
        offset = (y * self.width + x) * 3
        return self.pixels[offset], self.pixels[offset + 1], self.pixels[offset + 2]

    def red_rows(self, top: float = 0.0, bottom: float = 1.0) -> list[int]:
        """Rows (pixel y) between the fractions ``top`` and ``bottom`` of the height holding red ink."""
        rows = []
        for y in range(int(self.height * top), int(self.height * bottom)):
            if any(_is_red(self.rgb(x, y)) for x in range(0, self.width, 2)):
                rows.append(y)
        return rows

    def red_span(self, y: int) -> tuple[int, int]:
        xs = [x for x in range(self.width) if _is_red(self.rgb(x, y))]
        return (min(xs), max(xs)) if xs else (0, 0)

    def ink_rows(self, top: float = 0.0, bottom: float = 1.0) -> list[int]:
        return [
            y
            for y in range(int(self.height * top), int(self.height * bottom))
            if any(sum(self.rgb(x, y)) < 300 for x in range(0, self.width, 2))
        ]


def _is_red(rgb: tuple[int, int, int]) -> bool:
    red, green, blue = rgb
    return red > 180 and green < 110 and blue < 110


@dataclass(frozen=True)
class Rendered:
    docx: Path
    pdf: Path
    pngs: list[Path]  # page-1.png, …: to look at
    pages: list[Page]  # the same pages as pixels
    text: list[str]  # each page's text (pdftotext -layout)

    @property
    def all_text(self) -> str:
        return "\n".join(self.text)


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed: run tools/setup-test-machine.sh (it installs the Debian packages)"
    return path


def _read_ppm(path: Path) -> Page:
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # P6, width, height, maxval — whitespace separated, comments not written
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P6" and fields[3] == b"255", fields
    width, height = int(fields[1]), int(fields[2])
    return Page(width, height, data[position + 1 : position + 1 + width * height * 3])


def render(docx: bytes, name: str, *, keep: Path | None = None) -> Rendered:
    """Convert ``docx`` to PDF with LibreOffice, then each page to PNG and pixels at 60 dpi and to text."""
    soffice, pdftoppm, pdftotext = _tool("soffice"), _tool("pdftoppm"), _tool("pdftotext")
    folder = keep or Path(tempfile.mkdtemp(prefix=f"zeren-{name}-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.docx"
    source.write_bytes(docx)
    profile = folder / "lo-profile"  # its own LibreOffice profile: tests in parallel do not share a lock
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / f"{name}.pdf"
    assert pdf.exists(), f"LibreOffice wrote no PDF for {name}"
    subprocess.run([pdftoppm, "-png", "-r", "60", str(pdf), str(folder / "page")], check=True, timeout=120)
    subprocess.run([pdftoppm, "-r", "60", str(pdf), str(folder / "pixels")], check=True, timeout=120)
    pngs = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    ppms = sorted(folder.glob("pixels-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=120
    ).stdout.decode()
    return Rendered(source, pdf, pngs, [_read_ppm(p) for p in ppms], text.split("\f")[: len(ppms)])
