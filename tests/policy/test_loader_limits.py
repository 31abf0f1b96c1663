"""Pack files that would take gigabytes or exhaust the recursion are refused as ``file:line: message``.

The billion-laughs file is loaded in a child process bounded by RLIMIT_AS (and RLIMIT_CPU as a
backstop), so a regression fails the test instead of taking the machine down; nothing is timed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zeren.policy.loader import MAX_DEPTH, PackError, Registry, load_yaml

from .conftest import CASES, PACKS, write

LAUGHS = """\
id: test-pack
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path / "test-pack.yaml", text)
    with pytest.raises(PackError) as info:
        Registry([tmp_path, PACKS]).load_path(path)
    return info.value.problems


def test_billion_laughs_is_refused_at_its_first_anchor_in_a_bounded_process(tmp_path: Path) -> None:
    path = write(tmp_path / "test-pack.yaml", LAUGHS)
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({1024**3}, {1024**3}))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
        from zeren.policy.loader import PackError, Registry
        try:
            Registry([{str(PACKS)!r}]).load_path(__import__("pathlib").Path(sys.argv[1]))
        except PackError as error:
            print("\\n".join(error.problems))
        """
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == (
        f"{path}:2: YAML: anchors (&a) are not allowed in a pack; write the value out where it is used"
    )


def test_an_alias_is_refused_at_its_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "id: test-pack\ntitle: x\nshort: x\nalso:\n  - *nothing\n")
    assert problems == [
        f"{tmp_path / 'test-pack.yaml'}:5: YAML: aliases (*nothing) are not allowed in a pack; write the value out"
    ]


def test_deep_flow_nesting_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "id: test-pack\nx: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert problems == [f"{tmp_path / 'test-pack.yaml'}:2: YAML: nested more than {MAX_DEPTH} levels deep"]


def test_deep_block_nesting_is_refused_at_the_line_it_goes_too_deep(tmp_path: Path) -> None:
    text = "id: test-pack\n" + "".join(f"{'  ' * n}k{n}:\n" for n in range(60)) + "  " * 60 + "v\n"
    (problem,) = _problems(tmp_path, text)
    # line 1 opens the top mapping (level 1); the mapping at level 33 starts on line 34
    assert problem == f"{tmp_path / 'test-pack.yaml'}:{MAX_DEPTH + 2}: YAML: nested more than {MAX_DEPTH} levels deep"


def test_nesting_up_to_the_limit_is_still_yaml() -> None:
    data, _node = load_yaml("[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1))
    assert isinstance(data, list)


def test_an_integer_python_cannot_read_is_refused_at_its_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "id: test-pack\ntitle: x\nn: " + "9" * 5000 + "\n")
    assert problems == [f"{tmp_path / 'test-pack.yaml'}:3: YAML: this integer has too many digits"]


def test_a_file_far_larger_than_a_pack_is_refused_unread(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "id: test-pack\n" + "# filler\n" * 600_000)
    assert problems == [f"{tmp_path / 'test-pack.yaml'}:1: the file is larger than 4 MB; a pack is far smaller"]


def test_the_shipped_packs_and_cases_use_no_anchors_or_aliases() -> None:
    files = [*PACKS.glob("*.yaml"), *CASES.rglob("*.yaml")]
    assert len(files) > 3
    for path in files:
        load_yaml(path.read_text(encoding="utf-8"))  # raises on an anchor, an alias or deep nesting
