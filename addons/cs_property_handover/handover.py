# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Handover campaigns and the handover of each unit (PH-01 … PH-07)"
import datetime as dt
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Workflow, fields,
    sequence_ordered)
from trytond.modules.company.model import set_employee
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import (
    BilingualReport, CustomerLanguageReport, check_state, lock_in_states,
    order_index, past_due_domain, save_in_languages)
from trytond.modules.cs_base.workflow import (
    BoundedMixin, WorkflowMixin, step_employee)
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction, without_check_access

from .exceptions import HandoverError

OWNER_DATA_DAYS = 7


class Batch(WorkflowMixin, Workflow, ModelSQL, ModelView):
    "A handover campaign of an estate's buildings, with its preparation plan"
    __name__ = 'cs.handover.batch'
    __string__ = "Handover Batch"

    _draft = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    name = fields.Char("Name", required=True)
    estate = fields.Many2One(
        'cs.property.estate', "Estate", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    buildings = fields.Many2Many(
        'cs.handover.batch-cs.property.building', 'batch', 'building',
        "Buildings", states=_draft,
        domain=[('estate', '=', Eval('estate', -1))])
    start_date = fields.Date("Handover From", required=True, states=_draft)
    end_date = fields.Date(
        "Handover To", required=True, states=_draft,
        domain=[('end_date', '>=', Eval('start_date', None))])
    tasks = fields.One2Many(
        'cs.handover.batch.task', 'batch', "Preparation Plan",
        states={'readonly': Eval('state') == 'closed'})
    meetings = fields.One2Many(
        'cs.handover.batch.meeting', 'batch', "Preparation Meetings")
    handovers = fields.One2Many(
        'cs.handover', 'batch', "Handovers", readonly=True)
    approved_by = step_employee("Plan Approved By")
    state = fields.Selection([
            ('draft', "Draft"),
            ('approved', "Plan Approved"),
            ('open', "Handing Over"),
            ('closed', "Closed"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('draft', 'approved'),
            ('approved', 'draft'),
            ('approved', 'open'),
            ('open', 'closed'),
            }
        cls._buttons.update({
                'generate_plan': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-launch', 'depends': ['state']},
                'approve': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok', 'depends': ['state']},
                'draft': {
                    'invisible': Eval('state') != 'approved',
                    'icon': 'tryton-back', 'depends': ['state']},
                'open': {
                    'invisible': Eval('state') != 'approved',
                    'icon': 'tryton-forward', 'depends': ['state']},
                'close': {
                    'invisible': Eval('state') != 'open',
                    'icon': 'tryton-close', 'depends': ['state']},
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def _check_state(cls, batches, states, action):
        lock_in_states(cls, batches, states, HandoverError,
            'cs_property_handover.msg_batch_wrong_state', 'batch')

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    def generate_plan(cls, batches):
        """Plan the preparation tasks from the template, counted back from
        the first handover day (PH-01)"""
        pool = Pool()
        Template = pool.get('cs.handover.plan.template')
        Task = pool.get('cs.handover.batch.task')
        # the tasks take the templates' names in each language, whoever
        # plans
        with Transaction().set_context(language='en'):
            templates = Template.search([])
        tasks = []
        for batch in batches:
            existing = {t.template for t in batch.tasks}
            tasks.extend(Task(
                    batch=batch, template=t, sequence=t.sequence,
                    name=t.name,
                    due_date=batch.start_date - dt.timedelta(
                        days=t.days_before))
                for t in templates if t not in existing)
        save_in_languages(tasks, 'name',
            lambda task, _: Template(task.template.id).name)

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, batches):
        "The plan is reviewed and approved by the company (PH-01)"
        for batch in batches:
            if not batch.tasks:
                raise HandoverError(gettext(
                        'cs_property_handover.msg_batch_no_plan',
                        batch=batch.rec_name))

    @classmethod
    @check_state('approved')
    @ModelView.button
    @workflow.step
    @Workflow.transition('draft')
    def draft(cls, batches):
        cls.write(batches, {'approved_by': None})

    @classmethod
    @check_state('approved')
    @ModelView.button
    @workflow.step
    @Workflow.transition('open')
    def open(cls, batches):
        pass

    @classmethod
    @check_state('open')
    @ModelView.button
    @workflow.step
    @Workflow.transition('closed')
    def close(cls, batches):
        pass


class BatchBuilding(ModelSQL):
    __name__ = 'cs.handover.batch-cs.property.building'
    __string__ = "Handover Batch - Building"

    batch = fields.Many2One(
        'cs.handover.batch', "Batch", required=True, ondelete='CASCADE')
    building = fields.Many2One(
        'cs.property.building', "Building", required=True,
        ondelete='CASCADE')


class PlanTemplate(
        BoundedMixin, DeactivableMixin, sequence_ordered(), ModelSQL,
        ModelView):
    "A task of the handover preparation plan, counted back from handover"
    __name__ = 'cs.handover.plan.template'
    __string__ = "Handover Plan Template"

    name = fields.Char("Task", required=True, translate=True)
    days_before = fields.Integer(
        "Days Before Handover", required=True,
        domain=[('days_before', '>=', 0)])


class BatchTask(BoundedMixin, sequence_ordered(), ModelSQL, ModelView):
    "A task of a batch's preparation plan"
    __name__ = 'cs.handover.batch.task'
    __string__ = "Handover Preparation Task"

    batch = fields.Many2One(
        'cs.handover.batch', "Batch", required=True, ondelete='CASCADE')
    template = fields.Many2One(
        'cs.handover.plan.template', "Template", readonly=True)
    name = fields.Char("Task", required=True, translate=True)
    responsible = fields.Many2One('company.employee', "Responsible")
    due_date = fields.Date("Due Date", required=True)
    done_date = fields.Date("Done On")
    overdue = fields.Function(
        fields.Boolean("Overdue"), 'get_overdue', searcher='search_overdue')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('batch')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.due_date, Index.Range()),
                where=t.done_date == None))  # noqa: E711
        cls._order = [('due_date', 'ASC'), ('sequence', 'ASC'), ('id', 'ASC')]

    def get_overdue(self, name):
        Date = Pool().get('ir.date')
        return not self.done_date and self.due_date < Date.today()

    @classmethod
    def search_overdue(cls, name, clause):
        Date = Pool().get('ir.date')
        return past_due_domain(clause, 'due_date', 'done_date', Date.today())


class Meeting(BoundedMixin, ModelSQL, ModelView):
    "A weekly handover preparation meeting with its minutes (PH-01)"
    __name__ = 'cs.handover.batch.meeting'
    __string__ = "Handover Preparation Meeting"

    batch = fields.Many2One(
        'cs.handover.batch', "Batch", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    attendees = fields.Text("Attendees")
    minutes = fields.Text("Minutes", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('batch')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]


class ChecklistTemplate(BoundedMixin, sequence_ordered(), ModelSQL, ModelView):
    "An item inspected at handover in a room of a unit type"
    __name__ = 'cs.handover.checklist.template'
    __string__ = "Handover Checklist Item"

    unit_type = fields.Many2One(
        'cs.property.unit.type', "Unit Type", required=True,
        ondelete='CASCADE')
    room = fields.Char("Room", required=True, translate=True)
    item = fields.Char("Item", required=True, translate=True)
    part = fields.Many2One(
        'cs.warranty.part', "Building Part", required=True,
        help="The warranty under which a defect of the item is repaired.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('unit_type')


class Handover(WorkflowMixin, Workflow, ModelSQL, ModelView):
    "The handover of one unit to its owner or tenant (PH-03 … PH-06)"
    __name__ = 'cs.handover'
    __string__ = "Handover"

    _open = {'readonly': ~Eval('state').in_(['draft', 'inspecting'])}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_open)
    batch = fields.Many2One(
        'cs.handover.batch', "Batch", required=True, states=_open,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('state') == 'draft',
                ('state', 'in', ['approved', 'open']), ()),
            ])
    unit = fields.Many2One(
        'cs.property.unit', "Unit", required=True, states=_open,
        domain=[
            ('estate', '=', Eval('estate', -1)),
            ])
    estate = fields.Function(
        fields.Many2One('cs.property.estate', "Estate"),
        'on_change_with_estate')
    unit_type = fields.Function(
        fields.Many2One('cs.property.unit.type', "Unit Type"),
        'on_change_with_unit_type')
    occupant = fields.Selection([
            ('owner', "Owner"),
            ('tenant', "Tenant"),
            ], "Taken Over By", required=True, states=_open)
    party = fields.Many2One(
        'party.party', "Owner or Tenant", required=True, states=_open,
        context={'company': Eval('company', -1)}, depends={'company'})
    appointment_at = fields.DateTime("Appointment", states=_open)
    pack_sent_on = fields.Date(
        "Handover Pack Sent On", states=_open,
        help="When the handover notice, guides, fee schedules and owner "
        "card were sent (PH-02).")
    proxy = fields.Many2One(
        'party.party', "Proxy", states=_open,
        context={'company': Eval('company', -1)}, depends={'company'},
        help="Who takes over for the owner, with a notarised power of "
        "attorney (PH-04).")
    notarisation_number = fields.Char(
        "Notarisation Number", states={
            'readonly': _open['readonly'],
            'invisible': ~Eval('proxy'),
            })
    notarisation_date = fields.Date(
        "Notarisation Date", states={
            'readonly': _open['readonly'],
            'invisible': ~Eval('proxy'),
            })
    lines = fields.One2Many(
        'cs.handover.line', 'handover', "Checklist", states={
            'readonly': Eval('state') != 'inspecting',
            })
    meter_water = fields.Numeric(
        "Water Meter", digits=(16, 2), states=_open)
    meter_electricity = fields.Numeric(
        "Electricity Meter", digits=(16, 2), states=_open)
    meter_gas = fields.Numeric("Gas Meter", digits=(16, 2), states=_open)
    keys = fields.Integer(
        "Keys Handed Over", states=_open,
        domain=['OR', ('keys', '=', None), ('keys', '>=', 0)])
    documents_signed = fields.Boolean(
        "Documents Signed For", states=_open,
        help="The owner signed for the handover notice, the handover and "
        "renovation guides and the fee schedules (PH-03).")
    owner_card = fields.Boolean(
        "Owner Card Filled In", states=_open)
    service_agreement = fields.Boolean(
        "Property-Service Agreement Signed", states={
            'readonly': _open['readonly'],
            'invisible': Eval('occupant') != 'owner',
            },
        help="The preliminary property-service agreement (前期物业服务协议).")
    management_statute = fields.Boolean(
        "Management Statute Signed", states={
            'readonly': _open['readonly'],
            'invisible': Eval('occupant') != 'owner',
            },
        help="The management statute (管理规约).")
    tenant_agreement = fields.Boolean(
        "Tenant or Merchant Agreement Signed", states={
            'readonly': _open['readonly'],
            'invisible': Eval('occupant') != 'tenant',
            })
    staff = step_employee("Handed Over By")
    handover_date = fields.Date("Handover Date", readonly=True)
    owner_data_deadline = fields.Date(
        "Owner Data Due", readonly=True,
        help="The owner's data is entered within a week of handover (PH-06).")
    owner_data_entered = fields.Date("Owner Data Entered On", readonly=True)
    file_late = fields.Function(
        fields.Boolean("Owner Data Late"), 'get_file_late',
        searcher='search_file_late')
    repair_orders = fields.One2Many(
        'cs.repair.order', 'handover', "Defects", readonly=True)
    note = fields.Text("Note")
    state = fields.Selection([
            ('draft', "Draft"),
            ('inspecting', "Inspecting"),
            ('accepted', "Accepted"),
            ('refused', "Refused"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.unit, Index.Equality())),
                Index(t, (t.batch, Index.Equality())),
                Index(t, (t.owner_data_deadline, Index.Range()),
                    where=t.owner_data_entered == None),  # noqa: E711
                })
        cls._order = [('appointment_at', 'ASC NULLS LAST'), ('id', 'ASC')]
        cls._transitions |= {
            ('draft', 'inspecting'),
            ('inspecting', 'accepted'),
            ('inspecting', 'refused'),
            ('refused', 'inspecting'),
            ('draft', 'cancelled'),
            ('inspecting', 'cancelled'),
            }
        cls._buttons.update({
                'inspect': {
                    'invisible': ~Eval('state').in_(['draft', 'refused']),
                    'icon': 'tryton-forward', 'depends': ['state']},
                'accept': {
                    'invisible': Eval('state') != 'inspecting',
                    'icon': 'tryton-ok', 'depends': ['state']},
                'refuse': {
                    'invisible': Eval('state') != 'inspecting',
                    'icon': 'tryton-cancel', 'depends': ['state']},
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'inspecting']),
                    'icon': 'tryton-cancel', 'depends': ['state']},
                'enter_owner_data': {
                    'invisible': ((Eval('state') != 'accepted')
                        | Eval('owner_data_entered')),
                    'icon': 'tryton-ok',
                    'depends': ['state', 'owner_data_entered']},
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_occupant(cls):
        return 'owner'

    @classmethod
    def default_documents_signed(cls):
        return False

    @classmethod
    def default_owner_card(cls):
        return False

    @classmethod
    def default_service_agreement(cls):
        return False

    @classmethod
    def default_management_statute(cls):
        return False

    @classmethod
    def default_tenant_agreement(cls):
        return False

    @fields.depends('batch')
    def on_change_with_estate(self, name=None):
        return self.batch.estate if self.batch else None

    @fields.depends('unit')
    def on_change_with_unit_type(self, name=None):
        return self.unit.unit_type if self.unit else None

    @fields.depends('unit', 'party', 'occupant')
    def on_change_unit(self):
        if self.unit and self.unit.owner and self.occupant == 'owner':
            self.party = self.unit.owner

    def get_rec_name(self, name):
        return self.unit.rec_name

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('unit.rec_name',) + tuple(clause[1:])]

    def get_file_late(self, name):
        Date = Pool().get('ir.date')
        return bool(self.owner_data_deadline and not self.owner_data_entered
            and self.owner_data_deadline < Date.today())

    @classmethod
    def search_file_late(cls, name, clause):
        Date = Pool().get('ir.date')
        return past_due_domain(clause, 'owner_data_deadline',
            'owner_data_entered', Date.today())

    @classmethod
    def _check_state(cls, handovers, states, action):
        lock_in_states(cls, handovers, states, HandoverError,
            'cs_property_handover.msg_handover_wrong_state', 'handover')

    @classmethod
    @check_state('draft', 'refused')
    @ModelView.button
    @workflow.step
    @Workflow.transition('inspecting')
    def inspect(cls, handovers):
        "Start the inspection with the checklist of the unit type"
        Line = Pool().get('cs.handover.line')
        lines = []
        for handover in handovers:
            if handover.batch.state != 'open':
                raise HandoverError(gettext(
                        'cs_property_handover.msg_handover_batch_not_open',
                        handover=handover.rec_name,
                        batch=handover.batch.rec_name))
            if not handover.lines:
                lines.extend(Line(
                        handover=handover, sequence=t.sequence, room=t.room,
                        item=t.item, part=t.part)
                    for t in handover.unit.unit_type.checklist)
        Line.save(lines)

    @classmethod
    @check_state('inspecting')
    @ModelView.button
    @workflow.step
    @Workflow.transition('accepted')
    @set_employee('staff')
    def accept(cls, handovers):
        """The owner accepts the unit, with its defects listed: the unit is
        theirs, its construction warranties start and defects are repaired"""
        Date = Pool().get('ir.date')
        today = Date.today()
        for handover in handovers:
            handover.check_unit_free()
            handover.check_checklist()
            handover.check_proxy()
            handover.check_file()
        for handover in handovers:
            handover.handover_date = today
            handover.owner_data_deadline = today + dt.timedelta(
                days=OWNER_DATA_DAYS)
            handover.take_over_unit()
        cls.save(handovers)
        cls.open_defects(handovers)

    @classmethod
    @check_state('inspecting')
    @ModelView.button
    @workflow.step
    @Workflow.transition('refused')
    def refuse(cls, handovers):
        "The owner refuses the unit until its defects are repaired"
        for handover in handovers:
            handover.check_checklist()
            if not handover.failed_lines:
                raise HandoverError(gettext(
                        'cs_property_handover.msg_handover_refuse_no_defect',
                        handover=handover.rec_name))
        cls.open_defects(handovers)

    @classmethod
    @check_state('draft', 'inspecting')
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, handovers):
        pass

    @classmethod
    @check_state('accepted')
    @ModelView.button
    @workflow.step
    def enter_owner_data(cls, handovers):
        "The owner's data is in the system (PH-06)"
        Date = Pool().get('ir.date')
        cls.write(handovers, {'owner_data_entered': Date.today()})

    @property
    def failed_lines(self):
        return [l for l in self.lines if l.result == 'fail']

    def check_unit_free(self):
        "A unit is handed over once"
        others = self.search([
                ('unit', '=', self.unit.id),
                ('state', '=', 'accepted'),
                ('id', '!=', self.id),
                ], limit=1)
        if others or self.unit.state not in {'unsold', 'sold'}:
            raise HandoverError(gettext(
                    'cs_property_handover.msg_unit_handed_over',
                    unit=self.unit.rec_name,
                    state=self.unit.state_string))

    def check_checklist(self):
        unanswered = [l for l in self.lines if not l.result]
        if unanswered:
            raise HandoverError(gettext(
                    'cs_property_handover.msg_checklist_unanswered',
                    handover=self.rec_name, count=len(unanswered),
                    item=unanswered[0].rec_name))

    def check_proxy(self):
        "A proxy needs a notarised power of attorney and both IDs (PH-04)"
        Attachment = Pool().get('ir.attachment')
        if not self.proxy:
            return
        if (not self.notarisation_number or not self.notarisation_date
                or not self.proxy.cs_identity_number):
            raise HandoverError(gettext(
                    'cs_property_handover.msg_proxy_notarisation',
                    handover=self.rec_name, proxy=self.proxy.rec_name))
        copies = Attachment.search(
            [('resource', '=', str(self))], count=True)
        if copies < 2:
            raise HandoverError(gettext(
                    'cs_property_handover.msg_proxy_copies',
                    handover=self.rec_name))

    def check_file(self):
        "The handover file is complete before the handover closes (PH-06)"
        if self.occupant == 'owner':
            signed = self.service_agreement and self.management_statute
        else:
            signed = self.tenant_agreement
        if not (self.documents_signed and self.owner_card and signed):
            raise HandoverError(gettext(
                    'cs_property_handover.msg_file_incomplete',
                    handover=self.rec_name))

    def take_over_unit(self):
        """Make the unit the owner's (or the tenant's) and start its
        construction warranties"""
        pool = Pool()
        Unit = pool.get('cs.property.unit')
        Warranty = pool.get('cs.warranty')
        unit = self.unit
        if self.occupant == 'owner':
            unit.owner = self.party
            general = [c for c in unit.estate.contractors if c.general]
            Warranty.cover_unit(
                self.party, unit.rec_name, self.handover_date,
                general[0].party if general else None, unit=unit.id)
        else:
            unit.tenants += (self.party,)
        unit.state = 'handed_over'
        unit.handover_date = self.handover_date
        Unit.save([unit])

    @classmethod
    def open_defects(cls, handovers):
        """Each failed item becomes a repair order, on the unit's coverage
        of the item's building part when the unit is handed over"""
        pool = Pool()
        Order = pool.get('cs.repair.order')
        Warranty = pool.get('cs.warranty')
        Date = pool.get('ir.date')
        orders = []
        for handover in handovers:
            for line in handover.failed_lines:
                warranties = Warranty.search([
                        ('unit', '=', handover.unit.id),
                        ('part', '=', line.part.id),
                        ('party', '=', handover.party.id),
                        ], limit=1)
                orders.append(Order(
                        company=handover.company, party=handover.party,
                        handover=handover,
                        warranty=warranties[0] if warranties else None,
                        address=handover.unit.rec_name,
                        fault=f'{line.room} {line.item}',
                        fault_description=line.note or line.item,
                        fault_date=Date.today(), service_mode='on_site'))
        Order.save(orders)
        cls.notify_defects_opened(orders)

    @classmethod
    def notify_defects_opened(cls, orders):
        "Tell the clerk who took the step which repair orders it opened"
        Notification = Pool().get('res.notification')
        by_handover = defaultdict(list)
        for order in orders:
            by_handover[order.handover].append(order)
        user = Transaction().user
        with without_check_access():
            Notification.save([Notification(
                        user=user, label=handover.rec_name,
                        description=gettext(
                            'cs_property_handover.msg_handover_defects_opened',
                            count=len(opened),
                            orders=', '.join(o.rec_name for o in opened)),
                        icon='tryton-warning', model='cs.repair.order',
                        records=str([o.id for o in opened]))
                    for handover, opened in by_handover.items()])


