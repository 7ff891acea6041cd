# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.cache import Cache
from trytond.pool import PoolMeta


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    # every ticket's number and periods ask it: reading the company's row
    # for it was a tenth of a registration
    _timezone_cache = Cache('company.company.cs_timezone', context=False)

    @classmethod
    def on_modification(cls, mode, companies, field_names=None):
        super().on_modification(mode, companies, field_names=field_names)
        cls._timezone_cache.clear()

    @classmethod
    def timezone_of(cls, company_id):
        "The time zone name of the company of company_id ('' if none)"
        zone = cls._timezone_cache.get(company_id)
        if zone is None:
            zone = cls(company_id).timezone or ''
            cls._timezone_cache.set(company_id, zone)
        return zone
