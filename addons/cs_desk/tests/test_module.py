# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt
from unittest.mock import patch

from trytond.exceptions import UserError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.cs_base.tests.tools import (
    job_errors, suite_but, write_behind)
from trytond.modules.cs_desk import migration
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

# Monday 23 November 2026, 09:00 in Shanghai
MONDAY = dt.datetime(2026, 11, 23, 1, 0)


def at(moment):
    return patch(
        'trytond.modules.cs_base.workflow.clock', return_value=moment)


class CsDeskTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the front-desk registers module"
    module = 'cs_desk'
    extras = suite_but('cs_desk')

    @with_transaction()
    def test_storage_job_skips_a_broken_deposit(self):
        """A deposit that cannot become a found item (an old import left
        its description empty) is skipped and reported; the others move to
        lost and found"""
        pool = Pool()
        Deposit = pool.get('cs.storage.ticket')
        company = create_company()
        with set_company(company):
            broken, good = Deposit.create([{
                        'tag': tag, 'items_description': "Чемодан · 行李箱",
                        'contact_name': "Иван", 'contact_phone': '1',
                        'deposited_at': MONDAY} for tag in ['A1', 'A2']])
            write_behind(broken, items_description='')
            with at(MONDAY + dt.timedelta(days=2)):
                Deposit.transfer_abandoned()
            self.assertEqual(Deposit(good.id).state, 'transferred')
            self.assertEqual(Deposit(broken.id).state, 'deposited')
            error, = job_errors('cs.storage.ticket|transfer_abandoned')
            self.assertIn(broken.rec_name, error.message)

    @with_transaction()
    def test_values_out_of_bounds_are_refused_before_the_database(self):
        """What the database would refuse with an error no clerk reads is
        refused first, with a message naming the field"""
        pool = Pool()
        Deposit = pool.get('cs.storage.ticket')
        company = create_company()
        with set_company(company):
            deposit = {'tag': 'A1', 'items_description': "Suitcase",
                'contact_name': "Ivan", 'contact_phone': '1'}
            with self.assertRaisesRegex(UserError, "2147483647"):
                Deposit.create([dict(deposit, pieces=2**40)])
            with self.assertRaisesRegex(UserError, "100000"):
                Deposit.create([dict(deposit, tag='9' * 100_000)])
            with self.assertRaisesRegex(UserError, "1900"):
                Deposit.create([dict(deposit,
                            deposited_at=dt.datetime(1800, 1, 1))])
            self.assertEqual(Deposit.search([]), [])
            with self.assertRaisesRegex(UserError, "future"):
                Deposit.create([dict(deposit,
                            deposited_at=dt.datetime.now()
                            + dt.timedelta(days=3))])

    @with_transaction()
    def test_today_is_the_day_at_the_site(self):
        """The Today tab lists the broadcasts of the day in Shanghai, not
        of the day in UTC (sao's PySON Date() gave the UTC day, yesterday
        until 08:00)"""
        pool = Pool()
        Broadcast = pool.get('cs.broadcast')
        company = create_company()
        company.timezone = 'Asia/Shanghai'
        company.save()
        with set_company(company):
            # Tuesday 24 November in Shanghai
            broadcast, = Broadcast.create([{
                        'name': "Парковка", 'kind': 'announcement',
                        'script_zh': "停车场今日关闭。",
                        'script_ru': "Парковка сегодня закрыта.",
                        'schedule': 'once',
                        'start_date': dt.date(2026, 11, 24)}])
            Broadcast.write([broadcast], {'state': 'approved'})

            def today(moment):
                with at(moment):
                    return Broadcast.search([('airs_today', '=', True)])
            # Monday 23:00 in Shanghai, then Tuesday 01:00 (17:00 UTC)
            self.assertEqual(today(dt.datetime(2026, 11, 23, 15)), [])
            self.assertEqual(
                today(dt.datetime(2026, 11, 23, 17)), [broadcast])
            with at(dt.datetime(2026, 11, 23, 17)):
                self.assertTrue(Broadcast(broadcast.id).airs_today)
                self.assertEqual(Broadcast.search(
                        [('airs_today', '=', False)]), [])

    @with_transaction()
    def test_registers_of_cs_helpdesk_are_adopted(self):
        """A database from before cs_desk, where cs_helpdesk owned the
        registers: their records, models, fields and translations become
        cs_desk's (so that upgrading neither deletes nor duplicates them);
        cs_helpdesk's records of the same ids stay its own"""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        Model = pool.get('ir.model')
        Field = pool.get('ir.model.field')
        Translation = pool.get('ir.translation')
        data = ModelData.__table__()
        model = Model.__table__()
        field = Field.__table__()
        translation = Translation.__table__()
        cursor = Transaction().connection.cursor()
        desk = list(migration.xml_ids('cs_desk')
            - migration.xml_ids('cs_helpdesk'))

        def modules(table, where):
            cursor.execute(*table.select(table.module, where=where))
            return {m for m, in cursor}
        registers = {
            data: data.fs_id.in_(desk),
            model: model.name == 'cs.storage.ticket',
            field: (field.model == 'cs.configuration')
            & (field.name == 'desk_closing_time'),
            translation: translation.name == 'cs.storage.ticket,tag',
            }
        for table, where in registers.items():
            cursor.execute(*table.update(
                    [table.module], ['cs_helpdesk'], where=where))

        migration.adopt_registers()

        for table, where in registers.items():
            self.assertEqual(modules(table, where), {'cs_desk'})
        self.assertIn('cs_helpdesk',
            modules(data, data.fs_id == 'menu_configuration'))
        self.assertIn('menu_storage_ticket_form', desk)
        # nothing left to move: a second call changes nothing
        migration.adopt_registers()
        self.assertEqual(modules(data, data.fs_id.in_(desk)), {'cs_desk'})


del ModuleTestCase
