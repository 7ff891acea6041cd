# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt
import os
import tempfile
import time
import unittest

import polib

from trytond import backend
from trytond.exceptions import UserError, UserWarning
from trytond.filestore import filestore
from trytond.model.exceptions import SQLConstraintError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, create_employee, set_company)
from trytond.modules.cs_base.calendar_ import WorkingSchedule, public_days
from trytond.modules.cs_base.exceptions import (
    CalendarError, IdentityDocumentError, RevisitError, SatisfactionError)
from trytond.modules.cs_base.search import (
    KEY_STATISTICS, KEYS_AT_ONCE, PENDING_LIST_KB, folded_before, glob_pattern)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.modules.party.tests import (
    PartyCheckEraseMixin, PartyCheckReplaceMixin)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

D = dt.datetime
T = dt.time
OFFICE = {d: [(T(9), T(12)), (T(13), T(18))] for d in range(5)}


class WorkingScheduleTestCase(unittest.TestCase):
    "Working-time arithmetic in local time, without a database"

    def setUp(self):
        # 2026: 1 Oct (Thu) - 7 Oct holidays, Sat 10 Oct a working day
        holidays = {dt.date(2026, 10, d) for d in range(1, 8)}
        holidays |= {dt.date(2027, 1, 1)}
        self.schedule = WorkingSchedule(
            OFFICE, holidays, {dt.date(2026, 10, 10): 0})

    def add(self, start, hours):
        return self.schedule.add(start, dt.timedelta(hours=hours))

    def test_offsets_of_a_day_are_exact_across_a_change(self):
        """The conversions looked up per day equal the time zone's own,
        on the days a zone moves its clocks and around them"""
        from trytond.tools import timezone as tz
        for name in ['Europe/Berlin', 'Asia/Shanghai', 'Europe/Moscow']:
            zone = tz.get_tzinfo(name)
            schedule = WorkingSchedule(OFFICE, tzinfo=zone)
            moment = D(2011, 3, 25)
            while moment < D(2011, 4, 2):
                exact = moment.replace(tzinfo=tz.UTC).astimezone(
                    zone).replace(tzinfo=None)
                self.assertEqual(schedule.to_local(moment), exact, name)
                self.assertEqual(schedule.to_utc(exact), moment, name)
                moment += dt.timedelta(minutes=17)

    def test_within_one_interval(self):
        self.assertEqual(self.add(D(2026, 11, 23, 9), 2), D(2026, 11, 23, 11))

    def test_across_lunch_break(self):
        self.assertEqual(
            self.add(D(2026, 11, 23, 11), 2), D(2026, 11, 23, 14))

    def test_eight_hours_is_one_working_day(self):
        self.assertEqual(self.add(D(2026, 11, 23, 9), 8), D(2026, 11, 23, 18))
        self.assertEqual(
            self.add(D(2026, 11, 23, 10), 8), D(2026, 11, 24, 10))

    def test_start_before_opening(self):
        self.assertEqual(self.add(D(2026, 11, 23, 6), 1), D(2026, 11, 23, 10))

    def test_start_in_lunch_break(self):
        self.assertEqual(
            self.add(D(2026, 11, 23, 12, 30), 1), D(2026, 11, 23, 14))

    def test_start_after_closing(self):
        self.assertEqual(
            self.add(D(2026, 11, 23, 20), 1), D(2026, 11, 24, 10))

    def test_across_weekend(self):
        # Friday 17:00 + 3h -> Monday 11:00
        self.assertEqual(self.add(D(2026, 11, 27, 17), 3), D(2026, 11, 30, 11))

    def test_start_on_weekend(self):
        self.assertEqual(self.add(D(2026, 11, 28, 10), 1), D(2026, 11, 30, 10))

    def test_start_on_holiday(self):
        # Golden week: Thursday 1 Oct is a holiday, the desk reopens Thursday 8
        self.assertEqual(self.add(D(2026, 10, 1, 10), 1), D(2026, 10, 8, 10))

    def test_moved_working_day(self):
        # Friday 9 Oct 17:00 + 2h: Saturday 10 Oct is worked as a Monday
        self.assertEqual(self.add(D(2026, 10, 9, 17), 2), D(2026, 10, 10, 10))

    def test_across_year_end(self):
        # Thursday 31 Dec 2026 17:00 + 2h: 1 Jan holiday, then the weekend
        self.assertEqual(self.add(D(2026, 12, 31, 17), 2), D(2027, 1, 4, 10))

    def test_zero_hours_is_start(self):
        self.assertEqual(self.add(D(2026, 11, 28, 3), 0), D(2026, 11, 28, 3))

    def test_fractional_hours(self):
        self.assertEqual(
            self.add(D(2026, 11, 23, 11, 45), 0.5), D(2026, 11, 23, 13, 15))
        self.assertEqual(
            self.add(D(2026, 11, 23, 9), 1 / 60), D(2026, 11, 23, 9, 1))

    def test_negative_hours_refused(self):
        with self.assertRaises(ValueError):
            self.add(D(2026, 11, 23, 9), -1)

    def test_no_working_time(self):
        with self.assertRaises(OverflowError):
            WorkingSchedule({}).add(D(2026, 1, 1), dt.timedelta(hours=1))

    def test_between_same_day(self):
        self.assertEqual(
            self.schedule.between(D(2026, 11, 23, 8), D(2026, 11, 23, 14)),
            dt.timedelta(hours=4))

    def test_between_across_holidays(self):
        self.assertEqual(
            self.schedule.between(D(2026, 9, 30, 17), D(2026, 10, 8, 10)),
            dt.timedelta(hours=2))

    def test_between_moved_working_day(self):
        self.assertEqual(
            self.schedule.between(D(2026, 10, 10, 0), D(2026, 10, 11, 0)),
            dt.timedelta(hours=8))

    def test_between_reversed_is_negative(self):
        self.assertEqual(
            self.schedule.between(D(2026, 11, 23, 14), D(2026, 11, 23, 8)),
            -dt.timedelta(hours=4))

    def test_between_inverts_add(self):
        start = D(2026, 12, 30, 16, 20)
        for hours in [0, 0.25, 1, 7.5, 8, 13, 40, 100]:
            end = self.add(start, hours)
            self.assertEqual(
                self.schedule.between(start, end),
                dt.timedelta(hours=hours), hours)


