"""Benchmark of membership at scale.

    .venv/bin/python bench/membership.py [MEMBERS] [LINES]

Builds a database with cs_membership (SQLite in a temporary folder, or the
PostgreSQL server of TRYTOND_DATABASE__URI), then:
- signs up MEMBERS members (default 100,000) through the ORM, cards
  numbered by the sequence, in transactions of 1,000;
- loads LINES ledger lines (default 2,000,000: 20 sales a member over
  two years) with one SQL insert per 5,000 rows — the ORM path of a line
  (`Card.add_points`, locked) is timed separately on 2,000 lines — and sets
  the balances in SQL;
- times: the balance of one member found by card number, the top 100 by
  balance, the members whose points expire next month, a redemption, the
  daily expiry job (first run and the next day), and the tier review of
  everyone (the points of 12 months in one SQL query, then the changed
  cards written per tier).
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATABASE = 'bench_membership'


def main(members=100_000, lines=2_000_000):
    from devtools.database import create
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text('[database]\n')
    os.environ.setdefault('TRYTOND_DATABASE__PATH', str(folder))
    create(config, DATABASE, ['cs_membership'])

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(DATABASE)
    pool.init()
    with Transaction().start(DATABASE, 0) as transaction:
        company = setup(pool)
        transaction.commit()
    context = {'company': company, 'language': 'en'}

    begin = time.perf_counter()
    for start in range(0, members, 1000):
        with Transaction().start(DATABASE, 0, context=context) as transaction:
            sign_up(pool, start, min(1000, members - start))
            transaction.commit()
    elapsed = time.perf_counter() - begin
    print(f"signed up {members:,} members in {elapsed:.1f} s "
        f"({members / elapsed:,.0f} members/s)")

    Card = pool.get('cs.membership.card')
    with Transaction().start(DATABASE, 0, context=context):
        cards = [c.id for c in Card.search([], limit=1_000)]
    begin = time.perf_counter()
    for card_id in cards:
        for points, reason in [(500, 'sale'), (-100, 'redemption')]:
            in_transaction(context, lambda: Card.add_points(
                    Card(card_id), points, reason))
    elapsed = time.perf_counter() - begin
    print(f"2,000 ledger lines through Card.add_points, one request each "
        f"(card locked, balance kept): {elapsed:.1f} s "
        f"({2_000 / elapsed:,.0f} lines/s)")

    with Transaction().start(DATABASE, 0, context=context) as transaction:
        _, ms = timed(lambda: bulk_lines(pool, lines))
        transaction.commit()
    print(f"loaded {lines:,} ledger lines in SQL in {ms / 1000:.1f} s")

    with Transaction().start(DATABASE, 0, context=context) as transaction:
        top_id = measure(pool)
        transaction.commit()
    _, ms = timed(lambda: in_transaction(context, lambda: Card.add_points(
                Card(top_id), -100, 'redemption')))
    print(f"one redemption (transaction, lock, check, line, balance): "
        f"{ms:.1f} ms")
    today = dt.date.today()
    for day in [today, today + dt.timedelta(days=1)]:
        _, ms = timed(lambda: in_transaction(
                context, lambda: Card.expire_points(day)))
        print(f"daily points expiry job for {day}: {ms:.0f} ms")
    _, ms = timed(lambda: in_transaction(context, Card.review_tiers))
    with Transaction().start(DATABASE, 0, context=context):
        tiers = tier_counts(pool)
    print(f"tier review of every member: {ms / 1000:.1f} s ({tiers})")


def tier_counts(pool):
    "{tier name: cards}, counted in SQL"
    from sql.aggregate import Count

    from trytond.transaction import Transaction
    Card = pool.get('cs.membership.card')
    Tier = pool.get('cs.membership.tier')
    card = Card.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*card.select(card.tier, Count(card.id),
            group_by=[card.tier]))
    return {Tier(t).name: n for t, n in cursor}


def timed(function):
    begin = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - begin) * 1000


def setup(pool):
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    currency, = Currency.create([{'name': "Yuan", 'code': 'CNY',
                'symbol': '¥'}])
    party, = Party.create([{'name': "Mall"}])
    company, = Company.create([{'party': party.id, 'currency': currency.id,
                'timezone': 'Asia/Shanghai'}])
    return company.id


def sign_up(pool, start, size):
    Party = pool.get('party.party')
    Card = pool.get('cs.membership.card')
    parties = Party.create([{'name': f"Member {n:06d}"}
            for n in range(start, start + size)])
    Card.create([{'member': p.id} for p in parties])


def in_transaction(context, function):
    """Run function in a transaction as the server does: a lock asked for
    records already read restarts the transaction with them locked"""
    from trytond.transaction import Transaction, TransactionError
    extras = {}
    while True:
        try:
            with Transaction().start(DATABASE, 0, context=context,
                    **extras) as transaction:
                result = function()
                transaction.commit()
                return result
        except TransactionError as error:
            error.fix(extras)


def bulk_lines(pool, count):
    "Sales over the last two years, then the balances, in SQL"
    from sql.aggregate import Sum

    from trytond.transaction import Transaction
    Card = pool.get('cs.membership.card')
    Line = pool.get('cs.membership.points.line')
    line = Line.__table__()
    card = Card.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*card.select(card.id))
    card_ids = [r[0] for r in cursor]
    random.seed(1)
    today = dt.date.today()
    columns = [line.card, line.date, line.points, line.reason,
        line.expires_on, line.create_uid, line.create_date]
    now = dt.datetime.now()
    # 5,000 rows of 7 values: PostgreSQL takes at most 65,535 parameters
    for start in range(0, count, 5_000):
        rows = []
        for n in range(start, min(start + 5_000, count)):
            date = today - dt.timedelta(days=random.randrange(730))
            rows.append([card_ids[n % len(card_ids)], date,
                    random.randrange(10, 3000), 'sale',
                    date + dt.timedelta(days=730), 0, now])
        cursor.execute(*line.insert(columns, rows))
    balances = line.select(line.card.as_('card'),
        Sum(line.points).as_('total'), group_by=[line.card])
    cursor.execute(*card.update([card.balance],
            [balances.select(balances.total,
                    where=balances.card == card.id)],
            where=card.id.in_(line.select(line.card))))


def measure(pool):
    Card = pool.get('cs.membership.card')
    Expiring = pool.get('cs.membership.points.expiring')
    number = Card.search([], offset=Card.search_count([]) // 2, limit=1,
        order=[('id', 'ASC')])[0].number
    result, ms = timed(lambda: Card.search_read(
            [('number', '=', number)], fields_names=['balance', 'tier']))
    print(f"balance of one member by card number: {ms:.0f} ms "
        f"({result[0]['balance']:,} points)")
    top, ms = timed(lambda: Card.search_read([], limit=100,
            order=[('balance', 'DESC')],
            fields_names=['number', 'member', 'balance']))
    print(f"top 100 members by balance: {ms:.0f} ms "
        f"(first {top[0]['balance']:,} points)")
    rows, ms = timed(lambda: Expiring.search_read([], limit=80,
            fields_names=['card', 'member', 'points']))
    print(f"members whose points expire next month: first page "
        f"{len(rows)} in {ms:.0f} ms")
    return top[0]['id']


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
