# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Staff appraisal (考核): computed from the period's evidence in SQL, then
reviewed by the manager and acknowledged by the employee"""
import datetime as dt
from collections import namedtuple
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql.aggregate import Avg, Count

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.exceptions import BoundError
from trytond.modules.cs_base.tools import (
    BilingualReport, CustomerLanguageReport, check_state, lock_in_states)
from trytond.modules.cs_base.workflow import WorkflowMixin
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.tools import timezone as tz
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import AppraisalError
from .inspection import SCORED

PERIODS = [
    ('month', "Month"),
    ('quarter', "Quarter"),
    ]
GRADES = [
    (None, ""),
    ('excellent', "Excellent"),
    ('good', "Good"),
    ('satisfactory', "Satisfactory"),
    ('needs_coaching', "Needs Coaching"),
    ]
# the fields the evidence fills (cleared before each computation)
EVIDENCE = ['inspection_count', 'inspection_score', 'rating_count',
    'rating_average', 'complaint_count', 'sla_met', 'sla_missed',
    'revisit_on_time', 'revisit_late', 'exam_count', 'exam_score']
# the field that shows each measure's evidence
MEASURE_FIELDS = {
    'inspection': 'inspection_score',
    'rating': 'rating_average',
    'complaint': 'complaint_count',
    'sla': 'sla_met',
    'revisit': 'revisit_on_time',
    'exam': 'exam_score',
    }
HUNDRED = Decimal(100)
TENTH = Decimal('0.1')
# what one complaint the employee answers for costs the complaint measure
COMPLAINT_COST = 25


def period_end(period, start):
    "The last day of the period starting on start"
    months = 1 if period == 'month' else 3
    return start + relativedelta(months=months) - dt.timedelta(days=1)


def period_start(period, day):
    "The first day of the period of day"
    month = day.month if period == 'month' else (day.month - 1) // 3 * 3 + 1
    return day.replace(month=month, day=1)


class Appraisal(WorkflowMixin, Workflow, ModelSQL, ModelView):
    """The appraisal of an employee over a month or a quarter: each measure
    scored from what the suite recorded, weighed, graded and ranked in the
    department; the manager may adjust it with a written reason"""
    __name__ = 'cs.quality.appraisal'
    __string__ = "Staff Appraisal"

    _computed = {'readonly': Eval('state') != 'computed'}

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, readonly=True)
    department = fields.Many2One(
        'cs.department', "Department", required=True, readonly=True)
    period = fields.Selection(PERIODS, "Period", required=True, readonly=True)
    period_string = period.translated('period')
    start_date = fields.Date("From", required=True, readonly=True)
    end_date = fields.Date("To", required=True, readonly=True)
    inspection_count = fields.Integer("Inspections", readonly=True)
    inspection_score = fields.Numeric(
        "Inspection Score", digits=(16, 1), readonly=True,
        help="The average of the inspections' scores, out of 100.")
    rating_count = fields.Integer("Ratings", readonly=True)
    rating_average = fields.Numeric(
        "Average Rating", digits=(16, 2), readonly=True,
        help="Customers' satisfaction with the requests handled, 1 to 5.")
    complaint_count = fields.Integer(
        "Complaints Answered For", readonly=True,
        help="Complaints received in the period for which the employee "
        "is named responsible.")
    sla_met = fields.Integer("Deadlines Met", readonly=True)
    sla_missed = fields.Integer("Deadlines Missed", readonly=True)
    revisit_on_time = fields.Integer("Revisits on Time", readonly=True)
    revisit_late = fields.Integer("Revisits Late", readonly=True)
    exam_count = fields.Integer("Exams", readonly=True)
    exam_score = fields.Numeric(
        "Exam Score", digits=(16, 1), readonly=True,
        help="The average score of the exams submitted in the period.")
    score = fields.Numeric(
        "Computed Score", digits=(16, 1), readonly=True,
        help="The weighted score of the measures with evidence, out of 100.")
    adjustment = fields.Numeric(
        "Adjustment", digits=(16, 1), states=_computed,
        domain=[('adjustment', '>=', -20), ('adjustment', '<=', 20)],
        help="Points the manager adds or takes off (at most 20), "
        "with the reason written.")
    adjustment_reason = fields.Text(
        "Reason for the Adjustment", states={
            **_computed, 'required': Bool(Eval('adjustment'))})
    final_score = fields.Numeric("Score", digits=(16, 1), readonly=True)
    grade = fields.Selection(GRADES, "Grade", readonly=True, sort=False)
    grade_string = grade.translated('grade')
    rank = fields.Integer(
        "Rank", readonly=True, help="Rank in the department for the period.")
    coaching = fields.Boolean(
        "Coaching", readonly=True,
        help="Needs coaching: a plan with the manager for the next period.")
    reassignment = fields.Boolean(
        "Review the Post", readonly=True,
        help="Needed coaching two periods in a row: to be considered for "
        "another post.")
    state = fields.Selection([
            ('computed', "Computed"),
            ('reviewed', "Reviewed"),
            ('acknowledged', "Acknowledged"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('employee_period_unique',
                Unique(t, t.employee, t.period, t.start_date),
                'cs_quality.msg_appraisal_unique'),
            ]
        cls._sql_indexes.add(Index(t,
                (t.company, Index.Equality()), (t.period, Index.Equality()),
                (t.start_date, Index.Range()),
                (t.department, Index.Equality())))
        cls._order = [('start_date', 'DESC'), ('department', 'ASC'),
            ('rank', 'ASC NULLS LAST'), ('id', 'ASC')]
        cls._transitions |= {
            ('computed', 'reviewed'),
            ('reviewed', 'acknowledged'),
            }
        cls._buttons.update({
                'review': {
                    'invisible': Eval('state') != 'computed',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'acknowledge': {
                    'invisible': Eval('state') != 'reviewed',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'computed'

    def get_rec_name(self, name):
        return (f'{self.employee.rec_name} '
            f'{self.start_date:%Y-%m}–{self.end_date:%Y-%m}')

    @classmethod
    def check_modification(cls, mode, appraisals, values=None,
            external=False):
        if mode == 'write' and external:
            for appraisal in appraisals:
                if appraisal.state != 'computed':
                    raise AppraisalError(gettext(
                            'cs_quality.msg_appraisal_closed',
                            appraisal=appraisal.rec_name))
        super().check_modification(
            mode, appraisals, values=values, external=external)

    @classmethod
    def _check_state(cls, appraisals, states, action):
        lock_in_states(cls, appraisals, states, AppraisalError,
            'cs_quality.msg_appraisal_wrong_state', 'appraisal')

    # -- computing -----------------------------------------------------------

    @classmethod
    def compute_period(cls, company, period, start, departments):
        """Appraise the members of departments over the period starting on
        start: new appraisals, or those computed before again; refused for
        a period with reviewed appraisals"""
        start = period_start(period, start)
        end = period_end(period, start)
        staff = {e: d for d in departments for e in d.members}
        existing = {a.employee: a for a in cls.search([
                    ('company', '=', company.id), ('period', '=', period),
                    ('start_date', '=', start),
                    ('employee', 'in', [e.id for e in staff])])}
        closed = [a for a in existing.values() if a.state != 'computed']
        if closed:
            raise AppraisalError(gettext(
                    'cs_quality.msg_appraisal_period_closed',
                    appraisal=closed[0].rec_name))
        evidence = cls.evidence(company, [e.id for e in staff], start, end)
        appraisals = []
        for employee, department in staff.items():
            appraisal = existing.get(employee) or cls(
                company=company, employee=employee, period=period,
                start_date=start, end_date=end, adjustment=Decimal(0))
            appraisal.department = department
            found = evidence.get(employee.id, {})
            for name in EVIDENCE:
                setattr(appraisal, name, found.get(name))
            appraisal.score = appraisal.weighted_score()
            appraisals.append(appraisal)
        cls.grade_and_rank(appraisals)
        cls.save(appraisals)
        return appraisals

    @classmethod
    def evidence(cls, company, employee_ids, start, end):
        """{employee id: {field: value}} over the days start to end (the
        company's days), one SQL aggregate per kind of evidence"""
        timezone = tz.get_tzinfo(company.timezone) if company.timezone \
            else tz.UTC

        def utc(day):
            return dt.datetime.combine(day, dt.time(), timezone).astimezone(
                tz.UTC).replace(tzinfo=None)
        scope = Scope(company.id, employee_ids,
            (utc(start), utc(end + dt.timedelta(days=1))))
        found = {i: {} for i in employee_ids}
        for collect in cls._evidence_collectors():
            for employee, values in collect(scope):
                found[employee].update(values)
        return found

    @classmethod
    def _evidence_collectors(cls):
        """The functions of a Scope that yield (employee id, {field: value})
        (other modules add theirs)"""
        return [cls._inspection_evidence, cls._rating_evidence,
            cls._revisit_evidence, cls._exam_evidence]

    @classmethod
    def _inspection_evidence(cls, scope):
        table = Pool().get('cs.quality.inspection').__table__()
        for employee, count, average in per_employee(
                table, table.employee,
                [Count(table.id), Avg(table.score * HUNDRED / table.maximum)],
                scope.where(table.company, table.employee, table.date)
                & table.state.in_(SCORED) & (table.maximum > 0)):
            yield employee, {'inspection_count': count,
                'inspection_score': _decimal(average).quantize(TENTH)}

    @classmethod
    def _exam_evidence(cls, scope):
        table = Pool().get('cs.quality.exam').__table__()
        for employee, count, average in per_employee(
                table, table.employee, [Count(table.id), Avg(table.score)],
                scope.where(table.company, table.employee, table.submitted_at)
                & (table.state == 'submitted')):
            yield employee, {'exam_count': count,
                'exam_score': _decimal(average).quantize(TENTH)}

    @classmethod
    def _rating_evidence(cls, scope):
        table = Pool().get('cs.satisfaction').__table__()
        for employee, count, average in per_employee(
                table, table.employee, [Count(table.id), Avg(table.rating)],
                scope.where(table.company, table.employee, table.date)):
            yield employee, {'rating_count': count,
                'rating_average': _decimal(average).quantize(
                    Decimal('0.01'))}

    @classmethod
    def _revisit_evidence(cls, scope):
        """Revisits done in the period, on time or after their planned day
        (a few per employee: the days are compared here, which SQLite and
        PostgreSQL cannot do alike)"""
        table = Pool().get('cs.revisit').__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                table.staff, table.planned_date, table.done_date,
                where=scope.where(table.company, table.staff, table.done_date)
                & (table.state == 'done')))
        counts = {}
        for employee, planned, done in cursor:
            # [on time, late]
            counts.setdefault(employee, [0, 0])[done.date() > planned] += 1
        for employee, (on_time, late) in counts.items():
            yield employee, {
                'revisit_on_time': on_time, 'revisit_late': late}

    def measures(self):
        "{measure: score out of 100} of the measures with evidence"
        found = {}
        if self.inspection_count:
            found['inspection'] = self.inspection_score
        if self.rating_count:
            found['rating'] = self.rating_average * 20
        if self.sla_met or self.sla_missed:
            found['sla'] = (HUNDRED * (self.sla_met or 0)
                / ((self.sla_met or 0) + (self.sla_missed or 0)))
        if self.exam_count:
            found['exam'] = self.exam_score
        if self.revisit_on_time or self.revisit_late:
            found['revisit'] = (HUNDRED * (self.revisit_on_time or 0)
                / ((self.revisit_on_time or 0) + (self.revisit_late or 0)))
        # no complaint is evidence only beside the work it was about: alone,
        # it would make an employee with no recorded work excellent
        if self.complaint_count or (
                found and self.complaint_count is not None):
            found['complaint'] = Decimal(
                max(100 - COMPLAINT_COST * self.complaint_count, 0))
        return found

    def weighted_score(self):
        """The measures with evidence weighed by the company's weights
        (those without evidence left out, the others' weights scaled up)"""
        Configuration = Pool().get('cs.configuration')
        weights = Configuration(1).appraisal_weights(self.company)
        found = {m: s for m, s in self.measures().items() if weights[m]}
        if not found:
            return None
        total = sum(weights[m] for m in found)
        return (sum(s * weights[m] for m, s in found.items())
            / total).quantize(TENTH)

    def weak_measures(self):
        """The measures scored below the satisfactory grade, one per line,
        for the coaching plan's goals"""
        Configuration = Pool().get('cs.configuration')
        least = dict(Configuration(1).appraisal_thresholds(
                self.company))['satisfactory']
        return '\n'.join(
            f'{self._field_string(MEASURE_FIELDS[m])}: {s:.0f}/100'
            for m, s in self.measures().items() if s < least) or None

    @classmethod
    def grade_and_rank(cls, appraisals):
        """Final score and grade of each appraisal, its rank in its
        department for the period, and the coaching flags"""
        Configuration = Pool().get('cs.configuration')
        configuration = Configuration(1)
        thresholds = {}
        for appraisal in appraisals:
            company = appraisal.company
            if company not in thresholds:
                thresholds[company] = configuration.appraisal_thresholds(
                    company)
            appraisal.final_score = appraisal.adjusted_score()
            appraisal.grade = next((g for g, least in thresholds[company]
                    if appraisal.final_score is not None
                    and appraisal.final_score >= least), None)
            appraisal.coaching = appraisal.grade == 'needs_coaching'
        cls._rank(appraisals)
        cls._flag_repeated_coaching(appraisals)

    def adjusted_score(self):
        if self.score is None:
            return None
        return min(max(self.score + (self.adjustment or 0), Decimal(0)),
            HUNDRED).quantize(TENTH)

    @classmethod
    def _rank(cls, appraisals):
        "Competition ranking (1, 2, 2, 4) within each department"
        by_department = {}
        for appraisal in appraisals:
            by_department.setdefault(appraisal.department, []).append(
                appraisal)
        for group in by_department.values():
            scored = sorted((a for a in group if a.final_score is not None),
                key=lambda a: a.final_score, reverse=True)
            for position, appraisal in enumerate(scored, 1):
                previous = scored[position - 2] if position > 1 else None
                appraisal.rank = (previous.rank if previous
                    and previous.final_score == appraisal.final_score
                    else position)
            for appraisal in group:
                if appraisal.final_score is None:
                    appraisal.rank = None

    @classmethod
    def _flag_repeated_coaching(cls, appraisals):
        """Coaching two periods in a row: the post is to be reviewed (003);
        the previous period's grades read in one search per period"""
        by_previous = {}
        for appraisal in appraisals:
            previous = period_start(appraisal.period,
                appraisal.start_date - dt.timedelta(days=1))
            by_previous.setdefault(
                (appraisal.period, previous), []).append(appraisal)
        for (period, start), group in by_previous.items():
            coached = {a.employee.id for a in cls.search([
                        ('employee', 'in', [a.employee.id for a in group]),
                        ('period', '=', period),
                        ('start_date', '=', start),
                        ('grade', '=', 'needs_coaching'),
                        ])}
            for appraisal in group:
                appraisal.reassignment = bool(appraisal.coaching
                    and appraisal.employee.id in coached)

    # -- steps ---------------------------------------------------------------

    @classmethod
    @check_state('computed')
    @ModelView.button
    @workflow.step
    @Workflow.transition('reviewed')
    def review(cls, appraisals):
        "The manager confirms the appraisal, adjusted or not"
        for appraisal in appraisals:
            if appraisal.adjustment and not appraisal.adjustment_reason:
                raise AppraisalError(gettext(
                        'cs_quality.msg_appraisal_reason_required',
                        appraisal=appraisal.rec_name))
        ranked = cls._department_period(appraisals)
        cls.grade_and_rank(ranked)
        cls.save(ranked)
        Coaching = Pool().get('cs.quality.coaching')
        Coaching.plan_for([a for a in ranked if a in appraisals])

    @classmethod
    def _department_period(cls, appraisals):
        "The appraisals ranked with these: their departments' for the period"
        return cls.search(['OR'] + [[
                    ('department', '=', a.department.id),
                    ('period', '=', a.period),
                    ('start_date', '=', a.start_date)] for a in appraisals])

    @classmethod
    @check_state('reviewed')
    @ModelView.button
    @workflow.step
    @Workflow.transition('acknowledged')
    def acknowledge(cls, appraisals):
        "Only the employee appraised acknowledges it"
        for appraisal in appraisals:
            if not workflow.user_is(appraisal.employee):
                raise AppraisalError(gettext(
                        'cs_quality.msg_appraisal_not_appraised',
                        appraisal=appraisal.rec_name,
                        employee=appraisal.employee.rec_name))


