# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The lost-and-found register (失物招领, HD-07)"
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.search import SearchKeyMixin
from trytond.modules.cs_base.tools import (
    BilingualReport, DayFiltersMixin, check_state, day_filter, local_date,
    order_index)
from trytond.modules.cs_base.workflow import WorkflowMixin, step_employee
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .desk import RegisterMixin, configuration
from .exceptions import RegisterError

CATEGORIES = [
    ('documents', "Documents or Cards"),
    ('wallet', "Wallet or Money"),
    ('phone', "Phone or Electronics"),
    ('keys', "Keys"),
    ('bag', "Bag or Luggage"),
    ('clothing', "Clothing"),
    ('jewellery', "Jewellery or Watch"),
    ('child', "Children's Things"),
    ('other', "Other"),
    ]
STATES = [
    ('registered', "Registered"),
    ('stored', "Stored"),
    ('publicised', "Publicised"),
    ('claimed', "Claimed"),
    ('disposed', "Disposed Of"),
    ('cancelled', "Cancelled"),
    ]
UNCLAIMED = ['stored', 'publicised']
DISPOSAL_METHODS = [
    (None, ""),
    ('police', "Handed to the Police"),
    ('charity', "Donated"),
    ('destroyed', "Destroyed"),
    ('finder', "Returned to the Finder"),
    ]


