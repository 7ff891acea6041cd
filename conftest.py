"""What every test run of the suite shares.

- The modules' proteus scenarios (tests/scenario_*.rst) run under pytest.
  Tryton collects them with unittest's load_tests protocol, which pytest does
  not follow; each scenario becomes one pytest item here, set up exactly as
  trytond.tests.test_tryton.load_doc_tests sets it up.
- Tryton's module look-up is indexed (see index_module_entry_points).
- A process builds the pool of a set of modules once (see reuse_pools).
- A test database is built once per set of modules for all the pytest
  processes of a run (see share_test_databases).
"""
import doctest
import unittest

import pytest


def index_module_entry_points():
    """Let trytond find a module's entry point in a dictionary.

    trytond.tools.misc.import_module scans every entry point of the
    environment for each look-up (about 0.5 ms); the generic checks of
    ModuleTestCase resolve every registered class that way, over 100,000
    times in a module with sale, which was 85 % of their time. The entry
    points do not change during a test run, so the answer is the same.
    """
    from trytond.const import MODULES_GROUP
    from trytond.tools import misc

    entry_points = misc.entry_points()
    modules = {}
    for entry_point in entry_points.select(group=MODULES_GROUP):
        modules.setdefault(entry_point.name, []).append(entry_point)

    class Indexed:
        def select(self, **params):
            if params.keys() == {'group', 'name'} \
                    and params['group'] == MODULES_GROUP:
                return tuple(modules.get(params['name'], ()))
            return entry_points.select(**params)

    misc.entry_points = lambda: Indexed()


def reuse_pools():
    """Build the pool of a set of modules once per process.

    Restoring a cached test database initialises its pool again: every
    class of every module is built and set up anew (1.2 s for the suite,
    2.4 s with sale), for each test class and each scenario.  The classes
    depend on the modules only, not on the database's content, so a process
    reuses the pool it built for the same modules, as a server does across
    requests; the database's caches are still dropped with it (drop_db)."""
    from trytond import backend
    from trytond.pool import Pool

    built = {}
    init = Pool.init

    def activated_modules(name):
        database = backend.Database(name).connect()
        connection = database.get_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT name FROM ir_module WHERE state IN "
                "('activated', 'to upgrade', 'to remove')")
            return frozenset(name for name, in cursor)
        finally:
            database.put_connection(connection)

    def init_once(self, update=None, lang=None, activatedeps=False,
            indexes=None):
        if update or lang or activatedeps or indexes or not Pool._started:
            return init(self, update=update, lang=lang,
                activatedeps=activatedeps, indexes=indexes)
        key = (self.database_name, activated_modules(self.database_name))
        if key not in built:
            init(self)
            built[key] = self._pool, self._modules
            return
        with Pool._lock:
            self._pool, self._modules = built[key]
            Pool._pools[self.database_name] = self._pool
            Pool._pool_modules[self.database_name] = self._modules
            Pool._pool_instances.clear()
            Pool._pool_instances.add(self)
            self.ready = True

    Pool.init = init_once


def share_test_databases():
    """Build each test database once for all the pytest processes of a run.

    - Tryton names a module test's database after its module and extras in
      their order: tests with the same modules built it once per order.
    - A scenario's database (modules and set-up functions, e.g. a company)
      was built from an empty one: it now starts from the module tests'
      database of the same modules.
    - bin/test runs several pytest processes at once: the first to need a
      database builds it while the others wait, then restore it."""
    from trytond.modules.cs_base.tests.tools import database_lock
    from trytond.tests import test_tryton, tools

    activate_module = test_tryton.activate_module

    def activate_module_once(modules, lang='en'):
        modules = sorted([modules] if isinstance(modules, str) else modules)
        with database_lock('-'.join(modules) + f'--{lang}'):
            return activate_module(modules, lang=lang)

    def activate_modules_once(modules, *setup):
        # the scenarios' databases start from the module tests' one
        modules = sorted([modules] if isinstance(modules, str) else modules)
        name = '-'.join(modules) + '--' + '|'.join(
            tools._func_name(f) for f in setup)
        with database_lock(name):
            if not test_tryton.restore_db_cache(name):
                test_tryton.drop_db()
                activate_module_once(modules)
                for function in setup:
                    function(config=tools._get_config())
                test_tryton.backup_db_cache(name)
            return tools._get_config()

    test_tryton.activate_module = activate_module_once
    tools.activate_modules = activate_modules_once


def pytest_configure(config):
    index_module_entry_points()
    reuse_pools()
    share_test_databases()


def pytest_collect_file(file_path, parent):
    if file_path.name.startswith('scenario_') and file_path.suffix == '.rst':
        return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    def collect(self):
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioFailure(Exception):
    pass


class ScenarioItem(pytest.Item):
    def runtest(self):
        from trytond import backend
        from trytond.tests.test_tryton import (
            STRIP_DECIMAL, doctest_checker, doctest_setup, doctest_teardown)
        flags = (doctest.REPORT_ONLY_FIRST_FAILURE | doctest.ELLIPSIS
            | doctest.IGNORE_EXCEPTION_DETAIL)
        if backend.name == 'sqlite':
            flags |= STRIP_DECIMAL
        suite = doctest.DocFileSuite(
            str(self.path), module_relative=False,
            setUp=doctest_setup, tearDown=doctest_teardown,
            encoding='utf-8', checker=doctest_checker, optionflags=flags)
        result = unittest.TestResult()
        suite.run(result)
        problems = result.failures + result.errors
        if problems:
            raise ScenarioFailure('\n'.join(text for _, text in problems))

    def repr_failure(self, excinfo):
        if excinfo.errisinstance(ScenarioFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f'scenario {self.name}'
