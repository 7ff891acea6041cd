# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Repair requests of the service desk (when cs_helpdesk is active)"
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .repair import STATES


class Ticket(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket'

    repair_orders = fields.One2Many(
        'cs.repair.order', 'ticket', "Repair Orders", readonly=True,
        states={'invisible': Eval('kind') != 'repair'})
    repair_state = fields.Function(fields.Selection(
            [(None, "")] + STATES, "Repair State",
            states={'invisible': Eval('kind') != 'repair'}),
        'get_repair_state')

    def get_repair_state(self, name):
        if self.repair_orders:
            return self.repair_orders[-1].state

    @classmethod
    def react(cls, step, tickets):
        """A registered repair request opens its repair order; a cancelled
        one cancels its orders not yet under repair"""
        super().react(step, tickets)
        RepairOrder = Pool().get('cs.repair.order')
        tickets = cls.browse(tickets)
        if step == 'register':
            RepairOrder.create_from_tickets([t for t in tickets
                    if t.kind == 'repair' and t.party
                    and not t.repair_orders])
        elif step == 'cancel':
            RepairOrder.cancel([o for t in tickets for o in t.repair_orders
                    if o.state in RepairOrder.CANCELLABLE])

    @classmethod
    def _move_records(cls, kept, others):
        """A merged duplicate's repair orders go to the kept ticket when it
        has none; else they are the same repair twice and are cancelled
        with the duplicate (react), unless already under repair"""
        super()._move_records(kept, others)
        RepairOrder = Pool().get('cs.repair.order')
        kept = cls(kept.id)
        if not kept.repair_orders:
            RepairOrder.write([o for t in cls.browse(others)
                    for o in t.repair_orders], {'ticket': kept.id})


class RepairOrder(metaclass=PoolMeta):
    __name__ = 'cs.repair.order'

    ticket = fields.Many2One(
        'cs.helpdesk.ticket', "Service Ticket", readonly=True,
        states={'invisible': ~Eval('ticket')})

    @classmethod
    def create_from_tickets(cls, tickets):
        orders = [cls(
                company=t.company, party=t.party, ticket=t,
                contact_phone=t.contact_phone or t.party.phone,
                channel=t.channel, fault=t.description.splitlines()[0][:60],
                fault_description=t.description,
                fault_date=t.received_at.date())
            for t in tickets]
        cls.save(orders)
        return orders

    @classmethod
    def react(cls, step, orders):
        super().react(step, orders)
        if step in {'settle', 'pass_check'}:
            cls._resolve_tickets(orders)

    @classmethod
    def _resolve_tickets(cls, orders):
        "The ticket of a finished order is resolved with its result"
        Ticket = Pool().get('cs.helpdesk.ticket')
        tickets = []
        for order in cls.browse(orders):
            ticket = order.ticket
            if ticket and ticket.state == 'in_progress':
                ticket.result = order.settlement or order.repair_note
                tickets.append(ticket)
        Ticket.save(tickets)
        if tickets:
            Ticket.resolve(tickets)
