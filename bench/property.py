"""Benchmark of property handover at scale.

    .venv/bin/python bench/property.py [UNITS] [HANDOVERS]

Builds a database with cs_property_handover (SQLite in a temporary folder,
or the PostgreSQL server of TRYTOND_DATABASE__URI), then:
- imports UNITS units (default 2,000: an estate of 20 buildings) with
  Tryton's import (`import_data`, what the client's CSV import calls), the
  building, unit type and owner given by name;
- creates a batch and HANDOVERS handovers (default 500), inspects each
  (the unit type's 12-item checklist), answers the checklist with one
  failed item in ten units, and accepts them: every accepted unit gets one
  construction warranty per building part, its revisit plan and, for a
  failed item, a repair order;
- times the lists the property office opens: units to hand over, the
  handovers to inspect, the late owner files and a unit searched by number.
"""
import atexit
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATABASE = 'bench_property'
BUILDINGS = 20
BATCH = 50


def main(units=2_000, handovers=500):
    from devtools.database import create
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text('[database]\n')
    os.environ.setdefault('TRYTOND_DATABASE__PATH', str(folder))
    create(config, DATABASE, ['cs_property_handover'])

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(DATABASE)
    pool.init()
    with Transaction().start(DATABASE, 0) as transaction:
        company = setup(pool)
        transaction.commit()
    context = {'company': company, 'language': 'en'}

    with Transaction().start(DATABASE, 0, context=context) as transaction:
        rows = sheet(units)
        _, ms = timed(lambda: import_units(pool, rows))
        transaction.commit()
    print(f"imported {units:,} units in {ms / 1000:.1f} s "
        f"({units / ms * 1000:,.0f} units/s)")

    with Transaction().start(DATABASE, 0, context=context) as transaction:
        batch = open_batch(pool, company)
        transaction.commit()
    begin = time.perf_counter()
    done = 0
    while done < handovers:
        size = min(BATCH, handovers - done)
        with Transaction().start(DATABASE, 0, context=context) as transaction:
            hand_over(pool, batch, done, size)
            transaction.commit()
        done += size
    elapsed = time.perf_counter() - begin
    print(f"created, inspected and accepted {handovers:,} handovers in "
        f"{elapsed:.1f} s ({handovers / elapsed:,.1f} handovers/s: "
        f"12 checklist items, 10 warranties and their revisits each)")

    with Transaction().start(DATABASE, 0, context=context):
        measure_office(pool)


def timed(function):
    begin = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - begin) * 1000


def setup(pool):
    "A company, an estate of 20 buildings, a flat type, seasons"
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    Estate = pool.get('cs.property.estate')
    UnitType = pool.get('cs.property.unit.type')
    Part = pool.get('cs.warranty.part')
    Season = pool.get('cs.warranty.season')
    currency, = Currency.create([{'name': "Yuan", 'code': 'CNY',
                'symbol': '¥'}])
    party, = Party.create([{'name': "Property"}])
    company, = Company.create([{'party': party.id, 'currency': currency.id,
                'timezone': 'Asia/Shanghai'}])
    builder, = Party.create([{'name': "General Contractor"}])
    Estate.create([{
                'company': company.id, 'name': "Sun Garden", 'code': 'SG',
                'contractors': [('create', [{'party': builder.id,
                                'scope': "General", 'general': True}])],
                'buildings': [('create', [{'name': f'B{b:02d}', 'floors': 25}
                            for b in range(1, BUILDINGS + 1)])],
                }])
    parts = Part.search([])
    UnitType.create([{
                'name': "Two rooms", 'deposit': Decimal(3000),
                'checklist': [('create', [{
                                'room': f'Room {n // 4}', 'item': f'Item {n}',
                                'part': parts[n % len(parts)].id}
                            for n in range(12)])],
                }])
    Season.create([{'kind': kind, 'start_date': start, 'end_date': end}
            for kind, start, end in [
                ('heating', dt.date(2026, 10, 20), dt.date(2027, 4, 20)),
                ('cooling', dt.date(2027, 6, 1), dt.date(2027, 8, 31))]])
    Party.create([{'name': f"Owner {n:05d}"} for n in range(2_000)])
    return company.id


def sheet(units):
    "The rows of the developer's sheet of units"
    per_building = units // BUILDINGS
    return [[f'B{n // per_building + 1:02d}',
            f'{n % per_building // 4 + 1:02d}{n % 4 + 1:02d}',
            str(n % per_building // 4 + 1), "Two rooms", '89.50',
            f"Owner {n % 2_000:05d}", 'sold']
        for n in range(units)]


def import_units(pool, rows):
    Unit = pool.get('cs.property.unit')
    return Unit.import_data(
        ['building', 'number', 'floor', 'unit_type', 'area', 'owner',
            'state'], rows)


def open_batch(pool, company):
    Batch = pool.get('cs.handover.batch')
    Estate = pool.get('cs.property.estate')
    estate, = Estate.search([])
    today = pool.get('ir.date').today()
    batch, = Batch.create([{'company': company, 'name': "Phase 1",
                'estate': estate.id, 'start_date': today,
                'end_date': today + dt.timedelta(days=60)}])
    Batch.generate_plan([batch])
    Batch.approve([batch])
    Batch.open([batch])
    return batch.id


def hand_over(pool, batch, done, size):
    Unit = pool.get('cs.property.unit')
    Handover = pool.get('cs.handover')
    units = Unit.search([], offset=done, limit=size, order=[('id', 'ASC')])
    handovers = Handover.create([{
                'batch': batch, 'unit': u.id, 'party': u.owner.id,
                'documents_signed': True, 'owner_card': True,
                'service_agreement': True, 'management_statute': True,
                } for u in units])
    Handover.inspect(handovers)
    lines = []
    for n, handover in enumerate(handovers):
        for line in handover.lines:
            line.result = 'pass'
        if (done + n) % 10 == 0:
            handover.lines[0].result = 'fail'
            handover.lines[0].note = "Scratch"
        lines.extend(handover.lines)
    pool.get('cs.handover.line').save(lines)
    Handover.accept(handovers)


def measure_office(pool):
    Unit = pool.get('cs.property.unit')
    Handover = pool.get('cs.handover')
    for name, model, domain, fields in [
            ("units to hand over", Unit,
                [('state', 'in', ['unsold', 'sold'])],
                ['building', 'number', 'owner', 'state']),
            ("a unit searched by number", Unit,
                [('rec_name', 'ilike', '%0803%')],
                ['building', 'number', 'owner', 'state']),
            ("handovers to inspect", Handover,
                [('state', 'in', ['draft', 'inspecting'])],
                ['unit', 'party', 'state']),
            ("late owner files", Handover, [('file_late', '=', True)],
                ['unit', 'party', 'owner_data_deadline']),
            ]:
        page, ms = timed(lambda: model.search_read(
                domain, limit=80, fields_names=fields))
        total = model.search_count(domain)
        print(f"{name}: first page {len(page)} of {total:,} in {ms:.0f} ms")


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
