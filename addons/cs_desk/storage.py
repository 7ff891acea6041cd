# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Bag storage at the desk (存/取包, HD-01, HD-07)"
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import (
    BilingualReport, check_state, each_record, local_date, order_index)
from trytond.modules.cs_base.workflow import (
    PHONE_SIZE, WorkflowMixin, step_employee)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import timezone as tz
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .desk import ContactMixin, RegisterMixin, configuration
from .exceptions import RegisterError

STATES = [
    ('deposited', "Deposited"),
    ('collected', "Collected"),
    ('transferred', "Moved to Lost and Found"),
    ('cancelled', "Cancelled"),
    ]


class Deposit(
        WorkflowMixin, ContactMixin, RegisterMixin, Workflow, ModelSQL,
        ModelView):
    "Bags and parcels a customer leaves at the desk against a numbered tag"
    __name__ = 'cs.storage.ticket'
    __string__ = "Bag Storage Deposit"
    _rec_name = 'tag'

    _deposited = {'readonly': Eval('state') != 'deposited'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_deposited)
    tag = fields.Char(
        "Tag", required=True, size=20, states=_deposited,
        help="The number on the tag given to the customer; a tag can be on "
        "only one open deposit.")
    open_tag = fields.Char(
        "Open Tag", readonly=True, size=20,
        help="The tag while the deposit is at the desk.")
    locker = fields.Char(
        "Locker", size=20, states=_deposited, help="The locker or shelf used.")
    party = fields.Many2One(
        'party.party', "Customer", states=_deposited,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact_name = fields.Char("Contact Name", states=_deposited)
    contact_phone = fields.Char(
        "Contact Phone", size=PHONE_SIZE, states=_deposited)
    items_description = fields.Char(
        "Items", required=True, states=_deposited,
        help="What was deposited, as the customer would recognise it.")
    pieces = fields.Integer(
        "Pieces", required=True, states=_deposited,
        domain=[('pieces', '>', 0), ('pieces', '<=', 99)])
    _not_in_future = {'deposited_at'}
    _now_defaults = {'deposited_at'}
    deposited_at = fields.DateTime(
        "Deposited At", required=True, states=_deposited)
    deposit_date = fields.Date("Deposit Date", readonly=True)
    # the clerk at the desk by default, theirs to correct while deposited
    deposited_by = employee_field("Received By", states=[
            s for s, _ in STATES if s != 'deposited'])
    collected_at = fields.DateTime("Collected At", readonly=True)
    collected_by = step_employee("Handed Back By")
    collect_note = fields.Text(
        "Collection Note", readonly=True,
        help="How the customer proved the deposit was theirs without the "
        "tag.")
    found_item = fields.Many2One(
        'cs.lost_found.item', "Found Item", readonly=True,
        states={'invisible': Eval('state') != 'transferred'})
    overdue = fields.Function(fields.Boolean(
            "Left After Closing",
            help="Still at the desk after the last closing time."),
        'get_overdue', searcher='search_overdue')
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        cls.tag.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        # NULLs never clash, so a plain unique constraint, enforced by the
        # database on SQLite as on PostgreSQL, covers the open deposits only
        cls._sql_constraints += [
            ('open_tag_unique', Unique(t, t.company, t.open_tag),
                'cs_desk.msg_storage_tag_in_use'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality()),
                    (t.deposited_at, Index.Range()),
                    where=t.state == 'deposited'),
                Index(t, (t.company, Index.Equality()),
                    (t.deposit_date, Index.Range())),
                })
        cls._order = [('deposited_at', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('deposited', 'collected'),
            ('deposited', 'transferred'),
            ('deposited', 'cancelled'),
            }
        cls._buttons.update({
                'collect': {
                    'invisible': Eval('state') != 'deposited',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'transfer': {
                    'invisible': Eval('state') != 'deposited',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'deposited',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'deposited'

    @classmethod
    def default_deposited_by(cls):
        return Transaction().context.get('employee')

    @classmethod
    def default_pieces(cls):
        return 1

    def get_rec_name(self, name):
        return f'{self.tag} ({self.items_description})'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause[:3]
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('tag', operator, value),
            ('items_description', operator, value),
            ('contact_name', operator, value),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('tag'):
            values['tag'] = values['open_tag'] = values['tag'].strip().upper()
        if values.get('state', 'deposited') != 'deposited':
            values['open_tag'] = None
        if values.get('deposited_at'):
            values['deposit_date'] = local_date(
                values['deposited_at'], values.get('company')
                or Transaction().context.get('company'))
        return values

    @classmethod
    def copy(cls, deposits, default=None):
        if deposits:
            raise RegisterError(gettext('cs_desk.msg_storage_copy'))
        return super().copy(deposits, default=default)

    @staticmethod
    def last_closing():
        "The last closing time of the desk, as naive UTC"
        Company = Pool().get('company.company')
        company_id = Transaction().context.get('company')
        timezone = tz.get_tzinfo(
            company_id and Company.timezone_of(company_id) or 'UTC')
        current = workflow.clock().replace(tzinfo=tz.UTC).astimezone(timezone)
        closing = dt.datetime.combine(
            current.date(),
            configuration().desk_closing_time or dt.time(21),
            tzinfo=timezone)
        if closing > current:
            closing -= dt.timedelta(days=1)
        return closing.astimezone(tz.UTC).replace(tzinfo=None)

    @classmethod
    def get_overdue(cls, deposits, name):
        closing = cls.last_closing()
        return {d.id: d.state == 'deposited' and d.deposited_at < closing
            for d in deposits}

    @classmethod
    def search_overdue(cls, name, clause):
        _, operator, value = clause
        overdue = [
            ('state', '=', 'deposited'),
            ('deposited_at', '<', cls.last_closing()),
            ]
        if (operator == '=') == bool(value):
            return overdue
        return ['NOT', overdue]

    @classmethod
    @ModelView.button_action('cs_desk.wizard_storage_collect')
    def collect(cls, deposits):
        pass

    @classmethod
    @check_state('deposited')
    @Workflow.transition('collected')
    @set_employee('collected_by')
    def do_collect(cls, deposits, tag, note=None):
        """Hand deposits back against their tag; a lost tag needs the
        note of how the customer proved the deposit was theirs"""
        for deposit in deposits:
            if not note and (tag or '').strip().upper() != deposit.tag:
                raise RegisterError(gettext(
                        'cs_desk.msg_storage_tag_mismatch',
                        tag=tag, deposit=deposit.rec_name))
        cls.write(deposits, {
                'collected_at': workflow.clock(), 'collect_note': note})

    @classmethod
    @check_state('deposited')
    @ModelView.button
    @workflow.step
    @Workflow.transition('transferred')
    def transfer(cls, deposits):
        Item = Pool().get('cs.lost_found.item')
        items = Item.register_deposits(deposits)
        for deposit, item in zip(deposits, items):
            deposit.found_item = item
        cls.save(deposits)

    @classmethod
    @check_state('deposited')
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, deposits):
        pass

    @classmethod
    def transfer_abandoned(cls):
        "Move deposits left past the configured time to lost and found"
        hours = configuration().storage_abandon_hours
        if not hours:
            return
        deposits = cls.search([
                ('state', '=', 'deposited'),
                ('deposited_at', '<',
                    workflow.clock() - dt.timedelta(hours=hours)),
                ])
        each_record('cs.storage.ticket|transfer_abandoned', deposits,
            lambda deposit: cls.transfer([deposit]))


class Collect(Wizard):
    "Hand a deposit back against its tag"
    __name__ = 'cs.storage.collect'
    start = StateView('cs.storage.collect.start',
        'cs_desk.storage_collect_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Hand Back", 'collect', 'tryton-ok', default=True),
            ])
    collect = StateTransition()

    def transition_collect(self):
        note = self.start.proof if self.start.tag_lost else None
        self.model.do_collect(self.records, self.start.tag, note)
        return 'end'


class CollectStart(ModelView):
    __name__ = 'cs.storage.collect.start'
    __string__ = "Collect a Deposit"

    tag_lost = fields.Boolean(
        "Tag Lost", help="The customer cannot show the tag.")
    tag = fields.Char(
        "Tag Shown", states={
            'required': ~Eval('tag_lost', False),
            'invisible': Eval('tag_lost', False),
            },
        help="The number on the tag the customer hands back.")
    proof = fields.Text(
        "Proof of Ownership", states={
            'required': Eval('tag_lost', False),
            'invisible': ~Eval('tag_lost', False),
            },
        help="The identity document seen and how the customer described "
        "the contents.")


class TagSlip(BilingualReport):
    "The bilingual slip given with a storage tag"
    __name__ = 'cs.storage.ticket.slip'
