# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Points from sales, reversed by cancellation or return (when sale is active)"
from decimal import ROUND_DOWN

from trytond.model import ModelView, Workflow
from trytond.pool import Pool, PoolMeta


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
