# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.workflow import WorkflowMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import ImprovementError
from .ticket import CAUSES


class Improvement(WorkflowMixin, Workflow, ModelSQL, ModelView):
    "A corrective or preventive measure raised from complaints"
    __name__ = 'cs.helpdesk.improvement'
    __string__ = "Improvement Measure"

    _states = {'readonly': Eval('state').in_(['done', 'cancelled'])}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    name = fields.Char("Measure", required=True, states=_states)
    kind = fields.Selection([
            ('corrective', "Corrective"),
            ('preventive', "Preventive"),
            ], "Kind", required=True, states=_states)
    cause = fields.Selection(CAUSES, "Cause", sort=False, states=_states)
    description = fields.Text("Description", states=_states)
    owner = fields.Many2One(
        'company.employee', "Owner", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    department = fields.Many2One(
        'cs.department', "Department", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    due_date = fields.Date("Due Date", required=True, states=_states)
    done_date = fields.Date("Done Date", readonly=True)
    outcome = fields.Text(
        "Outcome", states=_states,
        help="What was changed and how its effect was checked.")
    tickets = fields.Many2Many(
        'cs.helpdesk.improvement-cs.helpdesk.ticket', 'improvement', 'ticket',
        "Complaints", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    overdue = fields.Function(
        fields.Boolean("Overdue"), 'get_overdue', searcher='search_overdue')
    state = fields.Selection([
            ('open', "Open"),
            ('in_progress', "In Progress"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.due_date, Index.Range()),
                where=t.state.in_(['open', 'in_progress'])))
        cls._order = [('due_date', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('open', 'in_progress'),
            ('in_progress', 'done'),
            ('open', 'cancelled'),
            ('in_progress', 'cancelled'),
            ('cancelled', 'open'),
            }
        cls._buttons.update({
                'start': {
                    'invisible': Eval('state') != 'open',
                    'icon': 'tryton-forward',
                    },
                'do': {
                    'invisible': Eval('state') != 'in_progress',
                    'icon': 'tryton-ok',
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['open', 'in_progress']),
                    'icon': 'tryton-cancel',
                    },
                'reopen': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-clear',
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'open'

    @classmethod
    def default_kind(cls):
        return 'corrective'

    def get_overdue(self, name):
        Date = Pool().get('ir.date')
        return (self.state in {'open', 'in_progress'}
            and self.due_date < Date.today())

    @classmethod
    def search_overdue(cls, name, clause):
        Date = Pool().get('ir.date')
        _, operator, value = clause
        overdue = [
            ('state', 'in', ['open', 'in_progress']),
            ('due_date', '<', Date.today()),
            ]
        if (operator == '=') == bool(value):
            return overdue
        return ['NOT', overdue]

    @classmethod
    @ModelView.button
    @workflow.step
    @Workflow.transition('in_progress')
    def start(cls, improvements):
        pass

    @classmethod
    @ModelView.button
    @workflow.step
    @Workflow.transition('done')
    def do(cls, improvements):
        Date = Pool().get('ir.date')
        for improvement in improvements:
            if not improvement.outcome:
                raise ImprovementError(gettext(
                        'cs_helpdesk.msg_improvement_outcome_required',
                        improvement=improvement.rec_name))
        cls.write(improvements, {'done_date': Date.today()})

    @classmethod
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, improvements):
        pass

    @classmethod
    @ModelView.button
    @workflow.step
    @Workflow.transition('open')
    def reopen(cls, improvements):
        pass


class ImprovementTicket(ModelSQL):
    __name__ = 'cs.helpdesk.improvement-cs.helpdesk.ticket'

    improvement = fields.Many2One(
        'cs.helpdesk.improvement', "Improvement Measure", required=True,
        ondelete='CASCADE')
    ticket = fields.Many2One(
        'cs.helpdesk.ticket', "Ticket", required=True, ondelete='CASCADE')
