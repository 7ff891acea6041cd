"""Demo data of cs_quality: a month of inspections of the service desk
against the shipped mall front-desk standard (passed, failed with a photo
and a corrective action, one disputed and waiting for the quality manager),
a property-standard inspection of the engineering department under way,
the desk's appraisals of the month (reviewed) and of the quarter,
Engineering's month and quarter (a poor records review of 孙志强: coached),
and the desk's inspection plans of this month (scheduled) and the next
(draft)."""
import datetime as dt
import io
from decimal import Decimal

from proteus import Model, Wizard

from devtools.demo import act_as, at, translate


def load(config, password):
    secret = password()
    _quality_manager(secret)
    today = dt.datetime.now().replace(hour=2, minute=0, second=0,
        microsecond=0)
    _month_of_inspections(config, today)
    _exams(config, today)
    _quarter_of_appraisals(config, today)
    _coached(config, today)
    _plans(config, today)
    act_as(config, 'admin')
    return [('quality', secret, "service-quality manager, Chinese"),
        _exam_on_the_portal(password())]


def _quality_manager(secret):
    "王海涛 of Operations inspects the desk for the mall"
    User = Model.get('res.user')
    Group = Model.get('res.group')
    Lang = Model.get('ir.lang')
    Employee = Model.get('company.employee')
    ModelData = Model.get('ir.model.data')
    employee, = Employee.find([('party.name', '=', "王海涛")])
    user = User(login='quality', name="王海涛", password=secret)
    user.language, = Lang.find([('code', '=', 'zh_CN')])
    for module, group in [('cs_base', 'group_cs'),
            ('cs_quality', 'group_quality_manager')]:
        user.groups.append(Group(ModelData.get_id(module, group, {})))
    user.companies.append(employee.company)
    user.company = employee.company
    user.employees.append(employee)
    user.employee = employee
    user.save()


def _by(config, login, record):
    "The record as the user of that login opens it"
    act_as(config, login)
    return type(record)(record.id)


def _active(module):
    Module = Model.get('ir.module')
    return bool(Module.find(
            [('name', '=', module), ('state', '=', 'activated')]))


def _employee(name):
    Employee = Model.get('company.employee')
    employee, = Employee.find([('party.name', '=', name)])
    return employee


def _inspect(config, when, standard, department, employee, method,
        failures, **values):
    """An inspection made at when, every item passed but failures
    ({item code: (note, action, owner)}); returns it done"""
    Inspection = Model.get('cs.quality.inspection')
    Standard = Model.get('cs.quality.standard')
    Department = Model.get('cs.department')
    act_as(config, 'quality')
    standard, = Standard.find([('code', '=', standard)])
    department, = Department.find([('code', '=', department)])
    inspection = Inspection(standard=standard, department=department,
        employee=_employee(employee) if employee else None, method=method,
        date=when, **values)
    inspection.save()
    with at(when):
        inspection.click('start')
        for line in inspection.lines:
            failure = failures.get(line.item.code)
            line.result = 'failed' if failure else 'passed'
            if failure:
                line.note, action, owner = failure
                if action:
                    line.action = action
                    line.action_owner = _employee(owner)
                    line.action_due = (when + dt.timedelta(days=7)).date()
        inspection.save()
        inspection.click('finish')
    return inspection


def _photo(line, caption):
    "A photo of the finding, as the inspector's phone would attach it"
    from PIL import Image, ImageDraw
    Attachment = Model.get('ir.attachment')
    image = Image.new('RGB', (640, 480), (214, 222, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 300, 560, 420), fill=(120, 84, 60))
    draw.ellipse((270, 120, 370, 220), fill=(60, 60, 70))
    draw.text((20, 20), caption, fill=(0, 0, 0))
    data = io.BytesIO()
    image.save(data, 'JPEG')
    Attachment(resource=line, name='photo.jpg', type='data',
        data=data.getvalue()).save()


