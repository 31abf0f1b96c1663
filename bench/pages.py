"""What the page benchmarks share (bench/records_list.py, bench/tours_lists.py): timing a page over
repeated requests in three rounds, and writing a section of docs/benchmarks.md.

A page's figure is the median over three rounds of each round's p50 and p95 (``repeat`` requests a
round), with the p95's min–max across the rounds, so one noisy round neither hides nor makes a miss."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 3


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def measure(request: Callable[[], int], repeat: int, rounds: int = ROUNDS) -> dict[str, float]:
    """Time ``request`` (returns the HTTP status, which must be 200) ``repeat`` times a round."""
    p50s, p95s = [], []
    for _ in range(rounds):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            status = request()
            times.append((time.perf_counter() - start) * 1000)
            if status != 200:
                raise SystemExit(f"the page answered {status}")
        p50s.append(statistics.median(times))
        p95s.append(percentile(times, 0.95))
    return {
        "p50_ms": statistics.median(p50s),
        "p95_ms": statistics.median(p95s),
        "p95_min_ms": min(p95s),
        "p95_max_ms": max(p95s),
    }


def line(name: str, figure: dict[str, float]) -> str:
    return (
        f"  {name:<48} p50 {figure['p50_ms']:7.1f} ms   p95 {figure['p95_ms']:7.1f} ms"
        f" ({figure['p95_min_ms']:.0f}–{figure['p95_max_ms']:.0f})"
    )


def rows(timings: dict[str, dict[str, float]], target_ms: float) -> list[str]:
    """The table of a section: one row per page, the p95 against the target."""
    out = ["| request | p50 | p95 (min–max of 3 rounds) | target p95 |", "|---|---|---|---|"]
    for name, f in timings.items():
        verdict = f"≤ {target_ms:.0f} ms " + ("met" if f["p95_ms"] <= target_ms else "**missed**")
        out.append(
            f"| {name} | {f['p50_ms']:.0f} ms | {f['p95_ms']:.0f} ms ({f['p95_min_ms']:.0f}–{f['p95_max_ms']:.0f}) "
            f"| {verdict} |"
        )
    return out


def report(figures: dict[str, object], heading: str, section: str, *, json_path: Path | None, write_docs: bool) -> None:
    """The end of a page bench: the figures to ``json_path``, the section printed and, asked, written."""
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(section)
    if write_docs:
        write_section(heading, section)


def write_section(heading: str, section: str) -> None:
    """Replace the section ``heading`` ("## …") of docs/benchmarks.md (or add it at the end)."""
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if heading in text:
        start = text.index(heading)
        following = text.find("\n## ", start + len(heading))
        text = text[:start] + section.rstrip("\n") + ("\n\n" + text[following + 1 :] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {doc.relative_to(ROOT)} ({heading})")
