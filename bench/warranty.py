"""Benchmark of warranties and repair orders at scale.

    .venv/bin/python bench/warranty.py [WARRANTIES] [REPAIRS]

Builds a database with cs_warranty (SQLite in a temporary folder, or the
PostgreSQL server of TRYTOND_DATABASE__URI), then:
- registers WARRANTIES product warranties (default 100,000: phones and
  appliances with serial numbers, bought over two years by 20,000 customers)
  through the ORM in transactions of 500, each checked against the open
  coverage of its serial number;
- takes in REPAIRS repair orders (default 20,000) and moves each through
  the whole workflow (received, diagnosed, approved, in repair, quality
  check, done), every step locked, checked and logged;
- times what the repair desk does all day: a serial number typed at intake,
  the warranties expiring within 30 days, everything one customer is covered
  for, the first page of the open orders, the entitlement of a warranty with
  its repair history, and the statistics of the year per month and per
  category.
"""
import atexit
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 500
DATABASE = 'bench_warranty'
CUSTOMERS = 20_000
TODAY = dt.date(2026, 11, 24)


def main(warranties=100_000, repairs=20_000):
    from devtools.database import create
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text('[database]\n')
    os.environ.setdefault('TRYTOND_DATABASE__PATH', str(folder))
    create(config, DATABASE, ['cs_warranty'])

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(DATABASE)
    pool.init()
    with Transaction().start(DATABASE, 0) as transaction:
        company, products, parties = setup(pool)
        transaction.commit()
    context = {'company': company, 'language': 'en'}

    def batches(count, load, size=BATCH):
        done = 0
        begin = time.perf_counter()
        while done < count:
            n = min(size, count - done)
            with Transaction().start(
                    DATABASE, 0, context=context) as transaction:
                load(pool, company, products, parties, done, n)
                transaction.commit()
            done += n
        return time.perf_counter() - begin

    elapsed = batches(warranties, warranty_batch)
    print(f"registered {warranties:,} warranties in {elapsed:.1f} s "
        f"({warranties / elapsed:,.0f} warranties/s)")
    elapsed = batches(repairs, repair_batch, size=100)
    print(f"took in and repaired {repairs:,} orders in {elapsed:.1f} s "
        f"({repairs / elapsed:,.0f} orders/s, 7 steps each)")

    year = {'from_date': dt.date(2026, 1, 1), 'to_date': dt.date(2026, 12, 31)}
    with Transaction().start(DATABASE, 0, context=dict(context, **year)):
        measure_desk(pool, parties)


def timed(function):
    begin = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - begin) * 1000


def measure_desk(pool, parties):
    Warranty = pool.get('cs.warranty')
    Order = pool.get('cs.repair.order')
    fields = ['party', 'product', 'serial', 'purchase_date', 'warranty_end']
    for name, model, domain in [
            ("serial typed at intake", Warranty,
                [('serial', '=', 'SN0054321')]),
            ("warranties expiring within 30 days", Warranty,
                [('warranty_end', '>=', TODAY),
                    ('warranty_end', '<=', TODAY + dt.timedelta(days=30))]),
            ("everything one customer is covered for", Warranty,
                [('party', '=', parties[4321]),
                    ('warranty_end', '>=', TODAY)]),
            ("warranty searched by customer name", Warranty,
                [('rec_name', 'ilike', '%Customer 04321%')]),
            ]:
        page, ms = timed(lambda: model.search_read(
                domain, limit=80, fields_names=fields))
        total = model.search_count(domain)
        print(f"{name}: first page {len(page)} of {total:,} in {ms:.0f} ms")
    domain = [('state', 'not in', ['done', 'accepted', 'cancelled'])]
    page, ms = timed(lambda: Order.search_read(domain, limit=80,
            fields_names=['number', 'party', 'fault', 'state',
                'promised_date']))
    print(f"open repair orders: first page {len(page)} of "
        f"{Order.search_count(domain):,} in {ms:.0f} ms")
    order, = Order.search([], limit=1, order=[('id', 'ASC')])
    _, ms = timed(lambda: Order(order.id).entitled)
    print(f"entitlement of a warranty with its repair history: {ms:.0f} ms")
    for model, fields in [
            ('cs.repair.statistics',
                ['period', 'product', 'fault', 'remedy', 'count']),
            ('cs.repair.statistics.category',
                ['period', 'category', 'remedy', 'count'])]:
        Statistics = pool.get(model)
        rows, ms = timed(
            lambda: Statistics.search_read([], fields_names=fields))
        print(f"{model}: {len(rows)} rows of the year in {ms:.0f} ms")


