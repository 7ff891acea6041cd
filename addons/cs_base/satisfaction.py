# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import SatisfactionError
from .revisit import OriginMixin
from .tools import order_index
from .workflow import BoundedMixin

RATINGS = range(1, 6)


class Satisfaction(BoundedMixin, OriginMixin, ModelSQL, ModelView):
    "A customer's rating of how a request was handled"
    __name__ = 'cs.satisfaction'
    __string__ = "Satisfaction Rating"
    _now_defaults = {'date'}

    company = fields.Many2One('company.company', "Company", required=True)
    party = fields.Many2One(
        'party.party', "Customer", required=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    date = fields.DateTime("Rated At", required=True)
    rating = fields.Integer(
        "Rating", required=True,
        help="From 1 (very dissatisfied) to 5 (very satisfied).")
    comment = fields.Text("Comment")
    employee = fields.Many2One(
        'company.employee', "Employee Rated",
        domain=[('company', '=', Eval('company', -1))],
        help="The employee whose service is appraised.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('origin_unique', Unique(t, t.origin),
                'cs_base.msg_satisfaction_origin_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Equality())),
                Index(t, (t.employee, Index.Equality())),
                Index(t, (t.date, Index.Range())),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))

    @classmethod
    def _get_origin(cls):
        # a rating is often taken during the revisit call (CS-09, CS-10)
        return super()._get_origin() + ['cs.revisit']

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return f'{self.party.rec_name}: {self.rating}/5'

    @classmethod
    def validate_fields(cls, satisfactions, field_names):
        super().validate_fields(satisfactions, field_names)
        if 'rating' in field_names:
            for satisfaction in satisfactions:
                if satisfaction.rating not in RATINGS:
                    raise SatisfactionError(gettext(
                            'cs_base.msg_satisfaction_rating_range',
                            rating=satisfaction.rating))
