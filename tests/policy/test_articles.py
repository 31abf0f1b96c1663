"""Article ids and Chinese numerals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zeren.policy.articles import cn_number, cn_numeral, parse_article_id


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert cn_number(cn_numeral(n)) == n


def test_numerals_are_written_as_in_the_regulations() -> None:
    assert [cn_numeral(n) for n in (4, 10, 12, 21, 30)] == ["四", "十", "十二", "二十一", "三十"]


def test_article_ids_name_articles_paragraphs_and_items() -> None:
    assert str(parse_article_id("CZ-6.4")) == "CZ-6.4"
    assert str(parse_article_id("CZ-21#2")) == "CZ-21#2"
    assert parse_article_id("NAT-493-3").prefix == "NAT-493"
    with pytest.raises(ValueError, match="not an article id"):
        parse_article_id("第六条")
