"""Upgrade a site built before the front-desk registers became cs_desk, and
show that nothing of them is lost (issue 18).

    python -m devtools.upgrade_check BASE_REVISION [FOLDER]

Builds the demo database with the code of BASE_REVISION (a git worktree and
a copy of .venv whose modules point at it), snapshots the registers, then
upgrades it with this tree's code as the README says:

    trytond-admin -c trytond.conf -d NAME -u cs_helpdesk cs_desk

and snapshots again; then upgrades once more, which must change nothing.
SQLite by default; PostgreSQL when TRYTOND_DATABASE__URI says so (source
devtools/postgresql.sh and pg_start first).  Prints the figures side by
side and exits 1 on any difference.  With FOLDER (SQLite), the database
built with the old code is kept there and reused by the next run."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = 'upgrade'

# the register tables, their rows compared whole
TABLES = [
    'cs_storage_ticket', 'cs_lost_found_item', 'cs_broadcast',
    'cs_broadcast_slot', 'cs_broadcast_log', 'cs_broadcast_template',
    'cs_gift_wrap', 'cs_gift_wrap_style', 'cs_helpdesk_shift',
    'cs_helpdesk_shift-cs_helpdesk_ticket',
    'cs_helpdesk_shift-cs_storage_ticket', 'cs_helpdesk_ticket']
PREFIXES = ['cs.lost_found', 'cs.storage', 'cs.broadcast', 'cs.gift_wrap',
    'cs.helpdesk.shift']

SNAPSHOT = r'''
import hashlib, json, sys
from trytond import config
config.update_etc(sys.argv[1])
from trytond.transaction import Transaction
name, tables, prefixes = sys.argv[2], json.loads(sys.argv[3]), json.loads(
    sys.argv[4])
figures = {}
like = ' OR '.join(f"{{0}} LIKE '{p}%'" for p in prefixes)
with Transaction().start(name, 0, readonly=True) as transaction:
    cursor = transaction.connection.cursor()
    def one(query):
        cursor.execute(query)
        return cursor.fetchone()[0]
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, r)) for r in cursor.fetchall()]
        # the rows whole, but for the columns added since (the search key)
        digest = hashlib.sha1(repr([sorted(
                    (k, str(v)) for k, v in r.items()
                    if k != 'cs_search_key') for r in rows]
                ).encode()).hexdigest()[:12]
        figures[f'rows {table}'] = f'{len(rows)} {digest}'
    cursor.execute(
        'SELECT s.id, s.prefix, s.number_next_internal FROM ir_sequence s '
        'JOIN ir_sequence_type t ON s.sequence_type = t.id '
        "WHERE t.name = 'Found Item'")
    sequences = []
    for id_, prefix, next_ in cursor.fetchall():
        if transaction.database.has_sequence():
            # PostgreSQL numbers with a sequence of the database
            cursor.execute('SELECT CASE WHEN is_called THEN last_value + 1 '
                f'ELSE last_value END FROM ir_sequence_{id_}')
            next_, = cursor.fetchone()
        sequences.append((id_, prefix, next_))
    figures['found item sequence (id, prefix, next)'] = str(sequences)
    figures['attachments of registers'] = one(
        'SELECT COUNT(*) FROM ir_attachment WHERE '
        + like.format('resource'))
    figures['access rights of registers'] = one(
        'SELECT COUNT(*) FROM ir_model_access WHERE ' + like.format('model'))
    figures['record rules of registers'] = one(
        'SELECT COUNT(*) FROM ir_rule_group WHERE ' + like.format('model'))
    figures['buttons of registers'] = one(
        'SELECT COUNT(*) FROM ir_model_button WHERE ' + like.format('model'))
    figures['menus'] = one('SELECT COUNT(*) FROM ir_ui_menu')
    cursor.execute(
        "SELECT m.id FROM ir_ui_menu m JOIN ir_action_keyword k "
        "ON k.model = 'ir.ui.menu,' || m.id JOIN ir_action_act_window w "
        "ON w.action = k.action WHERE " + like.format('w.res_model'))
    figures['register menus (ids)'] = str(sorted(r[0] for r in cursor))
    figures['users in groups'] = one(
        'SELECT COUNT(*) FROM "res_user-res_group"')
    figures['messages'] = one('SELECT COUNT(*) FROM ir_message')
    figures['sequences'] = one('SELECT COUNT(*) FROM ir_sequence')
    for lang in ['zh_CN', 'ru']:
        figures[f'{lang} translations of registers'] = one(
            'SELECT COUNT(*) FROM (SELECT DISTINCT type, name, res_id, src '
            "FROM ir_translation WHERE lang = %s AND (" % (
                "'" + lang + "'") + like.format('name') + ')) t')
    figures['duplicated translations'] = one(
        'SELECT COUNT(*) FROM (SELECT lang, type, name, res_id, src '
        'FROM ir_translation GROUP BY lang, type, name, res_id, src, module '
        'HAVING COUNT(*) > 1) t')
    cursor.execute(
        'SELECT module, COUNT(*) FROM ir_model_data '
        "WHERE module IN ('cs_helpdesk', 'cs_desk') GROUP BY module")
    figures['records of the XML files'] = str(sorted(cursor.fetchall()))
    cursor.execute("SELECT state FROM ir_module WHERE name = 'cs_desk'")
    figures['cs_desk'] = str(cursor.fetchone())
    # the found items' sequence of each company: cs_helpdesk's
    # configuration kept it, cs_desk's numbering configuration does
    for table in ['cs_configuration_sequence', 'cs_configuration_helpdesk']:
        try:
            cursor.execute(f'SELECT company, lost_found_sequence FROM {table} '
                'WHERE lost_found_sequence IS NOT NULL ORDER BY company')
        except Exception:
            transaction.rollback()
            continue
        figures['found item sequence of the companies'] = str(
            cursor.fetchall())
        break
print(json.dumps(figures, default=str))
'''


# a clerk's photo of each found item and each deposit's tag, as the desk
# attaches them, and the site's own wording of a broadcast template and
# numbering of found items (records loaded once, never overwritten)
SITE_CHANGES = r'''
import sys
from trytond import config
config.update_etc(sys.argv[1])
from trytond.transaction import Transaction
with Transaction().start(sys.argv[2], 0) as transaction:
    cursor = transaction.connection.cursor()
    for table, model in [('cs_lost_found_item', 'cs.lost_found.item'),
            ('cs_storage_ticket', 'cs.storage.ticket')]:
        cursor.execute(f'SELECT id FROM {table}')
        for id_, in cursor.fetchall():
            cursor.execute('INSERT INTO ir_attachment (name, resource, type, '
                "link, create_uid, create_date) VALUES ('photo.jpg', %s, "
                "'link', 'https://example.com/photo.jpg', 0, "
                'CURRENT_TIMESTAMP)'.replace('%s', "'%s,%s'" % (model, id_)))
    cursor.execute("UPDATE cs_broadcast_template SET script_ru = "
        "script_ru || ' (site)' WHERE kind = 'announcement'")
    cursor.execute("UPDATE ir_sequence SET prefix = 'LF-' "
        "WHERE name = 'Found Item'")
    transaction.commit()
'''


def run(command, **kwargs):
    print('$', ' '.join(str(c) for c in command), flush=True)
    subprocess.run(command, check=True, **kwargs)


def snapshot(python, config, cwd, env):
    result = subprocess.run(
        [python, '-c', SNAPSHOT, config, NAME, json.dumps(TABLES),
            json.dumps(PREFIXES)],
        capture_output=True, text=True, cwd=cwd, env=env)
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.splitlines()[-1])


def old_environment(base, folder):
    "A worktree of base and a copy of .venv whose modules are the worktree's"
    tree = folder / 'tree'
    run(['git', 'worktree', 'prune'], cwd=ROOT)
    run(['git', 'worktree', 'add', '--detach', tree, base], cwd=ROOT)
    venv = folder / 'venv'
    run(['cp', '-a', ROOT / '.venv', venv])
    # its scripts (trytond-admin) run its own python, not .venv's
    for script in (venv / 'bin').iterdir():
        if script.is_file() and not script.is_symlink():
            text = script.read_bytes()
            if text.startswith(b'#!' + bytes(ROOT / '.venv')):
                script.write_bytes(text.replace(
                        bytes(ROOT / '.venv'), bytes(venv), 1))
    modules = next(venv.glob('lib/python3*/site-packages/trytond/modules'))
    for link in modules.glob('cs_*'):
        link.unlink()
    for addon in (tree / 'addons').glob('cs_*'):
        (modules / addon.name).symlink_to(addon)
    return tree, venv / 'bin' / 'python'


def build_old(base, folder, config, env):
    """The demo database built with the code of base; on SQLite a copy of
    it is kept in folder"""
    kept = folder / 'old.sqlite'
    sqlite = not env.get('TRYTOND_DATABASE__URI', '').startswith('postgresql')
    if not (sqlite and kept.exists()):
        tree, old_python = old_environment(base, folder)
        try:
            run([old_python, '-m', 'devtools.demo', config, NAME],
                cwd=tree, env={**env, 'PYTHONPATH': str(tree)})
            run([old_python, '-c', SITE_CHANGES, config, NAME], cwd=tree,
                env=env)
            before = snapshot(old_python, config, tree, env)
        finally:
            run(['git', 'worktree', 'remove', '--force', tree], cwd=ROOT)
        if sqlite:
            shutil.copy(folder / f'{NAME}.sqlite', kept)
    else:
        shutil.copy(kept, folder / f'{NAME}.sqlite')
        before = snapshot(str(ROOT / '.venv' / 'bin' / 'python'), config,
            ROOT, env)
    return before


def main(argv):
    base = argv[0]
    keep = len(argv) > 1
    folder = Path(argv[1] if keep else tempfile.mkdtemp(prefix='cs-upgrade-'))
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
        if k not in {'CS_DATABASE_CACHE', 'CS_MODULES_DATABASE'}}
    env['TRYTOND_DATABASE__PATH'] = str(folder)
    env['TRYTOND_EMAIL__URI'] = 'smtp://127.0.0.1:9'
    config = str(ROOT / 'trytond.conf')
    try:
        before = build_old(base, folder, config, env)
        new_python = str(ROOT / '.venv' / 'bin' / 'python')
        admin = [str(ROOT / '.venv' / 'bin' / 'trytond-admin'), '-c', config,
            '-d', NAME, '-u', 'cs_base', 'cs_desk', '--activate-dependencies']
        run(admin, cwd=ROOT, env=env)
        after = snapshot(new_python, config, ROOT, env)
        run(admin, cwd=ROOT, env=env)
        again = snapshot(new_python, config, ROOT, env)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    width = max(len(k) for k in before)
    print(f'\n{"":{width}}  {"before":>24}  {"upgraded":>24}  {"again":>24}')
    differences = 0
    for key in before:
        values = [str(f.get(key)) for f in [before, after, again]]
        same = values[0] == values[1] == values[2]
        # cs_desk's own menus (Front Desk) are new; its records move
        expected = key in {'records of the XML files', 'cs_desk', 'menus'}
        mark = '' if same else ('  (expected)' if expected else '  DIFFERS')
        differences += not same and not expected
        if len(values[0]) > 24 or len(values[1]) > 24:
            print(f'{key:{width}}  {"same" if same else "differs"}{mark}')
            if not same:
                for value in values:
                    print(f'    {value}')
        else:
            print(f'{key:{width}}  {values[0]:>24}  {values[1]:>24}  '
                f'{values[2]:>24}{mark}')
    return 1 if differences else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
