# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt
from decimal import Decimal
from unittest.mock import patch

from trytond import backend
from trytond.exceptions import UserError
from trytond.modules import create_graph, load_translations
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, create_employee, set_company)
from trytond.modules.cs_base.tests.tools import suite_but
from trytond.modules.cs_quality.appraisal import EVIDENCE
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

MONDAY = dt.datetime(2026, 11, 23, 1, 0)


def at(moment):
    return patch(
        'trytond.modules.cs_base.workflow.clock', return_value=moment)


def create_standard(points=(10, 4), deductions=((3, 4, 5), (1,))):
    "A standard in use: a section per points, an item per deduction"
    Standard = Pool().get('cs.quality.standard')
    standard, = Standard.create([{
                'name': "Front Desk", 'code': 'FD',
                'sections': [('create', [{
                                'name': f"Section {i}", 'points': p,
                                'sequence': i,
                                'items': [('create', [{
                                                'indicator': f"Item {i}.{j}",
                                                'criterion': "As written.",
                                                'deduction': d}
                                            for j, d in enumerate(ds)])]}
                            for i, (p, ds) in enumerate(
                                zip(points, deductions))])]}])
    Standard.use([standard])
    return standard


def create_inspection(standard, employee=None, **values):
    pool = Pool()
    Inspection = pool.get('cs.quality.inspection')
    Department = pool.get('cs.department')
    company = Transaction().context['company']
    department, = Department.create([{'name': "Front Desk",
                'company': company}])
    inspector = create_employee(pool.get('company.company')(company))
    inspection, = Inspection.create([{
                'standard': standard.id, 'department': department.id,
                'inspector': inspector.id, 'date': MONDAY,
                'employee': employee.id if employee else None, **values}])
    return inspection


def answer(inspection, *results):
    Line = Pool().get('cs.quality.inspection.line')
    for line, result in zip(inspection.lines, results):
        line.result = result
    Line.save(inspection.lines)


class CsQualityTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the service quality module"
    module = 'cs_quality'
    extras = suite_but('cs_quality')

    @with_transaction()
    def test_shipped_standards(self):
        "The property standard of the sources and the mall's are in use"
        pool = Pool()
        Standard = pool.get('cs.quality.standard')
        Lang = pool.get('ir.lang')
        Lang.write(Lang.search([('code', 'in', ['zh_CN', 'ru'])]),
            {'translatable': True})
        activated = {m.name for m in pool.get('ir.module').search(
                [('state', '=', 'activated')])}
        node, = [n for n in create_graph(activated) if n.name == 'cs_quality']
        load_translations(pool, node, {'zh_CN', 'ru'})
        property_, = Standard.search([('code', '=', 'WY')])
        mall, = Standard.search([('code', '=', 'SC')])
        self.assertEqual(property_.state, 'in_use')
        self.assertEqual(
            [s.points for s in property_.sections], [10, 10, 14])
        self.assertEqual(sum(len(s.items) for s in property_.sections), 42)
        self.assertEqual(mall.points, 100)
        with Transaction().set_context(language='zh_CN'):
            self.assertEqual(
                Standard(property_.id).sections[0].name, "行为规范")
        with Transaction().set_context(language='ru'):
            self.assertEqual(Standard(mall.id).sections[0].items[0].indicator,
                "Сотрудник встаёт, улыбается и приветствует клиента")

    @with_transaction()
    def test_score_per_section_floored_at_zero(self):
        """A failure takes its deduction off its section, which never
        scores below zero; not applicable costs nothing"""
        pool = Pool()
        Inspection = pool.get('cs.quality.inspection')
        with set_company(create_company()):
            inspection = create_inspection(create_standard())
            Inspection.start([inspection])
            self.assertTrue(inspection.number)
            self.assertEqual(len(inspection.lines), 4)
            answer(inspection, 'failed', 'failed', 'failed',
                'not_applicable')
            with at(MONDAY):
                Inspection.finish([inspection])
        self.assertEqual(inspection.state, 'done')
        # 3 + 4 + 5 > 10: the first section scores 0, not -2
        self.assertEqual(inspection.score, Decimal(4))
        self.assertEqual(inspection.maximum, Decimal(14))
        self.assertEqual(inspection.failed_count, 3)
        self.assertEqual(
            [(s, p) for _, s, p in inspection.section_scores()],
            [(0, 10), (4, 4)])

    @with_transaction()
    def test_every_item_answered_before_finishing(self):
        "An item left unanswered stops the inspection from being done"
        Inspection = Pool().get('cs.quality.inspection')
        with set_company(create_company()):
            inspection = create_inspection(create_standard())
            Inspection.start([inspection])
            answer(inspection, 'passed', 'passed', 'passed')
            with self.assertRaisesRegex(UserError, "1 items not answered"):
                Inspection.finish([inspection])

    @with_transaction()
    def test_standard_in_use_is_frozen(self):
        "A client cannot change a standard in use; its copy is a new version"
        pool = Pool()
        Standard = pool.get('cs.quality.standard')
        Item = pool.get('cs.quality.standard.item')
        standard = create_standard()
        with Transaction().set_context(_check_access=True), \
                Transaction().set_user(1):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                Standard.write([standard], {'name': "Changed"})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                Item.write([standard.sections[0].items[0]],
                    {'deduction': 10})
        copy, = Standard.copy([standard])
        self.assertEqual((copy.version, copy.state), (2, 'draft'))
        self.assertEqual(len(copy.sections[0].items), 3)

    @with_transaction()
    def test_only_the_inspected_employee_answers(self):
        """The inspected employee acknowledges or disputes; someone else
        is refused; the manager decides a dispute"""
        pool = Pool()
        Inspection = pool.get('cs.quality.inspection')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            clerk = create_employee(company)
            inspection = create_inspection(create_standard(), clerk)
            Inspection.start([inspection])
            answer(inspection, 'passed', 'failed', 'passed', 'passed')
            Inspection.finish([inspection])
            with self.assertRaisesRegex(UserError, "Only"):
                Inspection.do_dispute([inspection], "Not me")
            User.write([User(Transaction().user)], {
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'employees': [('add', [clerk.id])],
                    'employee': clerk.id})
            Inspection.do_dispute([inspection], "The desk was closed")
            self.assertEqual(inspection.state, 'disputed')
            Inspection.do_reopen([inspection], "Item 0.1 was not applicable")
            self.assertEqual(
                (inspection.state, inspection.score), ('in_progress', None))
            answer(inspection, 'passed', 'not_applicable')
            Inspection.finish([inspection])
            self.assertEqual(inspection.score, Decimal(14))
            Inspection.acknowledge([inspection])
        self.assertEqual(inspection.state, 'acknowledged')
        self.assertEqual([e.step for e in inspection.events], [
                'start', 'finish', 'dispute', 'reopen', 'finish',
                'acknowledge'])

    @with_transaction()
    def test_items_come_from_the_standard(self):
        "A client cannot add, remove or answer twice an inspection's items"
        pool = Pool()
        Inspection = pool.get('cs.quality.inspection')
        Line = pool.get('cs.quality.inspection.line')
        with set_company(create_company()):
            inspection = create_inspection(create_standard())
            Inspection.start([inspection])
            item = inspection.lines[0].item
            with Transaction().set_context(_check_access=True), \
                    Transaction().set_user(1):
                with self.assertRaisesRegex(UserError, "answered, not"):
                    Line.create([{'inspection': inspection.id,
                                'item': item.id}])
                with self.assertRaisesRegex(UserError, "answered, not"):
                    Line.delete(inspection.lines[:1])
            with self.assertRaisesRegex(UserError, "only once"):
                Line.create([{'inspection': inspection.id, 'item': item.id}])

    @with_transaction()
    def test_failed_item_rechecked_once(self):
        """A failed item of a finished inspection is checked again after
        its action, once, in the inspection's history; a passed item or an
        inspection in progress is not; a client cannot fill the re-check"""
        pool = Pool()
        Inspection = pool.get('cs.quality.inspection')
        Line = pool.get('cs.quality.inspection.line')
        with set_company(create_company()):
            inspection = create_inspection(create_standard())
            Inspection.start([inspection])
            answer(inspection, 'failed', 'passed', 'passed', 'passed')
            failed, passed = inspection.lines[:2]
            with self.assertRaisesRegex(UserError, "cannot be re-checked"):
                Line.recheck_corrected([failed])
            with Transaction().set_context(_check_access=True), \
                    Transaction().set_user(1):
                with self.assertRaisesRegex(UserError, "with its buttons"):
                    Line.write([failed], {'recheck': 'corrected'})
            Inspection.finish([inspection])
            with self.assertRaisesRegex(UserError, "cannot be re-checked"):
                Line.recheck_corrected([passed])
            Line.recheck_not_corrected([failed])
            with self.assertRaisesRegex(UserError, "cannot be re-checked"):
                Line.recheck_corrected([failed])
        failed = Line(failed.id)
        self.assertEqual(failed.recheck, 'not_corrected')
        self.assertTrue(failed.rechecked_at)
        self.assertEqual(inspection.events[-1].step, 'recheck')
        self.assertIn("Not Corrected", inspection.events[-1].note)

    @with_transaction()
    def test_failed_item_raises_an_improvement(self):
        "With cs_helpdesk, a failed item's action becomes a measure"
        pool = Pool()
        Inspection = pool.get('cs.quality.inspection')
        Line = pool.get('cs.quality.inspection.line')
        company = create_company()
        with set_company(company):
            owner = create_employee(company)
            inspection = create_inspection(create_standard())
            Inspection.start([inspection])
            answer(inspection, 'failed', 'passed', 'passed', 'passed')
            line = inspection.lines[0]
            line.action = "Retrain the desk on greetings"
            line.action_owner = owner
            line.action_due = dt.date(2026, 12, 1)
            Line.save([line])
            Inspection.finish([inspection])
            Inspection.raise_improvements([inspection])
        improvement = Line(line.id).improvement
        self.assertEqual(improvement.owner, owner)
        self.assertEqual(improvement.kind, 'corrective')
        self.assertEqual(improvement.department, inspection.department)

    @with_transaction()
    def test_appraisal_from_the_periods_evidence(self):
        """A month's appraisal weighs the inspections, ratings, complaints,
        deadlines and revisits of the month, in the company's days"""
        pool = Pool()
        Appraisal = pool.get('cs.quality.appraisal')
        Inspection = pool.get('cs.quality.inspection')
        Satisfaction = pool.get('cs.satisfaction')
        Ticket = pool.get('cs.helpdesk.ticket')
        Type = pool.get('cs.helpdesk.ticket.type')
        Party = pool.get('party.party')
        company = create_company()
        company.timezone = 'Asia/Shanghai'
        company.save()
        with set_company(company):
            clerk = create_employee(company)
            inspection = create_inspection(create_standard(), clerk)
            Inspection.start([inspection])
            answer(inspection, 'failed', 'passed', 'passed', 'passed')
            Inspection.finish([inspection])  # 11 of 14: 78.6 %
            department = inspection.department
            department.members = [clerk]
            department.save()
            customer, = Party.create([{'name': "Customer"}])
            # 1 December 01:00 in Shanghai is still November in UTC
            Satisfaction.create([{'company': company.id,
                        'party': customer.id, 'employee': clerk.id,
                        'rating': r, 'date': d} for r, d in [
                        (4, MONDAY), (5, MONDAY),
                        (1, dt.datetime(2026, 11, 30, 17))]])
            complaint, = Type.search([('kind', '=', 'complaint')])
            Ticket.create([{'type': complaint.id, 'party': customer.id,
                        'description': "Rude", 'received_at': MONDAY,
                        'cs_responsible': clerk.id}])
            appraisal, = Appraisal.compute_period(
                company, 'month', dt.date(2026, 11, 17), [department])
        self.assertEqual(appraisal.start_date, dt.date(2026, 11, 1))
        self.assertEqual(appraisal.end_date, dt.date(2026, 11, 30))
        self.assertEqual(appraisal.inspection_score, Decimal('78.6'))
        self.assertEqual(
            (appraisal.rating_count, appraisal.rating_average),
            (2, Decimal('4.50')))
        self.assertEqual(appraisal.complaint_count, 1)
        # (78.6 × 30 + 90 × 25 + 75 × 20) / 75: no deadline, no revisit
        self.assertEqual(appraisal.score, Decimal('81.4'))
        self.assertEqual(
            (appraisal.grade, appraisal.rank), ('good', 1))

    @with_transaction()
    def test_appraisal_review_and_closed_period(self):
        """The manager adjusts with a reason; a reviewed period is not
        computed again; coaching twice in a row flags the post"""
        pool = Pool()
        Appraisal = pool.get('cs.quality.appraisal')
        Department = pool.get('cs.department')
        Satisfaction = pool.get('cs.satisfaction')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            first, second = create_employee(company), create_employee(
                company)
            department, = Department.create([{'name': "Desk",
                        'company': company.id,
                        'members': [('add', [first.id, second.id])]}])
            customer, = Party.create([{'name': "Customer"}])
            Satisfaction.create([{'company': company.id,
                        'party': customer.id, 'employee': e.id,
                        'rating': r, 'date': d}
                    for e, r in [(first, 1), (second, 5)]
                    for d in [dt.datetime(2026, 10, 5),
                        dt.datetime(2026, 11, 5)]])
            october = Appraisal.compute_period(
                company, 'month', dt.date(2026, 10, 1), [department])
            november = Appraisal.compute_period(
                company, 'month', dt.date(2026, 11, 1), [department])
            low = [a for a in november if a.employee == first][0]
            self.assertEqual([(a.rank, a.grade) for a in november if
                    a.employee == second], [(1, 'excellent')])
            self.assertEqual((low.grade, low.coaching, low.reassignment),
                ('needs_coaching', True, True))
            low.adjustment = Decimal(15)
            with self.assertRaisesRegex(UserError, "Reason for the Adj"):
                low.save()
            low = Appraisal(low.id)
            low.adjustment = Decimal(15)
            low.adjustment_reason = "Covered two desks during renovation"
            low.save()
            Appraisal.review(november)
            low = Appraisal(low.id)
            self.assertEqual((low.final_score, low.grade),
                (Decimal('70.6'), 'satisfactory'))
            with self.assertRaisesRegex(UserError, "not computed again"):
                Appraisal.compute_period(
                    company, 'month', dt.date(2026, 11, 20), [department])
            self.assertEqual(len(october), 2)

    @with_transaction()
    def test_weights_and_thresholds_per_company(self):
        """Each company weighs its appraisal its own way; a company that
        set nothing has the suite's defaults"""
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        Appraisal = pool.get('cs.quality.appraisal')
        mall, market = create_company(), create_company()
        with set_company(market):
            Configuration.write([Configuration(1)], {
                    'appraisal_weight_inspection': 0,
                    'appraisal_weight_rating': 100,
                    'appraisal_excellent': 95,
                    })
        configuration = Configuration(1)
        self.assertEqual(configuration.appraisal_weights(mall)['rating'], 25)
        self.assertEqual(
            configuration.appraisal_weights(market)['rating'], 100)
        self.assertEqual(
            configuration.appraisal_thresholds(market)[0], ('excellent', 95))
        scores = {}
        for company in [mall, market]:
            appraisal = Appraisal(company=company, **{
                    **dict.fromkeys(EVIDENCE), 'inspection_count': 1,
                    'inspection_score': Decimal(50), 'rating_count': 1,
                    'rating_average': Decimal(5)})
            scores[company] = appraisal.weighted_score()
        # (50 × 30 + 100 × 25) / 55, and the ratings alone
        self.assertEqual(scores, {mall: Decimal('72.7'),
                market: Decimal(100)})

    @with_transaction()
    def test_site_weights_become_every_companys_default(self):
        """Migration: the weights were columns of the site's configuration;
        they become the default of every company, the others defaulted"""
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        Value = pool.get('cs.configuration.appraisal')
        company = create_company()
        Configuration.create([{}])
        table = backend.TableHandler(Configuration)
        table.add_column('appraisal_weight_rating', 'INTEGER')
        config = Configuration.__table__()
        # the site's configuration as the previous version stored it
        Transaction().connection.cursor().execute(*config.update(
                [config.appraisal_weight_rating], [60]))
        Value.move_from_configuration('appraisal_weight_rating')
        # the records read before the migration's SQL are outdated (an
        # upgrade reads none)
        for cache in Transaction().cache.values():
            cache.clear()
        self.assertFalse(backend.TableHandler(Configuration).column_exist(
                'appraisal_weight_rating'))
        weights = Configuration(1).appraisal_weights(company)
        self.assertEqual((weights['rating'], weights['inspection']), (60, 30))

    @with_transaction()
    def test_coaching_plan_for_needs_coaching(self):
        """Reviewing an appraisal that needs coaching plans the coaching
        with the department's manager, the weak measures as goals; the
        plan is done with its result written"""
        pool = Pool()
        Appraisal = pool.get('cs.quality.appraisal')
        Coaching = pool.get('cs.quality.coaching')
        Department = pool.get('cs.department')
        Satisfaction = pool.get('cs.satisfaction')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            clerk, manager = create_employee(company), create_employee(
                company)
            department, = Department.create([{'name': "Desk",
                        'company': company.id, 'manager': manager.id,
                        'members': [('add', [clerk.id])]}])
            customer, = Party.create([{'name': "Customer"}])
            Satisfaction.create([{'company': company.id,
                        'party': customer.id, 'employee': clerk.id,
                        'rating': 1, 'date': dt.datetime(2026, 11, 5)}])
            appraisals = Appraisal.compute_period(
                company, 'month', dt.date(2026, 11, 1), [department])
            self.assertFalse(Coaching.search([]))
            Appraisal.review(appraisals)
            plan, = Coaching.search([])
            self.assertEqual((plan.employee, plan.coach, plan.due_date),
                (clerk, manager, dt.date(2026, 12, 30)))
            self.assertEqual(plan.goals, "Average Rating: 20/100")
            with self.assertRaisesRegex(UserError, "Write how"):
                Coaching.complete([plan])
            plan.result = "Retook the complaint-handling course"
            plan.save()
            Coaching.complete([plan])
            self.assertEqual(plan.state, 'done')
            with Transaction().set_context(_check_access=True), \
                    Transaction().set_user(1):
                with self.assertRaisesRegex(UserError, "closed"):
                    Coaching.write([plan], {'result': "Changed"})

    @with_transaction()
    def test_plan_spreads_the_month_and_creates_due_inspections(self):
        """A scheduled plan spreads its inspections over the month; each
        day reached in the company's time zone gets its draft inspection,
        once; the plan's copy is the next month's"""
        pool = Pool()
        Plan = pool.get('cs.quality.plan')
        Line = pool.get('cs.quality.plan.line')
        Department = pool.get('cs.department')
        company = create_company()
        company.timezone = 'Asia/Shanghai'
        company.save()
        with set_company(company):
            department, = Department.create([{'name': "Desk",
                        'company': company.id}])
            plan, = Plan.create([{'department': department.id,
                        'standard': create_standard().id,
                        'inspector': create_employee(company).id,
                        'month': dt.date(2026, 6, 17), 'count': 4,
                        'method': 'mystery_visit'}])
            self.assertEqual(plan.month, dt.date(2026, 6, 1))
            Plan.schedule([plan])
            self.assertEqual([l.date.day for l in plan.lines],
                [4, 12, 19, 27])
            with Transaction().set_context(_check_access=True), \
                    Transaction().set_user(1):
                with self.assertRaisesRegex(UserError, "scheduled"):
                    Plan.write([plan], {'count': 8})
                # the days come from Schedule only
                with self.assertRaisesRegex(UserError, "come from"):
                    Line.write(list(plan.lines), {
                            'date': dt.date(2026, 7, 1)})
            # 12 June 00:30 in Shanghai, still the 11th in UTC
            with at(dt.datetime(2026, 6, 11, 16, 30)):
                Plan.create_due_inspections()
                Plan.create_due_inspections()
            done = [l.inspection for l in Plan(plan.id).lines
                if l.inspection]
            self.assertEqual(len(done), 2)
            self.assertEqual({(i.state, i.method, i.department)
                    for i in done},
                {('draft', 'mystery_visit', department)})
            following, = Plan.copy([plan])
            self.assertEqual((following.month, following.state,
                    following.lines), (dt.date(2026, 7, 1), 'draft', ()))
            following.month = dt.date(2026, 2, 1)
            following.count = 30
            following.save()
            with self.assertRaisesRegex(UserError, "more than the month"):
                Plan.schedule([following])

    @with_transaction()
    def test_statistics_per_month_department_and_item(self):
        """The scores of the month per department and the items failed
        most often, from the scored inspections only"""
        pool = Pool()
        Inspection = pool.get('cs.quality.inspection')
        Month = pool.get('cs.quality.statistics.month')
        Department = pool.get('cs.quality.statistics.department')
        Item = pool.get('cs.quality.statistics.item')
        company = create_company()
        standard = create_standard()
        with set_company(company):
            first = create_inspection(standard)
            second = create_inspection(standard)
            open_ = create_inspection(standard)
            Inspection.start([first, second, open_])
            answer(first, 'failed', 'passed', 'passed', 'passed')
            answer(second, 'failed', 'failed', 'not_applicable', 'passed')
            Inspection.finish([first, second])
        with Transaction().set_context(company=company.id):
            month, = Month.search([])
            self.assertEqual((month.month, month.inspections, month.failed),
                (dt.date(2026, 11, 1), 2, 3))
            # 11/14 and 7/14
            self.assertAlmostEqual(month.score, 64.3, 1)
            self.assertEqual(len(Department.search([])), 2)
            items = Item.search([])
            self.assertEqual([(i.item.indicator, i.failed, i.checked)
                    for i in items],
                [("Item 0.0", 2, 2), ("Item 0.1", 1, 2)])
        with Transaction().set_context(company=company.id,
                from_date=dt.date(2026, 12, 1)):
            self.assertFalse(Month.search([]))

    @with_transaction()
    def test_printed_report_and_sheet(self):
        "The inspection report and the appraisal sheet print in two copies"
        pool = Pool()
        Inspection = pool.get('cs.quality.inspection')
        Report = pool.get(
            'cs.quality.inspection.report.bilingual', type='report')
        Sheet = pool.get('cs.quality.appraisal.sheet', type='report')
        Appraisal = pool.get('cs.quality.appraisal')
        company = create_company()
        with set_company(company):
            clerk = create_employee(company)
            inspection = create_inspection(create_standard(), clerk)
            Inspection.start([inspection])
            answer(inspection, 'failed', 'passed', 'passed', 'passed')
            inspection.lines[0].note = "Name badge missing"
            inspection.lines[0].save()
            Inspection.finish([inspection])
            inspection.department.members = [clerk]
            inspection.department.save()
            appraisal, = Appraisal.compute_period(
                company, 'month', dt.date(2026, 11, 1),
                [inspection.department])
            _, content, _, _ = Report.execute([inspection.id], {})
            text = odt_text(content)
            self.assertEqual(text.count(inspection.number), 2)
            self.assertEqual(text.count("Name badge missing"), 2)
            self.assertIn("11.0 / 14.0", text)
            _, content, _, _ = Sheet.execute([appraisal.id], {})
            text = odt_text(content)
            self.assertEqual(text.count("Staff Appraisal Sheet"), 1)
            self.assertIn("78.6", text)

    @with_transaction()
    def test_questions_from_standard_answers(self):
        """A standard answer becomes a single-choice question in Chinese
        and Russian, its answer the right option among others; once"""
        pool = Pool()
        Answer = pool.get('cs.helpdesk.answer')
        Question = pool.get('cs.quality.question')
        Lang = pool.get('ir.lang')
        Lang.write(Lang.search([('code', 'in', ['zh_CN', 'ru'])]),
            {'translatable': True})

        def create_answers(numbers):
            return Answer.create([{
                        'question_zh': f"问题{i}", 'answer_zh': f"答复{i}",
                        'question_ru': f"Вопрос {i}",
                        'answer_ru': f"Ответ {i}"} for i in numbers])
        with self.assertRaisesRegex(UserError, "at least two"):
            Question.from_answers(create_answers([0]))
        answers = Answer.search([]) + create_answers(range(1, 5))
        questions = Question.from_answers(answers[:2])
        self.assertEqual(len(questions), 2)
        self.assertFalse(Question.from_answers(answers[:2]))
        question = questions[0]
        self.assertEqual(len(question.options), 4)
        with Transaction().set_context(language='ru'):
            question = Question(question.id)
            self.assertIn("Вопрос 0", question.text)
            self.assertEqual([o.text for o in question.options
                    if o.correct], ["Ответ 0"])
        with Transaction().set_context(language='zh_CN'):
            question = Question(question.id)
            self.assertIn("问题0", question.text)
            self.assertEqual([o.text for o in question.options
                    if o.correct], ["答复0"])

    @with_transaction()
    def test_exam_drawn_answered_and_scored_once_in_time(self):
        """Questions are drawn for the employee, answered by them only and
        in time; scored on submit, which is refused twice or late"""
        pool = Pool()
        Question = pool.get('cs.quality.question')
        Exam = pool.get('cs.quality.exam')
        Line = pool.get('cs.quality.exam.line')
        User = pool.get('res.user')
        company = create_company()
        Question.create([{'text': f"Question {i}", 'category': "Desk",
                    'options': [('create', [
                                {'text': "Right", 'correct': True},
                                {'text': "Wrong"}])]} for i in range(6)])
        with self.assertRaisesRegex(UserError, "at least two options"):
            Question.create([{'text': "Bad", 'options': [
                            ('create', [{'text': "Only", 'correct': True}])]}])
        with set_company(company):
            clerk = create_employee(company)
            exam, = Exam.create([{'name': "November", 'employee': clerk.id,
                        'category': "Desk", 'question_count': 4,
                        'minutes': 10}])
            with self.assertRaisesRegex(UserError, "takes exam"):
                Exam.start([exam])
            User.write([User(Transaction().user)], {
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'employees': [('add', [clerk.id])],
                    'employee': clerk.id})
            with at(MONDAY):
                Exam.start([exam])
            self.assertEqual(len({l.question for l in exam.lines}), 4)
            for line, index in zip(exam.lines, [0, 0, 0, 1]):
                option = sorted(line.question.options, key=lambda o: o.id)[
                    index]
                with Transaction().set_context(_check_access=True), \
                        at(MONDAY + dt.timedelta(minutes=5)):
                    Line.write([line], {'chosen': [('add', [option.id])]})
            with at(MONDAY + dt.timedelta(minutes=12)):
                with self.assertRaisesRegex(UserError, "can no longer"):
                    Exam.submit([exam])
            with at(MONDAY + dt.timedelta(minutes=9)):
                Exam.submit([exam])
                with self.assertRaisesRegex(UserError, "started and "
                        "submitted once"):
                    Exam.submit([exam])
            self.assertEqual((exam.correct_count, exam.score),
                (3, Decimal('75.0')))


def odt_text(content):
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        return odt.read('content.xml').decode()


del ModuleTestCase
