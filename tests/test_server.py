"""The demo server answers each clerk in the clerk's language, and refuses
bad input with a translated message that leaves nothing written."""
import os

import pytest
from rpc import RPCError, Session

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
