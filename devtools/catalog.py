"""Export and check the suite's translation catalogs.

    python -m devtools.catalog export   # rewrite addons/*/locale/{zh_CN,ru}.po
    python -m devtools.catalog check    # fail on any gap (used by the tests)

Catalogs are exported from a database in which every suite module is active,
as Tryton's own "Export Translations" does, never written by hand: a new
string appears as an empty entry to translate.

Tryton's own catalogs of the modules whose screens the suite shows have
empty, fuzzy and badly worded entries; cs_base completes them through
Tryton's override catalogs (addons/cs_base/locale/override/LANG.po), whose
entries name the module they translate ("field:party.party,name:party.").
"""
import csv
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import polib

from devtools.database import (
    LANGUAGES, ROOT, create, suite_extras, suite_modules)

# The Tryton modules whose screens a customer-service clerk sees, by the
# suite module that completes their catalogs (it must depend on them).
OVERRIDES = {
    'cs_base': ['ir', 'res', 'party', 'company', 'country', 'currency',
        'web_user'],
    # sale and project (with its timesheet) when a site activates them: the
    # import skips the entries of a module that is not active
    'cs_warranty': ['product', 'sale', 'project', 'timesheet'],
    # the inboxes of e-mail to the service desk
    'cs_helpdesk': ['inbound_email'],
    }
BASE_MODULES = [m for modules in OVERRIDES.values() for m in modules]


# Sources a translation may repeat: codes, brands and unit symbols.  Any
# other entry equal to its English source is English left on the screen.
SAME_AS_SOURCE = {
    'API', 'Cookie', 'ID', 'IRC', 'Jabber', 'Message-ID', 'REST API', 'SIP',
    'SMS', 'Skype', 'URL', 'UUID', 'WeChat', 'XML ID', 'gal', 'min',
    }
WORD = re.compile(r'[A-Za-z]{3,}')
PLACEHOLDER = re.compile(r'%\(\w+\)[sdirf]|\{\w*\}')


def english_left(entry):
    "Whether the entry's translation is its English source word for word"
    return (entry.msgstr == entry.msgid
        and entry.msgid not in SAME_AS_SOURCE
        and bool(WORD.search(PLACEHOLDER.sub('', entry.msgid))))


def glossary():
    with open(ROOT / 'i18n' / 'glossary.csv', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def avoided_terms(lang):
    "Wordings of Tryton's catalogs that the suite's users would not say"
    terms = set()
    for row in glossary():
        terms.update(t for t in row.get(f'{lang}_avoid', '').split('|') if t)
    return terms


@contextmanager
def database(name='catalog'):
    """Build and open a fresh database for export: an update would keep the
    translations of noupdate records, and runs must not share a file"""
    folder = Path(tempfile.mkdtemp(prefix='cs-catalog-'))
    config = folder / 'trytond.conf'
    config.write_text(
        f'[database]\nuri = sqlite://\npath = {folder}\n')
    try:
        yield from _open(config, name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _open(config, name):
    # with the extras, the strings a site sees once it activates them
    create(config, name, suite_modules() + suite_extras())
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(name)
    pool.init()
    with Transaction().start(name, 0, readonly=False):
        register_sources(pool)
        for lang in LANGUAGES:
            complete_rows(pool, lang)
        yield pool


def register_sources(pool):
    "Register the strings of views and reports, as the Set Translations wizard"
    Set = pool.get('ir.translation.set', type='wizard')
    session_id, _, _ = Set.create()
    Set(session_id).transition_set_()
    Set.delete(session_id)


def complete_rows(pool, lang):
    "Create the missing rows of lang, as the Set/Update Translations wizard"
    Update = pool.get('ir.translation.update', type='wizard')
    Lang = pool.get('ir.lang')
    session_id, _, _ = Update.create()
    update = Update(session_id)
    update.start.language, = Lang.search([('code', '=', lang)])
    update.do_update({})
    Update.delete(session_id)
    # translation_export refuses rows another module overrides; the export
    # transaction is never committed, so the mark is dropped only here.
    Translation = pool.get('ir.translation')
    Translation.write(
        Translation.search([('overriding_module', '!=', None)]),
        {'overriding_module': None})


def export_module(pool, lang, module):
    Translation = pool.get('ir.translation')
    return polib.pofile(
        Translation.translation_export(lang, module).decode('utf-8'))


def official_catalog(module, lang):
    from trytond.modules import get_module_info
    directory = Path(get_module_info(module)['directory'])
    path = directory / 'locale' / f'{lang}.po'
    return polib.pofile(str(path)) if path.exists() else []


def override_entries(pool, lang, modules):
    """Yield the entries of the base modules that the suite must translate:
    empty, fuzzy, left in English, already overridden or worded with an
    avoided term.
    Only entries of Tryton's own catalogs can be overridden."""
    avoid = avoided_terms(lang)
    for module in modules:
        official = {
            (e.msgctxt, e.msgid): e for e in official_catalog(module, lang)}
        for entry in export_module(pool, lang, module):
            source = official.get((entry.msgctxt, entry.msgid))
            if source is None:
                continue
            needed = (not source.msgstr or 'fuzzy' in source.flags
                or english_left(source)
                or any(t in source.msgstr for t in avoid))
            if needed:
                type_, name, res_id = entry.msgctxt.split(':')
                entry.msgctxt = f'{type_}:{name}:{module}.{res_id}'
                if source.msgstr == entry.msgstr or 'fuzzy' in entry.flags:
                    entry.msgstr = ''  # not yet translated by the suite
                entry.flags = [f for f in entry.flags if f != 'fuzzy']
                yield entry


def override_path(lang, module):
    return ROOT / 'addons' / module / 'locale' / 'override' / f'{lang}.po'


def catalog_path(module, lang):
    return ROOT / 'addons' / module / 'locale' / f'{lang}.po'


def export():
    with database() as pool:
        for lang in LANGUAGES:
            for module in suite_modules():
                pofile = export_module(pool, lang, module)
                _keep_previous(pofile, catalog_path(module, lang))
                follow_single_language_forms(pofile)
                pofile.save(str(catalog_path(module, lang)))
            for module, modules in OVERRIDES.items():
                path = override_path(lang, module)
                pofile = polib.POFile(wrapwidth=78)
                pofile.metadata = {
                    'Content-Type': 'text/plain; charset=utf-8'}
                pofile.extend(override_entries(pool, lang, modules))
                _keep_previous(pofile, path)
                path.parent.mkdir(exist_ok=True)
                pofile.sort()
                pofile.save(str(path))


def _keep_previous(pofile, path):
    "Keep translations already in the committed catalog"
    if not path.exists():
        return
    previous = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path))}
    for entry in pofile:
        old = previous.get((entry.msgctxt, entry.msgid))
        if old is None or gaps([old]) or not gaps([entry]):
            continue
        entry.msgstr = old.msgstr
        entry.msgstr_plural = dict(old.msgstr_plural)
        entry.flags = [f for f in entry.flags if f != 'fuzzy']


