# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Renovation rules, permits, inspections and deposits (PH-08, PH-09)"
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Workflow, fields, sequence_ordered)
from trytond.modules.company.model import set_employee
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import (
    BilingualReport, check_state, lock_in_states, order_index)
from trytond.modules.cs_base.workflow import (
    BoundedMixin, WorkflowMixin, step_employee)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import RenovationError


class Rule(BoundedMixin, sequence_ordered(), ModelSQL, ModelView):
    "A work that is allowed or forbidden in units of a type (PH-08)"
    __name__ = 'cs.renovation.rule'
    __string__ = "Renovation Rule"

    unit_type = fields.Many2One(
        'cs.property.unit.type', "Unit Type", required=True,
        ondelete='CASCADE')
    work = fields.Char("Work", required=True, translate=True)
    allowed = fields.Boolean(
        "Allowed", help="Unticked: the work is forbidden in these units.")
    conditions = fields.Char(
        "Conditions", translate=True,
        help="Such as the standard model of security door to fit.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('unit_type')

    @classmethod
    def default_allowed(cls):
        return True

    def get_rec_name(self, name):
        return self.work


class Renovation(WorkflowMixin, Workflow, ModelSQL, ModelView):
    "A renovation of a unit, from application to deposit refund (PH-09)"
    __name__ = 'cs.renovation'
    __string__ = "Renovation"
    _rec_name = 'number'

    _draft = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    number = fields.Char("Permit Number", readonly=True)
    unit = fields.Many2One(
        'cs.property.unit', "Unit", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    unit_type = fields.Function(
        fields.Many2One('cs.property.unit.type', "Unit Type"),
        'on_change_with_unit_type')
    owner = fields.Many2One(
        'party.party', "Owner", required=True, states=_draft,
        context={'company': Eval('company', -1)}, depends={'company'})
    contractor = fields.Many2One(
        'party.party', "Renovation Contractor", states=_draft,
        context={'company': Eval('company', -1)}, depends={'company'})
    workers = fields.Text(
        "Workers", states=_draft,
        help="The workers' names and identity documents, for their passes.")
    planned_start = fields.Date("Planned Start", required=True, states=_draft)
    planned_end = fields.Date(
        "Planned End", required=True, states=_draft,
        domain=[('planned_end', '>=', Eval('planned_start', None))])
    works = fields.Many2Many(
        'cs.renovation-cs.renovation.rule', 'renovation', 'rule', "Works",
        states={'readonly': ~Eval('state').in_(['draft', 'submitted'])},
        domain=[('unit_type', '=', Eval('unit_type', -1))],
        help="The works planned, from the rules of the unit type.")
    description = fields.Text("Description of Works", states=_draft)
    deposit = fields.Numeric(
        "Deposit", digits=(16, 2), required=True,
        states={'readonly': ~Eval('state').in_(['draft', 'submitted'])},
        domain=[('deposit', '>=', 0)])
    inspections = fields.One2Many(
        'cs.renovation.inspection', 'renovation', "Inspections",
        states={'readonly': Eval('state') != 'in_progress'})
    violations = fields.One2Many(
        'cs.renovation.violation', 'renovation', "Violations",
        states={'readonly': ~Eval('state').in_(['in_progress', 'completed'])})
    penalties = fields.Function(
        fields.Numeric("Penalties", digits=(16, 2)), 'get_amounts')
    refund_amount = fields.Function(
        fields.Numeric("Deposit to Refund", digits=(16, 2)), 'get_amounts')
    submitted_at = fields.DateTime("Submitted At", readonly=True)
    submitted_by = step_employee("Submitted By")
    approved_by = step_employee("Approved or Rejected By")
    approved_at = fields.DateTime("Approved or Rejected At", readonly=True)
    permit_by = step_employee("Permit Issued By")
    permit_at = fields.DateTime(
        "Permit Issued At", readonly=True,
        help="The deposit is received when the permit is issued.")
    completed_by = step_employee("Completion Accepted By")
    completed_at = fields.DateTime("Completed At", readonly=True)
    refunded_by = step_employee("Deposit Refunded By")
    refunded_at = fields.DateTime("Deposit Refunded At", readonly=True)
    rejection = fields.Text(
        "Reason for Rejection", states={
            'readonly': Eval('state') != 'submitted',
            'invisible': ~Eval('state').in_(['submitted', 'rejected']),
            })
    state = fields.Selection([
            ('draft', "Draft"),
            ('submitted', "Submitted"),
            ('approved', "Approved"),
            ('in_progress', "In Progress"),
            ('completed', "Completed"),
            ('refunded', "Deposit Refunded"),
            ('rejected', "Rejected"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        cls.number.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.unit, Index.Equality())),
                Index(t, (t.state, Index.Equality()),
                    where=~t.state.in_(['refunded', 'rejected'])),
                })
        cls._order = [('planned_start', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('draft', 'submitted'),
            ('submitted', 'approved'),
            ('submitted', 'rejected'),
            ('approved', 'in_progress'),
            ('in_progress', 'completed'),
            ('completed', 'refunded'),
            }

        def button(state, icon='tryton-forward'):
            return {'invisible': Eval('state') != state, 'icon': icon,
                'depends': ['state']}
        cls._buttons.update({
                'submit': button('draft'),
                'approve': button('submitted', 'tryton-ok'),
                'reject': button('submitted', 'tryton-cancel'),
                'issue_permit': button('approved'),
                'complete': button('in_progress', 'tryton-ok'),
                'refund': button('completed', 'tryton-ok'),
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @fields.depends('unit')
    def on_change_with_unit_type(self, name=None):
        return self.unit.unit_type if self.unit else None

    @fields.depends('unit', 'owner', 'deposit')
    def on_change_unit(self):
        if self.unit:
            self.owner = self.owner or self.unit.owner
            if self.deposit is None:
                self.deposit = self.unit.unit_type.deposit

    @classmethod
    def get_amounts(cls, renovations, names):
        result = {n: {} for n in names}
        for renovation in renovations:
            penalties = sum(
                (v.penalty or Decimal(0) for v in renovation.violations),
                Decimal(0))
            if 'penalties' in names:
                result['penalties'][renovation.id] = penalties
            if 'refund_amount' in names:
                result['refund_amount'][renovation.id] = max(
                    (renovation.deposit or Decimal(0)) - penalties,
                    Decimal(0))
        return result

    def get_rec_name(self, name):
        return self.number or f'{self.unit.rec_name} ({self.id})'

    @classmethod
    def _check_state(cls, renovations, states, action):
        lock_in_states(cls, renovations, states, RenovationError,
            'cs_property_handover.msg_renovation_wrong_state', 'renovation')

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('submitted')
    @set_employee('submitted_by')
    def submit(cls, renovations):
        for renovation in renovations:
            if not renovation.works:
                raise RenovationError(gettext(
                        'cs_property_handover.msg_renovation_no_works',
                        renovation=renovation.rec_name))
        cls.write(renovations, {'submitted_at': workflow.clock()})

    @classmethod
    @check_state('submitted')
    @ModelView.button
    @workflow.step
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, renovations):
        "A forbidden work cannot be approved (PH-08)"
        for renovation in renovations:
            forbidden = [w for w in renovation.works if not w.allowed]
            if forbidden:
                raise RenovationError(gettext(
                        'cs_property_handover.msg_renovation_forbidden',
                        renovation=renovation.rec_name,
                        work=forbidden[0].rec_name))
        cls.write(renovations, {'approved_at': workflow.clock()})

    @classmethod
    @check_state('submitted')
    @ModelView.button
    @workflow.step
    @Workflow.transition('rejected')
    @set_employee('approved_by')
    def reject(cls, renovations):
        for renovation in renovations:
            if not renovation.rejection:
                raise RenovationError(gettext(
                        'cs_property_handover.msg_renovation_rejection',
                        renovation=renovation.rec_name))
        cls.write(renovations, {'approved_at': workflow.clock()})

    @classmethod
    @check_state('approved')
    @ModelView.button
    @workflow.step
    @Workflow.transition('in_progress')
    @set_employee('permit_by')
    def issue_permit(cls, renovations):
        "The deposit is received and the numbered permit issued"
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        Unit = pool.get('cs.property.unit')
        for renovation in renovations:
            renovation.number = Configuration.next_number(
                'renovation_sequence', renovation.company)
            renovation.permit_at = workflow.clock()
        cls.save(renovations)
        Unit.write([r.unit for r in renovations], {'state': 'renovating'})

    @classmethod
    @check_state('in_progress')
    @ModelView.button
    @workflow.step
    @Workflow.transition('completed')
    @set_employee('completed_by')
    def complete(cls, renovations):
        "The completion inspection has passed"
        Unit = Pool().get('cs.property.unit')
        for renovation in renovations:
            if not any(i.kind == 'completion' and i.passed
                    for i in renovation.inspections):
                raise RenovationError(gettext(
                        'cs_property_handover.msg_renovation_no_completion',
                        renovation=renovation.rec_name))
        cls.write(renovations, {'completed_at': workflow.clock()})
        Unit.write([r.unit for r in renovations], {'state': 'occupied'})

    @classmethod
    @check_state('completed')
    @ModelView.button
    @workflow.step
    @Workflow.transition('refunded')
    @set_employee('refunded_by')
    def refund(cls, renovations):
        "The deposit is refunded less penalties, once violations are put right"
        for renovation in renovations:
            open_ = [v for v in renovation.violations if not v.rectified_on]
            if open_:
                raise RenovationError(gettext(
                        'cs_property_handover.msg_renovation_open_violations',
                        renovation=renovation.rec_name,
                        violation=open_[0].description))
        cls.write(renovations, {'refunded_at': workflow.clock()})


class RenovationRule(ModelSQL):
    __name__ = 'cs.renovation-cs.renovation.rule'
    __string__ = "Renovation - Rule"

    renovation = fields.Many2One(
        'cs.renovation', "Renovation", required=True, ondelete='CASCADE')
    rule = fields.Many2One(
        'cs.renovation.rule', "Work", required=True, ondelete='RESTRICT')


class Inspection(BoundedMixin, ModelSQL, ModelView):
    "An inspection of renovation works, with its findings (PH-09)"
    __name__ = 'cs.renovation.inspection'
    __string__ = "Renovation Inspection"

    renovation = fields.Many2One(
        'cs.renovation', "Renovation", required=True, ondelete='CASCADE')
    kind = fields.Selection([
            ('hidden_works', "Hidden Works"),
            ('routine', "Routine"),
            ('completion', "Completion"),
            ], "Kind", required=True,
        help="Hidden works (pipes, wiring, waterproofing) are inspected "
        "before the walls are closed.")
    date = fields.Date("Date", required=True)
    inspector = fields.Many2One('company.employee', "Inspector")
    findings = fields.Text("Findings", required=True)
    passed = fields.Boolean("Passed")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('renovation')
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_kind(cls):
        return 'routine'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_passed(cls):
        return False


class Violation(BoundedMixin, ModelSQL, ModelView):
    "A breach of the renovation rules, to put right by a deadline"
    __name__ = 'cs.renovation.violation'
    __string__ = "Renovation Violation"

    renovation = fields.Many2One(
        'cs.renovation', "Renovation", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    description = fields.Char("Violation", required=True)
    deadline = fields.Date(
        "Rectify By", required=True,
        domain=[('deadline', '>=', Eval('date', None))])
    rectified_on = fields.Date("Rectified On")
    penalty = fields.Numeric(
        "Penalty", digits=(16, 2),
        domain=['OR', ('penalty', '=', None), ('penalty', '>=', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('renovation')
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class Handbook(BilingualReport):
    "The renovation handbook (装修服务手册) of an estate, in both languages"
    __name__ = 'cs.property.estate.renovation_handbook'

    @classmethod
    def get_context(cls, records, header, data):
        Unit = Pool().get('cs.property.unit')
        context = super().get_context(records, header, data)

        def unit_types(estate):
            units = Unit.search([('estate', '=', estate.id)])
            return sorted({u.unit_type for u in units}, key=lambda t: t.name)
        context['unit_types'] = unit_types
        return context
