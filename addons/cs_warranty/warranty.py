# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Warranty coverage of products and of building parts (WA-01, WA-06)"
import datetime as dt
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.modules.cs_base.search import SearchKeyMixin
from trytond.modules.cs_base.tools import (
    DayFiltersMixin, day_filter, order_index)
from trytond.modules.cs_base.workflow import BoundedMixin
from trytond.pool import Pool
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from .configuration import SEASON_KINDS
from .exceptions import WarrantyError
from .policy import REMEDIES, entitlement

KINDS = [
    ('product', "Product"),
    ('construction', "Construction"),
    ]


class Part(
        BoundedMixin, DeactivableMixin, sequence_ordered(), ModelSQL,
        ModelView):
    "A part of a building with its statutory warranty period (WA-06)"
    __name__ = 'cs.warranty.part'
    __string__ = "Building Part"

    name = fields.Char("Name", required=True, translate=True)
    period_unit = fields.Selection([
            ('years', "Years"),
            ('seasons', "Seasons"),
            ], "Period Unit", required=True)
    period = fields.Integer(
        "Period", required=True, domain=[('period', '>', 0)])
    season_kind = fields.Selection(
        [(None, "")] + SEASON_KINDS, "Season",
        states={
            'invisible': Eval('period_unit') != 'seasons',
            'required': Eval('period_unit') == 'seasons',
            })
    design_life = fields.Boolean(
        "Design Life",
        help="The period is the design life of the building (the "
        "foundations and the structure), not a maintenance period: no "
        "revisits are planned for it.")

    @classmethod
    def default_period_unit(cls):
        return 'years'

    def warranty_end(self, start):
        "Return the last day of the warranty of the part from start"
        if self.period_unit == 'seasons':
            Season = Pool().get('cs.warranty.season')
            return Season.end_of(self.season_kind, start, self.period)
        return start + relativedelta(years=self.period) - dt.timedelta(days=1)


