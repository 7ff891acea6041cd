# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt

from sql import Column, Literal, Null
from sql.aggregate import Avg, Count, Max, Min, Sum
from sql.conditionals import Case

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.cs_base.tools import DateRangeContextMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .ticket import CAUSES

# cancelled tickets and drafts are not requests the desk handled
COUNTED = ['registered', 'escalated', 'dispatched', 'in_progress', 'waiting',
    'resolved', 'revisited', 'closed']


class StatisticsMixin:
    """Monthly, quarterly or yearly ticket figures (HD-11), aggregated in
    SQL over the indexed company and receipt date of the tickets."""
    __slots__ = ()
    _dimension = None

    company = fields.Many2One('company.company', "Company")
    period = fields.Date("Period")
    count = fields.Integer("Tickets")
    breached = fields.Integer("Deadlines Missed")
    breach_rate = fields.Function(
        fields.Float("Breach Rate", digits=(16, 4)), 'get_breach_rate')
    resolution_hours = fields.Float(
        "Average Resolution Time", digits=(16, 2),
        help="In working hours.")
    resolution_hours_max = fields.Float(
        "Worst Resolution Time", digits=(16, 2), help="In working hours.")
    rating = fields.Float("Average Rating", digits=(16, 2))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('period', 'DESC'), ('count', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        ticket = Ticket.__table__()
        context = Transaction().context
        period = {
            'month': ticket.received_month,
            'quarter': ticket.received_quarter,
            'year': ticket.received_year,
            }[context.get('period') or 'month']
        where = ((ticket.company == context.get('company', -1))
            & ticket.state.in_(COUNTED))
        if context.get('from_date'):
            where &= ticket.received_at >= dt.datetime.combine(
                context['from_date'], dt.time())
        if context.get('to_date'):
            where &= ticket.received_at < dt.datetime.combine(
                context['to_date'] + dt.timedelta(days=1), dt.time())
        if cls._dimension == 'merchant':
            where &= ticket.merchant != Null
        columns = [
            Min(ticket.id).as_('id'),
            ticket.company.as_('company'),
            period.as_('period'),
            Count(ticket.id).as_('count'),
            Sum(Case((ticket.sla_breached == Literal(True), 1), else_=0)
                ).as_('breached'),
            Avg(ticket.resolution_hours).as_('resolution_hours'),
            Max(ticket.resolution_hours).as_('resolution_hours_max'),
            Avg(cls.rating.sql_cast(ticket.rating)).as_('rating'),
            ]
        group_by = [ticket.company, period]
        if cls._dimension:
            dimension = Column(ticket, cls._dimension)
            columns.append(dimension.as_(cls._dimension))
            group_by.append(dimension)
        return ticket.select(*columns, where=where, group_by=group_by)

    def get_breach_rate(self, name):
        return self.breached / self.count if self.count else None


class Statistics(StatisticsMixin, ModelSQL, ModelView):
    __name__ = 'cs.helpdesk.statistics'
    __string__ = "Ticket Statistics"


class StatisticsType(StatisticsMixin, ModelSQL, ModelView):
    __name__ = 'cs.helpdesk.statistics.type'
    __string__ = "Ticket Statistics per Type"
    _dimension = 'type'

    type = fields.Many2One('cs.helpdesk.ticket.type', "Type")


class StatisticsCause(StatisticsMixin, ModelSQL, ModelView):
    __name__ = 'cs.helpdesk.statistics.cause'
    __string__ = "Ticket Statistics per Cause"
    _dimension = 'cause'

    cause = fields.Selection(CAUSES, "Cause")


class StatisticsDepartment(StatisticsMixin, ModelSQL, ModelView):
    __name__ = 'cs.helpdesk.statistics.department'
    __string__ = "Ticket Statistics per Department"
    _dimension = 'department'

    department = fields.Many2One('cs.department', "Department")


class StatisticsChannel(StatisticsMixin, ModelSQL, ModelView):
    __name__ = 'cs.helpdesk.statistics.channel'
    __string__ = "Ticket Statistics per Channel"
    _dimension = 'channel'

    channel = fields.Many2One('cs.channel', "Channel")


class StatisticsMerchant(StatisticsMixin, ModelSQL, ModelView):
    __name__ = 'cs.helpdesk.statistics.merchant'
    __string__ = "Ticket Statistics per Merchant"
    _dimension = 'merchant'

    merchant = fields.Many2One(
        'party.party', "Merchant",
        context={'company': Eval('company', -1)}, depends={'company'})


class StatisticsContext(DateRangeContextMixin, ModelView):
    "The company, dates and period of the ticket statistics"
    __name__ = 'cs.helpdesk.statistics.context'
    __string__ = "Ticket Statistics Context"

    period = fields.Selection([
            ('month', "Month"),
            ('quarter', "Quarter"),
            ('year', "Year"),
            ], "Period", required=True)

    @classmethod
    def default_period(cls):
        return Transaction().context.get('period', 'month')
