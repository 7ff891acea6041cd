# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Id


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    renovation_sequence = fields.Many2One(
        'ir.sequence', "Renovation Permit Sequence", required=True,
        domain=[('sequence_type', '=', Id(
                    'cs_property_handover', 'sequence_type_renovation'))])

    @classmethod
    def default_renovation_sequence(cls):
        return Pool().get('ir.model.data').get_id(
            'cs_property_handover', 'sequence_renovation')
