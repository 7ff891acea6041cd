# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('cs.membership.card|expire_points', "Expire Member Points"),
                ('cs.membership.card|expire_cards', "Expire Member Cards"),
                ('cs.membership.card|review_tiers', "Review Member Tiers"),
                ('party.party|cs_refresh_classification',
                    "Refresh Customer Classification"),
                ])
