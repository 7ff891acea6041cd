# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt
import re

from sql import Literal
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from trytond.i18n import gettext
from trytond.model import Index, ModelView, fields
from trytond.modules.party.contact_mechanism import _PHONE_TYPES
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import IdentityDocumentError, PortalInvitationError
from .search import SearchKeyMixin
from .tools import notify_cs_admins

CLASSIFICATIONS = [
    (None, ""),
    ('strategic', "Strategic"),
    ('important', "Important"),
    ('general', "General"),
    ('potential', "Potential"),
    ]
IDENTITY_TYPES = [
    (None, ""),
    ('cn_resident', "Resident Identity Card"),
    ('ru_passport', "Russian Internal Passport"),
    ('passport', "Passport"),
    ('other', "Other"),
    ]
_RU_PASSPORT = re.compile(r'^\d{4} ?\d{6}$')
_PASSPORT = re.compile(r'^[A-Z0-9]{5,20}$')


def normalize_identity_number(type_, number):
    "Return the number in its stored form or raise StdnumError"
    number = (number or '').strip().upper()
    if type_ == 'cn_resident':
        return ric.validate(number)
    if type_ == 'ru_passport':
        if not _RU_PASSPORT.match(number):
            raise StdnumError()
        digits = number.replace(' ', '')
        return f'{digits[:4]} {digits[4:]}'
    if type_ == 'passport':
        number = number.replace(' ', '')
        if not _PASSPORT.match(number):
            raise StdnumError()
    return number


# what people put between the digits of a phone number
_PHONE_SEPARATORS = re.compile(r'[\s\-().]')


def phone_digits(text):
    "The number as typed without separators, or None if it is not one"
    digits = _PHONE_SEPARATORS.sub('', text.strip('%'))
    if len(digits) >= 4 and digits.lstrip('+').isdigit():
        return digits


class ContactMechanism(metaclass=PoolMeta):
    __name__ = 'party.contact_mechanism'

    def format_value_compact(self, value=None, type_=None):
        value = super().format_value_compact(value=value, type_=type_)
        # a local number (no country code) that phonenumbers cannot place
        # keeps its spaces: compact it so that it is found typed without
        if type_ in _PHONE_TYPES and value:
            value = phone_digits(value) or value
        return value

    @classmethod
    def create(cls, vlist):
        mechanisms = super().create(vlist)
        cls._update_party_search_keys(mechanisms)
        return mechanisms

    @classmethod
    def write(cls, *args):
        # only what the party's key is made of: a comment changes nothing
        mechanisms = [m for records, values in zip(args[::2], args[1::2])
            if values.keys() & {'value', 'party'} for m in records]
        parties = {m.party.id for m in mechanisms}
        super().write(*args)
        cls._update_party_search_keys(mechanisms, parties)

    @classmethod
    def delete(cls, mechanisms):
        parties = {m.party.id for m in mechanisms}
        super().delete(mechanisms)
        cls._update_party_search_keys([], parties)

    @classmethod
    def _update_party_search_keys(cls, mechanisms, parties=()):
        Party = Pool().get('party.party')
        ids = set(parties) | {m.party.id for m in mechanisms}
        if ids:
            Party.update_search_keys(list(ids))


