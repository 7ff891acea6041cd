# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
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
