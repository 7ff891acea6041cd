# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt

from sql import Column, Literal, Null
from sql.aggregate import Max, Min, Sum
from sql.conditionals import NullIf

from trytond.model import Index, Model, ModelSQL, ModelView, fields
from trytond.modules.cs_base.tools import DateRangeContextMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .ticket import CAUSES

# cancelled tickets and drafts are not requests the desk handled
COUNTED = ['registered', 'escalated', 'dispatched', 'in_progress', 'waiting',
    'resolved', 'revisited', 'closed']


DIMENSIONS = ['type', 'cause', 'department', 'channel', 'merchant']
# what a ticket counts for: its periods, whether it counts, its figures
MEASURED = ['company', 'received_at', 'received_month', 'received_quarter',
    'received_year', 'state', 'sla_breached', 'resolution_hours',
    'rating'] + DIMENSIONS
FIGURES = ['count', 'breached', 'hours_sum', 'hours_count', 'rating_sum',
    'rating_count']


class Total(ModelSQL):
    """The figures of the tickets received on a day, per dimension, kept as
    tickets move so that the statistics add up days, not tickets.

    Each change of a ticket adds a row of the difference it makes (its old
    figures taken off, its new ones added): rows are only inserted, so that
    clerks registering at once never wait for each other.  The statistics
    sum the rows; compact() replaces a day's rows by one per dimension,
    counted again from its tickets (the worst resolution time, which the
    differences cannot take off, exact again)."""
    __name__ = 'cs.helpdesk.statistics.total'
    __string__ = "Ticket Statistics Total"
    measured = set(MEASURED)

    company = fields.Many2One('company.company', "Company", required=True)
    day = fields.Date("Day", required=True, help="The UTC day received.")
    month = fields.Date("Month")
    quarter = fields.Date("Quarter")
    year = fields.Date("Year")
    dimension = fields.Char("Dimension")
    type = fields.Many2One('cs.helpdesk.ticket.type', "Type")
    cause = fields.Char("Cause")
    department = fields.Many2One('cs.department', "Department")
    channel = fields.Many2One('cs.channel', "Channel")
    merchant = fields.Many2One('party.party', "Merchant",
        context={'company': Eval('company', -1)}, depends={'company'})
    count = fields.Integer("Tickets")
    breached = fields.Integer("Deadlines Missed")
    hours_sum = fields.Float("Resolution Hours")
    hours_count = fields.Integer("Resolved")
    hours_max = fields.Float("Worst Resolution Time")
    rating_sum = fields.Integer("Ratings Total")
    rating_count = fields.Integer("Ratings")
    recount = fields.Boolean(
        "Recount", help="Counted from the day's tickets, not a difference.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.dimension, Index.Equality()),
                    (t.day, Index.Range())),
                Index(t, (t.company, Index.Equality()),
                    (t.day, Index.Range()),
                    where=t.recount == Literal(False)),
                })

    @classmethod
    def __register__(cls, module):
        table_h = cls.__table_handler__(module)
        created = not table_h.table_exist(cls._table)
        super().__register__(module)
        if created:
            # the tickets of a site from before the totals
            cls.compact(everything=True)

    @classmethod
    def measure(cls, ids):
        "The measured columns of the tickets: id -> row"
        ticket = Pool().get('cs.helpdesk.ticket').__table__()
        rows = {}
        for sub_ids in grouped_slice(ids, 1000):
            rows.update((r['id'], r) for r in cls._rows(
                    ticket, ticket.id.in_(list(sub_ids))))
        return rows

    @staticmethod
    def figures_of(tickets):
        "The measured fields of the ticket records: id -> row"
        def value(v):
            return v.id if isinstance(v, Model) else v
        return {t.id: {n: value(getattr(t, n)) for n in MEASURED}
            for t in tickets}

    @staticmethod
    def _rows(ticket, where=None, size=10_000):
        "Yield the measured columns of the tickets where, size at a time"
        cursor = Transaction().connection.cursor()
        last = 0
        while True:
            batch = ticket.id > last
            if where is not None:
                batch &= where
            cursor.execute(*ticket.select(ticket.id,
                    *(Column(ticket, c) for c in MEASURED), where=batch,
                    order_by=[ticket.id], limit=size))
            rows = cursor.fetchall()
            for id_, *values in rows:
                yield dict(zip(MEASURED, values), id=id_)
            if len(rows) < size:
                return
            last = rows[-1][0]

    @staticmethod
    def _day(value):
        if isinstance(value, str):  # SQLite
            value = dt.datetime.fromisoformat(value)
        return value.date()

    @classmethod
    def _contributions(cls, rows, sign, totals):
        "Add sign times the figures of the ticket rows to totals"
        for row in rows:
            if row['state'] not in COUNTED:
                continue
            hours, rating = row['resolution_hours'], row['rating']
            figures = [1, 1 if row['sla_breached'] else 0, hours or 0,
                0 if hours is None else 1, rating or 0,
                0 if rating is None else 1]
            period = (row['company'], cls._day(row['received_at']),
                row['received_month'], row['received_quarter'],
                row['received_year'])
            for dimension in [''] + DIMENSIONS:
                key = period + (dimension, row.get(dimension))
                total = totals.setdefault(key, [0] * len(FIGURES) + [None])
                for i, figure in enumerate(figures):
                    total[i] += sign * figure
                if sign > 0 and hours is not None:
                    total[-1] = max(total[-1] or hours, hours)

    @classmethod
    def add(cls, before, after):
        "Insert what tickets changed from before to after (id -> row)"
        totals = {}
        cls._contributions(before.values(), -1, totals)
        cls._contributions(after.values(), 1, totals)
        cls._insert({k: v for k, v in totals.items() if any(v[:-1])})

    @classmethod
    def _insert(cls, totals, recount=False):
        if not totals:
            return
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        rows = []
        for (*period, dimension, value), figures in totals.items():
            values = dict.fromkeys(DIMENSIONS)
            if dimension:
                values[dimension] = value
            rows.append(period + [dimension]
                + [values[d] for d in DIMENSIONS] + figures + [recount])
        names = (['company', 'day', 'month', 'quarter', 'year', 'dimension']
            + DIMENSIONS + FIGURES + ['hours_max', 'recount'])
        for sub_rows in grouped_slice(rows, 1000):
            cursor.execute(*table.insert(
                    [Column(table, n) for n in names], list(sub_rows)))

    @classmethod
    def compact(cls, everything=False):
        """Count again from their tickets the days that received changes
        (or every day), one row per dimension and value.

        A change committed while this runs is not seen by its transaction:
        its difference row is neither deleted nor counted, and stays."""
        ticket = Pool().get('cs.helpdesk.ticket').__table__()
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        if everything:
            cursor.execute(*table.delete())
            days = [None]
        else:
            cursor.execute(*table.select(table.company, table.day,
                    where=table.recount == Literal(False),
                    group_by=[table.company, table.day]))
            days = cursor.fetchall()
        totals = {}
        for company_day in days:
            where = None
            if company_day:
                company, day = company_day[0], cls._date(company_day[1])
                start = dt.datetime.combine(day, dt.time())
                where = ((ticket.company == company)
                    & (ticket.received_at >= start)
                    & (ticket.received_at < start + dt.timedelta(1)))
                cursor.execute(*table.delete(
                        where=(table.company == company)
                        & (table.day == day)))
            cls._contributions(cls._rows(ticket, where), 1, totals)
        cls._insert({k: v for k, v in totals.items() if v[0]}, recount=True)

    @staticmethod
    def _date(value):
        if isinstance(value, str):  # SQLite
            value = dt.date.fromisoformat(value)
        return value


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
        "The days' totals added up per period: no ticket is read"
        pool = Pool()
        Total = pool.get('cs.helpdesk.statistics.total')
        total = Total.__table__()
        context = Transaction().context
        period = Column(total, context.get('period') or 'month')
        where = ((total.company == context.get('company', -1))
            & (total.dimension == (cls._dimension or '')))
        if context.get('from_date'):
            where &= total.day >= context['from_date']
        if context.get('to_date'):
            where &= total.day <= context['to_date']
        if cls._dimension == 'merchant':
            where &= total.merchant != Null
        count = Sum(total.count)
        columns = [
            Min(total.id).as_('id'),
            total.company.as_('company'),
            period.as_('period'),
            count.as_('count'),
            Sum(total.breached).as_('breached'),
            (cls.resolution_hours.sql_cast(Sum(total.hours_sum))
                / NullIf(Sum(total.hours_count), 0)).as_('resolution_hours'),
            Max(total.hours_max).as_('resolution_hours_max'),
            (cls.rating.sql_cast(Sum(total.rating_sum))
                / NullIf(Sum(total.rating_count), 0)).as_('rating'),
            ]
        group_by = [total.company, period]
        if cls._dimension:
            dimension = Column(total, cls._dimension)
            columns.append(dimension.as_(cls._dimension))
            group_by.append(dimension)
        # a ticket that moved out of the statistics leaves rows summing to 0
        return total.select(*columns, where=where, group_by=group_by,
            having=count > 0)

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
