# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Repair work orders (维修工单, WA-02 … WA-04, WA-09, WA-10)"
from decimal import Decimal

from sql import Null

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import set_employee
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.search import SearchKeyMixin
from trytond.modules.cs_base.tools import (
    BilingualReport, CustomerLanguageReport, check_state, colon, local_date,
    lock_in_states, order_index)
from trytond.modules.cs_base.workflow import (
    BoundedMixin, HistoryMixin, WorkflowMixin, step_employee)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import RepairError
from .policy import REMEDIES

STATES = [
    ('draft', "Draft"),
    ('received', "Received"),
    ('diagnosed', "Diagnosed"),
    ('approved', "Approved"),
    ('in_repair', "In Repair"),
    ('quality_check', "Quality Check"),
    ('done', "Done"),
    ('accepted', "Accepted"),
    ('cancelled', "Cancelled"),
    ]
EVALUATIONS = [
    (None, ""),
    ('very_satisfied', "Very Satisfied"),
    ('satisfied', "Satisfied"),
    ('dissatisfied', "Dissatisfied"),
    ]


class RepairOrder(
        SearchKeyMixin, WorkflowMixin, Workflow, ModelSQL, ModelView):
    "A repair taken in at the desk or reported on a unit"
    __name__ = 'cs.repair.order'
    __string__ = "Repair Order"
    _search_key_sources = {'number', 'party', 'contact_phone', 'serial'}
    _search_key_parties = ('party',)
    _rec_name = 'number'

    _intake = {'readonly': ~Eval('state').in_(['draft', 'received'])}
    # the states from which an order may still be cancelled
    CANCELLABLE = ['draft', 'received', 'diagnosed', 'approved']

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_intake)
    party = fields.Many2One(
        'party.party', "Customer", required=True, states=_intake,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact_phone = fields.Char("Phone", states=_intake)
    address = fields.Char("Address", states=_intake)
    warranty = fields.Many2One(
        'cs.warranty', "Warranty", states=_intake,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('party', '=', Eval('party', -1)),
            ],
        help="Found from the serial number or the unit and building part.")
    kind = fields.Function(fields.Selection(
            [(None, "")] + [('product', "Product"),
                ('construction', "Construction")], "Kind"),
        'on_change_with_kind')
    serial = fields.Char("Serial Number", states=_intake)
    fault = fields.Char(
        "Fault", required=True, states=_intake,
        help="A short name of the fault; repairs of the same fault are "
        "counted for the three guarantees.")
    fault_description = fields.Text(
        "Fault Description", required=True, states=_intake)
    _not_in_future = {'fault_date'}
    fault_date = fields.Date("Fault Date", required=True, states=_intake)
    channel = fields.Many2One('cs.channel', "Channel", states=_intake)
    revisit = fields.Many2One(
        'cs.revisit', "Revisit", readonly=True,
        states={'invisible': ~Eval('revisit')},
        help="The revisit that found the problem.")
    service_mode = fields.Selection([
            ('in_shop', "In the Workshop"),
            ('on_site', "On Site"),
            ], "Service", required=True, states=_intake)
    appointment_at = fields.DateTime(
        "Appointment", states={
            'readonly': _intake['readonly'],
            'invisible': Eval('service_mode') != 'on_site',
            'required': ((Eval('service_mode') == 'on_site')
                & (Eval('state') != 'draft')),
            })
    pickup_method = fields.Selection([
            (None, ""),
            ('collect', "Customer Collects"),
            ('deliver', "Delivered to the Customer"),
            ], "Pickup", states={
            'readonly': _intake['readonly'],
            'invisible': Eval('service_mode') != 'in_shop',
            })
    received_at = fields.DateTime("Received At", readonly=True)
    received_by = step_employee("Received By")
    promised_date = fields.Date(
        "Promised Completion", states={
            'readonly': ~Eval('state').in_(['draft', 'received']),
            })
    # the confirmation of a defect within two working days is a rule of
    # construction warranties only (WA-06)
    _construction = {'invisible': Eval('kind') != 'construction'}
    confirm_deadline = fields.DateTime(
        "Confirm Defect By", readonly=True, states=_construction,
        help="Defects of construction warranties are confirmed within two "
        "working days of the notice.")
    confirmed_at = fields.DateTime(
        "Defect Confirmed At", readonly=True, states=_construction)
    confirmation_method = fields.Selection([
            (None, ""),
            ('on_site', "On Site"),
            ('phone', "By Phone"),
            ], "Confirmed", states={
            'readonly': Eval('state') != 'received',
            **_construction,
            })
    findings = fields.Text("Findings", states={
            'readonly': ~Eval('state').in_(['received', 'diagnosed']),
            })

    entitled = fields.Function(fields.Text(
            "Entitlement",
            help="The remedies the policy gives, with their reasons."),
        'get_entitled')
    remedy = fields.Selection(
        [(None, "")] + REMEDIES, "Remedy", states={
            'readonly': Eval('state') != 'received',
            })
    remedy_exception = fields.Text(
        "Reason for a More Generous Remedy", states={
            'readonly': Eval('state') != 'received',
            },
        help="Needed, with an administrator's approval, for a remedy the "
        "policy does not give.")
    remedy_approved_by = step_employee("Remedy Approved By")
    lines = fields.One2Many(
        'cs.repair.order.line', 'order', "Quote", states={
            'readonly': Eval('state') != 'received',
            'invisible': Eval('remedy') != 'paid_repair',
            })
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')
    total = fields.Function(
        fields.Numeric("Total", digits='currency'), 'get_total')
    quote_state = fields.Selection([
            (None, ""),
            ('accepted', "Accepted"),
            ('refused', "Refused"),
            ], "Quote", readonly=True,
        states={'invisible': Eval('remedy') != 'paid_repair'})
    approved_by = step_employee("Repair Approved By")
    technician = fields.Many2One(
        'company.employee', "Technician", states={
            'readonly': ~Eval('state').in_(['diagnosed', 'approved']),
            },
        domain=[('company', '=', Eval('company', -1))])
    contractor = fields.Many2One(
        'party.party', "Contractor", states={
            'readonly': ~Eval('state').in_(['diagnosed', 'approved']),
            },
        context={'company': Eval('company', -1)}, depends={'company'},
        help="The contractor or subcontractor who repairs.")
    parts_used = fields.Text("Parts Used", states={
            'readonly': Eval('state') != 'in_repair',
            })
    repair_note = fields.Text("Repair Done", states={
            'readonly': Eval('state') != 'in_repair',
            })
    inspector = step_employee("Inspected By")
    inspection_note = fields.Text("Inspection", states={
            'readonly': Eval('state') != 'quality_check',
            })
    settlement = fields.Text(
        "Settlement", states={
            'readonly': ~Eval('state').in_(['diagnosed', 'approved']),
            'invisible': ~Eval('remedy').in_(['refund', 'replacement']),
            },
        help="The replacement handed over or the amount refunded.")
    done_at = fields.DateTime("Done At", readonly=True)
    evaluation = fields.Selection(
        EVALUATIONS, "Customer's Evaluation", states={
            'readonly': Eval('state') != 'done',
            })
    evaluation_string = evaluation.translated('evaluation')
    evaluation_note = fields.Text("Customer's Comments", states={
            'readonly': Eval('state') != 'done',
            })
    signed = fields.Boolean(
        "Signed by the Customer", states={
            'readonly': Eval('state') != 'done',
            })
    accepted_at = fields.DateTime("Accepted At", readonly=True)
    history = fields.One2Many(
        'cs.repair.order.event', 'order', "History", readonly=True)
    month = fields.Date("Month", readonly=True)
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
                Index(t, (t.warranty, Index.Equality())),
                Index(t, (t.state, Index.Equality()),
                    where=~t.state.in_(['accepted', 'cancelled'])),
                Index(t, (t.confirm_deadline, Index.Range()),
                    where=t.confirmed_at == None),  # noqa: E711
                Index(t, (t.company, Index.Equality()),
                    (t.month, Index.Range())),
                })
        cls._order = [('received_at', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('draft', 'received'),
            ('received', 'diagnosed'),
            ('diagnosed', 'approved'),
            ('diagnosed', 'done'),
            ('approved', 'in_repair'),
            ('in_repair', 'quality_check'),
            ('quality_check', 'in_repair'),
            ('quality_check', 'done'),
            ('done', 'accepted'),
            }
        for state in cls.CANCELLABLE:
            cls._transitions.add((state, 'cancelled'))

        def button(states, icon='tryton-forward', hide=None):
            invisible = ~Eval('state').in_(states)
            if hide is not None:
                invisible |= hide
            return {
                'invisible': invisible,
                'icon': icon,
                'depends': ['state', 'remedy', 'kind', 'confirmed_at',
                    'remedy_exception'],
                }
        paid = Eval('remedy') == 'paid_repair'
        cls._buttons.update({
                'receive': button(['draft']),
                'confirm_defect': button(
                    ['received'], 'tryton-ok',
                    hide=(Eval('kind') != 'construction')
                    | Eval('confirmed_at')),
                'approve_remedy': button(
                    ['received'], 'tryton-ok',
                    hide=~Eval('remedy_exception')),
                'accept_quote': button(['received'], 'tryton-ok', hide=~paid),
                'refuse_quote': button(
                    ['received'], 'tryton-cancel', hide=~paid),
                'diagnose': button(['received']),
                'approve': button(
                    ['diagnosed'], 'tryton-ok',
                    hide=Eval('remedy').in_(['refund', 'replacement'])),
                'settle': button(
                    ['diagnosed'], 'tryton-ok',
                    hide=~Eval('remedy').in_(['refund', 'replacement'])),
                'start_repair': button(['approved']),
                'submit_check': button(['in_repair']),
                'pass_check': button(['quality_check'], 'tryton-ok'),
                'fail_check': button(['quality_check'], 'tryton-back'),
                'accept': button(['done'], 'tryton-ok'),
                'cancel': button(cls.CANCELLABLE, 'tryton-cancel'),
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_service_mode(cls):
        return 'in_shop'

    @classmethod
    def default_fault_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_signed(cls):
        return False

    @fields.depends('warranty')
    def on_change_with_kind(self, name=None):
        return self.warranty.kind if self.warranty else None

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('party', 'contact_phone', 'address')
    def on_change_party(self):
        if self.party:
            self.contact_phone = self.party.phone or self.contact_phone
            address = self.party.address_get()
            if address and not self.address:
                self.address = address.full_address.replace('\n', ', ')

    @fields.depends('company', 'party', 'serial', 'warranty')
    def on_change_serial(self):
        "The product's warranty is found from its serial number"
        Warranty = Pool().get('cs.warranty')
        if self.serial and self.party:
            warranties = Warranty.search([
                    ('company', '=', self.company.id if self.company else -1),
                    ('party', '=', self.party.id),
                    ('serial', '=', self.serial.strip()),
                    ], limit=1)
            if warranties:
                self.warranty, = warranties

    @classmethod
    def _check_state(cls, orders, states, action):
        lock_in_states(cls, orders, states, RepairError,
            'cs_warranty.msg_repair_wrong_state', 'order')

    def get_rec_name(self, name):
        return self.number or f'({self.id})'

    def search_key_texts(self):
        return [], [self.number, self.contact_phone, self.serial]

    def get_total(self, name):
        return sum((l.amount for l in self.lines), Decimal(0))

    @property
    def failed_repairs(self):
        "Earlier repairs of the same fault under the same warranty"
        if not self.warranty:
            return 0
        return self.search([
                ('warranty', '=', self.warranty.id),
                ('id', '!=', self.id),
                ('fault', 'ilike', self.fault),
                ('remedy', 'in', ['repair', 'paid_repair']),
                ('state', 'in', ['done', 'accepted']),
                ], count=True)

    def entitlement(self):
        if not self.warranty:
            return [('paid_repair', gettext(
                        'cs_warranty.msg_repair_no_warranty'))]
        return self.warranty.entitlement(self.fault_date, self.failed_repairs)

    def get_entitled(self, name):
        labels = dict(self.fields_get(['remedy'])['remedy']['selection'])
        # remedies given for one reason (refund and replacement after
        # failed repairs) print it once
        by_reason = {}
        for remedy, reason in self.entitlement():
            by_reason.setdefault(reason, []).append(labels[remedy])
        return '\n'.join(f'{" / ".join(remedies)}{colon()}{reason}'
            for reason, remedies in by_reason.items())

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        cls._fix_months()

    @classmethod
    def _fix_months(cls):
        """Migration: the statistics month of the orders received before it
        was the company's local month (it was the month of the UTC date)"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                table.id, table.received_at, table.company, table.month,
                where=table.received_at != Null))
        for id_, received_at, company, month in cursor.fetchall():
            local = local_date(received_at, company).replace(day=1)
            if month != local:
                cursor.execute(*table.update(
                        [table.month], [local], where=table.id == id_))

    @classmethod
    def copy(cls, orders, default=None):
        default = default.copy() if default is not None else {}
        for name in ['number', 'received_at', 'received_by', 'promised_date',
                'confirm_deadline', 'confirmed_at', 'remedy_approved_by',
                'quote_state', 'approved_by', 'inspector', 'done_at',
                'evaluation', 'accepted_at', 'month', 'history']:
            default.setdefault(name)
        return super().copy(orders, default=default)

    @classmethod
    def record_step(cls, orders, step, note=None):
        Event = Pool().get('cs.repair.order.event')
        Event.add_entries([{'order': o.id, 'step': step} for o in orders])

    # -- workflow ------------------------------------------------------------

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('received')
    @set_employee('received_by')
    def receive(cls, orders):
        "Register the order, number it and promise a date"
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        config = Configuration(1)
        now = workflow.clock()
        for order in orders:
            order.entitlement()  # refuses a fault date before the purchase
            order.number = Configuration.next_number(
                'repair_sequence', order.company)
            order.received_at = now
            order.month = local_date(now, order.company.id).replace(day=1)
            calendar = config.repair_calendar
            if calendar and not order.promised_date:
                order.promised_date = calendar.schedule.to_local(
                    calendar.add_working_hours(
                        now, config.repair_promise_hours or 0)).date()
            if calendar and order.kind == 'construction':
                order.confirm_deadline = calendar.add_working_hours(
                    now, config.defect_confirm_hours or 0)
        cls.save(orders)

    @classmethod
    @check_state('received')
    @ModelView.button
    @workflow.step
    def confirm_defect(cls, orders):
        "Record that the defect was confirmed on site or by phone (WA-09)"
        for order in orders:
            if not order.confirmation_method or not order.findings:
                raise RepairError(gettext(
                        'cs_warranty.msg_repair_confirmation',
                        order=order.rec_name))
        cls.write(orders, {'confirmed_at': workflow.clock()})

    @classmethod
    @check_state('received')
    @ModelView.button
    @workflow.step
    @set_employee('remedy_approved_by', when='before')
    def approve_remedy(cls, orders):
        "An administrator allows a remedy more generous than the policy"
        pass

    @classmethod
    @check_state('received')
    @ModelView.button
    @workflow.step
    def accept_quote(cls, orders):
        for order in orders:
            if not order.lines:
                raise RepairError(gettext(
                        'cs_warranty.msg_repair_quote_empty',
                        order=order.rec_name))
        cls.write(orders, {'quote_state': 'accepted'})

    @classmethod
    @check_state('received')
    @ModelView.button
    @workflow.step
    def refuse_quote(cls, orders):
        "The customer takes the product back unrepaired"
        cls.write(orders, {'quote_state': 'refused'})
        cls.cancel(orders)

    @classmethod
    @check_state('received')
    @ModelView.button
    @workflow.step
    @Workflow.transition('diagnosed')
    def diagnose(cls, orders):
        for order in orders:
            order.check_diagnosis()

    def check_diagnosis(self):
        if self.kind == 'construction' and not self.confirmed_at:
            raise RepairError(gettext(
                    'cs_warranty.msg_repair_unconfirmed', order=self.rec_name))
        if not self.remedy:
            raise RepairError(gettext(
                    'cs_warranty.msg_repair_remedy_required',
                    order=self.rec_name))
        allowed = {r for r, _ in self.entitlement()}
        if self.remedy not in allowed and not (
                self.remedy_exception and self.remedy_approved_by):
            raise RepairError(gettext(
                    'cs_warranty.msg_repair_remedy_not_allowed',
                    order=self.rec_name, remedy=self.remedy_string))
        if self.remedy == 'paid_repair' and self.quote_state != 'accepted':
            raise RepairError(gettext(
                    'cs_warranty.msg_repair_quote_not_accepted',
                    order=self.rec_name))

    remedy_string = remedy.translated('remedy')

    @classmethod
    @check_state('diagnosed')
    @ModelView.button
    @workflow.step
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, orders):
        "The department head approves the repair (WA-09)"
        pass

    @classmethod
    @check_state('diagnosed')
    @ModelView.button
    @workflow.step
    @Workflow.transition('done')
    def settle(cls, orders):
        "A refund or a replacement ends the order"
        for order in orders:
            if order.remedy not in {'refund', 'replacement'} or (
                    not order.settlement):
                raise RepairError(gettext(
                        'cs_warranty.msg_repair_settlement',
                        order=order.rec_name))
        cls.write(orders, {'done_at': workflow.clock()})

    @classmethod
    @check_state('approved')
    @ModelView.button
    @workflow.step
    @Workflow.transition('in_repair')
    def start_repair(cls, orders):
        for order in orders:
            if not order.technician and not order.contractor:
                raise RepairError(gettext(
                        'cs_warranty.msg_repair_repairer',
                        order=order.rec_name))

    @classmethod
    @check_state('in_repair')
    @ModelView.button
    @workflow.step
    @Workflow.transition('quality_check')
    def submit_check(cls, orders):
        for order in orders:
            if not order.repair_note:
                raise RepairError(gettext(
                        'cs_warranty.msg_repair_note', order=order.rec_name))

    @classmethod
    @check_state('quality_check')
    @ModelView.button
    @workflow.step
    @Workflow.transition('done')
    @set_employee('inspector')
    def pass_check(cls, orders):
        "The quality inspection passes (WA-10); the customer is told"
        cls.write(orders, {'done_at': workflow.clock()})

    @classmethod
    @check_state('quality_check')
    @ModelView.button
    @workflow.step
    @Workflow.transition('in_repair')
    def fail_check(cls, orders):
        for order in orders:
            if not order.inspection_note:
                raise RepairError(gettext(
                        'cs_warranty.msg_repair_inspection_note',
                        order=order.rec_name))

    @classmethod
    @check_state('done')
    @ModelView.button
    @workflow.step
    @Workflow.transition('accepted')
    def accept(cls, orders):
        "The customer or owner accepts with an evaluation and a signature"
        for order in orders:
            if not order.evaluation or not order.signed:
                raise RepairError(gettext(
                        'cs_warranty.msg_repair_evaluation',
                        order=order.rec_name))
        cls.write(orders, {'accepted_at': workflow.clock()})

    @classmethod
    @check_state(*CANCELLABLE)
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, orders):
        pass


class RepairEvent(HistoryMixin, ModelSQL, ModelView):
    "A step of a repair order: who took it and when"
    __name__ = 'cs.repair.order.event'
    __string__ = "Repair Order Event"
    _history_of = 'order'

    order = fields.Many2One(
        'cs.repair.order', "Order", required=True, ondelete='CASCADE')
    step = fields.Selection([
            ('receive', "Received"),
            ('confirm_defect', "Defect Confirmed"),
            ('approve_remedy', "Remedy Approved"),
            ('accept_quote', "Quote Accepted"),
            ('refuse_quote', "Quote Refused"),
            ('diagnose', "Diagnosed"),
            ('approve', "Repair Approved"),
            ('settle', "Settled"),
            ('start_repair', "Repair Started"),
            ('submit_check', "Sent to Quality Check"),
            ('pass_check', "Quality Check Passed"),
            ('fail_check', "Quality Check Failed"),
            ('accept', "Accepted by the Customer"),
            ('cancel', "Cancelled"),
            ], "Step", required=True, readonly=True)
    step_string = step.translated('step')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'ASC'), ('id', 'ASC')]


class RepairLine(BoundedMixin, ModelSQL, ModelView):
    "A line of the quote of a paid repair: parts or labour"
    __name__ = 'cs.repair.order.line'
    __string__ = "Repair Quote Line"

    order = fields.Many2One(
        'cs.repair.order', "Order", required=True, ondelete='CASCADE')
    kind = fields.Selection([
            ('part', "Part"),
            ('labour', "Labour"),
            ], "Kind", required=True)
    description = fields.Char("Description", required=True)
    quantity = fields.Float(
        "Quantity", digits=(16, 2), required=True,
        domain=[('quantity', '>', 0)])
    unit_price = fields.Numeric(
        "Unit Price", digits=(16, 2), required=True,
        domain=[('unit_price', '>=', 0)])
    amount = fields.Function(
        fields.Numeric("Amount", digits=(16, 2)), 'on_change_with_amount')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('order')

    @classmethod
    def default_kind(cls):
        return 'part'

    @classmethod
    def default_quantity(cls):
        return 1

    @fields.depends('quantity', 'unit_price')
    def on_change_with_amount(self, name=None):
        if self.quantity is None or self.unit_price is None:
            return None
        return (Decimal(str(self.quantity)) * self.unit_price).quantize(
            Decimal('0.01'))


class RepairReceipt(CustomerLanguageReport):
    "The receipt (收条) given at intake"
    __name__ = 'cs.repair.order.receipt'


class BilingualRepairReceipt(BilingualReport, RepairReceipt):
    __name__ = 'cs.repair.order.receipt.bilingual'


class RepairRecord(CustomerLanguageReport):
    "The construction repair record (工程维修记录表)"
    __name__ = 'cs.repair.order.record'

    @classmethod
    def get_context(cls, records, header, data):
        for order in records:
            if order.kind != 'construction':
                raise RepairError(gettext(
                        'cs_warranty.msg_repair_record_construction_only',
                        order=order.rec_name))
        return super().get_context(records, header, data)


class BilingualRepairRecord(BilingualReport, RepairRecord):
    __name__ = 'cs.repair.order.record.bilingual'
