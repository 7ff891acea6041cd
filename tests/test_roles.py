"""Staff in their roles, over the JSON-RPC that sao speaks, on the demo
database where every module of the suite is active with sale and project.

Each step is taken by a user who belongs only to the group meant to take
it (tests/rpc.py role_session), and a user of a group not meant to is
refused."""
import os
import shutil
import xml.etree.ElementTree as ET

import pytest
from rpc import RPCError, Session, role_session

from conftest import serve
from trytond.pyson import PYSONDecoder

pytestmark = pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') == 'postgresql',
    reason="the demo-server tests run in the SQLite pass of bin/test")

CLERKS = 'cs_base.group_cs'
DEPARTMENT = 'cs_helpdesk.group_cs_department'
MEMBERSHIP = 'cs_membership.group_membership'
TECHNICIANS = 'cs_warranty.group_repair_technician'
INSPECTORS = 'cs_warranty.group_repair_quality'
PROPERTY = 'cs_property_handover.group_property'
QUALITY = 'cs_quality.group_quality_inspector'


@pytest.fixture(scope='module')
def admin(server):
    url, credentials, _ = server
    return Session(url, 'admin', credentials['admin'])


@pytest.fixture(scope='module')
def manager(server):
    "The demo's customer-service manager (an administrator of the desk)"
    url, credentials, _ = server
    return Session(url, 'manager', credentials['manager'])


def refused(session, model, method, *args):
    "The error name with which the server refuses the call"
    with pytest.raises(RPCError) as error:
        session.model(model, method, *args)
    return error.value.args[0][0]


def read(session, model, record_id, *fields):
    record, = session.model(model, 'read', [record_id], list(fields))
    return record


def state(session, model, record_id):
    return read(session, model, record_id, 'state')['state']


def test_all_optional_modules_are_active(admin):
    "The roles are tried on a site that runs every module"
    active = {m['name'] for m in admin.model('ir.module', 'search_read',
            [('state', '=', 'activated')], 0, None, None, ['name'])}
    assert {'sale', 'project', 'cs_base', 'cs_helpdesk', 'cs_desk',
        'cs_membership', 'cs_warranty', 'cs_property_handover'} <= active


def test_clerk_marks_archive_reviewed(admin):
    "cs_base: customer service reviews archives; membership clerks may not"
    party_id, = admin.model('party.party', 'search',
        [('name', '=', "王芳")], 0, None, None)
    clerk = role_session(admin, CLERKS)
    clerk.model('party.party', 'cs_mark_archive_reviewed', [party_id])
    assert read(admin, 'party.party', party_id, 'cs_archive_reviewed')[
        'cs_archive_reviewed']
    membership = role_session(admin, MEMBERSHIP)
    assert refused(membership, 'party.party', 'cs_mark_archive_reviewed',
        [party_id]) == 'UserError'


def test_department_member_handles_its_ticket(admin):
    """cs_helpdesk: a member of the department a ticket is dispatched to
    acknowledges and resolves it; a repair technician may not"""
    department, = admin.model('cs.department', 'search_read',
        [('code', '=', 'ENG')], 0, None, None, ['manager'])
    ticket_id, = admin.model('cs.helpdesk.ticket', 'search', [
            ('state', '=', 'dispatched'),
            ('department', '=', department['id'])], 0, 1, None)
    technician = role_session(admin, TECHNICIANS)
    assert refused(technician, 'cs.helpdesk.ticket', 'acknowledge',
        [ticket_id]) == 'UserError'
    member = role_session(admin, DEPARTMENT, employee=department['manager'])
    member.model('cs.helpdesk.ticket', 'acknowledge', [ticket_id])
    member.model('cs.helpdesk.ticket', 'write', [ticket_id],
        {'result': "Кондиционер отремонтирован · 空调已修复"})
    member.model('cs.helpdesk.ticket', 'resolve', [ticket_id])
    assert state(admin, 'cs.helpdesk.ticket', ticket_id) == 'resolved'


