# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Inspections against a standard: items passed or failed, scored, acted on"
from decimal import Decimal

from sql import Null

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.cs_base import tools, workflow
from trytond.modules.cs_base.tools import (
    BilingualReport, CustomerLanguageReport, check_state, local_date,
    lock_in_states, order_index)
from trytond.modules.cs_base.workflow import (
    BoundedMixin, HistoryMixin, WorkflowMixin, external_call)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from .exceptions import InspectionError
from .standard import METHODS

RESULTS = [
    (None, ""),
    ('passed', "Passed"),
    ('failed', "Failed"),
    ('not_applicable', "Not Applicable"),
    ]
STATES = [
    ('draft', "Draft"),
    ('in_progress', "In Progress"),
    ('done', "Done"),
    ('acknowledged', "Acknowledged"),
    ('disputed', "Disputed"),
    ('final', "Final"),
    ('cancelled', "Cancelled"),
    ]
# the states in which an inspection counts: its score is settled or at
# least not contested
SCORED = ['done', 'acknowledged', 'final']
RECHECKS = [
    (None, ""),
    ('corrected', "Corrected"),
    ('not_corrected', "Not Corrected"),
    ]


class Inspection(WorkflowMixin, Workflow, ModelSQL, ModelView):
    """A check of a department or of one employee against a standard: each
    item passed, failed or not applicable, scored per section and overall;
    the inspected employee acknowledges or disputes, a manager decides."""
    __name__ = 'cs.quality.inspection'
    __string__ = "Inspection"

    _draft = {'readonly': Eval('state') != 'draft'}
    _open = {'readonly': ~Eval('state').in_(['draft', 'in_progress'])}
    _deletable_states = {'draft'}
    _not_in_future = {'date'}
    _now_defaults = {'date'}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    standard = fields.Many2One(
        'cs.quality.standard', "Standard", required=True, states=_draft,
        domain=[
            ('state', '=', 'in_use'),
            ('company', 'in', [None, Eval('company', -1)]),
            ])
    date = fields.DateTime("Date", required=True, states=_open)
    method = fields.Selection(METHODS, "Method", required=True, states=_open)
    method_string = method.translated('method')
    inspector = fields.Many2One(
        'company.employee', "Inspector", required=True, states=_open,
        domain=[('company', '=', Eval('company', -1))])
    department = fields.Many2One(
        'cs.department', "Department", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    employee = fields.Many2One(
        'company.employee', "Inspected Employee", states=_draft,
        domain=[('company', '=', Eval('company', -1))],
        help="Leave empty for an inspection of the department as a whole: "
        "its manager acknowledges it.")
    visitor = fields.Char(
        "Mystery Visitor", states={
            **_open, 'invisible': Eval('method') != 'mystery_visit'},
        help="Who played the customer.")
    scenario = fields.Text(
        "Scenario Played", states={
            **_open, 'invisible': Eval('method') != 'mystery_visit'})
    lines = fields.One2Many(
        'cs.quality.inspection.line', 'inspection', "Items",
        states={'readonly': Eval('state') != 'in_progress'})
    score = fields.Numeric("Score", digits=(16, 1), readonly=True)
    maximum = fields.Numeric("Out Of", digits=(16, 1), readonly=True)
    failed_count = fields.Integer("Items Failed", readonly=True)
    month = fields.Date(
        "Month", readonly=True,
        help="The first day of the month of the inspection, in the "
        "company's time zone, by which the statistics count it.")
    dispute_reason = fields.Text("Dispute", readonly=True)
    decision = fields.Text("Decision", readonly=True)
    events = fields.One2Many(
        'cs.quality.inspection.event', 'inspection', "History",
        readonly=True)
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.update({
                order_index(cls),
                Index(t, (t.employee, Index.Equality()),
                    (t.date, Index.Range()), where=t.employee != Null),
                Index(t, (t.department, Index.Equality()),
                    (t.date, Index.Range())),
                Index(t, (t.company, Index.Equality()),
                    (t.month, Index.Range()), where=t.month != Null),
                })
        cls._transitions |= {
            ('draft', 'in_progress'),
            ('in_progress', 'done'),
            ('done', 'acknowledged'),
            ('done', 'disputed'),
            ('disputed', 'final'),
            ('disputed', 'in_progress'),
            ('draft', 'cancelled'),
            ('in_progress', 'cancelled'),
            }
        cls._buttons.update({
                'start': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'finish': {
                    'invisible': Eval('state') != 'in_progress',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'acknowledge': {
                    'invisible': Eval('state') != 'done',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'dispute': {
                    'invisible': Eval('state') != 'done',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                'uphold': {
                    'invisible': Eval('state') != 'disputed',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'reopen': {
                    'invisible': Eval('state') != 'disputed',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'in_progress']),
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
    def default_inspector(cls):
        return Transaction().context.get('employee')

    def get_rec_name(self, name):
        return self.number or str(self.id)

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('//page[@id="dispute"]', 'states', {
                    'invisible': ~Eval('dispute_reason')}),
            ]

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('number',) + tuple(clause[1:])]

    @classmethod
    def check_modification(cls, mode, inspections, values=None,
            external=False):
        # before the workflow's field by field refusal: this one says why
        if mode == 'write' and external:
            for inspection in inspections:
                if inspection.state not in {'draft', 'in_progress'}:
                    raise InspectionError(gettext(
                            'cs_quality.msg_inspection_closed',
                            inspection=inspection.rec_name))
        super().check_modification(
            mode, inspections, values=values, external=external)

    @classmethod
    def copy(cls, inspections, default=None):
        default = dict(default or {})
        default.setdefault('lines', [])
        return super().copy(inspections, default=default)

    @classmethod
    def _check_state(cls, inspections, states, action):
        lock_in_states(cls, inspections, states, InspectionError,
            'cs_quality.msg_inspection_wrong_state', 'inspection')

    @classmethod
    def record_step(cls, inspections, step, note=None):
        Event = Pool().get('cs.quality.inspection.event')
        Event.add_entries([{'inspection': i.id, 'step': step, 'note': note}
                for i in inspections])

    def items_to_check(self):
        "The standard's items that apply to the inspected department"
        return [item for section in self.standard.sections
            for item in section.items
            if not item.department or item.department == self.department]

    # -- steps ---------------------------------------------------------------

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('in_progress')
    def start(cls, inspections):
        "Number the inspection and list the items of its standard to check"
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        Line = pool.get('cs.quality.inspection.line')
        lines = []
        for inspection in inspections:
            if not inspection.number:
                inspection.number = Configuration.next_number(
                    'inspection_sequence', inspection.company)
            if not inspection.lines:
                lines.extend(Line(inspection=inspection, item=item)
                    for item in inspection.items_to_check())
        cls.save(inspections)
        Line.save(lines)

    @classmethod
    @check_state('in_progress')
    @ModelView.button
    @workflow.step
    @Workflow.transition('done')
    def finish(cls, inspections):
        "Every item answered: the score per section and overall"
        for inspection in inspections:
            unanswered = [l for l in inspection.lines if not l.result]
            if unanswered:
                raise InspectionError(gettext(
                        'cs_quality.msg_inspection_unanswered',
                        inspection=inspection.rec_name,
                        item=unanswered[0].item.rec_name,
                        count=len(unanswered)))
            inspection.score, inspection.maximum = inspection.compute_score()
            inspection.month = local_date(
                inspection.date, inspection.company.id).replace(day=1)
            inspection.failed_count = sum(
                l.result == 'failed' for l in inspection.lines)
        cls.save(inspections)

    def section_scores(self):
        """[(section, score, points)] of the sections checked: a section
        loses the deduction of each failed item, never below zero"""
        lost = {}
        for line in self.lines:
            section = line.item.section
            lost.setdefault(section, Decimal(0))
            if line.result == 'failed':
                lost[section] += line.item.deduction
        return [(s, max(s.points - lost[s], Decimal(0)), s.points)
            for s in sorted(lost, key=lambda s: (s.sequence or 0, s.id))]

    def compute_score(self):
        "(score, maximum) over the sections checked"
        scores = self.section_scores()
        tenth = Decimal('0.1')
        return (sum((s for _, s, _ in scores), Decimal(0)).quantize(tenth),
            sum((p for _, _, p in scores), Decimal(0)).quantize(tenth))

    @classmethod
    @check_state('done')
    @ModelView.button
    @workflow.step
    @Workflow.transition('acknowledged')
    def acknowledge(cls, inspections):
        "The inspected employee (or the department's manager) signs it"
        cls._check_inspected(inspections)

    @classmethod
    @ModelView.button_action('cs_quality.wizard_inspection_dispute')
    def dispute(cls, inspections):
        pass

    @classmethod
    @check_state('done')
    @workflow.step(record=False, name='dispute')
    @Workflow.transition('disputed')
    def do_dispute(cls, inspections, reason):
        cls._check_inspected(inspections)
        cls.write(inspections, {'dispute_reason': reason})
        cls.record_step(inspections, 'dispute', reason)

    @classmethod
    def _check_inspected(cls, inspections):
        "Only the employee inspected, or the department's manager, answers"
        for inspection in inspections:
            answerer = inspection.employee or inspection.department.manager
            if not workflow.user_is(answerer):
                raise InspectionError(gettext(
                        'cs_quality.msg_inspection_not_inspected',
                        inspection=inspection.rec_name,
                        employee=answerer.rec_name if answerer else ''))

    @classmethod
    @ModelView.button_action('cs_quality.wizard_inspection_uphold')
    def uphold(cls, inspections):
        pass

    @classmethod
    @check_state('disputed')
    @workflow.step(record=False, name='uphold')
    @Workflow.transition('final')
    def do_uphold(cls, inspections, reason):
        "The manager keeps the score: the dispute is answered"
        cls.write(inspections, {'decision': reason})
        cls.record_step(inspections, 'uphold', reason)

    @classmethod
    @ModelView.button_action('cs_quality.wizard_inspection_reopen')
    def reopen(cls, inspections):
        pass

    @classmethod
    @check_state('disputed')
    @workflow.step(record=False, name='reopen')
    @Workflow.transition('in_progress')
    def do_reopen(cls, inspections, reason):
        "The manager grants the dispute: the inspector corrects the items"
        cls.write(inspections, {'decision': reason, 'score': None,
                'maximum': None, 'failed_count': None})
        cls.record_step(inspections, 'reopen', reason)

    @classmethod
    @check_state('draft', 'in_progress')
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, inspections):
        pass


class InspectionLine(BoundedMixin, ModelSQL, ModelView):
    """One item of an inspection: passed, failed or not applicable, with a
    note and photos (attachments); a failure names who acts by when"""
    __name__ = 'cs.quality.inspection.line'
    __string__ = "Inspection Item"

    _checking = {'readonly': Eval('inspection_state') != 'in_progress'}

    inspection = fields.Many2One(
        'cs.quality.inspection', "Inspection", required=True,
        ondelete='CASCADE')
    item = fields.Many2One(
        'cs.quality.standard.item', "Item", required=True, readonly=True)
    criterion = fields.Function(
        fields.Text("Check Standard"), 'on_change_with_criterion')
    section = fields.Function(
        fields.Many2One('cs.quality.standard.section', "Section"),
        'on_change_with_section')
    result = fields.Selection(RESULTS, "Result", states=_checking)
    note = fields.Text("Note", states=_checking)
    deducted = fields.Function(
        fields.Numeric("Deducted", digits=(16, 1)), 'get_deducted')
    action = fields.Text(
        "Corrective Action", states={
            **_checking, 'invisible': Eval('result') != 'failed'})
    action_owner = fields.Many2One(
        'company.employee', "Action Owner", states={
            **_checking, 'invisible': Eval('result') != 'failed',
            'required': Bool(Eval('action')),
            },
        domain=[('company', '=', Eval('company', -1))])
    action_due = fields.Date(
        "Action Due", states={
            **_checking, 'invisible': Eval('result') != 'failed',
            'required': Bool(Eval('action')),
            })
    recheck = fields.Selection(RECHECKS, "Re-check", readonly=True,
        states={'invisible': Eval('result') != 'failed'},
        help="Whether the failure was found corrected when the item was "
        "checked again after its action.")
    recheck_string = recheck.translated('recheck')
    rechecked_at = fields.DateTime(
        "Re-checked At", readonly=True,
        states={'invisible': ~Eval('recheck')})
    rechecked_by = fields.Many2One(
        'company.employee', "Re-checked By", readonly=True,
        states={'invisible': ~Eval('recheck')})
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company')
    inspection_state = fields.Function(
        fields.Selection(STATES, "Inspection State"),
        'on_change_with_inspection_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('inspection')
        t = cls.__table__()
        cls._sql_constraints += [
            ('item_unique', Unique(t, t.inspection, t.item),
                'cs_quality.msg_inspection_item_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.item, Index.Equality()), where=t.result == 'failed'))
        rechecking = (Eval('result') != 'failed') | Bool(Eval('recheck')) | (
            ~Eval('inspection_state').in_(SCORED))
        cls._buttons.update({
                'recheck_corrected': {
                    'invisible': rechecking,
                    'icon': 'tryton-ok',
                    'depends': ['result', 'recheck', 'inspection_state'],
                    },
                'recheck_not_corrected': {
                    'invisible': rechecking,
                    'icon': 'tryton-cancel',
                    'depends': ['result', 'recheck', 'inspection_state'],
                    },
                })

    @fields.depends('item')
    def on_change_with_criterion(self, name=None):
        return self.item.criterion if self.item else None

    @fields.depends('item')
    def on_change_with_section(self, name=None):
        return self.item.section if self.item else None

    @fields.depends('inspection', '_parent_inspection.company')
    def on_change_with_company(self, name=None):
        return self.inspection.company if self.inspection else None

    @fields.depends('inspection', '_parent_inspection.state')
    def on_change_with_inspection_state(self, name=None):
        return self.inspection.state if self.inspection else None

    def get_deducted(self, name):
        return self.item.deduction if self.result == 'failed' else None

    @classmethod
    @ModelView.button
    def recheck_corrected(cls, lines):
        "Checked again after its action: the failure is corrected"
        cls._recheck(lines, 'corrected')

    @classmethod
    @ModelView.button
    def recheck_not_corrected(cls, lines):
        "Checked again after its action: the failure is still there"
        cls._recheck(lines, 'not_corrected')

    @classmethod
    def _recheck(cls, lines, recheck):
        """Record the re-check of failed items of scored inspections, once,
        by the user's employee, in the inspection's history"""
        pool = Pool()
        Inspection = pool.get('cs.quality.inspection')
        cls.lock(lines)
        # read again once locked: another inspector may have re-checked
        lines = cls.browse(lines)
        staff = workflow.user_employees()
        for line in lines:
            if (line.result != 'failed' or line.recheck
                    or line.inspection.state not in SCORED):
                raise InspectionError(gettext(
                        'cs_quality.msg_inspection_recheck',
                        item=line.item.rec_name,
                        inspection=line.inspection.rec_name))
            line.recheck = recheck
            line.rechecked_at = workflow.now()
            line.rechecked_by = staff.get(line.inspection.company.id)
            Inspection.record_step([line.inspection], 'recheck',
                f'{line.item.rec_name}: {line.recheck_string}')
        cls.save(lines)

    @classmethod
    def create(cls, vlist):
        if external_call():
            # the inspection's start lists them from its standard
            raise InspectionError(gettext(
                    'cs_quality.msg_inspection_items_fixed'))
        return super().create(vlist)

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        "Items are answered only while the inspection is in progress"
        super().check_modification(
            mode, lines, values=values, external=external)
        if not external:
            return
        if mode == 'delete' or (
                values and values.keys() & {'inspection', 'item'}):
            raise InspectionError(gettext(
                    'cs_quality.msg_inspection_items_fixed'))
        if values and values.keys() & {
                'recheck', 'rechecked_at', 'rechecked_by'}:
            raise InspectionError(gettext(
                    'cs_quality.msg_inspection_recheck_button'))
        for line in lines:
            if line.inspection.state != 'in_progress':
                raise InspectionError(gettext(
                        'cs_quality.msg_inspection_closed',
                        inspection=line.inspection.rec_name))


class InspectionEvent(HistoryMixin, ModelSQL, ModelView):
    "A step of an inspection: who took it, when, and the reason given"
    __name__ = 'cs.quality.inspection.event'
    __string__ = "Inspection Event"
    _history_of = 'inspection'

    inspection = fields.Many2One(
        'cs.quality.inspection', "Inspection", required=True,
        ondelete='CASCADE')
    step = fields.Selection([
            ('start', "Started"),
            ('finish', "Done"),
            ('acknowledge', "Acknowledged"),
            ('dispute', "Disputed"),
            ('uphold', "Upheld"),
            ('reopen', "Reopened"),
            ('cancel', "Cancelled"),
            ('recheck', "Re-checked"),
            ], "Step", required=True, readonly=True)
    step_string = step.translated('step')
    note = fields.Text("Note", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'ASC'), ('id', 'ASC')]


class InspectionDispute(tools.ReasonWizard):
    __name__ = 'cs.quality.inspection.dispute'
    method = 'do_dispute'


class InspectionUphold(tools.ReasonWizard):
    __name__ = 'cs.quality.inspection.uphold'
    method = 'do_uphold'


class InspectionReopen(tools.ReasonWizard):
    __name__ = 'cs.quality.inspection.reopen'
    method = 'do_reopen'


class InspectionReport(CustomerLanguageReport):
    "The inspection report, in the inspected employee's language"
    __name__ = 'cs.quality.inspection.report'

    @classmethod
    def customer_language(cls, inspection):
        employee = inspection.employee or inspection.department.manager
        return employee.party.lang if employee else None


class BilingualInspectionReport(BilingualReport, InspectionReport):
    __name__ = 'cs.quality.inspection.report.bilingual'
