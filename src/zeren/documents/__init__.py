"""Documents zeren hands out: .docx in the 公文 layout of GB/T 9704-2012 and plain .xlsx workbooks.

A plain Python package: no Django, no models. Callers pass text in and get bytes out."""

from zeren.documents.gongwen import Section, Table, amount_text, break_title, date_text, gongwen_docx, heading_number
from zeren.documents.sheets import Limits, Sheet, read_rows, workbook_bytes

__all__ = [
    "Limits",
    "Section",
    "Sheet",
    "Table",
    "amount_text",
    "break_title",
    "date_text",
    "gongwen_docx",
    "heading_number",
    "read_rows",
    "workbook_bytes",
]