def test_clerk_saves_tickets_registered(admin):
    """cs_helpdesk: in the desk's window (its action's context, as sao
    sends it) a clerk's save registers the new ticket, and Answer on the
    Spot clicked on a new one closes it; a membership clerk saves none"""
    action_id = admin.model(
        'ir.model.data', 'get_id', 'cs_helpdesk', 'act_ticket_form')
    action, = admin.model('ir.action.act_window', 'read', [action_id],
        ['pyson_context'])
    desk = PYSONDecoder({}).decode(action['pyson_context'])
    assert desk.get('cs_register')
    consultation, = admin.model('cs.helpdesk.ticket.type', 'search',
        [('kind', '=', 'consultation')], 0, 1, None)
    values = {'type': consultation, 'contact_name': "李女士",
        'contact_phone': "13900001111", 'description': "停车场几点关门?"}
    clerk = role_session(admin, CLERKS)
    clerk.context = {**clerk.context, **desk}
    saved, spot = clerk.model('cs.helpdesk.ticket', 'create',
        [values, {**values, 'result': "晚上十点 · До 22:00"}])
    ticket = read(admin, 'cs.helpdesk.ticket', saved,
        'state', 'number', 'registered_by', 'resolution_deadline')
    assert ticket['state'] == 'registered' and ticket['number'], ticket
    assert ticket['registered_by'] and ticket['resolution_deadline'], ticket
    # who registered is the server's to say, not the clerk's
    other, = admin.model('company.employee', 'search',
        [('id', '!=', ticket['registered_by'])], 0, 1, None)
    assert refused(clerk, 'cs.helpdesk.ticket', 'write', [saved],
        {'registered_by': other}) == 'UserError'
    assert refused(clerk, 'cs.helpdesk.ticket', 'create',
        [{**values, 'resolved_by': other}]) == 'UserError'
    clerk.model('cs.helpdesk.ticket', 'answer_now', [spot])
    assert state(admin, 'cs.helpdesk.ticket', spot) == 'closed'
    membership = role_session(admin, MEMBERSHIP)
    membership.context = {**membership.context, **desk}
    assert refused(membership, 'cs.helpdesk.ticket', 'create',
        [values]) == 'UserError'


def test_clerk_replies_by_email(admin):
    """cs_helpdesk: a desk clerk's reply is e-mailed to the customer and
    kept as the ticket's e-mail; a membership clerk may not reply"""
    # (the contact is filled while the ticket is at intake)
    ticket_id, = admin.model('cs.helpdesk.ticket', 'search',
        [('state', '=', 'registered')], 0, 1, None)
    admin.model('cs.helpdesk.ticket', 'write', [ticket_id],
        {'contact_email': 'customer@example.ru'})
    context = {'active_model': 'cs.helpdesk.ticket', 'active_id': ticket_id,
        'active_ids': [ticket_id]}

    def reply(session):
        wizard = 'wizard.cs.helpdesk.ticket.reply'
        context.update(session.context)
        session_id, start, _ = session.call(f'{wizard}.create', [context])
        view = session.call(f'{wizard}.execute', [session_id, {}, start,
                context])
        assert view['view']['defaults']['send_email'] is True
        session.call(f'{wizard}.execute', [session_id, {start: {
                        'reason': "Мастер придёт завтра · 师傅明天上门",
                        'send_email': True}}, 'send', context])
    membership = role_session(admin, MEMBERSHIP)
    with pytest.raises(RPCError):
        reply(membership)
    reply(role_session(admin, CLERKS))
    email, = admin.model('ir.email', 'search_read',
        [('resource', '=', f'cs.helpdesk.ticket,{ticket_id}')], 0, None,
        None, ['recipients', 'body', 'message_id'])
    assert email['recipients'] == 'customer@example.ru'
    assert "Мастер придёт завтра" in email['body']
    event, = admin.model('cs.helpdesk.ticket.event', 'search_read', [
            ('ticket', '=', ticket_id), ('action', '=', 'reply')], 0, 1,
        [('id', 'DESC')], ['message_id'])
    assert event['message_id'] == email['message_id']


def test_desk_administrator_publishes_an_answer_but_cannot_count(admin):
    """cs_helpdesk: a desk administrator publishes a standard answer in the
    help centre (a clerk may not); the count of questions it answered is
    the server's"""
    clerk = role_session(admin, CLERKS)
    answer_id, = clerk.model('cs.helpdesk.answer', 'search', [], 0, 1, None)
    assert refused(clerk, 'cs.helpdesk.answer', 'write', [answer_id],
        {'public': True}) == 'UserError'
    desk_admin = role_session(admin, 'cs_base.group_cs_admin')
    desk_admin.model('cs.helpdesk.answer', 'write', [answer_id],
        {'public': True, 'translation_done': True})
    assert refused(desk_admin, 'cs.helpdesk.answer', 'write', [answer_id],
        {'deflections': 1000}) == 'UserError'
    assert refused(desk_admin, 'cs.helpdesk.answer', 'create', [{
                'question_zh': "?", 'answer_zh': "!", 'question_ru': "?",
                'answer_ru': "!", 'deflections': 1000}]) == 'UserError'
    assert read(admin, 'cs.helpdesk.answer', answer_id,
        'deflections')['deflections'] == 0


