"""Load check of the customer portal.

    .venv/bin/python bench/portal.py [--users 200] [--tickets 3] [--workers 2]

Starts a throwaway PostgreSQL cluster on loopback (pg_start and pg_stop of
devtools/postgresql.sh), builds a database with cs_helpdesk, zh_CN and ru
(devtools.database), a company (bench/helpdesk.py) and USERS portal users
created up front (web.user with a party in English, Chinese or Russian,
e-mail validated, all with one password hash), and serves it with gunicorn
and WORKERS trytond workers on 127.0.0.1.  The acknowledgement e-mails go to
the local SMTP sink of the portal tests, or to --email-uri (trytond 8.0 has
no dummy scheme: dummy:// logs two failed sendings per submission and
sleeps 0.3 s each).

Then USERS clients without JavaScript (threads, each with its own cookies),
all at once: open /login and sign in, open /tickets/new, and TICKETS times
submit a complaint and list /tickets.  Measures the requests per second and
the 50th and 95th percentiles of the latency per kind of request, as seen by
the clients (queuing in gunicorn included) and inside trytond (its log).
An error is a status other than 2xx/3xx, a failed connection, a sign-in or
submission that does not redirect, or a listing other than exactly the
user's tickets.

Then checks that the database holds exactly USERS * TICKETS tickets of
channel portal, for each user those it submitted, that every user's /tickets
page then lists exactly those, and that every ticket was acknowledged by
e-mail.  Reports the retries of trytond (serialization or lock errors) and
the errors of its log.  Stops by itself after --timeout seconds; always
stops gunicorn and the cluster.
"""
import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = 'bench_portal'
PASSWORD = 'secret-123'
LANGUAGES = ['en', 'zh_CN', 'ru']
COMPLAINT = re.compile(r'<option value="(\d+)">(Complaint|投诉|Жалоба)')
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
LISTED = re.compile(
    r'href="/%s/portal/tickets/(?!new")([^"/?]+)"' % DATABASE)
LOGGING = """\
[formatters]
keys=plain
[handlers]
keys=stderr
[loggers]
keys=root,retry,wsgi
[formatter_plain]
format=%(process)s [%(asctime)s] %(levelname)s %(name)s %(message)s
[handler_stderr]
class=StreamHandler
args=(sys.stderr,)
formatter=plain
[logger_root]
level=WARNING
handlers=stderr
[logger_retry]
level=DEBUG
handlers=
qualname=trytond.protocols.wrappers
[logger_wsgi]
level=DEBUG
handlers=
qualname=trytond.wsgi
"""
# the server's time of a request, logged by trytond.wsgi: (kind, ms)
SERVED = re.compile(
    r"'http://[^/]+/%s/portal([^' ]*)' \[(GET|POST)\].* in (\d+) ms"
    % DATABASE)
