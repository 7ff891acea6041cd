# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt

from trytond import backend
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.cs_base.tests.tools import suite_but, write_behind
from trytond.modules.cs_warranty.warranty import revisit_dates
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

PURCHASE = dt.date(2026, 11, 1)


def create_product(name="Phone", categories=()):
    pool = Pool()
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    unit, = Uom.search([('symbol', '=', 'u')])
    template, = Template.create([{
                'name': name, 'default_uom': unit.id,
                'categories': [('add', [c.id for c in categories])],
                'products': [('create', [{}])]}])
    return template.products[0]


def create_warranty(product, party=None, **values):
    pool = Pool()
    Warranty = pool.get('cs.warranty')
    Party = pool.get('party.party')
    Policy = pool.get('cs.warranty.policy')
    if party is None:
        party, = Party.create([{'name': "Customer"}])
    warranty, = Warranty.create([{
                'party': party.id, 'product': product.id,
                'policy': Policy.for_product(product).id,
                'purchase_date': PURCHASE, 'start_date': PURCHASE,
                **values}])
    return warranty


class CsWarrantyTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the warranty module"
    module = 'cs_warranty'
    extras = suite_but('cs_warranty')

    @with_transaction()
    def test_entitlement_on_every_boundary_day(self):
        "Refund to day 7, replacement to day 15, free repair to the end"
        with set_company(create_company()):
            warranty = create_warranty(create_product())
            self.assertEqual(
                (warranty.refund_end, warranty.replacement_end,
                    warranty.warranty_end),
                (dt.date(2026, 11, 8), dt.date(2026, 11, 16),
                    dt.date(2027, 10, 31)))
            expected = (
                [(d, ['refund', 'replacement', 'repair'])
                    for d in range(0, 8)]
                + [(d, ['replacement', 'repair']) for d in range(8, 16)]
                + [(16, ['repair'])])
            for days, remedies in expected:
                fault = PURCHASE + dt.timedelta(days=days)
                with self.subTest(days=days):
                    self.assertEqual(
                        [r for r, _ in warranty.entitlement(fault)],
                        remedies)
            for fault, remedies in [
                    (dt.date(2027, 10, 31), ['repair']),
                    (dt.date(2027, 11, 1), ['paid_repair'])]:
                self.assertEqual(
                    [r for r, _ in warranty.entitlement(fault)], remedies)

    @with_transaction()
    def test_entitlement_after_failed_repairs(self):
        "The second failed repair of a fault gives replacement or refund"
        with set_company(create_company()):
            warranty = create_warranty(create_product())
            day_100 = PURCHASE + dt.timedelta(days=100)
            for failed, remedies in [
                    (0, ['repair']),
                    (1, ['repair']),
                    (2, ['refund', 'replacement', 'repair']),
                    ]:
                self.assertEqual(
                    [r for r, _ in warranty.entitlement(day_100, failed)],
                    remedies)
            self.assertEqual(
                [r for r, _ in warranty.entitlement(
                        dt.date(2027, 11, 1), 3)],
                ['paid_repair'])

    @with_transaction()
    def test_entitlement_reasons(self):
        "Each remedy comes with its reason"
        with set_company(create_company()):
            warranty = create_warranty(create_product())
            (_, refund), _, (_, repair) = warranty.entitlement(
                PURCHASE + dt.timedelta(days=5))
            self.assertEqual(refund,
                "The fault appeared 5 days after purchase, within the 7 days "
                "in which a faulty product is refunded.")
            self.assertEqual(repair,
                "The fault is under warranty until 10/31/2027: the repair is "
                "free of charge.")

    @with_transaction()
    def test_fault_before_purchase(self):
        "A fault cannot predate the purchase"
        from trytond.modules.cs_warranty.exceptions import WarrantyError
        with set_company(create_company()):
            warranty = create_warranty(create_product())
            with self.assertRaisesRegex(WarrantyError, "before the purchase"):
                warranty.entitlement(PURCHASE - dt.timedelta(days=1))

    @with_transaction()
    def test_month_of_orders_stored_in_utc_fixed(self):
        """The upgrade gives the orders stored with the month of the UTC
        date the company's month: received on 1 December 01:30 in Shanghai
        (30 November in UTC) counts in December"""
        pool = Pool()
        Order = pool.get('cs.repair.order')
        Party = pool.get('party.party')
        company = create_company()
        company.timezone = 'Asia/Shanghai'
        company.save()
        with set_company(company):
            party, = Party.create([{'name': "Customer"}])
            order, = Order.create([{
                        'party': party.id, 'fault': "Noise",
                        'fault_description': "Noise",
                        'fault_date': dt.date(2026, 11, 30),
                        'service_mode': 'in_shop'}])
            write_behind(order, received_at=dt.datetime(2026, 11, 30, 17, 30),
                month=dt.date(2026, 11, 1))
            Order._fix_months()
            self.assertEqual(Order(order.id).month, dt.date(2026, 12, 1))

    @with_transaction()
    def test_numbers_per_company(self):
        """A company with a repair sequence of its own numbers its orders
        from it; the others from the shared one; upgrading a site moves the
        former single sequence (a column of the configuration) to the
        default of every company"""
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        ConfigurationSequence = pool.get('cs.configuration.sequence')
        Sequence = pool.get('ir.sequence')
        ModelData = pool.get('ir.model.data')
        sequence_type = ModelData.get_id(
            'cs_warranty', 'sequence_type_repair_order')
        own, old = Sequence.create([
                {'name': "Own", 'sequence_type': sequence_type,
                    'prefix': 'OWN-'},
                {'name': "Old", 'sequence_type': sequence_type,
                    'prefix': 'OLD-'}])
        first = create_company("First")
        second = create_company("Second", currency=first.currency)
        ConfigurationSequence.create([{
                    'company': first.id, 'repair_sequence': own.id}])
        shared = Configuration.next_number('repair_sequence', second)
        self.assertEqual(
            Configuration.next_number('repair_sequence', first), 'OWN-1')
        self.assertFalse(shared.startswith('OWN-'))

        Configuration.create([{}])
        table = backend.TableHandler(Configuration)
        table.add_column('repair_sequence', 'INTEGER')
        config = Configuration.__table__()
        Transaction().connection.cursor().execute(*config.update(
                [config.repair_sequence], [old.id]))
        ConfigurationSequence.move_from_configuration('repair_sequence')
        self.assertFalse(
            backend.TableHandler(Configuration).column_exist(
                'repair_sequence'))
        self.assertEqual(
            Configuration.next_number('repair_sequence', second), 'OLD-1')
        self.assertEqual(
            Configuration.next_number('repair_sequence', first), 'OWN-2')

    @with_transaction()
    def test_policy_of_category(self):
        "A category's policy wins over the default one"
        pool = Pool()
        Category = pool.get('product.category')
        Policy = pool.get('cs.warranty.policy')
        phones, = Category.create([{'name': "Phones"}])
        policy, = Policy.create([{
                    'name': "Phones", 'sequence': 200,
                    'warranty_months': 24,
                    'categories': [('add', [phones.id])]}])
        default, = Policy.search([('categories', '=', None)])
        self.assertEqual(
            Policy.for_product(create_product("Phone", [phones])), policy)
        self.assertEqual(Policy.for_product(create_product("Kettle")), default)

    @with_transaction()
    def test_serial_covered_once(self):
        "A serial in force for one customer cannot be covered for another"
        from trytond.modules.cs_warranty.exceptions import WarrantyError
        pool = Pool()
        Party = pool.get('party.party')
        with set_company(create_company()):
            product = create_product()
            today = pool.get('ir.date').today()
            create_warranty(product, serial='SN1', purchase_date=today,
                start_date=today)
            other, = Party.create([{'name': "Other"}])
            with self.assertRaisesRegex(WarrantyError, "SN1"):
                create_warranty(product, party=other, serial='SN1',
                    purchase_date=today, start_date=today)

    @with_transaction()
    def test_building_part_periods(self):
        "Years run to the day before; seasons follow the site's dates"
        pool = Pool()
        Part = pool.get('cs.warranty.part')
        Season = pool.get('cs.warranty.season')
        ModelData = pool.get('ir.model.data')

        def part(fs_id):
            return Part(ModelData.get_id('cs_warranty', fs_id))
        handover = dt.date(2026, 11, 23)
        self.assertEqual(part('part_roof').warranty_end(handover),
            dt.date(2031, 11, 22))
        self.assertEqual(part('part_electrical').warranty_end(handover),
            dt.date(2028, 11, 22))
        Season.create([{
                    'kind': 'heating', 'start_date': dt.date(2026, 10, 20),
                    'end_date': dt.date(2027, 4, 20)}])
        heating = part('part_heating')
        # handed over during a season: the next two full ones count
        self.assertEqual(heating.warranty_end(handover),
            dt.date(2029, 4, 20))
        self.assertEqual(heating.warranty_end(dt.date(2026, 9, 1)),
            dt.date(2028, 4, 20))

    @with_transaction()
    def test_project_coverage(self):
        "A project's parts are covered from its handover, found by project"
        pool = Pool()
        Work = pool.get('project.work')
        Party = pool.get('party.party')
        Warranty = pool.get('cs.warranty')
        ModelData = pool.get('ir.model.data')
        developer, = Party.create([{'name': "龙江地产"}])
        company = create_company()
        with set_company(company):
            work, = Work.create([{'name': "阳光花园二期", 'type': 'project',
                        'company': company.id, 'party': developer.id}])
            warranty = Warranty(kind='construction', work=work,
                part=ModelData.get_id('cs_warranty', 'part_roof'),
                start_date=dt.date(2026, 11, 23))
            warranty.on_change_work()
            warranty.save()
            self.assertEqual(
                (warranty.party, warranty.location, warranty.warranty_end),
                (developer, "阳光花园二期", dt.date(2031, 11, 22)))
            self.assertEqual(
                Warranty.search([('work', '=', work.id)]), [warranty])

    def test_revisit_dates(self):
        "Every 3 months for half a year, then every 6 months (WA-07)"
        dates = revisit_dates(dt.date(2026, 11, 23), dt.date(2031, 11, 22))
        self.assertEqual(dates[:4], [
                dt.date(2027, 2, 23), dt.date(2027, 5, 23),
                dt.date(2027, 11, 23), dt.date(2028, 5, 23)])
        self.assertEqual(dates[-1], dt.date(2031, 5, 23))
        self.assertEqual(len(dates), 10)
        # a short coverage still gets one revisit within it
        self.assertEqual(
            revisit_dates(dt.date(2026, 1, 1), dt.date(2026, 2, 28)),
            [dt.date(2026, 1, 30)])


del ModuleTestCase
