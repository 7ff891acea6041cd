# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What ties the registers to the service desk's tickets (when cs_helpdesk
is active): a lost-item report matched against the found items, a found
item's reports, and the tickets open at a shift handover (helpdesk.xml adds
their views and the ticket types of the desk's services)"""
import datetime as dt

from trytond.model import ModelSQL, fields
from trytond.modules.cs_helpdesk.ticket import OPEN
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .lost_found import CATEGORIES, UNCLAIMED


class Ticket(metaclass=PoolMeta):
    "A lost-item report, matched against the found items"
    __name__ = 'cs.helpdesk.ticket'

    lost_category = fields.Selection(
        [(None, "")] + CATEGORIES, "Lost Item Category", sort=False,
        states={
            'invisible': Eval('kind') != 'lost_item',
            'readonly': Eval('state').in_(['closed', 'cancelled']),
            })
    found_item = fields.Many2One(
        'cs.lost_found.item', "Found Item",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'invisible': Eval('kind') != 'lost_item',
            'readonly': Eval('state').in_(['closed', 'cancelled']),
            },
        help="The found item that matches the report.")
    found_item_candidates = fields.Function(fields.Many2Many(
            'cs.lost_found.item', None, None, "Possible Matches",
            states={'invisible': Eval('kind') != 'lost_item'}),
        'get_found_item_candidates')

    def get_found_item_candidates(self, name):
        "Unclaimed items found in the week before the report, or since"
        Item = Pool().get('cs.lost_found.item')
        if self.kind != 'lost_item' or not self.received_at:
            return []
        domain = [
            ('company', '=', self.company.id),
            ('state', 'in', UNCLAIMED),
            ('found_at', '>=', self.received_at - dt.timedelta(days=7)),
            ]
        if self.lost_category:
            domain.append(('category', '=', self.lost_category))
        return [i.id for i in Item.search(domain, limit=50)]


class LostFoundItem(metaclass=PoolMeta):
    __name__ = 'cs.lost_found.item'

    tickets = fields.One2Many(
        'cs.helpdesk.ticket', 'found_item', "Lost-Item Reports",
        readonly=True)


class ShiftHandover(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.shift'

    open_tickets = fields.Many2Many(
        'cs.helpdesk.shift-cs.helpdesk.ticket', 'shift', 'ticket',
        "Open Tickets", readonly=True)
    open_ticket_count = fields.Integer("Open Tickets", readonly=True)

    def record_open(self):
        super().record_open()
        Ticket = Pool().get('cs.helpdesk.ticket')
        self.open_tickets = Ticket.search([
                ('company', '=', self.company.id),
                ('state', 'in', OPEN),
                ])
        self.open_ticket_count = len(self.open_tickets)


class ShiftTicket(ModelSQL):
    __name__ = 'cs.helpdesk.shift-cs.helpdesk.ticket'
    __string__ = "Shift Handover - Ticket"

    shift = fields.Many2One(
        'cs.helpdesk.shift', "Shift Handover", required=True,
        ondelete='CASCADE')
    ticket = fields.Many2One(
        'cs.helpdesk.ticket', "Ticket", required=True, ondelete='CASCADE')
