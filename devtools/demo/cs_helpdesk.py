"""Demo data of cs_helpdesk: merchants, standard answers and a few dozen
tickets in every state of the flow, in Chinese and Russian."""
import datetime as dt
import random

from proteus import Model, Wizard

from devtools.demo import at

MERCHANTS = [
    ("哈尔滨皮草行", "B2-118"),
    ("ООО «Сибирский мёд»", "A1-025"),
    ("东宁电器城", "C3-302"),
    ]
ANSWERS = [
    ("在哪里开发票？", "请凭购物小票到一楼顾客服务台开具发票。",
        "Где получить счёт-фактуру?",
        "Счёт выдают на стойке обслуживания на первом этаже "
        "по кассовому чеку."),
    ("退换货的期限是多久？",
        "商品售出七日内，凭小票且不影响二次销售的可以退换。",
        "Какой срок возврата и обмена?",
        "Товар можно вернуть или обменять в течение 7 дней при наличии чека "
        "и сохранном товарном виде."),
    ("可以存包吗？", "可以，一楼服务台免费存包，营业结束前请取回。",
        "Можно ли оставить сумку?",
        "Да, камера хранения бесплатна, у стойки на первом этаже; заберите "
        "вещи до закрытия."),
    ("营业时间？", "每天9:00至21:00，节假日照常营业。",
        "Часы работы?", "Ежедневно с 9:00 до 21:00, в праздники тоже."),
    ("可以用卢布付款吗？", "二楼外币兑换点可以兑换卢布，收银台只收人民币。",
        "Можно ли платить рублями?",
        "Кассы принимают юани; обменять рубли можно в пункте обмена на 2 "
        "этаже."),
    ]
COMPLAINTS = {
    'zh_CN': [
        ("收银员多收了十元", 'cashier', "退还多收的钱"),
        ("排队结账超过二十分钟", 'waiting', "增开收银台"),
        ("导购员态度冷淡", 'attitude', "道歉"),
        ("买的电饭煲第二天就坏了", 'quality', "换新"),
        ("商场空调太冷", 'environment', "调高温度"),
        ],
    'ru': [
        ("Кассир обсчитал на 10 юаней", 'cashier', "Вернуть деньги"),
        ("Продавец не говорит по-русски, не смог объяснить", 'skill',
            "Переводчик на этаже"),
        ("Шуба линяет через неделю после покупки", 'quality', "Обмен"),
        ("Долго ждал у стойки обслуживания", 'waiting', "Извинения"),
        ("Не работает лифт на 3 этаж", 'environment', "Починить лифт"),
        ],
    }
# the other kinds of request, each with its own wording
REQUESTS = {
    'return': {
        'zh_CN': ("羽绒服尺码不合适，要求退货", "退货退款"),
        'ru': ("Куртка не подошла по размеру, хочу вернуть", "Возврат денег"),
        },
    'consultation': {
        'zh_CN': ("询问增值税发票在哪里开", "告知开票地点"),
        'ru': ("Где оформить документы для таможни на покупку?",
            "Объяснить порядок"),
        },
    'bulk_purchase': {
        'zh_CN': ("单位采购二百份中秋礼盒", "报价并安排送货"),
        'ru': ("Оптовая закупка 50 пуховиков для магазина в Уссурийске",
            "Оптовая цена и доставка"),
        },
    }
# how many tickets end in each state
PLAN = [
    ('draft', 3), ('registered', 4), ('escalated', 2), ('dispatched', 4),
    ('in_progress', 5), ('waiting', 3), ('resolved', 5), ('revisited', 3),
    ('closed', 10), ('cancelled', 2)]
OPEN = {'draft', 'registered', 'escalated', 'dispatched', 'in_progress',
    'waiting'}


