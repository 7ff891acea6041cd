# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt

from sql import Null

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields,
    sequence_ordered)
from trytond.modules.company.model import set_employee
from trytond.modules.cs_base import tools, workflow
from trytond.modules.cs_base.search import SearchKeyMixin
from trytond.modules.cs_base.tools import (
    EMAIL, CustomerLanguageReport, check_state, each_record, local_date,
    order_index, script_language)
from trytond.modules.cs_base.workflow import (
    PHONE_SIZE, BoundedMixin, HistoryMixin, WorkflowMixin, check_button_access,
    step_employee, user_employees)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import TicketError

KINDS = [
    ('consultation', "Consultation"),
    ('complaint', "Complaint"),
    ('return', "Return or Exchange"),
    ('repair', "Repair Request"),
    ('lost_item', "Lost Item Report"),
    ('storage', "Bag Storage"),
    ('gift_wrap', "Gift Wrapping"),
    ('bulk_purchase', "Bulk or Group Purchase"),
    ('phone_order', "Phone Order"),
    ('invoice', "Invoice Request"),
    ('suggestion', "Suggestion"),
    ('other', "Other"),
    ]
PRIORITIES = [
    ('low', "Low"),
    ('normal', "Normal"),
    ('high', "High"),
    ('urgent', "Urgent"),
    ]
CAUSES = [
    (None, ""),
    ('attitude', "Service Attitude"),
    ('skill', "Service Skill"),
    ('cashier', "Cashier Error"),
    ('waiting', "Waiting Time"),
    ('missing_service', "Missing Service"),
    ('after_sales', "After-Sales Service"),
    ('quality', "Product Quality"),
    ('environment', "Equipment or Environment"),
    ('other', "Other"),
    ]
STATES = [
    ('draft', "Draft"),
    ('registered', "Registered"),
    ('escalated', "Escalated"),
    ('dispatched', "Dispatched"),
    ('in_progress', "In Progress"),
    ('waiting', "Waiting on Customer"),
    ('resolved', "Resolved"),
    ('revisited', "Revisited"),
    ('closed', "Closed"),
    ('cancelled', "Cancelled"),
    ]
# the states in which the service level clock runs
RUNNING = ['registered', 'escalated', 'dispatched', 'in_progress']
OPEN = RUNNING + ['waiting']
# the states before dispatch, in which the deadlines follow the intake
INTAKE = ['draft', 'registered', 'escalated']


class TicketType(
        BoundedMixin, DeactivableMixin, sequence_ordered(), ModelSQL,
        ModelView):
    "What a customer asks the service desk for"
    __name__ = 'cs.helpdesk.ticket.type'
    __string__ = "Ticket Type"

    name = fields.Char("Name", required=True, translate=True)
    kind = fields.Selection(KINDS, "Kind", required=True, sort=False)
    needs_department = fields.Boolean(
        "Needs Responsible Party",
        help="Tickets of this type are dispatched to a department or a "
        "merchant, who handles them and reports the result.")
    needs_revisit = fields.Boolean(
        "Needs Revisit",
        help="The customer is called back after the ticket is resolved.")
    needs_satisfaction = fields.Boolean(
        "Needs Satisfaction Rating",
        help="The customer's satisfaction is recorded before closing.")
    portal = fields.Boolean(
        "On Portal", help="Customers may submit this type on the portal.")

    _settings_cache = Cache(
        'cs.helpdesk.ticket.type.settings', context=False)

    @classmethod
    def default_kind(cls):
        return 'other'

    @classmethod
    def on_modification(cls, mode, types, field_names=None):
        super().on_modification(mode, types, field_names=field_names)
        cls._settings_cache.clear()

    @classmethod
    def settings(cls, type_):
        """type_ with its settings (kind, what its tickets need, the steps
        e-mailed), kept until a type changes: every ticket registered asks
        them, and reading the type was a tenth of the registration"""
        values = cls._settings_cache.get(type_.id)
        if values is None:
            names = [n for n, f in cls._fields.items()
                if not isinstance(f, (fields.Function, fields.One2Many,
                            fields.Many2Many))
                and not getattr(f, 'translate', False)]
            with without_check_access():
                values, = cls.read([type_.id], names)
            cls._settings_cache.set(type_.id, values)
        return cls(**values)