def _month_of_inspections(config, today):
    day = dt.timedelta(days=1)
    greeted = _inspect(config, today - 25 * day, 'SC', 'CS', "张丽",
        'spot_check', {})
    _by(config, 'clerk_zh', greeted).click('acknowledge')

    seated = _inspect(config, today - 18 * day, 'SC', 'CS',
        "Ольга Смирнова", 'mystery_visit', {
            'M01-01': ("顾客走近服务台时员工坐着没有起身问候",
                "服务台晨会重新培训起身迎客礼仪", "刘建国")},
        visitor="神秘顾客 周女士", scenario="询问寄存包裹和会员积分兑换")
    _photo(seated.lines[0], "M01-01 2026")
    if _active('cs_helpdesk'):
        # the action becomes an improvement measure of the service desk
        seated.click('raise_improvements')
    _by(config, 'clerk_ru', seated).click('acknowledge')

    records = _inspect(config, today - 10 * day, 'SC', 'CS', None,
        'records_review', {
            'M03-01': ("寄存登记有两处未写柜号", "寄存登记逐项填写柜号并当班核对",
                "刘建国")})
    _by(config, 'manager', records).click('acknowledge')

    disputed = _inspect(config, today - 4 * day, 'SC', 'CS', "张丽",
        'mystery_visit', {
            'M04-05': ("投诉登记后未告知顾客处理时间", None, None)},
        visitor="神秘顾客 陈先生", scenario="投诉商品质量并要求退货")
    dispute = Wizard('cs.quality.inspection.dispute',
        [_by(config, 'clerk_zh', disputed)])
    dispute.form.reason = "当时已口头告知顾客三个工作日内答复，有录音为证"
    dispute.execute('apply')

    act_as(config, 'quality')
    Inspection = Model.get('cs.quality.inspection')
    Standard = Model.get('cs.quality.standard')
    Department = Model.get('cs.department')
    standard, = Standard.find([('code', '=', 'WY')])
    engineering, = Department.find([('code', '=', 'ENG')])
    ongoing = Inspection(standard=standard, department=engineering,
        employee=_employee("孙志强"), method='records_review',
        date=today - day)
    ongoing.save()
    with at(today - day):
        ongoing.click('start')
    for line in ongoing.lines[:10]:
        line.result = 'passed'
    ongoing.save()


QUESTIONS = [
    # (en, zh_CN, ru) of the question, then of the right and a wrong option
    (
        ("A customer leaves a bag at the desk. What does the clerk do?",
            "顾客在服务台寄存物品时，客服人员应当？",
            "Клиент сдаёт сумку на стойку. Что делает сотрудник?"),
        ("Registers it and hands over a numbered tag", "登记并发放号牌",
            "Регистрирует её и выдаёт номерок"),
        ("Remembers the customer's face", "记住顾客相貌",
            "Запоминает клиента в лицо")),
    (
        ("Within how many hours is a complaint settled?",
            "投诉一般应在多少小时内妥善解决？",
            "В течение скольких часов урегулируется жалоба?"),
        ("8 hours", "8小时", "8 часов"),
        ("3 days", "3天", "3 дня")),
    (
        ("What is done first when a customer complains?",
            "顾客投诉时首先应当？", "Что делается первым при жалобе клиента?"),
        ("Apologise and reassure the customer", "致歉并安抚顾客情绪",
            "Извиниться и успокоить клиента"),
        ("Explain the mall's rules", "解释商场规定",
            "Объяснить правила торгового центра")),
    ]


def _exams(config, today):
    "A small bank of questions; Zhang's exam taken, Olga's to take"
    Question = Model.get('cs.quality.question')
    Exam = Model.get('cs.quality.exam')
    act_as(config, 'quality')
    for question_text, right, wrong in QUESTIONS:
        question = Question(text=question_text[1], category="服务台")
        question.options.new(text=right[1], correct=True)
        question.options.new(text=wrong[1])
        question.save()
        translate(config, question, 'text', **dict(
                zip(['en', 'zh_CN', 'ru'], question_text)))
        translate(config, question, 'category',
            en="Front desk", zh_CN="服务台", ru="Стойка обслуживания")
        for option, texts in zip(question.options, [right, wrong]):
            translate(config, option, 'text', **dict(
                    zip(['en', 'zh_CN', 'ru'], texts)))
    when = today - dt.timedelta(days=12)
    zhang = Exam(name="十一月服务台业务考试", employee=_employee("张丽"),
        question_count=3, minutes=15)
    zhang.save()
    olga = Exam(name="Декабрьский тест по стойке обслуживания",
        employee=_employee("Ольга Смирнова"), question_count=3, minutes=15)
    olga.save()
    zhang = _by(config, 'clerk_zh', zhang)
    with at(when):
        zhang.click('start')
    Option = Model.get('cs.quality.question.option')
    for number, line in enumerate(zhang.lines):
        # the last question answered wrong
        line.chosen.append(Option(line.question.options[
                    1 if number == 2 else 0].id))
    with at(when + dt.timedelta(minutes=9)):
        zhang.save()
        zhang.click('submit')