class HandoverLine(BoundedMixin, sequence_ordered(), ModelSQL, ModelView):
    """An item of a unit's handover checklist, passed or failed; photos are
    attached to it"""
    __name__ = 'cs.handover.line'
    __string__ = "Handover Checklist Line"

    handover = fields.Many2One(
        'cs.handover', "Handover", required=True, ondelete='CASCADE')
    room = fields.Char("Room", required=True)
    item = fields.Char("Item", required=True)
    part = fields.Many2One('cs.warranty.part', "Building Part", required=True)
    result = fields.Selection([
            (None, ""),
            ('pass', "Passed"),
            ('fail', "Failed"),
            ], "Result")
    result_string = result.translated('result')
    note = fields.Char(
        "Note", states={'required': Eval('result') == 'fail'},
        help="What is wrong; it becomes the defect's description.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('handover')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.handover, Index.Equality())))

    def get_rec_name(self, name):
        return f'{self.room} {self.item}'


class HandoverNotice(CustomerLanguageReport):
    """The handover notice (交付使用通知书) with the owner information card,
    sent with the handover pack (PH-02)"""
    __name__ = 'cs.handover.notice'


class BilingualHandoverNotice(BilingualReport, HandoverNotice):
    __name__ = 'cs.handover.notice.bilingual'


class AcceptanceRecord(CustomerLanguageReport):
    "The unit acceptance record (房屋交付验收记录)"
    __name__ = 'cs.handover.acceptance_record'


class BilingualAcceptanceRecord(BilingualReport, AcceptanceRecord):
    __name__ = 'cs.handover.acceptance_record.bilingual'