def _days(text):
    "The dates of 'MM-DD MM-DD..MM-DD …' in a year: (year, text) → set"
    year, spans = text
    days = set()
    for span in spans.split():
        first, _, last = span.partition('..')
        day = dt.date.fromisoformat(f'{year}-{first}')
        end = dt.date.fromisoformat(f'{year}-{last or first}')
        while day <= end:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


# The official calendars: (days off, weekend days worked) of each year.
# China: the State Council's notices (国办发明电〔2023〕7号, 〔2024〕12号,
# 〔2025〕7号); Russia: the government's decrees on the transfer of days
# off (production calendars: No. 1905 of 10.08.2023, No. 1335 of
# 04.10.2024, No. 1466 of 24.09.2025).
OFFICIAL = {
    ('CN', 2024): (
        '01-01 02-10..02-17 04-04..04-06 05-01..05-05 06-10 09-15..09-17 '
        '10-01..10-07',
        '02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12'),
    ('CN', 2025): (
        '01-01 01-28..02-04 04-04..04-06 05-01..05-05 05-31..06-02 '
        '10-01..10-08',
        '01-26 02-08 04-27 09-28 10-11'),
    ('CN', 2026): (
        '01-01..01-03 02-15..02-23 04-04..04-06 05-01..05-05 06-19..06-21 '
        '09-25..09-27 10-01..10-07',
        '01-04 02-14 02-28 05-09 09-20 10-10'),
    ('RU', 2024): (
        '01-01..01-08 02-23 03-08 04-29..05-01 05-09..05-10 06-12 11-04 '
        '12-30..12-31',
        '04-27 11-02 12-28'),
    ('RU', 2025): (
        '01-01..01-08 02-23 03-08 05-01..05-04 05-08..05-11 06-12..06-15 '
        '11-02..11-04 12-31',
        '11-01'),
    ('RU', 2026): (
        '01-01..01-11 02-23 03-08..03-09 05-01..05-03 05-09..05-11 '
        '06-12..06-14 11-04 12-31',
        ''),
    }


class PublicDaysTestCase(unittest.TestCase):
    "Public holidays and moved working days from the maintained libraries"

    def test_official_calendars(self):
        """Every day of 2024–2026 is a day off or a working day as the
        official calendar of China and of Russia says (Russia's transfers
        had made 4 January 2025, a holiday on a Saturday, a working day)"""
        for (country, year), (off, worked) in OFFICIAL.items():
            off, worked = _days((year, off)), _days((year, worked))
            filled = {d: t for d, t, _ in public_days(country, year)}
            day = dt.date(year, 1, 1)
            while day.year == year:
                weekend = day.weekday() >= 5
                expected = day in off or (weekend and day not in worked)
                kind = filled.get(day)
                rests = kind == 'holiday' or (weekend and kind != 'working')
                self.assertEqual(rests, expected, (country, day))
                day += dt.timedelta(days=1)


