# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Where service quality stands: inspection scores per department and month,
the items failed most often, the appraisals of each department; every figure
aggregated in SQL"""
from sql import Null
from sql.aggregate import Avg, Count, Min, Sum
from sql.conditionals import Case

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.cs_base.tools import DateRangeContextMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .appraisal import GRADES, PERIODS
from .inspection import SCORED


def scored_inspections(inspection):
    """The condition on the inspections the statistics count: of the
    context's company, months and department, scored"""
    context = Transaction().context
    where = ((inspection.company == context.get('company', -1))
        & inspection.state.in_(SCORED) & (inspection.maximum > 0))
    if context.get('from_date'):
        where &= inspection.month >= context['from_date'].replace(day=1)
    if context.get('to_date'):
        where &= inspection.month <= context['to_date']
    if context.get('department'):
        where &= inspection.department == context['department']
    return where


class InspectionScoreMixin:
    "The inspections' average score out of 100 and the items they failed"
    __slots__ = ()

    company = fields.Many2One('company.company', "Company")
    inspections = fields.Integer("Inspections")
    score = fields.Float(
        "Average Score", digits=(16, 1), help="Out of 100.")
    failed = fields.Integer("Items Failed")

    @classmethod
    def table_query(cls):
        inspection = Pool().get('cs.quality.inspection').__table__()
        group_by = [inspection.company] + cls._group_by(inspection)
        return inspection.select(
            Min(inspection.id).as_('id'),
            *group_by,
            Count(inspection.id).as_('inspections'),
            cls.score.sql_cast(Avg(
                    inspection.score * 100 / inspection.maximum)).as_(
                'score'),
            Sum(inspection.failed_count).as_('failed'),
            where=scored_inspections(inspection), group_by=group_by)

    @classmethod
    def _group_by(cls, inspection):
        "The columns of the inspections the figures are given by"
        raise NotImplementedError


class InspectionScoreMonth(InspectionScoreMixin, ModelSQL, ModelView):
    """Inspection scores per month, of the company or of the department
    asked: how service quality moves"""
    __name__ = 'cs.quality.statistics.month'
    __string__ = "Inspection Scores per Month"

    month = fields.Date("Month")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'DESC'), ('id', 'ASC')]

    @classmethod
    def _group_by(cls, inspection):
        return [inspection.month]


class InspectionScoreDepartment(InspectionScoreMixin, ModelSQL, ModelView):
    "Inspection scores per department over the months asked"
    __name__ = 'cs.quality.statistics.department'
    __string__ = "Inspection Scores per Department"

    department = fields.Many2One('cs.department', "Department")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('score', 'DESC'), ('id', 'ASC')]

    @classmethod
    def _group_by(cls, inspection):
        return [inspection.department]


class ItemFailure(ModelSQL, ModelView):
    """How often each item of a standard failed: where training should
    go first"""
    __name__ = 'cs.quality.statistics.item'
    __string__ = "Items Failed Most Often"

    company = fields.Many2One('company.company', "Company")
    item = fields.Many2One('cs.quality.standard.item', "Item")
    section = fields.Function(
        fields.Many2One('cs.quality.standard.section', "Section"),
        'get_section')
    checked = fields.Integer(
        "Checked", help="The inspections in which the item was passed or "
        "failed.")
    failed = fields.Integer("Failed")
    failure_rate = fields.Float("Failure Rate", digits=(16, 4))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('failed', 'DESC'), ('failure_rate', 'DESC'),
            ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        inspection = pool.get('cs.quality.inspection').__table__()
        line = pool.get('cs.quality.inspection.line').__table__()
        failed = Count(line.id, filter_=line.result == 'failed')
        checked = Count(line.id)
        return line.join(inspection,
            condition=line.inspection == inspection.id).select(
            Min(line.id).as_('id'),
            inspection.company.as_('company'),
            line.item.as_('item'),
            checked.as_('checked'),
            failed.as_('failed'),
            (cls.failure_rate.sql_cast(failed) / checked).as_(
                'failure_rate'),
            where=scored_inspections(inspection)
            & line.result.in_(['passed', 'failed']),
            group_by=[inspection.company, line.item],
            having=failed > 0)

    def get_section(self, name):
        return self.item.section.id


class AppraisalDepartment(ModelSQL, ModelView):
    """A department's appraisal for a period: its staff's average score
    and how many reached each grade"""
    __name__ = 'cs.quality.appraisal.department'
    __string__ = "Department Appraisal"

    company = fields.Many2One('company.company', "Company")
    department = fields.Many2One('cs.department', "Department")
    period = fields.Selection(PERIODS, "Period")
    start_date = fields.Date("From")
    end_date = fields.Date("To")
    employees = fields.Integer("Employees Appraised")
    score = fields.Float(
        "Average Score", digits=(16, 1), help="Out of 100.")
    excellent = fields.Integer("Excellent")
    good = fields.Integer("Good")
    satisfactory = fields.Integer("Satisfactory")
    needs_coaching = fields.Integer("Needs Coaching")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('score', 'DESC NULLS LAST'),
            ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        appraisal = Pool().get('cs.quality.appraisal').__table__()

        def graded(grade):
            return Sum(Case((appraisal.grade == grade, 1), else_=0)).as_(
                grade)
        return appraisal.select(
            Min(appraisal.id).as_('id'),
            appraisal.company.as_('company'),
            appraisal.department.as_('department'),
            appraisal.period.as_('period'),
            appraisal.start_date.as_('start_date'),
            Min(appraisal.end_date).as_('end_date'),
            Count(appraisal.id).as_('employees'),
            cls.score.sql_cast(Avg(appraisal.final_score)).as_('score'),
            *(graded(g) for g, _ in GRADES if g),
            where=appraisal.final_score != Null,
            group_by=[appraisal.company, appraisal.department,
                appraisal.period, appraisal.start_date])


class StatisticsContext(DateRangeContextMixin, ModelView):
    "The company, months and department of the quality statistics"
    __name__ = 'cs.quality.statistics.context'
    __string__ = "Quality Statistics Context"

    department = fields.Many2One(
        'cs.department', "Department",
        domain=[('company', '=', Eval('company', -1))],
        help="Leave empty for every department.")

    @classmethod
    def default_department(cls):
        return Transaction().context.get('department')
