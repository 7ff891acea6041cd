# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The statistics of the front desk's registers, aggregated in SQL"
from sql import Literal, Null, Union
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Case

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.cs_base.tools import DateRangeContextMixin
from trytond.pool import Pool
from trytond.transaction import Transaction


class RegisterStatisticsContext(DateRangeContextMixin, ModelView):
    "The company and dates of the desk's statistics"
    __name__ = 'cs.helpdesk.register.statistics.context'
    __string__ = "Front Desk Statistics Context"


def _period_range(column, context):
    "The statistics context's dates as a condition on a stored period"
    where = Literal(True)
    if context.get('from_date'):
        where &= column >= context['from_date'].replace(day=1)
    if context.get('to_date'):
        where &= column <= context['to_date']
    return where


class LostFoundStatistics(ModelSQL, ModelView):
    "Found items registered, claimed and disposed of per month"
    __name__ = 'cs.lost_found.statistics'
    __string__ = "Lost and Found Statistics"

    company = fields.Many2One('company.company', "Company")
    period = fields.Date("Month")
    found = fields.Integer("Found")
    claimed = fields.Integer("Claimed")
    disposed = fields.Integer("Disposed Of")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('period', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        Item = Pool().get('cs.lost_found.item')
        item = Item.__table__()
        context = Transaction().context
        company = item.company == context.get('company', -1)
        # one row per event; ids are doubled so that each row has its own
        # and the least of a month is unique to it
        found = item.select(
            (item.id * 2).as_('id'), item.company.as_('company'),
            item.found_month.as_('period'),
            Literal(1).as_('found'), Literal(0).as_('claimed'),
            Literal(0).as_('disposed'),
            where=company & (item.state != 'cancelled')
            & _period_range(item.found_month, context))
        closed = item.select(
            (item.id * 2 + 1).as_('id'), item.company.as_('company'),
            item.closed_month.as_('period'),
            Literal(0).as_('found'),
            Case((item.state == 'claimed', 1), else_=0).as_('claimed'),
            Case((item.state == 'disposed', 1), else_=0).as_('disposed'),
            where=company & (item.closed_month != Null)
            & _period_range(item.closed_month, context))
        events = Union(found, closed, all_=True)
        return events.select(
            Min(events.id).as_('id'), events.company, events.period,
            Sum(events.found).as_('found'),
            Sum(events.claimed).as_('claimed'),
            Sum(events.disposed).as_('disposed'),
            group_by=[events.company, events.period])


class StorageStatistics(ModelSQL, ModelView):
    "Bag storage deposits per day"
    __name__ = 'cs.storage.statistics'
    __string__ = "Bag Storage Statistics"

    company = fields.Many2One('company.company', "Company")
    period = fields.Date("Day")
    count = fields.Integer("Deposits")
    collected = fields.Integer("Collected")
    transferred = fields.Integer("Moved to Lost and Found")
    pieces = fields.Integer("Pieces")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('period', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        Deposit = Pool().get('cs.storage.ticket')
        deposit = Deposit.__table__()
        context = Transaction().context
        where = ((deposit.company == context.get('company', -1))
            & (deposit.state != 'cancelled'))
        if context.get('from_date'):
            where &= deposit.deposit_date >= context['from_date']
        if context.get('to_date'):
            where &= deposit.deposit_date <= context['to_date']

        def count(state):
            return Sum(Case((deposit.state == state, 1), else_=0))
        return deposit.select(
            Min(deposit.id).as_('id'), deposit.company.as_('company'),
            deposit.deposit_date.as_('period'),
            Count(deposit.id).as_('count'),
            count('collected').as_('collected'),
            count('transferred').as_('transferred'),
            Sum(deposit.pieces).as_('pieces'),
            where=where, group_by=[deposit.company, deposit.deposit_date])
