# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Estates, buildings and units, with their contractors (PH-07)"
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, fields,
    sequence_ordered)
from trytond.modules.cs_base.search import SearchKeyMixin
from trytond.modules.cs_base.workflow import BoundedMixin
from trytond.pyson import Eval
from trytond.transaction import Transaction

UNIT_STATES = [
    ('unsold', "Unsold"),
    ('sold', "Sold"),
    ('handed_over', "Handed Over"),
    ('renovating', "Renovating"),
    ('occupied', "Occupied"),
    ]


class Estate(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    "A residential or commercial estate the company manages"
    __name__ = 'cs.property.estate'
    __string__ = "Estate"

    company = fields.Many2One('company.company', "Company", required=True)
    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True)
    address = fields.Text("Address")
    developer = fields.Many2One(
        'party.party', "Developer",
        context={'company': Eval('company', -1)}, depends={'company'})
    buildings = fields.One2Many('cs.property.building', 'estate', "Buildings")
    contractors = fields.One2Many(
        'cs.property.contractor', 'estate', "Contractors")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_unique', Unique(t, t.company, t.code),
                'cs_property_handover.msg_estate_code_unique'),
            ]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class Building(BoundedMixin, ModelSQL, ModelView):
    "A building of an estate"
    __name__ = 'cs.property.building'
    __string__ = "Building"

    estate = fields.Many2One(
        'cs.property.estate', "Estate", required=True, ondelete='CASCADE')
    name = fields.Char("Name", required=True, translate=True)
    floors = fields.Integer(
        "Floors", domain=['OR', ('floors', '=', None), ('floors', '>', 0)])
    units = fields.One2Many('cs.property.unit', 'building', "Units")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('estate')
        t = cls.__table__()
        cls._sql_constraints = [
            ('name_unique', Unique(t, t.estate, t.name),
                'cs_property_handover.msg_building_name_unique'),
            ]

    def get_rec_name(self, name):
        return f'{self.estate.rec_name} {self.name}'


class UnitType(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    """A layout of units: its handover checklist and its renovation rules
    (PH-08)"""
    __name__ = 'cs.property.unit.type'
    __string__ = "Unit Type"

    name = fields.Char("Name", required=True, translate=True)
    usage = fields.Selection([
            ('residential', "Residential"),
            ('commercial', "Commercial"),
            ], "Usage", required=True)
    checklist = fields.One2Many(
        'cs.handover.checklist.template', 'unit_type', "Handover Checklist")
    renovation_rules = fields.One2Many(
        'cs.renovation.rule', 'unit_type', "Renovation Rules")
    working_hours = fields.Char(
        "Renovation Hours", translate=True,
        help="When noisy works are allowed, such as \"8:00–12:00, "
        "14:00–18:00, not on public holidays\".")
    deposit = fields.Numeric(
        "Renovation Deposit", digits=(16, 2),
        domain=['OR', ('deposit', '=', None), ('deposit', '>=', 0)])

    @classmethod
    def default_usage(cls):
        return 'residential'


class Unit(SearchKeyMixin, BoundedMixin, ModelSQL, ModelView):
    "A flat, house or shop of a building"
    __name__ = 'cs.property.unit'
    __string__ = "Unit"
    _search_key_sources = {'number', 'building', 'owner'}
    _search_key_parties = ('owner',)

    building = fields.Many2One(
        'cs.property.building', "Building", required=True)
    estate = fields.Many2One(
        'cs.property.estate', "Estate", required=True, readonly=True,
        help="The building's estate, stored to search units by estate.")
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')
    number = fields.Char("Number", required=True)
    floor = fields.Integer("Floor")
    unit_type = fields.Many2One(
        'cs.property.unit.type', "Unit Type", required=True)
    usage = fields.Function(fields.Selection([
                ('residential', "Residential"),
                ('commercial', "Commercial"),
                ], "Usage"), 'on_change_with_usage')
    area = fields.Numeric(
        "Floor Area (m²)", digits=(16, 2),
        domain=['OR', ('area', '=', None), ('area', '>', 0)])
    owner = fields.Many2One(
        'party.party', "Owner",
        context={'company': Eval('company', -1)}, depends={'company'})
    tenants = fields.Many2Many(
        'cs.property.unit-tenant', 'unit', 'party', "Tenants",
        context={'company': Eval('company', -1)}, depends={'company'})
    handover_date = fields.Date("Handover Date", readonly=True)
    warranties = fields.One2Many(
        'cs.warranty', 'unit', "Warranties", readonly=True)
    state = fields.Selection(UNIT_STATES, "State", required=True)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('number_unique', Unique(t, t.building, t.number),
                'cs_property_handover.msg_unit_number_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.estate, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.owner, Index.Equality())),
                })
        cls._order = [('estate', 'ASC'), ('building', 'ASC'),
            ('number', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_state(cls):
        return 'unsold'

    @fields.depends('building', '_parent_building.estate')
    def on_change_building(self):
        if self.building:
            self.estate = self.building.estate

    @fields.depends('estate')
    def on_change_with_company(self, name=None):
        return self.estate.company if self.estate else None

    @classmethod
    def search_company(cls, name, clause):
        return [('estate.' + clause[0],) + tuple(clause[1:])]

    @fields.depends('unit_type')
    def on_change_with_usage(self, name=None):
        return self.unit_type.usage if self.unit_type else None

    def get_rec_name(self, name):
        return f'{self.building.rec_name}-{self.number}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause[:3]
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return cls.search_key_domain(clause) or [bool_op,
            ('number', operator, value),
            ('building.name', operator, value),
            ('estate.name', operator, value),
            ('owner.rec_name', operator, value),
            ]

    def search_key_texts(self):
        return (
            [self.building.name, self.building.estate.name],
            [self.number, self.get_rec_name(None)])

    @classmethod
    def preprocess_values(cls, mode, values):
        "The estate follows the building, and the company rule the estate"
        Building = cls.building.get_target()
        values = super().preprocess_values(mode, values)
        if values.get('building'):
            values['estate'] = Building(values['building']).estate.id
        return values


class UnitTenant(ModelSQL):
    __name__ = 'cs.property.unit-tenant'
    __string__ = "Unit Tenant"

    unit = fields.Many2One(
        'cs.property.unit', "Unit", required=True, ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Tenant", required=True, ondelete='CASCADE')


class Contractor(BoundedMixin, sequence_ordered(), ModelSQL, ModelView):
    "A contractor of the estate's construction, to call for repairs (PH-07)"
    __name__ = 'cs.property.contractor'
    __string__ = "Estate Contractor"

    estate = fields.Many2One(
        'cs.property.estate', "Estate", required=True, ondelete='CASCADE')
    party = fields.Many2One('party.party', "Contractor", required=True)
    scope = fields.Char(
        "Scope of Work", required=True,
        help="Such as \"general contractor\", \"waterproofing\", \"lifts\".")
    general = fields.Boolean(
        "General Contractor",
        help="Subcontractors repair under the general contractor, who is "
        "responsible for the unit's warranties.")
    contact_name = fields.Char("Contact")
    contact_phone = fields.Char("Phone")
    warranty_until = fields.Date("Warranty Until")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('estate')

    @classmethod
    def default_general(cls):
        return False
