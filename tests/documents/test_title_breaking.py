"""Titles broken by meaning (GB/T 9704-2012 §7.3.1) and amounts as a 公文 prints them."""

import pytest

from zeren.documents import amount_text, break_title
from zeren.documents.gongwen import TITLE_CHARS, display_width


def test_a_title_that_fits_stays_on_one_line():
    assert break_title("关于武进区某工地坍塌事故责任追究的决定") == ["关于武进区某工地坍塌事故责任追究的决定"]


def test_a_long_title_breaks_after_the_phrase_ending_in_de_before_the_document_kind():
    lines = break_title("关于对武进区湖塘镇某化工企业较大爆炸事故有关责任人员问责的决定")
    assert lines == ["关于对武进区湖塘镇某化工企业较大爆炸事故", "有关责任人员问责的决定"]


def test_the_document_kind_is_never_split_and_a_post_title_breaks_before_it():
    assert break_title("中共常州市武进区委员会书记安全生产责任清单") == [
        "中共常州市武进区委员会书记",
        "安全生产责任清单",
    ]
    for lines in (
        break_title("常州市武进区人民政府分管安全生产工作的副区长安全生产责任清单"),
        break_title("关于2026年第一季度全市安全生产责任制落实情况的通报"),
    ):
        assert all(display_width(line) <= TITLE_CHARS for line in lines)
        assert not any(line.endswith(("安全", "安全生产", "责任", "通")) for line in lines[:-1])
        assert lines[-1].endswith(("清单", "通报"))


def test_the_issue_s_broken_title_no_longer_splits_a_phrase():
    lines = break_title("关于武进区某工地坍塌事故责任追究的责任追究决定")
    assert lines[0] != "关于武进区某工地坍塌事故责任追究的" or lines[1] != "责任追究决定"
    assert "".join(lines) == "关于武进区某工地坍塌事故责任追究的责任追究决定"
    assert not lines[-1].startswith("决定")


def test_brackets_and_document_numbers_are_kept_whole():
    lines = break_title("关于印发《武进区安全生产约谈办法》和〔2026〕3号文件的通知", width=14)
    assert lines == ["关于印发", "《武进区安全生产约谈办法》", "和〔2026〕3号文件的通知"]
    for line in lines:
        assert line.count("《") == line.count("》") and line.count("〔") == line.count("〕")


def test_a_title_with_its_own_breaks_keeps_them():
    assert break_title("武进区区委书记\n安全生产责任清单") == ["武进区区委书记", "安全生产责任清单"]


@pytest.mark.parametrize(
    ("yuan", "printed"),
    [
        (4_500_000, "450万元"),
        (1_234_500, "123.45万元"),
        (10_000, "1万元"),
        (4_512_345, "4,512,345元"),
        (12_345, "12,345元"),
        (800, "800元"),
        (0, "0元"),
        (1234.5, "1,234.50元"),
    ],
)
def test_amounts_are_in_wan_or_grouped_never_a_bare_run_of_digits(yuan, printed):
    assert amount_text(yuan) == printed
