# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt
import io
import zipfile
from decimal import Decimal
from unittest.mock import patch

from trytond.exceptions import UserError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.cs_base.tests.tools import (
    job_errors, suite_but, write_behind)
from trytond.modules.cs_membership.exceptions import MembershipError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


def create_card(name="Анна Кузнецова"):
    pool = Pool()
    Party = pool.get('party.party')
    Card = pool.get('cs.membership.card')
    party, = Party.create([{'name': name}])
    card, = Card.create([{'member': party.id}])
    return card


class CsMembershipTestCase(CompanyTestMixin, ModuleTestCase):
    "Test cs_membership module"
    module = 'cs_membership'
    extras = suite_but('cs_membership')

    @with_transaction()
    def test_ledger_append_only(self):
        "Points lines are never edited or deleted; the balance follows them"
        pool = Pool()
        Card = pool.get('cs.membership.card')
        Line = pool.get('cs.membership.points.line')
        company = create_company()
        with set_company(company):
            card = create_card()
            self.assertTrue(card.number.startswith('8600'))
            line = Card.add_points(card, 500, 'adjustment')
            Card.add_points(card, -200, 'redemption')
            self.assertEqual(Card(card.id).balance, 300)
            with self.assertRaisesRegex(MembershipError, "300 points"):
                Card.add_points(card, -301, 'redemption')
            self.assertEqual(Card(card.id).balance, 300)
            with self.assertRaisesRegex(UserError, "never changed"):
                Line.write([line], {'points': 5000})
            with self.assertRaisesRegex(UserError, "never changed"):
                Line.delete([line])

    @with_transaction()
    def test_customer_found_by_card_number(self):
        "The clerk types the number of the card the customer hands over"
        Party = Pool().get('party.party')
        company = create_company()
        with set_company(company):
            card = create_card()
            create_card("王芳")
            self.assertEqual(
                Party.search([('rec_name', 'ilike', f'%{card.number}%')]),
                [card.member])
            self.assertEqual(
                Party.search([('rec_name', '=', card.number)]), [card.member])

            # an update of a site from before the keys: the parties' keys
            # are filled first, the cards' then add their numbers
            cursor = Transaction().connection.cursor()
            for Model in [Party, Pool().get('cs.membership.card')]:
                table = Model.__table__()
                cursor.execute(*table.update([table.cs_search_key], [None]))
            Party.fill_search_keys()
            Pool().get('cs.membership.card').fill_search_keys()
            self.assertEqual(
                Party.search([('rec_name', 'ilike', f'%{card.number}%')]),
                [card.member])

    @with_transaction()
    def test_card_found_in_any_script(self):
        "A card is found by its member's name in pinyin, Cyrillic or Latin"
        Card = Pool().get('cs.membership.card')
        with set_company(create_company()):
            wang, anna = create_card("王芳"), create_card()
            for typed, card in [("wangfang", wang), ("Ван Фан", wang),
                    ("anna kuznetsova", anna), (anna.number, anna)]:
                with self.subTest(typed=typed):
                    self.assertEqual(Card.search(
                            [('rec_name', 'ilike', f'%{typed}%')]), [card])

    @with_transaction()
    def test_card_printed_with_barcode_and_qr_code(self):
        "The printed card carries its number as a barcode and a QR code"
        pool = Pool()
        CardReport = pool.get('cs.membership.card.report', type='report')
        company = create_company()
        with set_company(company):
            card = create_card()
            extension, content, _, name = CardReport.execute([card.id], {})
        self.assertEqual(extension, 'odt')
        with zipfile.ZipFile(io.BytesIO(content)) as odt:
            pictures = [n for n in odt.namelist()
                if n.startswith('Pictures/') and n.endswith('.svg')]
            text = odt.read('content.xml').decode()
        self.assertEqual(len(pictures), 2)
        self.assertIn(card.number, text)
        self.assertIn("Member Card", text)

    @with_transaction()
    def test_one_card_per_member(self):
        pool = Pool()
        Card = pool.get('cs.membership.card')
        company = create_company()
        with set_company(company):
            card = create_card()
            with self.assertRaisesRegex(MembershipError, "already holds"):
                Card.create([{'member': card.member.id}])

    @with_transaction()
    def test_expiry_spends_oldest_first(self):
        "Points expire when unspent by their date; spending uses old ones"
        pool = Pool()
        Card = pool.get('cs.membership.card')
        Line = pool.get('cs.membership.points.line')
        company = create_company()
        with set_company(company):
            card = create_card()
            old = dt.date(2024, 1, 10)
            Card.add_points(card, 1000, 'sale', date=old)
            Card.add_points(card, 400, 'sale', date=dt.date(2025, 6, 1))
            Card.add_points(card, -700, 'redemption')
            self.assertEqual(
                list(Line.expiring(dt.date(2026, 1, 31))), [(card.id, 300)])
            self.assertEqual(list(Line.expiring(dt.date(2026, 1, 9))), [])
            # the first 1000 expire on 2026-01-10: 300 of them are unspent
            Card.expire_points(dt.date(2026, 1, 9))
            self.assertEqual(Card(card.id).balance, 700)
            Card.expire_points(dt.date(2026, 1, 10))
            self.assertEqual(Card(card.id).balance, 400)
            Card.expire_points(dt.date(2026, 1, 11))
            self.assertEqual(Card(card.id).balance, 400)
            expired, = [l for l in Card(card.id).lines
                if l.reason == 'expiry']
            self.assertEqual(expired.points, -300)
            self.assertEqual(list(Line.expiring(dt.date(2027, 6, 30))),
                [(card.id, 400)])
            # a sale recorded late, already past expiry, goes at the next run
            Card.add_points(card, 50, 'sale', date=dt.date(2023, 12, 1))
            self.assertEqual(list(Line.expiring(dt.date(2026, 2, 1))),
                [(card.id, 50)])
            Card.expire_points(dt.date(2026, 1, 11))
            self.assertEqual(Card(card.id).balance, 400)

    @with_transaction()
    def test_cards_past_their_date_expire(self):
        "The daily job expires the active cards past their expiry date"
        pool = Pool()
        Card = pool.get('cs.membership.card')
        company = create_company()
        with set_company(company):
            past, valid = create_card(), create_card("王芳")
            write_behind(past, expires_on=dt.date(2020, 1, 1))
            Card.expire_cards()
            self.assertEqual(Card(past.id).state, 'expired')
            self.assertEqual(Card(valid.id).state, 'active')

    @with_transaction()
    def test_card_expiry_skips_a_duplicate_card(self):
        """A member given a second card by an import behind the checks: the
        card whose change the one-card rule refuses is skipped and
        reported; the other cards past their date expire"""
        pool = Pool()
        Card = pool.get('cs.membership.card')
        company = create_company()
        with set_company(company):
            first, duplicate, other = (
                create_card(), create_card("Пётр"), create_card("王芳"))
            write_behind(duplicate, member=first.member.id)
            for card in [first, duplicate, other]:
                write_behind(card, expires_on=dt.date(2020, 1, 1))
            Card.expire_cards()
            self.assertEqual(Card(other.id).state, 'expired')
            errors = job_errors('cs.membership.card|expire_cards')
            self.assertEqual(len(errors), 2)
            self.assertEqual(
                [Card(c.id).state for c in [first, duplicate]],
                ['active', 'active'])

    @with_transaction()
    def test_expiry_job_skips_a_broken_card(self):
        """A card whose balance disagrees with its ledger is skipped and
        reported; the points of the other cards expire"""
        pool = Pool()
        Card = pool.get('cs.membership.card')
        company = create_company()
        with set_company(company):
            broken, good = create_card(), create_card("王芳")
            for card in [broken, good]:
                Card.add_points(card, 100, 'sale', date=dt.date(2024, 1, 1))
            # a balance written behind the ledger's back
            write_behind(broken, balance=0)
            Card.expire_points(dt.date(2026, 6, 1))
            self.assertEqual(Card(good.id).balance, 0)
            self.assertEqual(
                sorted(l.reason for l in Card(good.id).lines),
                ['expiry', 'sale'])
            self.assertEqual(
                [l.reason for l in Card(broken.id).lines], ['sale'])
            errors = job_errors('cs.membership.card|expire_points')
            self.assertIn(broken.number, errors[-1].message)
            self.assertIn("taken off", errors[-1].message)

    @with_transaction()
    def test_tier_review_skips_a_card_it_cannot_update(self):
        """A card whose member cannot be updated is skipped and reported;
        the other cards of its batch still move to their tier"""
        pool = Pool()
        Card = pool.get('cs.membership.card')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            stuck, good = create_card(), create_card("王芳")
            today = dt.date.today()
            for card in [stuck, good]:
                # enough for the tier whose members are VIP
                Card.add_points(card, 21000, 'sale', date=today)
            write = Party.write

            def refuse_stuck(*args):
                if stuck.member in args[0]:
                    raise UserError("档案被锁定 · Карточка заблокирована")
                return write(*args)
            with patch.object(Party, 'write', side_effect=refuse_stuck):
                Card.review_tiers()
            self.assertEqual(Card(good.id).tier.qualifying_points, 20000)
            self.assertEqual(Card(stuck.id).tier.qualifying_points, 0)
            error, = job_errors('cs.membership.card|review_tiers')
            self.assertIn(stuck.number, error.message)
            self.assertIn("Карточка заблокирована", error.message)

    @with_transaction()
    def test_classification_skips_a_corrupt_party(self):
        """A customer whose stored classification is not one of the suite's
        (a faulty import) is skipped and reported; the others are
        classified"""
        pool = Pool()
        Party = pool.get('party.party')
        imported, fine = Party.create([
                {'name': "陈伟", 'cs_classification': 'general'},
                {'name': "李娜"}])
        write_behind(imported, cs_classification='gold')
        Party._cs_apply_classification({
                imported.id: (Decimal(25000), 3),
                fine.id: (Decimal(25000), 3)}, dt.date.today())
        self.assertEqual(Party(fine.id).cs_classification, 'important')
        self.assertEqual(Party(imported.id).cs_classification, 'gold')
        error, = job_errors('party.party|cs_refresh_classification')
        self.assertIn("陈伟", error.message)

    @with_transaction()
    def test_classification_not_lowered_after_complaints(self):
        "A customer who complained often is kept for the archive review"
        pool = Pool()
        Party = pool.get('party.party')
        Change = pool.get('cs.party.classification.change')
        loyal, unhappy, new = Party.create([
                {'name': "王芳", 'cs_classification': 'strategic'},
                {'name': "陈伟", 'cs_classification': 'strategic'},
                {'name': "李娜"}])
        figures = {
            loyal.id: (Decimal(0), 0),
            unhappy.id: (Decimal(0), 0),
            new.id: (Decimal(25000), 3),
            }
        since = dt.date.today()
        self.assertEqual(Party._cs_complaints(since), {})  # no tickets yet
        with patch.object(Party, '_cs_complaints',
                return_value={unhappy.id: 3}):
            Party._cs_apply_classification(figures, since)
        self.assertEqual(
            [p.cs_classification for p in [loyal, unhappy, new]],
            ['potential', 'strategic', 'important'])
        change, = Change.search([('party', '=', unhappy.id)])
        self.assertEqual((change.kept, change.complaints), (True, 3))


del ModuleTestCase
