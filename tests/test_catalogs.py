"""Every string a clerk sees is translated into Simplified Chinese and
Russian: the committed catalogs match a fresh export and have no empty or
fuzzy entry, and Tryton's own entries on the suite's screens are completed."""
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted(ROOT.glob('addons/cs_*/locale/**/*.po'))
PLACEHOLDER = re.compile(r'%\(\w+\)[sdirf]|%[sdif]|\{\w*\}')


@pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') == 'postgresql',
    reason="the catalogs are exported from SQLite in the SQLite pass")
def test_catalogs_complete_against_fresh_export():
    result = subprocess.run(
        [sys.executable, '-m', 'devtools.catalog', 'check'],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, 'PYTHONPATH': str(ROOT)})
    assert result.returncode == 0, (
        result.stdout[-5000:] + result.stderr[-3000:])
    assert result.stdout.strip().endswith('catalogs complete')


def test_english_left_is_a_gap():
    """A translation equal to its English source is English on the screen,
    but for codes, brands and unit symbols"""
    from devtools.catalog import gaps

    def entry(text):
        return polib.POEntry(msgid=text, msgstr=text)
    assert [e.msgid for e in gaps([entry("Italian"), entry("Sales"),
                entry("URL"), entry("WeChat"), entry("%(email)s"),
                entry("cm³"), entry(":")])] == ["Italian", "Sales"]


@pytest.mark.parametrize(
    'path', CATALOGS, ids=lambda p: str(p.relative_to(ROOT / 'addons')))
def test_placeholders_kept(path):
    "A translation keeps every %(name)s of its source"
    for entry in polib.pofile(str(path)):
        if entry.msgid_plural or not entry.msgstr:
            continue
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(
            PLACEHOLDER.findall(entry.msgid)), (entry.msgctxt, entry.msgstr)


@pytest.mark.parametrize(
    'path', CATALOGS, ids=lambda p: str(p.relative_to(ROOT / 'addons')))
def test_glossary_wording(path):
    "No translation uses a wording the glossary rules out"
    from devtools.catalog import avoided_terms
    lang = path.stem
    avoid = avoided_terms(lang)
    for entry in polib.pofile(str(path)):
        for term in avoid:
            assert term not in entry.msgstr, (entry.msgctxt, entry.msgstr)


@pytest.mark.parametrize('lang', ['zh_CN', 'ru'])
def test_web_client_catalog_complete(lang):
    "The suite's sao catalog translates every string of sao's own catalog"
    shipped = polib.pofile(
        str(ROOT / 'web' / 'node_modules' / 'tryton-sao' / 'locale'
            / f'{lang}.po'))
    completed = polib.pofile(str(ROOT / 'web' / 'locale' / f'{lang}.po'))
    assert {e.msgid for e in shipped} <= {e.msgid for e in completed}
    assert not [e.msgid for e in completed
        if 'fuzzy' in e.flags or not (
            e.msgstr or all(e.msgstr_plural.values()))]
    assert 'plural-forms' in {k.lower() for k in completed.metadata}


@pytest.mark.parametrize(
    'path', CATALOGS, ids=lambda p: str(p.relative_to(ROOT / 'addons')))
def test_forms_have_one_source_of_labels(path):
    """A printed form's bilingual variant prints the labels of its single
    language variant (devtools.catalog copies them at each export), and
    no form calls a unit a unit of measure or an owner a person in charge"""
    entries = polib.pofile(str(path))
    labels = {(e.msgctxt, e.msgid): e.msgstr for e in entries}
    wrong = {'Unit': {'计量单位', '单位', 'Штука', 'Единица'},
        'Owner': {'负责人', 'Ответственный'}}
    for entry in entries:
        context = entry.msgctxt or ''
        if not context.startswith('report:'):
            continue
        assert entry.msgstr not in wrong.get(entry.msgid, ()), (
            context, entry.msgid, entry.msgstr)
        if context.endswith('.bilingual:'):
            single = labels.get(
                (context.replace('.bilingual:', ':'), entry.msgid))
            assert single in {None, entry.msgstr}, (
                context, entry.msgid, entry.msgstr, single)
