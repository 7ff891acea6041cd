# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Customer classification by value (CS-02) and its quarterly review (CS-01)"
from dateutil.relativedelta import relativedelta

from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.modules.cs_base.party import CLASSIFICATIONS
from trytond.modules.cs_base.tools import (
    DayFiltersMixin, day_filter, each_batch)
from trytond.pool import Pool, PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    strategic_amount = fields.Numeric(
        "Strategic from Amount", digits=(16, 2),
        help="Purchases of the last 12 months from which a customer is "
        "strategic (with the purchases below).")
    strategic_purchases = fields.Integer(
        "Strategic from Purchases",
        help="Number of purchases of the last 12 months from which a "
        "customer is strategic.")
    important_amount = fields.Numeric(
        "Important from Amount", digits=(16, 2),
        help="Purchases of the last 12 months from which a customer is "
        "important.")
    complaints_review = fields.Integer(
        "Review from Complaints",
        help="A customer with this many complaints in 12 months is not "
        "lowered automatically: the archive review decides.")

    @classmethod
    def default_strategic_amount(cls):
        return 100000

    @classmethod
    def default_strategic_purchases(cls):
        return 12

    @classmethod
    def default_important_amount(cls):
        return 20000

    @classmethod
    def default_complaints_review(cls):
        return 2


class ClassificationChange(DayFiltersMixin, ModelSQL, ModelView):
    "A change of a customer's classification, for the archive review"
    __name__ = 'cs.party.classification.change'
    __string__ = "Classification Change"
    _day_filters = {
        'recent': lambda today: [
            ('date', '>=', today - relativedelta(months=3))],
        }

    party = fields.Many2One(
        'party.party', "Customer", required=True, readonly=True,
        ondelete='CASCADE')
    date = fields.Date("Date", required=True, readonly=True)
    recent = day_filter("In the Last 3 Months")
    previous = fields.Selection(
        [(None, "")] + CLASSIFICATIONS, "Previous", readonly=True)
    new = fields.Selection(
        [(None, "")] + CLASSIFICATIONS, "New", readonly=True)
    amount = fields.Numeric(
        "Purchases (12 Months)", digits=(16, 2), readonly=True)
    purchases = fields.Integer("Number of Purchases", readonly=True)
    complaints = fields.Integer("Complaints", readonly=True)
    kept = fields.Boolean(
        "Kept for Review", readonly=True,
        help="Not lowered because of the complaints: to decide at review.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def search_rec_name(cls, name, clause):
        domain = super().search_rec_name(name, clause)
        _, operator, operand, *extra = clause
        if domain[0] == 'OR' and operator == '=':
            # the whole number of a card, as the searches by name find it;
            # in SQL because a clerk of the desk may not read the cards
            card = Pool().get('cs.membership.card').__table__()
            domain.append(('id', 'in', card.select(
                        card.member, where=card.number == operand)))
        return domain

    def search_key_texts(self):
        # the customer is found by the number of a card they hand over
        Card = Pool().get('cs.membership.card')
        names, codes = super().search_key_texts()
        cards = Card.search([('member', '=', self.id)], order=[])
        return names, codes + [c.number for c in cards]

    @classmethod
    def _cs_complaints(cls, since):
        "Complaints per party since the date (cs_helpdesk counts them)"
        return {}

    @classmethod
    def _cs_classify(cls, amount, purchases, config):
        if (amount >= (config.strategic_amount or 0)
                and purchases >= (config.strategic_purchases or 0)):
            return 'strategic'
        if amount >= (config.important_amount or 0):
            return 'important'
        return 'general' if purchases else 'potential'

    @classmethod
    def _cs_apply_classification(cls, figures, since):
        """Set the classification from figures {party: (amount, purchases)}
        of every party, log the changes; a customer who complained often is
        not lowered automatically"""
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        Change = pool.get('cs.party.classification.change')
        Date = pool.get('ir.date')
        config = Configuration(1)
        complaints = cls._cs_complaints(since)
        order = [c for c, _ in CLASSIFICATIONS]

        def classify(parties):
            changes, to_write = [], {}
            for party in parties:
                amount, purchases = figures[party.id]
                new = cls._cs_classify(amount, purchases, config)
                old = party.cs_classification
                if new == old:
                    continue
                count = complaints.get(party.id, 0)
                kept = bool(old and order.index(new) > order.index(old)
                    and count >= (config.complaints_review or 0) > 0)
                changes.append(Change(party=party, date=Date.today(),
                        previous=old, new=old if kept else new,
                        amount=amount, purchases=purchases,
                        complaints=count, kept=kept))
                if not kept:
                    to_write.setdefault(new, []).append(party)
            args = []
            for new, parties in to_write.items():
                args.extend([parties, {'cs_classification': new}])
            if args:
                cls.write(*args)
            Change.save(changes)
        each_batch('party.party|cs_refresh_classification',
            cls.browse(sorted(figures)), classify)
