# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Three-guarantees policies (三包, WA-01)"
import datetime as dt

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.modules.cs_base.workflow import BoundedMixin
from trytond.pool import Pool
from trytond.transaction import Transaction

from .exceptions import WarrantyError

REMEDIES = [
    ('refund', "Refund"),
    ('replacement', "Replacement"),
    ('repair', "Free Repair"),
    ('paid_repair', "Paid Repair"),
    ]


class Policy(
        BoundedMixin, DeactivableMixin, sequence_ordered(), ModelSQL,
        ModelView):
    """What a customer is entitled to, by how long ago the product was bought:
    the first policy in sequence with one of the product's categories
    applies, or else the first without categories"""
    __name__ = 'cs.warranty.policy'
    __string__ = "Three-Guarantees Policy"

    name = fields.Char("Name", required=True, translate=True)
    categories = fields.Many2Many(
        'cs.warranty.policy-product.category', 'policy', 'category',
        "Product Categories",
        help="Leave empty for the policy of products of any category.")
    refund_days = fields.Integer(
        "Refund Within", required=True, domain=[('refund_days', '>=', 0)],
        help="Days after purchase in which a faulty product is refunded.")
    replacement_days = fields.Integer(
        "Replacement Within", required=True,
        domain=[('replacement_days', '>=', 0)],
        help="Days after purchase in which a faulty product is replaced.")
    warranty_months = fields.Integer(
        "Warranty Period", required=True,
        domain=[('warranty_months', '>=', 0)],
        help="Months from the start of the warranty in which repairs are "
        "free.")
    failed_repairs = fields.Integer(
        "Failed Repairs for Replacement", required=True,
        domain=[('failed_repairs', '>', 0)],
        help="After this many repairs of the same fault within the "
        "warranty, the customer may choose a replacement or a refund.")

    @classmethod
    def default_refund_days(cls):
        return 7

    @classmethod
    def default_replacement_days(cls):
        return 15

    @classmethod
    def default_warranty_months(cls):
        return 12

    @classmethod
    def default_failed_repairs(cls):
        return 2

    @classmethod
    def for_product(cls, product):
        "Return the policy that applies to the product, if any"
        categories = {c.id for c in product.template.categories_all}
        policies = cls.search([])
        for policy in policies:
            if {c.id for c in policy.categories} & categories:
                return policy
        for policy in policies:
            if not policy.categories:
                return policy

    def ends(self, purchase_date, start_date):
        "Return the last days of refund, replacement and free repair"
        return (
            purchase_date + dt.timedelta(days=self.refund_days),
            purchase_date + dt.timedelta(days=self.replacement_days),
            start_date + relativedelta(months=self.warranty_months)
            - dt.timedelta(days=1))


def entitlement(warranty, fault_date, failed_repairs=0):
    """Return the remedies the customer of the warranty is entitled to for a
    fault on fault_date, after failed_repairs repairs of the same fault, as
    (remedy, reason) pairs with the reason in the customer's language"""
    Lang = Pool().get('ir.lang')
    if fault_date < (warranty.purchase_date or warranty.start_date):
        raise WarrantyError(gettext(
                'cs_warranty.msg_fault_before_purchase',
                warranty=warranty.rec_name))
    lang = warranty.party.lang.code if warranty.party.lang else None
    with Transaction().set_context(language=lang or Lang.get().code):
        return _entitlement(warranty, fault_date, failed_repairs)


def _entitlement(warranty, fault_date, failed_repairs):
    Lang = Pool().get('ir.lang')
    lang = Lang.get()
    days = (fault_date - (warranty.purchase_date or warranty.start_date)).days
    policy = warranty.policy
    remedies = []
    if warranty.refund_end and fault_date <= warranty.refund_end:
        remedies.append(('refund', gettext(
                    'cs_warranty.msg_remedy_refund',
                    days=days, limit=policy.refund_days)))
    if warranty.replacement_end and fault_date <= warranty.replacement_end:
        remedies.append(('replacement', gettext(
                    'cs_warranty.msg_remedy_replacement',
                    days=days, limit=policy.replacement_days)))
    in_warranty = warranty.warranty_end and fault_date <= warranty.warranty_end
    if (in_warranty and policy
            and failed_repairs >= policy.failed_repairs):
        reason = gettext(
            'cs_warranty.msg_remedy_failed_repairs', count=failed_repairs)
        for remedy in ['refund', 'replacement']:
            if remedy not in dict(remedies):
                remedies.append((remedy, reason))
    if in_warranty:
        remedies.append(('repair', gettext(
                    'cs_warranty.msg_remedy_repair',
                    date=lang.strftime(warranty.warranty_end))))
    else:
        remedies.append(('paid_repair', gettext(
                    'cs_warranty.msg_remedy_paid',
                    date=lang.strftime(warranty.warranty_end)
                    if warranty.warranty_end else '')))
    return remedies


class PolicyCategory(ModelSQL):
    __name__ = 'cs.warranty.policy-product.category'
    __string__ = "Policy - Product Category"

    policy = fields.Many2One(
        'cs.warranty.policy', "Policy", required=True, ondelete='CASCADE')
    category = fields.Many2One(
        'product.category', "Category", required=True, ondelete='CASCADE')
