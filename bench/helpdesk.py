"""Benchmark of the service desk at scale.

    .venv/bin/python bench/helpdesk.py [TICKETS]

Builds a database with cs_helpdesk (SQLite in a temporary folder, or the
PostgreSQL server of TRYTOND_DATABASE__URI), then:
- registers TICKETS tickets (default 100,000) through the ORM in batches of
  100 (a busy desk commits in small transactions), received over the twelve
  months of 2026, and resolves four in five of them, some late; reports
  tickets registered per second;
- lists the first page (80) of breached tickets, as the "Overdue" tab does;
- computes the monthly statistics per type and per cause of the year, and
  the yearly totals, as the statistics menus do.
"""
import atexit
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 100


def main(count=100_000):
    from devtools.database import create
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text('[database]\n')
    os.environ.setdefault('TRYTOND_DATABASE__PATH', str(folder))
    create(config, 'bench_helpdesk', ['cs_helpdesk'])

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool('bench_helpdesk')
    pool.init()
    with Transaction().start('bench_helpdesk', 0) as transaction:
        company = setup(pool)
        transaction.commit()
    context = {'company': company, 'language': 'en'}

    random.seed(1)
    registered = 0
    begin = time.perf_counter()
    while registered < count:
        size = min(BATCH, count - registered)
        with Transaction().start(
                'bench_helpdesk', 0, context=context) as transaction:
            register_batch(pool, company, size)
            transaction.commit()
        registered += size
    elapsed = time.perf_counter() - begin
    print(f"registered and handled {count:,} tickets in {elapsed:.1f} s "
        f"({count / elapsed:,.0f} tickets/s)")

    with Transaction().start('bench_helpdesk', 0, context=context):
        Ticket = pool.get('cs.helpdesk.ticket')
        begin = time.perf_counter()
        page = Ticket.search_read(
            [('sla_state', '=', 'breached')], limit=80,
            order=[('resolution_deadline', 'ASC')],
            fields_names=['number', 'party.rec_name', 'resolution_deadline',
                'state'])
        elapsed = time.perf_counter() - begin
        total = Ticket.search([('sla_state', '=', 'breached')], count=True)
        print(f"first page of breached tickets: {len(page)} of {total:,} "
            f"in {elapsed * 1000:.0f} ms")

    year = {'from_date': dt.date(2026, 1, 1), 'to_date': dt.date(2026, 12, 31)}
    for model, period in [
            ('cs.helpdesk.statistics.type', 'month'),
            ('cs.helpdesk.statistics.cause', 'month'),
            ('cs.helpdesk.statistics', 'quarter'),
            ('cs.helpdesk.statistics', 'year')]:
        with Transaction().start('bench_helpdesk', 0,
                context=dict(context, period=period, **year)):
            Statistics = pool.get(model)
            begin = time.perf_counter()
            rows = Statistics.search_read([], fields_names=[
                    'period', 'count', 'breached', 'breach_rate',
                    'resolution_hours', 'resolution_hours_max', 'rating'])
            elapsed = time.perf_counter() - begin
            print(f"{model} per {period}: {len(rows)} rows over "
                f"{sum(r['count'] for r in rows):,} tickets "
                f"in {elapsed * 1000:.0f} ms")


def setup(pool):
    from trytond.transaction import Transaction
    "A company, its calendar and departments, a hundred customers"
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    Department = pool.get('cs.department')
    currency, = Currency.create([{'name': "Yuan", 'code': 'CNY',
                'symbol': '¥'}])
    party, = Party.create([{'name': "Mall"}])
    company, = Company.create([{'party': party.id, 'currency': currency.id,
                'timezone': 'Asia/Shanghai'}])
    with Transaction().set_context(company=company.id):
        Department.create([{'name': f"Department {i}", 'company': company.id}
                for i in range(8)])
        Party.create([{'name': f"Customer {i}", 'cs_vip': i % 10 == 0}
                for i in range(100)])
    return company.id


def register_batch(pool, company, size):
    Ticket = pool.get('cs.helpdesk.ticket')
    Type = pool.get('cs.helpdesk.ticket.type')
    Department = pool.get('cs.department')
    Party = pool.get('party.party')
    Channel = pool.get('cs.channel')
    types = Type.search([('kind', 'in', ['complaint', 'consultation',
                    'return', 'suggestion'])])
    departments = Department.search([])
    parties = Party.search([('name', 'like', 'Customer %')])
    channels = Channel.search([])
    causes = ['attitude', 'cashier', 'waiting', 'quality', 'environment']
    start = dt.datetime(2026, 1, 1, 1) + dt.timedelta(
        minutes=random.randrange(364 * 24 * 60))
    tickets = Ticket.create([{
                'company': company,
                'type': random.choice(types).id,
                'channel': random.choice(channels).id,
                'party': random.choice(parties).id,
                'received_at': start + dt.timedelta(minutes=i),
                'description': "Benchmark request",
                'cause': random.choice(causes),
                'department': random.choice(departments).id,
                'result': "Handled",
                } for i in range(size)])
    with patch('trytond.modules.cs_base.workflow.clock',
            return_value=start):
        Ticket.register(tickets)
    by_department = [t for t in tickets if t.needs_department]
    handled = start + dt.timedelta(hours=random.choice([1, 3, 6, 30]))
    with patch('trytond.modules.cs_base.workflow.clock',
            return_value=handled):
        Ticket.dispatch(by_department)
        Ticket.acknowledge(by_department)
        Ticket.resolve(tickets[:size * 4 // 5])


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
