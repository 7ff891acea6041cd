"""Install the suite's completed catalogs of the sao web client.

    python -m devtools.sao_locale

sao 8.0.11 ships a Russian catalog with almost every entry empty and a
Chinese one with gaps; web/locale/LANG.po completes them (same msgids) and
this compiles them to the JSON that sao loads, in place of sao's own
web/node_modules/tryton-sao/locale/LANG.json.
"""
import json
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / 'web' / 'locale'
TARGET = ROOT / 'web' / 'node_modules' / 'tryton-sao' / 'locale'


def compile_catalog(path):
    "Return the catalog in the format of sao's grunt-po2json build"
    pofile = polib.pofile(str(path))
    data = {'': {
            key.lower(): value for key, value in pofile.metadata.items()}}
    for entry in pofile:
        if entry.obsolete or 'fuzzy' in entry.flags:
            continue
        if entry.msgid_plural:
            data[entry.msgid] = [entry.msgid_plural] + [
                entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        else:
            data[entry.msgid] = [None, entry.msgstr]
    return data


def main():
    for path in sorted(SOURCES.glob('*.po')):
        target = TARGET / f'{path.stem}.json'
        target.write_text(
            json.dumps(compile_catalog(path), ensure_ascii=False),
            encoding='utf-8')


if __name__ == '__main__':
    main()
