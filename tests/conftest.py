"""Fixtures of the top-level tests: a demo database served by a real
trytond with the real sao, and a headless Chromium to look at it."""
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = '/usr/bin/chromium'
# the demo database of the PostgreSQL pass (pg_server)
PG_DEMO = 'demo_pg'
CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']


def sqlite_env(path):
    "The environment of a trytond on the SQLite files in path"
    env = dict(os.environ)
    env.pop('TRYTOND_DATABASE__URI', None)
    env.pop('DB_NAME', None)
    env.update({
            'TRYTOND_DATABASE__PATH': str(path),
            'PYTHONPATH': str(ROOT),
            })
    return env


def modules_database():
    """The SQLite file of the module tests' database of every module (the
    demo's modules), from Tryton's test database cache: built once per test
    run by whichever job needs it first (conftest.py at the root), so that
    the demo does not activate the same modules again.  None outside
    bin/test's SQLite pass."""
    if os.environ.get('CS_TEST_BACKEND') != 'sqlite' or not os.environ.get(
            'DB_CACHE'):
        return None
    from trytond.modules.cs_base.tests.tools import EXTRAS, SUITE
    from trytond.tests import test_tryton
    modules = sorted(SUITE + EXTRAS)
    test_tryton.drop_db()
    test_tryton.activate_module(modules)
    test_tryton.drop_db()
    return test_tryton._db_cache_file(
        test_tryton.DB_CACHE, '-'.join(modules))


@pytest.fixture(scope='session')
def demo_database(tmp_path_factory):
    "A SQLite database built by the demo command's loader"
    path = tmp_path_factory.mktemp('demo-db')
    if built := os.environ.get('CS_DEMO_DATABASE'):
        # a developer's shortcut: a copy of a demo database built before
        # from the same sources (the folder of its demo.sqlite)
        shutil.copytree(built, path, dirs_exist_ok=True)
    else:
        env = sqlite_env(path)
        if modules := modules_database():
            env['CS_MODULES_DATABASE'] = modules
        subprocess.run(
            [sys.executable, '-m', 'devtools.demo',
                str(ROOT / 'trytond.conf'), 'demo'],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    credentials = {}
    for line in (path / 'credentials.txt').read_text().splitlines():
        login, password, *_ = line.split()
        credentials[login] = password
    return path, credentials


def set_portal_address(env, database, port):
    "The links of the portal's e-mails point at the test server"
    subprocess.run(
        [sys.executable, '-m', 'devtools.portal_address',
            str(ROOT / 'trytond.conf'),
            database, f'http://127.0.0.1:{port}/{database}/portal'],
        cwd=ROOT, env=env, check=True)


@pytest.fixture(scope='session')
def pristine_demo(demo_database, tmp_path_factory):
    """A copy of the demo's SQLite file as built, before the tests served
    by server change it"""
    path, _ = demo_database
    copy = tmp_path_factory.mktemp('demo-pristine') / 'demo.sqlite'
    with sqlite3.connect(path / 'demo.sqlite') as source, \
            sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


@pytest.fixture(scope='session')
def server(demo_database, pristine_demo):
    "trytond serving sao and the demo database on a free loopback port"
    path, credentials = demo_database
    with serve(path, 'demo') as url:
        yield url, credentials, path


@contextmanager
def serve(path, database):
    """Run trytond on the SQLite files in path, serving sao and database on
    a free loopback port, and give its URL"""
    port = free_port()
    listen = path / 'listen.conf'
    listen.write_text(f'[web]\nlisten = 127.0.0.1:{port}\n')
    set_portal_address(sqlite_env(path), database, port)
    log = open(path / 'trytond.log', 'w')
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / 'trytond'),
            '-c', str(ROOT / 'trytond.conf'), str(listen), '-d', database],
        cwd=ROOT, env=sqlite_env(path), stdout=log,
        stderr=subprocess.STDOUT)
    try:
        wait_for(port, process, path / 'trytond.log')
        yield f'http://127.0.0.1:{port}/'
    finally:
        process.terminate()
        process.wait(10)
        log.close()


@pytest.fixture(scope='session')
def pg_server(tmp_path_factory):
    """The demo database on PostgreSQL, served by trytond: the modules
    whose records clerks race for and attack (a lighter database than the
    whole demo's: sale brings accounting and stock)"""
    path = tmp_path_factory.mktemp('pg-demo')
    env = dict(os.environ, TRYTOND_DATABASE__PATH=str(path),
        PYTHONPATH=str(ROOT))
    env.pop('DB_NAME', None)
    subprocess.run(
        [sys.executable, '-m', 'devtools.demo', str(ROOT / 'trytond.conf'),
            PG_DEMO, 'cs_helpdesk', 'cs_desk', 'cs_membership'],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    credentials = dict(
        line.split()[:2]
        for line in (path / 'credentials.txt').read_text().splitlines())
    port = free_port()
    listen = path / 'listen.conf'
    listen.write_text(f'[web]\nlisten = 127.0.0.1:{port}\n')
    set_portal_address(env, PG_DEMO, port)
    log = path / 'trytond.log'
    with open(log, 'w') as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / 'trytond'),
                '-c', str(ROOT / 'trytond.conf'), str(listen),
                '-d', PG_DEMO],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_for(port, process, log)
            yield f'http://127.0.0.1:{port}/', credentials
        finally:
            process.terminate()
            process.wait(10)


@pytest.fixture(scope='session')
def site(request):
    """(url, credentials, database) of the demo served on the backend of the
    pass: the whole demo on SQLite, the PostgreSQL one otherwise"""
    if os.environ.get('CS_TEST_BACKEND') == 'postgresql':
        url, credentials = request.getfixturevalue('pg_server')
        return url, credentials, PG_DEMO
    url, credentials, _ = request.getfixturevalue('server')
    return url, credentials, 'demo'


@pytest.fixture(scope='session')
def browser():
    "A headless Chromium; skipped (with the reason) only outside CI"
    reason = None
    if not shutil.which(CHROMIUM):
        reason = (f"{CHROMIUM} is missing: "
            "apt-get install chromium fonts-noto-cjk")
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "Playwright for Python is missing: bin/setup installs it"
    if reason:
        if os.environ.get('CI'):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope='session')
def browser_context(browser):
    "The browser of the tests that need no time zone of their own"
    context = browser.new_context(
        viewport={'width': 1280, 'height': 860}, locale='en-US')
    yield context
    context.close()


@pytest.fixture
def screenshots(tmp_path):
    "Folder for screenshots: the test's tmp folder, or $CS_SCREENSHOTS"
    folder = Path(os.environ.get('CS_SCREENSHOTS', tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
