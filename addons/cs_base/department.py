# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, fields)
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .workflow import BoundedMixin


class Department(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    "Responsible department that records, handles and reports on requests"
    __name__ = 'cs.department'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code")
    company = fields.Many2One('company.company', "Company", required=True)
    manager = fields.Many2One(
        'company.employee', "Manager",
        domain=[('company', '=', Eval('company', -1))],
        help="The employee who answers for the department's requests.")
    members = fields.Many2Many(
        'cs.department-company.employee', 'department', 'employee',
        "Members",
        domain=[('company', '=', Eval('company', -1))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.company, t.code),
                'cs_base.msg_department_code_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality())))
        cls._order.insert(0, ('name', 'ASC'))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class DepartmentEmployee(ModelSQL):
    __name__ = 'cs.department-company.employee'

    department = fields.Many2One(
        'cs.department', "Department", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('member_unique', Unique(t, t.department, t.employee),
                'cs_base.msg_department_member_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.employee, Index.Equality())))
