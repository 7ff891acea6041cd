"""The demo server answers each clerk in the clerk's language, and refuses
bad input with a translated message that leaves nothing written."""
import os

import pytest
from rpc import RPCError, Session, department_ticket

pytestmark = pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') == 'postgresql',
    reason="the demo-server tests run in the SQLite pass of bin/test")


@pytest.mark.parametrize('user,expected', [
        ('clerk_zh', "不是有效的"),
        ('clerk_ru', "не является"),
        ])
def test_invalid_identity_number_refused_in_clerk_language(
        server, user, expected):
    url, credentials, _ = server
    session = Session(url, user, credentials[user])
    party_id, = session.model(
        'party.party', 'search', [('name', '=', "王芳")], 0, None, None)
    with pytest.raises(RPCError) as error:
        session.model('party.party', 'write', [party_id], {
                'cs_identity_number': '110105194912310021'})
    name, (message, *_) = error.value.args[0]
    assert name == 'UserError'
    assert expected in message and '110105194912310021' in message
    party, = session.model(
        'party.party', 'read', [party_id], ['cs_identity_number'])
    assert party['cs_identity_number'] == '11010519491231002X'


def test_identity_documents_hidden_from_other_staff(server):
    "Only customer-service staff read identity numbers (CS-06)"
    url, credentials, _ = server
    admin = Session(url, 'admin', credentials['admin'])
    admin.model('res.user', 'create', [{
                'login': 'cashier', 'name': "收银员",
                'password': 'Cashier-2026'}])
    cashier = Session(url, 'cashier', 'Cashier-2026')
    fields = cashier.model(
        'party.party', 'fields_get', ['name', 'cs_identity_number'])
    assert fields['cs_identity_number']['readonly']
    party, = cashier.model('party.party', 'search_read',
        [('name', '=', "王芳")], 0, None, None, ['name'])
    with pytest.raises(RPCError) as error:
        cashier.model('party.party', 'read', [party['id']],
            ['cs_identity_number'])
    assert error.value.args[0][0] == 'UserError'
    clerk = Session(url, 'clerk_zh', credentials['clerk_zh'])
    party, = clerk.model('party.party', 'read', [party['id']],
        ['cs_identity_number'])
    assert party['cs_identity_number'] == '11010519491231002X'


def test_second_clerk_gets_a_clear_message(server):
    "Two clerks dispatch one ticket: the second is told it moved meanwhile"
    url, credentials, _ = server
    admin = Session(url, 'admin', credentials['admin'])
    ticket_id = department_ticket(admin, 'registered')
    first = Session(url, 'clerk_zh', credentials['clerk_zh'])
    second = Session(url, 'clerk_ru', credentials['clerk_ru'])
    first.model('cs.helpdesk.ticket', 'dispatch', [ticket_id])
    with pytest.raises(RPCError) as error:
        second.model('cs.helpdesk.ticket', 'dispatch', [ticket_id])
    name, (message, *_) = error.value.args[0]
    assert name == 'UserError'
    assert "Передано исполнителю" in message  # the state, in Russian
    events = admin.model('cs.helpdesk.ticket.event', 'search_read',
        [('ticket', '=', ticket_id), ('action', '=', 'dispatch')],
        0, None, None, ['id'])
    assert len(events) == 1


def test_department_sees_only_its_tickets(server):
    """A department member outside customer service sees what is dispatched
    to the department"""
    url, credentials, _ = server
    admin = Session(url, 'admin', credentials['admin'])
    department, = admin.model('cs.department', 'search_read',
        [('code', '=', 'ENG')], 0, None, None, ['manager', 'company'])
    group_id = admin.model('ir.model.data', 'get_id',
        'cs_helpdesk', 'group_cs_department')
    admin.model('res.user', 'create', [{
                'login': 'engineer', 'name': "孙志强",
                'password': 'Engineer-2026',
                'groups': [('add', [group_id])],
                'companies': [('add', [department['company']])],
                'company': department['company'],
                'employees': [('add', [department['manager']])],
                'employee': department['manager'],
                }])
    engineer = Session(url, 'engineer', 'Engineer-2026')
    seen = engineer.model('cs.helpdesk.ticket', 'search_read', [],
        0, None, None, ['department'])
    everything = admin.model('cs.helpdesk.ticket', 'search', [],
        0, None, None)
    assert seen and len(seen) < len(everything)
    assert {t['department'] for t in seen} == {department['id']}
    other = admin.model('cs.helpdesk.ticket', 'search',
        [('department', '!=', department['id'])], 0, 1, None)
    with pytest.raises(RPCError):
        engineer.model('cs.helpdesk.ticket', 'read', other, ['number'])
