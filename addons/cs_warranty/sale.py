# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Warranties from sales, and refunds as sale returns (when sale is active)"
from trytond.model import ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['cs.repair.order']

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, sales):
        Warranty = Pool().get('cs.warranty')
        super().confirm(sales)
        Warranty.create_from_sales(sales)


class Warranty(metaclass=PoolMeta):
    __name__ = 'cs.warranty'

    sale_line = fields.Many2One(
        'sale.line', "Sale Line", readonly=True,
        states={'invisible': ~Eval('sale_line')})

    @classmethod
    def create_from_sales(cls, sales):
        "One warranty per unit sold of the products under warranty"
        Policy = Pool().get('cs.warranty.policy')
        vlist = []
        for sale in sales:
            for line in sale.lines:
                if (line.type != 'line' or not line.product
                        or not line.product.template.cs_warranty
                        or line.quantity <= 0):
                    continue
                missing = int(line.quantity) - cls.search(
                    [('sale_line', '=', line.id)], count=True)
                policy = Policy.for_product(line.product)
                vlist.extend([{
                            'company': sale.company.id,
                            'party': sale.party.id,
                            'product': line.product.id,
                            'policy': policy.id if policy else None,
                            'purchase_date': sale.sale_date,
                            'start_date': sale.sale_date,
                            'sale_line': line.id,
                            }] * max(missing, 0))
        return cls.create(vlist)


class RepairOrder(metaclass=PoolMeta):
    __name__ = 'cs.repair.order'

    return_sale = fields.Many2One(
        'sale.sale', "Return Sale", readonly=True,
        states={'invisible': ~Eval('return_sale')},
        help="The sale drafted for the cashier: the return of the unit "
        "refunded, or its exchange for the replacement.")

    @classmethod
    def react(cls, step, orders):
        super().react(step, orders)
        if step == 'settle':
            for order in orders:
                order.draft_return_sale()
            cls.save(orders)

    def draft_return_sale(self):
        """Draft the return of the unit refunded, or its exchange at the
        same price for the replacement (whose confirmation then covers the
        new unit)"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Line = pool.get('sale.line')
        line = self.warranty.sale_line if self.warranty else None
        if (self.remedy not in {'refund', 'replacement'} or not line
                or self.return_sale):
            return
        self.return_sale, = Sale.copy([line.sale], default={
                'origin': str(self), 'lines': None})
        quantities = [-1] if self.remedy == 'refund' else [-1, 1]
        for quantity in quantities:
            Line.copy([line], default={
                    'sale': self.return_sale.id, 'quantity': quantity})
