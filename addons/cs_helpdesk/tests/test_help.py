# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The help centre of the portal: the public standard answers, for anyone"
import re

from trytond.modules.cs_base.tests.test_portal import (
    PortalClient, PortalRouteTestCase, committed)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.pool import Pool

STORAGE = {
    'question_zh': "可以存包吗？",
    'answer_zh': "可以，一楼服务台免费存包，营业结束前请取回。",
    'question_ru': "Можно ли оставить сумку?",
    'answer_ru': "Да, камера хранения бесплатна, у стойки на первом этаже; "
    "заберите вещи до закрытия.",
    'keywords': "багаж luggage",
    }
ROUBLES = {
    'question_zh': "可以用卢布付款吗？",
    'answer_zh': "二楼外币兑换点可以兑换卢布，收银台只收人民币。",
    'question_ru': "Можно ли платить рублями?",
    'answer_ru': "Кассы принимают юани; обменять рубли можно на 2 этаже.",
    }
DRAFT = {
    'question_zh': "停车收费标准？",
    'answer_zh': "前两小时免费。",
    'question_ru': "Сколько стоит парковка? (черновик)",
    'answer_ru': "Первые два часа бесплатно.",
    }


class HelpCentreTestCase(PortalRouteTestCase):
    "Test the portal's help centre"
    module = 'cs_helpdesk'
    extras = suite_but('cs_helpdesk')

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ids = committed(cls.create_answers)

    @classmethod
    def create_answers(cls):
        pool = Pool()
        Answer = pool.get('cs.helpdesk.answer')
        Type = pool.get('cs.helpdesk.ticket.type')
        consultation, = Type.search([('kind', '=', 'consultation')])
        invoice, = Type.search([('kind', '=', 'invoice')])
        answers = Answer.create([
                {**STORAGE, 'public': True, 'translation_done': True,
                    'type': consultation.id},
                {**ROUBLES, 'public': True, 'translation_done': True,
                    'type': invoice.id},
                # its Russian is not checked yet: not published
                {**DRAFT, 'public': True, 'translation_done': False},
                # staff-only
                {**DRAFT, 'question_ru': "Служебный ответ",
                    'public': False, 'translation_done': True},
                ])
        return [a.id for a in answers]

    def deflections(self, answer_id):
        return committed(lambda: Pool().get('cs.helpdesk.answer')(
                answer_id).deflections)

    def test_visitor_finds_answers_in_any_language(self):
        "No sign-in; Chinese, Russian (any case, ё) and English visitors"
        cases = [
            ('zh', "存包", ["可以存包吗？"], ["可以用卢布付款吗？"]),
            ('zh', "我想存包", ["可以存包吗？"], []),
            ('ru', "КАМЕРА хранения", ["Можно ли оставить сумку?"],
                ["Можно ли платить рублями?"]),
            ('ru', "рублями", ["Можно ли платить рублями?"], []),
            ('en', "luggage", ["可以存包吗？", "Можно ли оставить сумку?"],
                []),
            ('ru', "парковка", [], ["Сколько стоит парковка", "Служебный"]),
            # the letters 存 is folded to, typed in Latin: no answer
            ('en', "bipk", [], ["可以存包吗？"]),
            ]
        for language, query, shown, hidden in cases:
            with self.subTest(query=query):
                visitor = PortalClient(self.client(), language)
                page = visitor.get('/help', query_string={'q': query})
                self.assertEqual(page.status_code, 200)
                for text in shown:
                    self.assertIn(text, page.text)
                for text in hidden:
                    self.assertNotIn(text, page.text)
        every = PortalClient(self.client(), 'ru').get('/help').text
        self.assertIn("Можно ли платить рублями?", every)
        self.assertNotIn("Служебный ответ", every)
        self.assertNotIn("(черновик)", every)
        # the link is on the sign-in page, for anyone
        login = PortalClient(self.client(), 'zh').get('/login')
        self.assertIn("帮助中心", login.text)

    def test_category_narrows_the_answers(self):
        visitor = PortalClient(self.client(), 'ru')
        page = visitor.get('/help')
        consultation = re.search(
            r'<option value="(\d+)">Консультация', page.text)[1]
        narrowed = visitor.get(
            '/help', query_string={'category': consultation})
        self.assertIn("Можно ли оставить сумку?", narrowed.text)
        self.assertNotIn("Можно ли платить рублями?", narrowed.text)

    def test_answered_question_is_counted(self):
        storage, *_, staff_only = self.ids
        visitor = PortalClient(self.client(), 'zh')
        before = self.deflections(storage)
        thanks = visitor.post(f'/help/{storage}/helped', {})
        self.assertEqual(thanks.status_code, 303)
        self.assertEqual(self.deflections(storage), before + 1)
        self.assertIn("很高兴", visitor.get(
                thanks.headers['Location'].split('/portal')[1]).text)
        # without the form's token, or of an answer not published: nothing
        visitor.post(f'/help/{storage}/helped', {}, csrf=False)
        visitor.post(f'/help/{staff_only}/helped', {})
        self.assertEqual(self.deflections(storage), before + 1)
        self.assertEqual(self.deflections(staff_only), 0)
        # one visitor cannot inflate the count: 5 times in 5 minutes
        answers = [visitor.post(f'/help/{storage}/helped', {}).status_code
            for _ in range(6)]
        self.assertEqual(answers, [303] * 4 + [429] * 2)
        self.assertEqual(self.deflections(storage), before + 5)

    def test_new_request_suggests_answers_first(self):
        "Find answers keeps the form as typed and sends nothing"
        customer = PortalClient(self.client(), 'ru')
        customer.sign_up('help-centre@example.ru')
        count = committed(
            lambda: Pool().get('cs.helpdesk.ticket').search_count([]))
        description = "Где можно оставить сумку с покупками?"
        page = customer.post('/tickets/new/suggest', {
                'description': description})
        self.assertEqual(page.status_code, 200)
        self.assertIn("Да, камера хранения бесплатна", page.text)
        self.assertIn(description, page.text)
        self.assertEqual(committed(
                lambda: Pool().get('cs.helpdesk.ticket').search_count([])),
            count)