def test_membership_clerk_suspends_and_activates_a_card(admin):
    "cs_membership: membership clerks suspend a card; customer service not"
    card_id, = admin.model('cs.membership.card', 'search',
        [('state', '=', 'active')], 0, 1, None)
    clerk = role_session(admin, CLERKS)
    assert refused(clerk, 'cs.membership.card', 'suspend',
        [card_id]) == 'UserError'
    membership = role_session(admin, MEMBERSHIP)
    membership.model('cs.membership.card', 'suspend', [card_id])
    assert state(admin, 'cs.membership.card', card_id) == 'suspended'
    membership.model('cs.membership.card', 'activate', [card_id])
    assert state(admin, 'cs.membership.card', card_id) == 'active'


def test_technician_and_inspector_finish_a_repair(admin):
    """cs_warranty: the technician submits the repair for the quality check
    and the inspector passes it; customer service may not pass it"""
    order_id, = admin.model('cs.repair.order', 'search',
        [('state', '=', 'in_repair')], 0, 1, None)
    technician_id = read(admin, 'cs.repair.order', order_id, 'technician')[
        'technician']
    technician = role_session(admin, TECHNICIANS, employee=technician_id)
    technician.model('cs.repair.order', 'write', [order_id],
        {'repair_note': "更换压缩机 · Заменён компрессор"})
    technician.model('cs.repair.order', 'submit_check', [order_id])
    clerk = role_session(admin, CLERKS)
    assert refused(clerk, 'cs.repair.order', 'pass_check',
        [order_id]) == 'UserError'
    inspector = role_session(admin, INSPECTORS)
    inspector.model('cs.repair.order', 'pass_check', [order_id])
    assert state(admin, 'cs.repair.order', order_id) == 'done'


def test_inspector_passes_a_repair_that_came_from_a_ticket(admin, manager):
    "cs_warranty with cs_helpdesk: passing the check resolves the ticket"
    clerk = role_session(admin, CLERKS)
    repair_type, = admin.model('cs.helpdesk.ticket.type', 'search',
        [('kind', '=', 'repair')], 0, 1, None)
    party_id, = admin.model('party.party', 'search',
        [('name', '=', "王芳")], 0, None, None)
    ticket_id, = clerk.model('cs.helpdesk.ticket', 'create', [{
                'type': repair_type, 'party': party_id,
                'description': "洗衣机漏水 · Течёт стиральная машина"}])
    clerk.model('cs.helpdesk.ticket', 'register', [ticket_id])
    # the after-sales department takes the request on
    department_id, = admin.model('cs.department', 'search',
        [('code', '=', 'ENG')], 0, None, None)
    clerk.model('cs.helpdesk.ticket', 'write', [ticket_id], {
            'dispatch_to': 'department', 'department': department_id})
    clerk.model('cs.helpdesk.ticket', 'dispatch', [ticket_id])
    admin.model('cs.helpdesk.ticket', 'acknowledge', [ticket_id])
    order_id, = admin.model('cs.repair.order', 'search',
        [('ticket', '=', ticket_id)], 0, None, None)
    technician_id, = admin.model('company.employee', 'search',
        [('party.name', '=', "王海涛")], 0, 1, None)
    clerk.model('cs.repair.order', 'receive', [order_id])
    # out of warranty: repaired free as a goodwill gesture
    clerk.model('cs.repair.order', 'write', [order_id], {
            'remedy': 'repair', 'remedy_exception': "老顾客 · Постоянный клиент"})
    manager.model('cs.repair.order', 'approve_remedy', [order_id])
    clerk.model('cs.repair.order', 'diagnose', [order_id])
    manager.model('cs.repair.order', 'approve', [order_id])
    admin.model('cs.repair.order', 'write', [order_id],
        {'technician': technician_id})
    admin.model('cs.repair.order', 'start_repair', [order_id])
    admin.model('cs.repair.order', 'write', [order_id],
        {'repair_note': "更换进水阀 · Заменён клапан"})
    admin.model('cs.repair.order', 'submit_check', [order_id])
    inspector = role_session(admin, INSPECTORS)
    inspector.model('cs.repair.order', 'pass_check', [order_id])
    assert state(admin, 'cs.repair.order', order_id) == 'done'
    assert state(admin, 'cs.helpdesk.ticket', ticket_id) == 'resolved'