class Scope(namedtuple('Scope', ['company', 'employees', 'bounds'])):
    "The company, the employees appraised and the UTC bounds of the period"
    __slots__ = ()

    def where(self, company, employee, date):
        "The condition on the rows of the employees dated in the period"
        return ((company == self.company) & employee.in_(self.employees)
            & (date >= self.bounds[0]) & (date < self.bounds[1]))


def per_employee(query, employee, aggregates, where):
    "The rows (employee, *aggregates) of query where, per employee"
    cursor = Transaction().connection.cursor()
    cursor.execute(*query.select(employee, *aggregates, where=where,
            group_by=[employee]))
    return cursor


def _decimal(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


class ComputeStart(ModelView):
    "The period and departments to appraise"
    __name__ = 'cs.quality.appraisal.compute.start'
    __string__ = "Compute Appraisals"

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    period = fields.Selection(PERIODS, "Period", required=True)
    date = fields.Date(
        "Period Of", required=True,
        help="Any day of the month or quarter to appraise.")
    departments = fields.Many2Many(
        'cs.department', None, None, "Departments", required=True,
        domain=[('company', '=', Eval('company', -1))])

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_period(cls):
        return 'month'

    @classmethod
    def default_date(cls):
        Date = Pool().get('ir.date')
        return Date.today() - relativedelta(months=1)


class Compute(Wizard):
    "Compute the appraisals of a period from the suite's records"
    __name__ = 'cs.quality.appraisal.compute'
    start = StateView('cs.quality.appraisal.compute.start',
        'cs_quality.appraisal_compute_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Compute", 'compute', 'tryton-ok', default=True),
            ])
    compute = StateTransition()

    def transition_compute(self):
        """The form's values checked here: a wizard's form is a client's,
        and a script over JSON-RPC sends what it likes"""
        pool = Pool()
        Appraisal = pool.get('cs.quality.appraisal')
        Company = pool.get('company.company')
        Department = pool.get('cs.department')
        company = Company(Transaction().context['company'])
        first, last = workflow.YEARS
        if not first <= self.start.date.year <= last:
            raise BoundError(gettext('cs_base.msg_date_out_of_range',
                    field=ComputeStart.__names__(field='date')['field'],
                    value=self.start.date, first=first, last=last))
        departments = Department.search([
                ('id', 'in', [d.id for d in self.start.departments]),
                ('company', '=', company.id),
                ])
        Appraisal.compute_period(
            company, self.start.period, self.start.date, departments)
        return 'end'


class AppraisalSheet(CustomerLanguageReport):
    "The appraisal sheet, in the employee's language"
    __name__ = 'cs.quality.appraisal.sheet'

    @classmethod
    def customer_language(cls, appraisal):
        return appraisal.employee.party.lang


class BilingualAppraisalSheet(BilingualReport, AppraisalSheet):
    __name__ = 'cs.quality.appraisal.sheet.bilingual'
