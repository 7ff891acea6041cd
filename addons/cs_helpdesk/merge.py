# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Merging duplicate tickets: one matter asked twice (at the desk and by
e-mail, say) is handled once, under the oldest number"""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import TicketError
from .ticket import OPEN

# the deadlines the kept ticket takes at their earliest
DEADLINES = ['response_deadline', 'resolution_deadline', 'at_risk_at',
    'promised_callback']


class Ticket(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket'

    merged_into = fields.Many2One(
        'cs.helpdesk.ticket', "Merged Into", readonly=True,
        ondelete='RESTRICT', states={'invisible': ~Eval('merged_into')},
        help="The ticket this duplicate was merged into.")

    @classmethod
    def merge(cls, tickets):
        """Merge the open tickets of one customer into the oldest: the
        others' history, attachments, notes, revisits, ratings and
        improvement measures move to it, it keeps the earliest deadlines,
        and they are cancelled with a reason naming it; return it"""
        cls.lock(tickets)
        tickets = cls.in_merge_order(cls.browse(tickets))
        cls._check_mergeable(tickets)
        kept, others = tickets[0], tickets[1:]
        for name in DEADLINES:
            values = [getattr(t, name) for t in tickets if getattr(t, name)]
            setattr(kept, name, min(values) if values else None)
        kept.improvements = list(
            {i for t in tickets for i in t.improvements})
        cls.save([kept])
        cls._move_records(kept, others)
        numbers = ', '.join(t.rec_name for t in others)
        cls.record_step([kept], 'merge', gettext(
                'cs_helpdesk.msg_ticket_merged_from', numbers=numbers))
        cls.write(others, {'merged_into': kept.id})
        cls.do_cancel(others, gettext(
                'cs_helpdesk.msg_ticket_merged_into', number=kept.rec_name))
        return kept

    @staticmethod
    def in_merge_order(tickets):
        "The ticket kept first: the oldest numbered (a draft has none)"
        return sorted(tickets,
            key=lambda t: (t.number is None, t.received_at, t.id))

    @classmethod
    def _check_mergeable(cls, tickets):
        "Two or more open tickets of one customer of one company"
        if len(tickets) < 2:
            raise TicketError(gettext('cs_helpdesk.msg_merge_two'))
        for ticket in tickets:
            if ticket.state not in ['draft'] + OPEN:
                raise TicketError(gettext('cs_helpdesk.msg_merge_closed',
                        ticket=ticket.rec_name,
                        state=ticket.state_string))
        first = tickets[0]
        for ticket in tickets[1:]:
            if ticket.company != first.company or (
                    not ticket.party or ticket.party != first.party):
                raise TicketError(gettext(
                        'cs_helpdesk.msg_merge_customers',
                        first=first.rec_name, other=ticket.rec_name))

    @classmethod
    def _merge_moved(cls):
        """What the kept ticket takes from the others: [(model, its field
        to the ticket)] (other modules add theirs)"""
        return [
            ('cs.helpdesk.ticket.event', 'ticket'),
            ('cs.revisit', 'origin'),
            ('cs.satisfaction', 'origin'),
            ('ir.attachment', 'resource'),
            ('ir.note', 'resource'),
            ]

    @classmethod
    def _move_records(cls, kept, others):
        "The others' records (_merge_moved) now point at the kept ticket"
        pool = Pool()
        cursor = Transaction().connection.cursor()
        references = [str(t) for t in others]
        for model, name in cls._merge_moved():
            Model = pool.get(model)
            table = Model.__table__()
            column = getattr(table, name)
            if Model._fields[name]._type == 'many2one':
                where = column.in_([t.id for t in others])
                value = kept.id
            else:
                where = column.in_(references)
                value = str(kept)
            # in SQL: the history and the attachments are read-only to
            # clients, and a merge must not depend on who may edit them
            cursor.execute(*table.update([column], [value], where=where))
        # what the transaction read of the records moved is outdated
        for cache in Transaction().cache.values():
            cache.clear()


class MergeStart(ModelView):
    "Which ticket the others are merged into"
    __name__ = 'cs.helpdesk.ticket.merge.start'
    __string__ = "Merge Tickets"

    kept = fields.Many2One(
        'cs.helpdesk.ticket', "Kept Ticket", readonly=True,
        help="The oldest of the tickets: the others are merged into it "
        "and cancelled.")
    others = fields.Many2Many(
        'cs.helpdesk.ticket', None, None, "Merged Tickets", readonly=True)


class Merge(Wizard):
    "Merge duplicate tickets of one customer into the oldest"
    __name__ = 'cs.helpdesk.ticket.merge'
    start = StateView('cs.helpdesk.ticket.merge.start',
        'cs_helpdesk.ticket_merge_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Merge", 'merge', 'tryton-ok', default=True),
            ])
    merge = StateTransition()

    def default_start(self, fields):
        Ticket = Pool().get('cs.helpdesk.ticket')
        tickets = Ticket.in_merge_order(self.records)
        Ticket._check_mergeable(tickets)
        return {
            'kept': tickets[0].id,
            'others': [t.id for t in tickets[1:]],
            }

    def transition_merge(self):
        "The records chosen, not the form's (a client's) list"
        self.model.merge(self.records)
        return 'end'
