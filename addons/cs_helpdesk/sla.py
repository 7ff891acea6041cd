# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, MatchMixin, ModelSQL, ModelView, fields,
    sequence_ordered)
from trytond.modules.cs_base.party import CLASSIFICATIONS
from trytond.modules.cs_base.workflow import BoundedMixin
from trytond.pool import Pool
from trytond.transaction import Transaction

from .exceptions import SLAError
from .ticket import PRIORITIES


class SLA(
        BoundedMixin, MatchMixin, DeactivableMixin, sequence_ordered(),
        ModelSQL, ModelView):
    """Response and resolution targets of the tickets it matches.

    The first policy in sequence order whose criteria all match a ticket
    applies; an empty criterion matches every ticket."""
    __name__ = 'cs.helpdesk.sla'
    __string__ = "Service Level Policy"

    name = fields.Char("Name", required=True, translate=True)
    company = fields.Many2One(
        'company.company', "Company",
        help="Leave empty to apply to every company.")
    calendar = fields.Many2One(
        'cs.calendar', "Calendar", required=True,
        help="The working calendar on which the hours are counted.")
    types = fields.Many2Many(
        'cs.helpdesk.sla-cs.helpdesk.ticket.type', 'sla', 'type',
        "Ticket Types", help="Leave empty for every type.")
    priority = fields.Selection(
        [(None, "")] + PRIORITIES, "Priority", sort=False,
        help="Leave empty for every priority.")
    classification = fields.Selection(
        CLASSIFICATIONS, "Customer Classification", sort=False,
        help="Applies only to customers of this classification; "
        "leave empty for every customer.")
    vip_only = fields.Boolean(
        "VIP Only", help="Applies only to VIP customers' tickets.")
    response_hours = fields.Float(
        "Response Time", required=True, digits=(16, 2),
        domain=[('response_hours', '>=', 0)],
        help="Working hours within which the customer gets a first answer.")
    resolution_hours = fields.Float(
        "Resolution Time", required=True, digits=(16, 2),
        domain=[('resolution_hours', '>=', 0)],
        help="Working hours within which the ticket is resolved.")
    merchant_response_hours = fields.Float(
        "Merchant Response Time", digits=(16, 2),
        domain=['OR',
            ('merchant_response_hours', '=', None),
            ('merchant_response_hours', '>=', 0),
            ],
        help="Working hours within which a merchant answers "
        "a dispute dispatched to it.")
    at_risk_ratio = fields.Float(
        "At Risk After", required=True, digits=(16, 2),
        domain=[('at_risk_ratio', '>', 0), ('at_risk_ratio', '<=', 1)],
        help="The share of the resolution time after which a ticket "
        "is at risk (0.75: three quarters).")

    @classmethod
    def default_at_risk_ratio(cls):
        return 0.75

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def check_modification(cls, mode, policies, values=None, external=False):
        "A policy in use keeps the deadlines of its tickets: deactivate it"
        super().check_modification(
            mode, policies, values=values, external=external)
        if mode == 'delete':
            Ticket = Pool().get('cs.helpdesk.ticket')
            for policy in policies:
                count = Ticket.search(
                    [('sla', '=', policy.id)], count=True)
                if count:
                    raise SLAError(gettext(
                            'cs_helpdesk.msg_sla_in_use',
                            sla=policy.rec_name, count=count))

    def match(self, pattern, match_none=False):
        """Tryton's match of the pattern's values (an empty criterion
        matches any), with a set of types and a VIP flag that restricts
        only when it is set"""
        pattern = pattern.copy()
        type_, vip = pattern.pop('type', None), pattern.pop('vip', False)
        if self.types and type_ not in {t.id for t in self.types}:
            return False
        if self.vip_only and not vip:
            return False
        return super().match(pattern, match_none=match_none)

    @classmethod
    def find(cls, ticket, policies=None):
        "Return the first of policies (default: all) that applies to ticket"
        pattern = {
            'company': ticket.company.id if ticket.company else None,
            'type': ticket.type.id if ticket.type else None,
            'priority': ticket.priority,
            'classification': (
                ticket.party.cs_classification if ticket.party else None),
            'vip': bool(ticket.vip),
            }
        for sla in cls.search([]) if policies is None else policies:
            if sla.match(pattern):
                return sla


class SLATicketType(ModelSQL):
    __name__ = 'cs.helpdesk.sla-cs.helpdesk.ticket.type'

    sla = fields.Many2One(
        'cs.helpdesk.sla', "Service Level Policy", required=True,
        ondelete='CASCADE')
    type = fields.Many2One(
        'cs.helpdesk.ticket.type', "Ticket Type", required=True,
        ondelete='CASCADE')
