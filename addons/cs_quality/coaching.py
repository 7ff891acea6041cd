# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Coaching plans (辅导): an employee graded "needs coaching" gets a plan
with a coach, goals and a due date; the coach records the result"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import check_state, lock_in_states
from trytond.modules.cs_base.workflow import WorkflowMixin
from trytond.pool import Pool
from trytond.pyson import Eval

from .exceptions import CoachingError

# the coaching takes the period after the appraisal
COACHING_DAYS = 30


class Coaching(WorkflowMixin, Workflow, ModelSQL, ModelView):
    """The plan agreed with an employee who needs coaching after an
    appraisal: who coaches, what to improve, by when, and how it went"""
    __name__ = 'cs.quality.coaching'
    __string__ = "Coaching Plan"

    _open = {'readonly': Eval('state') != 'open'}

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    appraisal = fields.Many2One(
        'cs.quality.appraisal', "Appraisal", required=True, readonly=True,
        ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, readonly=True)
    department = fields.Many2One(
        'cs.department', "Department", required=True, readonly=True)
    coach = fields.Many2One(
        'company.employee', "Coach", states=_open,
        domain=[('company', '=', Eval('company', -1))])
    goals = fields.Text(
        "Goals", states=_open,
        help="What the employee is to improve, from the appraisal's "
        "weak measures.")
    actions = fields.Text(
        "Actions", states=_open,
        help="Training, shadowing, exams retaken…")
    due_date = fields.Date("Due Date", required=True, states=_open)
    result = fields.Text("Result", states=_open)
    done_date = fields.Date("Done On", readonly=True)
    state = fields.Selection([
            ('open', "Open"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('appraisal_unique', Unique(t, t.appraisal),
                'cs_quality.msg_coaching_unique'),
            ]
        cls._order = [('due_date', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('open', 'done'),
            ('open', 'cancelled'),
            }
        cls._buttons.update({
                'complete': {
                    'invisible': Eval('state') != 'open',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'open',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'open'

    def get_rec_name(self, name):
        return self.appraisal.rec_name

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name',) + tuple(clause[1:])]

    @classmethod
    def check_modification(cls, mode, plans, values=None, external=False):
        if mode == 'write' and external:
            for plan in plans:
                if plan.state != 'open':
                    raise CoachingError(gettext(
                            'cs_quality.msg_coaching_closed',
                            plan=plan.rec_name))
        super().check_modification(
            mode, plans, values=values, external=external)

    @classmethod
    def _check_state(cls, plans, states, action):
        lock_in_states(cls, plans, states, CoachingError,
            'cs_quality.msg_coaching_wrong_state', 'plan')

    @classmethod
    def plan_for(cls, appraisals):
        """A plan for each of the appraisals that needs coaching and has
        none yet, coached by the department's manager, or by the reviewer
        when the manager is the one coached (or there is none)"""
        existing = {p.appraisal for p in cls.search([
                    ('appraisal', 'in', [a.id for a in appraisals])])}
        reviewers = workflow.user_employees()

        def coach(appraisal):
            manager = appraisal.department.manager
            if manager and manager != appraisal.employee:
                return manager
            return reviewers.get(appraisal.company.id)
        cls.save([cls(
                    company=a.company, appraisal=a, employee=a.employee,
                    department=a.department, coach=coach(a),
                    goals=a.weak_measures(),
                    due_date=a.end_date + dt.timedelta(days=COACHING_DAYS))
                for a in appraisals
                if a.coaching and a not in existing])

    @classmethod
    @check_state('open')
    @ModelView.button
    @workflow.step
    @Workflow.transition('done')
    def complete(cls, plans):
        "The coach records how it went"
        Date = Pool().get('ir.date')
        for plan in plans:
            if not plan.result:
                raise CoachingError(gettext(
                        'cs_quality.msg_coaching_result_required',
                        plan=plan.rec_name))
            plan.done_date = Date.today()
        cls.save(plans)

    @classmethod
    @check_state('open')
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, plans):
        pass
