"""Benchmark of the working calendar's deadline arithmetic.

    .venv/bin/python bench/working_calendar.py [CALLS]

Builds a SQLite database with cs_base, fills China's holidays, then times
CALLS (default 100,000) calls of cs.calendar.add_working_hours and of
working_hours_between, with starts spread over a year (UTC, as Tryton stores
them) and durations from 0 to 40 working hours.
"""
import atexit
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(calls=100_000, profile=0):
    from devtools.database import create
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text(f'[database]\nuri = sqlite://\npath = {folder}\n')
    create(config, 'bench', ['cs_base'])

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool('bench')
    pool.init()
    random.seed(1)
    starts = [dt.datetime(2026, 1, 1) + dt.timedelta(
            minutes=random.randrange(365 * 24 * 60)) for _ in range(calls)]
    hours = [random.choice([0, 0.5, 1, 2, 4, 8, 16, 24, 40])
        for _ in range(calls)]
    with Transaction().start('bench', 0):
        Calendar = pool.get('cs.calendar')
        Fill = pool.get('cs.calendar.fill_holidays', type='wizard')
        # the office calendar: 09:00-12:00, 13:00-18:00, Monday to Friday
        calendar = Calendar.search([], order=[('id', 'ASC')], limit=1)[0]
        session_id, _, _ = Fill.create()
        fill = Fill(session_id)
        fill.start.country, fill.start.year = 'CN', 2026
        with Transaction().set_context(
                active_model='cs.calendar', active_id=calendar.id,
                active_ids=[calendar.id]):
            fill.transition_fill()
        calendar = Calendar(calendar.id)
        print(f"calendar: {len(calendar.hours)} intervals a week, "
            f"{len(calendar.days)} holidays and moved working days")

        if profile:
            import cProfile
            cProfile.runctx(
                'for s, h in zip(starts, hours): '
                'calendar.add_working_hours(s, h)',
                globals(), locals(), sort='tottime')
        begin = time.perf_counter()
        ends = [calendar.add_working_hours(s, h)
            for s, h in zip(starts, hours)]
        add = time.perf_counter() - begin

        begin = time.perf_counter()
        spans = [calendar.working_hours_between(s, e)
            for s, e in zip(starts, ends)]
        between = time.perf_counter() - begin
        assert all(
            span == dt.timedelta(hours=h) for span, h in zip(spans, hours))
    print(f"add_working_hours:     {calls:,} calls in {add:.2f} s "
        f"({calls / add:,.0f} calls/s)")
    print(f"working_hours_between: {calls:,} calls in {between:.2f} s "
        f"({calls / between:,.0f} calls/s)")


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
