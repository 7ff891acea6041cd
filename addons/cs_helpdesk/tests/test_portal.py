# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Requests on the portal: submit, follow, answer, rate (HD-02, HD-09, CS-06)"
import datetime as dt
import io
import re

import pypdf
from PIL import Image

from trytond.model.exceptions import AccessButtonError, AccessError
from trytond.modules.company.tests import set_company
from trytond.modules.cs_base.tests.test_portal import (
    PortalClient, PortalRouteTestCase, SMTPSink, committed)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction


def photo(size=(8, 8)):
    "A real JPEG photo, as a phone sends it"
    data = io.BytesIO()
    Image.new('RGB', size, (200, 30, 30)).save(data, 'JPEG')
    return data.getvalue()


def receipt():
    "A real one-page PDF"
    data = io.BytesIO()
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(data)
    return data.getvalue()


JPEG = photo()


def number_of(response):
    return re.search(r'/tickets/([^/?]+)', response.headers['Location'])[1]


class HelpdeskPortalTestCase(PortalRouteTestCase):
    "Test the ticket pages of the portal"
    module = 'cs_helpdesk'
    extras = suite_but('cs_helpdesk')

    def portal(self, email, language='ru', name="Анна Кузнецова"):
        portal = PortalClient(self.client(), language)
        portal.sign_up(email, name=name)
        return portal

    def submit(self, portal, description, files=()):
        page = portal.get('/tickets/new')
        complaint = re.search(
            r'<option value="(\d+)">(Жалоба|投诉|Complaint)', page.text)[1]
        data = {'type': complaint, 'description': description}
        if files:
            data['files'] = list(files)
        return portal.post('/tickets/new', data)

    def staff(self, number, function):
        "What the service desk does in the client, as administrator"
        def run():
            Ticket = Pool().get('cs.helpdesk.ticket')
            ticket, = Ticket.search([('number', '=', number)])
            return function(Ticket, ticket)
        return committed(run, user=1)

    def test_complaint_from_submission_to_rating(self):
        portal = self.portal('olga@example.com')
        form = portal.get('/tickets/new')
        self.assertIn("Жалоба", form.text)
        self.assertNotIn("Бюро находок", form.text)  # not a portal type

        empty = self.submit(portal, "")
        self.assertIn("Заполните поле «Описание»", empty.text)
        text = self.submit(portal, "Кассир обсчитал на 200 юаней", files=[
                (io.BytesIO(b'MZ\x90\x00'), 'virus.exe')])
        self.assertIn("virus.exe", text.text)
        self.assertIn("Кассир обсчитал на 200 юаней", text.text)

        with SMTPSink() as sink:
            sent = self.submit(portal, "Кассир обсчитал на 200 юаней", files=[
                    (io.BytesIO(JPEG), 'чек.jpg')])
        self.assertEqual(sent.status_code, 303)
        number = number_of(sent)
        mail, = sink.messages
        self.assertEqual(mail['To'], 'olga@example.com')
        self.assertIn(number, mail['Subject'])
        self.assertIn("зарегистрировано", mail['Subject'])
        self.assertIn(f'/portal/tickets/{number}', mail.get_content())

        def check(Ticket, ticket):
            Attachment = Pool().get('ir.attachment')
            self.assertEqual(ticket.channel.code, 'portal')
            self.assertEqual(ticket.state, 'registered')
            self.assertEqual(ticket.language.code, 'ru')
            self.assertTrue(ticket.resolution_deadline)
            attachment, = Attachment.search(
                [('resource', '=', str(ticket))])
            self.assertEqual(attachment.name, 'чек.jpg')
        self.staff(number, check)
        listed = portal.get('/tickets')
        self.assertIn(number, listed.text)
        self.assertIn("Зарегистрировано", listed.text)
        # times in the customer's time zone (the test site's is UTC)
        received = self.staff(number, lambda T, t: t.received_at)
        portal.post('/account', {
                'name': "Анна Кузнецова", 'timezone': 'Asia/Vladivostok'})
        in_vladivostok = received + dt.timedelta(hours=10)
        self.assertIn(in_vladivostok.strftime('%d.%m.%Y %H:%M'),
            portal.get('/tickets').text.replace('\xa0', ' '))

        def resolve(Ticket, ticket):
            Event = Pool().get('cs.helpdesk.ticket.event')
            Event.create([
                    {'ticket': ticket.id, 'action': 'note', 'public': False,
                        'note': "Кассир Ли — внутренняя заметка"},
                    {'ticket': ticket.id, 'action': 'note', 'public': True,
                        'note': "Проверили чек, вернём разницу."}])
            Department = Pool().get('cs.department')
            cashiers, = Department.create([{
                        'name': "Касса", 'company': ticket.company.id}])
            ticket.department = cashiers
            ticket.save()
            Ticket.dispatch([ticket])
            Ticket.acknowledge([ticket])
            Ticket.do_reply([ticket], "Ольга, проверяем ваш чек на кассе.")
            ticket.result = "Разница 200 юаней возвращена на карту."
            ticket.save()
            Ticket.resolve([ticket])
        self.staff(number, resolve)
        detail = portal.get(f'/tickets/{number}')
        self.assertIn("Разница 200 юаней возвращена", detail.text)
        self.assertIn("Проверили чек", detail.text)
        self.assertIn("Ответ клиенту", detail.text)
        self.assertIn("Ольга, проверяем ваш чек на кассе.", detail.text)
        self.assertNotIn("внутренняя заметка", detail.text)

        rejected = portal.post(f'/tickets/{number}/reject', {
                'reason': "Деньги не пришли"})
        self.assertEqual(rejected.status_code, 303)
        self.assertEqual(
            self.staff(number, lambda T, t: t.state), 'in_progress')
        refused = portal.post(f'/tickets/{number}/confirm', {})
        self.assertIn("ещё нет ответа", refused.text)

        self.staff(number, lambda T, t: T.resolve([t]))
        portal.post(f'/tickets/{number}/comment', {
                'comment': "Теперь пришли, спасибо"})
        portal.post(f'/tickets/{number}/confirm', {})
        confirmed = portal.get(f'/tickets/{number}')
        self.assertNotIn(f'/tickets/{number}/confirm', confirmed.text)
        self.assertIn(f'/tickets/{number}/rate', confirmed.text)
        again = portal.post(f'/tickets/{number}/confirm', {})
        self.assertIn("уже подтвердили", again.text)
        rated = portal.post(f'/tickets/{number}/rate', {
                'rating': '5', 'comment': "Быстро"})
        self.assertEqual(rated.status_code, 303)
        twice = portal.post(f'/tickets/{number}/rate', {'rating': '1'})
        self.assertEqual(twice.status_code, 200)
        self.assertIn("только один раз", twice.text)
        late = portal.post(f'/tickets/{number}/reject', {'reason': "Нет"})
        self.assertIn("уже подтвердили", late.text)

        def history(Ticket, ticket):
            self.assertEqual([s.rating for s in ticket.satisfactions], [5])
            return [(e.action, e.note) for e in ticket.events]
        events = self.staff(number, history)
        self.assertIn(('customer_comment', "Теперь пришли, спасибо"), events)
        self.assertIn(('customer_confirm', None), events)
        self.assertIn(('reject_resolution', "Деньги не пришли"), events)

    def test_unexpected_error_shows_no_traceback(self):
        "A fault of the server: the customer reads an apology, no internals"
        from unittest.mock import patch
        portal = self.portal('err@example.com')
        with Transaction().start(DB_NAME, 0):
            Type = Pool().get('cs.helpdesk.ticket.type')
        with patch.object(Type, 'search',
                side_effect=RuntimeError("secret internals")):
            page = portal.get('/tickets/new')
        self.assertEqual(page.status_code, 500)
        self.assertIn("У нас произошла ошибка", page.text)
        self.assertNotIn("secret internals", page.text)
        self.assertNotIn("Traceback", page.text)

    def test_request_about_a_purchase(self):
        "The customer's confirmed purchases are offered, nobody else's"
        portal = self.portal('buyer@example.com', 'zh-CN', "刘洋")
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Sale = pool.get('sale.sale')
            Party = pool.get('party.party')
            WebUser = pool.get('web.user')
            Company = pool.get('company.company')
            buyer = WebUser.search([('email', '=', 'buyer@example.com')])[0]
            company, = Company.search([])
            with set_company(company):
                other, = Party.create([{'name': "张伟",
                            'addresses': [('create', [{}])]}])
                address, = pool.get('party.address').create(
                    [{'party': buyer.party.id}])
                mine, theirs = Sale.create([
                        {'party': buyer.party.id, 'reference': 'XS-1001',
                            'invoice_address': address.id,
                            'shipment_address': address.id},
                        {'party': other.id, 'reference': 'XS-2002',
                            'invoice_address': other.addresses[0].id,
                            'shipment_address': other.addresses[0].id}])
                Sale.write([mine, theirs], {'state': 'confirmed',
                        'sale_date': dt.date.today()})
            transaction.commit()
        form = portal.get('/tickets/new')
        self.assertIn('XS-1001', form.text)
        self.assertNotIn('XS-2002', form.text)
        complaint = re.search(r'<option value="(\d+)">投诉', form.text)[1]
        about_mine = portal.post('/tickets/new', {'type': complaint,
                'description': "拉链坏了", 'sale': str(mine.id)})
        about_theirs = portal.post('/tickets/new', {'type': complaint,
                'description': "别人的订单", 'sale': str(theirs.id)})

        def sale_of(response):
            return self.staff(number_of(response), lambda T, t: t.sale)
        self.assertEqual(sale_of(about_mine).id, mine.id)
        self.assertIsNone(sale_of(about_theirs))

    def test_attachments_are_what_they_claim_and_safely_named(self):
        """A file that only starts like a photo or a PDF is refused; a real
        one is kept under a name without folders, control or bidirectional
        characters, with the extension of what it is"""
        portal = self.portal('files@example.com')
        for data, name in [
                (b'%PDF-1.7\n<html><script>alert(1)</script></html>',
                    'receipt.pdf'),
                (b'\xff\xd8\xff\xe0<?php system($_GET["c"]); ?>',
                    'photo.jpg'),
                (photo()[:40], 'cut.jpg')]:
            refused = self.submit(portal, "Чек не читается",
                files=[(io.BytesIO(data), name)])
            self.assertEqual(refused.status_code, 200, name)
            self.assertIn(name, refused.text)
        sent = self.submit(portal, "Фото и чек", files=[
                (io.BytesIO(photo()), '../../../../tmp/x.jpg'),
                (io.BytesIO(photo()), 'a\x00b.jpg'),
                (io.BytesIO(photo()), 'rtl\u202egpj.exe'),
                (io.BytesIO(receipt()), 'чек.pdf')])
        self.assertEqual(sent.status_code, 303)

        def names(Ticket, ticket):
            Attachment = Pool().get('ir.attachment')
            return sorted(a.name for a in Attachment.search(
                    [('resource', '=', str(ticket))]))
        self.assertEqual(self.staff(number_of(sent), names),
            ['ab.jpg', 'rtlgpj.jpg', 'x.jpg', 'чек.pdf'])

    def test_portal_user_writes_only_for_its_customer(self):
        """The portal creates requests as the Portal user, whose record
        rule allows a request of the signed-in customer only: a page that
        forgot to check would still not write for someone else"""
        self.portal('rules.anna@example.com')
        self.portal('rules.wang@example.com', 'zh-CN', "王伟")
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            WebUser = pool.get('web.user')
            ModelData = pool.get('ir.model.data')
            Type = pool.get('cs.helpdesk.ticket.type')
            Company = pool.get('company.company')
            anna, wang = [WebUser.search([('email', '=', e)])[0].party
                for e in ['rules.anna@example.com', 'rules.wang@example.com']]
            type_, = Type.search([('portal', '=', True)], limit=1)
            company, = Company.search([])
            portal_user = ModelData.get_id('cs_base', 'user_portal')
            channel = ModelData.get_id('cs_base', 'channel_portal')
        # as Page.customer() sets it
        context = {'company': company.id, '_companies': (company.id,),
            'portal_party': anna.id, '_check_access': True}
        with Transaction().start(DB_NAME, portal_user, context=context):
            Ticket = Pool().get('cs.helpdesk.ticket')
            values = {'company': company.id, 'type': type_.id,
                'channel': channel, 'description': "Чужая заявка"}
            with self.assertRaisesRegex(AccessError, "their own records"):
                Ticket.create([dict(values, party=wang.id)])
            mine, = Ticket.create([dict(values, party=anna.id)])
            with self.assertRaises(AccessError):
                Ticket.write([mine], {'description': "Изменено"})
            # the customer's steps are clicks on the customer's own only
            Ticket.customer_comment([mine], "Спасибо")
            with Transaction().set_user(0):
                wangs, = Ticket.create([dict(values, party=wang.id)])
            with self.assertRaisesRegex(AccessError, "their own records"):
                Ticket.customer_comment([Ticket(wangs.id)], "Чужая")
        # and no staff member takes them for a customer
        with Transaction().start(DB_NAME, 1, context={
                    'company': company.id, '_companies': (company.id,),
                    '_check_access': True}):
            Ticket = Pool().get('cs.helpdesk.ticket')
            with self.assertRaisesRegex(AccessButtonError, "customer_comment"):
                Ticket.customer_comment([Ticket(mine.id)], "Ложь")

    def test_requests_per_account_are_limited(self):
        """An account sends a limited number of requests and comments in a
        few minutes (10 with the default [session] max_attempt of 5); the
        next is refused with the time to wait, and nothing is registered"""
        from trytond.config import config
        portal = self.portal('busy@example.com')
        max_attempt = config.get('session', 'max_attempt', default='5')
        config.set('session', 'max_attempt', '1')  # 2 per account
        try:
            answers = [self.submit(portal, f"Жалоба {i}") for i in range(3)]
        finally:
            config.set('session', 'max_attempt', max_attempt)
        self.assertEqual([a.status_code for a in answers], [303, 303, 429])
        self.assertIn("Слишком много попыток", answers[-1].text)
        self.assertNotIn("Жалоба 2", portal.get('/tickets').text)

    def test_other_customers_request_is_not_found(self):
        "Guessing another customer's number shows nothing of it"
        anna = self.portal('anna@example.com')
        number = number_of(self.submit(anna, "Сломалась молния на куртке"))
        wang = self.portal('wang@example.com', 'zh-CN', "王伟")
        for response in [
                wang.get(f'/tickets/{number}'),
                wang.post(f'/tickets/{number}/comment', {'comment': "x"}),
                wang.post(f'/tickets/{number}/rate', {'rating': '1'})]:
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("молния", response.text)
            self.assertIn("不属于您", response.text)
        self.assertNotIn(number, wang.get('/tickets').text)

        # a draft the desk started for her is not hers to follow yet
        def draft(Ticket, ticket):
            Ticket.copy([ticket])
        self.staff(number, draft)
        listed = anna.get('/tickets')
        self.assertEqual(listed.status_code, 200)
        self.assertEqual(listed.text.count('/portal/tickets/KF'), 1)
        events = self.staff(number, lambda T, t: [e.action for e in t.events])
        self.assertEqual(events, ['register'])

    def test_merged_request_shows_the_kept_one(self):
        """Two requests of hers merged by the desk: she sees the kept one
        only, and the other's number opens it"""
        anna = self.portal('anna.merged@example.com')
        first = number_of(self.submit(anna, "Сломалась молния на куртке"))
        second = number_of(self.submit(anna, "Опять про молнию куртки"))

        def merge(Ticket, ticket):
            other, = Ticket.search([('number', '=', second)])
            return Ticket.merge([ticket, other]).number
        self.assertEqual(self.staff(first, merge), first)
        listed = anna.get('/tickets').text
        self.assertIn(first, listed)
        self.assertNotIn(second, listed)
        opened = anna.get(f'/tickets/{second}')
        self.assertEqual(opened.status_code, 303)
        self.assertIn(f'/tickets/{first}', opened.headers['Location'])
        self.assertIn(second, anna.get(f'/tickets/{first}').text)
