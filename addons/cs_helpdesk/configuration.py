# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import ModelSQL, fields
from trytond.modules.company.model import CompanyValueMixin
from trytond.modules.cs_base.configuration import (
    default_sequence, sequence_field)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    ticket_sequence = fields.MultiValue(sequence_field(
            "Ticket Sequence", 'cs_helpdesk', 'sequence_type_ticket'))
    ticket_archive_sequence = fields.MultiValue(sequence_field(
            "Processing Form Archive Sequence", 'cs_helpdesk',
            'sequence_type_ticket_archive',
            help="Numbers the service processing forms of closed tickets."))
    helpdesk_calendar = fields.MultiValue(fields.Many2One(
            'cs.calendar', "Service Desk Calendar",
            help="Counts working time of tickets without a service level."))

    @classmethod
    def multivalue_model(cls, field):
        if field in {'ticket_sequence', 'ticket_archive_sequence',
                'helpdesk_calendar'}:
            return Pool().get('cs.configuration.helpdesk')
        return super().multivalue_model(field)

    @classmethod
    def default_ticket_sequence(cls, **pattern):
        return cls.multivalue_model(
            'ticket_sequence').default_ticket_sequence()

    @classmethod
    def default_ticket_archive_sequence(cls, **pattern):
        return cls.multivalue_model(
            'ticket_archive_sequence').default_ticket_archive_sequence()


class ConfigurationHelpdesk(ModelSQL, CompanyValueMixin):
    __name__ = 'cs.configuration.helpdesk'
    __string__ = "Service Desk Configuration"

    ticket_sequence = sequence_field(
        "Ticket Sequence", 'cs_helpdesk', 'sequence_type_ticket',
        Eval('company', -1))
    ticket_archive_sequence = sequence_field(
        "Processing Form Archive Sequence", 'cs_helpdesk',
        'sequence_type_ticket_archive', Eval('company', -1))
    helpdesk_calendar = fields.Many2One('cs.calendar', "Service Desk Calendar")

    @classmethod
    def default_ticket_sequence(cls):
        return default_sequence('cs_helpdesk', 'sequence_ticket')

    @classmethod
    def default_ticket_archive_sequence(cls):
        return default_sequence('cs_helpdesk', 'sequence_ticket_archive')