class Party(SearchKeyMixin, metaclass=PoolMeta):
    __name__ = 'party.party'
    # the contact mechanisms keep the party's key themselves
    _search_key_sources = {'name', 'code', 'identifiers'}
    # the code comes from the sequence, the phones with the party
    _search_key_after_create = True

    cs_classification = fields.Selection(
        CLASSIFICATIONS, "Customer Classification", sort=False,
        help="The value of the customer to the company.")
    cs_vip = fields.Boolean(
        "VIP",
        help="VIP customers' complaints are handled as extra urgent.")
    cs_account_manager = fields.Many2One(
        'company.employee', "Account Manager",
        help="The employee who looks after this customer.")
    cs_identity_type = fields.Selection(
        IDENTITY_TYPES, "Identity Document Type", sort=False)
    cs_identity_type_string = cs_identity_type.translated('cs_identity_type')
    cs_identity_number = fields.Char(
        "Identity Document Number",
        states={
            'required': Eval('cs_identity_type', '').in_(
                ['cn_resident', 'ru_passport', 'passport']),
            })
    cs_archive_reviewed = fields.Date(
        "Archive Reviewed",
        help="When the customer archive was last checked with the customer.")
    cs_archive_due = fields.Function(fields.Boolean(
            "Archive Due for Review",
            help="The customer archive has not been reviewed "
            "within the review interval."),
        'get_cs_archive_due', searcher='search_cs_archive_due')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.cs_archive_reviewed, Index.Range())),
                Index(t, (t.cs_classification, Index.Equality())),
                Index(t, (t.cs_identity_number, Index.Equality()),
                    where=t.cs_identity_number != None),  # noqa: E711
                })
        cls._buttons.update({
                'cs_mark_archive_reviewed': {
                    'icon': 'tryton-ok',
                    },
                'cs_portal_invite': {
                    'icon': 'tryton-email',
                    },
                })

    def search_key_texts(self):
        # not the identity document: readable by customer service only,
        # while the key is read with the party
        codes = [self.code]
        codes += [i.code for i in self.identifiers]
        codes += [m.value_compact or m.value for m in self.contact_mechanisms]
        return [self.name], codes

    def cs_email(self):
        """The party's e-mail address as Tryton's party.email gives it
        (its first active e-mail contact in the contacts' order) in one
        plain query: it is looked up on every ticket registered (its
        acknowledgement is e-mailed), where the field read the list of
        contacts, then each contact, and a search cost a tenth of the
        registration"""
        pool = Pool()
        ContactMechanism = pool.get('party.contact_mechanism')
        mechanism = ContactMechanism.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*mechanism.select(mechanism.value,
                where=(mechanism.party == self.id)
                & (mechanism.type == 'email')
                & (mechanism.active == Literal(True)),
                order_by=[mechanism.sequence.asc.nulls_first,
                    mechanism.id.asc],
                limit=1))
        row = cursor.fetchone()
        return row[0] if row else ''

    @classmethod
    def default_cs_vip(cls):
        return False

    @staticmethod
    def cs_archive_due_date():
        "Return the date on or before which a reviewed archive is due"
        pool = Pool()
        Configuration = pool.get('cs.configuration')
        Date = pool.get('ir.date')
        days = Configuration(1).archive_review_days
        return Date.today() - dt.timedelta(days=days)

    def get_cs_archive_due(self, name):
        return (not self.cs_archive_reviewed
            or self.cs_archive_reviewed <= self.cs_archive_due_date())

    @classmethod
    def search_cs_archive_due(cls, name, clause):
        _, operator, value = clause
        due = ['OR',
            ('cs_archive_reviewed', '=', None),
            ('cs_archive_reviewed', '<=', cls.cs_archive_due_date()),
            ]
        positive = (operator == '=') == bool(value)
        if positive:
            return due
        return [
            ('cs_archive_reviewed', '!=', None),
            ('cs_archive_reviewed', '>', cls.cs_archive_due_date()),
            ]

    @fields.depends('cs_identity_type', 'cs_identity_number')
    def on_change_cs_identity_number(self):
        try:
            self.cs_identity_number = normalize_identity_number(
                self.cs_identity_type, self.cs_identity_number) or None
        except StdnumError:
            pass

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('cs_identity_number') and 'cs_identity_type' in values:
            try:
                values['cs_identity_number'] = normalize_identity_number(
                    values.get('cs_identity_type'),
                    values['cs_identity_number'])
            except StdnumError:
                pass  # reported with its party's name by validate_fields
        return values

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if field_names & {'cs_identity_type', 'cs_identity_number'}:
            for party in parties:
                party.check_cs_identity_number()

    def check_cs_identity_number(self):
        if not self.cs_identity_number:
            return
        try:
            normalize_identity_number(
                self.cs_identity_type, self.cs_identity_number)
        except StdnumError:
            raise IdentityDocumentError(gettext(
                    'cs_base.msg_identity_number_invalid',
                    number=self.cs_identity_number,
                    type=self.cs_identity_type_string,
                    party=self.rec_name))

    @classmethod
    @ModelView.button
    def cs_mark_archive_reviewed(cls, parties):
        Date = Pool().get('ir.date')
        cls.write(parties, {'cs_archive_reviewed': Date.today()})

    @classmethod
    @ModelView.button
    def cs_portal_invite(cls, parties):
        """Give the customer a portal account at their e-mail address and
        send a link to choose the password.  An account opened on the
        portal with that address but never proven is taken over: whoever
        opened it could not receive its e-mails"""
        WebUser = Pool().get('web.user')
        users = []
        for party in parties:
            if not party.email:
                raise PortalInvitationError(gettext(
                        'cs_base.msg_portal_invite_no_email',
                        party=party.rec_name))
            email = party.email.lower()
            user = (WebUser.search([('party', '=', party.id)], limit=1)
                or WebUser.search([('email', '=', email)], limit=1)
                or [WebUser(email=email, party=party)])[0]
            if user.party != party:
                if user.email_valid:
                    raise PortalInvitationError(gettext(
                            'cs_base.msg_portal_invite_email_taken',
                            email=email, party=user.party.rec_name))
                # its password is the squatter's: the customer chooses one
                user.party = party
                user.password_hash = None
            users.append(user)
        WebUser.save(users)
        WebUser.reset_password(users)

    @classmethod
    def cs_notify_archives_due(cls):
        "Tell the customer-service administrators how many archives are due"
        count = cls.search([('cs_archive_due', '=', True)], count=True)
        if count:
            notify_cs_admins(
                'cs_base.msg_archives_due_label',
                'cs_base.msg_archives_due_description',
                'cs_base.act_party_archive_due', 'tryton-party', count=count)


class Erase(metaclass=PoolMeta):
    __name__ = 'party.erase'

    def to_erase(self, party_id):
        pool = Pool()
        Party = pool.get('party.party')
        return super().to_erase(party_id) + [
            (Party, [('id', '=', party_id)], True,
                ['cs_identity_type', 'cs_identity_number',
                    'cs_account_manager'],
                [None, None, None]),
            ]
