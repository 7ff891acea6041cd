# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval, If


class Ticket(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket'

    sale = fields.Many2One(
        'sale.sale', "Sale",
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('party'), ('party', '=', Eval('party', -1)), ()),
            ('state', 'in', ['confirmed', 'processing', 'done']),
            ],
        states={'readonly': ~Eval('state').in_(['draft', 'registered'])},
        help="The purchase the request is about, such as the sale "
        "of goods to return or exchange.")
