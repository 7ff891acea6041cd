# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Gift wrapping at the desk (礼品包装, HD-01)"
import datetime as dt

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Workflow, fields)
from trytond.modules.company.model import set_employee
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import check_state, order_index
from trytond.modules.cs_base.workflow import (
    BoundedMixin, WorkflowMixin, step_employee)
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .desk import ContactMixin, RegisterMixin
from .exceptions import RegisterError


class Style(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    "A wrapping style offered at the desk, with its price"
    __name__ = 'cs.gift_wrap.style'
    __string__ = "Gift Wrapping Style"

    name = fields.Char("Name", required=True, translate=True)
    company = fields.Many2One('company.company', "Company", required=True)
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')
    price = fields.Numeric(
        "Price", digits='currency', required=True,
        domain=[('price', '>=', 0)])
    materials = fields.Text(
        "Materials", help="What one wrapping of this style uses.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None


class GiftWrap(
        WorkflowMixin, ContactMixin, RegisterMixin, Workflow, ModelSQL,
        ModelView):
    "Goods a customer leaves at the desk to be gift-wrapped"
    __name__ = 'cs.gift_wrap'
    __string__ = "Gift Wrapping"
    _now_defaults = {'ordered_at'}

    _ordered = {'readonly': Eval('state') != 'ordered'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_ordered)
    party = fields.Many2One(
        'party.party', "Customer", states=_ordered,
        context={'company': Eval('company', -1)}, depends={'company'})
    contact_name = fields.Char("Contact Name", states=_ordered)
    contact_phone = fields.Char("Contact Phone", states=_ordered)
    goods = fields.Char(
        "Goods", required=True, states=_ordered,
        help="What is to be wrapped.")
    quantity = fields.Integer(
        "Quantity", required=True, states=_ordered,
        domain=[('quantity', '>', 0)])
    style = fields.Many2One(
        'cs.gift_wrap.style', "Style", required=True, states=_ordered,
        domain=[('company', '=', Eval('company', -1))])
    materials = fields.Text(
        "Materials Used", states={
            'readonly': ~Eval('state').in_(['ordered', 'ready']),
            })
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency')
    price = fields.Numeric(
        "Price", digits='currency', required=True, states=_ordered,
        domain=[('price', '>=', 0)],
        help="The total charged for the wrapping.")
    ordered_at = fields.DateTime("Ordered At", required=True, states=_ordered)
    ready_at = fields.DateTime(
        "Ready At", required=True, states=_ordered,
        domain=[('ready_at', '>=', Eval('ordered_at'))],
        help="When the customer was told to come back for the goods.")
    wrapped_by = step_employee("Wrapped By")
    handed_over_at = fields.DateTime("Handed Over At", readonly=True)
    handed_over_by = step_employee("Handed Over By")
    state = fields.Selection([
            ('ordered', "Ordered"),
            ('ready', "Ready"),
            ('handed_over', "Handed Over"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.state, Index.Equality()),
                (t.ready_at, Index.Range()),
                where=t.state.in_(['ordered', 'ready'])))
        cls._order = [('ready_at', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('ordered', 'ready'),
            ('ready', 'handed_over'),
            ('ordered', 'cancelled'),
            }
        cls._buttons.update({
                'wrap': {
                    'invisible': Eval('state') != 'ordered',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'hand_over': {
                    'invisible': Eval('state') != 'ready',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'ordered',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'ordered'

    @classmethod
    def default_quantity(cls):
        return 1

    @classmethod
    def default_ready_at(cls):
        return workflow.now() + dt.timedelta(minutes=30)

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('style', 'quantity', 'materials')
    def on_change_style(self):
        if self.style:
            self.materials = self.style.materials
            self.on_change_quantity()

    @fields.depends('style', 'quantity')
    def on_change_quantity(self):
        if self.style and self.quantity:
            self.price = self.style.price * self.quantity

    def get_rec_name(self, name):
        return f'{self.goods} × {self.quantity} ({self.style.rec_name})'

    @classmethod
    def validate_fields(cls, wraps, field_names):
        super().validate_fields(wraps, field_names)
        if field_names & {'party', 'contact_name', 'contact_phone'}:
            for wrap in wraps:
                if not wrap.party and not (
                        wrap.contact_name and wrap.contact_phone):
                    raise RegisterError(gettext(
                            'cs_desk.msg_gift_wrap_customer',
                            wrap=wrap.rec_name))

    @classmethod
    @check_state('ordered')
    @ModelView.button
    @workflow.step
    @Workflow.transition('ready')
    @set_employee('wrapped_by')
    def wrap(cls, wraps):
        pass

    @classmethod
    @check_state('ready')
    @ModelView.button
    @workflow.step
    @Workflow.transition('handed_over')
    @set_employee('handed_over_by')
    def hand_over(cls, wraps):
        cls.write(wraps, {'handed_over_at': workflow.clock()})

    @classmethod
    @check_state('ordered')
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, wraps):
        pass


class GiftWrapSale(metaclass=PoolMeta):
    "The wrapping of goods bought in a sale"
    __name__ = 'cs.gift_wrap'

    sale = fields.Many2One(
        'sale.sale', "Sale",
        domain=[
            ('company', '=', Eval('company', -1)),
            ('state', 'in', ['confirmed', 'processing', 'done']),
            ],
        states={'readonly': Eval('state') != 'ordered'},
        help="The sale of the goods that are wrapped.")

    @fields.depends('sale', 'party')
    def on_change_sale(self):
        if self.sale and not self.party:
            self.party = self.sale.party
