"""Demo data of cs_membership: member cards of Chinese and Russian customers
in each tier, opening balances carried from the paper cards, a redemption,
and consent to promotions by phone or WeChat."""
from proteus import Model, Wizard

MEMBERS = [
    # name, tier XML id, opening points, consents
    ("王芳", 'tier_gold', 26500, True),
    ("李娜", 'tier_standard', 1200, False),
    ("陈伟", 'tier_silver', 8300, True),
    ("Иван Петров", 'tier_silver', 6400, True),
    ("Анна Кузнецова", 'tier_standard', 900, True),
    ]


def load(config, password):
    _groups()
    Party = Model.get('party.party')
    Tier = Model.get('cs.membership.tier')
    Channel = Model.get('cs.channel')
    ModelData = Model.get('ir.model.data')
    phone, = Channel.find([('code', '=', 'phone')])
    for name, tier, points, consents in MEMBERS:
        member, = Party.find([('name', '=', name)])
        sign_up = Wizard('cs.membership.sign_up')
        sign_up.form.party = member
        sign_up.form.tier = Tier(ModelData.get_id('cs_membership', tier, {}))
        sign_up.form.consent = consents
        if consents:
            sign_up.form.consent_channel = phone
        sign_up.execute('sign_up')
        card, = Model.get('cs.membership.card').find(
            [('member', '=', member.id)])
        adjust = Wizard('cs.membership.adjust', [card])
        adjust.form.points = points
        adjust.form.description = "纸质会员卡余额转入 · Перенос с бумажной карты"
        adjust.execute('adjust')
    card, = Model.get('cs.membership.card').find(
        [('member.name', '=', "Иван Петров")])
    redeem = Wizard('cs.membership.redeem', [card])
    redeem.form.points = 1000
    redeem.form.description = "保温杯 · Термокружка"
    redeem.execute('redeem')
    return []


def _groups():
    "The clerks sign members up; the manager adjusts points"
    User = Model.get('res.user')
    Group = Model.get('res.group')
    ModelData = Model.get('ir.model.data')
    clerks = Group(ModelData.get_id('cs_membership', 'group_membership', {}))
    admins = Group(ModelData.get_id(
            'cs_membership', 'group_membership_admin', {}))
    for login, group in [('clerk_zh', clerks), ('clerk_ru', clerks),
            ('manager', admins)]:
        for user in User.find([('login', '=', login)]):
            user.groups.append(Group(group.id))
            user.save()
