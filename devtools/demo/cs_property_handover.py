"""Demo data of cs_property_handover: an estate with two buildings and its
contractors, a flat type with its checklist and renovation rules, a batch
handing over with its preparation plan, handovers at each step and a
renovation in progress with a violation."""
import datetime as dt
from decimal import Decimal

from proteus import Model

from devtools.demo import split_languages

CHECKLIST = [
    # room, item, building part
    ("客厅 · Гостиная", "墙面、顶棚 · Стены и потолок", 'part_fit_out'),
    ("客厅 · Гостиная", "门窗 · Окна и двери", 'part_fit_out'),
    ("客厅 · Гостиная", "插座、开关 · Розетки и выключатели",
        'part_electrical'),
    ("卫生间 · Санузел", "防水、地漏 · Гидроизоляция и трап",
        'part_wet_rooms'),
    ("卫生间 · Санузел", "给排水 · Водопровод и канализация",
        'part_plumbing'),
    ("入户 · Вход", "可视对讲、水电表 · Домофон и счётчики",
        'part_equipment'),
    ]
RULES = [
    # work, allowed, conditions
    ("室内墙面、地面装饰 · Отделка стен и полов", True, None),
    ("更换入户防盗门 · Замена входной двери", True,
        "统一款式 · только утверждённая модель"),
    ("封闭阳台 · Остекление балкона", False, None),
    ("改动承重墙 · Перенос несущих стен", False, None),
    ("改变外立面 · Изменение фасада", False, None),
    ]


def load(config, password):
    today = dt.date.today()
    _groups()
    estate, flat = _estate(config)
    batch = _batch(estate, today)
    _handovers(batch, today)
    _renovation(flat, today)
    return []


def _groups():
    "The clerks work for the property service centre too"
    User = Model.get('res.user')
    Group = Model.get('res.group')
    ModelData = Model.get('ir.model.data')
    staff = Group(ModelData.get_id(
            'cs_property_handover', 'group_property', {}))
    admin = Group(ModelData.get_id(
            'cs_property_handover', 'group_property_admin', {}))
    for login, group in [('clerk_zh', staff), ('clerk_ru', staff),
            ('manager', admin)]:
        users = User.find([('login', '=', login)])
        for user in users:
            user.groups.append(Group(group.id))
            user.save()


def _party(name):
    Party = Model.get('party.party')
    parties = Party.find([('name', '=', name)])
    if parties:
        return parties[0]
    party = Party(name=name)
    party.save()
    return party


def _estate(config):
    Estate = Model.get('cs.property.estate')
    UnitType = Model.get('cs.property.unit.type')
    Unit = Model.get('cs.property.unit')
    Part = Model.get('cs.warranty.part')
    ModelData = Model.get('ir.model.data')
    estate = Estate(name="阳光花园 · ЖК «Солнечный сад»", code='YG',
        developer=_party("龙江地产 / Девелопер «Лунцзян»"),
        address="绥芬河市阳光路 8 号 · Суйфэньхэ, ул. Янгуан, 8")
    estate.contractors.new(
        party=_party("龙江建设集团 / Строительная группа «Лунцзян»"),
        scope="总包 · Генподрядчик", general=True,
        contact_name="赵建国", contact_phone='0453-3921100')
    estate.contractors.new(
        party=_party("哈尔滨防水工程公司 / Харбинская гидроизоляция"),
        scope="防水 · Гидроизоляция", contact_phone='0451-8812345')
    for name in ["7号楼 · Корпус 7", "8号楼 · Корпус 8"]:
        estate.buildings.new(name=name, floors=18)
    estate.save()
    split_languages(config, [estate], 'name')
    split_languages(config, estate.buildings, 'name')

    flat = UnitType(name="两室一厅 · 2-комнатная квартира",
        deposit=Decimal('3000'),
        working_hours="周一至周六 8:00–12:00、14:00–18:00"
        " · пн–сб 8:00–12:00, 14:00–18:00")
    for room, item, fs_id in CHECKLIST:
        flat.checklist.new(room=room, item=item, part=Part(
                ModelData.get_id('cs_warranty', fs_id, {})))
    for work, allowed, conditions in RULES:
        flat.renovation_rules.new(
            work=work, allowed=allowed, conditions=conditions)
    flat.save()
    split_languages(config, [flat], 'name', 'working_hours')
    split_languages(config, flat.checklist, 'room', 'item')
    split_languages(config, flat.renovation_rules, 'work', 'conditions')
    owners = ["李娜", "王芳", "Анна Кузнецова", "Иван Петров"]
    Building = Model.get('cs.property.building')
    for building in estate.buildings:
        for floor in range(1, 4):
            for door in range(1, 3):
                number = f'{floor:02d}{door:02d}'
                owner = owners[(floor + door) % len(owners)]
                Unit(building=Building(building.id), number=number,
                    floor=floor, unit_type=flat, area=Decimal('89.50'),
                    owner=_party(owner), state='sold').save()
    return estate, flat