def test_property_staff_inspect_a_handover(admin):
    "cs_property_handover: property staff inspect; customer service may not"
    handover_id, = admin.model('cs.handover', 'search',
        [('state', '=', 'draft')], 0, 1, None)
    clerk = role_session(admin, CLERKS)
    assert refused(clerk, 'cs.handover', 'inspect',
        [handover_id]) == 'UserError'
    staff = role_session(admin, PROPERTY)
    staff.model('cs.handover', 'inspect', [handover_id])
    assert state(admin, 'cs.handover', handover_id) == 'inspecting'


STAFF = [CLERKS, DEPARTMENT, MEMBERSHIP, TECHNICIANS, INSPECTORS, PROPERTY,
    QUALITY, 'cs_base.group_cs_admin', 'cs_membership.group_membership_admin',
    'cs_property_handover.group_property_admin',
    'cs_quality.group_quality_manager']


def test_every_button_refuses_a_group_not_meant(admin):
    """Each button of the suite, clicked over JSON-RPC by a user of a staff
    group it is not allowed to, is refused (README: Who clicks what)"""
    group_ids = {admin.model('ir.model.data', 'get_id', *g.split('.')): g
        for g in STAFF}
    parents = {g['id']: g['parent'] for g in admin.model(
            'res.group', 'search_read', [], 0, None, None, ['parent'])}

    def with_parents(group):
        "A group's users have the rights of its parents too"
        while group:
            yield group
            group = parents.get(group)
    sessions = {}
    buttons = admin.model('ir.model.button', 'search_read', [
            ['OR', ('model', 'like', 'cs.%'), ('model', '=', 'party.party')],
            ('groups', '!=', None)], 0, None, [('id', 'ASC')],
        ['model', 'name', 'groups'])
    checked = 0
    for number, button in enumerate(buttons):
        others = [g for g in group_ids
            if not set(with_parents(g)) & set(button['groups'])]
        record_ids = admin.model(
            button['model'], 'search', [], 0, 1, None)
        if not others or not record_ids:
            continue
        group = group_ids[others[number % len(others)]]
        if group not in sessions:
            sessions[group] = role_session(admin, group)
        assert refused(sessions[group], button['model'], button['name'],
            record_ids) == 'UserError', (button, group)
        checked += 1
    # every button of the demo's records, not a handful
    assert checked >= 60, checked


# from the least to the most privileged: each button is clicked by a user
# of the first of them allowed to click it
LEAST_FIRST = [DEPARTMENT, TECHNICIANS, INSPECTORS, MEMBERSHIP, PROPERTY,
    QUALITY, CLERKS, 'cs_membership.group_membership_admin',
    'cs_property_handover.group_property_admin',
    'cs_quality.group_quality_manager', 'cs_base.group_cs_admin']
# the words of Tryton's refusals for rights (ir.msg_access_*, *_rule_error,
# msg_access_button_error, msg_access_wizard_error): the user's language
# is English
REFUSED_FOR_RIGHTS = ("You are not allowed", "is not allowed")


@pytest.fixture(scope='module')
def own_demo(server, pristine_demo, tmp_path_factory):
    """An admin session on a copy of the demo as built, served by a trytond
    of its own, in which every button may be clicked without changing what
    the other tests find"""
    _, credentials, _ = server
    copy_path = tmp_path_factory.mktemp('roles-demo')
    shutil.copy(pristine_demo, copy_path / 'roles.sqlite')
    with serve(copy_path, 'roles') as url:
        yield Session(url, 'admin', credentials['admin'], database='roles')


def form_buttons(session, model):
    "The states (PySON) of each button of model's form, by name"
    view = session.model(model, 'fields_view_get', None, 'form')
    return {b.get('name'): b.get('states') or '{}'
        for b in ET.fromstring(view['arch']).iter('button')}, view['fields']


def shown(states, values):
    "Whether a button of these states may be clicked on a record of values"
    states = PYSONDecoder(values).decode(states)
    return not (states.get('invisible') or states.get('readonly'))


