# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""E-mail in and out of tickets, through inbound_email's HTTP endpoint fed
real e-mails (tests/mail/*.eml) as the site's mail server feeds it"""
import datetime as dt
import io
import re
from email.message import EmailMessage
from pathlib import Path
from unittest.mock import patch

from PIL import Image

from trytond.modules.cs_base.tests.test_portal import (
    PortalClient, PortalRouteTestCase, SMTPSink, committed)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME

MAIL = Path(__file__).parent / 'mail'
DESK = 'desk@mall.example.com'


def message(sender, subject, text, **headers):
    "An e-mail from sender to the desk"
    mail = EmailMessage()
    mail['From'] = sender
    mail['To'] = DESK
    mail['Subject'] = subject
    for name, value in headers.items():
        mail[name.replace('_', '-')] = value
    mail.set_content(text)
    return mail


class HelpdeskEmailTestCase(PortalRouteTestCase):
    "Test the e-mails to and from the service desk"
    module = 'cs_helpdesk'
    extras = suite_but('cs_helpdesk')

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.url = committed(cls.create_inbox)

    @classmethod
    def create_inbox(cls):
        "The desk's inbox: every mail to desk@ makes a complaint"
        pool = Pool()
        Inbox = pool.get('inbound.email.inbox')
        Type = pool.get('cs.helpdesk.ticket.type')
        Company = pool.get('company.company')
        company, = Company.search([])
        complaint, = Type.search([('kind', '=', 'complaint')])
        inbox, = Inbox.create([{'name': "Service desk", 'rules': [('create', [{
                                'destination': r'^desk@mall\.example\.com$',
                                'action': 'cs.helpdesk.ticket|'
                                'from_inbound_email',
                                'cs_company': company.id,
                                'cs_ticket_type': complaint.id,
                                }])]}])
        Inbox.new_identifier([inbox])
        return f'/{DB_NAME}/inbound_email/inbox/{inbox.identifier}'

    def post(self, data):
        "Post data (a message, a file name in mail/ or bytes) to the inbox"
        if isinstance(data, EmailMessage):
            data = bytes(data)
        elif isinstance(data, str):
            data = (MAIL / data).read_bytes()
        return self.client().post(self.url, data=data)

    def received(self):
        "The last inbound e-mail: (outcome, note, ticket)"
        def read():
            Email = Pool().get('inbound.email')
            email_ = Email.search([], order=[('id', 'DESC')], limit=1)[0]
            ticket = email_.result
            return email_.cs_outcome, email_.cs_note, (
                ticket.id if ticket else None)
        return committed(read)

    def ticket(self, ticket_id, function):
        def run():
            Ticket = Pool().get('cs.helpdesk.ticket')
            return function(Ticket, Ticket(ticket_id))
        return committed(run, context={'company': self.company_id()})

    def tickets_count(self):
        return committed(
            lambda: Pool().get('cs.helpdesk.ticket').search_count([]))

    def reply_to(self, mail, sender, text, subject=None):
        "The customer's answer to mail, from sender"
        return message(sender, subject or f"Re: {mail['Subject']}", text,
            Message_ID=f'<answer-{id(text)}@example.cn>',
            In_Reply_To=mail['Message-ID'], References=mail['Message-ID'])

    def test_conversation_by_email(self):
        """A customer's Chinese e-mail becomes a ticket and is acknowledged
        in Chinese; the clerk's reply goes out threaded; the customer's
        answer lands in the same ticket and resumes it; the resolution goes
        out with a link the customer rates the ticket by"""
        with SMTPSink() as sink:
            response = self.post('zh_gb2312_base64.eml')
        self.assertEqual(response.status_code, 204)
        outcome, note, ticket_id = self.received()
        self.assertEqual((outcome, note), ('created', None))

        def check(Ticket, ticket):
            Attachment = Pool().get('ir.attachment')
            attachment, = Attachment.search([('resource', '=', str(ticket))])
            return (ticket.state, ticket.channel.code, ticket.party,
                ticket.contact_name, ticket.contact_email,
                ticket.language.code, ticket.description,
                ticket.resolution_deadline, attachment.name,
                ticket.number)
        (state, channel, party, name, address, language, description,
            deadline, attachment, number) = self.ticket(ticket_id, check)
        self.assertEqual(
            (state, channel, party), ('registered', 'email', None))
        self.assertEqual((name, address), ("王芳", 'wang.fang@example.cn'))
        self.assertEqual(language, 'zh_CN')
        self.assertEqual(description, "电饭煲不能加热\n\n"
            "我在三楼买的电饭煲不能加热，请尽快处理。\n联系电话：13812345678")
        self.assertEqual(attachment, "发票.jpg")

        ack, = sink.messages
        self.assertEqual(ack['To'], 'wang.fang@example.cn')
        self.assertEqual(ack['Subject'], f'[{number}] 投诉')
        self.assertEqual(ack['In-Reply-To'], '<zh-gb2312@example.cn>')
        self.assertEqual(ack['Auto-Submitted'], 'auto-replied')
        self.assertIn("我们已收到您的诉求", ack.get_content())
        # the deadline in the customer's time zone (a walk-in's: the
        # company's, UTC on the test site)
        self.assertIn(f"{deadline:%Y-%m-%d %H:%M} (UTC)",
            ack.get_content().replace("\xa0", " "))

        def reply(Ticket, ticket):
            Ticket.do_reply([ticket], "王女士，售后人员明天上午上门检修。",
                send_email=True)
            Ticket.do_wait([ticket], "等待客户确认上门时间")
        with SMTPSink() as sink:
            self.ticket(ticket_id, reply)
        answer, = sink.messages
        self.assertIn(f'[{number}]', answer['Subject'])
        self.assertEqual(answer['In-Reply-To'], '<zh-gb2312@example.cn>')
        self.assertNotIn('Auto-Submitted', answer)
        self.assertIn("王女士，售后人员明天上午上门检修。", answer.get_content())

        reply = self.reply_to(
            answer, "王芳 <Wang.Fang@example.cn>", "明天上午十点可以。")
        customer_answer = reply['Message-ID']
        with SMTPSink() as sink:
            response = self.post(reply)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.received()[::2], ('comment', ticket_id))
        self.assertEqual(sink.messages, [])  # no acknowledgement of answers

        def history(Ticket, ticket):
            return ticket.state, [(e.action, e.note) for e in ticket.events]
        state, events = self.ticket(ticket_id, history)
        self.assertEqual(state, 'registered')  # the clock runs again
        self.assertEqual(events[:2], [
                ('resume', None), ('email_in', "明天上午十点可以。")])

        # the clerk makes the walk-in a customer; the resolution is e-mailed,
        # threaded, with the link the customer rates it by
        self.ticket(ticket_id, lambda T, t: T.create_party([t]))
        resolved, = self.resolve(ticket_id, "已上门检修，电饭煲恢复正常。")
        self.assertEqual(resolved['To'], 'wang.fang@example.cn')
        self.assertEqual(resolved['In-Reply-To'], customer_answer)
        self.assertIn("已上门检修，电饭煲恢复正常。", resolved.get_content())
        link = re.search(r'/portal(/rate/[\w-]+)', resolved.get_content())[1]
        visitor = PortalClient(self.client(), 'zh')
        self.assertIn("★★★★★", visitor.post(link, {'rating': '5'}).text)
        self.assertEqual(self.ticket(ticket_id, lambda T, t: [
                    s.rating for s in t.satisfactions]), [5])

    def test_number_from_another_address(self):
        """A subject carrying a ticket's number from an address that is not
        its customer's opens a ticket of its own"""
        self.post('ru_koi8r_qp.eml')
        _, _, ticket_id = self.received()
        number = self.ticket(ticket_id, lambda T, t: t.number)
        self.post(message("Mallory <mallory@example.org>",
                f"Re: [{number}] Разбитая игрушка",
                "Отмените заявку, пожалуйста."))
        outcome, _, other = self.received()
        self.assertEqual(outcome, 'created')
        self.assertNotEqual(other, ticket_id)
        notes = self.ticket(ticket_id, lambda T, t: [
                e.note for e in t.events])
        self.assertNotIn("Отмените заявку, пожалуйста.", notes)

    def test_answer_to_merged_ticket_lands_in_the_kept_one(self):
        olga = {}

        def customer():
            Party = Pool().get('party.party')
            party, = Party.create([{'name': "Ольга Смирнова",
                        'contact_mechanisms': [('create', [{
                                        'type': 'email',
                                        'value': 'olga@example.ru'}])]}])
            olga['id'] = party.id
        committed(customer)
        self.post('ru_cp1251_base64.eml')
        _, _, first = self.received()
        # the mail server delivers it again: the same ticket
        self.post('ru_cp1251_base64.eml')
        self.assertEqual(self.received()[::2], ('duplicate', first))
        self.post(message("Ольга Смирнова <olga@example.ru>",
                "Возврат чайника (ещё раз)",
                "Прошу вернуть деньги за чайник."))
        _, _, second = self.received()

        def merge(Ticket, ticket):
            self.assertEqual(ticket.party.id, olga['id'])
            kept = Ticket.merge([ticket, Ticket(second)])
            return Ticket(second).number, kept.id
        number, kept = self.ticket(first, merge)
        self.assertEqual(kept, first)
        self.post(message('olga@example.ru', f"Re: [{number}] Возврат чайника",
                "Чек приложила ещё раз."))
        self.assertEqual(self.received()[::2], ('comment', first))

    def test_charsets_and_scripts(self):
        "Chinese, Russian and English mails in their charsets and encodings"
        cases = {
            'zh_gbk_qp_html.eml': ("朱镕", 'zh_CN', "朱镕先生的会员卡积分没有到账"),
            'ru_koi8r_qp.eml': (
                "Иван Петров", 'ru', "ёлочная игрушка разбита"),
            'en_utf8_attachments.eml': ("John Smith", 'en', "escalator"),
            'unknown_charset.eml': ("Jane", 'en', "my parcel is lost"),
            }
        for name, (contact, language, text) in cases.items():
            with self.subTest(mail=name):
                self.assertEqual(self.post(name).status_code, 204)
                outcome, _, ticket_id = self.received()
                self.assertEqual(outcome, 'created')
                read = self.ticket(ticket_id, lambda T, t: (
                        t.contact_name, t.language.code, t.description))
                self.assertEqual(read[:2], (contact, language))
                self.assertIn(text, read[2])

    def again(self, name):
        "The mail of file name as a new one (another Message-ID)"
        return (MAIL / name).read_bytes().replace(
            b'Message-ID: <', b'Message-ID: <again-')

    def test_seven_attachments_and_unknown_charset_noted(self):
        self.post(self.again('en_utf8_attachments.eml'))
        outcome, note, ticket_id = self.received()
        self.assertEqual(outcome, 'created')
        self.assertIn("photo5.jpg, invoice.pdf.exe", note)

        def attachments(Ticket, ticket):
            Attachment = Pool().get('ir.attachment')
            return sorted(a.name for a in Attachment.search(
                    [('resource', '=', str(ticket))]))
        self.assertEqual(self.ticket(ticket_id, attachments),
            [f'photo{i}.jpg' for i in range(5)])
        self.post(self.again('unknown_charset.eml'))
        self.assertIn('"x-martian"', self.received()[1])

    def test_two_hundred_attachments(self):
        "The first five photos are attached; the others stay in the mail"
        mail = message("Many Files <many@example.com>", "Photos",
            "All the photos of the damage.")
        photo = io.BytesIO()
        Image.new('RGB', (4, 4)).save(photo, 'JPEG')
        for i in range(200):
            mail.add_attachment(photo.getvalue(), maintype='image',
                subtype='jpeg', filename=f'damage{i:03}.jpg')
        self.assertEqual(self.post(mail).status_code, 204)
        outcome, note, ticket_id = self.received()
        self.assertEqual(outcome, 'created')
        self.assertIn("195", note)

        def attachments(Ticket, ticket):
            Attachment = Pool().get('ir.attachment')
            return len(Attachment.search([('resource', '=', str(ticket))]))
        self.assertEqual(self.ticket(ticket_id, attachments), 5)

    def test_mails_of_programs_are_not_answered(self):
        """Auto-replies, bounces and the desk's own mails make no ticket and
        no acknowledgement: no loop of mails"""
        own = message(DESK, "Loop", "Our own acknowledgement, come back.")
        for mail in ['auto_reply.eml', 'bounce.eml', own]:
            with self.subTest(mail=str(mail)[:20]):
                count = self.tickets_count()
                with SMTPSink() as sink:
                    self.assertEqual(self.post(mail).status_code, 204)
                self.assertEqual(self.received(), ('ignored', None, None))
                self.assertEqual(self.tickets_count(), count)
                self.assertEqual(sink.messages, [])

    def test_bad_mails_are_kept_not_lost(self):
        "A mail without sender is quarantined; a 30 MB mail is refused"
        count = self.tickets_count()
        self.assertEqual(self.post('malformed.eml').status_code, 204)
        outcome, note, ticket = self.received()
        self.assertEqual((outcome, ticket), ('quarantined', None))
        self.assertIn("no sender", note)
        response = self.post(message(
                'big@example.com', "Big", "x" * (30 * 1024 * 1024)))
        self.assertEqual(response.status_code, 413)
        self.assertEqual(self.tickets_count(), count)

    def test_known_customer_found_by_address(self):
        "The customer's record, language and VIP from the address"
        def customer():
            pool = Pool()
            Party = pool.get('party.party')
            Lang = pool.get('ir.lang')
            ru, = Lang.search([('code', '=', 'ru')])
            Party.create([{'name': "Джон Смит", 'lang': ru.id,
                        'cs_vip': True, 'contact_mechanisms': [('create', [{
                                        'type': 'email',
                                        'value': 'john.smith@example.ru'}])]}])
        committed(customer)
        self.post(message("John <John.Smith@Example.ru>", "Parking",
                "The parking machine kept my card."))
        _, _, ticket_id = self.received()
        read = self.ticket(ticket_id, lambda T, t: (
                t.party.name, t.language.code, t.vip, t.contact_name))
        self.assertEqual(read, ("Джон Смит", 'ru', True, None))

    def customer_email(self, name, address, language):
        "A ticket from a known customer's e-mail, registered: its id"
        def customer():
            pool = Pool()
            Party = pool.get('party.party')
            Lang = pool.get('ir.lang')
            lang, = Lang.search([('code', '=', language)])
            Party.create([{'name': name, 'lang': lang.id,
                        'contact_mechanisms': [('create', [{
                                        'type': 'email',
                                        'value': address}])]}])
        committed(customer)
        self.post(message(address, "Шуба линяет",
                "Шуба линяет через неделю после покупки.",
                Message_ID=f'<{address}>'))
        return self.received()[2]

    def resolve(self, ticket_id, result):
        def resolve(Ticket, ticket):
            Department = Pool().get('cs.department')
            department, = Department.create([{
                        'name': "Отдел качества",
                        'company': ticket.company.id}])
            ticket.department = department
            ticket.save()
            Ticket.dispatch([ticket])
            Ticket.acknowledge([ticket])
            ticket.result = result
            ticket.save()
            Ticket.resolve([ticket])
        with SMTPSink() as sink:
            self.ticket(ticket_id, resolve)
        return sink.messages

    def test_rating_by_link(self):
        """The resolution is e-mailed with a link to rate it without signing
        in: once, on the portal's form with its token"""
        ticket_id = self.customer_email(
            "Пётр Иванов", 'petr@example.ru', 'ru')
        resolved, = self.resolve(ticket_id, "Шубу обменяли на новую.")
        text = resolved.get_content()
        self.assertIn("Ваше обращение", text)
        self.assertIn("Шубу обменяли на новую.", text)
        link = re.search(r'/portal(/rate/[\w-]+)', text)[1]

        visitor = PortalClient(self.client(), 'ru')
        form = visitor.get(link)
        self.assertEqual(form.status_code, 200)
        self.assertIn("Насколько вы довольны", form.text)
        forged = visitor.post(link, {'rating': '5'}, csrf=False)
        self.assertEqual(forged.status_code, 400)
        self.assertIn("Ваша оценка: ★★★★", visitor.post(
                link, {'rating': '4', 'comment': "Спасибо"}).text)
        self.assertEqual(self.ticket(ticket_id, lambda T, t: [
                    (s.rating, s.comment) for s in t.satisfactions]),
            [(4, "Спасибо")])
        again = visitor.post(link, {'rating': '1'})
        self.assertIn("ссылка больше не действует", again.text)
        guessed = visitor.get('/rate/' + 'A' * 43)
        self.assertIn("ссылка больше не действует", guessed.text)

    def test_rating_reminded_once(self):
        """A customer who has not rated within 3 days gets a new link once;
        the first stops working"""
        ticket_id = self.customer_email("Нина Орлова", 'nina@example.ru', 'ru')
        resolved, = self.resolve(ticket_id, "Деньги возвращены.")
        first = re.search(r'/portal(/rate/[\w-]+)', resolved.get_content())[1]
        later = dt.datetime.now() + dt.timedelta(days=4)

        def remind():
            Ticket = Pool().get('cs.helpdesk.ticket')
            with patch('trytond.modules.cs_base.workflow.clock',
                    return_value=later):
                Ticket.remind_ratings()
        with SMTPSink() as sink:
            committed(remind)
            committed(remind)
        reminder, = [m for m in sink.messages if m['To'] == 'nina@example.ru']
        second = re.search(
            r'/portal(/rate/[\w-]+)', reminder.get_content())[1]
        visitor = PortalClient(self.client(), 'ru')
        self.assertIn("ссылка больше не действует", visitor.get(first).text)
        self.assertEqual(visitor.get(second).status_code, 200)
        # on a Chinese phone: the page in the ticket's language
        phone = PortalClient(self.client(), 'zh')
        self.assertIn("Насколько вы довольны", phone.get(second).text)

    def desk(self, function):
        "function run in the desk's window (its save registers)"
        def run():
            return function(Pool().get('cs.helpdesk.ticket'))
        return committed(run, context={
                'company': self.company_id(), 'cs_register': True})

    def test_walk_in_answered_on_the_spot_gets_one_email(self):
        """A walk-in who left an e-mail, answered at the desk: sao saves the
        ticket (registering it) before Answer on the Spot closes it, and the
        customer gets its closure alone, not an acknowledgement first; one
        saved without its answer is acknowledged"""
        def create(result):
            def run(Ticket):
                pool = Pool()
                Type = pool.get('cs.helpdesk.ticket.type')
                Lang = pool.get('ir.lang')
                consultation, = Type.search(
                    [('kind', '=', 'consultation')], limit=1)
                ru, = Lang.search([('code', '=', 'ru')])
                ticket, = Ticket.create([{'type': consultation.id,
                            'contact_name': "Анна Соколова",
                            'language': ru.id,
                            'contact_email': 'anna@example.ru',
                            'description': "Во сколько закрывается парковка?",
                            'result': result}])
                return ticket.id
            return run
        with SMTPSink() as sink:
            spot = self.desk(create("До 22:00."))
            self.desk(lambda Ticket: Ticket.answer_now([Ticket(spot)]))
        closed, = sink.messages
        self.assertIn("закрыто", closed.get_content())
        self.assertEqual(self.ticket(spot, lambda T, t: t.state), 'closed')

        with SMTPSink() as sink:
            self.desk(create(None))
        ack, = sink.messages
        self.assertEqual(ack['To'], 'anna@example.ru')
        self.assertIn("зарегистрировали", ack.get_content())

    def test_notices_follow_the_ticket_type(self):
        "A type without e-mail notices sends no acknowledgement"
        def quiet():
            Type = Pool().get('cs.helpdesk.ticket.type')
            complaint, = Type.search([('kind', '=', 'complaint')])
            Type.write([complaint], {'email_notices': ['resolve']})
        committed(quiet)
        try:
            with SMTPSink() as sink:
                self.post(self.again('ru_koi8r_qp.eml'))
            self.assertEqual(self.received()[0], 'created')
            self.assertEqual(sink.messages, [])
        finally:
            def loud():
                Type = Pool().get('cs.helpdesk.ticket.type')
                complaint, = Type.search([('kind', '=', 'complaint')])
                Type.write([complaint], {
                        'email_notices': ['register', 'resolve', 'close']})
            committed(loud)
