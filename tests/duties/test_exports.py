"""Exports round-trip: the .docx and the .xlsx carry every citation and article label."""

import io

from django.urls import reverse
from docx import Document

from internal_text import offences
from zeren.documents import read_rows
from zeren.duties.exports import ITEM_HEADERS


def _docx_text(content):
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return document, "\n".join(parts)


def test_the_docx_carries_every_citation_and_article_label(client, published_a, office_a):
    client.force_login(office_a)
    response = client.get(reverse("duties:list_docx", kwargs={"list_id": published_a.pk}))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document, text = _docx_text(response.content)
    for item in published_a.items.all():
        assert item.title in text
        for article in item.articles:
            assert article["label"] in text and article["id"] not in text  # ids are not printed
            assert article["text"].rstrip("；。") in text
    assert "武委发〔2024〕1号" in text  # the local item's basis
    assert "安全生产责任清单" in text and "武进区" in text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_xlsx_carries_every_item_with_its_articles(client, published_a, office_a):
    client.force_login(office_a)
    response = client.get(reverse("duties:list_xlsx", kwargs={"list_id": published_a.pk}))
    rows = [values for _, values in read_rows(response.content, headers=ITEM_HEADERS)]
    items = list(published_a.items.all())
    assert [row["职责内容"] for row in rows] == [item.title for item in items]
    for row, item in zip(rows, items, strict=True):
        for article in item.articles:
            assert article["label"] in row["依据条款"] and article["text"] in row["条款原文"]
    assert rows[-1]["来源"] == "本地" and rows[-1]["本地依据"] == "武委发〔2024〕1号"
    printed = "\n".join(str(value) for row in rows for value in row.values() if value is not None)
    assert offences(printed) == []  # no article id, pack id or English


def test_a_neighbouring_office_cannot_export(client, published_a, office_b):
    client.force_login(office_b)
    assert client.get(reverse("duties:list_xlsx", kwargs={"list_id": published_a.pk})).status_code == 403
    assert client.get(reverse("duties:jurisdiction_export", kwargs={"code": "320412"})).status_code == 403
