# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    cs_warranty = fields.Boolean(
        "Under Warranty",
        help="Each unit sold gets a warranty of its own when the sale is "
        "confirmed, for its serial number.")

    @classmethod
    def default_cs_warranty(cls):
        return False


class Product(metaclass=PoolMeta):
    """A variant shows its template's fields: registered here so that
    activating the module in a running server sets the variant up again
    with the new template field (its form inherits the template's)"""
    __name__ = 'product.product'
