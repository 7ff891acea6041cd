"""Benchmark of the search box and the ticket list at scale.

    TRYTOND_DATABASE__URI=postgresql://… .venv/bin/python bench/search.py \
        [TICKETS] [CUSTOMERS]

Builds a database with cs_helpdesk (PostgreSQL of TRYTOND_DATABASE__URI, or
SQLite in a temporary folder), loads CUSTOMERS customers (default 100,000:
Chinese, Russian and Latin names, each with a mobile number) and TICKETS
tickets (default 1,000,000, received over a year) in SQL, each row with its
search key as the ORM writes it; then, as a clerk of the company (record
rules applied, in the server's process), times the median of 5 rounds of:
- the first page (80) of the ticket list in its default order, and Tryton's
  party list as the reference;
- the search box of the ticket list for each way of typing a customer
  (王芳, wangfang, wf, Ван Фан, ivan petrov, 4 digits of a phone, a number's
  start): the first 80 found, read as the list reads them.
"""
import atexit
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATABASE = 'bench_search'
ROUNDS = 5
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国玉红梅"
RU_FIRST = ["Иван", "Сергей", "Алексей", "Дмитрий", "Андрей", "Анна",
    "Мария", "Елена", "Ольга", "Наталья", "Алёна", "Юлия", "Фёдор"]
RU_LAST = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов",
    "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Лебедев"]
LATIN = ["John Smith", "Maria Garcia", "Ahmed Khan", "Emma Brown",
    "Li Wei", "Olga Petrova"]
QUERIES = ["王芳", "wangfang", "wf", "Ван Фан", "ivan petrov", "5678"]
LIST_FIELDS = ['number', 'party.rec_name', 'contact_name', 'type.rec_name',
    'received_at', 'state', 'resolution_deadline']


def main(tickets=1_000_000, customers=100_000):
    from devtools.database import create
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text('[database]\n')
    os.environ.setdefault('TRYTOND_DATABASE__PATH', str(folder))
    create(config, DATABASE, ['cs_helpdesk'])

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(DATABASE)
    pool.init()
    with Transaction().start(DATABASE, 0) as transaction:
        company, clerk = setup(pool)
        transaction.commit()
    begin = time.perf_counter()
    with Transaction().start(DATABASE, 0) as transaction:
        load_customers(pool, customers)
        load_tickets(pool, company, tickets)
        transaction.commit()
    analyse()
    print(f"loaded {customers:,} customers and {tickets:,} tickets "
        f"in {time.perf_counter() - begin:.0f} s")

    # _check_access: the access rights and record rules of an RPC call
    context = {'company': company, 'language': 'en', '_check_access': True}
    with Transaction().start(DATABASE, clerk, context=context):
        Ticket = pool.get('cs.helpdesk.ticket')
        Party = pool.get('party.party')
        number = Ticket.search([], limit=1, order=[('id', 'DESC')])[0].number
        rows = [
            ("ticket list, first 80", lambda: Ticket.search_read(
                    [], limit=80, fields_names=LIST_FIELDS)),
            ("party list, first 80 (reference)", lambda: Party.search_read(
                    [], limit=80, fields_names=['name', 'code'])),
            ]
        for query in QUERIES + [number[:-3]]:
            rows.append((f"tickets found by {query!r}", (
                        lambda q=query: Ticket.search_read(
                            [('rec_name', 'ilike', f'%{q}%')], limit=80,
                            fields_names=LIST_FIELDS))))
        for label, run in rows:
            times, found = [], 0
            for _ in range(ROUNDS):
                start = time.perf_counter()
                found = len(run())
                times.append(time.perf_counter() - start)
            print(f"{label}: {statistics.median(times) * 1000:.1f} ms "
                f"({found} rows)")


def setup(pool):
    "A company and a clerk of customer service (record rules apply)"
    from trytond.transaction import Transaction
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    currency, = Currency.create([{'name': "Yuan", 'code': 'CNY',
                'symbol': '¥'}])
    party, = Party.create([{'name': "Mall"}])
    company, = Company.create([{'party': party.id, 'currency': currency.id,
                'timezone': 'Asia/Shanghai'}])
    group = ModelData.get_id('cs_base', 'group_cs')
    clerk, = User.create([{'name': "Clerk", 'login': 'clerk',
                'companies': [('add', [company.id])], 'company': company.id,
                'groups': [('add', [group])]}])
    with Transaction().set_context(company=company.id):
        create_template_ticket(pool, company)
    return company.id, clerk.id


