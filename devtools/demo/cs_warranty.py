"""Demo data of cs_warranty: the site's heating and cooling seasons, phones
and appliances under the three guarantees, two handed-over flats covered
part by part with their revisit plans, and repair orders at several steps."""
import datetime as dt

from dateutil.relativedelta import relativedelta
from proteus import Model, Wizard

from devtools.demo import act_as, split_languages

PRODUCTS = [
    # name, category, serial, customer, days since purchase
    ("小米 14 手机 / Смартфон Xiaomi 14", "手机 · Телефоны", 'XM14-0007',
        "Иван Петров", 5),
    ("华为 Mate 60 / Huawei Mate 60", "手机 · Телефоны", 'HW60-0412',
        "王芳", 12),
    ("美的电饭煲 / Рисоварка Midea", "家电 · Бытовая техника", 'MD-88121',
        "李娜", 340),
    ("海尔冰箱 / Холодильник Haier", "家电 · Бытовая техника", 'HR-55001',
        "Анна Кузнецова", 700),
    ]


def load(config, password):
    today = dt.date.today()
    _seasons(today)
    _products(config, today)
    _flats(today)
    _repairs(config, today)
    return []


def _seasons(today):
    Season = Model.get('cs.warranty.season')
    for year in [today.year - 1, today.year]:
        Season(kind='heating', start_date=dt.date(year, 10, 20),
            end_date=dt.date(year + 1, 4, 20)).save()
        Season(kind='cooling', start_date=dt.date(year, 6, 1),
            end_date=dt.date(year, 8, 31)).save()


def _products(config, today):
    Party = Model.get('party.party')
    Category = Model.get('product.category')
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    Policy = Model.get('cs.warranty.policy')
    Warranty = Model.get('cs.warranty')
    unit, = Uom.find([('symbol', '=', 'u')])
    categories = {}
    for name in {p[1] for p in PRODUCTS}:
        categories[name] = Category(name=name)
        categories[name].save()
    appliances = Policy(name="家电三包 / Бытовая техника", sequence=10,
        warranty_months=24)
    appliances.categories.append(
        Category(categories["家电 · Бытовая техника"].id))
    appliances.save()
    for name, category, serial, customer, days in PRODUCTS:
        template = Template(name=name, default_uom=unit)
        template.categories.append(Category(categories[category].id))
        template.save()
        party, = Party.find([('name', '=', customer)])
        warranty = Warranty(party=party, product=template.products[0],
            serial=serial)
        warranty.purchase_date = today - dt.timedelta(days=days)
        warranty.save()
        split_languages(config, [template], 'name')
    split_languages(config, categories.values(), 'name')
    split_languages(config, [appliances], 'name')


def _flats(today):
    Party = Model.get('party.party')
    contractor = Party(name="龙江建设集团 / Строительная группа «Лунцзян»")
    contractor.save()
    for owner, flat, years_ago in [
            ("王芳", "阳光花园 3号楼2单元1201", 1),
            ("Иван Петров", "阳光花园 5号楼1单元0302", 3)]:
        cover = Wizard('cs.warranty.cover_unit')
        cover.form.party, = Party.find([('name', '=', owner)])
        cover.form.location = flat
        cover.form.handover_date = today - relativedelta(years=years_ago)
        cover.form.contractor = contractor
        cover.execute('cover')


def _repairs(config, today):
    Warranty = Model.get('cs.warranty')
    Order = Model.get('cs.repair.order')
    Employee = Model.get('company.employee')
    act_as(config, 'clerk_zh')
    orders = {}
    for serial, fault, description, remedy in [
            ('XM14-0007', "黑屏 / Не включается экран",
                "Экран не включается после зарядки", 'refund'),
            ('HW60-0412', "无法充电 / Не заряжается",
                "手机无法充电，更换充电线无效", 'replacement'),
            ('HR-55001', "不制冷 / Не охлаждает",
                "Холодильник перестал охлаждать", 'repair'),
            ]:
        warranty, = Warranty.find([('serial', '=', serial)])
        order = Order(party=warranty.party, warranty=warranty,
            serial=serial, fault=fault, fault_description=description,
            fault_date=today)
        order.save()
        order.click('receive')
        order.remedy = remedy
        order.click('diagnose')
        orders[remedy] = order
    refund = orders['refund']
    refund.settlement = "退款 3999 元 / Возвращено 3999 юаней"
    refund.click('settle')
    act_as(config, 'manager')
    fridge = Order(orders['repair'].id)
    fridge.click('approve')
    fridge.technician, = Employee.find([('party.name', '=', "王海涛")])
    fridge.click('start_repair')
    act_as(config, 'clerk_zh')
    wet_rooms = Model.get('ir.model.data').get_id(
        'cs_warranty', 'part_wet_rooms', {})
    flat, = Warranty.find([
            ('location', '=', "阳光花园 3号楼2单元1201"),
            ('part', '=', wet_rooms)])
    leak = Order(party=flat.party, warranty=flat, fault="卫生间渗漏",
        fault_description="楼下住户天花板有水渍", fault_date=today,
        service_mode='on_site',
        appointment_at=dt.datetime.combine(
            today + dt.timedelta(days=1), dt.time(2)))
    leak.save()
    leak.click('receive')
    act_as(config, 'admin')
