"""Demo data of cs_base: a trade-city mall on the Chinese-Russian border,
its departments and staff, bilingual customers and the working calendars."""
import datetime as dt

from proteus import Model, Wizard

from devtools.demo import translate
from trytond.exceptions import UserWarning

TODAY = dt.date.today()

DEPARTMENTS = [
    # code, English, Chinese, Russian
    ('CS', "Customer Service", "顾客服务部", "Служба обслуживания клиентов"),
    ('OPS', "Operations", "营运部", "Операционный отдел"),
    ('LP', "Loss Prevention", "防损部", "Служба безопасности"),
    ('ENG', "Engineering", "工程部", "Инженерная служба"),
    ('MER', "Merchant Management", "商户管理部", "Отдел по работе с арендаторами"),
    ]
STAFF = [
    # name, department code, manager
    ("刘建国", 'CS', True),
    ("张丽", 'CS', False),
    ("Ольга Смирнова", 'CS', False),
    ("王海涛", 'OPS', True),
    ("赵磊", 'LP', True),
    ("孙志强", 'ENG', True),
    ("Дмитрий Волков", 'MER', True),
    ]
CUSTOMERS = [
    # name, language, classification, VIP, identity type, number,
    # city, phone, days since the archive was reviewed (None: never)
    ("王芳", 'zh_CN', 'important', True, 'cn_resident',
        '11010519491231002X', "绥芬河市", '+86 453 392 1188', 20),
    ("李娜", 'zh_CN', 'general', False, None, None,
        "牡丹江市", '+86 139 4536 7721', 120),
    ("陈伟", 'zh_CN', 'strategic', True, 'cn_resident',
        '23060319880715001X', "哈尔滨市", '+86 451 8765 4321', 35),
    ("黄晓明", 'zh_CN', 'potential', False, None, None,
        "绥芬河市", '+86 158 4530 1122', None),
    ("周敏", 'zh_CN', 'general', False, None, None,
        "东宁市", '+86 453 362 5566', 95),
    ("Иван Петров", 'ru', 'important', True, 'ru_passport',
        '0508 123456', "Владивосток", '+7 423 222 3344', 10),
    ("Анна Кузнецова", 'ru', 'general', False, 'passport',
        '751234567', "Хабаровск", '+7 421 230 4455', 200),
    ("Сергей Иванов", 'ru', 'strategic', False, 'ru_passport',
        '0512 654321', "Уссурийск", '+7 423 432 1010', 60),
    ("Екатерина Смирнова", 'ru', 'potential', False, None, None,
        "Владивосток", '+7 914 700 1234', None),
    ("Алексей Морозов", 'ru', 'general', False, None, None,
        "Находка", '+7 423 665 7788', 91),
    ("ООО «Приморская торговля»", 'ru', 'strategic', True, None, None,
        "Владивосток", '+7 423 200 0100', 45),
    ("黑龙江龙江商贸有限公司", 'zh_CN', 'important', False, None, None,
        "哈尔滨市", '+86 451 8200 3300', 70),
    ]


def load(config, password):
    company = _company(config)
    employees = _staff(company)
    _departments(config, company, employees)
    _calendars(config, company)
    customers = _customers(employees)
    _followups(company, customers, employees)
    return _users(config, company, employees, password)


def _currency(code, name, symbol):
    Currency = Model.get('currency.currency')
    currency, = Currency.find([('code', '=', code)]) or [
        Currency(code=code, name=name, symbol=symbol)]
    currency.save()
    return currency


def _company(config):
    Party = Model.get('party.party')
    Company = Model.get('company.company')
    User = Model.get('res.user')
    Lang = Model.get('ir.lang')
    cny = _currency('CNY', "Chinese Yuan", '¥')
    _currency('RUB', "Russian Ruble", '₽')
    party = Party(name="绥芬河中俄商贸城 / Торговый город Суйфэньхэ")
    party.lang, = Lang.find([('code', '=', 'zh_CN')])
    party.save()
    company = Company(party=party, currency=cny, timezone='Asia/Shanghai')
    company.save()
    admin, = User.find([('login', '=', 'admin')])
    admin.companies.append(Company(company.id))
    admin.company = company
    admin.save()
    config._context = User.get_preferences(True, {})
    return company


def _staff(company):
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    employees = {}
    for name, _, _ in STAFF:
        party = Party(name=name)
        party.save()
        employee = Employee(party=party, company=company)
        employee.save()
        employees[name] = employee
    return employees


def _departments(config, company, employees):
    Department = Model.get('cs.department')
    for code, name, name_zh, name_ru in DEPARTMENTS:
        department = Department(code=code, name=name, company=company)
        for staff, staff_department, manager in STAFF:
            if staff_department == code:
                department.members.append(employees[staff])
                if manager:
                    department.manager = employees[staff]
        department.save()
        translate(config, department, 'name', zh_CN=name_zh, ru=name_ru)


