# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt

from sql import Null, Table

from trytond import backend
from trytond.model import fields
from trytond.modules.cs_base.configuration import (
    default_sequence, sequence_field)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .migration import adopt_registers


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    lost_found_sequence = fields.MultiValue(sequence_field(
            "Found Item Sequence", 'cs_desk', 'sequence_type_lost_found'))
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
    def __register__(cls, module):
        # before cs_desk's XML files are loaded: a database whose registers
        # were cs_helpdesk's keeps their records (migration.py)
        adopt_registers()
        super().__register__(module)

    @classmethod
    def default_lost_found_sequence(cls, **pattern):
        return default_sequence('cs_desk', 'sequence_lost_found')

    @classmethod
    def default_lost_found_retention_days(cls):
        return 90

    @classmethod
    def default_storage_abandon_hours(cls):
        return 24

    @classmethod
    def default_desk_closing_time(cls):
        return dt.time(21, 0)


class ConfigurationSequence(metaclass=PoolMeta):
    __name__ = 'cs.configuration.sequence'

    lost_found_sequence = sequence_field(
        "Found Item Sequence", 'cs_desk', 'sequence_type_lost_found',
        Eval('company', -1))

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        cls.move_from_helpdesk('lost_found_sequence')

    @classmethod
    def default_lost_found_sequence(cls):
        return default_sequence('cs_desk', 'sequence_lost_found')

    @classmethod
    def move_from_helpdesk(cls, name):
        """Migration: the registers were part of cs_helpdesk, whose
        configuration per company kept the sequence name"""
        try:
            Helpdesk = Pool().get('cs.configuration.helpdesk')
        except KeyError:
            return
        if not backend.TableHandler.table_exist(Helpdesk._table):
            return
        old = backend.TableHandler(Helpdesk)
        if not old.column_exist(name):
            return
        cursor = Transaction().connection.cursor()
        helpdesk = Table(Helpdesk._table)
        cursor.execute(*helpdesk.select(
                helpdesk.company, getattr(helpdesk, name),
                where=getattr(helpdesk, name) != Null))
        for company, sequence in cursor.fetchall():
            cls.store_value(name, sequence, company)
        old.drop_column(name)
        cls._values_cache().clear()
