# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The site's heating and cooling seasons, by which some warranties run"
from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.cs_base.configuration import (
    default_sequence, sequence_field)
from trytond.modules.cs_base.workflow import BoundedMixin
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If

from .exceptions import WarrantyError

SEASON_KINDS = [
    ('heating', "Heating Season"),
    ('cooling', "Cooling Season"),
    ]


class Season(BoundedMixin, ModelSQL, ModelView):
    "The dates of one heating or cooling season at the site"
    __name__ = 'cs.warranty.season'
    __string__ = "Heating or Cooling Season"

    kind = fields.Selection(SEASON_KINDS, "Kind", required=True)
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date(
        "End Date", required=True,
        domain=[If(Eval('start_date'),
                ('end_date', '>=', Eval('start_date')), ())])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def end_of(cls, kind, start, count):
        """Return the end of the count-th season of kind that starts on or
        after start; seasons not entered yet repeat the last one yearly"""
        seasons = cls.search([('kind', '=', kind)])
        if not seasons:
            raise WarrantyError(gettext(
                    'cs_warranty.msg_season_missing',
                    kind=dict(cls.fields_get(['kind'])['kind']['selection'])[
                        kind]))
        found = [s for s in seasons if s.start_date >= start][:count]
        last = seasons[-1]
        years = 0
        while len(found) < count:
            years += 1
            shifted = last.start_date + relativedelta(years=years)
            if shifted >= start:
                found.append(cls(
                        kind=kind, start_date=shifted,
                        end_date=last.end_date + relativedelta(years=years)))
        return found[-1].end_date


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    repair_sequence = fields.MultiValue(sequence_field(
            "Repair Order Sequence", 'cs_warranty',
            'sequence_type_repair_order'))
    repair_calendar = fields.Many2One(
        'cs.calendar', "Repair Calendar",
        help="Counts the promised completion and the defect confirmation "
        "deadline in working time.")
    repair_promise_hours = fields.Integer(
        "Repairs Promised In", domain=[('repair_promise_hours', '>=', 0)],
        help="Working hours after intake for the promised completion date.")
    defect_confirm_hours = fields.Integer(
        "Defects Confirmed Within", domain=[('defect_confirm_hours', '>=', 0)],
        help="Working hours after the notice in which a defect of a "
        "construction warranty is confirmed (two working days: 16).")
    revisit_years = fields.Integer(
        "Revisits Planned For", domain=['OR',
            ('revisit_years', '=', None),
            [('revisit_years', '>', 0), ('revisit_years', '<=', 50)]],
        help="The years after a handover in which construction revisits "
        "are planned, within the warranties (empty: while any warranty "
        "but the design life runs).")

    @classmethod
    def default_revisit_years(cls):
        return 5

    @classmethod
    def default_repair_sequence(cls, **pattern):
        return default_sequence('cs_warranty', 'sequence_repair_order')

    @classmethod
    def default_repair_calendar(cls):
        try:
            return Pool().get('ir.model.data').get_id(
                'cs_base', 'calendar_default')
        except KeyError:  # deleted by the site
            return None

    @classmethod
    def default_repair_promise_hours(cls):
        return 24

    @classmethod
    def default_defect_confirm_hours(cls):
        return 16


class ConfigurationSequence(metaclass=PoolMeta):
    __name__ = 'cs.configuration.sequence'

    repair_sequence = sequence_field(
        "Repair Order Sequence", 'cs_warranty', 'sequence_type_repair_order',
        Eval('company', -1))

    @classmethod
    def default_repair_sequence(cls):
        return default_sequence('cs_warranty', 'sequence_repair_order')
