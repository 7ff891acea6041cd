# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Coverage and repair requests on the portal (WA-02, CS-04, CS-06)"
import re

from trytond.modules.company.tests import set_company
from trytond.modules.cs_base.tests.test_portal import (
    PortalClient, PortalRouteTestCase)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.modules.cs_warranty.tests.test_module import (
    create_product, create_warranty)
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction


class WarrantyPortalTestCase(PortalRouteTestCase):
    "Test the coverage and repair pages"
    module = 'cs_warranty'
    extras = suite_but('cs_warranty')

    def cover(self, email, product_name):
        "The desk records a warranty for the web user's customer"
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            WebUser = pool.get('web.user')
            Company = pool.get('company.company')
            user, = WebUser.search([('email', '=', email)])
            company, = Company.search([])
            with set_company(company):
                warranty = create_warranty(
                    create_product(product_name), user.party,
                    serial='SN-' + product_name)
            transaction.commit()
            return warranty.id

    def test_coverage_and_repair_request(self):
        olga = PortalClient(self.client(), 'ru')
        olga.sign_up('olga@example.com')
        warranty = self.cover('olga@example.com', "Чайник")
        page = olga.get('/warranties')
        self.assertIn("Чайник", page.text)
        self.assertIn("SN-Чайник", page.text)
        self.assertIn("Возврат денег до", page.text)
        self.assertIn("Замена до", page.text)

        form = f'/warranties/{warranty}/repair'
        self.assertEqual(olga.get(form).status_code, 200)
        empty = olga.post(form, {'fault': '', 'fault_description': "Течёт",
                'fault_date': '2026-11-20'})
        self.assertIn("Заполните поле", empty.text)
        self.assertIn("Течёт", empty.text)
        future = olga.post(form, {'fault': "Течёт",
                'fault_description': "Течёт снизу",
                'fault_date': '2099-01-01'})
        self.assertIn("не может быть в будущем", future.text)
        # dates no one means: before the purchase, a visit in 9999 or in
        # year 1, which no time zone can convert
        for fault_date, appointment in [
                ('0001-01-01', ''), ('2026-11-20', '9999-12-31T23:59'),
                ('2026-11-20', '0001-01-01T00:00'),
                ('2026-11-20', '1900-01-01T10:00')]:
            odd = olga.post(form, {'fault': "Течёт",
                    'fault_description': "Течёт снизу",
                    'fault_date': fault_date, 'service_mode': 'on_site',
                    'appointment_at': appointment})
            self.assertEqual(odd.status_code, 200, appointment)
            self.assertIn("Выберите дату с", odd.text)
        visit = olga.post(form, {'fault': "Течёт",
                'fault_description': "Течёт снизу",
                'fault_date': '2026-11-20', 'service_mode': 'on_site'})
        self.assertIn("Выберите дату и время", visit.text)
        sent = olga.post(form, {'fault': "Течёт",
                'fault_description': "Течёт снизу", 'phone': '+7 913 1',
                'fault_date': '2026-11-20', 'service_mode': 'in_shop'})
        self.assertEqual(sent.status_code, 303)
        order_id = int(re.search(r'/repairs/(\d+)', sent.headers[
                    'Location'])[1])
        listed = olga.get('/repairs')
        self.assertIn("Течёт", listed.text)
        self.assertIn("Ожидает", listed.text)
        # a draft order has no number yet: its page has a title of its own
        self.assertIn("<title>Новый заказ на ремонт",
            olga.get(f'/repairs/{order_id}').text)

        with Transaction().start(DB_NAME, 0):
            Order = Pool().get('cs.repair.order')
            order = Order(order_id)
            self.assertEqual(order.state, 'draft')
            self.assertEqual(order.channel.code, 'portal')
            self.assertEqual(order.warranty.id, warranty)

        wang = PortalClient(self.client(), 'zh-CN')
        wang.sign_up('wang@example.com', name="王伟")
        self.assertEqual(wang.get(form).status_code, 404)
        self.assertEqual(wang.post(form, {'fault': "x",
                    'fault_description': "x", 'fault_date': '2026-11-20'}
                ).status_code, 404)
        detail = wang.get(f'/repairs/{order_id}')
        self.assertEqual(detail.status_code, 404)
        self.assertNotIn("Течёт", detail.text)
        self.assertNotIn("Чайник", wang.get('/warranties').text)
