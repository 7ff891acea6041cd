# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Shared set-up of the service-desk scenarios"
import datetime as dt
from unittest.mock import patch

from proteus import Model

from trytond.exceptions import UserError
from trytond.modules.cs_base.tests.tools import create_staff

# Monday 23 November 2026, 09:00 in Shanghai: the desk opens
MONDAY = dt.datetime(2026, 11, 23, 1, 0)


def at(moment):
    "Run the service desk's steps as if it were moment (naive UTC)"
    return patch('trytond.modules.cs_base.workflow.clock',
        return_value=moment)


def create_department(company, name, staff):
    "Return a department with an employee of that name as its manager"
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    Department = Model.get('cs.department')
    party = Party(name=staff)
    party.save()
    employee = Employee(party=party, company=company)
    employee.save()
    department = Department(name=name, company=company)
    department.members.append(Employee(employee.id))
    department.manager = employee
    department.save()
    return department


def create_customer(name, vip=False, lang=None):
    Party = Model.get('party.party')
    Lang = Model.get('ir.lang')
    party = Party(name=name, cs_vip=vip)
    if lang:
        party.lang, = Lang.find([('code', '=', lang)])
    party.save()
    return party


def ticket_type(kind):
    Type = Model.get('cs.helpdesk.ticket.type')
    type_, = Type.find([('kind', '=', kind)])
    return type_


def create_clerk(company, login, name, supervisor=False):
    "Return a desk user with an employee record; a supervisor if asked"
    groups = ['cs_base.group_cs'] + (
        ['cs_base.group_cs_admin'] if supervisor else [])
    return create_staff(company, login, *groups, name=name)


def refused(action, *args):
    "Return the message with which the desk refuses the action"
    try:
        action(*args)
    except UserError as error:
        return error.message
    raise AssertionError("the action was not refused")
