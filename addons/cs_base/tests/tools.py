# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Shared set-up of the suite's tests: the modules of a site that runs
everything, staff in their roles, and the test databases built once"""
import fcntl
import hashlib
import os
from contextlib import contextmanager
from pathlib import Path

from proteus import Model
from proteus import config as proteus_config

from trytond.tests import tools as trytond_tools
from trytond.tests.tools import set_user

# The suite's modules, and the optional Tryton modules they extend
SUITE = [
    'cs_base', 'cs_desk', 'cs_helpdesk', 'cs_membership',
    'cs_property_handover', 'cs_quality', 'cs_warranty']
EXTRAS = ['project', 'sale']


def suite_but(module):
    """The extras of a module's tests: every other module of the suite and
    the optional Tryton modules, as on a site that runs everything"""
    return [m for m in SUITE + EXTRAS if m != module]


def activate_suite(*setup):
    """Activate every module of the suite with sale and project, as on a
    site that runs everything; setup as for activate_modules.

    The module tests and every scenario share this database of modules,
    built once per test run and backend (and a process builds its pool
    once: conftest.py reuse_pools)."""
    return trytond_tools.activate_modules(SUITE + EXTRAS, *setup)


@contextmanager
def database_lock(name):
    """Hold the lock of the cached test database name while it is restored
    or built.  bin/test runs several pytest processes at once (its folder
    of locks is CS_TEST_LOCKS): the first to need a database builds it and
    the others wait, then restore it instead of building it again."""
    from trytond import backend
    folder = os.environ.get('CS_TEST_LOCKS')
    if not folder:
        yield
        return
    key = hashlib.sha1(f'{backend.name}:{name}'.encode()).hexdigest()
    with open(Path(folder) / f'{key}.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def write_behind(record, **values):
    """Write values in the record's row with SQL, as a faulty import or a
    fix by hand would, behind the checks of the model (module tests)"""
    from trytond.transaction import Transaction
    table = record.__class__.__table__()
    Transaction().connection.cursor().execute(*table.update(
            [getattr(table, name) for name in values], list(values.values()),
            where=table.id == record.id))
    Transaction().cache.clear()


def job_errors(job):
    "The errors scheduled job ('model|method') reported (ir.error)"
    from trytond.pool import Pool
    Error = Pool().get('ir.error')
    return Error.search([('origin.method', '=', job, 'ir.cron')])


def create_staff(company, login, *groups, name=None):
    """Return a user who belongs only to groups, each 'module.xml_id' (e.g.
    'cs_warranty.group_repair_quality'), working for company with an
    employee of their own, as an administrator sets staff up"""
    User = Model.get('res.user')
    Group = Model.get('res.group')
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    ModelData = Model.get('ir.model.data')
    company = Model.get('company.company')(company.id)
    party = Party(name=name or login)
    party.save()
    employee = Employee(party=party, company=company)
    employee.save()
    user = User(login=login, name=name or login)
    for group in groups:
        user.groups.append(Group(ModelData.get_id(*group.split('.'), {})))
    user.companies.append(company)
    user.company = company
    user.employees.append(employee)
    user.employee = employee
    user.save()
    return user


@contextmanager
def acting_as(user):
    """Take the steps of the block as user: each call is checked as the
    client's would be (access rights, record rules, button rights); the
    administrator takes over again after the block"""
    config = proteus_config.get_config()
    previous = config.user
    set_user(user, config)
    try:
        yield user
    finally:
        set_user(previous, config)
