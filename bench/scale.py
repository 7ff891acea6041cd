"""Benchmark of the service desk at scale, with Tryton's own as reference.

    TRYTOND_DATABASE__URI=postgresql://… .venv/bin/python bench/scale.py \
        [TICKETS] [CUSTOMERS]

Builds two databases with cs_helpdesk and Tryton's sale_complaint (the
reference; installed with pip when absent) on the PostgreSQL server of
TRYTOND_DATABASE__URI: a twin of 10,000 tickets and one of TICKETS (default
1,000,000) over a year, each with CUSTOMERS customers (default 100,000:
Chinese, Russian and Latin names, a mobile number each).  Customers and
tickets are loaded in SQL with the search keys the ORM writes (tickets are
copies of one registered through the ORM, with their own number, customer,
date and periods).  Then, as a clerk of the company (access rights and
record rules applied as for an RPC call, in the server's process), it
prints the median of interleaved rounds, side by side:
- the first page (80) of the ticket list in its default order, the Overdue
  tab's first 80, and Tryton's party list as the reference;
- the search box of the ticket list for each way of typing a customer
  (王芳, wangfang, wf, Ван Фан, ivan petrov, 4 digits of a phone, a number's
  start): the first 80 found, read as the list reads them, with how many
  tickets each finds (a common name has 100 times more at 1M);
- the same for two customers who have 20 tickets in each database (欧阳娜娜
  by its characters, two of them, pinyin, initials and Palladius Cyrillic;
  Фёдор Тимофеев in Latin spellings; a phone's digits);
- the statistics of the year per month and type, and per quarter;
- a ticket saved in the desk's window as sao does (one request, registered
  by the create: context cs_register), and a draft created then registered
  by its button (two requests), with the SQL statements each took, against
  Tryton's sale.complaint created (numbered).
"""
import atexit
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
# customers with the same 20 tickets in both databases (names no other
# customer shares), searched in every form: the search's cost as the
# database grows, the tickets found staying the same
PLANTED = [("欧阳娜娜", "+79161234567"), ("Фёдор Тимофеев", "+79265550101")]
PLANTED_TICKETS = 20
PLANTED_QUERIES = ["欧阳娜娜", "阳娜", "ouyangnana", "oynn", "Оуян Нана",
    "fedor timofeev", "timofeyev", "9161234"]
# the customer of the tickets the registration measures create
REGISTERED_CUSTOMER = "Registration Benchmark"
LIST_FIELDS = ['number', 'party.rec_name', 'contact_name', 'type.rec_name',
    'received_at', 'state', 'resolution_deadline']
YEAR = {'from_date': dt.date(2026, 1, 1), 'to_date': dt.date(2026, 12, 31)}
STATEMENTS = [0]


def main(tickets=1_000_000, customers=100_000):
    ensure_reference()
    count_statements()
    sites = [build('bench_10k', 10_000, customers),
        build('bench_1m', tickets, customers)]
    measures = {}
    for round_ in range(ROUNDS):
        for site in sites:
            for label, value in measure(*site).items():
                measures.setdefault(label, {}).setdefault(
                    site[0], []).append(value)
    print(f"\n{'measure':<58} {'10k':>10} {'large':>10}")
    for label, by_site in measures.items():
        small, large = (statistics.median(by_site[s[0]]) for s in sites)
        counted = label.endswith('statements') or 'found' in label
        unit = '' if counted else ' ms'
        digits = 0 if counted else 1
        print(f"{label:<58} {small:>10.{digits}f} {large:>10.{digits}f}"
            f"{unit}")


def ensure_reference():
    "Tryton's sale_complaint, the reference of a numbered create"
    try:
        import trytond.modules.sale_complaint  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, '-m', 'pip', 'install', '-q',
                'trytond-sale_complaint~=8.0.0'], check=True)


def count_statements():
    "Count the SQL statements of the PostgreSQL backend's cursors"
    from trytond.backend.postgresql import database
    execute = database.LoggingCursor.execute

    def counting(self, *args, **kwargs):
        STATEMENTS[0] += 1
        return execute(self, *args, **kwargs)
    database.LoggingCursor.execute = counting