def record_to_click(session, model, states, fields, prepared=(),
        candidates=100):
    """A record of model that session sees, on which the button is shown:
    the one prepared for it first"""
    names = [n for n, f in fields.items() if '.' not in n]
    for domain, limit in [([('id', 'in', list(prepared))], None),
            ([], candidates)]:
        ids = session.model(model, 'search', domain, 0, limit, None)
        for values in session.model(model, 'read', ids, names):
            values = {n: (v if not isinstance(v, dict) else None)
                for n, v in values.items()}
            values.setdefault('context', {})
            if shown(states, values):
                return values['id']
    return None


def copy(admin, model, domain, *actions):
    """A copy of the first record of model found by domain (a new record
    in the workflow's first state), taken on by the administrator: each
    action is a button to click, values to write or a function of
    (admin, record id)"""
    source, = admin.model(model, 'search', domain, 0, 1, None)
    record_id, = admin.model(model, 'copy', [source], {})
    return take_on(admin, model, record_id, *actions)


def existing(admin, model, domain, *actions):
    "The first demo record of model found by domain, taken on as by copy"
    record_id, = admin.model(model, 'search', domain, 0, 1, None)
    return take_on(admin, model, record_id, *actions)


def like(admin, model, names, *actions):
    """A new record of model with the values of names of its first record,
    for the records that may not be duplicated, taken on as by copy"""
    source, = admin.model(model, 'search_read', [], 0, 1, None, names)
    record_id, = admin.model(model, 'create', [{n: source[n] for n in names}])
    return take_on(admin, model, record_id, *actions)


def take_on(admin, model, record_id, *actions):
    for action in actions:
        if isinstance(action, dict):
            admin.model(model, 'write', [record_id], action)
        elif callable(action):
            action(admin, record_id)
        else:
            admin.model(model, action, [record_id])
    return record_id


# a date as sao sends it
DAY = {'__class__': 'date', 'year': 2026, 'month': 11, 'day': 30}
NOON = {'__class__': 'datetime', 'year': 2026, 'month': 11, 'day': 30,
    'hour': 4, 'minute': 0, 'second': 0, 'microsecond': 0}


def one_defect(admin, handover_id):
    "The inspection of the handover found one defect"
    line_ids = read(admin, 'cs.handover', handover_id, 'lines')['lines']
    admin.model('cs.handover.line', 'write', line_ids[1:], {'result': 'pass'})
    admin.model('cs.handover.line', 'write', line_ids[:1], {
            'result': 'fail', 'note': "墙面开裂 · Трещина в стене"})


def passed_completion(admin, renovation_id):
    admin.model('cs.renovation', 'write', [renovation_id], {
            'inspections': [('create', [{
                            'kind': 'completion', 'passed': True,
                            'date': DAY,
                            'findings': "验收合格 · Принято без замечаний"}])]})


def no_violations(admin, renovation_id):
    "The violations found during the works are put right"
    violation_ids = read(admin, 'cs.renovation', renovation_id,
        'violations')['violations']
    admin.model('cs.renovation.violation', 'write', violation_ids,
        {'rectified_on': DAY})


def rated(admin, ticket_id):
    "The customer rated the service"
    ticket = read(admin, 'cs.helpdesk.ticket', ticket_id, 'party', 'company')
    admin.model('cs.helpdesk.ticket', 'write', [ticket_id], {
            'satisfactions': [('create', [{
                            'company': ticket['company'],
                            'party': ticket['party'], 'rating': 5,
                            'date': NOON}])]})


def construction_revisit(admin):
    "A revisit of a construction warranty that found problems"
    warranty, = admin.model('cs.warranty', 'search_read',
        [('kind', '=', 'construction')], 0, 1, None, ['party', 'company'])
    revisit_id, = admin.model('cs.revisit', 'create', [{
                'company': warranty['company'], 'party': warranty['party'],
                'origin': f"cs.warranty,{warranty['id']}",
                'planned_date': DAY, 'method': 'phone',
                'findings': "卫生间渗水 · Протечка в ванной"}])
    return revisit_id


def answered(*results):
    """A function answering an inspection's items (the first ones with
    results, the others passed), a failed one with its corrective action"""
    def answer(admin, inspection_id):
        lines = read(admin, 'cs.quality.inspection', inspection_id,
            'lines')['lines']
        owner = read(admin, 'cs.quality.inspection', inspection_id,
            'inspector')['inspector']
        for line, result in zip(lines, results):
            values = {'result': result}
            if result == 'failed':
                values.update(action="重新培训 · Повторное обучение",
                    action_owner=owner, action_due=DAY)
            admin.model('cs.quality.inspection.line', 'write', [line],
                values)
        admin.model('cs.quality.inspection.line', 'write',
            lines[len(results):], {'result': 'passed'})
    return answer


