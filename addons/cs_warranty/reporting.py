# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Monthly product-quality feedback from the repairs (WA-05)"
from sql.aggregate import Count, Min

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.cs_base.tools import DateRangeContextMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .policy import REMEDIES


class RepairStatistics(ModelSQL, ModelView):
    "Repairs per month, product, fault and remedy"
    __name__ = 'cs.repair.statistics'
    __string__ = "Repair Statistics"

    company = fields.Many2One('company.company', "Company")
    period = fields.Date("Month")
    product = fields.Many2One(
        'product.product', "Product",
        context={'company': Eval('company', -1)}, depends={'company'})
    fault = fields.Char("Fault")
    remedy = fields.Selection([(None, "")] + REMEDIES, "Remedy")
    count = fields.Integer("Repairs")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('period', 'DESC'), ('count', 'DESC'), ('id', 'ASC')]

    @classmethod
    def _orders(cls):
        "The repair orders taken in, with their warranty, in the context"
        pool = Pool()
        Order = pool.get('cs.repair.order')
        Warranty = pool.get('cs.warranty')
        order = Order.__table__()
        warranty = Warranty.__table__()
        context = Transaction().context
        where = ((order.company == context.get('company', -1))
            & order.state.in_([
                    'received', 'diagnosed', 'approved', 'in_repair',
                    'quality_check', 'done', 'accepted']))
        if context.get('from_date'):
            where &= order.month >= context['from_date'].replace(day=1)
        if context.get('to_date'):
            where &= order.month <= context['to_date']
        query = order.join(warranty, 'LEFT',
            condition=order.warranty == warranty.id)
        return query, order, warranty, where

    @classmethod
    def table_query(cls):
        query, order, warranty, where = cls._orders()
        return query.select(
            Min(order.id).as_('id'), order.company.as_('company'),
            order.month.as_('period'), warranty.product.as_('product'),
            order.fault.as_('fault'), order.remedy.as_('remedy'),
            Count(order.id).as_('count'),
            where=where,
            group_by=[order.company, order.month, warranty.product,
                order.fault, order.remedy])


class RepairCategoryStatistics(ModelSQL, ModelView):
    """Repairs per month, product category and remedy (a product in two
    categories counts in both, as in Tryton's sales per category)"""
    __name__ = 'cs.repair.statistics.category'
    __string__ = "Repair Statistics per Category"

    company = fields.Many2One('company.company', "Company")
    period = fields.Date("Month")
    category = fields.Many2One(
        'product.category', "Category",
        context={'company': Eval('company', -1)}, depends={'company'})
    remedy = fields.Selection([(None, "")] + REMEDIES, "Remedy")
    count = fields.Integer("Repairs")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('period', 'DESC'), ('count', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Statistics = pool.get('cs.repair.statistics')
        Product = pool.get('product.product')
        TemplateCategory = pool.get('product.template-product.category')
        product = Product.__table__()
        template_category = TemplateCategory.__table__()
        query, order, warranty, where = Statistics._orders()
        query = query.join(product,
            condition=warranty.product == product.id).join(template_category,
            condition=product.template == template_category.template)
        return query.select(
            # an order is in one group per category: the pair is unique
            (Min(order.id) * 1000000 + template_category.category).as_('id'),
            order.company.as_('company'), order.month.as_('period'),
            template_category.category.as_('category'),
            order.remedy.as_('remedy'), Count(order.id).as_('count'),
            where=where,
            group_by=[order.company, order.month,
                template_category.category, order.remedy])


class RepairStatisticsContext(DateRangeContextMixin, ModelView):
    __name__ = 'cs.repair.statistics.context'
    __string__ = "Repair Statistics Context"
