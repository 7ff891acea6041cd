"""Two clerks act on one ticket at the same moment, through two trytond
connections to PostgreSQL: one wins, the other gets a clear message and
nothing is recorded twice."""
import os
import threading

import pytest
from rpc import RPCError, Session, department_ticket

from conftest import PG_DEMO as DATABASE

pytestmark = pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') != 'postgresql',
    reason="needs PostgreSQL row locks: runs in bin/test --postgresql")


def test_two_clerks_dispatch_at_once(pg_server):
    url, credentials = pg_server
    admin = Session(url, 'admin', credentials['admin'], DATABASE)
    ticket_id = department_ticket(admin, 'registered')
    clerks = [Session(url, login, credentials[login], DATABASE)
        for login in ['clerk_zh', 'clerk_ru']]
    start = threading.Barrier(len(clerks))
    outcomes = {}

    def dispatch(clerk):
        start.wait()
        try:
            clerk.model('cs.helpdesk.ticket', 'dispatch', [ticket_id])
            outcomes[clerk.login] = 'dispatched'
        except RPCError as error:
            outcomes[clerk.login] = error.args[0]

    threads = [threading.Thread(target=dispatch, args=(c,)) for c in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(map(str, outcomes.values())).count('dispatched') == 1
    refused, = [o for o in outcomes.values() if o != 'dispatched']
    name, (message, *_) = refused
    assert name == 'UserError'
    assert admin.model('cs.helpdesk.ticket', 'read', [ticket_id],
        ['number'])[0]['number'] in message
    events = admin.model('cs.helpdesk.ticket.event', 'search',
        [('ticket', '=', ticket_id), ('action', '=', 'dispatch')],
        0, None, None)
    assert len(events) == 1


def test_two_clerks_issue_one_tag_at_once(pg_server):
    "The same bag-storage tag handed out twice at once: one is refused"
    url, credentials = pg_server
    admin = Session(url, 'admin', credentials['admin'], DATABASE)
    clerks = [Session(url, login, credentials[login], DATABASE)
        for login in ['clerk_zh', 'clerk_ru']]
    start = threading.Barrier(len(clerks))
    outcomes = {}

    def deposit(clerk):
        start.wait()
        try:
            clerk.model('cs.storage.ticket', 'create', [{
                        'tag': 'Z99', 'items_description': clerk.login,
                        'contact_name': clerk.login, 'contact_phone': '1',
                        }])
            outcomes[clerk.login] = 'deposited'
        except RPCError as error:
            outcomes[clerk.login] = error.args[0]

    threads = [threading.Thread(target=deposit, args=(c,)) for c in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert list(outcomes.values()).count('deposited') == 1
    refused, = [o for o in outcomes.values() if o != 'deposited']
    name, (message, *_) = refused
    assert name == 'UserError'
    # each clerk is told in their own language
    assert message in {
        "该存包牌号已用于服务台一张未取的寄存单，请给顾客换一个存包牌。",
        "Номерок с этим номером уже выдан по другой сдаче на хранение. "
        "Выдайте клиенту другой номерок.",
        }, message
    deposits = admin.model('cs.storage.ticket', 'search',
        [('tag', '=', 'Z99'), ('state', '=', 'deposited')], 0, None, None)
    assert len(deposits) == 1


def test_two_redemptions_of_the_same_points(pg_server):
    "Two clerks redeem the same points at once: one is refused"
    url, credentials = pg_server
    admin = Session(url, 'admin', credentials['admin'], DATABASE)
    card_id, = admin.model('cs.membership.card', 'search', [
            ('member.name', '=', "李娜")], 0, 1, None)
    balance, = [c['balance'] for c in admin.model(
            'cs.membership.card', 'read', [card_id], ['balance'])]
    clerks = [Session(url, login, credentials[login], DATABASE)
        for login in ['clerk_zh', 'clerk_ru']]
    start = threading.Barrier(len(clerks))
    outcomes = {}

    def redeem(clerk):
        context = dict(clerk.context, active_model='cs.membership.card',
            active_id=card_id, active_ids=[card_id])
        wizard = 'wizard.cs.membership.redeem'
        session_id, state, _ = clerk.call(f'{wizard}.create', [context])
        data = {state: {'points': balance, 'kind': 'gift',
                'description': clerk.login}}
        start.wait()
        try:
            clerk.call(f'{wizard}.execute',
                [session_id, data, 'redeem', context])
            outcomes[clerk.login] = 'redeemed'
        except RPCError as error:
            outcomes[clerk.login] = error.args[0]

    threads = [threading.Thread(target=redeem, args=(c,)) for c in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert list(outcomes.values()).count('redeemed') == 1, outcomes
    refused, = [o for o in outcomes.values() if o != 'redeemed']
    name, (message, *_) = refused
    assert name == 'UserError'
    assert str(balance) in message, message
    card, = admin.model('cs.membership.card', 'read', [card_id], ['balance'])
    assert card['balance'] == 0
    lines = admin.model('cs.membership.points.line', 'search', [
            ('card', '=', card_id), ('reason', '=', 'redemption')],
        0, None, None)
    assert len(lines) == 1