class CsBaseTestCase(
        PartyCheckEraseMixin, PartyCheckReplaceMixin, CompanyTestMixin,
        ModuleTestCase):
    "Test the customer-service base module"
    module = 'cs_base'
    extras = suite_but('cs_base')

    @with_transaction()
    def test_text_bounded_without_a_wide_input(self):
        """A name longer than the suite's bound is refused, yet no size is
        sent to the client: sao draws an input of (size + 5) characters,
        and 255 made the forms four screens wide"""
        pool = Pool()
        Department = pool.get('cs.department')
        self.assertNotIn('size', Department.fields_get(['name'])['name'])
        company = create_company()
        with self.assertRaisesRegex(UserError, "251"):
            Department.create([{'name': "x" * 251, 'company': company.id}])

    @with_transaction()
    def test_revisit_named_with_the_users_date_format(self):
        "A Russian clerk reads the date of a revisit as the client writes it"
        pool = Pool()
        Revisit = pool.get('cs.revisit')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            party, = Party.create([{'name': "Анна"}])
            revisit, = Revisit.create([{
                        'company': company.id, 'party': party.id,
                        'planned_date': dt.date(2026, 12, 5),
                        'method': 'phone'}])
            with Transaction().set_context(language='ru'):
                self.assertEqual(
                    Revisit(revisit.id).rec_name, "Анна @ 05.12.2026")

    @with_transaction()
    def test_customers_email_as_party_email(self):
        """The address a ticket writes to is the one Tryton's party.email
        gives: the first active e-mail in the contacts' order"""
        Party = Pool().get('party.party')
        mail = {'type': 'email'}
        parties = Party.create([{'name': "Без почты",
                    'contact_mechanisms': [('create', [
                                {'type': 'phone', 'value': "392 1188"}])],
                    }, {'name': "王芳",
                    'contact_mechanisms': [('create', [
                                {'type': 'phone', 'value': "392 1188"},
                                {**mail, 'value': "old@example.com",
                                    'active': False},
                                {**mail, 'value': "wf@example.com"},
                                {**mail, 'value': "w.f@example.com"}])],
                    }, {'name': "Анна",
                    'contact_mechanisms': [('create', [
                                {**mail, 'value': "anna@example.ru",
                                    'sequence': 20},
                                {**mail, 'value': "a@example.ru",
                                    'sequence': 10}])],
                    }, {'name': "Иван Петров",
                    'contact_mechanisms': [('create', [
                                {**mail, 'value': "petrov@example.ru",
                                    'sequence': 10},
                                # no sequence: first (Tryton's order)
                                {**mail, 'value': "ivan@example.ru"}])],
                    }])
        self.assertEqual([p.cs_email() for p in parties],
            ['', "wf@example.com", "a@example.ru", "ivan@example.ru"])
        self.assertEqual([p.cs_email() for p in parties],
            [p.email for p in Party.browse(parties)])

    @unittest.skipIf(backend.name != 'postgresql', "PostgreSQL's indexes")
    @with_transaction()
    def test_search_keys_planned_and_merged_for_speed(self):
        """Each search key is estimated from a histogram of 2,500 keys (a
        name in the default 100 was taken for 1 % of the rows and searched
        through the list's order), and its trigram index merges the entries
        of new keys every 64 kB (every search reads the ones not merged)"""
        cursor = Transaction().connection.cursor()
        cursor.execute("SELECT c.relname, a.attstattarget "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE a.attname = 'cs_search_key' AND c.relkind = 'r' "
            "AND NOT a.attisdropped")
        targets = dict(cursor)
        self.assertIn('party_party', targets)
        self.assertEqual(set(targets.values()), {KEY_STATISTICS}, targets)
        cursor.execute("SELECT c.relname, c.reloptions "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' "
            "AND pg_get_indexdef(c.oid) LIKE '%%cs_search_key%%'")
        indexes = dict(cursor)
        self.assertTrue(indexes)
        for name, options in indexes.items():
            self.assertIn(f'gin_pending_list_limit={PENDING_LIST_KB}',
                options or [], name)

    @with_transaction()
    def test_customer_found_by_phone_as_typed(self):
        """A local number written with spaces is found typed without them,
        or with other separators"""
        Party = Pool().get('party.party')
        anna, wang = Party.create([{
                    'name': "Анна",
                    'contact_mechanisms': [('create', [{
                                    'type': 'phone', 'value': "392 1188"}])],
                    }, {
                    'name': "王芳",
                    'contact_mechanisms': [('create', [{
                                    'type': 'mobile',
                                    'value': "13900001111"}])],
                    }])
        for typed in ["3921188", "392 1188", "392-1188", "(392) 1188"]:
            with self.subTest(typed=typed):
                self.assertEqual(Party.search(
                        [('rec_name', 'ilike', f'%{typed}%')]), [anna])
        self.assertEqual(
            Party.search([('rec_name', 'ilike', '%139 0000 1111%')]), [wang])
        self.assertEqual(
            Party.search([('rec_name', 'ilike', '%1188%')]), [anna])

    @with_transaction()
    def test_customer_found_in_any_script(self):
        """A clerk finds 王芳 by pinyin, initials and Palladius Cyrillic,
        Иван Петров by Latin spellings, a Latin name by Cyrillic, ё as е"""
        Party = Pool().get('party.party')
        wang, ivan, petrov, alena, wang_fang_fang = Party.create([
                {'name': "王芳"}, {'name': "Иван Петров"},
                {'name': "Sergei Petrov"}, {'name': "Алёна Хрущёва"},
                {'name': "汪方芳"}])
        # 汪方芳 sounds the same: found by pinyin, not by characters
        cases = {
            "王芳": [wang], "芳": [wang, wang_fang_fang],
            "wangfang": [wang, wang_fang_fang],
            "wang fang": [wang, wang_fang_fang],
            "Wáng Fāng": [wang, wang_fang_fang], "wf": [wang, wang_fang_fang],
            "wff": [wang_fang_fang], "Ван Фан": [wang, wang_fang_fang],
            "ivan petrov": [ivan], "petrov": [ivan, petrov],
            "Петров": [ivan, petrov], "Сергей": [petrov], "Sergei": [petrov],
            "Алена": [alena], "Алёна": [alena], "khrushcheva": [alena],
            "Alyona": [alena], "Хрущева": [alena], "fang ivan": [],
            }
        for typed, expected in cases.items():
            with self.subTest(typed=typed):
                self.assertEqual(
                    set(Party.search([('rec_name', 'ilike', f'%{typed}%')])),
                    set(expected))

    @with_transaction()
    def test_search_key_follows_writes_imports_and_migration(self):
        """The key follows a rename, a contact added on its own and an
        import; rows without a key (a new column) are filled"""
        pool = Pool()
        Party = pool.get('party.party')
        Mechanism = pool.get('party.contact_mechanism')
        party, = Party.create([{'name': "张伟"}])

        def found(typed):
            return Party.search([('rec_name', 'ilike', f'%{typed}%')])
        self.assertEqual(found("zhangwei"), [party])
        party.name = "王芳"
        party.save()
        self.assertEqual(found("zhangwei"), [])
        self.assertEqual(found("wangfang"), [party])
        Mechanism.create([
                {'party': party.id, 'type': 'mobile', 'value': "13812345678"}])
        self.assertEqual(found("5678"), [party])
        Party.import_data(['name'], [["Наталья Иванова"]])
        self.assertEqual(len(found("natalia ivanova")), 1)
        self.assertEqual(len(found("natalya ivanova")), 1)

        table = Party.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.update([table.cs_search_key], [None]))
        Party.fill_search_keys()
        self.assertEqual(found("wf"), [party])
        self.assertEqual(len(found("ivanova")), 1)

        # a key of the old fold (u and hex digits), which digits matched,
        # is folded again; a Latin "u0" is not an old fold
        self.assertTrue(folded_before('|u0738bu082b3|wangfang|'))
        self.assertFalse(folded_before('|room u0123|'))
        cursor.execute(*table.update([table.cs_search_key],
                ['|u0738bu082b3|wangfang|13812345678|'],
                where=table.id == party.id))
        self.assertEqual(Party.fill_search_keys(), [party.id])
        self.assertEqual(found("0738"), [])
        self.assertEqual(found("王芳"), [party])

        # more rows than are written at once, each its own key
        many = Party.create([{'name': f"Customer {i:04d}"}
                for i in range(KEYS_AT_ONCE + 10)])
        cursor.execute(*table.update([table.cs_search_key], [None]))
        Party.fill_search_keys()
        for customer in [many[0], many[KEYS_AT_ONCE], many[-1]]:
            self.assertEqual(found(customer.name), [customer])

    @with_transaction()
    def test_digits_find_no_chinese_name(self):
        """An area code or a phone's digits find the phone, not every
        customer whose name has a character of that code (天 is U+5929,
        0592 Xiamen's area code; 王 is U+738B), nor do Latin letters that
        spell a character's fold (天 is BHTX) on either backend"""
        pool = Pool()
        Party = pool.get('party.party')
        Mechanism = pool.get('party.contact_mechanism')
        tian, wang, caller = Party.create([
                {'name': "天天"}, {'name': "王芳"}, {'name': "Xiamen Caller"}])
        Mechanism.create([{'party': caller.id, 'type': 'phone',
                    'value': "0592-5551234"}])
        cases = {"0592": [caller], "5929": [], "0738": [], "738b": [],
            "bhtx": [], "天": [tian], "王芳": [wang], "tian": [tian],
            "WANG": [wang]}
        for typed, expected in cases.items():
            with self.subTest(typed=typed):
                self.assertEqual(
                    Party.search([('rec_name', 'ilike', f'%{typed}%')]),
                    expected)

    def test_glob_pattern_of_like(self):
        "SQLite's case-minding search takes LIKE's wildcards and escapes"
        self.assertEqual(glob_pattern('%|wf%'), '*|wf*')
        self.assertEqual(glob_pattern('a_b\\%c*?['), 'a?b%c[*][?][[]')

    @with_transaction()
    def test_search_key_is_not_written_by_clients(self):
        "A key written over RPC is replaced by the one of the record"
        Party = Pool().get('party.party')
        party, = Party.create([{'name': "王芳", 'cs_search_key': '|x|'}])
        self.assertIn('|wangfang|', party.cs_search_key)
        Party.write([party], {'cs_search_key': '|forged|', 'name': "王芳"})
        self.assertNotIn('forged', Party(party.id).cs_search_key)
        # the key is read with the party: no identity document in it
        party.cs_identity_type = 'cn_resident'
        party.cs_identity_number = '11010519491231002X'
        party.save()
        self.assertNotIn('1101051949', Party(party.id).cs_search_key)

    @with_transaction()
    def test_autocomplete_best_first(self):
        "A whole name comes before a name it starts, before the rest"
        Party = Pool().get('party.party')
        Party.create([
                {'name': "王芳芳"}, {'name': "李王芳"}, {'name': "王芳"}])
        names = [r['name'] for r in Party.autocomplete("王芳", limit=10)]
        self.assertEqual(names, ["王芳", "王芳芳", "李王芳"])
        names = [r['name'] for r in Party.autocomplete("wangfang", limit=2)]
        self.assertEqual(names, ["王芳", "王芳芳"])

    @with_transaction()
    def test_override_of_an_inactive_module_is_skipped(self):
        """An override catalog completes optional modules too: the entries
        of one a site has not activated (no translation of it) are left out
        of the import (Tryton would fail on them), the others are kept"""
        Translation = Pool().get('ir.translation')
        entries = {
            'field:party.party,name:party.': "Наименование",
            'field:stock.lot,number:stock_lot.': "Номер партии",
            'field:cs.calendar,name:': "Название",
            }
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, 'ru.po')
            pofile = polib.POFile()
            pofile.extend(polib.POEntry(msgctxt=c, msgid="Name", msgstr=t)
                for c, t in entries.items())
            pofile.save(path)
            imported, = Translation._active_overrides('en', [path], folder)
            self.assertEqual(
                {e.msgctxt for e in polib.pofile(imported)},
                {'field:party.party,name:party.', 'field:cs.calendar,name:'})

    @with_transaction()
    def test_files_no_record_uses_are_removed(self):
        """The file of an upload whose request never committed (a worker
        killed) is removed by the daily job once a day old; the files that
        records use, and recent ones, stay"""
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        Party = pool.get('party.party')
        prefix = Transaction().database.name
        party, = Party.create([{'name': "Анна"}])
        kept, = Attachment.create([{
                    'resource': str(party), 'name': 'чек.jpg',
                    'data': b'receipt'}])
        orphan = filestore.set(b'interrupted upload', prefix)
        recent = filestore.set(b'upload in progress', prefix)
        day_before = time.time() - 2 * 24 * 3600
        for file_id in [kept.file_id, orphan]:
            os.utime(filestore._filename(file_id, prefix),
                (day_before, day_before))
        self.assertGreaterEqual(Attachment.cs_remove_orphan_files(), 1)
        self.assertFalse(os.path.exists(filestore._filename(orphan, prefix)))
        self.assertTrue(os.path.exists(filestore._filename(recent, prefix)))
        self.assertEqual(Attachment(kept.id).data, b'receipt')
        filestore.delete(recent, prefix)

    @with_transaction()
    def test_default_calendar(self):
        "The shipped calendar counts 8 working hours a weekday in Shanghai"
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        calendar, = Calendar.search([('name', '=', "Standard Working Week")])
        self.assertEqual(calendar.timezone, 'Asia/Shanghai')
        # Monday 23 Nov 2026 09:00 in Shanghai is 01:00 UTC
        start = D(2026, 11, 23, 1)
        self.assertEqual(
            calendar.add_working_hours(start, 8), D(2026, 11, 23, 10))
        self.assertEqual(
            calendar.add_working_hours(start, 9), D(2026, 11, 24, 2))
        self.assertEqual(
            calendar.working_hours_between(start, D(2026, 11, 24, 2)),
            dt.timedelta(hours=9))

    @with_transaction()
    def test_mall_calendar(self):
        """The shipped mall calendar works 10:00–22:00 every day: a
        complaint of Saturday 10:31 is due that evening, not on Monday"""
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        mall, = Calendar.search([('name', '=', "Shopping Mall, Every Day")])
        # Saturday 28 Nov 2026 10:31 in Shanghai is 02:31 UTC
        saturday = D(2026, 11, 28, 2, 31)
        self.assertEqual(
            mall.add_working_hours(saturday, 8), D(2026, 11, 28, 10, 31))
        # 21:00 on Sunday: one hour that day, the rest from Monday 10:00
        self.assertEqual(mall.add_working_hours(D(2026, 11, 29, 13), 3),
            D(2026, 11, 30, 4))

    @with_transaction()
    def test_calendar_follows_edits(self):
        "Holidays added to a calendar move its deadlines at once"
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        Day = pool.get('cs.calendar.day')
        calendar, = Calendar.search([('name', '=', "Standard Working Week")])
        start = D(2026, 11, 23, 1)
        self.assertEqual(
            calendar.add_working_hours(start, 1), D(2026, 11, 23, 2))
        Day.create([{'calendar': calendar.id, 'date': dt.date(2026, 11, 23)}])
        calendar = Calendar(calendar.id)
        self.assertEqual(
            calendar.add_working_hours(start, 1), D(2026, 11, 24, 2))

    @with_transaction()
    def test_calendar_inverted_hours(self):
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        with self.assertRaisesRegex(CalendarError, "must end after"):
            Calendar.create([{
                        'name': "Night", 'timezone': 'Europe/Moscow',
                        'hours': [('create', [{
                                        'weekday': '0', 'start': T(18),
                                        'end': T(9)}])],
                        }])

    @with_transaction()
    def test_calendar_overlapping_hours(self):
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        with self.assertRaisesRegex(CalendarError, "overlap"):
            Calendar.create([{
                        'name': "Shop", 'timezone': 'Europe/Moscow',
                        'hours': [('create', [
                                    {'weekday': '2', 'start': T(9),
                                        'end': T(13)},
                                    {'weekday': '2', 'start': T(12),
                                        'end': T(18)}])],
                        }])

    @with_transaction()
    def test_calendar_without_working_time(self):
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        calendar, = Calendar.create([{
                    'name': "Closed", 'timezone': 'Europe/Moscow'}])
        with self.assertRaisesRegex(UserError, "no working time"):
            calendar.add_working_hours(D(2026, 1, 1), 1)

    @with_transaction()
    def test_calendar_date_listed_once(self):
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        Day = pool.get('cs.calendar.day')
        calendar, = Calendar.search([('name', '=', "Standard Working Week")])
        Day.create([{'calendar': calendar.id, 'date': dt.date(2026, 5, 1)}])
        with self.assertRaises(SQLConstraintError):
            Day.create([{
                        'calendar': calendar.id, 'date': dt.date(2026, 5, 1)}])

    @with_transaction()
    def test_fill_holidays_keeps_site_edits(self):
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        Day = pool.get('cs.calendar.day')
        FillHolidays = pool.get('cs.calendar.fill_holidays', type='wizard')
        calendar, = Calendar.search([('name', '=', "Standard Working Week")])
        Day.create([{
                    'calendar': calendar.id, 'date': dt.date(2026, 10, 10),
                    'type': 'holiday', 'name': "Stocktaking"}])
        session_id, _, _ = FillHolidays.create()
        wizard = FillHolidays(session_id)
        wizard.start.year = 2026
        wizard.start.country = 'CN'
        with self._context(calendar):
            wizard.transition_fill()
        days = {d.date: d for d in Day.search([('calendar', '=', calendar)])}
        self.assertEqual(days[dt.date(2026, 10, 1)].type, 'holiday')
        self.assertEqual(days[dt.date(2026, 9, 20)].type, 'working')
        self.assertEqual(days[dt.date(2026, 10, 10)].name, "Stocktaking")
        # filling twice adds nothing
        count = len(days)
        with self._context(calendar):
            wizard.transition_fill()
        self.assertEqual(Day.search([], count=True), count)

    @with_transaction()
    def test_holiday_names_in_each_language(self):
        """The holidays are named in the clerk's language, Chinese and
        Russian alike, whoever filled them"""
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        Day = pool.get('cs.calendar.day')
        FillHolidays = pool.get('cs.calendar.fill_holidays', type='wizard')
        calendar, = Calendar.search([('name', '=', "Standard Working Week")])
        for country in ['CN', 'RU']:
            session_id, _, _ = FillHolidays.create()
            wizard = FillHolidays(session_id)
            wizard.start.year, wizard.start.country = 2026, country
            with self._context(calendar):
                wizard.transition_fill()

        def name(date, language):
            with Transaction().set_context(language=language):
                day, = Day.search([('date', '=', date)])
                return day.name
        # a day in both countries' lists keeps the first one filled (China)
        self.assertEqual(name(dt.date(2026, 10, 1), 'zh_CN'), "国庆节")
        # a Chinese day off in Russian: the suite's catalog, dates as read
        # in Russia (python-holidays has Chinese days in English only)
        self.assertIn("04.01.2026", name(dt.date(2026, 1, 2), 'ru'))
        self.assertEqual(name(dt.date(2026, 6, 12), 'ru'), "День России")
        self.assertEqual(name(dt.date(2026, 6, 12), 'zh_CN'), "俄罗斯日")
        self.assertEqual(name(dt.date(2026, 1, 9), 'ru'),
            "Выходной (перенесено с 03.01.2026)")
        self.assertEqual(name(dt.date(2026, 2, 14), 'en'),
            "Working day moved for a public holiday")

    @with_transaction()
    def test_unpublished_chinese_year_is_said(self):
        """A year whose Chinese schedule this server does not know yet gets
        a warning, then its statutory holidays only (none of
        python-holidays' guessed "observed" days)"""
        pool = Pool()
        Calendar = pool.get('cs.calendar')
        Day = pool.get('cs.calendar.day')
        Warning = pool.get('res.user.warning')
        FillHolidays = pool.get('cs.calendar.fill_holidays', type='wizard')
        calendar, = Calendar.search([('name', '=', "Standard Working Week")])
        session_id, _, _ = FillHolidays.create()
        wizard = FillHolidays(session_id)
        wizard.start.year, wizard.start.country = 2099, 'CN'
        with self._context(calendar):
            with self.assertRaises(UserWarning) as warning:
                wizard.transition_fill()
            self.assertIn("2099", warning.exception.message)
            self.assertEqual(Day.search([], count=True), 0)
            Warning.skip(warning.exception.name, True)
            wizard.transition_fill()
        days = Day.search([])
        self.assertEqual(len(days), 13)
        self.assertEqual({d.type for d in days}, {'holiday'})

    def _context(self, calendar):
        return Transaction().set_context(
            active_model='cs.calendar', active_id=calendar.id,
            active_ids=[calendar.id])

    @with_transaction()
    def test_resident_identity_number(self):
        pool = Pool()
        Party = pool.get('party.party')
        party, = Party.create([{
                    'name': "王芳", 'cs_identity_type': 'cn_resident',
                    'cs_identity_number': ' 11010519491231002x'}])
        self.assertEqual(party.cs_identity_number, '11010519491231002X')
        with self.assertRaisesRegex(
                IdentityDocumentError, '"110105194912310021".*王芳'):
            Party.write([party], {'cs_identity_number': '110105194912310021'})
        with self.assertRaises(IdentityDocumentError):
            Party.write([party], {'cs_identity_number': '1101051949'})

    @with_transaction()
    def test_russian_passport_number(self):
        pool = Pool()
        Party = pool.get('party.party')
        party, = Party.create([{
                    'name': "Иван Петров", 'cs_identity_type': 'ru_passport',
                    'cs_identity_number': '4509123456'}])
        self.assertEqual(party.cs_identity_number, '4509 123456')
        with self.assertRaises(IdentityDocumentError):
            Party.write([party], {'cs_identity_number': '45 09 12345'})

    @with_transaction()
    def test_archive_due(self):
        pool = Pool()
        Party = pool.get('party.party')
        Date = pool.get('ir.date')
        today = Date.today()
        never, old, recent = Party.create([
                {'name': "Never"},
                {'name': "Old", 'cs_archive_reviewed':
                    today - dt.timedelta(days=90)},
                {'name': "Recent", 'cs_archive_reviewed':
                    today - dt.timedelta(days=89)},
                ])
        self.assertEqual(
            Party.search(
                [('cs_archive_due', '=', True)], order=[('id', 'ASC')]),
            [never, old])
        self.assertEqual(
            Party.search([('cs_archive_due', '=', False)]), [recent])
        Party.cs_mark_archive_reviewed([never, old])
        self.assertEqual(Party.search([('cs_archive_due', '=', True)]), [])
        self.assertEqual(old.cs_archive_reviewed, today)

    @with_transaction()
    def test_archive_due_notification(self):
        "The weekly job tells administrators how many archives are due"
        pool = Pool()
        Party = pool.get('party.party')
        Notification = pool.get('res.notification')
        Party.create([{'name': "A"}, {'name': "B"}])
        due = Party.search([('cs_archive_due', '=', True)], count=True)
        Party.cs_notify_archives_due()
        notification, = Notification.search([])
        self.assertIn(str(due), notification.description)
        self.assertEqual(notification.user.login, 'admin')

    @with_transaction()
    def test_satisfaction_rating_range(self):
        pool = Pool()
        Party = pool.get('party.party')
        Satisfaction = pool.get('cs.satisfaction')
        party, = Party.create([{'name': "Customer"}])
        company = create_company()
        with set_company(company):
            for rating in [0, 6]:
                with self.assertRaisesRegex(
                        SatisfactionError, f"from 1 to 5, not {rating}"):
                    Satisfaction.create([{
                                'party': party.id, 'rating': rating}])
            satisfaction, = Satisfaction.create([{
                        'party': party.id, 'rating': 5,
                        'origin': str(party)}])
            self.assertEqual(satisfaction.rating, 5)

    @with_transaction()
    def test_revisit_needs_opinion(self):
        pool = Pool()
        Party = pool.get('party.party')
        Revisit = pool.get('cs.revisit')
        party, = Party.create([{'name': "Customer"}])
        company = create_company()
        with set_company(company):
            employee = create_employee(company)
            revisit, = Revisit.create([{
                        'party': party.id,
                        'planned_date': dt.date(2026, 1, 5)}])
            self.assertTrue(revisit.overdue)
            self.assertEqual(
                Revisit.search([('overdue', '=', True)]), [revisit])
            with self.assertRaisesRegex(RevisitError, "customer's opinion"):
                Revisit.do([revisit])
            revisit.customer_opinion = "满意"
            revisit.save()
            User = pool.get('res.user')
            User.write([User(Transaction().user)], {
                    'employees': [('add', [employee.id])],
                    'employee': employee.id})
            Revisit.do([revisit])
            self.assertEqual(revisit.state, 'done')
            self.assertEqual(revisit.staff, employee)
            self.assertTrue(revisit.done_date)
            self.assertFalse(revisit.overdue)
            with self.assertRaisesRegex(RevisitError, "cannot be deleted"):
                Revisit.delete([revisit])

    @with_transaction()
    def test_revisits_overdue_notification(self):
        "The daily job tells administrators how many revisits are late"
        pool = Pool()
        Party = pool.get('party.party')
        Revisit = pool.get('cs.revisit')
        Notification = pool.get('res.notification')
        Date = pool.get('ir.date')
        party, = Party.create([{'name': "Customer"}])
        today = Date.today()
        company = create_company()
        with set_company(company):
            Revisit.notify_overdue()
            self.assertEqual(Notification.search([]), [])
            Revisit.create([{'party': party.id, 'planned_date': d}
                    for d in [today - dt.timedelta(days=2),
                        today - dt.timedelta(days=1), today]])
            Revisit.notify_overdue()
        notification, = Notification.search([])
        self.assertEqual(notification.description,
            "2 planned revisits are past their date.")
        self.assertEqual(notification.user.login, 'admin')


del ModuleTestCase
