"""Fixtures of the top-level tests: a demo database served by a real
trytond with the real sao, and a headless Chromium to look at it."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from servers import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = '/usr/bin/chromium'
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


@pytest.fixture(scope='session')
def demo_database(tmp_path_factory):
    "A SQLite database built by the demo command's loader"
    path = tmp_path_factory.mktemp('demo-db')
    if built := os.environ.get('CS_DEMO_DATABASE'):
        # a developer's shortcut: a copy of a demo database built before
        # from the same sources (the folder of its demo.sqlite)
        shutil.copytree(built, path, dirs_exist_ok=True)
    else:
        subprocess.run(
            [sys.executable, '-m', 'devtools.demo',
                str(ROOT / 'trytond.conf'), 'demo'],
            cwd=ROOT, env=sqlite_env(path), check=True,
            stdout=subprocess.DEVNULL)
    credentials = {}
    for line in (path / 'credentials.txt').read_text().splitlines():
        login, password, *_ = line.split()
        credentials[login] = password
    return path, credentials


@pytest.fixture(scope='session')
def server(demo_database):
    "trytond serving sao and the demo database on a free loopback port"
    path, credentials = demo_database
    port = free_port()
    listen = path / 'listen.conf'
    listen.write_text(f'[web]\nlisten = 127.0.0.1:{port}\n')
    log = open(path / 'trytond.log', 'w')
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / 'trytond'),
            '-c', str(ROOT / 'trytond.conf'), str(listen), '-d', 'demo'],
        cwd=ROOT, env=sqlite_env(path), stdout=log,
        stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}/'
    try:
        wait_for(port, process, path / 'trytond.log')
        yield url, credentials, path
    finally:
        process.terminate()
        process.wait(10)
        log.close()


@pytest.fixture(scope='session')
def browser_context(tmp_path_factory):
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
        context = driver.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp('chromium')),
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={'width': 1280, 'height': 860}, locale='en-US')
        yield context
        context.close()


@pytest.fixture
def screenshots(tmp_path):
    "Folder for screenshots: the test's tmp folder, or $CS_SCREENSHOTS"
    folder = Path(os.environ.get('CS_SCREENSHOTS', tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
