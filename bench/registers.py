"""Benchmark of the desk's registers at scale.

    .venv/bin/python bench/registers.py [DEPOSITS] [ITEMS]

Builds a database with cs_helpdesk and cs_desk (SQLite in a temporary
folder, or the PostgreSQL server of TRYTOND_DATABASE__URI), then:
- deposits DEPOSITS bags (default 150,000: a year of a busy mall) through the
  ORM in transactions of 100 and hands nearly all of them back against their
  tag; a few stay at the desk;
- registers ITEMS found items (default 20,000), stores them, hands half of
  them back to verified claimants and disposes of a quarter;
- times what the counter does all day: the first page of the bags at the
  desk, the bags left after closing, a tag typed in the search box, a new
  deposit checked against the open tags, the unclaimed items, and the
  statistics of the year (deposits per day, lost and found per month).
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
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 100
DATABASE = 'bench_registers'


def at(moment):
    return patch('trytond.modules.cs_base.workflow.clock',
        return_value=moment)


def main(deposits=150_000, items=20_000):
    from devtools.database import create
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text('[database]\n')
    os.environ.setdefault('TRYTOND_DATABASE__PATH', str(folder))
    create(config, DATABASE, ['cs_helpdesk', 'cs_desk'])

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(DATABASE)
    pool.init()
    with Transaction().start(DATABASE, 0) as transaction:
        company = setup(pool)
        transaction.commit()
    context = {'company': company, 'language': 'en'}
    random.seed(1)

    def batches(count, load):
        done = 0
        begin = time.perf_counter()
        while done < count:
            size = min(BATCH, count - done)
            with Transaction().start(
                    DATABASE, 0, context=context) as transaction:
                load(pool, company, done, size)
                transaction.commit()
            done += size
        return time.perf_counter() - begin

    elapsed = batches(deposits, deposit_batch)
    print(f"deposited and handed back {deposits:,} bags in {elapsed:.1f} s "
        f"({deposits / elapsed:,.0f} deposits/s)")
    elapsed = batches(items, item_batch)
    print(f"registered and closed {items:,} found items in {elapsed:.1f} s "
        f"({items / elapsed:,.0f} items/s)")

    evening = dt.datetime(2026, 12, 31, 14)  # 22:00 in Shanghai
    with Transaction().start(DATABASE, 0, context=context), at(evening):
        measure_counter(pool)
    year = {'from_date': dt.date(2026, 1, 1), 'to_date': dt.date(2026, 12, 31)}
    with Transaction().start(DATABASE, 0, context=dict(context, **year)):
        for model, fields in [
                ('cs.storage.statistics',
                    ['period', 'count', 'pieces', 'collected', 'transferred']),
                ('cs.lost_found.statistics',
                    ['period', 'found', 'claimed', 'disposed'])]:
            Statistics = pool.get(model)
            rows, ms = timed(
                lambda: Statistics.search_read([], fields_names=fields))
            print(f"{model}: {len(rows)} rows of the year in {ms:.0f} ms")


def timed(function):
    begin = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - begin) * 1000


def measure_counter(pool):
    Deposit = pool.get('cs.storage.ticket')
    Item = pool.get('cs.lost_found.item')
    fields = ['tag', 'locker', 'items_description', 'pieces',
        'contact_name', 'deposited_at', 'state']
    for name, domain in [
            ("bags at the desk", [('state', '=', 'deposited')]),
            ("bags left after closing", [('overdue', '=', True)]),
            ("tag typed in the search box", [('rec_name', 'ilike', 'T01234')]),
            ]:
        page, ms = timed(lambda: Deposit.search_read(
                domain, limit=80, fields_names=fields))
        total = Deposit.search_count(domain)
        print(f"{name}: first page {len(page)} of {total:,} in {ms:.0f} ms")
    times = []
    for n in range(20):
        _, ms = timed(lambda: Deposit.create([{
                        'tag': f'N{n:03d}', 'items_description': "Bag",
                        'contact_name': "Walk-in", 'contact_phone': '1'}]))
        times.append(ms)
    print(f"new deposit checked against the open tags: median "
        f"{statistics.median(times):.1f} ms")
    page, ms = timed(lambda: Item.search_read(
            [('state', 'in', ['stored', 'publicised'])], limit=80,
            fields_names=['number', 'category', 'description', 'found_at']))
    total = Item.search_count([('state', 'in', ['stored', 'publicised'])])
    print(f"unclaimed items: first page {len(page)} of {total:,} "
        f"in {ms:.0f} ms")


def setup(pool):
    "A company in Shanghai"
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    currency, = Currency.create([{'name': "Yuan", 'code': 'CNY',
                'symbol': '¥'}])
    party, = Party.create([{'name': "Mall"}])
    company, = Company.create([{'party': party.id, 'currency': currency.id,
                'timezone': 'Asia/Shanghai'}])
    return company.id


def deposit_batch(pool, company, done, size):
    "A hundred bags (about 410 a day); all but one in 200 are collected"
    Deposit = pool.get('cs.storage.ticket')
    day = dt.datetime(2026, 1, 1, 1) + dt.timedelta(days=done // 410 % 365)
    with at(day):
        deposits = Deposit.create([{
                    'company': company,
                    'tag': f'T{(done + i) % 10_000:05d}',
                    'locker': f'L-{i % 40:02d}',
                    'items_description': "Backpack",
                    'pieces': 1 + i % 3,
                    'contact_name': "Customer",
                    'contact_phone': '13800000000',
                    'deposited_at': day + dt.timedelta(minutes=i * 4),
                    } for i in range(size)])
    left = [d for i, d in enumerate(deposits) if (done + i) % 200 == 199]
    Deposit.write(left, {'tag': f'LEFT{done}'})
    collected = [d for d in deposits if d not in left]
    with at(day + dt.timedelta(hours=8)):
        for deposit in collected:
            Deposit.do_collect([deposit], deposit.tag)


def item_batch(pool, company, done, size):
    "A hundred found items; half claimed, a quarter disposed of later"
    Item = pool.get('cs.lost_found.item')
    day = dt.datetime(2026, 1, 1, 2) + dt.timedelta(days=done // 70 % 260)
    with at(day):
        items = Item.create([{
                    'company': company,
                    'category': random.choice(
                        ['wallet', 'phone', 'keys', 'bag', 'other']),
                    'description': "Found item",
                    'found_at': day + dt.timedelta(minutes=i),
                    'found_place': "Floor 1",
                    'finder_name': "Cleaner",
                    'storage_place': "Safe",
                    'claimant_name': "Owner",
                    'claimant_identity': "ID 1",
                    'claim_description': "Found item",
                    'identity_checked': True,
                    'description_checked': True,
                    'receipt_signed': True,
                    } for i in range(size)])
        Item.store(items)
    with at(day + dt.timedelta(days=1)):
        Item.hand_over(items[:size // 2])
    with at(day + dt.timedelta(days=100)):
        Item.do_dispose(items[size // 2:size * 3 // 4], 'charity', None)


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
