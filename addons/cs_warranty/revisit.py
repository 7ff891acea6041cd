# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta


class Revisit(metaclass=PoolMeta):
    __name__ = 'cs.revisit'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['cs.warranty']
