"""Demo data of cs_desk, the front desk's registers: bags at the desk, found
items in every state, the broadcast plan, gift wrapping and a pending shift
handover."""
import datetime as dt
from decimal import Decimal

from proteus import Model, Wizard

from devtools.demo import act_as, at, split_languages

DEPOSITS = [
    ("A01", "L-01", "黑色双肩包", 1, "王女士", '13845001234'),
    ("A02", "L-02", "Два пакета с продуктами", 2, "Ирина Волкова",
        '+79243456789'),
    ("A03", "L-02", "蓝色行李箱", 1, "赵先生", '13904531122'),
    ("A05", "L-04", "Рюкзак и зонт", 2, "Сергей Попов", '+79145550011'),
    ]
ITEMS = [
    # days ago, category, description, place, finder, state
    (0, 'phone', "黑色华为手机，蓝色手机壳", "三楼美食广场 12 号桌", "保洁员 李阿姨",
        'stored'),
    (1, 'documents', "Паспорт гражданина РФ на имя Смирнова А. В.",
        "1 этаж, касса 4", "Кассир Чжан Мэй", 'publicised'),
    (2, 'wallet', "红色女士钱包，内有银行卡两张", "二楼女装区", "顾客 刘女士",
        'publicised'),
    (5, 'keys', "Связка ключей с брелоком «Владивосток»", "Парковка B2",
        "Охранник Ван", 'claimed'),
    (9, 'child', "儿童滑板车（粉色）", "一楼中庭", "保安 王师傅", 'claimed'),
    (95, 'clothing', "灰色男士围巾", "一楼东门", "保洁员 李阿姨", 'stored'),
    (120, 'other', "黑色长柄伞", "一楼西门", "保安 王师傅", 'disposed'),
    ]


def load(config, password):
    company, = Model.get('company.company').find([])
    now = dt.datetime.now().replace(second=0, microsecond=0)
    _deposits(now)
    _items(config, now)
    _broadcasts(config, now)
    _gift_wraps(config, company, now)
    _shift(config)
    return []


def _deposits(now):
    Deposit = Model.get('cs.storage.ticket')
    for i, (tag, locker, items, pieces, name, phone) in enumerate(DEPOSITS):
        with at(now - dt.timedelta(hours=3 - i * 0.5)):
            deposit = Deposit(tag=tag, locker=locker, pieces=pieces)
        deposit.items_description = items
        deposit.contact_name, deposit.contact_phone = name, phone
        deposit.save()
    # one left overnight, and a week of collected deposits
    with at(now - dt.timedelta(hours=20)):
        left = Deposit(tag="B07", items_description="购物袋（服装）")
    left.contact_name, left.contact_phone = "孙女士", '13766002233'
    left.save()
    for day in range(1, 8):
        for n in range(3 + day % 3):
            with at(now - dt.timedelta(days=day, hours=n)):
                deposit = Deposit(tag=f"C{day}{n}", items_description="背包")
            deposit.contact_name, deposit.contact_phone = "顾客", '0'
            deposit.save()
            collect = Wizard('cs.storage.collect', [deposit])
            collect.form.tag = deposit.tag
            with at(now - dt.timedelta(days=day, hours=n - 1)):
                collect.execute('collect')


def _items(config, now):
    Item = Model.get('cs.lost_found.item')
    act_as(config, 'clerk_zh')
    for days, category, description, place, finder, state in ITEMS:
        with at(now - dt.timedelta(days=days, hours=2)):
            item = Item(category=category, description=description)
        item.found_place, item.finder_name = place, finder
        item.storage_place = "服务台保险柜 / Сейф стойки"
        item.save()
        item.click('store')
        if state == 'publicised':
            item.click('publicise')
        elif state == 'claimed':
            # each claimant with a document of their own country
            item.claimant_name, item.claimant_identity = (
                ("李明", "居民身份证 230103198001011234") if category == 'child'
                else ("Анна Смирнова", "Паспорт РФ 0512 345678"))
            item.claim_description = description
            item.identity_checked = item.description_checked = True
            item.receipt_signed = True
            item.save()
            with at(now - dt.timedelta(days=days - 1)):
                item.click('hand_over')
        elif state == 'disposed':
            act_as(config, 'manager')
            dispose = Wizard('cs.lost_found.dispose', [Item(item.id)])
            dispose.form.method = 'charity'
            dispose.form.note = "捐赠市慈善总会 / Передано в благотворительный фонд"
            with at(now):
                dispose.execute('dispose')
            act_as(config, 'clerk_zh')
    phone, = Item.find([('category', '=', 'phone')])
    Wizard('cs.broadcast.draft', [phone]).execute('draft')
    act_as(config, 'admin')