class Warranty(
        SearchKeyMixin, DayFiltersMixin, BoundedMixin, ModelSQL, ModelView):
    "What a customer is covered for: a product, or a part of their unit"
    __name__ = 'cs.warranty'
    __string__ = "Warranty"
    _search_key_sources = {'party', 'product', 'serial', 'location', 'part'}
    _search_key_parties = ('party',)
    _day_filters = {
        'in_force': lambda today: [('warranty_end', '>=', today)],
        'expiring_soon': lambda today: [
            ('warranty_end', '>=', today),
            ('warranty_end', '<=', today + dt.timedelta(days=30))],
        }

    _product = {
        'invisible': Eval('kind') != 'product',
        'required': Eval('kind') == 'product',
        }
    _construction = {
        'invisible': Eval('kind') != 'construction',
        'required': Eval('kind') == 'construction',
        }

    company = fields.Many2One('company.company', "Company", required=True)
    party = fields.Many2One(
        'party.party', "Customer", required=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    kind = fields.Selection(KINDS, "Kind", required=True)
    product = fields.Many2One(
        'product.product', "Product", states=_product,
        context={'company': Eval('company', -1)}, depends={'company'})
    serial = fields.Char(
        "Serial Number", states={'invisible': Eval('kind') != 'product'})
    policy = fields.Many2One(
        'cs.warranty.policy', "Policy", states=_product,
        help="Found from the product's category.")
    _not_in_future = {'purchase_date'}
    purchase_date = fields.Date(
        "Purchase Date", states=_product,
        help="Refund and replacement periods count from this date.")
    location = fields.Char(
        "Unit or Project", states=_construction,
        help="The property unit or the construction project covered, "
        "such as \"Building 3, Unit 2, 1201\".")
    part = fields.Many2One(
        'cs.warranty.part', "Building Part", states=_construction)
    contractor = fields.Many2One(
        'party.party', "Responsible Contractor",
        states={'invisible': Eval('kind') != 'construction'},
        context={'company': Eval('company', -1)}, depends={'company'},
        help="The general contractor, under whom subcontractors repair.")
    start_date = fields.Date(
        "Start Date", required=True,
        help="The purchase or installation date of a product, the handover "
        "date of a unit.")
    refund_end = fields.Date("Refund Until", readonly=True)
    replacement_end = fields.Date("Replacement Until", readonly=True)
    warranty_end = fields.Date("Warranty Until", readonly=True)
    in_force = day_filter("In Force", help="Covering today.")
    expiring_soon = day_filter(
        "Expiring in 30 Days", help="Ending within 30 days from today.")
    revisits = fields.One2Many(
        'cs.revisit', 'origin', "Revisits",
        states={'invisible': Eval('kind') != 'construction'})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Equality())),
                Index(t, (t.serial, Index.Equality()),
                    where=t.serial != None),  # noqa: E711
                Index(t, (t.location, Index.Similarity())),
                Index(t, (t.company, Index.Equality()),
                    (t.warranty_end, Index.Range())),
                })
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._buttons.update({
                'plan_revisits': {
                    'invisible': Eval('kind') != 'construction',
                    'icon': 'tryton-launch',
                    'depends': ['kind'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_kind(cls):
        return 'product'

    @fields.depends('product', 'policy')
    def on_change_product(self):
        Policy = Pool().get('cs.warranty.policy')
        if self.product:
            self.policy = Policy.for_product(self.product)

    @fields.depends('purchase_date', 'start_date')
    def on_change_purchase_date(self):
        if self.purchase_date and not self.start_date:
            self.start_date = self.purchase_date

    def get_rec_name(self, name):
        if self.kind == 'construction':
            covered = f'{self.location} {self.part.rec_name}'
        else:
            covered = ' '.join(filter(None, [
                        self.product.rec_name, self.serial]))
        return f'{self.party.rec_name}: {covered}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause[:3]
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return cls.search_key_domain(clause) or [bool_op,
            ('party.rec_name', operator, value),
            ('serial', operator, value),
            ('location', operator, value),
            ('product.rec_name', operator, value),
            ]

    def search_key_texts(self):
        names = [self.location]
        if self.product:
            names.append(self.product.name)
        if self.part:
            names.append(self.part.name)
        return names, [self.serial]

    @classmethod
    def create(cls, vlist):
        warranties = super().create(vlist)
        cls._set_ends(warranties)
        return warranties

    @classmethod
    def write(cls, *args):
        super().write(*args)
        actions = iter(args)
        changed = []
        for warranties, values in zip(actions, actions):
            if values.keys() & {'kind', 'policy', 'purchase_date',
                    'start_date', 'part'}:
                changed.extend(warranties)
        cls._set_ends(changed)

    @classmethod
    def _set_ends(cls, warranties):
        "Store the end dates, by which coverage is searched"
        to_write = defaultdict(list)
        for warranty in warranties:
            ends = warranty.compute_ends()
            if ends != (warranty.refund_end, warranty.replacement_end,
                    warranty.warranty_end):
                to_write[ends].append(warranty)
        args = []
        for ends, records in to_write.items():
            args.extend([records, dict(zip(
                            ['refund_end', 'replacement_end', 'warranty_end'],
                            ends))])
        if args:
            super().write(*args)

    def compute_ends(self):
        if self.kind == 'construction':
            return None, None, self.part.warranty_end(self.start_date)
        if not self.policy:
            return None, None, None
        return self.policy.ends(self.purchase_date, self.start_date)

    @classmethod
    def validate_fields(cls, warranties, field_names):
        super().validate_fields(warranties, field_names)
        if field_names & {'purchase_date', 'start_date'}:
            for warranty in warranties:
                warranty.check_dates()
        if field_names & {'serial', 'product', 'party'}:
            cls.check_serials(warranties)

    def check_dates(self):
        if self.purchase_date and self.start_date < self.purchase_date:
            raise WarrantyError(gettext(
                    'cs_warranty.msg_start_before_purchase',
                    warranty=self.rec_name))

    @classmethod
    def check_serials(cls, warranties):
        "A serial number is covered for one customer at a time"
        Date = Pool().get('ir.date')
        for warranty in warranties:
            if not warranty.serial:
                continue
            others = cls.search([
                    ('id', '!=', warranty.id),
                    ('company', '=', warranty.company.id),
                    ('product', '=', warranty.product.id),
                    ('serial', '=', warranty.serial),
                    ('party', '!=', warranty.party.id),
                    ('warranty_end', '>=', Date.today()),
                    ], limit=1)
            if others:
                raise WarrantyError(gettext(
                        'cs_warranty.msg_serial_covered',
                        serial=warranty.serial,
                        party=others[0].party.rec_name))

    @classmethod
    def cover_unit(cls, party, location, handover, contractor=None,
            **values):
        """Cover every building part of a unit handed over to party, and
        plan its revisits; values are set on every coverage"""
        Part = Pool().get('cs.warranty.part')
        warranties = cls.create([{
                    'party': party.id, 'kind': 'construction',
                    'location': location, 'part': part.id,
                    'start_date': handover,
                    'contractor': contractor.id if contractor else None,
                    **values,
                    } for part in Part.search([])])
        cls.plan_revisits(warranties)
        return warranties

    def entitlement(self, fault_date, failed_repairs=0):
        "The remedies for a fault on fault_date, with their reasons"
        return entitlement(self, fault_date, failed_repairs)

    @classmethod
    @ModelView.button
    def plan_revisits(cls, warranties):
        "Plan the revisits of the units of these construction warranties"
        units = {(w.company, w.party, w.location) for w in warranties
            if w.kind == 'construction'}
        for company, party, location in units:
            cls._plan_unit_revisits(company, party, location)

    @classmethod
    def _plan_unit_revisits(cls, company, party, location):
        """Plan the unit's next revisit, unless one is planned: they roll
        forward as they are done (Revisit.react), up to the horizon: the
        end of the longest maintenance period (the design life of the
        structure is not one), at most the configured years after the
        handover"""
        pool = Pool()
        Revisit = pool.get('cs.revisit')
        Configuration = pool.get('cs.configuration')
        warranties = [w for w in cls.search([
                    ('company', '=', company.id),
                    ('party', '=', party.id),
                    ('kind', '=', 'construction'),
                    ('location', '=', location),
                    ], order=[('warranty_end', 'DESC'), ('id', 'ASC')])
            if not (w.part and w.part.design_life)]
        if not warranties:
            return
        longest = warranties[0]
        # a cancelled revisit counts as past: the next date follows it
        revisits = [r for w in warranties for r in w.revisits]
        if any(r.state == 'planned' for r in revisits):
            return
        handover = min(w.start_date for w in warranties)
        horizon = longest.warranty_end
        years = Configuration(1).revisit_years
        if years:
            horizon = min(horizon, handover + relativedelta(years=years))
        last = max((r.planned_date for r in revisits), default=None)
        following = [d for d in revisit_dates(handover, horizon)
            if last is None or d > last]
        if following:
            Revisit.save([Revisit(
                        company=company, party=party, origin=longest,
                        planned_date=following[0], method='visit')])


class CoverUnit(Wizard):
    "Cover every building part of a unit from its handover date"
    __name__ = 'cs.warranty.cover_unit'
    start = StateView('cs.warranty.cover_unit.start',
        'cs_warranty.cover_unit_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Cover", 'cover', 'tryton-ok', default=True),
            ])
    cover = StateTransition()
    open_ = StateAction('cs_warranty.act_warranty_form')

    def transition_cover(self):
        Warranty = Pool().get('cs.warranty')
        start = self.start
        self.start.warranties = Warranty.cover_unit(
            start.party, start.location, start.handover_date,
            start.contractor)
        return 'open_'

    def do_open_(self, action):
        ids = [w.id for w in self.start.warranties]
        action['pyson_domain'] = PYSONEncoder().encode([('id', 'in', ids)])
        return action, {}


class CoverUnitStart(ModelView):
    __name__ = 'cs.warranty.cover_unit.start'
    __string__ = "Cover a Unit"

    party = fields.Many2One('party.party', "Owner", required=True)
    location = fields.Char(
        "Unit or Project", required=True,
        help="Such as \"Building 3, Unit 2, 1201\".")
    handover_date = fields.Date("Handover Date", required=True)
    contractor = fields.Many2One('party.party', "Responsible Contractor")
    warranties = fields.Many2Many(
        'cs.warranty', None, None, "Warranties", readonly=True)


class CheckEntitlement(Wizard):
    "What a customer is entitled to for a fault, and why"
    __name__ = 'cs.warranty.check_entitlement'
    start = StateView('cs.warranty.check_entitlement.start',
        'cs_warranty.check_entitlement_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Check", 'result', 'tryton-ok', default=True),
            ])
    result = StateView('cs.warranty.check_entitlement.result',
        'cs_warranty.check_entitlement_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        return {'fault_date': Pool().get('ir.date').today()}

    def default_result(self, fields):
        remedies = self.record.entitlement(
            self.start.fault_date, self.start.failed_repairs or 0)
        return {
            'remedies': [r for r, _ in remedies],
            'reasons': '\n'.join(dict.fromkeys(r for _, r in remedies)),
            }


class CheckEntitlementStart(ModelView):
    __name__ = 'cs.warranty.check_entitlement.start'
    __string__ = "Check Entitlement"

    fault_date = fields.Date(
        "Fault Date", required=True,
        help="When the fault appeared or was reported.")
    failed_repairs = fields.Integer(
        "Failed Repairs", required=True, domain=[('failed_repairs', '>=', 0)],
        help="How many times the same fault was repaired without lasting "
        "success within the warranty.")

    @classmethod
    def default_failed_repairs(cls):
        # empty, sao refused it as 'The value of "undefined" does not
        # satisfy its constraints'
        return 0


class CheckEntitlementResult(ModelView):
    __name__ = 'cs.warranty.check_entitlement.result'
    __string__ = "Entitlement"

    remedies = fields.MultiSelection(REMEDIES, "Remedies", readonly=True)
    reasons = fields.Text("Reasons", readonly=True)


def revisit_dates(handover, last_end):
    """Every 3 months in the first half year after the handover, then every
    6 months while a coverage runs; at least one within the warranty
    (WA-07)"""
    dates = []
    months = 3
    while True:
        date = handover + relativedelta(months=months)
        if date > last_end:
            break
        dates.append(date)
        months += 3 if months < 6 else 6
    if not dates:
        dates.append(handover + (last_end - handover) / 2)
    return dates