def _batch(estate, today):
    Batch = Model.get('cs.handover.batch')
    Building = Model.get('cs.property.building')
    batch = Batch(name="一期交付 · Первый этап передачи", estate=estate,
        start_date=today - dt.timedelta(days=3),
        end_date=today + dt.timedelta(days=27))
    for building in estate.buildings:
        batch.buildings.append(Building(building.id))
    batch.save()
    batch.click('generate_plan')
    for task in batch.tasks:
        if task.due_date < today - dt.timedelta(days=10):
            task.done_date = task.due_date
    batch.meetings.new(date=today - dt.timedelta(days=7),
        attendees="物业服务中心、开发商、总包 · УК, девелопер, генподрядчик",
        minutes="交付资料已印制；公共区域保护到位。"
        " · Документы напечатаны, места общего пользования защищены.")
    batch.save()
    batch.click('approve')
    batch.click('open')
    return batch


def _handovers(batch, today):
    Unit = Model.get('cs.property.unit')
    Handover = Model.get('cs.handover')
    units = Unit.find([('building.name', '=', "7号楼")],
        order=[('number', 'ASC')])

    def inspected(unit, failed=None, note=None):
        handover = Handover(batch=batch, unit=unit,
            appointment_at=dt.datetime.combine(today, dt.time(1)),
            pack_sent_on=today - dt.timedelta(days=30))
        handover.save()
        handover.click('inspect')
        for line in handover.lines:
            line.result = 'pass'
        if failed is not None:
            handover.lines[failed].result = 'fail'
            handover.lines[failed].note = note
        handover.meter_water = Decimal('0.8')
        handover.meter_electricity = Decimal('15.2')
        handover.keys = 3
        handover.documents_signed = handover.owner_card = True
        handover.service_agreement = handover.management_statute = True
        handover.save()
        return handover

    accepted = inspected(units[0], 1, "窗框划痕 · Царапина на раме")
    accepted.click('accept')
    refused = inspected(units[1], 3, "闭水试验渗漏 · Протечка при проливе")
    refused.click('refuse')
    inspected(units[2])
    Handover(batch=batch, unit=units[3],
        appointment_at=dt.datetime.combine(
            today + dt.timedelta(days=2), dt.time(2))).save()


def _renovation(flat, today):
    Renovation = Model.get('cs.renovation')
    Unit = Model.get('cs.property.unit')
    Rule = Model.get('cs.renovation.rule')
    unit, = Unit.find([('state', '=', 'handed_over')], limit=1)
    renovation = Renovation(unit=unit,
        contractor=_party("家美装饰公司 / Отделочная компания «Цзямэй»"),
        workers="张师傅、李师傅 · мастера Чжан и Ли",
        planned_start=today, planned_end=today + dt.timedelta(days=60))
    renovation.works.extend([Rule(r.id) for r in flat.renovation_rules
            if r.allowed])
    renovation.save()
    renovation.click('submit')
    renovation.click('approve')
    renovation.click('issue_permit')
    renovation.inspections.new(kind='hidden_works',
        findings="水电管线合格 · Скрытые работы приняты", passed=True)
    renovation.violations.new(
        description="周日施工噪音扰民 · Шумные работы в воскресенье",
        deadline=today + dt.timedelta(days=3), penalty=Decimal('200'))
    renovation.save()
