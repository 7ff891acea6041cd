# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Points from sales, reversed by cancellation or return, and the customer
classification from the sales (when sale is active)"""
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta
from sql.aggregate import Count, Sum
from sql.conditionals import Coalesce

from trytond.model import ModelView, Workflow
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, sales):
        super().confirm(sales)
        for sale in sales:
            sale.earn_points()

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, sales):
        super().cancel(sales)
        for sale in sales:
            sale.reverse_points()

    def member_card(self):
        Card = Pool().get('cs.membership.card')
        cards = Card.search([
                ('company', '=', self.company.id),
                ('member', '=', self.party.id),
                ('state', '=', 'active'),
                ], limit=1)
        return cards[0] if cards else None

    def earn_points(self):
        """A member earns points by the tier's rate; a return (negative
        total) takes back what is left of them"""
        Card = Pool().get('cs.membership.card')
        card = self.member_card()
        if not card or self._points_lines():
            return
        points = int((self.total_amount * card.tier.points_per_unit
                ).quantize(1, rounding=ROUND_DOWN))
        if points > 0:
            Card.add_points(card, points, 'sale', origin=self,
                description=self.number, date=self.sale_date)
        elif points < 0:
            taken = min(-points, Card(card.id).balance)
            if taken:
                Card.add_points(card, -taken, 'reversal', origin=self,
                    description=self.number, date=self.sale_date)

    def reverse_points(self):
        "A cancelled sale gives back nothing: its points are taken back"
        Card = Pool().get('cs.membership.card')
        for line in self._points_lines():
            if line.reason == 'sale':
                taken = min(line.points, Card(line.card.id).balance)
                if taken:
                    Card.add_points(line.card, -taken, 'reversal',
                        origin=line, description=self.number)

    def _points_lines(self):
        Line = Pool().get('cs.membership.points.line')
        return Line.search([('origin', '=', str(self))])


class PointsLine(metaclass=PoolMeta):
    __name__ = 'cs.membership.points.line'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['sale.sale']


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def cs_refresh_classification(cls):
        """Classify every customer by the confirmed sales of the last 12
        months, in one SQL query (quarterly cron, CS-02)"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Date = pool.get('ir.date')
        sale = Sale.__table__()
        cursor = Transaction().connection.cursor()
        since = Date.today() - relativedelta(months=12)
        cursor.execute(*sale.select(sale.party,
                Sum(Coalesce(sale.total_amount_cache, 0)), Count(sale.id),
                where=sale.state.in_(['confirmed', 'processing', 'done'])
                & (sale.sale_date >= since),
                group_by=[sale.party]))
        figures = {p: (Decimal(str(a)), n) for p, a, n in cursor}
        for party in cls.search([
                    ('cs_classification', '!=', None),
                    ('id', 'not in', list(figures)),
                    ]):
            figures[party.id] = (Decimal(0), 0)
        cls._cs_apply_classification(figures, since)