def load(config, password):
    random.seed(7)
    company, = Model.get('company.company').find([])
    merchants = _merchants()
    _answers()
    departments = Model.get('cs.department').find([])
    customers = [p for p in Model.get('party.party').find([
                ('cs_classification', '!=', None)])]
    # the desk works the mall's hours, every day
    configuration = Model.get('cs.configuration')(1)
    configuration.helpdesk_calendar, = Model.get('cs.calendar').find(
        [('name', '=', "Shopping Mall, Every Day")])
    configuration.save()
    tickets = []
    now = dt.datetime.now().replace(second=0, microsecond=0)
    for number, (state, count) in enumerate(
            (s, c) for s, c in PLAN for _ in range(c)):
        received = now - (
            # the open ones came in today, mostly on track, some at risk
            dt.timedelta(minutes=random.randint(10, 7 * 60))
            if state in OPEN else dt.timedelta(
                days=random.randint(1, 45), hours=random.randint(0, 8)))
        tickets.append(_ticket(
                company, customers, departments, merchants, received,
                state, number))
    _improvement(company, tickets)
    _inbox(company)
    return []


def _inbox(company):
    """E-mail to desk@ becomes a complaint; bin/demo prints the URL to
    which the mail server (or curl) posts the e-mails"""
    Inbox = Model.get('inbound.email.inbox')
    inbox = Inbox(name="顾客服务台邮箱")
    rule = inbox.rules.new()
    rule.destination = r'^desk@'
    rule.action = 'cs.helpdesk.ticket|from_inbound_email'
    rule.cs_company = company
    rule.cs_ticket_type = _kind('complaint')
    inbox.save()
    inbox.click('new_identifier')
    _receive_mails(inbox.id, ['zh_gb2312_base64.eml', 'ru_koi8r_qp.eml'])


def _receive_mails(inbox_id, names):
    """Two customers' e-mails, received as the inbox's URL receives them
    (the test mails of cs_helpdesk)"""
    from pathlib import Path

    from proteus.config import get_config

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    folder = (Path(__file__).resolve().parents[2]
        / 'addons' / 'cs_helpdesk' / 'tests' / 'mail')
    with Transaction().start(get_config().database_name, 0) as transaction:
        pool = Pool()
        Inbox = pool.get('inbound.email.inbox')
        Email = pool.get('inbound.email')
        inbox = Inbox(inbox_id)
        for name in names:
            email_, = Email.from_webhook(
                inbox, (folder / name).read_bytes(), 'raw')
            inbox.process(email_)
            Email.save([email_])
        transaction.commit()


def _merchants():
    Party = Model.get('party.party')
    merchants = []
    for name, shop in MERCHANTS:
        merchant = Party(name=name, cs_merchant=True, cs_shop_number=shop)
        merchant.save()
        merchants.append(merchant)
    return merchants


def _answers():
    "The standard answers, in the portal's help centre but the last"
    Answer = Model.get('cs.helpdesk.answer')
    for i, (question_zh, answer_zh, question_ru, answer_ru) in enumerate(
            ANSWERS):
        published = i < len(ANSWERS) - 1
        Answer(question_zh=question_zh, answer_zh=answer_zh,
            question_ru=question_ru, answer_ru=answer_ru,
            public=True, translation_done=published).save()


def _kind(kind):
    Type = Model.get('cs.helpdesk.ticket.type')
    type_, = Type.find([('kind', '=', kind)])
    return type_


