# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Member cards, tiers and the points ledger (ME-01 … ME-04, CS-03)"
import datetime as dt

from dateutil.relativedelta import relativedelta
from sql import Null
from sql.aggregate import Sum
from sql.conditionals import Coalesce

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, fields)
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.configuration import (
    default_sequence, sequence_field)
from trytond.modules.cs_base.search import SearchKeyMixin
from trytond.modules.cs_base.tools import (
    CustomerLanguageReport, each_batch, each_record, order_index)
from trytond.modules.cs_base.workflow import BoundedMixin, WorkflowMixin
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import MembershipError, PointsLineError

# the most points one ledger line may add or take off
MAX_POINTS = 100_000_000
DESCRIPTION_SIZE = 200
REASONS = [
    ('sale', "Sale"),
    ('redemption', "Redemption"),
    ('adjustment', "Adjustment"),
    ('expiry', "Expiry"),
    ('reversal', "Reversal"),
    ('transfer', "Card Replacement"),
    ]


class Tier(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    "A level of membership with its benefits"
    __name__ = 'cs.membership.tier'
    __string__ = "Membership Tier"

    name = fields.Char("Name", required=True, translate=True)
    rank = fields.Integer(
        "Rank", required=True, help="Higher ranks are better tiers.")
    qualifying_points = fields.Integer(
        "Qualifying Points", required=True,
        domain=[('qualifying_points', '>=', 0)],
        help="Points earned in the last 12 months to be in this tier.")
    points_per_unit = fields.Numeric(
        "Points per Currency Unit", digits=(16, 2), required=True,
        domain=[('points_per_unit', '>=', 0)])
    benefits = fields.Text("Benefits", translate=True)
    vip = fields.Boolean(
        "VIP", help="Members of this tier are served as VIP customers.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('rank', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_points_per_unit(cls):
        return 1

    @classmethod
    def default_qualifying_points(cls):
        return 0

    @classmethod
    def for_points(cls, points):
        "The best tier that the points of a year qualify for"
        tiers = cls.search([('qualifying_points', '<=', points)],
            order=[('rank', 'DESC')], limit=1)
        return tiers[0] if tiers else None


class Card(SearchKeyMixin, WorkflowMixin, ModelSQL, ModelView):
    "A member's card and its points balance"
    __name__ = 'cs.membership.card'
    __string__ = "Member Card"
    _rec_name = 'number'
    _search_key_sources = {'number', 'member'}
    _search_key_parties = ('member',)

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    number = fields.Char(
        "Number", readonly=True,
        help="Printed on the card as a barcode and a QR code.")
    member = fields.Many2One(
        'party.party', "Member", required=True,
        states={'readonly': Eval('id', -1) >= 0},
        context={'company': Eval('company', -1)}, depends={'company'})
    language = fields.Function(
        fields.Many2One('ir.lang', "Language"), 'get_language',
        searcher='search_language')
    tier = fields.Many2One('cs.membership.tier', "Tier", required=True)
    vip = fields.Function(fields.Boolean("VIP"), 'on_change_with_vip')
    issued_on = fields.Date("Issued On", required=True, readonly=True)
    expires_on = fields.Date("Expires On")
    state = fields.Selection([
            ('active', "Active"),
            ('suspended', "Suspended"),
            ('expired', "Expired"),
            ('cancelled', "Cancelled"),
            ], "State", required=True, readonly=True)
    state_string = state.translated('state')
    consent = fields.Boolean(
        "Consents to Promotions",
        help="The member agreed to hear about new goods and promotions.")
    consent_date = fields.Date(
        "Consent Date", states={'required': Eval('consent', False)})
    consent_channel = fields.Many2One(
        'cs.channel', "Consent Channel",
        states={'required': Eval('consent', False)})
    balance = fields.Integer(
        "Points", readonly=True,
        help="Kept with each ledger line, under a lock on the card.")
    # Kept so that what expires reads only the lines expiring in a window:
    # expiring by D = lapsed + earned expiring after the lapse date up to D
    # - spent, since spending uses the oldest points first.
    points_spent = fields.Integer(
        "Points Taken Off", readonly=True,
        help="Redeemed, reversed, expired or moved off the card.")
    points_lapsed = fields.Integer(
        "Points Past Expiry", readonly=True,
        help="Earned points whose expiry date is on or before the "
        "configuration's expiry date.")
    lines = fields.One2Many(
        'cs.membership.points.line', 'card', "Points Ledger", readonly=True)
    replaced_by = fields.Many2One(
        'cs.membership.card', "Replaced By", readonly=True,
        states={'invisible': ~Eval('replaced_by')})

    @classmethod
    def __setup__(cls):
        cls.number.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('number_unique', Unique(t, t.company, t.number),
                'cs_membership.msg_card_number_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.member, Index.Equality())),
                Index(t, (t.number, Index.Similarity())),
                Index(t, (t.tier, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.balance, Index.Range())),
                })
        cls._order = [('number', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._buttons.update({
                'suspend': {
                    'invisible': Eval('state') != 'active',
                    'icon': 'tryton-cancel', 'depends': ['state']},
                'activate': {
                    'invisible': Eval('state') != 'suspended',
                    'icon': 'tryton-ok', 'depends': ['state']},
                'review_tier': {
                    'invisible': Eval('state') != 'active',
                    'icon': 'tryton-refresh', 'depends': ['state']},
                'replace': {
                    'invisible': Eval('state') != 'active',
                    'icon': 'tryton-launch', 'depends': ['state']},
                'redeem': {
                    'invisible': Eval('state') != 'active',
                    'icon': 'tryton-launch', 'depends': ['state']},
                'adjust': {
                    'invisible': Eval('state') != 'active',
                    'icon': 'tryton-launch', 'depends': ['state']},
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'active'

    @classmethod
    def default_balance(cls):
        return 0

    @classmethod
    def default_points_spent(cls):
        return 0

    @classmethod
    def default_points_lapsed(cls):
        return 0

    @classmethod
    def default_issued_on(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_consent(cls):
        return False

    @classmethod
    def default_tier(cls):
        Tier = Pool().get('cs.membership.tier')
        tier = Tier.for_points(0)
        return tier.id if tier else None

    @fields.depends('tier')
    def on_change_with_vip(self, name=None):
        return bool(self.tier and self.tier.vip)

    def get_language(self, name):
        return self.member.lang

    @classmethod
    def search_language(cls, name, clause):
        return [('member.lang',) + tuple(clause[1:])]

    @classmethod
    def preprocess_values(cls, mode, values):
        Configuration = Pool().get('cs.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = Configuration.next_number(
                'membership_card_sequence', values.get('company')
                or Transaction().context.get('company'))
        return values

    @classmethod
    def fill_search_keys(cls):
        # members are found by card number: their keys, filled by cs_base
        # before the cards had keys, take the numbers of existing cards
        Party = Pool().get('party.party')
        ids = super().fill_search_keys()
        Party.update_search_keys(
            list({c.member.id for c in cls.browse(ids)}), referrers=False)
        return ids

    @classmethod
    def create(cls, vlist):
        Party = Pool().get('party.party')
        cards = super().create(vlist)
        cls._update_vip(cards)
        Party.update_search_keys(list({c.member.id for c in cards}))
        return cards

    @classmethod
    def write(cls, *args):
        super().write(*args)
        actions = iter(args)
        changed = []
        for cards, values in zip(actions, actions):
            if values.keys() & {'tier', 'state'}:
                changed.extend(cards)
        cls._update_vip(changed)

    @classmethod
    def validate_fields(cls, cards, field_names):
        super().validate_fields(cards, field_names)
        if field_names & {'member', 'company', 'state'}:
            cls.check_one_card(cards)

    @classmethod
    def check_one_card(cls, cards):
        "A member holds one card per company"
        for card in cards:
            if card.state == 'cancelled':
                continue
            others = cls.search([
                    ('id', '!=', card.id),
                    ('company', '=', card.company.id),
                    ('member', '=', card.member.id),
                    ('state', '!=', 'cancelled'),
                    ], limit=1)
            if others:
                raise MembershipError(gettext(
                        'cs_membership.msg_card_duplicate',
                        member=card.member.rec_name,
                        card=others[0].rec_name))

    @classmethod
    def _update_vip(cls, cards):
        "cs_base's VIP flag of the member follows the tier of the card (CS-03)"
        Party = Pool().get('party.party')
        to_vip, to_plain = [], []
        for card in cards:
            vip = card.state == 'active' and card.tier.vip
            if bool(card.member.cs_vip) != vip:
                (to_vip if vip else to_plain).append(card.member)
        if to_vip:
            Party.write(to_vip, {'cs_vip': True})
        if to_plain:
            Party.write(to_plain, {'cs_vip': False})

    def check_usable(self):
        if self.state != 'active':
            raise MembershipError(gettext(
                    'cs_membership.msg_card_not_active',
                    card=self.rec_name, state=self.state_string))

    @classmethod
    def add_points(cls, card, points, reason, origin=None, description=None,
            date=None, expires_on=None, redemption_kind=None):
        """Append a line to the card's ledger and update its balance, under
        a lock: of two redemptions at once, the second waits and is refused
        if the points are gone"""
        pool = Pool()
        Line = pool.get('cs.membership.points.line')
        Date = pool.get('ir.date')
        Configuration = pool.get('cs.configuration')
        if (not isinstance(points, int) or isinstance(points, bool)
                or not 0 < abs(points) <= MAX_POINTS):
            raise MembershipError(gettext(
                    'cs_membership.msg_points_amount',
                    points=points, maximum=MAX_POINTS))
        cls.lock([card])
        card = cls(card.id)
        balance = card.balance + points
        if balance < 0:
            raise MembershipError(gettext(
                    'cs_membership.msg_points_insufficient',
                    card=card.rec_name, points=-points,
                    balance=card.balance))
        date = date or Date.today()
        configuration = Configuration(1)
        if points > 0 and reason == 'sale' and expires_on is None:
            months = configuration.points_validity_months
            if months:
                expires_on = date + relativedelta(months=months)
        line, = Line.create([{
                    'card': card.id, 'date': date, 'points': points,
                    'reason': reason,
                    'origin': str(origin) if origin else None,
                    'description': description, 'expires_on': expires_on,
                    'redemption_kind': redemption_kind,
                    }])
        values = {'balance': balance}
        if points < 0:
            values['points_spent'] = card.points_spent - points
        elif expires_on and expires_on <= (
                configuration.points_lapsed_on or dt.date.min):
            # already past the date the expiry job has counted up to
            values['points_lapsed'] = card.points_lapsed + points
        super().write([card], values)
        return line

    @classmethod
    @ModelView.button_action('cs_membership.wizard_card_replace')
    def replace(cls, cards):
        pass

    @classmethod
    @ModelView.button_action('cs_membership.wizard_redeem')
    def redeem(cls, cards):
        pass

    @classmethod
    @ModelView.button_action('cs_membership.wizard_adjust')
    def adjust(cls, cards):
        pass

    @classmethod
    @ModelView.button
    @workflow.step
    def suspend(cls, cards):
        cls.write(cards, {'state': 'suspended'})

    @classmethod
    @ModelView.button
    @workflow.step
    def activate(cls, cards):
        cls.write(cards, {'state': 'active'})

    @classmethod
    @ModelView.button
    @workflow.step
    def review_tier(cls, cards):
        "The tier that the points earned in the last 12 months qualify for"
        Tier = Pool().get('cs.membership.tier')
        tiers = Tier.search([], order=[('rank', 'DESC')])
        earned = cls.earned_last_year([c.id for c in cards])
        to_write = {}
        for card in cards:
            if card.state != 'active':
                continue
            points = earned.get(card.id, 0)
            tier = next(
                (t for t in tiers if t.qualifying_points <= points), None)
            if tier and tier != card.tier:
                to_write.setdefault(tier, []).append(card)
        args = []
        for tier, records in to_write.items():
            args.extend([records, {'tier': tier.id}])
        if args:
            cls.write(*args)

    @classmethod
    def earned_last_year(cls, card_ids=None):
        "Points earned by sales in the last 12 months, per card, in SQL"
        pool = Pool()
        Line = pool.get('cs.membership.points.line')
        Date = pool.get('ir.date')
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        since = Date.today() - relativedelta(months=12)
        where = (line.reason.in_(['sale', 'reversal'])
            & (line.date > since))
        if card_ids is not None:
            where &= line.card.in_(card_ids or [-1])
        cursor.execute(*line.select(line.card, Sum(line.points),
                where=where, group_by=[line.card]))
        return dict(cursor)

    @classmethod
    def review_tiers(cls):
        "The yearly tier review of every active card (cron)"
        last = 0
        # read the cards a page at a time (a million would fill the memory)
        while cards := cls.search([
                    ('state', '=', 'active'), ('id', '>', last)],
                order=[('id', 'ASC')], limit=10000):
            each_batch(
                'cs.membership.card|review_tiers', cards, cls.review_tier)
            last = cards[-1].id

    @classmethod
    def expire_points(cls, date=None):
        """Expire the points earned before their expiry date and not spent
        yet: spending uses the oldest points first (cron).  Reads only the
        lines expiring since the last run."""
        pool = Pool()
        Line = pool.get('cs.membership.points.line')
        Date = pool.get('ir.date')
        Configuration = pool.get('cs.configuration')
        date = date or Date.today()
        lapsing = Line.lapsing(date)
        cls.lock(cls.browse(lapsing))

        def expire(card):
            lapsed = card.points_lapsed + lapsing[card.id]
            super(Card, cls).write([card], {'points_lapsed': lapsed})
            if lapsed > card.points_spent:
                cls.add_points(
                    card, card.points_spent - lapsed, 'expiry', date=date)
        each_record('cs.membership.card|expire_points',
            cls.browse(sorted(lapsing)), expire)
        configuration = Configuration(1)
        configuration.points_lapsed_on = max(
            date, configuration.points_lapsed_on or date)
        configuration.save()

    @classmethod
    def expire_cards(cls):
        "Cards past their expiry date (cron)"
        Date = Pool().get('ir.date')
        each_record('cs.membership.card|expire_cards', cls.search([
                    ('state', '=', 'active'),
                    ('expires_on', '<', Date.today()),
                    ]), lambda card: cls.write([card], {'state': 'expired'}))


class PointsLine(ModelSQL, ModelView):
    "A line of a card's points ledger: never edited, never deleted"
    __name__ = 'cs.membership.points.line'
    __string__ = "Points Line"

    card = fields.Many2One(
        'cs.membership.card', "Card", required=True, readonly=True,
        ondelete='RESTRICT')
    date = fields.Date("Date", required=True, readonly=True)
    points = fields.Integer("Points", required=True, readonly=True)
    reason = fields.Selection(REASONS, "Reason", required=True, readonly=True)
    reason_string = reason.translated('reason')
    origin = fields.Reference(
        "Origin", selection='get_origin', readonly=True)
    description = fields.Char(
        "Description", readonly=True, size=DESCRIPTION_SIZE)
    redemption_kind = fields.Selection([
            (None, ""),
            ('gift', "Gift"),
            ('discount', "Discount Voucher"),
            ], "Redeemed For", readonly=True)
    redemption_kind_string = redemption_kind.translated('redemption_kind')
    expires_on = fields.Date("Expires On", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('card')
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.card, Index.Equality()),
                    (t.date, Index.Range())),
                # only earned points expire; a condition without a value,
                # since SQLite creates no index whose condition has one
                Index(t, (t.expires_on, Index.Range()),
                    where=t.expires_on != Null),
                Index(t, (t.origin, Index.Equality())),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))

    @classmethod
    def _get_origin(cls):
        return ['cs.membership.card', 'cs.membership.points.line']

    @classmethod
    def get_origin(cls):
        IrModel = Pool().get('ir.model')
        models = cls._get_origin()
        return [(None, '')] + [(m.name, m.string)
            for m in IrModel.search([('name', 'in', models)])]

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if mode in {'write', 'delete'}:
            raise PointsLineError(gettext(
                    'cs_membership.msg_points_line_readonly'))
        # the lines share the card's access rights (__access__, for its
        # record rules): a caller who may edit cards is still refused
        if mode == 'create' and external:
            raise PointsLineError(gettext(
                    'cs_membership.msg_points_line_create'))

    @classmethod
    def _window(cls, date):
        "The earned points per card expiring after the last expiry run"
        Configuration = Pool().get('cs.configuration')
        line = cls.__table__()
        where = (line.points > 0) & (line.expires_on <= date)
        lapsed_on = Configuration(1).points_lapsed_on
        if lapsed_on:
            where &= line.expires_on > lapsed_on
        return line.select(line.card.as_('card'),
            Sum(line.points).as_('points'),
            where=where, group_by=[line.card])

    @classmethod
    def lapsing(cls, date):
        """{card id: points} for the earned points whose expiry date is
        after the last expiry run and on or before date, plus the cards
        whose past-expiry points are not taken off yet"""
        Card = Pool().get('cs.membership.card')
        card = Card.__table__()
        window = cls._window(date)
        cursor = Transaction().connection.cursor()
        cursor.execute(*window.select(window.card, window.points))
        found = dict(cursor)
        cursor.execute(*card.select(card.id,
                where=card.points_lapsed > card.points_spent))
        for card_id, in cursor:
            found.setdefault(card_id, 0)
        return found

    @classmethod
    def expiring(cls, date):
        "Yield (card id, points) of the active cards with points to expire"
        cursor = Transaction().connection.cursor()
        cursor.execute(*cls.expiring_query(date))
        for card_id, _, points in cursor:
            yield card_id, int(points)

    @classmethod
    def expiring_query(cls, date):
        """The active cards with points to expire by date, as (card, member,
        points), in one SQL query.

        Spending uses the oldest points first, so what expires is the
        points past expiry and those expiring by date, less every point
        taken off; only the lines expiring since the last expiry run are
        read (the index on the expiry date keeps the list fast)."""
        Card = Pool().get('cs.membership.card')
        card = Card.__table__()
        window = cls._window(date)
        expiring = (card.points_lapsed + Coalesce(window.points, 0)
            - card.points_spent)
        return card.join(window, 'LEFT',
            condition=window.card == card.id).select(
            card.id, card.member, expiring,
            where=(card.balance > 0) & (card.state == 'active')
            & ((window.card != Null)
                | (card.points_lapsed > card.points_spent))
            & (expiring > 0))


class PointsExpiring(ModelSQL, ModelView):
    "Members whose points expire by the end of next month"
    __name__ = 'cs.membership.points.expiring'
    __string__ = "Points Expiring"

    card = fields.Many2One('cs.membership.card', "Card")
    member = fields.Many2One('party.party', "Member")
    points = fields.Integer("Points Expiring")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('points', 'DESC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Line = pool.get('cs.membership.points.line')
        Date = pool.get('ir.date')
        today = Date.today()
        _, last = next_month(today)
        query = Line.expiring_query(last)
        card, member, points = query.columns
        query.columns = [card.as_('id'), card.as_('card'),
            member.as_('member'), points.as_('points')]
        return query


class CardReport(CustomerLanguageReport):
    "The member card with its number as a barcode and a QR code"
    __name__ = 'cs.membership.card.report'

    @classmethod
    def customer_language(cls, card):
        return card.member.lang


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    membership_card_sequence = fields.MultiValue(sequence_field(
            "Member Card Sequence", 'cs_membership', 'sequence_type_card'))
    points_validity_months = fields.Integer(
        "Points Valid For (Months)",
        domain=['OR', ('points_validity_months', '=', None),
            ('points_validity_months', '>', 0)],
        help="Points from sales expire after this many months; "
        "empty: never.")
    points_lapsed_on = fields.Date(
        "Points Expired Up To", readonly=True,
        help="The day up to which the daily job has expired points.")

    @classmethod
    def default_membership_card_sequence(cls, **pattern):
        return default_sequence('cs_membership', 'sequence_card')

    @classmethod
    def default_points_validity_months(cls):
        return 24


class ConfigurationSequence(metaclass=PoolMeta):
    __name__ = 'cs.configuration.sequence'

    membership_card_sequence = sequence_field(
        "Member Card Sequence", 'cs_membership', 'sequence_type_card',
        Eval('company', -1))

    @classmethod
    def default_membership_card_sequence(cls):
        return default_sequence('cs_membership', 'sequence_card')


def next_month(date):
    "The first and last days of the month after date's"
    first = (date.replace(day=1) + relativedelta(months=1))
    return first, first + relativedelta(months=1) - dt.timedelta(days=1)
