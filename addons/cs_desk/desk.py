# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"What the desk's registers share"
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from .exceptions import RegisterError


class RegisterMixin:
    "A register of the service desk, kept per company"
    __slots__ = ()

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    # entries on a register are cancelled, not deleted
    _deletable_states = {'cancelled'}

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if mode == 'delete':
            for record in records:
                if record.state not in cls._deletable_states:
                    raise RegisterError(gettext(
                            'cs_desk.msg_register_delete',
                            record=record.rec_name))

    @classmethod
    def _check_state(cls, records, states, action):
        "Refuse a step when another clerk has just moved the record"
        cls.lock(records)
        for record in cls.browse(records):
            if record.state not in states:
                raise RegisterError(gettext(
                        'cs_desk.msg_register_wrong_state',
                        record=record.rec_name, state=record.state_string))


class ContactMixin:
    "A register entry for a customer, or a walk-in contact"
    __slots__ = ()

    @fields.depends('party', 'contact_name', 'contact_phone')
    def on_change_party(self):
        if self.party:
            self.contact_name = self.party.name
            self.contact_phone = self.party.phone or self.contact_phone


def configuration():
    return Pool().get('cs.configuration')(1)
