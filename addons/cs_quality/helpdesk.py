# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""With cs_helpdesk: a failed item raises an improvement measure; the
complaints an employee answers for and the deadlines of the tickets they
resolved count in their appraisal"""
from sql import Literal, Null
from sql.aggregate import Count, Sum
from sql.conditionals import Case

from trytond.i18n import gettext
from trytond.model import Index, ModelView, fields
from trytond.modules.cs_base.tools import check_state
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .appraisal import per_employee
from .exceptions import InspectionError
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