def started_exam(admin):
    """An exam the administrator has started as its employee (only the
    employee examined starts one): submit is then clicked by another"""
    user, = admin.model('res.user', 'search', [('login', '=', 'admin')],
        0, 1, None)
    employee, = admin.model('company.employee', 'search', [], 0, 1, None)
    admin.model('res.user', 'write', [user], {
            'employees': [('add', [employee])], 'employee': employee})
    exam, = admin.model('cs.quality.exam', 'create', [{
                'name': "考试 · Тест", 'employee': employee,
                'question_count': 1, 'minutes': 600}])
    admin.model('cs.quality.exam', 'start', [exam])
    return exam


def prepare(admin):
    """Records in the states of the buttons that no demo record shows (the
    demo shows each workflow at rest, not each of its steps), by button"""
    product = [('warranty.kind', '=', 'product')]
    found = ['company', 'category', 'description', 'found_at', 'found_place',
        'finder_name']
    received = ['receive', {'remedy': 'repair'}]
    checked = [*received, 'diagnose', 'approve',
        {'technician': read(admin, 'cs.repair.order', admin.model(
                    'cs.repair.order', 'search',
                    [('technician', '!=', None)], 0, 1, None)[0],
                'technician')['technician']},
        'start_repair', {'repair_note': "更换电机 · Заменён двигатель"},
        'submit_check']
    quoted = ['receive', {'remedy': 'paid_repair', 'lines': [('create', [{
                            'kind': 'labour', 'description': "人工 · Работа",
                            'quantity': 1, 'unit_price': '80'}])]}]
    return {
        ('cs.lost_found.item', 'store'): like(
            admin, 'cs.lost_found.item', found, {
                'storage_place': "服务台柜 · Шкаф стойки"}),
        ('cs.lost_found.item', 'cancel'): like(
            admin, 'cs.lost_found.item', found),
        ('cs.helpdesk.shift', 'hand_over'): copy(
            admin, 'cs.helpdesk.shift', []),
        ('cs.gift_wrap', 'cancel'): copy(admin, 'cs.gift_wrap', []),
        ('cs.repair.order', 'approve_remedy'): copy(
            admin, 'cs.repair.order', product, 'receive', {
                'remedy': 'replacement',
                'remedy_exception': "老顾客 · Постоянный клиент"}),
        ('cs.repair.order', 'accept_quote'): copy(
            admin, 'cs.repair.order', product, *quoted),
        ('cs.repair.order', 'refuse_quote'): copy(
            admin, 'cs.repair.order', product, *quoted),
        ('cs.repair.order', 'approve'): copy(
            admin, 'cs.repair.order', product, *received, 'diagnose'),
        ('cs.repair.order', 'start_repair'): copy(
            admin, 'cs.repair.order', product, *checked[:-3]),
        ('cs.repair.order', 'pass_check'): copy(
            admin, 'cs.repair.order', product, *checked),
        ('cs.repair.order', 'fail_check'): copy(
            admin, 'cs.repair.order', product, *checked,
            {'inspection_note': "仍有异响 · Всё ещё шумит"}),
        ('cs.revisit', 'open_repair'): construction_revisit(admin),
        ('cs.handover.batch', 'generate_plan'): copy(
            admin, 'cs.handover.batch', []),
        ('cs.handover.batch', 'approve'): copy(
            admin, 'cs.handover.batch', [], 'generate_plan'),
        ('cs.handover.batch', 'draft'): copy(
            admin, 'cs.handover.batch', [], 'generate_plan', 'approve'),
        ('cs.handover.batch', 'open'): copy(
            admin, 'cs.handover.batch', [], 'generate_plan', 'approve'),
        ('cs.handover', 'refuse'): copy(
            admin, 'cs.handover', [('state', '=', 'draft')], 'inspect',
            one_defect),
        ('cs.renovation', 'submit'): copy(admin, 'cs.renovation', []),
        ('cs.renovation', 'approve'): copy(
            admin, 'cs.renovation', [], 'submit'),
        ('cs.renovation', 'reject'): copy(
            admin, 'cs.renovation', [], 'submit',
            {'rejection': "图纸不全 · Неполные чертежи"}),
        ('cs.renovation', 'issue_permit'): copy(
            admin, 'cs.renovation', [], 'submit', 'approve'),
        ('cs.renovation', 'refund'): copy(
            admin, 'cs.renovation', [], 'submit', 'approve', 'issue_permit',
            passed_completion, 'complete', no_violations),
        # steps the demo shows without what they ask for
        ('cs.renovation', 'complete'): existing(
            admin, 'cs.renovation', [('state', '=', 'in_progress')],
            passed_completion),
        ('cs.handover.batch', 'close'): copy(
            admin, 'cs.handover.batch', [], 'generate_plan', 'approve',
            'open'),
        ('cs.repair.order', 'confirm_defect'): existing(
            admin, 'cs.repair.order', [('state', '=', 'received'),
                ('warranty.kind', '=', 'construction')],
            {'confirmation_method': 'on_site',
                'findings': "外墙渗水属实 · Протечка подтверждена"}),
        ('cs.repair.order', 'diagnose'): copy(
            admin, 'cs.repair.order', product, *received),
        ('cs.repair.order', 'settle'): existing(
            admin, 'cs.repair.order', [('state', '=', 'diagnosed'),
                ('remedy', 'in', ['refund', 'replacement'])],
            {'settlement': "已退款 · Деньги возвращены"}),
        ('cs.repair.order', 'submit_check'): existing(
            admin, 'cs.repair.order', [('state', '=', 'in_repair')],
            {'repair_note': "更换压缩机 · Заменён компрессор"}),
        ('cs.repair.order', 'accept'): existing(
            admin, 'cs.repair.order', [('state', '=', 'done')],
            {'evaluation': 'satisfied', 'signed': True}),
        ('cs.lost_found.item', 'hand_over'): existing(
            admin, 'cs.lost_found.item', [('state', '=', 'publicised')],
            {'claimant_name': "李娜", 'claimant_identity': "身份证 1234",
                'identity_checked': True,
                'claim_description': "黑色钱包 · Чёрный кошелёк",
                'description_checked': True, 'receipt_signed': True}),
        ('cs.helpdesk.improvement', 'do'): copy(
            admin, 'cs.helpdesk.improvement', [], 'start',
            {'outcome': "排队时间减半 · Очереди вдвое короче"}),
        ('cs.helpdesk.ticket', 'resolve'): existing(
            admin, 'cs.helpdesk.ticket', [('state', '=', 'in_progress')],
            {'result': "已更换灯管 · Лампа заменена"}),
        ('cs.helpdesk.ticket', 'close'): existing(
            admin, 'cs.helpdesk.ticket', [('state', '=', 'revisited')],
            rated),
        ('cs.quality.standard', 'use'): copy(
            admin, 'cs.quality.standard', [('code', '=', 'SC')]),
        ('cs.quality.inspection', 'start'): copy(
            admin, 'cs.quality.inspection', []),
        ('cs.quality.inspection', 'finish'): copy(
            admin, 'cs.quality.inspection', [], 'start', answered()),
        ('cs.quality.exam', 'submit'): started_exam(admin),
        # a failed item of another inspection than the first one found,
        # which Corrected takes
        ('cs.quality.inspection.line', 'recheck_not_corrected'): admin.model(
            'cs.quality.inspection.line', 'search', [
                ('result', '=', 'failed'), ('recheck', '=', None),
                ('inspection.state', 'in', ['done', 'acknowledged', 'final']),
                ], 0, 1, [('id', 'DESC')])[0],
        ('cs.quality.coaching', 'complete'): existing(
            admin, 'cs.quality.coaching', [('state', '=', 'open')],
            {'result': "已重新培训交付资料签收流程 · Повторно обучен"}),
        ('cs.quality.inspection', 'raise_improvements'): copy(
            admin, 'cs.quality.inspection', [], 'start',
            answered('failed'), 'finish'),
        }