def build(name, tickets, customers):
    """A new database of name with tickets and customers (the one of an
    earlier run, if CS_BENCH_REUSE is set and it exists)"""
    import psycopg

    from devtools.database import create
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with psycopg.connect(os.environ['TRYTOND_DATABASE__URI'] + 'postgres',
            autocommit=True) as connection:
        exists = connection.execute('SELECT 1 FROM pg_database '
            'WHERE datname = %s', (name,)).fetchone()
        if exists and os.environ.get('CS_BENCH_REUSE'):
            pool = Pool(name)
            pool.init()
            with Transaction().start(name, 0):
                clerk, = pool.get('res.user').search([('login', '=', 'clerk')])
                company, = pool.get('company.company').search([])
                return name, pool, company.id, clerk.id
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text('[database]\n')
    create(config, name, ['cs_helpdesk', 'sale_complaint'])
    pool = Pool(name)
    pool.init()
    begin = time.perf_counter()
    with Transaction().start(name, 0) as transaction:
        company, clerk = setup(pool)
        load_customers(pool, customers)
        load_tickets(pool, tickets)
        # the statistics' totals of the tickets loaded in SQL
        pool.get('cs.helpdesk.statistics.total').compact(everything=True)
        transaction.commit()
    analyse(name)
    print(f"{name}: {customers:,} customers and {tickets:,} tickets "
        f"loaded in {time.perf_counter() - begin:.0f} s")
    return name, pool, company, clerk


def timed(run):
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def measure(name, pool, company, clerk):
    "One round of every measure on one database: label -> ms (or count)"
    from trytond.modules.cs_helpdesk.ticket import OPEN
    from trytond.transaction import Transaction

    # _check_access: the access rights and record rules of an RPC call
    context = {'company': company, 'language': 'en', '_check_access': True}
    result = {}
    with Transaction().start(name, clerk, context=context):
        Ticket = pool.get('cs.helpdesk.ticket')
        Party = pool.get('party.party')
        number = Ticket.search([], limit=1, order=[('id', 'DESC')])[0].number
        result["ticket list, first 80"] = timed(lambda: Ticket.search_read(
                [], limit=80, fields_names=LIST_FIELDS))
        result["  party list, first 80 (reference)"] = timed(
            lambda: Party.search_read(
                [], limit=80, fields_names=['name', 'code']))
        result["Overdue tab, first 80"] = timed(lambda: Ticket.search_read(
                [('sla_state', '=', 'breached'), ('state', 'in', OPEN)],
                limit=80, fields_names=LIST_FIELDS))
        for query in QUERIES + [number[:-3]] + PLANTED_QUERIES:
            label = 'number start' if query == number[:-3] else query
            if query in PLANTED_QUERIES:
                label = f"{label} ({PLANTED_TICKETS} tickets at both)"
            domain = [('rec_name', 'ilike', f'%{query}%')]
            result[f"search {label!r}"] = timed(
                lambda d=domain: Ticket.search_read(
                    d, limit=80, fields_names=LIST_FIELDS))
            result[f"  tickets found by {label!r}"] = Ticket.search_count(
                domain)
    for model, period in [('cs.helpdesk.statistics.type', 'month'),
            ('cs.helpdesk.statistics', 'quarter')]:
        with Transaction().start(name, clerk,
                context=dict(context, period=period, **YEAR)):
            Statistics = pool.get(model)
            result[f"statistics {model.split('.')[-1]} per {period}"] = (
                timed(lambda: Statistics.search_read([], fields_names=[
                            'period', 'count', 'breached', 'breach_rate',
                            'resolution_hours', 'rating'])))
    result.update(register(name, pool, clerk, context))
    return result


