# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Monthly inspection plans: how many inspections of a department in a
month, their days spread over it, each inspection created on its day"""
import calendar
import datetime as dt

from dateutil.relativedelta import relativedelta
from sql import Null

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.cs_base import tools, workflow
from trytond.modules.cs_base.tools import check_state, lock_in_states
from trytond.modules.cs_base.workflow import BoundedMixin, WorkflowMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import PlanError
from .standard import METHODS

JOB = 'cs.quality.plan|create_due_inspections'


def month_days(month):
    "The days of the month starting on month"
    return calendar.monthrange(month.year, month.month)[1]


def spread(month, count):
    """count days of the month spread evenly, each in the middle of its
    share of the month (4 in June: the 4th, 12th, 19th and 27th)"""
    days = month_days(month)
    return [month + dt.timedelta(days=int((i + 0.5) * days / count))
        for i in range(count)]


class Plan(WorkflowMixin, Workflow, ModelSQL, ModelView):
    """The inspections of a department planned for a month against a
    standard: scheduled, the days are spread over the month, and each day
    the inspections due are created for the inspector (a scheduled job)"""
    __name__ = 'cs.quality.plan'
    __string__ = "Inspection Plan"

    _draft = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    month = fields.Date(
        "Month", required=True, states=_draft,
        help="Any day of the month: the plan starts on its first day.")
    department = fields.Many2One(
        'cs.department', "Department", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    standard = fields.Many2One(
        'cs.quality.standard', "Standard", required=True, states=_draft,
        domain=[
            ('state', '=', 'in_use'),
            ('company', 'in', [None, Eval('company', -1)]),
            ])
    method = fields.Selection(METHODS, "Method", required=True, states=_draft)
    inspector = fields.Many2One(
        'company.employee', "Inspector", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    count = fields.Integer(
        "Inspections", required=True, states=_draft,
        domain=[('count', '>=', 1), ('count', '<=', 31)],
        help="How many inspections in the month, at most one a day.")
    lines = fields.One2Many(
        'cs.quality.plan.line', 'plan', "Days", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('scheduled', "Scheduled"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t,
                (t.company, Index.Equality()), (t.month, Index.Range())))
        cls._order = [('month', 'DESC'), ('department', 'ASC'),
            ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'scheduled'),
            ('draft', 'cancelled'),
            ('scheduled', 'cancelled'),
            }
        cls._buttons.update({
                'schedule': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') == 'cancelled',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_method(cls):
        return 'spot_check'

    @classmethod
    def default_count(cls):
        return 4

    @classmethod
    def default_month(cls):
        Date = Pool().get('ir.date')
        return (Date.today() + relativedelta(months=1)).replace(day=1)

    def get_rec_name(self, name):
        return f'{self.department.rec_name} {self.month:%Y-%m}'

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('department.rec_name',) + tuple(clause[1:])]

    @classmethod
    def preprocess_values(cls, mode, values):
        "A plan is of a month: its date is the month's first day"
        values = super().preprocess_values(mode, values)
        if values.get('month'):
            values['month'] = values['month'].replace(day=1)
        return values

    @classmethod
    def check_modification(cls, mode, plans, values=None, external=False):
        if mode in {'write', 'delete'} and external:
            for plan in plans:
                if plan.state != 'draft':
                    raise PlanError(gettext('cs_quality.msg_plan_scheduled',
                            plan=plan.rec_name))
        super().check_modification(
            mode, plans, values=values, external=external)

    @classmethod
    def copy(cls, plans, default=None):
        "The copy of a plan is the plan of the next month"
        default = dict(default or {})
        default.setdefault('lines', [])
        default.setdefault('month',
            lambda data: data['month'] + relativedelta(months=1))
        return super().copy(plans, default=default)

    @classmethod
    def _check_state(cls, plans, states, action):
        lock_in_states(cls, plans, states, PlanError,
            'cs_quality.msg_plan_wrong_state', 'plan')

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('scheduled')
    def schedule(cls, plans):
        "The days of the inspections, spread over the month"
        Line = Pool().get('cs.quality.plan.line')
        for plan in plans:
            if plan.count > month_days(plan.month):
                raise PlanError(gettext('cs_quality.msg_plan_too_many',
                        plan=plan.rec_name, count=plan.count))
        Line.save([Line(plan=p, date=d)
                for p in plans for d in spread(p.month, p.count)])

    @classmethod
    @check_state('draft', 'scheduled')
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, plans):
        "The days not reached are dropped; inspections created are kept"
        Line = Pool().get('cs.quality.plan.line')
        Line.delete([l for p in plans for l in p.lines if not l.inspection])

    @classmethod
    def create_due_inspections(cls):
        """The inspections of the days reached (scheduled job, daily): one
        draft inspection per day, the inspector's to start"""
        Line = Pool().get('cs.quality.plan.line')
        # the latest day anywhere; each line is checked in its company's
        latest = workflow.clock().date() + dt.timedelta(days=1)
        due = [l for l in Line.search([
                    ('plan.state', '=', 'scheduled'),
                    ('inspection', '=', None),
                    ('date', '<=', latest),
                    ], order=[('date', 'ASC'), ('id', 'ASC')])
            if l.date <= l.today()]
        return tools.each_batch(JOB, due, Line.create_inspections)


class PlanLine(BoundedMixin, ModelSQL, ModelView):
    "A day of a plan and the inspection created on it"
    __name__ = 'cs.quality.plan.line'
    __string__ = "Planned Inspection"

    plan = fields.Many2One(
        'cs.quality.plan', "Plan", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    inspection = fields.Many2One(
        'cs.quality.inspection', "Inspection", readonly=True,
        ondelete='SET NULL')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('plan')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.date, Index.Range()),
                where=t.inspection == Null))
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        "The days come from Schedule and the scheduled job, not a client"
        super().check_modification(
            mode, lines, values=values, external=external)
        if external:
            raise PlanError(gettext('cs_quality.msg_plan_days_fixed'))

    def today(self):
        "Today in the plan's company"
        return tools.local_date(workflow.clock(), self.plan.company.id)

    @classmethod
    def create_inspections(cls, lines):
        "A draft inspection for each of the lines, now"
        Inspection = Pool().get('cs.quality.inspection')
        inspections = [Inspection(
                company=l.plan.company, standard=l.plan.standard,
                department=l.plan.department, inspector=l.plan.inspector,
                method=l.plan.method, date=workflow.now())
            for l in lines]
        Inspection.save(inspections)
        for line, inspection in zip(lines, inspections):
            line.inspection = inspection
        cls.save(lines)
