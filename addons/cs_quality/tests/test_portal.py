# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The staff's exams on the portal (004 考试培训)"
import re

from trytond.modules.company.tests import set_company
from trytond.modules.cs_base.tests.test_portal import (
    PortalClient, PortalRouteTestCase)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction


def set_exam(email):
    """The employee of the account of email, a bank of two questions and
    their exam; the exam's id and the right options' ids"""
    pool = Pool()
    WebUser = pool.get('web.user')
    Company = pool.get('company.company')
    Employee = pool.get('company.employee')
    Question = pool.get('cs.quality.question')
    Exam = pool.get('cs.quality.exam')
    user, = WebUser.search([('email', '=', email)])
    company, = Company.search([])
    with set_company(company):
        employee, = Employee.create([{
                    'party': user.party.id, 'company': company.id}])
        questions = Question.create([{
                    'text': f"寄存物品第{i}步是什么？", 'kind': 'single',
                    'options': [('create', [
                                {'text': f"登记并发放号牌{i}",
                                    'correct': True},
                                {'text': f"记住顾客相貌{i}"}])],
                    } for i in range(2)])
        exam, = Exam.create([{'name': "十二月服务台考试",
                    'employee': employee.id, 'question_count': 2,
                    'minutes': 15}])
    right = [o.id for q in questions for o in q.options if o.correct]
    wrong = [o.id for q in questions for o in q.options if not o.correct]
    return exam.id, right, wrong


class QualityPortalTestCase(PortalRouteTestCase):
    "Test the staff's exam pages"
    module = 'cs_quality'
    extras = suite_but('cs_quality')

    def test_employee_takes_their_exam_on_the_portal(self):
        """The employee signed in starts their exam, answers and submits
        it, scored; a customer neither sees the link nor the exam; an
        option of another question is refused"""
        zhang = PortalClient(self.client(), 'zh-CN')
        zhang.sign_up('zhang@example.com', name="张丽")
        with Transaction().start(DB_NAME, 0) as transaction:
            exam_id, right, wrong = set_exam('zhang@example.com')
            transaction.commit()
        customer = PortalClient(self.client(), 'ru')
        customer.sign_up('anna@example.com')

        self.assertIn('/exams', zhang.get('/').text)
        self.assertNotIn('/exams', customer.get('/').text)
        listed = zhang.get('/exams')
        self.assertIn("十二月服务台考试", listed.text)
        self.assertEqual(customer.get(f'/exams/{exam_id}').status_code, 404)
        self.assertEqual(customer.post(f'/exams/{exam_id}/start', {})
            .status_code, 404)

        started = zhang.post(f'/exams/{exam_id}/start', {})
        self.assertEqual(started.status_code, 303)
        page = zhang.get(f'/exams/{exam_id}')
        self.assertIn("寄存物品第0步是什么？", page.text)
        self.assertIn("登记并发放号牌1", page.text)
        # which option is right is not in the page
        self.assertNotIn('correct', page.text)
        lines = re.findall(r'name="q(\d+)" value="(\d+)"', page.text)
        by_line = {}
        for line, option in lines:
            by_line.setdefault(line, []).append(int(option))
        answers = {f'q{line}': next(o for o in options if o in right)
            for line, options in by_line.items()}

        line = next(iter(by_line))
        forged = dict(answers, **{f'q{line}': wrong[0]
                if wrong[0] not in by_line[line] else wrong[1]})
        refused = zhang.post(f'/exams/{exam_id}/submit', forged)
        self.assertEqual(refused.status_code, 200)
        self.assertIn('class="error"', refused.text)

        submitted = zhang.post(f'/exams/{exam_id}/submit', answers)
        self.assertEqual(submitted.status_code, 303)
        with Transaction().start(DB_NAME, 0):
            exam = Pool().get('cs.quality.exam')(exam_id)
            self.assertEqual((exam.state, exam.score, exam.correct_count),
                ('submitted', 100, 2))
        self.assertIn("2", zhang.get(f'/exams/{exam_id}').text)
        again = zhang.post(f'/exams/{exam_id}/submit', answers)
        self.assertIn('class="error"', again.text)