def follow_single_language_forms(pofile):
    """A printed form's bilingual variant prints the labels of its single
    language variant: one source of labels per form (its entries in the
    catalog are copies, set here at each export)"""
    labels = {(e.msgctxt, e.msgid): e.msgstr for e in pofile}
    for entry in pofile:
        if (entry.msgctxt or '').startswith('report:') and (
                entry.msgctxt.endswith('.bilingual:')):
            single = labels.get(
                (entry.msgctxt.replace('.bilingual:', ':'), entry.msgid))
            if single:
                entry.msgstr = single


def gaps(pofile):
    "Return the entries a user would see untranslated"
    return [e for e in pofile
        if not e.obsolete and (
            'fuzzy' in e.flags
            or not (e.msgstr or any(e.msgstr_plural.values()))
            or english_left(e))]


def check(pool):
    "Return the problems of the committed catalogs against a fresh export"
    problems = []
    for lang in LANGUAGES:
        for module in suite_modules():
            path = catalog_path(module, lang)
            if not path.exists():
                problems.append(f'{path.relative_to(ROOT)} is missing')
                continue
            committed = polib.pofile(str(path))
            keys = {(e.msgctxt, e.msgid) for e in committed}
            for entry in export_module(pool, lang, module):
                if (entry.msgctxt, entry.msgid) not in keys:
                    problems.append(
                        f'{path.relative_to(ROOT)}: missing '
                        f'{entry.msgctxt} {entry.msgid!r}')
            problems.extend(
                f'{path.relative_to(ROOT)}: untranslated '
                f'{e.msgctxt} {e.msgid!r}' for e in gaps(committed))
        for module, modules in OVERRIDES.items():
            path = override_path(lang, module)
            translated = {
                (e.msgctxt, e.msgid) for e in polib.pofile(str(path))
                if not gaps([e])} if path.exists() else set()
            problems.extend(
                f'{path.relative_to(ROOT)}: untranslated '
                f'{e.msgctxt} {e.msgid!r}'
                for e in override_entries(pool, lang, modules)
                if (e.msgctxt, e.msgid) not in translated)
        problems.extend(
            f'{lang}: Tryton shows {t.module} {t.type}:{t.name} '
            f'{t.src!r} in English' for t in untranslated_rows(pool, lang))
    return problems


def untranslated_rows(pool, lang):
    "Return the rows of the base modules that the client would show in English"
    Translation = pool.get('ir.translation')
    return Translation.search([
            ('lang', '=', lang),
            ('module', 'in', BASE_MODULES),
            ['OR', ('fuzzy', '=', True), ('value', 'in', [None, ''])],
            ])


def main(argv):
    command = argv[0] if argv else 'check'
    if command == 'export':
        export()
    elif command == 'check':
        with database() as pool:
            problems = check(pool)
        print('\n'.join(problems) or 'catalogs complete')
        sys.exit(1 if problems else 0)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