KINDS = {('GET', '/login'): 'login form', ('POST', '/login'): 'login',
    ('GET', '/tickets/new'): 'new form', ('POST', '/tickets/new'): 'submit',
    ('GET', '/tickets'): 'list'}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--users', type=int, default=200)
    parser.add_argument('--tickets', type=int, default=3)
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--timeout', type=float, default=600,
        help="seconds the clients may run (default 600)")
    parser.add_argument('--email-uri',
        help="trytond's [email] uri (default: a local SMTP sink)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    postgresql = gunicorn = sink = None
    try:
        postgresql, uri = pg_start()
        os.environ['TRYTOND_DATABASE__URI'] = uri
        config = folder / 'trytond.conf'
        config.write_text(f"[database]\nuri = {uri}\n"
            "[cache]\nclean_timeout = 0\n")
        begin = time.perf_counter()
        emails = build(config, args.users)
        print(f"database with {args.users} portal users built in "
            f"{time.perf_counter() - begin:.0f} s")
        # imported once the pool is started: the tests set Pool.test
        from trytond.modules.cs_base.tests.test_portal import SMTPSink
        sink = SMTPSink()
        sink.thread.start()
        email = args.email_uri or 'smtp://%s:%s' % sink.server.server_address
        with open(config, 'a') as conf:
            conf.write(f"[email]\nuri = {email}\nfrom = portal@example.com\n")

        log = folder / 'gunicorn.log'
        gunicorn, port = serve(folder, config, args.workers, log)
        clients = [Client(port, e, LANGUAGES[i % 3])
            for i, e in enumerate(emails)]
        elapsed = run(clients, args.tickets, time.monotonic() + args.timeout)
        listed = run_check(clients, args.timeout)
        stop(gunicorn)
        gunicorn = None
        report(clients, args, elapsed, listed, sink, log)
    finally:
        if gunicorn:
            stop(gunicorn)
        if postgresql:
            disconnect()
            postgresql.stdin.close()  # pg_stop
            postgresql.wait(60)
        if sink:
            sink.server.shutdown()
            sink.server.server_close()
        shutil.rmtree(folder, True)


def pg_start():
    "A cluster of devtools/postgresql.sh, stopped when stdin closes"
    process = subprocess.Popen(['bash', '-c',
            '. devtools/postgresql.sh; trap pg_stop EXIT; '
            'pg_start >&2 && echo "$TRYTOND_DATABASE__URI" && read -r _'],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    uri = process.stdout.readline().strip()
    if not uri:
        raise RuntimeError("PostgreSQL did not start")
    return process, uri


def disconnect():
    "Stop the cache listener and the connections of this process"
    if 'trytond.cache' in sys.modules:
        from trytond import backend
        from trytond.cache import Cache
        try:
            Cache.drop(DATABASE)
            backend.Database(DATABASE).close()
        except Exception as error:
            print(f"disconnecting: {error!r}")


def build(config, users):
    "The database, a company and the portal users; return their e-mails"
    from bench.helpdesk import setup
    from devtools.database import create
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    create(config, DATABASE, ['cs_helpdesk'])
    pool = Pool(DATABASE)
    pool.init()
    with Transaction().start(DATABASE, 0) as transaction:
        setup(pool)
        Lang = pool.get('ir.lang')
        Party = pool.get('party.party')
        WebUser = pool.get('web.user')
        langs = {l.code: l.id for l in Lang.search(
                    [('code', 'in', LANGUAGES)])}
        emails = [f'user{i}@example.com' for i in range(users)]
        parties = Party.create([{'name': f"Portal user {i}",
                    'lang': langs[LANGUAGES[i % 3]]} for i in range(users)])
        password_hash = WebUser.hash_password(PASSWORD)
        WebUser.create([{'email': e, 'party': p.id, 'email_valid': True,
                    'password_hash': password_hash}
                for e, p in zip(emails, parties)])
        transaction.commit()
    return emails


def serve(folder, config, workers, log):
    "gunicorn with workers on a free port of 127.0.0.1, warmed up"
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    (folder / 'logging.conf').write_text(LOGGING)
    env = dict(os.environ, TRYTOND_CONFIG=str(config),
        TRYTOND_DATABASE_NAMES=DATABASE,
        TRYTOND_LOGGING_CONFIG=str(folder / 'logging.conf'))
    with open(log, 'w') as output:
        process = subprocess.Popen([
                str(Path(sys.executable).parent / 'gunicorn'),
                '-w', str(workers), '-b', f'127.0.0.1:{port}',
                '--no-control-socket', 'trytond.application:app'],
            cwd=folder, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True)
    # ready when rounds of concurrent requests come back fast (every
    # worker has loaded the pool)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"gunicorn did not start, see {log}: "
                + log.read_text()[-2000:])
        begin = time.monotonic()
        probes = [Client(port, None, 'en') for _ in range(2 * workers)]
        threads = [threading.Thread(target=warm_up, args=(p,))
            for p in probes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if (all(p.log and p.log[0][1] == 200 for p in probes)
                and time.monotonic() - begin < 1):
            return process, port
        time.sleep(0.5)


def warm_up(client):
    try:
        client.request('GET', '/login?warm-up', kind='warm-up')
    except Failed:
        pass


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Client:
    "A portal user's browser without JavaScript"

    def __init__(self, port, email, language):
        self.port = port
        self.email = email
        self.language = language
        self.cookies = {}
        self.log = []  # (kind, status, seconds)
        self.errors = []
        self.sent = []  # the numbers of the submitted tickets
        self.listed = None  # the numbers of the last /tickets page
        self.deadline = None

    def request(self, method, path, data=None, kind=None):
        "(status, headers, text) of the page; Failed if it did not come"
        body = urlencode(data).encode() if data is not None else None
        headers = {'Accept-Language': self.language,
            'Cookie': '; '.join(f'{k}={v}' for k, v in self.cookies.items())}
        if body is not None:
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        timeout = 120
        if self.deadline:
            timeout = max(1, min(timeout, self.deadline - time.monotonic()))
        begin = time.perf_counter()
        connection = http.client.HTTPConnection(
            '127.0.0.1', self.port, timeout=timeout)
        try:
            connection.request(method, f'/{DATABASE}/portal{path}', body,
                headers)
            response = connection.getresponse()
            text = response.read().decode()
        except OSError as error:
            self.log.append((kind, None, time.perf_counter() - begin))
            raise Failed(f"{kind} {path}: {error!r}")
        finally:
            connection.close()
        self.log.append((kind, response.status, time.perf_counter() - begin))
        for header in response.headers.get_all('Set-Cookie') or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if not 200 <= response.status < 400:
            self.errors.append(f"{kind} {path}: HTTP {response.status}")
        return response.status, response.headers, text

    def form(self, path, kind):
        "The form's token and page"
        status, _, text = self.request('GET', path, kind=kind)
        token = CSRF.search(text)
        if status != 200 or not token:
            raise Failed(f"{kind} {path}: no form (HTTP {status})")
        return token[1], text

    def post(self, path, data, kind, expect):
        "Post the form; return the redirection target matching expect"
        status, headers, text = self.request('POST', path, data, kind=kind)
        location = headers.get('Location', '')
        if status != 303 or not re.search(expect, location):
            raise Failed(f"{kind} {path}: HTTP {status} to {location!r}")
        return re.search(expect, location)

    def scenario(self, tickets, start, deadline):
        self.deadline = deadline
        start.wait()
        try:
            csrf, _ = self.form('/login', 'login form')
            self.post('/login', {'csrf': csrf, 'email': self.email,
                    'password': PASSWORD}, 'login', r'/portal/$')
            csrf, page = self.form('/tickets/new', 'new form')
            complaint = COMPLAINT.search(page)
            if not complaint:
                raise Failed("new form: no Complaint type")
            for k in range(tickets):
                if time.monotonic() > deadline:
                    raise Failed("hard timeout")
                sent = self.post('/tickets/new', {'csrf': csrf,
                        'type': complaint[1], 'description':
                        f"Load check {self.email} #{k}: кассир 收银员"},
                    'submit', r'/portal/tickets/([^/?]+)\?sent=1$')
                self.sent.append(sent[1])
                self.list_tickets('list')
        except Failed as error:
            self.errors.append(str(error))
        except Exception as error:  # a bug of the bench: show it
            self.errors.append(f"client: {error!r}")

    def list_tickets(self, kind):
        status, _, text = self.request('GET', '/tickets', kind=kind)
        self.listed = LISTED.findall(text) if status == 200 else None
        if self.listed is None or sorted(self.listed) != sorted(self.sent):
            raise Failed(f"{kind}: HTTP {status}, lists {self.listed} "
                f"instead of {self.sent}")


class Failed(Exception):
    pass


def run(clients, tickets, deadline):
    "All the clients at once; return the seconds until the last one ends"
    start = threading.Event()
    threads = [threading.Thread(target=c.scenario,
            args=(tickets, start, deadline), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    begin = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()) + 5)
    if any(t.is_alive() for t in threads):
        print("hard timeout: clients still running were abandoned")
    return time.perf_counter() - begin


def run_check(clients, timeout):
    "Every user lists /tickets once more (not timed): {email: numbers}"
    listed = {}

    def check(client):
        client.deadline = deadline
        try:
            status, _, text = client.request(
                'GET', '/tickets?check', kind='check')
        except Failed as error:
            client.errors.append(str(error))
        else:
            listed[client.email] = (
                sorted(LISTED.findall(text)) if status == 200 else None)
    deadline = time.monotonic() + timeout
    threads = [threading.Thread(target=check, args=(c,), daemon=True)
        for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    return listed


def report(clients, args, elapsed, listed, sink, log):
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    entries = [e for c in clients for e in c.log if e[0] != 'check']
    statuses = Counter(status for _, status, _ in entries)
    print(f"\n{args.users} users x {args.tickets} tickets, "
        f"{args.workers} workers")
    print(f"{len(entries)} requests in {elapsed:.1f} s: "
        f"{len(entries) / elapsed:.1f} requests/s; statuses "
        + ', '.join(f'{s}: {n}' for s, n in sorted(
                statuses.items(), key=str)))
    text = log.read_text()
    by_kind, served = defaultdict(list), defaultdict(list)
    for kind, _, seconds in entries:
        by_kind[kind].append(seconds * 1000)
        by_kind['all'].append(seconds * 1000)
    for path, method, ms in SERVED.findall(text):
        if (method, path) in KINDS:
            served[KINDS[method, path]].append(int(ms))
            served['all'].append(int(ms))
    print("latency seen by the clients (queuing included) | "
        "time in trytond (its log)")
    for kind in ['login form', 'login', 'new form', 'submit', 'list', 'all']:
        values, server = sorted(by_kind[kind]), sorted(served[kind])
        if values and server:
            print(f"  {kind:10} {len(values):5}  "
                f"p50 {percentile(values, .5):6.0f} ms  "
                f"p95 {percentile(values, .95):6.0f} ms  "
                f"max {values[-1]:6.0f} ms | {len(server):5}  p50 "
                f"{percentile(server, .5):4.0f} ms  p95 "
                f"{percentile(server, .95):4.0f} ms  max {server[-1]:4.0f} ms")

    pool = Pool(DATABASE)
    with Transaction().start(DATABASE, 0):
        Ticket = pool.get('cs.helpdesk.ticket')
        WebUser = pool.get('web.user')
        email = {u.party.id: u.email for u in WebUser.search([])}
        tickets = Ticket.search([('channel.code', '=', 'portal')])
        stored = defaultdict(list)
        for ticket in tickets:
            stored[email[ticket.party.id]].append(ticket.number)
    sent = sum(len(c.sent) for c in clients)
    expected = args.users * args.tickets
    acknowledged = {n for m in sink.messages
        for n in re.findall(r'KF\d+', m['Subject'] or '')}
    problems = [e for c in clients for e in c.errors]
    for client in clients:
        if len(client.sent) < args.tickets and not client.errors:
            problems.append(f"{client.email}: unfinished")
        mine = sorted(stored.get(client.email, []))
        if mine != sorted(client.sent):
            problems.append(f"{client.email}: database {mine}, "
                f"sent {sorted(client.sent)}")
        if listed.get(client.email) != mine:
            problems.append(f"{client.email}: /tickets lists "
                f"{listed.get(client.email)}, database {mine}")
    lost = {n for c in clients for n in c.sent} - {t.number for t in tickets}
    print(f"tickets: {expected} expected, {sent} submitted (303), "
        f"{len(tickets)} in the database (channel portal); lost submissions "
        f"{len(lost)}; acknowledged by e-mail {len(acknowledged)}"
        + ("" if args.email_uri else f" ({len(sink.messages)} e-mails)"))
    print(f"errors: {len(problems)}")
    for problem in problems[:20]:
        print("  " + problem)

    retries = len(re.findall(r'Retry: \d+', text))
    logged = Counter(re.findall(
            r'\] (ERROR|CRITICAL|WARNING) (\S+ \S+ ?\S*)', text))
    print(f"trytond retries (DatabaseOperationalError): {retries}; "
        f"exceptions: {text.count('Exception when processing')}; "
        f"gunicorn worker timeouts: {text.count('WORKER TIMEOUT')}")
    for (level, where), count in logged.most_common(10):
        print(f"  log: {count} x {level} {where}")
    tracebacks = text.split('Traceback (most recent call last):')[1:]
    if tracebacks:
        print("first traceback of the log:\nTraceback (most recent call "
            "last):" + '\n'.join(tracebacks[0].splitlines()[:40]))


def percentile(values, fraction):
    "values sorted"
    return values[min(len(values) - 1, int(fraction * len(values)))]


if __name__ == '__main__':
    main()
