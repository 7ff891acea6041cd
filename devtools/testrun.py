"""Run the suite's tests as parallel jobs and summarise them.

    python -m devtools.testrun [--sqlite] [--postgresql] [--jobs N] [ARGS]

bin/test calls this after installing what the suite needs and, for
--postgresql, starting a throwaway cluster.  Each module's tests and
scenarios are one job, the top-level tests another, on each backend asked
for; the jobs run N at a time (default: one more than the cores), longest
first, each a pytest process of its own with its own database.  A test
database is built once per run and restored from Tryton's DB_CACHE by the
other jobs that need it.  ARGS go to every pytest.

Each job's output and JUnit report stay in .cache/test-logs/ until the
next run.  At the end: the wall time of each job, the count of tests
passed, failed and skipped on each backend, the slowest items, and — when
both backends ran — the tests skipped on both, which fail the run: a test
that runs nowhere must not pass for one.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / '.cache'
DURATIONS = CACHE / 'test-durations.json'
# each job's output and JUnit report, kept until the next run
LOGS = CACHE / 'test-logs'
# pytest's exit code when -k selects no test in a job
NO_TESTS = 5


# top-level tests long enough to be a job of their own, beside the others
# (each activation case builds the database of a site)
SEPARATE = ['tests/test_activation.py']


class Job:
    def __init__(self, backend, path):
        self.backend = backend
        self.path = path
        self.ignored = SEPARATE if path == 'tests' else []
        self.name = f'{path} on {backend}'
        self.slug = f'{backend}-{path.replace("/", "-")}'
        self.seconds = None
        # CPU time of pytest and the processes it waited for (the
        # PostgreSQL server's work is not in it)
        self.cpu = None
        self.code = None
        self.cases = []

    def environ(self, sources, locks):
        # the jobs that need the same test database wait for the first to
        # build it (cs_base/tests/tools.py database_lock)
        env = dict(os.environ, CS_TEST_BACKEND=self.backend,
            PYTHONPATH=str(ROOT), CS_TEST_LOCKS=str(locks))
        if self.backend == 'sqlite':
            env.pop('TRYTOND_DATABASE__URI', None)
            env['DB_NAME'] = ':memory:'
            env['DB_CACHE'] = str(CACHE / f'db-{sources}')
            # the demo's and the catalogs' databases (devtools/database.py)
            env['CS_DATABASE_CACHE'] = env['DB_CACHE']
        else:
            # one database per job in the shared cluster; the built
            # databases are kept there as templates for every job
            env['DB_NAME'] = 'test_' + self.slug.replace('-', '_')
            env['DB_CACHE'] = 'postgresql://'
        return env

    @property
    def passed(self):
        return self.code in {0, NO_TESTS}


def sources_hash():
    """The key of the cached test databases: Tryton's own key (the module
    names) goes stale when a module's sources change"""
    digest = hashlib.sha1()
    for path in sorted((ROOT / 'addons').rglob('*')):
        if path.suffix in {'.py', '.xml', '.cfg', '.po'} and path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def keep_only_cache(sources):
    CACHE.mkdir(exist_ok=True)
    for path in CACHE.glob('db-*'):
        if path.name != f'db-{sources}':
            shutil.rmtree(path, ignore_errors=True)