class Item(
        SearchKeyMixin, DayFiltersMixin, WorkflowMixin, RegisterMixin,
        Workflow, ModelSQL, ModelView):
    "A found item kept at the desk until its owner claims it"
    __name__ = 'cs.lost_found.item'
    __string__ = "Found Item"
    _rec_name = 'number'
    _search_key_sources = {
        'number', 'finder_name', 'finder_phone', 'claimant', 'claimant_name',
        'claimant_phone'}
    _search_key_parties = ('claimant',)

    _registered = {'readonly': Eval('state') != 'registered'}
    _unclaimed = {'readonly': ~Eval('state').in_(['registered'] + UNCLAIMED)}
    _day_filters = {
        'due_for_disposal': lambda today: [
            ('state', 'in', ['stored', 'publicised']),
            ('retention_end', '<', today)],
        }

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_registered)
    category = fields.Selection(
        CATEGORIES, "Category", required=True, sort=False,
        states=_registered,
        help="Only the category and the date are publicised, so that an "
        "owner proves the item is theirs by describing it.")
    category_string = category.translated('category')
    description = fields.Text(
        "Description", required=True, states=_registered,
        help="Everything that identifies the item: brand, colour, contents. "
        "Kept internal, to check a claimant's description against.")
    _not_in_future = {'found_at'}
    _now_defaults = {'found_at'}
    found_at = fields.DateTime("Found At", required=True, states=_registered)
    found_month = fields.Date("Month Found", readonly=True)
    found_place = fields.Char("Found In", required=True, states=_registered)
    finder_name = fields.Char("Finder", required=True, states=_registered)
    finder_phone = fields.Char("Finder's Phone", states=_registered)
    photo = fields.Binary(
        "Photo", file_id='photo_id', states=_unclaimed)
    photo_id = fields.Char("Photo ID", readonly=True)
    storage_place = fields.Char(
        "Storage Place",
        states={
            'readonly': ~Eval('state').in_(['registered'] + UNCLAIMED),
            'required': Eval('state').in_(UNCLAIMED),
            },
        help="The shelf, safe or box where the item is kept.")
    storage_ticket = fields.Many2One(
        'cs.storage.ticket', "Bag Storage Deposit", readonly=True,
        help="The deposit that was never collected and became a found item.")
    retention_end = fields.Date(
        "Keep Until", readonly=True,
        help="Unclaimed items may be disposed of after this date.")
    publicised_at = fields.DateTime("Publicised At", readonly=True)
    due_for_disposal = day_filter(
        "Due for Disposal", help="Unclaimed and kept past its date.")
    # the clerk at the desk by default, theirs to correct until stored
    registered_by = employee_field("Registered By", states=[
            s for s, _ in STATES if s != 'registered'])

    claimant = fields.Many2One(
        'party.party', "Claimant", states=_unclaimed,
        context={'company': Eval('company', -1)}, depends={'company'})
    claimant_name = fields.Char("Claimant's Name", states=_unclaimed)
    claimant_phone = fields.Char("Claimant's Phone", states=_unclaimed)
    claimant_identity = fields.Char(
        "Claimant's Identity Document", states=_unclaimed,
        help="Type and number of the document shown by the claimant.")
    claim_description = fields.Text(
        "Claimant's Description", states=_unclaimed,
        help="How the claimant describes the item, before seeing it.")
    identity_checked = fields.Boolean(
        "Identity Checked", states=_unclaimed,
        help="The clerk has seen the claimant's identity document.")
    description_checked = fields.Boolean(
        "Description Matches", states=_unclaimed,
        help="The claimant's description matches the registered one.")
    receipt_signed = fields.Boolean(
        "Receipt Signed", states=_unclaimed,
        help="The claimant has signed the printed claim receipt.")
    claimed_at = fields.DateTime("Claimed At", readonly=True)
    handed_over_by = step_employee("Handed Over By")

    disposal_method = fields.Selection(
        DISPOSAL_METHODS, "Disposal", readonly=True, sort=False)
    disposal_note = fields.Text("Disposal Note", readonly=True)
    disposed_at = fields.DateTime("Disposed At", readonly=True)
    disposal_approved_by = step_employee("Disposal Approved By")
    closed_month = fields.Date(
        "Month Closed", readonly=True,
        help="The month the item was claimed or disposed of.")
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        cls.number.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.number, Index.Similarity())),
                Index(t, (t.company, Index.Equality()),
                    (t.found_month, Index.Range())),
                Index(t, (t.company, Index.Equality()),
                    (t.closed_month, Index.Range())),
                Index(t, (t.state, Index.Equality()),
                    (t.found_at, Index.Range()),
                    where=t.state.in_(UNCLAIMED)),
                })
        cls._order = [('found_at', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('registered', 'stored'),
            ('stored', 'publicised'),
            ('stored', 'claimed'),
            ('publicised', 'claimed'),
            ('stored', 'disposed'),
            ('publicised', 'disposed'),
            ('registered', 'cancelled'),
            }
        cls._buttons.update({
                'store': {
                    'invisible': Eval('state') != 'registered',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'publicise': {
                    'invisible': Eval('state') != 'stored',
                    'icon': 'tryton-public',
                    'depends': ['state'],
                    },
                'hand_over': {
                    'invisible': ~Eval('state').in_(UNCLAIMED),
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'dispose': {
                    'invisible': ~Eval('state').in_(UNCLAIMED),
                    'icon': 'tryton-delete',
                    'depends': ['state'],
                    },
                'announce': {
                    'invisible': ~Eval('state').in_(UNCLAIMED),
                    'icon': 'tryton-launch',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'registered',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    def search_key_texts(self):
        return (
            [self.finder_name, self.claimant_name],
            [self.number, self.finder_phone, self.claimant_phone])

    @classmethod
    def default_state(cls):
        return 'registered'

    @classmethod
    def default_registered_by(cls):
        return Transaction().context.get('employee')

    @classmethod
    def default_category(cls):
        return 'other'

    @classmethod
    def default_identity_checked(cls):
        return False

    @classmethod
    def default_description_checked(cls):
        return False

    @classmethod
    def default_receipt_signed(cls):
        return False

    @fields.depends('claimant', 'claimant_name', 'claimant_phone',
        'claimant_identity')
    def on_change_claimant(self):
        if not self.claimant:
            return
        self.claimant_name = self.claimant.name
        self.claimant_phone = self.claimant.phone or self.claimant_phone
        if self.claimant.cs_identity_number:
            self.claimant_identity = ' '.join(filter(None, [
                        self.claimant.cs_identity_type_string,
                        self.claimant.cs_identity_number]))

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        company = values.get('company') or Transaction().context.get(
            'company')
        if mode == 'create' and not values.get('number'):
            values['number'] = Pool().get('cs.configuration').next_number(
                'lost_found_sequence', company)
        if values.get('found_at'):
            found = local_date(values['found_at'], company)
            values['found_month'] = found.replace(day=1)
            values['retention_end'] = found + dt.timedelta(
                days=configuration().lost_found_retention_days or 0)
        for name in ['claimed_at', 'disposed_at']:
            if values.get(name):
                values['closed_month'] = local_date(
                    values[name], company).replace(day=1)
        return values

    @classmethod
    def copy(cls, items, default=None):
        if items:
            raise RegisterError(gettext('cs_desk.msg_lost_found_copy'))
        return super().copy(items, default=default)

    @classmethod
    @check_state('registered')
    @ModelView.button
    @workflow.step
    @Workflow.transition('stored')
    def store(cls, items):
        for item in items:
            if not item.storage_place:
                raise RegisterError(gettext(
                        'cs_desk.msg_lost_found_storage_place',
                        item=item.rec_name))

    @classmethod
    @check_state('stored')
    @ModelView.button
    @workflow.step
    @Workflow.transition('publicised')
    def publicise(cls, items):
        cls.write(items, {'publicised_at': workflow.clock()})

    @classmethod
    @check_state(*UNCLAIMED)
    @ModelView.button
    @workflow.step
    @Workflow.transition('claimed')
    @set_employee('handed_over_by')
    def hand_over(cls, items):
        for item in items:
            item.check_claim()
        cls.write(items, {'claimed_at': workflow.clock()})

    def check_claim(self):
        "A found item goes back complete and verified (HD-07)"
        if not self.claimant_name or not self.claimant_identity:
            raise RegisterError(gettext(
                    'cs_desk.msg_lost_found_claimant',
                    item=self.rec_name))
        if not self.identity_checked:
            raise RegisterError(gettext(
                    'cs_desk.msg_lost_found_identity_unchecked',
                    item=self.rec_name))
        if not self.claim_description or not self.description_checked:
            raise RegisterError(gettext(
                    'cs_desk.msg_lost_found_description_unchecked',
                    item=self.rec_name))
        if not self.receipt_signed:
            raise RegisterError(gettext(
                    'cs_desk.msg_lost_found_receipt_unsigned',
                    item=self.rec_name))

    @classmethod
    @ModelView.button_action('cs_desk.wizard_lost_found_dispose')
    def dispose(cls, items):
        pass

    @classmethod
    @check_state(*UNCLAIMED)
    @Workflow.transition('disposed')
    @set_employee('disposal_approved_by')
    def do_dispose(cls, items, method, note):
        "Dispose of unclaimed items whose retention period is over"
        for item in items:
            today = local_date(workflow.clock(), item.company.id)
            if item.retention_end and item.retention_end >= today:
                raise RegisterError(gettext(
                        'cs_desk.msg_lost_found_retention',
                        item=item.rec_name,
                        date=Pool().get('ir.lang').get().strftime(
                            item.retention_end)))
        cls.write(items, {
                'disposal_method': method,
                'disposal_note': note,
                'disposed_at': workflow.clock(),
                })

    @classmethod
    @ModelView.button_action('cs_desk.wizard_broadcast_draft')
    def announce(cls, items):
        pass

    @classmethod
    @check_state('registered')
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, items):
        pass

    @classmethod
    def register_deposits(cls, deposits):
        "Register uncollected bag-storage deposits as found items"
        items = [cls(
                company=d.company,
                category='bag',
                description=d.items_description,
                found_at=workflow.clock(),
                found_place=gettext(
                    'cs_desk.msg_lost_found_from_storage', tag=d.tag),
                finder_name=gettext('cs_desk.msg_lost_found_desk'),
                storage_place=d.locker or gettext(
                    'cs_desk.msg_lost_found_desk'),
                storage_ticket=d) for d in deposits]
        cls.save(items)
        cls.store(items)
        return items


class Dispose(Wizard):
    "Dispose of unclaimed found items with a supervisor's approval"
    __name__ = 'cs.lost_found.dispose'
    start = StateView('cs.lost_found.dispose.start',
        'cs_desk.lost_found_dispose_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Dispose Of", 'dispose', 'tryton-ok', default=True),
            ])
    dispose = StateTransition()

    def transition_dispose(self):
        self.model.do_dispose(
            self.records, self.start.method, self.start.note)
        return 'end'


class DisposeStart(ModelView):
    __name__ = 'cs.lost_found.dispose.start'
    __string__ = "Dispose of Found Items"

    method = fields.Selection(
        DISPOSAL_METHODS[1:], "Disposal", required=True, sort=False)
    note = fields.Text(
        "Note", help="To whom the items went, with receipt numbers.")


class ClaimReceipt(BilingualReport):
    "The receipt a claimant signs on collection, in Chinese and Russian"
    __name__ = 'cs.lost_found.item.claim_receipt'
