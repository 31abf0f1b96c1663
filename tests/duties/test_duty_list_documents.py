"""The duty list .docx as the public and the office read it: rendered by LibreOffice, read back as
text. It cites the regulation by its title and 文号, never the policy pack's id or version hash
(those stay in the file's properties for staff). Rendered once a module."""

import io

import pytest
from docx import Document

from documents.rendering import internal_text, render
from zeren.duties.exports import duty_list_docx

pytestmark = pytest.mark.django_db
_cache = {}


@pytest.fixture
def duty_list(published_a):
    if "rendered" not in _cache:
        data = duty_list_docx(published_a)
        _cache.update(docx=data, rendered=render(data, "duty-list"), list=published_a)
    return _cache["rendered"]


def _squeeze(text):
    return "".join(text.split())


def test_the_title_is_the_post_and_the_list_on_one_line(duty_list):
    first = [_squeeze(line) for line in duty_list.text[0].splitlines() if line.strip()]
    assert first[0] == "武进区区委书记安全生产责任清单"


def test_the_regulation_is_cited_by_its_title_and_document_number(duty_list):
    text = _squeeze(duty_list.all_text)
    assert "本清单依据《常州市党政领导干部安全生产责任制规定实施办法》（常办〔2018〕30号）制定" in text


def test_no_pack_id_hash_or_article_id_is_printed(duty_list):
    text = duty_list.all_text
    assert internal_text(text) == []
    duty = _cache["list"]
    for token in (duty.pack_id, duty.policy_version, "hangzhou", "c/", "#"):
        assert token not in _squeeze(text)


def test_the_pack_and_version_are_kept_for_staff_in_the_file_properties(duty_list):
    duty = _cache["list"]
    properties = Document(io.BytesIO(_cache["docx"])).core_properties
    assert duty.pack_id in properties.comments and duty.policy_version in properties.comments
