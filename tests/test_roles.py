"""Staff in their roles, over the JSON-RPC that sao speaks, on the demo
database where every module of the suite is active with sale and project.

Each step is taken by a user who belongs only to the group meant to take
it (tests/rpc.py role_session), and a user of a group not meant to is
refused."""
import os

import pytest
from rpc import RPCError, Session, role_session

pytestmark = pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') == 'postgresql',
    reason="the demo-server tests run in the SQLite pass of bin/test")

CLERKS = 'cs_base.group_cs'
DEPARTMENT = 'cs_helpdesk.group_cs_department'
MEMBERSHIP = 'cs_membership.group_membership'
TECHNICIANS = 'cs_warranty.group_repair_technician'
INSPECTORS = 'cs_warranty.group_repair_quality'
PROPERTY = 'cs_property_handover.group_property'


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
    assert {'sale', 'project', 'cs_base', 'cs_helpdesk', 'cs_membership',
        'cs_warranty', 'cs_property_handover'} <= active


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
    'cs_base.group_cs_admin', 'cs_membership.group_membership_admin',
    'cs_property_handover.group_property_admin']


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
