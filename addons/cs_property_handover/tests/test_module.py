# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt

from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


class CsPropertyHandoverTestCase(CompanyTestMixin, ModuleTestCase):
    "Test cs_property_handover module"
    module = 'cs_property_handover'
    extras = suite_but('cs_property_handover')

    @with_transaction()
    def test_plan_counted_back_from_handover(self):
        "The preparation plan is due before the first handover day (PH-01)"
        pool = Pool()
        Estate = pool.get('cs.property.estate')
        Batch = pool.get('cs.handover.batch')
        company = create_company()
        with set_company(company):
            estate, = Estate.create([{'name': "阳光花园", 'code': 'YG'}])
            batch, = Batch.create([{
                        'name': "一期", 'estate': estate.id,
                        'start_date': dt.date(2027, 3, 1),
                        'end_date': dt.date(2027, 3, 31)}])
            Batch.generate_plan([batch])
            Batch.generate_plan([batch])  # a second run adds nothing
            self.assertEqual(len(batch.tasks), 12)
            first = min(batch.tasks, key=lambda t: t.due_date)
            self.assertEqual(first.due_date, dt.date(2026, 11, 1))
            self.assertEqual(
                max(t.due_date for t in batch.tasks), dt.date(2027, 2, 24))

    @with_transaction()
    def test_portal_user_sees_own_units(self):
        "A portal request sees only the units of the party it is made for"
        pool = Pool()
        Estate = pool.get('cs.property.estate')
        UnitType = pool.get('cs.property.unit.type')
        Unit = pool.get('cs.property.unit')
        Party = pool.get('party.party')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        owner, other = Party.create([{'name': "王芳"}, {'name': "李强"}])
        company = create_company()
        with set_company(company):
            estate, = Estate.create([{'name': "阳光花园", 'code': 'YG',
                        'buildings': [('create', [{'name': "3号楼"}])]}])
            flat, = UnitType.create([{'name': "两室一厅"}])
            mine, theirs = Unit.create([{
                        'building': estate.buildings[0].id, 'number': n,
                        'unit_type': flat.id, 'owner': o.id}
                    for n, o in [('1201', owner), ('1202', other)]])
            portal, = User.create([{'login': 'portal', 'name': "Portal",
                        'companies': [('add', [company.id])],
                        'company': company.id,
                        'groups': [('add', [ModelData.get_id(
                                        'cs_base', 'group_portal')])]}])
        transaction = Transaction()
        with transaction.set_user(portal.id), \
                transaction.set_context(_check_access=True):
            with transaction.set_context(portal_party=owner.id):
                self.assertEqual(Unit.search([]), [mine])
            with transaction.set_context(portal_party=other.id):
                self.assertEqual(Unit.search([]), [theirs])
            self.assertEqual(Unit.search([]), [])


del ModuleTestCase