def test_every_button_works_for_its_group(own_demo):
    """Each button of the suite is clicked over JSON-RPC, on a demo record
    where it is shown (or one the administrator prepared in that state), by
    a user who is only in the least privileged group allowed to click it,
    with every module active: none is refused for want of rights, whatever
    other module the step touches (the step may still ask for what it
    needs, such as a result before resolving)"""
    admin = own_demo
    parents = {g['id']: g['parent'] for g in admin.model(
            'res.group', 'search_read', [], 0, None, None, ['parent'])}
    group_ids = {g: admin.model('ir.model.data', 'get_id', *g.split('.'))
        for g in LEAST_FIRST}

    def allowed(group, button_groups):
        while group:
            if group in button_groups:
                return True
            group = parents.get(group)
        return False
    sessions, views = {}, {}
    prepared = prepare(admin)
    buttons = admin.model('ir.model.button', 'search_read', [
            ['OR', ('model', 'like', 'cs.%'), ('model', '=', 'party.party')],
            ('groups', '!=', None)], 0, None, [('id', 'ASC')],
        ['model', 'name', 'groups'])
    taken, asked, refused_for_rights = [], [], []

    def click(model, name):
        "Click the button; False if no record shows it yet"
        states, fields = views[model]
        for group in LEAST_FIRST:
            if not allowed(group_ids[group], button_groups[model, name]):
                continue
            if group not in sessions:
                sessions[group] = role_session(admin, group)
            session = sessions[group]
            record_id = record_to_click(session, model, states[name], fields,
                prepared=[prepared[model, name]] if (model, name) in prepared
                else [])
            if record_id is not None:
                break
        else:
            return False
        try:
            session.model(model, name, [record_id])
        except RPCError as error:
            message = error.args[0][1][0]
            if any(words in message for words in REFUSED_FOR_RIGHTS):
                refused_for_rights.append((model, name, group, message))
            else:
                # the step's own rule: it was reached with the user's rights
                asked.append((model, name, message))
        else:
            taken.append((model, name))
        return True

    button_groups = {(b['model'], b['name']): b['groups'] for b in buttons}
    for model, _ in button_groups:
        if model not in views:
            views[model] = form_buttons(admin, model)
    pending = [b for b in button_groups if b[1] in views[b[0]][0]]
    # the steps taken bring other records to the states of later buttons
    for _ in range(3):
        pending = [b for b in pending if not click(*b)]
    assert not refused_for_rights, refused_for_rights
    # every button is clicked (99 in the last run, at most 10 asking
    # for what only a given person or setting provides: the handover's
    # receiver confirms it, only the employee inspected, appraised or
    # examined acknowledges or takes the exam, a customer without e-mail is
    # not invited…)
    assert not pending, pending
    assert len(asked) <= 10, asked
    assert len(taken) >= 81, len(taken)


