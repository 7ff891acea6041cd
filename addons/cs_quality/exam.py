# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Knowledge exams (定期考试, 004 考试培训): questions drawn at random for
each employee, answered within the time allowed, scored by the server"""
import datetime as dt
import random
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields,
    sequence_ordered)
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import check_state, lock_in_states
from trytond.modules.cs_base.workflow import (
    BoundedMixin, WorkflowMixin, external_call)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import ExamError

KINDS = [
    ('single', "Single Choice"),
    ('multiple', "Multiple Choice"),
    ('true_false', "True or False"),
    ]
# a late submission is refused after the time allowed and this grace
GRACE = dt.timedelta(minutes=1)


class Question(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    "A question of the bank, with its options, the right ones marked"
    __name__ = 'cs.quality.question'
    __string__ = "Exam Question"

    company = fields.Many2One(
        'company.company', "Company",
        help="Leave empty for a question every company uses.")
    category = fields.Char(
        "Category", translate=True,
        help="Exams may draw from one category (e.g. membership, "
        "complaints).")
    kind = fields.Selection(KINDS, "Kind", required=True)
    text = fields.Text("Question", required=True, translate=True)
    options = fields.One2Many(
        'cs.quality.question.option', 'question', "Options")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('category', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_kind(cls):
        return 'single'

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return self.text.splitlines()[0][:80] if self.text else ''

    @classmethod
    def validate_fields(cls, questions, field_names):
        super().validate_fields(questions, field_names)
        for question in questions:
            right = sum(1 for o in question.options if o.correct)
            if len(question.options) < 2 or right < 1 or (
                    question.kind != 'multiple' and right != 1):
                raise ExamError(gettext(
                        'cs_quality.msg_question_options',
                        question=question.rec_name))


class QuestionOption(
        BoundedMixin, sequence_ordered(), ModelSQL, ModelView):
    "An answer offered to a question"
    __name__ = 'cs.quality.question.option'
    __string__ = "Question Option"

    question = fields.Many2One(
        'cs.quality.question', "Question", required=True, ondelete='CASCADE')
    text = fields.Char("Option", required=True, translate=True)
    correct = fields.Boolean("Correct")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('question')

    def get_rec_name(self, name):
        return self.text


class Exam(WorkflowMixin, Workflow, ModelSQL, ModelView):
    """An exam of one employee: questions drawn at random from the bank,
    answered by the employee within the time allowed, scored on submit"""
    __name__ = 'cs.quality.exam'
    __string__ = "Exam"

    _draft = {'readonly': Eval('state') != 'draft'}
    _deletable_states = {'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    name = fields.Char("Exam", required=True, states=_draft)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    category = fields.Char(
        "Category", states=_draft,
        help="Draw only questions of this category; leave empty for all.")
    question_count = fields.Integer(
        "Questions", required=True, states=_draft,
        domain=[('question_count', '>', 0), ('question_count', '<=', 200)])
    minutes = fields.Integer(
        "Time Allowed (Minutes)", required=True, states=_draft,
        domain=[('minutes', '>', 0), ('minutes', '<=', 600)])
    lines = fields.One2Many(
        'cs.quality.exam.line', 'exam', "Questions",
        states={'readonly': Eval('state') != 'started'})
    started_at = fields.DateTime("Started At", readonly=True)
    submitted_at = fields.DateTime("Submitted At", readonly=True)
    correct_count = fields.Integer("Answered Right", readonly=True)
    score = fields.Numeric("Score", digits=(16, 1), readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('started', "Started"),
            ('submitted', "Submitted"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._order = [('submitted_at', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._sql_indexes.add(Index(t, (t.employee, Index.Equality()),
                (t.submitted_at, Index.Range())))
        cls._transitions |= {
            ('draft', 'started'),
            ('started', 'submitted'),
            }
        cls._buttons.update({
                'start': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'submit': {
                    'invisible': Eval('state') != 'started',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_question_count(cls):
        return 10

    @classmethod
    def default_minutes(cls):
        return 30

    def get_rec_name(self, name):
        return f'{self.name} – {self.employee.rec_name}'

    @classmethod
    def copy(cls, exams, default=None):
        default = dict(default or {})
        default.setdefault('lines', [])
        return super().copy(exams, default=default)

    @classmethod
    def check_modification(cls, mode, exams, values=None, external=False):
        "The employee writes their answers, not the exam they take"
        super().check_modification(
            mode, exams, values=values, external=external)
        if mode == 'write' and external and values.keys() - {'lines'}:
            for exam in exams:
                if workflow.user_is(exam.employee):
                    raise ExamError(gettext('cs_quality.msg_exam_own',
                            exam=exam.rec_name))

    @classmethod
    def _check_state(cls, exams, states, action):
        lock_in_states(cls, exams, states, ExamError,
            'cs_quality.msg_exam_wrong_state', 'exam')

    def deadline(self):
        return self.started_at + dt.timedelta(minutes=self.minutes)

    def check_taker(self):
        "Only the employee examined takes and submits the exam"
        if not workflow.user_is(self.employee):
            raise ExamError(gettext('cs_quality.msg_exam_not_taker',
                    exam=self.rec_name, employee=self.employee.rec_name))

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('started')
    def start(cls, exams):
        "The employee starts: the questions are drawn, the clock runs"
        pool = Pool()
        Line = pool.get('cs.quality.exam.line')
        lines = []
        for exam in exams:
            exam.check_taker()
            questions = exam.draw()
            if len(questions) < exam.question_count:
                raise ExamError(gettext('cs_quality.msg_exam_bank_too_small',
                        exam=exam.rec_name, count=len(questions),
                        wanted=exam.question_count))
            lines.extend(Line(exam=exam, question=q, sequence=i)
                for i, q in enumerate(questions))
            exam.started_at = workflow.clock()
        cls.save(exams)
        Line.save(lines)

    def draw(self):
        """question_count questions of the bank at random (all of them if
        the bank has fewer)"""
        Question = Pool().get('cs.quality.question')
        domain = [('company', 'in', [None, self.company.id])]
        if self.category:
            domain.append(('category', '=', self.category))
        ids = [q.id for q in Question.search(domain)]
        chosen = random.SystemRandom().sample(
            ids, min(self.question_count, len(ids)))
        return Question.browse(chosen)

    @classmethod
    @check_state('started')
    @ModelView.button
    @workflow.step
    @Workflow.transition('submitted')
    def submit(cls, exams):
        "Score the answers; refused after the time allowed"
        now = workflow.clock()
        for exam in exams:
            exam.check_taker()
            if now > exam.deadline() + GRACE:
                raise ExamError(gettext('cs_quality.msg_exam_too_late',
                        exam=exam.rec_name, deadline=exam.deadline()))
            right = [l for l in exam.lines if l.is_right()]
            exam.correct_count = len(right)
            exam.score = (Decimal(100) * len(right) / len(exam.lines)
                ).quantize(Decimal('0.1')) if exam.lines else Decimal(0)
            exam.submitted_at = now
        cls.save(exams)


class ExamLine(BoundedMixin, sequence_ordered(), ModelSQL, ModelView):
    "A question of an exam and the options the employee chose"
    __name__ = 'cs.quality.exam.line'
    __string__ = "Exam Question"

    exam = fields.Many2One(
        'cs.quality.exam', "Exam", required=True, ondelete='CASCADE')
    question = fields.Many2One(
        'cs.quality.question', "Question", required=True, readonly=True)
    text = fields.Function(fields.Text("Question"), 'get_text')
    kind = fields.Function(
        fields.Selection(KINDS, "Kind"), 'get_kind')
    chosen = fields.Many2Many(
        'cs.quality.exam.line-option', 'line', 'option', "Answer",
        domain=[('question', '=', Eval('question', -1))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('exam')
        t = cls.__table__()
        cls._sql_constraints += [
            ('question_unique', Unique(t, t.exam, t.question),
                'cs_quality.msg_exam_question_unique'),
            ]

    def get_text(self, name):
        return self.question.text

    def get_kind(self, name):
        return self.question.kind

    def is_right(self):
        "The options chosen are exactly the right ones"
        return ({o.id for o in self.chosen}
            == {o.id for o in self.question.options if o.correct})

    @classmethod
    def create(cls, vlist):
        if external_call():
            raise ExamError(gettext('cs_quality.msg_exam_questions_fixed'))
        return super().create(vlist)

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        "Answered only by the employee, while the exam runs, in time"
        super().check_modification(
            mode, lines, values=values, external=external)
        if not external:
            return
        if mode == 'delete' or (values and values.keys() - {'chosen'}):
            raise ExamError(gettext('cs_quality.msg_exam_questions_fixed'))
        now = workflow.clock()
        for line in lines:
            exam = line.exam
            exam.check_taker()
            if exam.state != 'started' or now > exam.deadline() + GRACE:
                raise ExamError(gettext('cs_quality.msg_exam_closed',
                        exam=exam.rec_name))

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        if 'chosen' in field_names:
            for line in lines:
                if line.question.kind != 'multiple' and len(line.chosen) > 1:
                    raise ExamError(gettext(
                            'cs_quality.msg_exam_one_option',
                            question=line.question.rec_name))


class ExamLineOption(ModelSQL):
    __name__ = 'cs.quality.exam.line-option'
    __string__ = "Exam Question - Option"

    line = fields.Many2One(
        'cs.quality.exam.line', "Question", required=True,
        ondelete='CASCADE')
    option = fields.Many2One(
        'cs.quality.question.option', "Option", required=True,
        ondelete='CASCADE')
