"""The Chinese catalogue: src/zeren/locale/zh_Hans/LC_MESSAGES/django.po is the one source of the
translations (edited directly, CONTRIBUTING.md "A translation"); the committed .mo is what Django reads.

- every entry has its Chinese and none is fuzzy (msgfmt leaves a fuzzy entry out of the .mo, so the
  page would show the English);
- each msgstr keeps the msgid's placeholders (a lost ``%(name)s`` raises at run time);
- the committed .mo holds exactly the .po's catalogue (not stale: someone edited the .po and did not
  compile it);
- the core's vocabulary names roles and activities on the pages, in one place.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[1] / "src/zeren/locale/zh_Hans/LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

UNTRANSLATED_ALLOWED: frozenset[str] = frozenset()
"""msgids that may stay without Chinese, each with its reason. Empty: every string has its Chinese."""

PLACEHOLDERS = {"python-format": re.compile(r"%\((\w+)\)"), "python-brace-format": re.compile(r"\{(\w*)[^{}]*\}")}


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def _live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete and e.msgid]


def _name(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def test_every_entry_has_its_chinese(catalogue):
    empty = [_name(e) for e in _live(catalogue) if not _translated(e) and e.msgid not in UNTRANSLATED_ALLOWED]
    assert empty == [], "translate these in django.po (msgstr is empty)"


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [_name(e) for e in _live(catalogue) if "fuzzy" in e.flags]
    assert fuzzy == [], "check these guesses of makemessages, then remove the fuzzy flag"


def test_each_translation_keeps_the_placeholders_of_its_msgid(catalogue):
    broken = []
    for entry in _live(catalogue):
        for flag, pattern in PLACEHOLDERS.items():
            if flag not in entry.flags:
                continue
            translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
            wanted = set(pattern.findall(entry.msgid)) | set(pattern.findall(entry.msgid_plural or ""))
            broken += [_name(entry) for t in translations if set(pattern.findall(t)) != wanted]
    assert broken == []


def _as_dict(entries) -> dict[tuple[str | None, str], object]:
    found: dict[tuple[str | None, str], object] = {}
    for entry in entries:
        if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
            continue
        value = entry.msgstr if not entry.msgid_plural else tuple(sorted(entry.msgstr_plural.items()))
        if value:
            found[(entry.msgctxt or None, entry.msgid)] = value
    return found


def test_the_committed_mo_is_the_compiled_po(catalogue):
    compiled = _as_dict(catalogue)
    committed = _as_dict(polib.mofile(str(MO)))
    missing = sorted(f"{k[0]}|{k[1]}" if k[0] else k[1] for k in compiled.keys() - committed.keys())
    extra = sorted(f"{k[0]}|{k[1]}" if k[0] else k[1] for k in committed.keys() - compiled.keys())
    changed = sorted(k[1] for k in compiled.keys() & committed.keys() if compiled[k] != committed[k])
    assert (missing, extra, changed) == ([], [], []), (
        "django.mo is stale: msgfmt --check -o src/zeren/locale/zh_Hans/LC_MESSAGES/django.mo "
        "src/zeren/locale/zh_Hans/LC_MESSAGES/django.po"
    )


def test_the_mo_check_sees_a_stale_catalogue(catalogue, tmp_path):
    """The check above can fail: a .po with one msgstr changed no longer equals the committed .mo."""
    edited = polib.pofile(str(PO))
    entry = next(e for e in _live(edited) if e.msgstr)
    entry.msgstr += "（改）"
    assert _as_dict(edited) != _as_dict(polib.mofile(str(MO)))


def test_role_names_on_the_pages_are_the_core_vocabulary():
    from zeren.org.models import PostRole
    from zeren.policy.vocabulary import ROLE_NAMES_EN, ROLE_NAMES_ZH, ROLES
    from zeren.records.vocabulary import ROLE_LABELS

    with translation.override("zh-hans"):
        assert {r: str(ROLE_LABELS[r]) for r in ROLES} == ROLE_NAMES_ZH
        assert {v: str(label) for v, label in PostRole.choices} == ROLE_NAMES_ZH
        assert str(PostRole.PARTY_SECRETARY.label) == "党委（党工委）主要负责人"
    with translation.override("en"):
        assert {v: str(label) for v, label in PostRole.choices} == ROLE_NAMES_EN


def test_activity_names_on_the_pages_are_the_core_vocabulary():
    from zeren.policy.vocabulary import ACTIVITIES, ACTIVITY_NAMES_ZH
    from zeren.records.vocabulary import ACTIVITY_LABELS

    with translation.override("zh-hans"):
        assert {a: str(ACTIVITY_LABELS[a]) for a in ACTIVITIES} == ACTIVITY_NAMES_ZH
    with translation.override("en"):
        assert str(ACTIVITY_LABELS["executive_meeting"]) == "Government executive meeting on safety"


@pytest.mark.parametrize(
    ("context", "msgid", "chinese"),
    [
        ("", "Edit", "修改"),
        ("organisation data", "Edit", "编辑"),
        ("", "policy pack", "政策包"),
        ("binding of a jurisdiction", "policy pack", "规定"),
        ("", "kind", "类型"),
        ("organisation body", "kind", "类别"),
    ],
)
def test_ambiguous_short_words_have_a_context_each(context, msgid, chinese):
    with translation.override("zh-hans"):
        found = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert found == chinese