def _ticket(company, customers, departments, merchants, received, state,
        number):
    Ticket = Model.get('cs.helpdesk.ticket')
    Channel = Model.get('cs.channel')
    customer = customers[number % len(customers)]
    lang = customer.lang.code if customer.lang else 'zh_CN'
    kind = 'complaint' if number % 3 else random.choice(
        ['return', 'consultation', 'complaint', 'bulk_purchase'])
    if kind == 'complaint':
        text, cause, request = COMPLAINTS[lang][number % 5]
    else:
        (text, request), cause = REQUESTS[kind][lang], None
    ticket = Ticket(type=_kind(kind), received_at=received)
    if number == 1:
        # a walk-in at the desk, not yet a customer
        ticket.contact_name, ticket.contact_phone = {
            'zh_CN': ("刘女士", '13945001234'),
            'ru': ("Ольга", '+79241234567')}[lang]
        ticket.language, = Model.get('ir.lang').find([('code', '=', lang)])
    else:
        ticket.party = customer
    ticket.channel, = Channel.find(
        [('code', '=', random.choice(['front_desk', 'phone', 'wechat']))])
    ticket.description = text
    ticket.customer_request = request
    ticket.cause = cause
    ticket.major = state == 'escalated'
    if number % 7 == 3 and kind == 'complaint':
        ticket.dispatch_to = 'merchant'
        ticket.merchant = merchants[number % len(merchants)]
    else:
        ticket.department = departments[number % len(departments)]
    ticket.save()
    if state in {'draft'}:
        return ticket
    if state == 'cancelled':
        _reason(ticket, 'cancel', {
                'zh_CN': "顾客撤回投诉", 'ru': "Клиент отозвал жалобу"}[lang])
        return ticket
    step = received
    if kind == 'consultation' and state == 'closed':
        ticket.result = {
            'zh_CN': "已当场解答", 'ru': "Ответили на месте"}[lang]
        ticket.save()
        with at(step):
            ticket.click('answer_now')
        return ticket
    with at(step):
        ticket.click('register')
    if state in {'registered', 'escalated'}:
        return ticket
    if ticket.needs_department:
        step += dt.timedelta(minutes=20)
        with at(step):
            ticket.click('dispatch')
        if state == 'dispatched':
            return ticket
        step += dt.timedelta(minutes=40)
        with at(step):
            ticket.click('acknowledge')
    if state in {'in_progress'}:
        return ticket
    if state == 'waiting':
        with at(step + dt.timedelta(hours=1)):
            _reason(ticket, 'wait', {
                    'zh_CN': "等待顾客提供购物小票",
                    'ru': "Ждём от клиента кассовый чек"}[lang])
        return ticket
    ticket.result = {
        'zh_CN': "已核实并处理，顾客接受处理结果",
        'ru': "Проверили и решили вопрос, клиент согласен с решением"}[lang]
    ticket.save()
    # a few tickets miss their deadline, for the statistics
    step += dt.timedelta(hours=random.choice([2, 3, 5, 30]))
    with at(step):
        ticket.click('resolve')
    if state == 'resolved' or not ticket.party:
        return ticket
    if ticket.needs_revisit:
        ticket.revisits.new(
            party=ticket.party,
            planned_date=(step + dt.timedelta(days=1)).date(),
            method='phone',
            customer_opinion={
                'zh_CN': "对处理结果满意", 'ru': "Доволен решением"}[lang])
        ticket.save()
        ticket.revisits[0].click('do')
        ticket.click('revisit')
    if state == 'revisited':
        return ticket
    if ticket.needs_satisfaction:
        ticket.satisfactions.new(rating=random.choice([3, 4, 5, 5, 5]))
        ticket.save()
    ticket.click('close')
    return ticket


def _reason(ticket, action, reason):
    wizard = Wizard(f'cs.helpdesk.ticket.{action}', [ticket])
    wizard.form.reason = reason
    wizard.execute('apply')
    ticket.reload()


def _improvement(company, tickets):
    Improvement = Model.get('cs.helpdesk.improvement')
    Ticket = Model.get('cs.helpdesk.ticket')
    Department = Model.get('cs.department')
    operations, = Department.find([('code', '=', 'OPS')])
    waiting = [t.id for t in tickets
        if t.cause == 'waiting' and t.state != 'draft']
    improvement = Improvement(
        name="高峰时段增开收银台 / Больше касс в часы пик",
        cause='waiting', owner=operations.manager, department=operations,
        due_date=dt.date.today() + dt.timedelta(days=14))
    improvement.tickets.extend(Ticket.find([('id', 'in', waiting)]))
    improvement.save()
    improvement.click('start')
