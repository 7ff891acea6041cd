"""The portal under gunicorn with the README's settings: a client trying
wrong reset tokens does not hold the workers that answer everyone else."""
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from servers import free_port, wait_for

from conftest import ROOT, set_portal_address, sqlite_env

pytestmark = pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') == 'postgresql',
    reason="the demo-server tests run in the SQLite pass of bin/test")

DATABASE = 'gdemo'


@pytest.fixture
def gunicorn(pristine_demo, tmp_path):
    "The portal of a copy of the demo under gunicorn, 2 sync workers"
    shutil.copy(pristine_demo, tmp_path / f'{DATABASE}.sqlite')
    env = dict(sqlite_env(tmp_path), TRYTOND_CONFIG=str(ROOT / 'trytond.conf'),
        TRYTOND_DATABASE_NAMES=DATABASE)
    port = free_port()
    set_portal_address(env, DATABASE, port)
    log = tmp_path / 'gunicorn.log'
    with open(log, 'w') as output:
        process = subprocess.Popen([
                str(Path(sys.executable).parent / 'gunicorn'), '-w', '2',
                '-b', f'127.0.0.1:{port}', '--no-control-socket',
                '--timeout', '120', 'trytond.application:app'],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_for(port, process, log)
            yield f'http://127.0.0.1:{port}/{DATABASE}/portal'
        finally:
            process.terminate()
            process.wait(10)


def browser():
    "A client keeping its cookies, as a browser does"
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def try_wrong_token(client, portal, email, number):
    "Post a new password with a wrong reset token: the status answered"
    query = urllib.parse.urlencode({'email': email, 'token': f'wrong{number}'})
    with client.open(f'{portal}/password?{query}') as form:
        csrf = re.search(
            r'name="csrf" value="([^"]+)"', form.read().decode())[1]
    data = urllib.parse.urlencode({
            'email': email, 'token': f'wrong{number}', 'csrf': csrf,
            'password': 'Guess-2026!', 'password2': 'Guess-2026!'}).encode()
    try:
        with client.open(f'{portal}/password', data) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_wrong_tokens_do_not_hold_the_workers(gunicorn, demo_database):
    """10 wrong reset tokens in a row (Tryton's web_user would sleep the
    worker up to 2**n seconds) while another client opens the sign-in page:
    each of its answers comes within a second"""
    portal = gunicorn
    _, credentials = demo_database
    email = next(login for login in credentials if '@' in login)
    for _ in range(4):  # both workers have answered once
        browser().open(f'{portal}/login').read()
    statuses = []
    attacker = threading.Thread(target=lambda: statuses.extend(
            try_wrong_token(browser(), portal, email, n) for n in range(10)))
    attacker.start()
    waits = []
    while attacker.is_alive():
        start = time.monotonic()
        with browser().open(f'{portal}/login') as page:
            assert page.status == 200
        waits.append(time.monotonic() - start)
    attacker.join()
    assert len(statuses) == 10 and set(statuses) <= {400, 429}, statuses
    assert waits and max(waits) < 1, waits
