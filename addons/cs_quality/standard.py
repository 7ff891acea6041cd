# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Inspection standards: sections (first-level indicators) and their items"
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Workflow, fields, sequence_ordered)
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import check_state, lock_in_states
from trytond.modules.cs_base.workflow import BoundedMixin, WorkflowMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .exceptions import StandardError

METHODS = [
    ('spot_check', "On-Site Spot Check"),
    ('mystery_visit', "Mystery Visit"),
    ('records_review', "Records Review"),
    ('staff_interview', "Staff Interview"),
    ('customer_rating', "Customer Rating"),
    ]
POINTS_MAX = Decimal(1000)
STATES = [
    ('draft', "Draft"),
    ('in_use', "In Use"),
    ('retired', "Retired"),
    ]


class Standard(WorkflowMixin, Workflow, ModelSQL, ModelView):
    """An inspection standard, one version of it: what is checked, how, and
    the points at stake.  A version in use is frozen; a copy is the next
    version, edited in draft, and the old one is retired."""
    __name__ = 'cs.quality.standard'
    __string__ = "Inspection Standard"

    _draft = {'readonly': Eval('state') != 'draft'}
    _deletable_states = {'draft'}

    name = fields.Char("Name", required=True, translate=True, states=_draft)
    code = fields.Char("Code", states=_draft)
    version = fields.Integer("Version", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", states=_draft,
        help="Leave empty for a standard every company uses.")
    description = fields.Text("Description", translate=True, states=_draft)
    sections = fields.One2Many(
        'cs.quality.standard.section', 'standard', "Sections", states=_draft)
    points = fields.Function(
        fields.Numeric("Points", digits=(16, 1)), 'get_points')
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('code', 'ASC'), ('version', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'in_use'),
            ('in_use', 'retired'),
            }
        cls._buttons.update({
                'use': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'retire': {
                    'invisible': Eval('state') != 'in_use',
                    'icon': 'tryton-archive',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_version(cls):
        return 1

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return f'{self.name} (v{self.version})'

    def get_points(self, name):
        return sum((s.points for s in self.sections), Decimal(0))

    @classmethod
    def copy(cls, standards, default=None):
        "A copy is the next version of the standard, in draft"
        copies = super().copy(standards, default=default)
        # the version is the server's: set after the copy, as a step would
        with without_check_access():
            for standard, copy in zip(standards, copies):
                copy.version = (standard.version or 0) + 1
            cls.save(copies)
        return copies

    @classmethod
    def check_modification(cls, mode, standards, values=None, external=False):
        if mode == 'write' and external:
            for standard in standards:
                if standard.state != 'draft':
                    raise StandardError(gettext(
                            'cs_quality.msg_standard_frozen',
                            standard=standard.rec_name))
        super().check_modification(
            mode, standards, values=values, external=external)

    @classmethod
    def _check_state(cls, standards, states, action):
        lock_in_states(cls, standards, states, StandardError,
            'cs_quality.msg_standard_wrong_state', 'standard')

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('in_use')
    def use(cls, standards):
        "Put the standard in use: from now on it is frozen"
        for standard in standards:
            if not any(s.items for s in standard.sections):
                raise StandardError(gettext(
                        'cs_quality.msg_standard_empty',
                        standard=standard.rec_name))

    @classmethod
    @check_state('in_use')
    @ModelView.button
    @workflow.step
    @Workflow.transition('retired')
    def retire(cls, standards):
        "No new inspection uses it; the done ones keep it"
        pass


class FrozenWithStandardMixin:
    "A part of a standard: changed, added or deleted only in draft"
    __slots__ = ()

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # the client shows them read-only too (the server refuses anyway)
        for name in dir(cls):
            field = getattr(cls, name)
            if (isinstance(field, fields.Field)
                    and not isinstance(field, fields.Function)
                    and name not in {'id', 'create_uid', 'create_date',
                        'write_uid', 'write_date'}):
                field.states = {**field.states,
                    'readonly': Eval('standard_state') != 'draft'}
                field.depends = set(field.depends) | {'standard_state'}

    @classmethod
    def _standards(cls, records, values=None):
        raise NotImplementedError

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            # the shipped standards are loaded in use, sections after
            return
        for standard in cls._standards(records, values):
            if standard.state != 'draft':
                raise StandardError(gettext(
                        'cs_quality.msg_standard_frozen',
                        standard=standard.rec_name))


class Section(
        FrozenWithStandardMixin, BoundedMixin, sequence_ordered(), ModelSQL,
        ModelView):
    "A first-level indicator of a standard, with the points it is worth"
    __name__ = 'cs.quality.standard.section'
    __string__ = "Inspection Standard Section"

    standard = fields.Many2One(
        'cs.quality.standard', "Standard", required=True, ondelete='CASCADE')
    code = fields.Char("Code")
    name = fields.Char("Indicator", required=True, translate=True)
    points = fields.Numeric(
        "Points", digits=(16, 1), required=True,
        domain=[('points', '>=', 0), ('points', '<=', POINTS_MAX)])
    items = fields.One2Many(
        'cs.quality.standard.item', 'section', "Items")
    standard_state = fields.Function(
        fields.Selection(STATES, "Standard State"),
        'on_change_with_standard_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('standard')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.standard, Index.Equality())))

    @fields.depends('standard', '_parent_standard.state')
    def on_change_with_standard_state(self, name=None):
        return self.standard.state if self.standard else 'draft'

    @classmethod
    def _standards(cls, sections, values=None):
        pool = Pool()
        Standard = pool.get('cs.quality.standard')
        standards = {s.standard for s in sections}
        if values and values.get('standard'):
            standards.add(Standard(values['standard']))
        return standards

    def get_rec_name(self, name):
        return self.name


class Item(
        FrozenWithStandardMixin, BoundedMixin, sequence_ordered(), ModelSQL,
        ModelView):
    """A second-level indicator: the check standard, the way it is checked
    and the points a failure costs its section"""
    __name__ = 'cs.quality.standard.item'
    __string__ = "Inspection Standard Item"

    section = fields.Many2One(
        'cs.quality.standard.section', "Section", required=True,
        ondelete='CASCADE')
    code = fields.Char("Code")
    indicator = fields.Char("Indicator", required=True, translate=True)
    criterion = fields.Text("Check Standard", required=True, translate=True)
    method = fields.Selection(METHODS, "Check Method", required=True)
    deduction = fields.Numeric(
        "Deduction per Failure", digits=(16, 1), required=True,
        domain=[('deduction', '>', 0), ('deduction', '<=', POINTS_MAX)],
        help="The points a failure of this item takes off its section "
        "(a section never scores below zero).")
    department = fields.Many2One(
        'cs.department', "Department",
        help="The department whose staff it applies to; "
        "leave empty for everyone.")
    post = fields.Char(
        "Post", translate=True,
        help="The post it applies to (e.g. front desk, security); "
        "leave empty for every post.")
    standard_state = fields.Function(
        fields.Selection(STATES, "Standard State"),
        'on_change_with_standard_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('section')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.section, Index.Equality())))

    @classmethod
    def default_method(cls):
        return 'spot_check'

    @classmethod
    def default_deduction(cls):
        return Decimal(1)

    @fields.depends('section', '_parent_section.standard_state')
    def on_change_with_standard_state(self, name=None):
        return self.section.standard_state if self.section else 'draft'

    @classmethod
    def _standards(cls, items, values=None):
        pool = Pool()
        Section = pool.get('cs.quality.standard.section')
        standards = {i.section.standard for i in items}
        if values and values.get('section'):
            standards.add(Section(values['section']).standard)
        return standards

    def get_rec_name(self, name):
        return f'{self.code} {self.indicator}' if self.code else (
            self.indicator)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('code', operator, value),
            ('indicator', operator, value),
            ]
