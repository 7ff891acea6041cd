# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Membership at the service desk: sign-up, card replacement, redemption"
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.cs_base.tools import BilingualReport
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.wizard import (
    Button, StateAction, StateReport, StateTransition, StateView, Wizard)

from .exceptions import MembershipError
from .membership import DESCRIPTION_SIZE


class SignUpStart(ModelView):
    "The sign-up form: the member and the card in one"
    __name__ = 'cs.membership.sign_up.start'
    __string__ = "Member Sign-Up"

    party = fields.Many2One(
        'party.party', "Existing Customer",
        help="Leave empty to register a new customer.")
    name = fields.Char("Name", states={'required': ~Eval('party')})
    phone = fields.Char("Phone", states={'required': ~Eval('party')})
    address = fields.Char(
        "Address", states={'invisible': Bool(Eval('party'))},
        help="The customer archive keeps name, address and phone (CS-01).")
    language = fields.Many2One('ir.lang', "Language",
        domain=[('translatable', '=', True)])
    tier = fields.Many2One('cs.membership.tier', "Tier", required=True)
    consent = fields.Boolean("Consents to Promotions")
    consent_channel = fields.Many2One(
        'cs.channel', "Consent Channel",
        states={'required': Eval('consent', False)})

    @classmethod
    def default_tier(cls):
        return Pool().get('cs.membership.card').default_tier()

    @classmethod
    def default_consent(cls):
        return False


class SignUp(Wizard):
    "Sign a customer up at the desk"
    __name__ = 'cs.membership.sign_up'
    start = StateView('cs.membership.sign_up.start',
        'cs_membership.sign_up_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Sign Up", 'sign_up', 'tryton-ok', default=True),
            ])
    sign_up = StateTransition()
    open_ = StateAction('cs_membership.act_card_form')

    def transition_sign_up(self):
        self.card = sign_up(self.start)
        return 'open_'

    def do_open_(self, action):
        return action, {'res_id': [self.card.id]}


def sign_up(form):
    "Create the customer if new, then the card"
    pool = Pool()
    Party = pool.get('party.party')
    Card = pool.get('cs.membership.card')
    Date = pool.get('ir.date')
    party = form.party
    if not party:
        party = Party(name=form.name, lang=form.language)
        party.contact_mechanisms = [{'type': 'phone', 'value': form.phone}]
        party.addresses = [{'street': form.address}]
        party.save()
    card, = Card.create([{
                'member': party.id, 'tier': form.tier.id,
                'consent': form.consent,
                'consent_date': Date.today() if form.consent else None,
                'consent_channel': (form.consent_channel.id
                    if form.consent and form.consent_channel else None),
                }])
    return card


class Replace(Wizard):
    "Replace a lost card: the old number is blocked, the balance carried"
    __name__ = 'cs.membership.card.replace'
    start = StateTransition()
    open_ = StateAction('cs_membership.act_card_form')

    def transition_start(self):
        self.new_card = replace(self.record)
        return 'open_'

    def do_open_(self, action):
        return action, {'res_id': [self.new_card.id]}


def replace(card):
    Card = Pool().get('cs.membership.card')
    Card.lock([card])
    card = Card(card.id)
    card.check_usable()
    balance = card.balance
    Card.write([card], {'state': 'cancelled'})
    new, = Card.create([{
                'member': card.member.id, 'tier': card.tier.id,
                'expires_on': card.expires_on, 'consent': card.consent,
                'consent_date': card.consent_date,
                'consent_channel': (card.consent_channel.id
                    if card.consent_channel else None),
                }])
    if balance:
        Card.add_points(card, -balance, 'transfer', origin=new,
            description=new.number)
        Card.add_points(new, balance, 'transfer', origin=card,
            description=card.number)
    Card.write([card], {'replaced_by': new.id})
    return new


def required_text(text):
    "The description of a ledger line: required, trimmed, of a line's size"
    text = (text or '').strip() if isinstance(text, str) else ''
    if not text or len(text) > DESCRIPTION_SIZE:
        raise MembershipError(gettext(
                'cs_membership.msg_points_description',
                size=DESCRIPTION_SIZE))
    return text


class RedeemStart(ModelView):
    "What the member takes for their points"
    __name__ = 'cs.membership.redeem.start'
    __string__ = "Redeem Points"

    card = fields.Many2One('cs.membership.card', "Card", readonly=True)
    balance = fields.Integer("Points", readonly=True)
    points = fields.Integer(
        "Points to Redeem", required=True, domain=[('points', '>', 0)])
    kind = fields.Selection([
            ('gift', "Gift"),
            ('discount', "Discount Voucher"),
            ], "For", required=True)
    description = fields.Char(
        "Description", required=True, size=DESCRIPTION_SIZE,
        help="The gift handed over, or the value of the voucher.")

    @classmethod
    def default_kind(cls):
        return 'gift'


class Redeem(Wizard):
    "Redeem points against a gift or a discount, with a printed voucher"
    __name__ = 'cs.membership.redeem'
    start = StateView('cs.membership.redeem.start',
        'cs_membership.redeem_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Redeem", 'redeem', 'tryton-ok', default=True),
            ])
    redeem = StateTransition()
    print_ = StateReport('cs.membership.voucher')

    def default_start(self, fields):
        return {'card': self.record.id, 'balance': self.record.balance}

    def transition_redeem(self):
        Card = Pool().get('cs.membership.card')
        self.record.check_usable()
        points = self.start.points
        # the form's domain is the client's: a caller may send anything
        if not isinstance(points, int) or points <= 0:
            raise MembershipError(gettext(
                    'cs_membership.msg_redeem_points_positive',
                    points=points))
        self.line = Card.add_points(self.record, -points, 'redemption',
            description=required_text(self.start.description),
            redemption_kind=self.start.kind)
        return 'print_'

    def do_print_(self, action):
        return action, {'ids': [self.line.id]}


class Voucher(BilingualReport):
    "The voucher of a redemption, in Chinese and in Russian"
    __name__ = 'cs.membership.voucher'

    @classmethod
    def customer_language(cls, line):
        return line.card.member.lang


class AdjustStart(ModelView):
    "A correction of a card's points by an administrator"
    __name__ = 'cs.membership.adjust.start'
    __string__ = "Adjust Points"

    points = fields.Integer(
        "Points", required=True, domain=[('points', '!=', 0)],
        help="Positive to add points, negative to take them off.")
    description = fields.Char(
        "Reason", required=True, size=DESCRIPTION_SIZE)


class Adjust(Wizard):
    "Add or take off points, with the reason, as a ledger line"
    __name__ = 'cs.membership.adjust'
    start = StateView('cs.membership.adjust.start',
        'cs_membership.adjust_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Adjust", 'adjust', 'tryton-ok', default=True),
            ])
    adjust = StateTransition()

    def transition_adjust(self):
        Card = Pool().get('cs.membership.card')
        self.record.check_usable()
        Card.add_points(self.record, self.start.points, 'adjustment',
            description=required_text(self.start.description))
        return 'end'
