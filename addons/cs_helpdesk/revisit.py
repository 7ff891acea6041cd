# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class OfTicketCustomer:
    """A ticket's revisit or rating is of the ticket's customer: checked
    here, for whoever creates it, rather than by a domain of the ticket's
    lists, which read both lists each time a ticket was saved"""
    __slots__ = ()

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.origin.domain = {**cls.origin.domain,
            'cs.helpdesk.ticket': [('party', '=', Eval('party', -1))]}


class Revisit(OfTicketCustomer, metaclass=PoolMeta):
    __name__ = 'cs.revisit'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['cs.helpdesk.ticket']


class Satisfaction(OfTicketCustomer, metaclass=PoolMeta):
    __name__ = 'cs.satisfaction'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['cs.helpdesk.ticket']
