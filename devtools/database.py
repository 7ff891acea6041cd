"""Create a Tryton database with the suite's modules and languages.

Usage: python -m devtools.database CONFIG NAME [MODULE ...]

Runs trytond-admin (so the database is built exactly as an administrator
would) and marks the module configuration wizard done, so that the first
login shows the menu instead of the wizard.
"""
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ['zh_CN', 'ru']


def suite_modules():
    "Return the names of the suite's modules, in dependency-free order"
    return sorted(p.parent.name for p in ROOT.glob('addons/cs_*/tryton.cfg'))


def suite_extras():
    "Return the optional Tryton modules the suite's modules extend"
    import configparser
    extras = set()
    for path in ROOT.glob('addons/cs_*/tryton.cfg'):
        parser = configparser.ConfigParser()
        parser.read(path)
        extras.update(parser.get(
                'tryton', 'extras_depend', fallback='').split())
    return sorted(extras - set(suite_modules()))


def trytond_admin(config, name, *args, password=None):
    env = dict(os.environ)
    with tempfile.NamedTemporaryFile('w', suffix='.pass') as passfile:
        if password:
            passfile.write(password + '\n')
            passfile.flush()
            env['TRYTONPASSFILE'] = passfile.name
        subprocess.run(
            [str(Path(sys.executable).parent / 'trytond-admin'),
                '-c', str(config), '-d', name, *args],
            check=True, env=env)


def create(config, name, modules, password='admin'):
    "Create database name with modules active and the languages loaded"
    if restore_copy(config, name, modules):
        trytond_admin(config, name, '--password', password=password)
        return
    if restore_modules(config, name, modules):
        trytond_admin(config, name, '--password', password=password)
        load_languages(config, name)
    else:
        touch_sqlite(config, name)
        create_postgresql(config, name)
        trytond_admin(
            config, name, '--all', '--email', 'admin@example.com',
            '-l', *LANGUAGES, password=password)
        trytond_admin(
            config, name, '-u', *modules, '--activate-dependencies')
    finish_configuration(config, name)
    keep_copy(config, name, modules)


def restore_modules(config, name, modules):
    """Start from CS_MODULES_DATABASE, a SQLite database where exactly
    these modules were activated (bin/test: the module tests' database of
    the same modules, so that a test run activates them once)"""
    source = os.environ.get('CS_MODULES_DATABASE')
    if not source or not database_setting(config, 'uri').startswith(
            'sqlite'):
        return False
    with sqlite3.connect(source) as connection:
        active = {name for name, in connection.execute(
                "SELECT name FROM ir_module WHERE state = 'activated'")}
    requested = set(modules)
    extras = set(suite_extras())

    def chosen(modules):
        "The modules a site chooses (the others come as dependencies)"
        return {m for m in modules if m.startswith('cs_') or m in extras}
    if not requested <= active or chosen(active) != chosen(requested):
        return False
    _sqlite_backup(Path(source), _sqlite_file(config, name))
    return True


def load_languages(config, name):
    """Load Chinese and Russian as an administrator does (Languages → Load
    Translations), for every active module"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(name)
    pool.init()
    with Transaction().start(name, 0) as transaction:
        Lang = pool.get('ir.lang')
        User = pool.get('res.user')
        Lang.load_translations(Lang.search([('code', 'in', LANGUAGES)]))
        User.write([User(1)], {'email': 'admin@example.com'})
        transaction.commit()


def _copy_path(config, modules):
    """Where a copy of a new SQLite database with modules is kept: in the
    folder CS_DATABASE_CACHE (bin/test sets it, keyed by the sources), so
    that the demo and the catalogs' database are built once per test run"""
    folder = os.environ.get('CS_DATABASE_CACHE')
    if not folder or not database_setting(config, 'uri').startswith(
            'sqlite'):
        return None
    key = hashlib.sha1(
        ' '.join(sorted(modules) + LANGUAGES).encode()).hexdigest()[:12]
    return Path(folder) / f'created-{key}.sqlite'


def _sqlite_file(config, name):
    return Path(database_setting(config, 'path')) / f'{name}.sqlite'


def _sqlite_backup(source, target):
    "Copy a SQLite database consistently, whatever its journal holds"
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)


def keep_copy(config, name, modules):
    if (path := _copy_path(config, modules)) and not path.exists():
        _sqlite_backup(_sqlite_file(config, name), path)


def restore_copy(config, name, modules):
    if (path := _copy_path(config, modules)) and path.exists():
        _sqlite_backup(path, _sqlite_file(config, name))
        return True
    return False


def database_setting(config, key):
    "Return a [database] setting, environment variables included"
    from trytond.config import config as trytond_config
    from trytond.config import update_etc
    update_etc(str(config))
    return trytond_config.get('database', key)


def touch_sqlite(config, name):
    "SQLite databases are files that trytond-admin expects to exist"
    if database_setting(config, 'uri').startswith('sqlite'):
        path = Path(database_setting(config, 'path'))
        path.mkdir(parents=True, exist_ok=True)
        (path / f'{name}.sqlite').touch()


def create_postgresql(config, name):
    "trytond-admin expects a PostgreSQL database to exist (UTF-8)"
    uri = database_setting(config, 'uri')
    if not uri.startswith('postgresql'):
        return
    import psycopg
    from psycopg import sql
    with psycopg.connect(uri.rstrip('/') + '/postgres',
            autocommit=True) as connection:
        if not connection.execute(
                'SELECT 1 FROM pg_database WHERE datname = %s',
                (name,)).fetchone():
            connection.execute(sql.SQL(
                    "CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0"
                    ).format(sql.Identifier(name)))


def finish_configuration(config, name):
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(name)
    pool.init()
    with Transaction().start(name, 0) as transaction:
        Item = pool.get('ir.module.config_wizard.item')
        Item.write(Item.search([]), {'state': 'done'})
        transaction.commit()


def main(argv):
    config, name, *modules = argv
    create(Path(config), name, modules or suite_modules())


if __name__ == '__main__':
    main(sys.argv[1:])
