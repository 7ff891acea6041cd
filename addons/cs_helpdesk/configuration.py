# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt

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
    lost_found_sequence = fields.MultiValue(sequence_field(
            "Found Item Sequence", 'cs_helpdesk', 'sequence_type_lost_found'))
    lost_found_retention_days = fields.Integer(
        "Found Items Kept For", required=True,
        domain=[('lost_found_retention_days', '>=', 0)],
        help="Days an unclaimed found item is kept before it may be "
        "disposed of.")
    storage_abandon_hours = fields.Integer(
        "Deposits Moved to Lost and Found After",
        domain=[('storage_abandon_hours', '>=', 0)],
        help="Hours after which an uncollected deposit becomes a found "
        "item; leave empty to move them only by hand.")
    desk_closing_time = fields.Time(
        "Desk Closing Time", required=True, format='%H:%M',
        help="Deposits still open after this time are listed as left "
        "after closing.")

    @classmethod
    def multivalue_model(cls, field):
        if field in {'ticket_sequence', 'ticket_archive_sequence',
                'helpdesk_calendar', 'lost_found_sequence'}:
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

    @classmethod
    def default_lost_found_sequence(cls, **pattern):
        return cls.multivalue_model(
            'lost_found_sequence').default_lost_found_sequence()

    @classmethod
    def default_lost_found_retention_days(cls):
        return 90

    @classmethod
    def default_storage_abandon_hours(cls):
        return 24

    @classmethod
    def default_desk_closing_time(cls):
        return dt.time(21, 0)


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
    lost_found_sequence = sequence_field(
        "Found Item Sequence", 'cs_helpdesk', 'sequence_type_lost_found',
        Eval('company', -1))

    @classmethod
    def default_ticket_sequence(cls):
        return default_sequence('cs_helpdesk', 'sequence_ticket')

    @classmethod
    def default_ticket_archive_sequence(cls):
        return default_sequence('cs_helpdesk', 'sequence_ticket_archive')

    @classmethod
    def default_lost_found_sequence(cls):
        return default_sequence('cs_helpdesk', 'sequence_lost_found')
