# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The member's card on the portal (ME-01, ME-02, CS-06)"
from trytond.modules.company.tests import set_company
from trytond.modules.cs_base.tests.test_portal import (
    PortalClient, PortalRouteTestCase)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction


class MembershipPortalTestCase(PortalRouteTestCase):
    "Test the member's card page"
    module = 'cs_membership'
    extras = suite_but('cs_membership')

    def test_member_sees_own_card_and_ledger(self):
        anna = PortalClient(self.client(), 'ru')
        anna.sign_up('anna@example.com')
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            WebUser = pool.get('web.user')
            Card = pool.get('cs.membership.card')
            Company = pool.get('company.company')
            user, = WebUser.search([('email', '=', 'anna@example.com')])
            company, = Company.search([])
            with set_company(company):
                card, = Card.create([{'member': user.party.id}])
                Card.add_points(card, 1200, 'adjustment')
                Card.add_points(card, -200, 'redemption',
                    redemption_kind='gift')
            number = card.number
            transaction.commit()

        page = anna.get('/card')
        self.assertEqual(page.status_code, 200)
        self.assertIn(number, page.text)
        self.assertIn("<strong>1000</strong>", page.text)
        self.assertIn("Списание", page.text)
        self.assertIn("data:image/svg+xml;base64,", page.text)

        wang = PortalClient(self.client(), 'zh-CN')
        wang.sign_up('wang@example.com', name="王伟")
        other = wang.get('/card')
        self.assertNotIn(number, other.text)
        self.assertIn("您还没有会员卡", other.text)
