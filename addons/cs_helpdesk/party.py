# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    cs_merchant = fields.Boolean(
        "Merchant",
        help="A tenant merchant of the mall, to whom disputes about its "
        "goods and services are dispatched.")
    cs_shop_number = fields.Char(
        "Shop Number",
        states={'invisible': ~Eval('cs_merchant', False)},
        help="The shop or stall number of the merchant.")

    @classmethod
    def default_cs_merchant(cls):
        return False
