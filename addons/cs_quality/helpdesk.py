# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""With cs_helpdesk: a failed item raises an improvement measure; the
complaints an employee answers for and the deadlines of the tickets they
resolved count in their appraisal"""
import random

from sql import Literal, Null
from sql.aggregate import Count, Sum
from sql.conditionals import Case

from trytond.i18n import gettext
from trytond.model import Index, ModelView, fields
from trytond.modules.cs_base.tools import check_state
from trytond.modules.cs_base.workflow import CHAR_SIZE
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import StateAction, StateTransition, Wizard

from .appraisal import per_employee
from .exceptions import ExamError, InspectionError
from .inspection import SCORED


class Inspection(metaclass=PoolMeta):
    __name__ = 'cs.quality.inspection'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'raise_improvements': {
                    'invisible': ~Eval('state').in_(SCORED),
                    'icon': 'tryton-launch',
                    'depends': ['state'],
                    },
                })

    @classmethod
    @check_state(*SCORED)
    @ModelView.button
    def raise_improvements(cls, inspections):
        """An improvement measure (corrective) for each failed item with an
        action, its owner and due date, not raised yet"""
        pool = Pool()
        Improvement = pool.get('cs.helpdesk.improvement')
        Line = pool.get('cs.quality.inspection.line')
        lines = [l for i in inspections for l in i.lines
            if l.result == 'failed' and l.action and not l.improvement]
        if inspections and not lines:
            raise InspectionError(gettext(
                    'cs_quality.msg_inspection_no_action',
                    inspection=inspections[0].rec_name))
        improvements = [Improvement(
                company=l.inspection.company, kind='corrective',
                name=l.item.rec_name[:100], description=l.action,
                owner=l.action_owner, due_date=l.action_due,
                department=l.inspection.department) for l in lines]
        Improvement.save(improvements)
        for line, improvement in zip(lines, improvements):
            line.improvement = improvement
        Line.save(lines)


class InspectionLine(metaclass=PoolMeta):
    __name__ = 'cs.quality.inspection.line'

    improvement = fields.Many2One(
        'cs.helpdesk.improvement', "Improvement Measure", readonly=True,
        ondelete='SET NULL', states={
            'invisible': Eval('result') != 'failed'})


class Ticket(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket'

    cs_responsible = fields.Many2One(
        'company.employee', "Employee Responsible",
        domain=[('company', '=', Eval('company', -1))],
        help="The employee who caused the complaint or answers for it: "
        "it counts in their appraisal.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.cs_responsible.states = cls.responsibility.states
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.cs_responsible, Index.Equality()),
                    (t.received_at, Index.Range()),
                    where=t.cs_responsible != Null),
                Index(t, (t.resolved_by, Index.Equality()),
                    (t.resolved_at, Index.Range()),
                    where=t.resolved_by != Null),
                })


class Appraisal(metaclass=PoolMeta):
    __name__ = 'cs.quality.appraisal'

    @classmethod
    def _evidence_collectors(cls):
        return super()._evidence_collectors() + [
            cls._complaint_evidence, cls._sla_evidence]

    @classmethod
    def _complaint_evidence(cls, scope):
        "Complaints received in the period the employee answers for"
        pool = Pool()
        ticket = pool.get('cs.helpdesk.ticket').__table__()
        type_ = pool.get('cs.helpdesk.ticket.type').__table__()
        counts = dict(per_employee(
                ticket.join(type_, condition=ticket.type == type_.id),
                ticket.cs_responsible, [Count(ticket.id)],
                scope.where(ticket.company, ticket.cs_responsible,
                    ticket.received_at)
                & (type_.kind == 'complaint')
                & (ticket.state != 'cancelled')))
        for employee in scope.employees:
            yield employee, {'complaint_count': counts.get(employee, 0)}

    @classmethod
    def _sla_evidence(cls, scope):
        "Resolution deadlines of the tickets the employee resolved"
        ticket = Pool().get('cs.helpdesk.ticket').__table__()
        missed = Case((ticket.sla_breached == Literal(True), 1), else_=0)
        for employee, count, missed_count in per_employee(
                ticket, ticket.resolved_by, [Count(ticket.id), Sum(missed)],
                scope.where(ticket.company, ticket.resolved_by,
                    ticket.resolved_at)
                & (ticket.sla != Null)):
            yield employee, {'sla_met': count - int(missed_count),
                'sla_missed': int(missed_count)}


class Question(metaclass=PoolMeta):
    __name__ = 'cs.quality.question'

    answer = fields.Many2One(
        'cs.helpdesk.answer', "Standard Answer", readonly=True,
        ondelete='SET NULL',
        help="The standard answer the question was made from.")

    @classmethod
    def from_answers(cls, answers):
        """A single-choice question of each standard answer without one:
        "what do we answer to …?", its answer and up to three others as
        options, in Chinese and in Russian"""
        Answer = Pool().get('cs.helpdesk.answer')
        done = {q.answer for q in cls.search([
                    ('answer', 'in', [a.id for a in answers]),
                    ('active', 'in', [True, False])])}
        others = Answer.search([])
        questions = []
        for answer in answers:
            if answer in done:
                continue
            wrong = [o for o in others if o != answer
                and o.answer_zh != answer.answer_zh]
            if not wrong:
                raise ExamError(gettext(
                        'cs_quality.msg_question_answers_too_few'))
            options = [answer] + random.sample(wrong, min(3, len(wrong)))
            random.shuffle(options)
            questions.append((answer, options))
        return cls._save_from_answers(questions)

    @classmethod
    def _save_from_answers(cls, questions):
        """Save [(answer, options)] as questions, in Chinese (also the
        source text: the answers have no English) and in Russian"""
        Option = Pool().get('cs.quality.question.option')
        transaction = Transaction()
        company = transaction.context.get('company')
        if not questions:
            return []
        with transaction.set_context(language='en'):
            records = cls.create([{
                        'company': company,
                        'category': a.type.name if a.type else None,
                        'kind': 'single',
                        'answer': a.id,
                        'text': _question_text(a, 'zh', 'zh_CN'),
                        'options': [('create', [{
                                        'text': _option(o, 'zh'),
                                        'correct': o == a,
                                        } for o in options])],
                        } for a, options in questions])
        for language, texts in [('zh_CN', 'zh'), ('ru', 'ru')]:
            with transaction.set_context(language=language):
                changes = []
                for question, (answer, options) in zip(records, questions):
                    changes += [[question],
                        {'text': _question_text(answer, texts, language)}]
                cls.write(*changes)
                changes = []
                for question, (_, options) in zip(records, questions):
                    for option, answer in zip(question.options, options):
                        changes += [[option], {'text': _option(answer, texts)}]
                Option.write(*changes)
        return records


def _question_text(answer, texts, language):
    "The question asked of a standard answer, in language"
    with Transaction().set_context(language=language):
        return gettext('cs_quality.msg_question_from_answer',
            question=getattr(answer, f'question_{texts}'))


def _option(answer, texts):
    "The answer as an option, cut to an option's length"
    text = ' '.join(getattr(answer, f'answer_{texts}').split())
    return text if len(text) <= CHAR_SIZE else text[:CHAR_SIZE - 1] + '…'


class QuestionsFromAnswers(Wizard):
    "Make exam questions of the standard answers chosen"
    __name__ = 'cs.quality.question.from_answers'
    start = StateTransition()
    open_ = StateAction('cs_quality.act_question_form')

    def transition_start(self):
        Question = Pool().get('cs.quality.question')
        Question.from_answers(self.records)
        return 'open_'

    def do_open_(self, action):
        Question = Pool().get('cs.quality.question')
        made = Question.search(
            [('answer', 'in', [a.id for a in self.records])])
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [q.id for q in made])])
        return action, {}