def _calendars(config, company):
    Calendar = Model.get('cs.calendar')
    for calendar in Calendar.find([]):
        calendar.company = company
        calendar.save()
    calendar, = Calendar.find([('name', '=', "Standard Working Week")])
    _fill(calendar, 'CN', TODAY.year)
    _fill(calendar, 'CN', TODAY.year + 1)

    vladivostok = Calendar(
        name="Vladivostok Office", timezone='Asia/Vladivostok',
        company=company)
    for weekday in '01234':
        for start, end in [(9, 13), (14, 18)]:
            vladivostok.hours.new(
                weekday=weekday, start=dt.time(start), end=dt.time(end))
    vladivostok.save()
    translate(config, vladivostok, 'name',
        zh_CN="符拉迪沃斯托克办事处", ru="Офис во Владивостоке")
    _fill(vladivostok, 'RU', TODAY.year)
    _fill(vladivostok, 'RU', TODAY.year + 1)


def _fill(calendar, country, year):
    def fill():
        wizard = Wizard('cs.calendar.fill_holidays', [calendar])
        wizard.form.country = country
        wizard.form.year = year
        wizard.execute('fill')
    try:
        fill()
    except UserWarning as warning:
        # next year's Chinese schedule may not be published yet: the
        # administrator is warned, then gets the statutory holidays
        Model.get('res.user.warning')(
            user=calendar._config.user, name=warning.name).save()
        fill()


def _customers(employees):
    Party = Model.get('party.party')
    Lang = Model.get('ir.lang')
    langs = {l.code: l for l in Lang.find([('code', 'in', ['zh_CN', 'ru'])])}
    managers = [employees["刘建国"], employees["Ольга Смирнова"]]
    customers = []
    for (name, lang, classification, vip, id_type, id_number, city, phone,
            reviewed) in CUSTOMERS:
        party = Party(name=name, lang=langs[lang])
        party.cs_classification = classification
        party.cs_vip = vip
        party.cs_identity_type = id_type
        party.cs_identity_number = id_number
        if reviewed is not None:
            party.cs_archive_reviewed = TODAY - dt.timedelta(days=reviewed)
        if classification in {'strategic', 'important'}:
            party.cs_account_manager = managers[lang == 'ru']
        address, = party.addresses
        address.city = city
        party.contact_mechanisms.new(type='phone', value=phone)
        party.save()
        customers.append(party)
    return customers


def _followups(company, customers, employees):
    Revisit = Model.get('cs.revisit')
    Satisfaction = Model.get('cs.satisfaction')
    opinions = {
        'zh_CN': "退货处理很及时，服务态度很好，表示满意。",
        'ru': "Возврат оформили быстро, персонал вежливый, клиент доволен.",
        }
    for i, customer in enumerate(customers[:8]):
        revisit = Revisit(
            company=company, party=customer, origin=customer,
            planned_date=TODAY + dt.timedelta(days=7 * (i - 3)),
            method='phone' if i % 2 else 'visit')
        revisit.save()
        if i < 3:
            revisit.findings = {
                'zh_CN': "顾客反映问题已解决。",
                'ru': "Клиент подтвердил, что вопрос решён.",
                }[customer.lang.code]
            revisit.customer_opinion = opinions[customer.lang.code]
            revisit.save()
            revisit.click('do')
            Satisfaction(
                company=company, party=customer, origin=revisit,
                rating=5 - i % 2, comment=opinions[customer.lang.code],
                employee=employees["张丽"]).save()


def _users(config, company, employees, password):
    User = Model.get('res.user')
    Group = Model.get('res.group')
    Lang = Model.get('ir.lang')
    ModelData = Model.get('ir.model.data')
    group_ids = {
        fs_id: ModelData.get_id('cs_base', fs_id, {})
        for fs_id in ['group_cs', 'group_cs_admin']}
    credentials = []
    for login, name, lang, fs_ids, who in [
            ('clerk_zh', "张丽", 'zh_CN', ['group_cs'],
                "service-desk clerk, Chinese"),
            ('clerk_ru', "Ольга Смирнова", 'ru', ['group_cs'],
                "service-desk clerk, Russian"),
            ('manager', "刘建国", 'zh_CN', ['group_cs', 'group_cs_admin'],
                "customer-service manager, Chinese"),
            ]:
        secret = password()
        user = User(login=login, name=name, password=secret)
        user.language, = Lang.find([('code', '=', lang)])
        user.groups.extend(Group(group_ids[g]) for g in fs_ids)
        user.companies.append(type(company)(company.id))
        user.company = company
        employee = employees[name]
        user.employees.append(type(employee)(employee.id))
        user.employee = type(employee)(employee.id)
        user.save()
        credentials.append((login, secret, who))
    return credentials
