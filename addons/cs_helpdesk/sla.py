# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.modules.cs_base.party import CLASSIFICATIONS
from trytond.modules.cs_base.workflow import BoundedMixin
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from .exceptions import SLAError
from .ticket import PRIORITIES


class SLA(
        BoundedMixin, DeactivableMixin, sequence_ordered(),
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
    _criteria_cache = Cache('cs.helpdesk.sla.criteria', context=False)

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

    @classmethod
    def on_modification(cls, mode, policies, field_names=None):
        super().on_modification(mode, policies, field_names=field_names)
        cls._criteria_cache.clear()

    @classmethod
    def criteria(cls):
        """The active policies' criteria in sequence order, read once and
        kept until a policy changes: registering a ticket matches them and
        counts its deadlines without a query.  Read with the server's
        rights: a policy of another company never matches a ticket (its
        company differs)."""
        criteria = cls._criteria_cache.get(None)
        if criteria is None:
            with without_check_access():
                policies = cls.search([])
            criteria = [{
                    'id': p.id,
                    'company': p.company.id if p.company else None,
                    'types': [t.id for t in p.types],
                    'priority': p.priority,
                    'classification': p.classification,
                    'vip_only': p.vip_only,
                    # what the deadlines are counted with
                    'values': {
                        'calendar': p.calendar.id,
                        'response_hours': p.response_hours,
                        'resolution_hours': p.resolution_hours,
                        'at_risk_ratio': p.at_risk_ratio,
                        },
                    } for p in policies]
            cls._criteria_cache.set(None, criteria)
        return criteria

    @staticmethod
    def applies(criteria, pattern):
        """Whether a policy's criteria match the pattern of a ticket: an
        empty criterion matches any value; VIP only restricts when set"""
        if criteria['types'] and pattern['type'] not in criteria['types']:
            return False
        if criteria['vip_only'] and not pattern['vip']:
            return False
        return all(not criteria[name] or criteria[name] == pattern[name]
            for name in ['company', 'priority', 'classification'])

    @classmethod
    def find(cls, ticket):
        "Return the first policy in sequence order that applies to ticket"
        pattern = {
            'company': ticket.company.id if ticket.company else None,
            'type': ticket.type.id if ticket.type else None,
            'priority': ticket.priority,
            'classification': (
                ticket.party.cs_classification if ticket.party else None),
            'vip': bool(ticket.vip),
            }
        for criteria in cls.criteria():
            if cls.applies(criteria, pattern):
                return cls(criteria['id'], **criteria['values'])


class SLATicketType(ModelSQL):
    __name__ = 'cs.helpdesk.sla-cs.helpdesk.ticket.type'

    sla = fields.Many2One(
        'cs.helpdesk.sla', "Service Level Policy", required=True,
        ondelete='CASCADE')
    type = fields.Many2One(
        'cs.helpdesk.ticket.type', "Ticket Type", required=True,
        ondelete='CASCADE')

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Pool().get('cs.helpdesk.sla')._criteria_cache.clear()