def create_template_ticket(pool, company):
    Ticket = pool.get('cs.helpdesk.ticket')
    Type = pool.get('cs.helpdesk.ticket.type')
    Channel = pool.get('cs.channel')
    type_, = Type.search([('kind', '=', 'complaint')])
    ticket, = Ticket.create([{
                'company': company.id, 'type': type_.id,
                'channel': Channel.search([])[0].id,
                'received_at': dt.datetime(2026, 1, 1, 2),
                'description': "Benchmark request",
                'contact_name': "Walk-in", 'contact_phone': "13000000000"}])
    Ticket.register([ticket])


def customer_names(count):
    random.seed(1)
    yield "王芳"
    yield "Иван Петров"
    for i in range(count - 2):
        kind = i % 10
        if kind < 6:
            yield random.choice(SURNAMES) + ''.join(
                random.choices(GIVEN, k=random.choice([1, 2])))
        elif kind < 9:
            yield f"{random.choice(RU_FIRST)} {random.choice(RU_LAST)}"
        else:
            yield random.choice(LATIN)


def load_customers(pool, count):
    "Customers in SQL, with the keys Party.update_search_keys would store"
    from trytond.modules.cs_base.search import search_key
    from trytond.transaction import Transaction
    cursor = Transaction().connection.cursor()
    party = pool.get('party.party').__table__()
    mechanism = pool.get('party.contact_mechanism').__table__()
    rows = []
    for i, name in enumerate(customer_names(count)):
        code = f'B{i:07d}'
        phone = f'+86138{i:08d}'
        rows.append((name, code, True, search_key([name], [code, phone])))
    for start in range(0, len(rows), 10_000):
        cursor.execute(*party.insert(
                [party.name, party.code, party.active, party.cs_search_key],
                rows[start:start + 10_000]))
    cursor.execute(*party.select(
            party.id, party.code, where=party.code.like('B%')))
    mechanisms = [(p, 'mobile', f'+86138{int(c[1:]):08d}',
            f'+86138{int(c[1:]):08d}', True) for p, c in cursor]
    for start in range(0, len(mechanisms), 10_000):
        cursor.execute(*mechanism.insert(
                [mechanism.party, mechanism.type, mechanism.value,
                    mechanism.value_compact, mechanism.active],
                mechanisms[start:start + 10_000]))


def load_tickets(pool, company, count):
    """Tickets in SQL: copies of a registered one received over the year,
    each with its number and customer, and the key the ORM would store (the
    number's and the customer's)"""
    from trytond import backend
    from trytond.transaction import Transaction
    cursor = Transaction().connection.cursor()
    Ticket = pool.get('cs.helpdesk.ticket')
    party = pool.get('party.party').__table__()
    cursor.execute(*party.select(party.id, where=party.code.like('B%'),
            order_by=party.id))
    parties = [p for p, in cursor]
    template, = Ticket.search([])
    columns = sorted(set(Ticket.__table_handler__()._columns) - {'id'})
    overrides = {
        'number': 'r.number', 'party': 'r.party',
        'received_at': 'r.received', 'create_date': 'r.received',
        'contact_name': 'NULL', 'contact_phone': 'NULL',
        'cs_search_key': (
            "'|' || LOWER(r.number) || SUBSTR(p.cs_search_key, 2)"),
        }
    select = ', '.join(overrides.get(c, f't."{c}"') for c in columns)
    insert = (f'INSERT INTO "{Ticket._table}" ('
        + ', '.join(f'"{c}"' for c in columns) + f') SELECT {select} '
        'FROM bench_rows r JOIN party_party p ON p.id = r.party, '
        f'"{Ticket._table}" t WHERE t.id = {template.id}')
    placeholder = '%s' if backend.name == 'postgresql' else '?'
    cursor.execute('CREATE TEMP TABLE bench_rows '
        '(number VARCHAR, party INTEGER, received TIMESTAMP)')
    seconds = 365 * 24 * 3600 / count
    for begin in range(0, count, 10_000):
        cursor.execute('DELETE FROM bench_rows')
        rows = [(f'HD{n + 2:08d}', parties[n % len(parties)],
                dt.datetime(2026, 1, 1, 1)
                + dt.timedelta(seconds=int(n * seconds)))
            for n in range(begin, min(begin + 10_000, count))]
        cursor.executemany('INSERT INTO bench_rows VALUES (%s)'
            % ', '.join([placeholder] * 3), rows)
        cursor.execute(insert)


def analyse():
    from trytond import backend
    from trytond.transaction import Transaction
    if backend.name != 'postgresql':
        return
    with Transaction().start(DATABASE, 0) as transaction:
        transaction.connection.autocommit = True
        transaction.connection.cursor().execute('VACUUM ANALYZE')


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
