# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from sql import Null

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.pool import Pool
from trytond.pyson import Eval, Id
from trytond.transaction import Transaction

from . import workflow
from .exceptions import NumberingError
from .tools import local_date

_CONTEXT_COMPANY = Eval('context', {}).get('company', -1)


def sequence_field(string, module, type_id, company=_CONTEXT_COMPANY,
        help=''):
    """A field of a sequence of type module.type_id, of the company or
    shared; company is how the company is known where the field is"""
    return fields.Many2One(
        'ir.sequence', string, required=True, help=help,
        domain=[
            ('company', 'in', [company, None]),
            ('sequence_type', '=', Id(module, type_id)),
            ])


def default_sequence(module, fs_id):
    "The id of the sequence module.fs_id, or None while it is not loaded"
    try:
        return Pool().get('ir.model.data').get_id(module, fs_id)
    except KeyError:
        return None


class Configuration(
        CompanyMultiValueMixin, ModelSingleton, ModelSQL, ModelView):
    __name__ = 'cs.configuration'

    archive_review_days = fields.Integer(
        "Archive Review Interval", required=True,
        domain=[('archive_review_days', '>', 0)],
        help="The number of days after which a customer archive "
        "is due for review.")

    portal_url = fields.Char(
        "Portal Address",
        help="The address of the customer portal, such as "
        "https://service.example.com/mall/portal, for the links of the "
        "e-mails sent from the client (portal invitations).")

    @classmethod
    def default_archive_review_days(cls):
        # Customer archives are refreshed every quarter (CS-01).
        return 90

    @classmethod
    def multivalue_model(cls, field):
        Sequence = Pool().get('cs.configuration.sequence')
        if field in Sequence._fields:
            return Sequence
        return super().multivalue_model(field)

    @classmethod
    def next_number(cls, name, company):
        """Draw the next number of company from its sequence field name:
        the one way the suite numbers its records (as sale does, a
        sequence per company, or one shared by all)"""
        company_id = getattr(company, 'id', company)
        sequence = cls(1).get_multivalue(name, company=company_id)
        if not sequence:
            raise NumberingError(gettext('cs_base.msg_sequence_missing',
                    field=cls.__names__(field=name)['field']))
        if company_id is None:
            return sequence.get()
        # the date of its prefix: ir.date's today, without its read of the
        # company's row (tools.local_date keeps the company's time zone)
        today = local_date(workflow.clock(), company_id)
        with Transaction().set_context(date=today):
            return sequence.get()


class MovedFromConfigurationMixin:
    """A company value model whose fields were columns of cs_configuration,
    one value for every company: the migration makes them the default of
    every company"""
    __slots__ = ()

    @classmethod
    def move_from_configuration(cls, name):
        "Migration: the column name of cs_configuration to the default row"
        Configuration = Pool().get('cs.configuration')
        if not backend.TableHandler.table_exist(Configuration._table):
            return
        old = backend.TableHandler(Configuration)
        if not old.column_exist(name):
            return
        cursor = Transaction().connection.cursor()
        configuration = Configuration.__table__()
        column = getattr(configuration, name)
        cursor.execute(*configuration.select(column, where=column != Null))
        row = cursor.fetchone()
        if row:
            cls.store_value(name, row[0])
        old.drop_column(name)
        cls._values_cache().clear()

    @classmethod
    def store_value(cls, name, value, company=None):
        """Migration: make value the value of name for company (None: the
        default of every company), in its row or a new one"""
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        cursor.execute(*table.select(table.id, limit=1,
                where=(table.company == company) if company
                else (table.company == Null)))
        row = cursor.fetchone()
        if row:
            cursor.execute(*table.update(
                    [getattr(table, name)], [value],
                    where=table.id == row[0]))
        else:
            # the row's other required columns take their defaults:
            # PostgreSQL refuses a row without them
            others = {n: v for n, v in cls._migration_defaults().items()
                if n != name}
            cursor.execute(*table.insert(
                    [table.company, getattr(table, name)]
                    + [getattr(table, n) for n in others],
                    [[company, value, *others.values()]]))

    @classmethod
    def _migration_defaults(cls):
        "{column: value} of the required columns of a row made by store_value"
        return {}


class ConfigurationSequence(
        MovedFromConfigurationMixin, ModelSQL, CompanyValueMixin):
    """The sequences that number one company's records; each module adds
    the sequence of its records (a field named *_sequence)"""
    __name__ = 'cs.configuration.sequence'
    __string__ = "Numbering Configuration"

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        for name in cls._fields:
            if name.endswith('_sequence'):
                cls.move_from_configuration(name)
