# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from . import workflow
from .exceptions import RevisitError
from .tools import notify_cs_admins, order_index
from .workflow import WorkflowMixin

METHODS = [
    ('phone', "Phone"),
    ('visit', "Visit"),
    ('email', "E-mail"),
    ('wechat', "WeChat"),
    ('sms', "SMS"),
    ('other', "Other"),
    ]


class OriginMixin:
    "A record made about another one, such as a ticket or a repair order"
    __slots__ = ()

    origin = fields.Reference(
        "Origin", selection='get_origin',
        domain={
            'party.party': [('id', '=', Eval('party', -1))],
            })

    @classmethod
    def _get_origin(cls):
        "Return the models a record can be about; modules extend it"
        return ['party.party']

    @fields.depends('origin', 'party')
    def on_change_origin(self):
        "A record made from a request is about the request's customer"
        origin = self.origin
        party = origin if getattr(origin, '__name__', None) == 'party.party' \
            else getattr(origin, 'party', None)
        if party and not self.party:
            self.party = party

    @classmethod
    def get_origin(cls):
        IrModel = Pool().get('ir.model')
        models = cls._get_origin()
        return [(None, '')] + [
            (m.name, m.string) for m in IrModel.search(
                [('name', 'in', models)])]


class Revisit(WorkflowMixin, OriginMixin, Workflow, ModelSQL, ModelView):
    "A follow-up call or visit to a customer after a request was handled"
    __name__ = 'cs.revisit'
    __string__ = "Revisit"

    _states = {
        'readonly': Eval('state') != 'planned',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    party = fields.Many2One(
        'party.party', "Customer", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    planned_date = fields.Date("Planned Date", required=True, states=_states)
    done_date = fields.DateTime("Done At", readonly=True)
    method = fields.Selection(METHODS, "Method", required=True, states=_states)
    method_string = method.translated('method')
    staff = employee_field("Staff", states=['done', 'cancelled'])
    findings = fields.Text("Findings", states=_states)
    customer_opinion = fields.Text(
        "Customer's Opinion", states=_states,
        help="What the customer said, in their own words.")
    state = fields.Selection([
            ('planned', "Planned"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    overdue = fields.Function(
        fields.Boolean("Overdue"), 'get_overdue', searcher='search_overdue')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.origin.states = cls._states
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Equality())),
                Index(t, (t.origin, Index.Equality())),
                Index(t, (t.planned_date, Index.Range()),
                    where=t.state == 'planned'),
                })
        cls._order = [('planned_date', 'ASC'), ('id', 'ASC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('planned', 'done'),
            ('planned', 'cancelled'),
            ('cancelled', 'planned'),
            }
        cls._buttons.update({
                'do': {
                    'invisible': Eval('state') != 'planned',
                    'icon': 'tryton-ok',
                    },
                'cancel': {
                    'invisible': Eval('state') != 'planned',
                    'icon': 'tryton-cancel',
                    },
                'replan': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-clear',
                    },
                })
        cls.staff.domain = [
            If(Eval('company'), ('company', '=', Eval('company', -1)), ()),
            ]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'planned'

    @classmethod
    def default_method(cls):
        return 'phone'

    def get_overdue(self, name):
        Date = Pool().get('ir.date')
        return self.state == 'planned' and self.planned_date < Date.today()

    @classmethod
    def search_overdue(cls, name, clause):
        Date = Pool().get('ir.date')
        _, operator, value = clause
        overdue = [
            ('state', '=', 'planned'),
            ('planned_date', '<', Date.today()),
            ]
        if (operator == '=') == bool(value):
            return overdue
        return ['OR',
            ('state', '!=', 'planned'),
            ('planned_date', '>=', Date.today()),
            ]

    @classmethod
    def notify_overdue(cls):
        "Tell the customer-service administrators which revisits are late"
        count = cls.search([('overdue', '=', True)], count=True)
        if count:
            notify_cs_admins(
                'cs_base.msg_revisits_overdue_label',
                'cs_base.msg_revisits_overdue_description',
                'cs_base.act_revisit_form', 'tryton-warning', count=count)

    @classmethod
    def check_modification(cls, mode, revisits, values=None, external=False):
        super().check_modification(
            mode, revisits, values=values, external=external)
        if mode == 'delete':
            for revisit in revisits:
                if revisit.state == 'done':
                    raise RevisitError(gettext(
                            'cs_base.msg_revisit_delete_done',
                            revisit=revisit.rec_name))

    def get_rec_name(self, name):
        # the date as the user's language writes it, as the client does
        date = Pool().get('ir.lang').get().strftime(self.planned_date)
        return f'{self.party.rec_name} @ {date}'

    @classmethod
    @ModelView.button
    @workflow.step
    @Workflow.transition('done')
    @set_employee('staff')
    def do(cls, revisits):
        for revisit in revisits:
            if not revisit.customer_opinion:
                raise RevisitError(gettext(
                        'cs_base.msg_revisit_opinion_required',
                        revisit=revisit.rec_name))
        cls.write(revisits, {'done_date': dt.datetime.now()})

    @classmethod
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, revisits):
        pass

    @classmethod
    @ModelView.button
    @workflow.step
    @Workflow.transition('planned')
    def replan(cls, revisits):
        pass
