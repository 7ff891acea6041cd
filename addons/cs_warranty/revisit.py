# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Revisits of construction warranties: the revisit record (工程回访记录表)"
from trytond.model import ModelView, fields
from trytond.modules.cs_base.tools import (
    BilingualReport, CustomerLanguageReport)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval


class Revisit(metaclass=PoolMeta):
    __name__ = 'cs.revisit'

    _warranty = {
        'invisible': ~Eval('construction', False),
        'readonly': Eval('state') == 'cancelled',
        }

    construction = fields.Function(
        fields.Boolean("Construction Revisit"),
        'on_change_with_construction')
    cause = fields.Text(
        "Cause and Responsibility", states=_warranty,
        help="The cause of each problem found and who is responsible.")
    decision = fields.Text("Decision", states=_warranty)
    repair_orders = fields.One2Many(
        'cs.repair.order', 'revisit', "Repair Orders", readonly=True,
        states={'invisible': _warranty['invisible']})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'open_repair': {
                    'invisible': cls._warranty['invisible'],
                    'readonly': ~Eval('findings'),
                    'icon': 'tryton-launch',
                    'depends': ['construction', 'findings'],
                    },
                })

    @classmethod
    def react(cls, step, revisits):
        "A construction revisit done plans the unit's next one"
        super().react(step, revisits)
        if step in {'do', 'cancel'}:
            Warranty = Pool().get('cs.warranty')
            Warranty.plan_revisits(
                [r.origin for r in cls.browse(revisits) if r.construction])

    @fields.depends('origin')
    def on_change_with_construction(self, name=None):
        return getattr(self.origin, '__name__', None) == 'cs.warranty'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['cs.warranty']

    @classmethod
    @ModelView.button
    def open_repair(cls, revisits):
        "Open a repair order for the problems the revisit found"
        pool = Pool()
        Order = pool.get('cs.repair.order')
        Date = pool.get('ir.date')
        Order.save([Order(
                    company=r.company, party=r.party, warranty=r.origin,
                    revisit=r, fault=r.origin.part.rec_name,
                    fault_description=r.findings, fault_date=Date.today(),
                    service_mode='on_site', appointment_at=None)
                for r in revisits if r.construction])


class RevisitRecord(CustomerLanguageReport):
    "The construction revisit record (工程回访记录表)"
    __name__ = 'cs.revisit.record'


class BilingualRevisitRecord(BilingualReport, RevisitRecord):
    __name__ = 'cs.revisit.record.bilingual'
