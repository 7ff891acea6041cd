# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Tickets show the member's card and tier; complaints count in the
classification (when cs_helpdesk is active)"""
from sql import Null
from sql.aggregate import Count

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class Ticket(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket'

    member_card = fields.Function(
        fields.Many2One('cs.membership.card', "Member Card"),
        'get_member_card')
    member_tier = fields.Function(
        fields.Many2One('cs.membership.tier', "Member Tier"),
        'get_member_card')

    @classmethod
    def get_member_card(cls, tickets, names):
        Card = Pool().get('cs.membership.card')
        parties = {t.party.id for t in tickets if t.party}
        cards = {c.member.id: c for c in Card.search([
                    ('member', 'in', list(parties)),
                    ('state', '=', 'active'),
                    ])}
        result = {n: {} for n in names}
        for ticket in tickets:
            card = cards.get(ticket.party.id) if ticket.party else None
            if 'member_card' in names:
                result['member_card'][ticket.id] = card.id if card else None
            if 'member_tier' in names:
                result['member_tier'][ticket.id] = (
                    card.tier.id if card else None)
        return result


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def _cs_complaints(cls, since):
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Type = pool.get('cs.helpdesk.ticket.type')
        ticket = Ticket.__table__()
        type_ = Type.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*ticket.join(type_,
                condition=ticket.type == type_.id).select(
                ticket.party, Count(ticket.id),
                where=(type_.kind == 'complaint')
                & (ticket.received_at >= since) & (ticket.party != Null),
                group_by=[ticket.party]))
        complaints = super()._cs_complaints(since)
        complaints.update(cursor)
        return complaints