def test_buttons_kept_for_a_group_say_which(admin):
    """A clerk sees Approve and Reopen disabled: their tooltip names the
    group that takes the step, in the clerk's language; a walk-in's ticket
    offers to create the customer where the revisit is recorded"""
    clerk = role_session(admin, CLERKS, language='zh_CN')
    view = clerk.model('cs.helpdesk.ticket', 'fields_view_get', None, 'form')
    arch = ET.fromstring(view['arch'])
    tips = {b.get('name'): b.get('help') for b in arch.iter('button')}
    assert tips['approve'] == '仅限：客户服务管理。'
    assert tips['reopen'] == '仅限：客户服务管理。'
    assert tips['reply'] == '在客户平台的诉求处理记录中给客户留言。'
    assert tips['create_party'] == '根据联系人的姓名和电话创建客户，并关联到本工单。'
    member = role_session(admin, CLERKS, DEPARTMENT, language='ru')
    view = member.model('cs.helpdesk.ticket', 'fields_view_get', None, 'form')
    tips = {b.get('name'): b.get('help')
        for b in ET.fromstring(view['arch']).iter('button')}
    assert tips['approve'] == (
        'Только для группы: Обслуживание клиентов — администрирование.')
    assert tips['reply'] == (
        'Написать клиенту в историю обращения на портале.')
    follow_up, = arch.iterfind(".//page[@id='follow_up']")
    assert [b.get('name') for b in follow_up.iter('button')] == [
        'create_party']
    walk_in, = follow_up.iterfind(".//group[@id='walk_in']")
    states = walk_in.get('states')
    assert PYSONDecoder({'party': None}).decode(states) == {
        'invisible': False}
    assert PYSONDecoder({'party': 7}).decode(states) == {'invisible': True}


def test_ticket_list_colours_late_tickets(admin):
    "The desk's queue shows a late ticket in red, one at risk in orange"
    view = admin.model('cs.helpdesk.ticket', 'fields_view_get', None, 'tree')
    visual = ET.fromstring(view['arch']).get('visual')
    assert [PYSONDecoder({'sla_state': s}).decode(visual)
        for s in ['breached', 'at_risk', 'on_track', None]] == [
        'danger', 'warning', '', '']