def run(job, sources, pytest_args, logs):
    report = logs / f'{job.slug}.xml'
    log = logs / f'{job.slug}.log'
    command = [sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider',
        f'--junitxml={report}', *pytest_args,
        *(f'--ignore={p}' for p in job.ignored), job.path]
    start = time.monotonic()
    with open(log, 'w') as output:
        process = subprocess.Popen(command, cwd=ROOT,
            env=job.environ(sources, logs), stdout=output,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = job.code = os.waitstatus_to_exitcode(status)
    job.cpu = usage.ru_utime + usage.ru_stime
    job.seconds = time.monotonic() - start
    if report.exists():
        job.cases = list(read_cases(report))
    text = log.read_text(errors='replace')
    if not job.passed:
        print(f'\n== {job.name}: FAILED (exit {job.code})\n{text}', flush=True)
    else:
        last = text.strip().splitlines()[-1:] or ['']
        print(f'== {job.name}: {last[0]} ({job.seconds:.0f} s)', flush=True)
    return job


def busy_seconds():
    "CPU seconds the machine spent on anything but idling, since boot"
    fields = Path('/proc/stat').read_text().split('\n', 1)[0].split()[1:]
    user, nice, system, idle, iowait = (int(f) for f in fields[:5])
    return (user + nice + system) / os.sysconf('SC_CLK_TCK')


def read_cases(report):
    "(test id, outcome, seconds) of each test of a JUnit report"
    for case in ET.parse(report).iter('testcase'):
        outcome = 'passed'
        for child in case:
            if child.tag in {'failure', 'error'}:
                outcome = 'failed'
            elif child.tag == 'skipped' and outcome == 'passed':
                # an expected failure ran: it is not a skip
                outcome = ('xfailed' if child.get('type') == 'pytest.xfail'
                    else 'skipped')
        name = f"{case.get('classname')}::{case.get('name')}"
        yield name, outcome, float(case.get('time') or 0)


def summarise(jobs, backends, wall, busy):
    print('\n== Summary')
    print(f'{"job":<48} {"seconds":>8} {"CPU s":>6} {"passed":>7} '
        f'{"failed":>7} {"skipped":>8}')
    for job in sorted(jobs, key=lambda j: j.name):
        counts = [sum(1 for c in job.cases if c[1] == outcome)
            for outcome in ['passed', 'failed', 'skipped']]
        status = '' if job.passed else f'  exit {job.code}'
        print(f'{job.name:<48} {job.seconds:>8.0f} {job.cpu:>6.0f} '
            f'{counts[0]:>7} '
            f'{counts[1]:>7} {counts[2]:>8}{status}')
    for backend in backends:
        cases = [c for j in jobs if j.backend == backend for c in j.cases]
        print(f'on {backend}: ' + ', '.join(
                f'{sum(1 for c in cases if c[1] == o)} {o}'
                for o in ['passed', 'failed', 'skipped', 'xfailed']))
    print('\nslowest items:')
    items = sorted(((c[2], c[0], j.backend) for j in jobs for c in j.cases),
        reverse=True)
    for seconds, name, backend in items[:15]:
        print(f'{seconds:8.1f} s  {name} ({backend})')
    skipped_everywhere = []
    if len(backends) > 1:
        outcomes = {}
        for job in jobs:
            for name, outcome, _ in job.cases:
                outcomes.setdefault(name, set()).add(outcome)
        skipped_everywhere = sorted(
            name for name, seen in outcomes.items() if seen == {'skipped'})
        for name in skipped_everywhere:
            print(f'skipped on every backend: {name}')
    print(f'\nwall time {wall:.0f} s for {len(jobs)} jobs; CPU time: '
        f'{sum(j.cpu for j in jobs):.0f} s in the jobs, {busy:.0f} s in '
        f'all of the machine of {(os.cpu_count() or 1) * wall:.0f} s')
    cases = [c for j in jobs for c in j.cases]
    totals = ', '.join(f'{sum(1 for c in cases if c[1] == o)} {o}'
        for o in ['passed', 'failed', 'skipped'])
    # the plain closing line CI reads; .ci/run repeats it last
    (LOGS / 'totals').write_text(totals + '\n')
    print(totals)
    return not skipped_everywhere


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--sqlite', action='store_true')
    parser.add_argument('--postgresql', action='store_true')
    # one more job than cores: a job waiting for another to build a
    # test database it needs leaves its core to the third
    parser.add_argument('--jobs', type=int, default=(os.cpu_count() or 1) + 1)
    options, pytest_args = parser.parse_known_args()
    backends = [b for b in ['sqlite', 'postgresql'] if getattr(options, b)]
    backends = backends or ['sqlite']
    if 'postgresql' in backends and not os.environ.get(
            'TRYTOND_DATABASE__URI', '').startswith('postgresql'):
        parser.error('--postgresql needs the cluster bin/test starts')

    sources = sources_hash()
    keep_only_cache(sources)
    paths = [str(p.relative_to(ROOT))
        for p in sorted(ROOT.glob('addons/cs_*/tests'))] + ['tests']
    jobs = [Job(b, p) for b in backends for p in paths]
    # SQLite only: they build SQLite databases whatever the backend
    jobs += [Job('sqlite', p) for p in SEPARATE if 'sqlite' in backends]
    durations = (json.loads(DURATIONS.read_text())
        if DURATIONS.exists() else {})
    # longest first, so that the last to start are the short ones; without
    # figures of an earlier run, the top-level tests (which build the demo
    # database and drive a browser, or a database per site) and PostgreSQL
    # take longest
    jobs.sort(key=lambda j: durations.get(j.name, (
                900 if j.path == 'tests' or j.path in SEPARATE else 300)
            * (1.5 if j.backend == 'postgresql' else 1)), reverse=True)

    start = time.monotonic()
    busy = busy_seconds()
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    with ThreadPoolExecutor(max_workers=options.jobs) as pool:
        futures = [pool.submit(run, job, sources, pytest_args, LOGS)
            for job in jobs]
        for future in futures:
            future.result()
    wall = time.monotonic() - start
    busy = busy_seconds() - busy

    if not pytest_args:  # a selection's times would mislead the order
        durations.update({j.name: round(j.seconds) for j in jobs})
        DURATIONS.write_text(json.dumps(durations, indent=1, sort_keys=True))
    complete = summarise(jobs, backends, wall, busy)
    return 0 if complete and all(j.passed for j in jobs) else 1


if __name__ == '__main__':
    sys.exit(main())
