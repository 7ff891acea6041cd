# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The front desk's shift handover log (交接班记录表, HD-10)"
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import check_state, order_index
from trytond.modules.cs_base.workflow import WorkflowMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .desk import RegisterMixin
from .exceptions import RegisterError
from .lost_found import UNCLAIMED


class ShiftHandover(
        WorkflowMixin, RegisterMixin, Workflow, ModelSQL, ModelView):
    """One clerk hands the desk to the next: what is open at that moment is
    recorded, and the next clerk confirms taking it over"""
    __name__ = 'cs.helpdesk.shift'
    __string__ = "Shift Handover"

    _draft = {'readonly': Eval('state') != 'draft'}
    _deletable_states = {'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    from_employee = fields.Many2One(
        'company.employee', "Handed Over By", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    to_employee = fields.Many2One(
        'company.employee', "Taken Over By", required=True, states=_draft,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('id', '!=', Eval('from_employee', -1)),
            ])
    notes = fields.Text(
        "Matters to Follow Up", states=_draft,
        help="Promises made to customers, keys, cash, equipment faults.")
    handed_over_at = fields.DateTime("Handed Over At", readonly=True)
    taken_over_at = fields.DateTime("Taken Over At", readonly=True)
    open_deposits = fields.Many2Many(
        'cs.helpdesk.shift-cs.storage.ticket', 'shift', 'deposit',
        "Open Deposits", readonly=True)
    open_deposit_count = fields.Integer("Open Deposits", readonly=True)
    unclaimed_item_count = fields.Integer("Unclaimed Items", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('handed_over', "Handed Over"),
            ('taken_over', "Taken Over"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.company, Index.Equality()),
                (t.handed_over_at, Index.Range())))
        cls._order = [('handed_over_at', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('draft', 'handed_over'),
            ('handed_over', 'taken_over'),
            }
        cls._buttons.update({
                'hand_over': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'take_over': {
                    'invisible': Eval('state') != 'handed_over',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_from_employee(cls):
        return Transaction().context.get('employee')

    def get_rec_name(self, name):
        return ' → '.join(
            [self.from_employee.rec_name, self.to_employee.rec_name])

    @classmethod
    def check_modification(cls, mode, shifts, values=None, external=False):
        # before the workflow's field by field refusal: this one says why
        if mode == 'write' and external:
            for shift in shifts:
                if shift.state != 'draft':
                    raise RegisterError(gettext(
                            'cs_desk.msg_shift_recorded',
                            shift=shift.rec_name))
        super().check_modification(
            mode, shifts, values=values, external=external)

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('handed_over')
    def hand_over(cls, shifts):
        "Record what is open at the desk at this moment"
        for shift in shifts:
            shift.record_open()
            shift.handed_over_at = workflow.clock()
        cls.save(shifts)

    def record_open(self):
        "Record what is open at the desk (helpdesk.py adds the tickets)"
        pool = Pool()
        Deposit = pool.get('cs.storage.ticket')
        Item = pool.get('cs.lost_found.item')
        company = [('company', '=', self.company.id)]
        self.open_deposits = Deposit.search(
            company + [('state', '=', 'deposited')])
        self.open_deposit_count = len(self.open_deposits)
        self.unclaimed_item_count = Item.search_count(
            company + [('state', 'in', UNCLAIMED)])

    @classmethod
    @check_state('handed_over')
    @ModelView.button
    @workflow.step
    @Workflow.transition('taken_over')
    def take_over(cls, shifts):
        "Only the clerk taking over confirms: the desk is never left alone"
        employee = Transaction().context.get('employee')
        for shift in shifts:
            if shift.to_employee.id != employee:
                raise RegisterError(gettext(
                        'cs_desk.msg_shift_not_successor',
                        shift=shift.rec_name,
                        employee=shift.to_employee.rec_name))
        cls.write(shifts, {'taken_over_at': workflow.clock()})


class ShiftDeposit(ModelSQL):
    __name__ = 'cs.helpdesk.shift-cs.storage.ticket'
    __string__ = "Shift Handover - Deposit"

    shift = fields.Many2One(
        'cs.helpdesk.shift', "Shift Handover", required=True,
        ondelete='CASCADE')
    deposit = fields.Many2One(
        'cs.storage.ticket', "Deposit", required=True, ondelete='CASCADE')
