# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Warranties and repairs of property units"
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class Warranty(metaclass=PoolMeta):
    __name__ = 'cs.warranty'

    unit = fields.Many2One(
        'cs.property.unit', "Unit",
        states={'invisible': Eval('kind') != 'construction'},
        help="The property unit covered; its name is the covered unit.")

    @fields.depends('unit', 'location', 'party')
    def on_change_unit(self):
        if self.unit:
            self.location = self.unit.rec_name
            self.party = self.party or self.unit.owner


class RepairOrder(metaclass=PoolMeta):
    __name__ = 'cs.repair.order'

    handover = fields.Many2One(
        'cs.handover', "Handover", readonly=True,
        states={'invisible': ~Eval('handover')},
        help="The handover at which the defect was found.")