def setup(pool):
    "A company in Shanghai, two categories of products, the customers"
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    Category = pool.get('product.category')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    currency, = Currency.create([{'name': "Yuan", 'code': 'CNY',
                'symbol': '¥'}])
    party, = Party.create([{'name': "Mall"}])
    company, = Company.create([{'party': party.id, 'currency': currency.id,
                'timezone': 'Asia/Shanghai'}])
    unit, = Uom.search([('symbol', '=', 'u')])
    products = []
    for category_name, names in [
            ("Phones", ["Xiaomi 14", "Huawei P70", "Honor 200"]),
            ("Appliances", ["Midea Kettle", "Gree Fan", "Haier Fridge"])]:
        category, = Category.create([{'name': category_name}])
        for name in names:
            template, = Template.create([{
                        'name': name, 'default_uom': unit.id,
                        'cs_warranty': True,
                        'categories': [('add', [category.id])],
                        'products': [('create', [{}])]}])
            products.append(template.products[0].id)
    parties = []
    for start in range(0, CUSTOMERS, 1000):
        parties.extend(p.id for p in Party.create([
                    {'name': f"Customer {n:05d}"}
                    for n in range(start, start + 1000)]))
    return company.id, products, parties


def warranty_batch(pool, company, products, parties, done, size):
    "Warranties bought over the two years before today"
    Warranty = pool.get('cs.warranty')
    Policy = pool.get('cs.warranty.policy')
    policy, = Policy.search([], limit=1)
    vlist = []
    for n in range(done, done + size):
        bought = TODAY - dt.timedelta(days=n % 730)
        vlist.append({
                'company': company, 'party': parties[n % len(parties)],
                'product': products[n % len(products)], 'policy': policy.id,
                'serial': f'SN{n:07d}',
                'purchase_date': bought, 'start_date': bought})
    Warranty.create(vlist)


def repair_batch(pool, company, products, parties, done, size):
    "Orders of the year, each taken through every step of a free repair"
    Order = pool.get('cs.repair.order')
    Warranty = pool.get('cs.warranty')
    warranties = Warranty.search(
        [('serial', 'in', [f'SN{n * 3:07d}'
                    for n in range(done, done + size)])],
        order=[('serial', 'ASC')])
    at = dt.datetime(2026, 1, 5, 2) + dt.timedelta(days=done // 70 % 320)
    with patch('trytond.modules.cs_base.workflow.clock', return_value=at):
        orders = Order.create([{
                    'company': company, 'party': w.party.id,
                    'warranty': w.id, 'serial': w.serial,
                    'fault': ['黑屏', '不加热', '异响', '漏水'][n % 4],
                    'fault_description': "Fault found by the customer",
                    'fault_date': max(at.date(), w.purchase_date),
                    'service_mode': 'in_shop'}
                for n, w in enumerate(warranties)])
        Order.receive(orders)
        paid = []
        for order in orders:
            allowed = [r for r, _ in order.entitlement()]
            order.remedy = 'repair' if 'repair' in allowed else 'paid_repair'
            if order.remedy == 'paid_repair':
                paid.append(order)
        Order.save(orders)
        for order in paid:
            order.lines = [{'kind': 'labour', 'description': "Labour",
                    'quantity': 1, 'unit_price': 50}]
        Order.save(paid)
        Order.accept_quote(paid)
        Order.diagnose(orders)
        Order.approve(orders)
        Order.write(orders, {'contractor': parties[0]})
        Order.start_repair(orders)
        Order.write(orders, {'repair_note': "Part replaced"})
        Order.submit_check(orders)
        Order.pass_check(orders)


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
