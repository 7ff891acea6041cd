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
                ('cs.helpdesk.ticket|check_service_levels',
                    "Check Service Levels of Tickets"),
                ('cs.helpdesk.statistics.total|compact',
                    "Count Ticket Statistics Again"),
                ('cs.helpdesk.ticket|remind_ratings',
                    "Remind Customers to Rate Their Tickets"),
                ])