def _broadcasts(config, now):
    Broadcast = Model.get('cs.broadcast')
    Template = Model.get('cs.broadcast.template')
    closing, = Template.find([('kind', '=', 'announcement')])
    act_as(config, 'clerk_ru')
    plan = []
    for name, kind, script_zh, script_ru, times in [
            ("营业结束 / Закрытие", 'announcement', closing.script_zh,
                closing.script_ru, [dt.time(20, 30), dt.time(20, 50)]),
            ("扶梯安全 / Безопасность на эскалаторе", 'safety',
                "乘坐扶梯请站稳扶好，照看好身边的老人和儿童。",
                "На эскалаторе держитесь за поручень и присматривайте за "
                "детьми и пожилыми людьми.", [dt.time(10), dt.time(15)]),
            ("周末皮草特卖 / Распродажа шуб в выходные", 'promotion',
                "本周末二楼皮草馆全场八折，欢迎选购！",
                "В эти выходные скидка 20% на все шубы в меховом салоне на "
                "втором этаже!", [dt.time(11), dt.time(16)]),
            ]:
        with at(now):
            broadcast = Broadcast(name=name, kind=kind, schedule='daily')
        broadcast.script_zh, broadcast.script_ru = script_zh, script_ru
        for time in times:
            broadcast.slots.new(time=time)
        broadcast.save()
        plan.append(broadcast)
    act_as(config, 'manager')
    with at(now):
        Broadcast.click([Broadcast(b.id) for b in plan[:2]], 'approve')
    act_as(config, 'clerk_ru')
    with at(now):
        Broadcast.click([Broadcast(plan[1].id)], 'air')
    act_as(config, 'admin')


def _gift_wraps(config, company, now):
    Style = Model.get('cs.gift_wrap.style')
    GiftWrap = Model.get('cs.gift_wrap')
    red = Style(name="红色礼品纸加丝带 / Красная бумага с лентой",
        price=Decimal('15'), materials="礼品纸 1 张，丝带 1.5 米")
    red.save()
    box = Style(name="精装礼盒 / Подарочная коробка", price=Decimal('38'),
        materials="礼盒 1 个，拉菲草，贺卡 1 张")
    box.save()
    split_languages(config, [red, box], 'name')
    for goods, style, quantity, name, phone, state in [
            ("茶叶礼盒", red, 2, "赵先生", '13904531122', 'ordered'),
            ("Набор косметики", box, 1, "Мария Орлова", '+79147778899',
                'ready'),
            ("丝巾", red, 3, "王女士", '13845001234', 'handed_over'),
            ]:
        with at(now - dt.timedelta(minutes=20)):
            wrap = GiftWrap(goods=goods, style=style, quantity=quantity)
        wrap.price = style.price * quantity
        wrap.contact_name, wrap.contact_phone = name, phone
        wrap.save()
        if state != 'ordered':
            wrap.click('wrap')
        if state == 'handed_over':
            with at(now):
                wrap.click('hand_over')


def _shift(config):
    Shift = Model.get('cs.helpdesk.shift')
    Employee = Model.get('company.employee')
    act_as(config, 'clerk_zh')
    olga, = Employee.find([('party.name', '=', "Ольга Смирнова")])
    shift = Shift(to_employee=olga)
    shift.notes = ("B07 号存包昨晚未取，已电话联系孙女士。\n"
        "Сумка B07 осталась со вчера, клиентке позвонили.")
    shift.save()
    shift.click('hand_over')
    act_as(config, 'admin')
