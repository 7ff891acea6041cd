# This file is part of the customer-service suite.  The COPYRIGHT file at
# top level of this repository contains the full copyright notices and license
# terms.
"Construction warranties of projects (when project is active)"
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class Warranty(metaclass=PoolMeta):
    __name__ = 'cs.warranty'

    work = fields.Many2One(
        'project.work', "Project",
        domain=[
            ('company', '=', Eval('company', -1)),
            ('type', '=', 'project'),
            ],
        states={'invisible': Eval('kind') != 'construction'},
        help="The construction project covered; its name is the covered "
        "unit or project.")

    @fields.depends('work', 'party', 'location')
    def on_change_work(self):
        if self.work:
            self.location = self.work.rec_name
            self.party = self.party or self.work.party
