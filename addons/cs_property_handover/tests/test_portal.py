# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"An owner's units on the portal: handover booking, renovation (PH-09, CS-06)"
import datetime as dt
import re
from decimal import Decimal

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import set_company
from trytond.modules.cs_base.tests.test_portal import (
    PortalClient, PortalRouteTestCase)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction


class PropertyPortalTestCase(PortalRouteTestCase):
    "Test the unit pages of the portal"
    module = 'cs_property_handover'
    extras = suite_but('cs_property_handover')

    def estate(self, email, code='YG'):
        """Two units of the web user's customer: 1201 handed over, 1202
        sold and in a handover batch of next month"""
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            WebUser = pool.get('web.user')
            Company = pool.get('company.company')
            UnitType = pool.get('cs.property.unit.type')
            Estate = pool.get('cs.property.estate')
            Unit = pool.get('cs.property.unit')
            Batch = pool.get('cs.handover.batch')
            owner = WebUser.search([('email', '=', email)])[0].party
            company, = Company.search([])
            with set_company(company):
                flat, = UnitType.create([{
                            'name': "两室一厅", 'deposit': Decimal('3000'),
                            'working_hours': "8:00–12:00",
                            'renovation_rules': [('create', [
                                        {'work': "室内墙面、地面装饰"},
                                        {'work': "封闭阳台",
                                            'allowed': False}])]}])
                estate, = Estate.create([{'name': "阳光花园", 'code': code,
                            'buildings': [('create', [{'name': "3号楼"}])]}])
                building, = estate.buildings
                handed, sold = Unit.create([
                        {'building': building.id, 'number': '1201',
                            'unit_type': flat.id, 'owner': owner.id,
                            'state': 'handed_over'},
                        {'building': building.id, 'number': '1202',
                            'unit_type': flat.id, 'owner': owner.id,
                            'state': 'sold'}])
                batch, = Batch.create([{'name': "一期",
                            'estate': estate.id,
                            'buildings': [('add', [building.id])],
                            'start_date': dt.date.today() + dt.timedelta(7),
                            'end_date': dt.date.today() + dt.timedelta(30),
                            }])
                Batch.generate_plan([batch])
                Batch.approve([batch])
            transaction.commit()
            return handed.id, sold.id, [r.id for r in flat.renovation_rules]

    def test_book_handover_and_apply_for_renovation(self):
        wang = PortalClient(self.client(), 'zh-CN')
        wang.sign_up('wang@example.com', name="王芳")
        handed, sold, (fit_out, balcony) = self.estate('wang@example.com')
        units = wang.get('/units')
        self.assertIn("3号楼", units.text)
        self.assertIn(f'/units/{sold}/handover', units.text)
        self.assertNotIn(f'/units/{handed}/handover', units.text)
        self.assertIn(f'/units/{handed}/renovation', units.text)

        form = wang.get(f'/units/{sold}/handover')
        day = re.search(r'<option value="([\d-]+)"', form.text)[1]
        self.assertEqual(wang.post(f'/units/{sold}/handover', {
                    'day': day, 'slot': '09:00'}).status_code, 303)
        self.assertIn("09:00", wang.get('/units').text)
        refused = wang.post(f'/units/{sold}/handover', {
                'day': '2020-01-01', 'slot': '09:00'})
        self.assertIn("请选择交付期内", refused.text)

        page = wang.get(f'/units/{handed}/renovation')
        self.assertIn("封闭阳台", page.text)
        self.assertIn("禁止", page.text)
        start = (dt.date.today() + dt.timedelta(3)).isoformat()
        end = (dt.date.today() + dt.timedelta(60)).isoformat()
        forbidden = wang.post(f'/units/{handed}/renovation', {
                'works': [str(fit_out), str(balcony)],
                'planned_start': start, 'planned_end': end,
                'description': "客厅铺木地板"})
        self.assertEqual(forbidden.status_code, 200)
        self.assertIn("“封闭阳台”", forbidden.text)
        self.assertIn("客厅铺木地板", forbidden.text)
        endless = wang.post(f'/units/{handed}/renovation', {
                'works': [str(fit_out)], 'planned_start': start,
                'planned_end': '9999-12-31', 'description': "客厅铺木地板"})
        self.assertEqual(endless.status_code, 200)
        self.assertIn("请选择", endless.text)
        self.assertIn("之间的日期", endless.text)
        wordy = wang.post(f'/units/{handed}/renovation', {
                'works': [str(fit_out)], 'planned_start': start,
                'planned_end': end, 'description': "铺" * 20001})
        self.assertEqual(wordy.status_code, 200)
        self.assertIn("20000", wordy.text)
        sent = wang.post(f'/units/{handed}/renovation', {
                'works': [str(fit_out)], 'planned_start': start,
                'planned_end': end, 'description': "客厅铺木地板"})
        self.assertEqual(sent.status_code, 303)
        renovation = int(re.search(r'/renovations/(\d+)',
                sent.headers['Location'])[1])
        self.assertIn("已提交", wang.get(f'/renovations/{renovation}').text)

        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            Handover = pool.get('cs.handover')
            Renovation = pool.get('cs.renovation')
            handover, = Handover.search([('unit', '=', sold)])
            self.assertEqual(handover.state, 'draft')
            self.assertEqual(handover.occupant, 'owner')
            record = Renovation(renovation)
            self.assertEqual(record.state, 'submitted')
            self.assertEqual(record.deposit, Decimal('3000'))

        anna = PortalClient(self.client(), 'ru')
        anna.sign_up('anna@example.com')
        for path in [f'/units/{handed}/renovation', f'/units/{sold}/handover',
                f'/renovations/{renovation}']:
            self.assertEqual(anna.get(path).status_code, 404)
        self.assertEqual(anna.post(f'/units/{sold}/handover', {
                    'day': day, 'slot': '10:00'}).status_code, 404)
        self.assertNotIn("3号楼", anna.get('/units').text)

        # the desk records Anna as the future tenant of the unit: she sees
        # it, but the owner's appointment is not hers to move
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Unit = pool.get('cs.property.unit')
            WebUser = pool.get('web.user')
            tenant = WebUser.search([('email', '=', 'anna@example.com')])[
                0].party
            Unit.write([Unit(sold)], {'tenants': [('add', [tenant.id])]})
            tenant_id = tenant.id
            transaction.commit()
        units = anna.get('/units')
        self.assertNotIn(f'/units/{sold}/handover', units.text)
        self.assertEqual(anna.get(f'/units/{sold}/handover').status_code, 403)
        moved = anna.post(f'/units/{sold}/handover', {
                'day': day, 'slot': '10:00'})
        self.assertEqual(moved.status_code, 403)
        with Transaction().start(DB_NAME, 0):
            Handover = Pool().get('cs.handover')
            handover, = Handover.search([('unit', '=', sold)])
            self.assertEqual(handover.party.name, "王芳")
        self.assertIn("09:00", wang.get('/units').text)

        # the Portal user's rules refuse it too, were a page not to check
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            ModelData = pool.get('ir.model.data')
            portal_user = ModelData.get_id('cs_base', 'user_portal')
            handover, = pool.get('cs.handover').search([('unit', '=', sold)])
            company = handover.company.id
            values = {'company': company, 'batch': handover.batch.id,
                'unit': sold, 'party': tenant_id, 'occupant': 'owner',
                'appointment_at': handover.appointment_at}
            handover_id = handover.id
        with Transaction().start(DB_NAME, portal_user, context={
                    'company': company, '_companies': (company,),
                    'portal_party': tenant_id, '_check_access': True}):
            Handover = Pool().get('cs.handover')
            for attempt in [
                    lambda: Handover.create([values]),
                    lambda: Handover.write([Handover(handover_id)], {
                            'appointment_at': values['appointment_at']
                            + dt.timedelta(hours=1)})]:
                with self.assertRaisesRegex(AccessError, "Portal users"):
                    attempt()

    def test_a_full_slot_is_refused(self):
        "Four units are received at a time; the fifth owner picks another"
        zhao = PortalClient(self.client(), 'zh-CN')
        zhao.sign_up('zhao@example.com', name="赵敏")
        _, sold, _ = self.estate('zhao@example.com', code='HX')
        form = zhao.get(f'/units/{sold}/handover')
        day = re.search(r'<option value="([\d-]+)"', form.text)[1]
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Unit = pool.get('cs.property.unit')
            Handover = pool.get('cs.handover')
            Party = pool.get('party.party')
            unit = Unit(sold)
            with set_company(unit.company):
                others = Unit.create([{
                            'building': unit.building.id, 'number': f'0{n}01',
                            'unit_type': unit.unit_type.id,
                            'owner': Party.create([{'name': f"业主{n}"}])[0].id,
                            'state': 'sold'} for n in range(1, 5)])
                batch = Pool().get('cs.handover.batch').search(
                    [('buildings', '=', unit.building.id)])[0]
                Handover.create([{
                            'batch': batch.id, 'unit': u.id,
                            'party': u.owner.id, 'occupant': 'owner',
                            'appointment_at': dt.datetime.fromisoformat(
                                f'{day}T10:00')} for u in others])
            transaction.commit()
        full = zhao.post(f'/units/{sold}/handover', {
                'day': day, 'slot': '10:00'})
        self.assertEqual(full.status_code, 200)
        self.assertIn("该时段已约满", full.text)
        booked = zhao.post(f'/units/{sold}/handover', {
                'day': day, 'slot': '11:00'})
        self.assertEqual(booked.status_code, 303)