def register(name, pool, clerk, context):
    "A ticket saved registered, a draft registered, and the reference"
    from trytond.transaction import Transaction
    Ticket = pool.get('cs.helpdesk.ticket')
    Complaint = pool.get('sale.complaint')
    with Transaction().start(name, clerk, context=context):
        template, = Ticket.search([], order=[('id', 'ASC')], limit=1)
        # not a customer searched: their new tickets would add to the finds
        customer, = pool.get('party.party').search(
            [('name', '=', REGISTERED_CUSTOMER)])
        # the form's values as sao sends them (on_change_party's included)
        ticket_values = {'type': template.type.id,
            'channel': template.channel.id, 'party': customer.id,
            'language': customer.lang.id if customer.lang else None,
            'vip': bool(customer.cs_vip),
            'received_at': template.received_at,
            'description': "Benchmark request"}
        complaint_type = pool.get('sale.complaint.type').search([])[0].id
    desk = dict(context, cs_register=True)
    before, start = STATEMENTS[0], time.perf_counter()
    call(name, clerk, desk, lambda: Ticket.create([ticket_values]))
    saved_ms = (time.perf_counter() - start) * 1000
    saved_statements = STATEMENTS[0] - before
    before, start = STATEMENTS[0], time.perf_counter()
    ticket_id, = call(name, clerk, context,
        lambda: [t.id for t in Ticket.create([ticket_values])])
    call(name, clerk, context,
        lambda: Ticket.register(Ticket.browse([ticket_id])))
    draft_ms = (time.perf_counter() - start) * 1000
    draft_statements = STATEMENTS[0] - before
    before, start = STATEMENTS[0], time.perf_counter()
    call(name, clerk, context, lambda: Complaint.create([{
                    'customer': ticket_values['party'],
                    'type': complaint_type, 'date': dt.date(2026, 11, 23)}]))
    complaint_ms = (time.perf_counter() - start) * 1000
    return {
        "ticket saved registered at the desk (1 request)": saved_ms,
        "  draft created, then registered (2 requests)": draft_ms,
        "  sale.complaint create (reference)": complaint_ms,
        "ticket saved registered, SQL statements": saved_statements,
        "  draft created, then registered, SQL statements": draft_statements,
        "  sale.complaint create, SQL statements": STATEMENTS[0] - before,
        }


def call(name, user, context, method):
    """method() in a transaction of its own, as Tryton's dispatcher
    runs a request: started again with the locks a step asks for"""
    from trytond.transaction import Transaction, TransactionError
    extras = {}
    while True:
        with Transaction().start(
                name, user, context=context, **extras) as transaction:
            try:
                result = method()
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            return result


def setup(pool):
    "A company and a clerk of customer service (record rules apply)"
    from trytond.transaction import Transaction
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    company = create_company(pool)
    groups = [ModelData.get_id('cs_base', 'group_cs'),
        ModelData.get_id('sale', 'group_sale')]
    clerk, = User.create([{'name': "Clerk", 'login': 'clerk',
                'companies': [('add', [company.id])], 'company': company.id,
                'groups': [('add', groups)]}])
    Model = pool.get('ir.model')
    pool.get('sale.complaint.type').create([{'name': "Quality",
                'origin': Model.search([('name', '=', 'sale.sale')])[0].id}])
    pool.get('party.party').create([{'name': REGISTERED_CUSTOMER}])
    with Transaction().set_context(company=company.id):
        create_template_ticket(pool, company)
    return company.id, clerk.id


def create_company(pool):
    "A mall in Shanghai, in yuan"
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    currency, = Currency.create([{'name': "Yuan", 'code': 'CNY',
                'symbol': '¥'}])
    party, = Party.create([{'name': "Mall"}])
    company, = Company.create([{'party': party.id, 'currency': currency.id,
                'timezone': 'Asia/Shanghai'}])
    return company


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
    for i, (name, phone) in enumerate(PLANTED):
        rows.append((name, f'P{i}', True,
                search_key([name], [f'P{i}', phone])))
    for start in range(0, len(rows), 10_000):
        cursor.execute(*party.insert(
                [party.name, party.code, party.active, party.cs_search_key],
                rows[start:start + 10_000]))
    planted = {f'P{i}': phone for i, (_, phone) in enumerate(PLANTED)}
    cursor.execute(*party.select(party.id, party.code,
            where=party.code.like('B%') | party.code.like('P%')))
    mechanisms = []
    for id_, code in cursor:
        phone = planted.get(code) or f'+86138{int(code[1:]):08d}'
        mechanisms.append((id_, 'mobile', phone, phone, True))
    for start in range(0, len(mechanisms), 10_000):
        cursor.execute(*mechanism.insert(
                [mechanism.party, mechanism.type, mechanism.value,
                    mechanism.value_compact, mechanism.active],
                mechanisms[start:start + 10_000]))