class Ticket(
        SearchKeyMixin, WorkflowMixin, Workflow, ModelSQL, ModelView):
    "A request registered at the service desk (客户信息登记表)"
    __name__ = 'cs.helpdesk.ticket'
    __string__ = "Service Ticket"
    _rec_name = 'number'
    _search_key_sources = {'number', 'party', 'contact_name', 'contact_phone'}
    _search_key_parties = ('party',)
    _not_in_future = {'received_at'}
    _now_defaults = {'received_at'}

    _intake = {'readonly': ~Eval('state').in_(INTAKE)}
    _open = {'readonly': ~Eval('state').in_(['draft'] + OPEN)}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_intake)
    type = fields.Many2One(
        'cs.helpdesk.ticket.type', "Type", required=True, states=_intake)
    kind = fields.Function(
        fields.Selection(KINDS, "Kind"), 'on_change_with_kind')
    channel = fields.Many2One(
        'cs.channel', "Channel", required=True, states=_intake)
    received_at = fields.DateTime(
        "Received At", required=True, states=_intake,
        help="When the customer made the request; deadlines count from it.")
    received_month = fields.Date("Month Received", readonly=True)
    received_quarter = fields.Date("Quarter Received", readonly=True)
    received_year = fields.Date("Year Received", readonly=True)
    party = fields.Many2One(
        'party.party', "Customer", states=_intake,
        context={'company': Eval('company', -1)}, depends={'company'},
        help="Leave empty for a walk-in customer and fill the contact.")
    contact_name = fields.Char("Contact Name", states=_intake)
    contact_phone = fields.Char(
        "Contact Phone", size=PHONE_SIZE, states=_intake)
    contact_email = fields.Char(
        "Contact E-mail", states=_intake,
        help="The address the request came from; replies go to it.")
    language = fields.Many2One(
        'ir.lang', "Service Language", states=_open,
        help="The language in which the customer is served and written to.")
    vip = fields.Boolean(
        "VIP", states=_intake, help="Set from the customer at registration.")
    description = fields.Text("Description", required=True, states=_intake)
    customer_request = fields.Text(
        "Customer's Request", states=_intake,
        help="What the customer asks for.")
    priority = fields.Selection(
        PRIORITIES, "Priority", required=True, sort=False, states=_intake)
    priority_string = priority.translated('priority')
    major = fields.Boolean(
        "Major Complaint", states=_intake,
        help="Major complaints go to a supervisor before dispatch.")
    cause = fields.Selection(
        CAUSES, "Cause", sort=False, states=_open,
        help="The category of the complaint's cause, for statistics.")
    cause_string = cause.translated('cause')
    cause_analysis = fields.Text("Cause Analysis", states=_open)
    responsibility = fields.Text(
        "Responsibility", states=_open,
        help="Who is responsible for the cause and how it is settled.")
    answer = fields.Many2One(
        'cs.helpdesk.answer', "Standard Answer", states=_open,
        help="Search the standard answers in Chinese or Russian.")

    dispatch_to = fields.Selection([
            ('department', "Department"),
            ('merchant', "Merchant"),
            ], "Dispatch To", required=True, states=_intake)
    department = fields.Many2One(
        'cs.department', "Department",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': ~Eval('state').in_(INTAKE),
            'invisible': Eval('dispatch_to') != 'department',
            })
    merchant = fields.Many2One(
        'party.party', "Merchant",
        domain=[('cs_merchant', '=', True)],
        context={'company': Eval('company', -1)}, depends={'company'},
        states={
            'readonly': ~Eval('state').in_(INTAKE),
            'invisible': Eval('dispatch_to') != 'merchant',
            })
    merchant_deadline = fields.DateTime(
        "Merchant Deadline", readonly=True,
        states={'invisible': Eval('dispatch_to') != 'merchant'})
    acknowledged_at = fields.DateTime("Acknowledged At", readonly=True)
    result = fields.Text(
        "Result", states=_open,
        help="The handling result, as reported by the department or merchant "
        "and told to the customer.")

    sla = fields.Many2One(
        'cs.helpdesk.sla', "Service Level", readonly=True, ondelete='RESTRICT')
    response_deadline = fields.DateTime("Response Deadline", readonly=True)
    resolution_deadline = fields.DateTime(
        "Resolution Deadline", readonly=True)
    at_risk_at = fields.DateTime("At Risk From", readonly=True)
    responded_at = fields.DateTime("Responded At", readonly=True)
    resolved_at = fields.DateTime("Resolved At", readonly=True)
    resolution_hours = fields.Float(
        "Resolution Time", readonly=True, digits=(16, 2),
        help="Working hours from receipt to resolution, pauses excluded.")
    paused_hours = fields.Float(
        "Paused Time", readonly=True, digits=(16, 2),
        help="Working hours spent waiting on the customer.")
    sla_breached = fields.Boolean("Deadline Missed", readonly=True)
    sla_state = fields.Function(fields.Selection([
                (None, ""),
                ('on_track', "On Track"),
                ('at_risk', "At Risk"),
                ('breached', "Breached"),
                ('met', "Met"),
                ], "Service Level State"),
        'get_sla_state', searcher='search_sla_state')
    sla_notified = fields.Selection([
            (None, ""),
            ('at_risk', "At Risk"),
            ('breached', "Breached"),
            ], "SLA Notified", readonly=True)
    promised_callback = fields.DateTime(
        "Promised Callback", states=_open,
        help="When the desk promised to call the customer back, "
        "even without an answer yet.")
    callback_overdue = fields.Function(
        fields.Boolean("Callback Overdue"),
        'get_callback_overdue', searcher='search_callback_overdue')
    pauses = fields.One2Many(
        'cs.helpdesk.ticket.pause', 'ticket', "Pauses", readonly=True)
    paused_state = fields.Selection(
        [(None, "")] + STATES, "Paused In", readonly=True)

    revisits = fields.One2Many(
        'cs.revisit', 'origin', "Revisits",
        states={
            'readonly': ~Eval('state').in_(['resolved', 'revisited']),
            'invisible': ~Eval('party'),
            },
        add_remove=[])
    satisfactions = fields.One2Many(
        'cs.satisfaction', 'origin', "Satisfaction",
        states={
            'readonly': ~Eval('state').in_(['resolved', 'revisited']),
            'invisible': ~Eval('party'),
            },
        size=1)
    rating = fields.Integer("Rating", readonly=True)
    events = fields.One2Many(
        'cs.helpdesk.ticket.event', 'ticket', "History", readonly=True,
        order=[('date', 'DESC'), ('id', 'DESC')])
    improvements = fields.Many2Many(
        'cs.helpdesk.improvement-cs.helpdesk.ticket', 'ticket', 'improvement',
        "Improvement Measures")
    archive_number = fields.Char("Archive Number", readonly=True)

    registered_by = step_employee("Registered By")
    dispatched_by = step_employee("Dispatched By")
    resolved_by = step_employee("Resolved By")
    closed_by = step_employee("Closed By")
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        cls.number.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality()),
                    where=t.state.in_(['draft'] + OPEN)),
                Index(t, (t.company, Index.Equality()),
                    (t.received_at, Index.Range())),
                Index(t, (t.company, Index.Equality()),
                    (t.received_month, Index.Range())),
                Index(t, (t.party, Index.Equality())),
                Index(t, (t.department, Index.Equality())),
                Index(t, (t.merchant, Index.Equality()),
                    where=t.merchant != Null),
                Index(t, (t.resolution_deadline, Index.Range()),
                    where=t.state.in_(OPEN)),
                Index(t, (t.at_risk_at, Index.Range()),
                    where=t.state.in_(OPEN)),
                Index(t, (t.promised_callback, Index.Range()),
                    where=t.promised_callback != Null),
                })
        cls._sql_constraints += [
            ('number_unique', Unique(t, t.company, t.number),
                'cs_helpdesk.msg_ticket_number_unique'),
            ]
        cls._order = [('received_at', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.update({
                order_index(cls),
                # the open tabs (Open, At Risk, Overdue): a million tickets
                # are mostly resolved, which the whole order's index steps
                # over; the open ones within their deadline are stepped
                # over in the index, not read
                order_index(cls, where=lambda t: t.state.in_(OPEN),
                    filtered=['resolution_deadline', 'at_risk_at']),
                })
        cls._transitions |= {
            ('draft', 'registered'),
            ('registered', 'escalated'),
            ('escalated', 'registered'),
            ('escalated', 'draft'),
            ('registered', 'dispatched'),
            ('dispatched', 'in_progress'),
            ('registered', 'resolved'),
            ('in_progress', 'resolved'),
            ('resolved', 'in_progress'),
            ('resolved', 'revisited'),
            ('resolved', 'closed'),
            ('revisited', 'closed'),
            ('closed', 'in_progress'),
            ('draft', 'cancelled'),
            }
        for state in RUNNING:
            cls._transitions |= {
                (state, 'waiting'), ('waiting', state), (state, 'cancelled')}
        cls._transitions.add(('waiting', 'cancelled'))
        cls._buttons.update({
                'register': {
                    # the desk's window registers a new ticket as it saves
                    'invisible': ((Eval('state') != 'draft')
                        | ((Eval('id', -1) < 0)
                            & Eval('context', {}).get('cs_register', False))),
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'answer_now': {
                    # (registered: saved at the desk, then answered)
                    'invisible': ~Eval('state').in_(['draft', 'registered']),
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'escalate': {
                    'invisible': Eval('state') != 'registered',
                    'icon': 'tryton-warning',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'escalated',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'hand_back': {
                    'invisible': Eval('state') != 'escalated',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'dispatch': {
                    'invisible': ((Eval('state') != 'registered')
                        | ~Eval('needs_department', False)),
                    'icon': 'tryton-forward',
                    'depends': ['state', 'needs_department'],
                    },
                'acknowledge': {
                    'invisible': Eval('state') != 'dispatched',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'resolve': {
                    'invisible': ~Eval('state').in_(
                        If(Eval('needs_department', False),
                            ['in_progress'], ['registered'])),
                    'icon': 'tryton-ok',
                    'depends': ['state', 'needs_department'],
                    },
                'reject_resolution': {
                    'invisible': Eval('state') != 'resolved',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                # the customer's steps on the portal (customer_*): in no
                # view; the portal checks when each may be taken
                **dict.fromkeys(['customer_comment', 'customer_confirm',
                        'customer_reject'], {}),
                'revisit': {
                    'invisible': ((Eval('state') != 'resolved')
                        | ~Eval('needs_revisit', False)),
                    'icon': 'tryton-forward',
                    'depends': ['state', 'needs_revisit'],
                    },
                'close': {
                    'invisible': ~Eval('state').in_(
                        If(Eval('needs_revisit', False),
                            ['revisited'], ['resolved', 'revisited'])),
                    'icon': 'tryton-ok',
                    'depends': ['state', 'needs_revisit'],
                    },
                'reply': {
                    'invisible': Eval('state').in_(['draft', 'cancelled']),
                    'icon': 'tryton-email',
                    'depends': ['state'],
                    },
                'wait': {
                    'invisible': ~Eval('state').in_(RUNNING),
                    'icon': 'tryton-switch',
                    'depends': ['state'],
                    },
                'resume': {
                    'invisible': Eval('state') != 'waiting',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft'] + OPEN),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'reopen': {
                    'invisible': Eval('state') != 'closed',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'create_party': {
                    'invisible': Bool(Eval('party')) | ~Eval('contact_name'),
                    'icon': 'tryton-party',
                    'depends': ['party', 'contact_name'],
                    },
                })

    needs_department = fields.Function(
        fields.Boolean("Needs Responsible Party"),
        'on_change_with_needs_department')
    needs_revisit = fields.Function(
        fields.Boolean("Needs Revisit"), 'on_change_with_needs_revisit')
    needs_satisfaction = fields.Function(
        fields.Boolean("Needs Satisfaction Rating"),
        'on_change_with_needs_satisfaction')

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        cls._fill_missing_periods()
        try:
            from trytond.modules.cs_desk.migration import adopt_registers
        except ImportError:  # a site without the cs_desk package
            pass
        else:
            # the front-desk registers moved to cs_desk: their records are
            # kept when cs_helpdesk is upgraded before cs_desk is activated
            adopt_registers()

    @classmethod
    def _fill_missing_periods(cls):
        """Give their statistics period to the tickets stored without one
        (those the portal created before the periods were set on every
        create)"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                table.id, table.received_at, table.company,
                where=(table.received_month == Null)
                & (table.received_at != Null)))
        for id_, received_at, company in cursor.fetchall():
            periods = cls._periods(received_at, company)
            cursor.execute(*table.update(
                    [getattr(table, name) for name in periods],
                    list(periods.values()), where=table.id == id_))

    @classmethod
    def _periods(cls, received_at, company):
        "The month, quarter and year in which the company received it"
        month = local_date(received_at, company).replace(day=1)
        return {
            'received_month': month,
            'received_quarter': month.replace(
                month=(month.month - 1) // 3 * 3 + 1),
            'received_year': month.replace(month=1),
            }

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_priority(cls):
        return 'normal'

    @classmethod
    def default_dispatch_to(cls):
        return 'department'

    @classmethod
    def default_channel(cls):
        pool = Pool()
        Channel = pool.get('cs.channel')
        channels = Channel.search([('code', '=', 'front_desk')], limit=1)
        return channels[0].id if channels else None

    @classmethod
    def default_vip(cls):
        return False

    @property
    def type_settings(self):
        "The ticket's type, its settings from TicketType.settings"
        TicketType = Pool().get('cs.helpdesk.ticket.type')
        return TicketType.settings(self.type)

    @fields.depends('type')
    def on_change_with_kind(self, name=None):
        return self.type_settings.kind if self.type else None

    @fields.depends('type')
    def on_change_with_needs_department(self, name=None):
        return bool(self.type and self.type_settings.needs_department)

    @fields.depends('type')
    def on_change_with_needs_revisit(self, name=None):
        return bool(self.type and self.type_settings.needs_revisit)

    @fields.depends('type')
    def on_change_with_needs_satisfaction(self, name=None):
        return bool(self.type and self.type_settings.needs_satisfaction)

    @fields.depends('party', 'language', 'vip')
    def on_change_party(self):
        if self.party:
            self.language = self.party.lang
            self.vip = bool(self.party.cs_vip)

    @fields.depends('answer', 'language', 'result')
    def on_change_answer(self):
        if self.answer and not self.result:
            self.result = self.answer.answer_in(
                self.language.code if self.language else None)

    def get_rec_name(self, name):
        return self.number or str(self.id)

    def search_key_texts(self):
        return [self.contact_name], [self.number, self.contact_phone]

    # -- service level ---------------------------------------------------

    def get_sla_state(self, name):
        now = workflow.clock()
        if self.state in OPEN and self.resolution_deadline:
            if self.resolution_deadline < now:
                return 'breached'
            if self.at_risk_at and self.at_risk_at <= now:
                return 'at_risk'
            return 'on_track'
        if self.state in {'resolved', 'revisited', 'closed'} and self.sla:
            return 'breached' if self.sla_breached else 'met'

    @classmethod
    def search_sla_state(cls, name, clause):
        _, operator, value = clause
        now = workflow.clock()
        running = [
            ('state', 'in', OPEN),
            ('resolution_deadline', '!=', None),
            ]
        domains = {
            # a ticket resolved late was resolved after its deadline: the
            # deadline compared first, the open tabs' index checks it
            'breached': [('resolution_deadline', '<', now), ['OR',
                    running,
                    [('state', 'in', ['resolved', 'revisited', 'closed']),
                        ('sla_breached', '=', True)],
                    ]],
            'at_risk': running + [
                ('at_risk_at', '<=', now),
                ('resolution_deadline', '>=', now),
                ],
            'on_track': running + [
                ('at_risk_at', '>', now),
                ('resolution_deadline', '>=', now),
                ],
            'met': [
                ('state', 'in', ['resolved', 'revisited', 'closed']),
                ('sla', '!=', None),
                ('sla_breached', '=', False),
                ],
            }
        values = value if operator.endswith('in') else [value]
        domain = ['OR'] + [domains[v] for v in values if v in domains]
        if operator.startswith('!') or operator.startswith('not'):
            return ['NOT', domain] if len(domain) > 1 else []
        return domain if len(domain) > 1 else [('id', '=', None)]

    def get_callback_overdue(self, name):
        return bool(self.state in ['draft'] + OPEN and self.promised_callback
            and self.promised_callback < workflow.clock())

    @classmethod
    def search_callback_overdue(cls, name, clause):
        _, operator, value = clause
        overdue = [
            ('state', 'in', ['draft'] + OPEN),
            ('promised_callback', '<', workflow.clock()),
            ]
        if (operator == '=') == bool(value):
            return overdue
        return ['NOT', overdue]

    def calendar(self):
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        if self.sla:
            return self.sla.calendar
        return Configuration(1).get_multivalue(
            'helpdesk_calendar', company=self.company.id)

    def compute_deadlines(self):
        "Set the service level and the deadlines counted from receipt"
        pool = Pool()
        SLA = pool.get('cs.helpdesk.sla')
        self.sla = SLA.find(self)
        if not self.sla:
            self.response_deadline = self.resolution_deadline = None
            self.at_risk_at = None
            return
        calendar = self.sla.calendar
        start = self.received_at
        paused = dt.timedelta(hours=self.paused_hours or 0)

        def deadline(hours):
            return calendar.add_working_hours(
                start, dt.timedelta(hours=hours) + paused)
        self.response_deadline = deadline(self.sla.response_hours)
        self.resolution_deadline = deadline(self.sla.resolution_hours)
        self.at_risk_at = deadline(
            self.sla.resolution_hours * self.sla.at_risk_ratio)

    @classmethod
    def on_modification(cls, mode, tickets, field_names=None):
        super().on_modification(mode, tickets, field_names=field_names)
        if mode == 'create':
            Total = Pool().get('cs.helpdesk.statistics.total')
            # as loaded by the create's validation: no read
            Total.add({}, Total.figures_of(tickets))

    @classmethod
    def on_write(cls, tickets, values):
        pool = Pool()
        Total = pool.get('cs.helpdesk.statistics.total')
        callback = super().on_write(tickets, values)
        if values.keys() & Total.measured:
            # the statistics take the tickets' figures off, then add the new
            before = Total.measure([t.id for t in tickets])
            if values.keys() & {'received_at', 'company'}:
                # (their periods are computed on the way: read them back)
                callback.append(
                    lambda: Total.add(before, Total.measure(before)))
            else:
                changed = {
                    k: values[k] for k in values.keys() & Total.measured}
                after = {i: {**row, **changed} for i, row in before.items()}
                callback.append(lambda: Total.add(before, after))
        if values.keys() & {'type', 'priority', 'party', 'vip',
                'received_at', 'company'}:
            intake = [t for t in tickets if t.state in INTAKE[1:]]
            if intake:
                callback.append(lambda: cls._recompute_deadlines(intake))
        return callback

    @classmethod
    def _recompute_deadlines(cls, tickets):
        tickets = cls.browse(tickets)
        for ticket in tickets:
            ticket.compute_deadlines()
        cls.save(tickets)

    # -- numbering and modification rules ---------------------------------

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Party = pool.get('party.party')
        Configuration = pool.get('cs.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            values.setdefault('company', cls.default_company())
        registering = mode == 'create' and cls.registering_on_create()
        if registering:
            # first: Tryton's sequence empties the transaction's cache of
            # records, which keeps what is read after it for the create
            values['number'] = Configuration.next_number(
                'ticket_sequence', values['company'])
        if mode == 'create' and not values.get('received_at'):
            # the default comes after: the periods need it now (the portal
            # creates tickets without it)
            values['received_at'] = cls.default_received_at()
        if values.get('received_at'):
            # stored periods group the statistics without a function per row
            company = values.get('company') or Transaction().context.get(
                'company')
            values.update(cls._periods(values['received_at'], company))
        party = None
        if mode == 'create' and values.get('party'):
            # as on_change_party fills them in the form
            party = Party(values['party'])
            if 'language' not in values and party.lang:
                values['language'] = party.lang.id
            if 'vip' not in values:
                values['vip'] = bool(party.cs_vip)
        if mode == 'create' and not values.get('language'):
            values['language'] = cls._language_spoken(party, values)
        if registering:
            values.update(cls._registration_values(values))
        return values

    @staticmethod
    def _language_spoken(party, values):
        """The language a walk-in, or a customer whose language is not
        recorded, is written to in: the script of their name and request"""
        Lang = Pool().get('ir.lang')
        code = script_language('\n'.join(filter(None, [
                        party.name if party else values.get('contact_name'),
                        values.get('description')])))
        return Lang.get(code).id if code else None

    @staticmethod
    def registering_on_create():
        """Whether the tickets created are registered at once: the desk's
        window asks it (context cs_register), so that a new ticket gets its
        number and deadlines in the request that saves it, its row written
        once (Register on a saved draft takes a second request and writes
        the row again)"""
        return bool(Transaction().context.get('cs_register'))

    @classmethod
    def _registration_values(cls, values):
        "What registering sets, for a ticket created with values"
        sources = ['company', 'type', 'priority', 'party', 'vip',
            'received_at', 'paused_hours', 'number']
        defaults = cls.default_get(
            [n for n in sources if n not in values], with_rec_name=False)
        unset = dict.fromkeys(['party', 'vip', 'paused_hours'])
        ticket = cls(**{**unset, **defaults,
                **{n: values[n] for n in sources if n in values}})
        ticket.kind = ticket.on_change_with_kind()
        ticket.prepare_registration()
        employee = user_employees().get(
            ticket.company.id if ticket.company else None)
        return {
            'state': 'registered',
            'registered_by': employee.id if employee else None,
            'number': ticket.number,
            'vip': ticket.vip,
            'priority': ticket.priority,
            'sla': ticket.sla.id if ticket.sla else None,
            'response_deadline': ticket.response_deadline,
            'resolution_deadline': ticket.resolution_deadline,
            'at_risk_at': ticket.at_risk_at,
            }

    @classmethod
    def copy(cls, tickets, default=None):
        default = default.copy() if default is not None else {}
        for name in ['number', 'archive_number', 'sla', 'response_deadline',
                'resolution_deadline', 'at_risk_at', 'responded_at',
                'resolved_at', 'resolution_hours', 'paused_hours',
                'sla_breached', 'sla_notified', 'acknowledged_at',
                'merchant_deadline', 'rating', 'result', 'paused_state',
                'registered_by', 'dispatched_by', 'resolved_by',
                'closed_by']:
            default.setdefault(name)
        for name in ['pauses', 'events', 'revisits', 'satisfactions']:
            default.setdefault(name, [])
        default.setdefault('received_at', workflow.clock())
        return super().copy(tickets, default=default)

    @classmethod
    def check_modification(cls, mode, tickets, values=None, external=False):
        # before the workflow's field by field refusal: these say why
        if mode == 'delete':
            for ticket in tickets:
                if ticket.state not in {'draft', 'cancelled'}:
                    raise TicketError(gettext(
                            'cs_helpdesk.msg_ticket_delete_registered',
                            ticket=ticket.rec_name))
        elif mode == 'write' and external:
            for ticket in tickets:
                if ticket.state in {'closed', 'cancelled'}:
                    raise TicketError(gettext(
                            'cs_helpdesk.msg_ticket_archived',
                            ticket=ticket.rec_name))
        super().check_modification(
            mode, tickets, values=values, external=external)

    @classmethod
    def _validate(cls, tickets, field_names=None):
        if field_names is None:
            # a ticket has one rating by cs.satisfaction's own rule (one per
            # origin, for any caller): the list's size only tells sao to
            # hide its add button, and checking it on a create would read
            # the new ticket's empty list
            field_names = cls._fields.keys() - {'satisfactions'}
        super()._validate(tickets, field_names)

    @classmethod
    def validate_fields(cls, tickets, field_names):
        super().validate_fields(tickets, field_names)
        if field_names & {
                'party', 'contact_name', 'contact_phone', 'contact_email'}:
            for ticket in tickets:
                if not ticket.party and not (ticket.contact_name and (
                            ticket.contact_phone or ticket.contact_email)):
                    raise TicketError(gettext(
                            'cs_helpdesk.msg_ticket_customer_required',
                            ticket=ticket.rec_name))
        if 'contact_email' in field_names:
            for ticket in tickets:
                address = ticket.contact_email
                # replies are e-mailed to it: one plain address
                if address and not EMAIL.match(address):
                    raise TicketError(gettext(
                            'cs_helpdesk.msg_ticket_email_invalid',
                            ticket=ticket.rec_name, email=address))

    # -- workflow ------------------------------------------------------------

    @classmethod
    def _check_state(cls, tickets, states, action):
        Event = Pool().get('cs.helpdesk.ticket.event')
        cls.lock(tickets)
        for ticket in cls.browse(tickets):
            if ticket.state not in states:
                actions = dict(Event.fields_get(['action'])['action'][
                        'selection'])
                raise TicketError(gettext(
                        'cs_helpdesk.msg_ticket_wrong_state',
                        ticket=ticket.rec_name, action=actions[action],
                        state=ticket.state_string))

    state_string = state.translated('state')

    @classmethod
    def record_step(cls, tickets, step, note=None, public=True):
        "Keep step in the tickets' history, shown on the portal if public"
        Event = Pool().get('cs.helpdesk.ticket.event')
        Event.add_entries([{'ticket': t.id, 'action': step, 'note': note,
                    'public': public} for t in tickets])

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step(record=False)
    def register(cls, tickets):
        cls._register(tickets)
        cls._escalate_majors(tickets)

    @classmethod
    @check_state('draft')
    @workflow.transition('registered', employee='registered_by')
    def _register(cls, tickets):
        "Number, deadlines, state and clerk: the ticket written once"
        for ticket in tickets:
            ticket.prepare_registration()
        cls.save(tickets)
        cls.record_step(tickets, 'register')

    def prepare_registration(self):
        "Set what registering sets besides the state and the clerk"
        Configuration = Pool().get('cs.configuration')
        if not self.number:
            self.number = Configuration.next_number(
                'ticket_sequence', self.company)
        if self.party and self.party.cs_vip:
            self.vip = True
        if self.vip and self.kind == 'complaint':
            # VIP complaints are extra urgent until settled (CS-03)
            self.priority = 'urgent'
        self.compute_deadlines()

    @classmethod
    def _escalate_majors(cls, tickets):
        majors = [t for t in tickets if t.major]
        if majors:
            cls.escalate(majors)

    @classmethod
    def create(cls, vlist):
        registering = cls.registering_on_create()
        if registering:
            check_button_access(cls, 'register')
        tickets = super().create(vlist)
        if registering:
            # the rest of the step, as the button runs it
            with without_check_access():
                cls.record_step(tickets, 'register')
                cls._escalate_majors(tickets)
                cls.react('register', tickets)
        return tickets

    @classmethod
    @check_state('draft', 'registered')
    @ModelView.button
    @workflow.step(record=False)
    def answer_now(cls, tickets):
        "Register and close a consultation answered on the spot"
        for ticket in tickets:
            if ticket.needs_department or ticket.major:
                raise TicketError(gettext(
                        'cs_helpdesk.msg_ticket_not_on_the_spot',
                        ticket=ticket.rec_name))
        # one e-mail to the customer (the closure), not three
        with Transaction().set_context(cs_answered_now=True):
            drafts = [t for t in tickets if t.state == 'draft']
            if drafts:
                cls.register(drafts)
            cls.resolve(tickets)
            cls.close(tickets)

    @classmethod
    @check_state('registered')
    @ModelView.button
    @workflow.step(record=False)
    @Workflow.transition('escalated')
    def escalate(cls, tickets):
        cls.record_step(tickets, 'escalate', public=False)

    @classmethod
    @check_state('escalated')
    @ModelView.button
    @workflow.step(record=False)
    @Workflow.transition('registered')
    def approve(cls, tickets):
        "The supervisor approves the handling of a major complaint"
        cls.record_step(tickets, 'approve', public=False)

    @classmethod
    @ModelView.button_action('cs_helpdesk.wizard_ticket_hand_back')
    def hand_back(cls, tickets):
        pass

    @classmethod
    @check_state('escalated')
    @workflow.step(record=False, name='hand_back')
    @Workflow.transition('draft')
    def do_hand_back(cls, tickets, reason):
        cls.record_step(tickets, 'hand_back', reason, public=False)

    @classmethod
    @check_state('registered')
    @ModelView.button
    @workflow.step(record=False)
    @Workflow.transition('dispatched')
    @set_employee('dispatched_by')
    def dispatch(cls, tickets):
        now = workflow.clock()
        for ticket in tickets:
            if ticket.dispatch_to == 'merchant':
                if not ticket.merchant:
                    raise TicketError(gettext(
                            'cs_helpdesk.msg_ticket_merchant_required',
                            ticket=ticket.rec_name))
                hours = ticket.sla.merchant_response_hours if ticket.sla \
                    else None
                if hours:
                    ticket.merchant_deadline = (
                        ticket.calendar().add_working_hours(now, hours))
            elif not ticket.department:
                raise TicketError(gettext(
                        'cs_helpdesk.msg_ticket_department_required',
                        ticket=ticket.rec_name))
        cls.save(tickets)
        cls.record_step(tickets, 'dispatch')

    @classmethod
    @check_state('dispatched')
    @ModelView.button
    @workflow.step(record=False)
    @Workflow.transition('in_progress')
    def acknowledge(cls, tickets):
        "The department or merchant confirms it has the ticket"
        now = workflow.clock()
        for ticket in tickets:
            ticket.acknowledged_at = now
            ticket.responded_at = ticket.responded_at or now
        cls.save(tickets)
        cls.record_step(tickets, 'acknowledge')

    @classmethod
    @check_state('registered', 'in_progress')
    @ModelView.button
    @workflow.step(record=False)
    @Workflow.transition('resolved')
    @set_employee('resolved_by')
    def resolve(cls, tickets):
        now = workflow.clock()
        for ticket in tickets:
            if not ticket.result:
                raise TicketError(gettext(
                        'cs_helpdesk.msg_ticket_result_required',
                        ticket=ticket.rec_name))
            if ticket.needs_department and ticket.state == 'registered':
                raise TicketError(gettext(
                        'cs_helpdesk.msg_ticket_dispatch_first',
                        ticket=ticket.rec_name))
            ticket.resolved_at = now
            ticket.responded_at = ticket.responded_at or now
            ticket.sla_breached = bool(
                ticket.resolution_deadline
                and now > ticket.resolution_deadline)
            ticket.resolution_hours = round(
                ticket.working_time(ticket.received_at, now)
                - (ticket.paused_hours or 0), 2)
        cls.save(tickets)
        cls.record_step(tickets, 'resolve', public=True)

    def working_time(self, start, end):
        "Return the working hours between start and end on the calendar"
        calendar = self.calendar()
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.working_hours_between(start, end).total_seconds() / (
            3600)

    @classmethod
    @ModelView.button_action('cs_helpdesk.wizard_ticket_reject_resolution')
    def reject_resolution(cls, tickets):
        pass

    # The customer's steps, clicked on the portal by the Portal user, the
    # only member of the group allowed to: the record rules (the customer's
    # own tickets) are checked, then the step runs with the server's rights

    @classmethod
    @ModelView.button
    def customer_comment(cls, tickets, text=None):
        cls.record_step(tickets, 'customer_comment', text)

    @classmethod
    @ModelView.button
    def customer_confirm(cls, tickets):
        cls.record_step(tickets, 'customer_confirm')

    @classmethod
    @ModelView.button
    def customer_reject(cls, tickets, reason=None):
        cls.do_reject_resolution(tickets, reason)

    @classmethod
    @check_state('resolved')
    @workflow.step(record=False, name='reject_resolution')
    @Workflow.transition('in_progress')
    def do_reject_resolution(cls, tickets, reason):
        "The customer does not accept the result: work on it again"
        cls.write(tickets, {'resolved_at': None, 'resolution_hours': None})
        cls.record_step(tickets, 'reject_resolution', reason)

    @classmethod
    @check_state('resolved')
    @ModelView.button
    @workflow.step(record=False)
    @Workflow.transition('revisited')
    def revisit(cls, tickets):
        for ticket in tickets:
            if not ticket.party:
                # a walk-in: the revisit and rating lists show once the
                # ticket has a customer
                raise TicketError(gettext(
                        'cs_helpdesk.msg_ticket_revisit_no_customer',
                        ticket=ticket.rec_name))
            if not any(r.state == 'done' for r in ticket.revisits):
                raise TicketError(gettext(
                        'cs_helpdesk.msg_ticket_revisit_required',
                        ticket=ticket.rec_name))
        cls.record_step(tickets, 'revisit')

    @classmethod
    @check_state('resolved', 'revisited')
    @ModelView.button
    @workflow.step(record=False)
    @Workflow.transition('closed')
    @set_employee('closed_by')
    def close(cls, tickets):
        Configuration = Pool().get('cs.configuration')
        for ticket in tickets:
            if ticket.needs_revisit and ticket.state != 'revisited':
                raise TicketError(gettext(
                        'cs_helpdesk.msg_ticket_revisit_required',
                        ticket=ticket.rec_name))
            if ticket.needs_satisfaction and ticket.party:
                if not ticket.satisfactions:
                    raise TicketError(gettext(
                            'cs_helpdesk.msg_ticket_satisfaction_required',
                            ticket=ticket.rec_name))
            if ticket.satisfactions:
                ticket.rating = ticket.satisfactions[0].rating
            if not ticket.archive_number:
                ticket.archive_number = Configuration.next_number(
                    'ticket_archive_sequence', ticket.company)
        cls.save(tickets)
        cls.record_step(tickets, 'close')

    @classmethod
    @ModelView.button_action('cs_helpdesk.wizard_ticket_reply')
    def reply(cls, tickets):
        pass

    @classmethod
    @workflow.step(record=False, name='reply')
    def do_reply(cls, tickets, message, send_email=False):
        """Answer the customer: a public event of the history (portal),
        also e-mailed if send_email"""
        Event = Pool().get('cs.helpdesk.ticket.event')
        message_ids = {}
        if send_email:
            message_ids = {t.id: cls.send_email(t, 'msg_email_reply_body',
                    text=message, automatic=False) for t in tickets}
        Event.add_entries([{'ticket': t.id, 'action': 'reply',
                    'note': message, 'public': True,
                    'message_id': message_ids.get(t.id)} for t in tickets])

    @classmethod
    @ModelView.button_action('cs_helpdesk.wizard_ticket_wait')
    def wait(cls, tickets):
        pass

    @classmethod
    @check_state(*RUNNING)
    @workflow.step(record=False, name='wait')
    @Workflow.transition('waiting')
    def do_wait(cls, tickets, reason):
        "Stop the service-level clock while waiting on the customer"
        pool = Pool()
        Pause = pool.get('cs.helpdesk.ticket.pause')
        now = workflow.clock()
        Pause.save([Pause(ticket=t, start=now, reason=reason)
                for t in tickets])
        for ticket in tickets:
            ticket.paused_state = ticket.state
        cls.save(tickets)
        cls.record_step(tickets, 'wait', reason)

    @classmethod
    @check_state('waiting')
    @ModelView.button
    @workflow.step(record=False)
    def resume(cls, tickets):
        "Restart the clock; the deadlines move by the working time paused"
        pool = Pool()
        Pause = pool.get('cs.helpdesk.ticket.pause')
        now = workflow.clock()
        pauses = []
        for ticket in tickets:
            pause = ticket.pauses[-1]
            pause.end = now
            pause.hours = round(ticket.working_time(pause.start, now), 2)
            pauses.append(pause)
            ticket.paused_hours = (ticket.paused_hours or 0) + pause.hours
            ticket.compute_deadlines()
            if ticket.merchant_deadline:
                ticket.merchant_deadline = ticket.calendar().add_working_hours(
                    ticket.merchant_deadline, pause.hours)
        Pause.save(pauses)
        cls.save(tickets)
        by_state = {}
        for ticket in tickets:
            by_state.setdefault(ticket.paused_state, []).append(ticket)
        for state, group in by_state.items():
            cls.write(group, {'state': state, 'paused_state': None})
        cls.record_step(tickets, 'resume')

    @classmethod
    @ModelView.button_action('cs_helpdesk.wizard_ticket_cancel')
    def cancel(cls, tickets):
        pass

    @classmethod
    @check_state('draft', *OPEN)
    @workflow.step(record=False, name='cancel')
    @Workflow.transition('cancelled')
    def do_cancel(cls, tickets, reason):
        cls.record_step(tickets, 'cancel', reason)

    @classmethod
    @ModelView.button_action('cs_helpdesk.wizard_ticket_reopen')
    def reopen(cls, tickets):
        pass

    @classmethod
    @check_state('closed')
    @workflow.step(record=False, name='reopen')
    @Workflow.transition('in_progress')
    def do_reopen(cls, tickets, reason):
        cls.write(tickets, {
                'resolved_at': None, 'resolution_hours': None,
                'rating': None})
        cls.record_step(tickets, 'reopen', reason)

    @classmethod
    def check_service_levels(cls):
        """Notify the responsible managers of tickets at risk, and escalate
        the tickets whose resolution deadline passed (scheduled job)"""
        at_risk = cls.search([
                ('sla_state', '=', 'at_risk'),
                ('sla_notified', '=', None),
                ])
        breached = cls.search([
                ('state', 'in', OPEN),
                ('sla_state', '=', 'breached'),
                ['OR',
                    ('sla_notified', '=', None),
                    ('sla_notified', '!=', 'breached'),
                    ],
                ])
        job = 'cs.helpdesk.ticket|check_service_levels'

        def warn(ticket):
            cls._notify([ticket], 'cs_helpdesk.msg_ticket_at_risk')
            cls.write([ticket], {'sla_notified': 'at_risk'})

        def escalate(ticket):
            cls._notify(
                [ticket], 'cs_helpdesk.msg_ticket_breached', admins=True)
            cls.record_step([ticket], 'sla_escalate', public=False)
            cls.write([ticket], {'sla_notified': 'breached'})
        each_record(job, at_risk, warn)
        each_record(job, breached, escalate)

    @classmethod
    def _notify(cls, tickets, message, admins=False):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        Group = pool.get('res.group')
        Notification = pool.get('res.notification')
        User = pool.get('res.user')
        Lang = pool.get('ir.lang')
        admin_users = list(Group(ModelData.get_id(
                    'cs_base', 'group_cs_admin')).users)
        notifications = []
        for ticket in tickets:
            users = set(admin_users) if admins or not ticket.department else (
                set())
            manager = ticket.department.manager if ticket.department else None
            if manager:
                users.update(User.search([('employees', '=', manager.id)]))
            # the deadline as the site reads it: in the calendar's time zone
            deadline = ticket.sla.calendar.schedule.to_local(
                ticket.resolution_deadline)
            for user in users:
                lang = user.language or Lang.get()
                with Transaction().set_context(language=lang.code):
                    notifications.append(Notification(
                            user=user, label=ticket.rec_name,
                            description=gettext(
                                message, ticket=ticket.rec_name,
                                deadline=lang.strftime(
                                    deadline, '%x %H:%M')),
                            icon='tryton-warning',
                            model=cls.__name__,
                            records=str([ticket.id])))
        Notification.save(notifications)

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            # a walk-in's ticket says how to revisit and rate it
            ('//group[@id="walk_in"]', 'states', {
                    'invisible': Bool(Eval('party')),
                    }),
            # the queue shows at a glance what is late or about to be
            ('/tree', 'visual', If(Eval('sla_state') == 'breached', 'danger',
                    If(Eval('sla_state') == 'at_risk', 'warning', ''))),
            ]

    @classmethod
    @ModelView.button
    def create_party(cls, tickets):
        "Turn the contact of walk-in tickets into customers"
        pool = Pool()
        Party = pool.get('party.party')
        for ticket in tickets:
            if ticket.party or not ticket.contact_name:
                continue
            party = Party(name=ticket.contact_name, lang=ticket.language)
            party.contact_mechanisms = [{'type': type_, 'value': value}
                for type_, value in [('phone', ticket.contact_phone),
                    ('email', ticket.contact_email)] if value]
            party.save()
            ticket.party = party
        cls.save(tickets)


class TicketPause(BoundedMixin, ModelSQL, ModelView):
    "A time during which a ticket waited on the customer"
    __name__ = 'cs.helpdesk.ticket.pause'
    __string__ = "Ticket Pause"

    ticket = fields.Many2One(
        'cs.helpdesk.ticket', "Ticket", required=True, ondelete='CASCADE')
    start = fields.DateTime("Start", required=True)
    end = fields.DateTime("End")
    hours = fields.Float("Working Hours", digits=(16, 2))
    reason = fields.Text("Reason")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('ticket')
        cls._order = [('start', 'ASC'), ('id', 'ASC')]


ACTIONS = [
    ('register', "Registered"),
    ('answer_now', "Answered on the Spot"),
    ('escalate', "Escalated to Supervisor"),
    ('approve', "Approved by Supervisor"),
    ('hand_back', "Handed Back by Supervisor"),
    ('dispatch', "Dispatched"),
    ('acknowledge', "Acknowledged"),
    ('resolve', "Resolved"),
    ('reject_resolution', "Resolution Rejected"),
    ('revisit', "Revisited"),
    ('close', "Closed"),
    ('wait', "Waiting on Customer"),
    ('resume', "Resumed"),
    ('cancel', "Cancelled"),
    ('reopen', "Reopened"),
    ('sla_escalate', "Deadline Missed: Escalated"),
    ('note', "Note"),
    ('reply', "Reply to the Customer"),
    ('customer_comment', "Customer Comment"),
    ('customer_confirm', "Resolution Confirmed by Customer"),
    ('merge', "Duplicates Merged"),
    ('email_in', "E-mail from the Customer"),
    ]


class TicketEvent(HistoryMixin, ModelSQL, ModelView):
    "A step in a ticket's history: who did what and when"
    __name__ = 'cs.helpdesk.ticket.event'
    __string__ = "Ticket Event"
    _history_of = 'ticket'

    ticket = fields.Many2One(
        'cs.helpdesk.ticket', "Ticket", required=True, ondelete='CASCADE')
    action = fields.Selection(ACTIONS, "Action", required=True, readonly=True)
    action_string = action.translated('action')
    note = fields.Text("Note", readonly=True)
    public = fields.Boolean(
        "Public", help="Shown to the customer on the portal.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]


class ReplyStart(ModelView):
    __name__ = 'cs.helpdesk.ticket.reply.start'
    __string__ = "Reply to the Customer"

    reason = fields.Text(
        "Message", required=True,
        help="Shown to the customer in the request's history on the portal.")
    send_email = fields.Boolean(
        "Send by E-mail", states={'readonly': ~Eval('email')},
        help="Also e-mail the message to the customer.")
    email = fields.Char("E-mail", readonly=True)


class TicketReply(Wizard):
    "Write to the customer in the request's public history"
    __name__ = 'cs.helpdesk.ticket.reply'
    start = StateView('cs.helpdesk.ticket.reply.start',
        'cs_helpdesk.ticket_reply_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Send", 'send', 'tryton-ok', default=True),
            ])
    send = StateTransition()

    def default_start(self, fields):
        addresses = [r.email_address() for r in self.records]
        return {
            'email': ', '.join(sorted(set(filter(None, addresses)))),
            # by e-mail when every ticket has an address to write to
            'send_email': all(addresses),
            }

    def transition_send(self):
        self.model.do_reply(
            self.records, self.start.reason, bool(self.start.send_email))
        return 'end'


class TicketCancel(tools.ReasonWizard):
    __name__ = 'cs.helpdesk.ticket.cancel'
    method = 'do_cancel'


class TicketReopen(tools.ReasonWizard):
    __name__ = 'cs.helpdesk.ticket.reopen'
    method = 'do_reopen'


class TicketWait(tools.ReasonWizard):
    __name__ = 'cs.helpdesk.ticket.wait'
    method = 'do_wait'


class TicketHandBack(tools.ReasonWizard):
    __name__ = 'cs.helpdesk.ticket.hand_back'
    method = 'do_hand_back'


class TicketRejectResolution(tools.ReasonWizard):
    __name__ = 'cs.helpdesk.ticket.reject_resolution'
    method = 'do_reject_resolution'


class TicketReport(CustomerLanguageReport):
    "A printed form of tickets, in the ticket's service language"

    @classmethod
    def customer_language(cls, ticket):
        return ticket.language


class RegistrationForm(TicketReport):
    __name__ = 'cs.helpdesk.ticket.registration'


class BilingualRegistrationForm(RegistrationForm):
    __name__ = 'cs.helpdesk.ticket.registration.bilingual'
    bilingual = True


class ProcessingForm(TicketReport):
    __name__ = 'cs.helpdesk.ticket.processing'


class BilingualProcessingForm(ProcessingForm):
    __name__ = 'cs.helpdesk.ticket.processing.bilingual'
    bilingual = True
