# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields, sequence_ordered)

from .workflow import BoundedMixin


class Channel(
        BoundedMixin, DeactivableMixin, sequence_ordered(), ModelSQL,
        ModelView):
    "Way a customer reaches the service desk"
    __name__ = 'cs.channel'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char(
        "Code", required=True,
        help="A short identifier other modules and the portal refer to.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.code),
                'cs_base.msg_channel_code_unique'),
            ]