def load_tickets(pool, count):
    """Tickets in SQL: copies of one registered through the ORM, each with
    its number, customer, date, periods, deadlines from the SLA's working
    calendar, one in five still open (the others resolved, one in ten of
    them late), and the key the ORM would store (number's and customer's)"""
    from trytond.transaction import Transaction
    cursor = Transaction().connection.cursor()
    Ticket = pool.get('cs.helpdesk.ticket')
    party = pool.get('party.party').__table__()
    cursor.execute(*party.select(party.id, where=party.code.like('B%'),
            order_by=party.id))
    parties = [p for p, in cursor]
    cursor.execute(*party.select(party.id, where=party.code.like('P%'),
            order_by=party.id))
    # each planted customer's tickets spread over the year, 20 at any size,
    # none taken from the customers searched (the first ones: 王芳, Иван
    # Петров)
    planted = {}
    for i, (id_,) in enumerate(cursor):
        for k in range(PLANTED_TICKETS):
            planted[(k * count) // PLANTED_TICKETS + 7 + i] = id_
    template, = Ticket.search([])
    sla, calendar = template.sla, template.sla.calendar
    fields = {
        'number': 'VARCHAR', 'party': 'INTEGER', 'received_at': 'TIMESTAMP',
        'received_month': 'DATE', 'received_quarter': 'DATE',
        'received_year': 'DATE', 'state': 'VARCHAR',
        'response_deadline': 'TIMESTAMP', 'resolution_deadline': 'TIMESTAMP',
        'at_risk_at': 'TIMESTAMP', 'resolved_at': 'TIMESTAMP',
        'resolution_hours': 'FLOAT', 'sla_breached': 'BOOLEAN',
        }
    columns = sorted(set(Ticket.__table_handler__()._columns) - {'id'})
    overrides = {name: f'r."{name}"' for name in fields}
    overrides.update({'create_date': 'r.received_at',
        'contact_name': 'NULL', 'contact_phone': 'NULL',
        'cs_search_key': (
            "'|' || LOWER(r.number) || SUBSTR(p.cs_search_key, 2)")})
    select = ', '.join(overrides.get(c, f't."{c}"') for c in columns)
    insert = (f'INSERT INTO "{Ticket._table}" ('
        + ', '.join(f'"{c}"' for c in columns) + f') SELECT {select} '
        'FROM bench_rows r JOIN party_party p ON p.id = r.party, '
        f'"{Ticket._table}" t WHERE t.id = {template.id}')
    cursor.execute('CREATE TEMP TABLE bench_rows ('
        + ', '.join(f'"{n}" {t}' for n, t in fields.items()) + ')')
    seconds = 365 * 24 * 3600 / count
    for begin in range(0, count, 10_000):
        cursor.execute('DELETE FROM bench_rows')
        rows = [ticket_row(n, planted.get(n) or parties[n % len(parties)],
                seconds, sla, calendar)
            for n in range(begin, min(begin + 10_000, count))]
        cursor.executemany('INSERT INTO bench_rows VALUES (%s)'
            % ', '.join(['%s'] * len(fields)), rows)
        cursor.execute(insert)
    cursor.execute('DROP TABLE bench_rows')


def ticket_row(n, party, seconds, sla, calendar):
    received = dt.datetime(2026, 1, 1, 1) + dt.timedelta(
        seconds=int(n * seconds))
    local = received + dt.timedelta(hours=8)  # the company's Asia/Shanghai
    month = local.date().replace(day=1)
    quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    resolution = calendar.add_working_hours(received, sla.resolution_hours)
    open_ = n % 5 == 0
    late = n % 10 == 1
    resolved = None if open_ else received + dt.timedelta(
        hours=sla.resolution_hours * (3 if late else 0.5))
    return (f'HD{n + 2:08d}', party, received, month,
        quarter, month.replace(month=1),
        'registered' if open_ else 'resolved',
        calendar.add_working_hours(received, sla.response_hours),
        resolution,
        calendar.add_working_hours(
            received, sla.resolution_hours * sla.at_risk_ratio),
        resolved,
        None if open_ else sla.resolution_hours * (3 if late else 0.5),
        False if open_ else late)


def analyse(name):
    from trytond.transaction import Transaction
    with Transaction().start(name, 0) as transaction:
        transaction.connection.autocommit = True
        transaction.connection.cursor().execute('VACUUM ANALYZE')
        transaction.connection.autocommit = False


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
