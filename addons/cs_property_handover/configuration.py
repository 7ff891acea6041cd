# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import fields
from trytond.modules.cs_base.configuration import (
    default_sequence, sequence_field)
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    renovation_sequence = fields.MultiValue(sequence_field(
            "Renovation Permit Sequence", 'cs_property_handover',
            'sequence_type_renovation'))

    @classmethod
    def default_renovation_sequence(cls, **pattern):
        return default_sequence('cs_property_handover', 'sequence_renovation')


class ConfigurationSequence(metaclass=PoolMeta):
    __name__ = 'cs.configuration.sequence'

    renovation_sequence = sequence_field(
        "Renovation Permit Sequence", 'cs_property_handover',
        'sequence_type_renovation', Eval('company', -1))

    @classmethod
    def default_renovation_sequence(cls):
        return default_sequence('cs_property_handover', 'sequence_renovation')