def _quarter_of_appraisals(config, today):
    """The last month's and quarter's appraisals of the service desk,
    computed from the demo's records; the month's reviewed by the manager,
    one acknowledged"""
    Department = Model.get('cs.department')
    Appraisal = Model.get('cs.quality.appraisal')
    act_as(config, 'quality')
    desk, = Department.find([('code', '=', 'CS')])
    for period in ['quarter', 'month']:
        compute = Wizard('cs.quality.appraisal.compute')
        compute.form.period = period
        # the month most of the inspections above fall in
        compute.form.date = (today - dt.timedelta(days=10)).date()
        compute.form.departments.append(Department(desk.id))
        compute.execute('compute')
    month = Appraisal.find([('period', '=', 'month')])
    lowest = min((a for a in month if a.final_score is not None),
        key=lambda a: a.final_score)
    lowest.adjustment = Decimal(-3)
    lowest.adjustment_reason = "本月两次晨会迟到"
    lowest.save()
    Appraisal.click(month, 'review')
    zhang, = Appraisal.find(
        [('period', '=', 'month'), ('employee.party.name', '=', "张丽")])
    _by(config, 'clerk_zh', zhang).click('acknowledge')


def _plans(config, today):
    """Four mystery visits of the service desk a month: this month's
    scheduled, the next month's a copy still to schedule"""
    Plan = Model.get('cs.quality.plan')
    Standard = Model.get('cs.quality.standard')
    Department = Model.get('cs.department')
    act_as(config, 'quality')
    desk, = Department.find([('code', '=', 'CS')])
    standard, = Standard.find([('code', '=', 'SC')])
    plan = Plan(department=desk, standard=standard, method='mystery_visit',
        inspector=_employee("王海涛"), count=4, month=today.date())
    plan.save()
    plan.click('schedule')
    Plan.duplicate([plan])


def _coached(config, today):
    """孙志强's records reviewed last month: no conduct records, delivery
    records unsigned, renovation patrols missing (10 of 34 points);
    Engineering's month and quarter reviewed, so he is coached"""
    Department = Model.get('cs.department')
    Appraisal = Model.get('cs.quality.appraisal')
    when = today - dt.timedelta(days=12)
    failures = {}
    for section, count, note in [
            ('P01', 15, "服务行为记录未建立"),
            ('P02', 10, "交付资料缺少业主签字"),
            ('P03', 4, "装修巡查记录缺失")]:
        failures.update({f'{section}-{n:02d}': (note, None, None)
                for n in range(1, count + 1)})
    _inspect(config, when, 'WY', 'ENG', "孙志强", 'records_review', failures)
    act_as(config, 'quality')
    engineering, = Department.find([('code', '=', 'ENG')])
    for period in ['month', 'quarter']:
        compute = Wizard('cs.quality.appraisal.compute')
        compute.form.period = period
        compute.form.date = when.date()
        compute.form.departments.append(Department(engineering.id))
        compute.execute('compute')
    Appraisal.click(Appraisal.find(
            [('department', '=', engineering.id)]), 'review')


def _exam_on_the_portal(secret):
    """Ольга's portal account, on which she takes her exam on her phone
    (/demo/portal/exams)"""
    WebUser = Model.get('web.user')
    email = 'olga.smirnova@example.com'
    WebUser(email=email, password=secret,
        party=_employee("Ольга Смирнова").party, email_valid=True).save()
    return (email, secret, "employee on the portal (ru): her exam, "
        "/demo/portal/exams")
