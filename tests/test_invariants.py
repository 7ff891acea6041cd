"""The suite's rules hold on the server whatever the caller: a clerk talking
JSON-RPC directly (as any script, import or integration does) is refused,
in their language, everything sao would never send — forged states,
numbers, points and out-of-range values — and nothing is half-written.

Runs on the demo of each pass: SQLite (the whole demo) and PostgreSQL."""
import datetime as dt
import re

import pytest
from rpc import RPCError, Session

CYRILLIC = re.compile('[а-яА-Я]')


@pytest.fixture(scope='module')
def admin(site):
    url, credentials, database = site
    return Session(url, 'admin', credentials['admin'], database)


@pytest.fixture(scope='module')
def clerk(site):
    "The demo's Russian clerk: customer service and membership clerk"
    url, credentials, database = site
    return Session(url, 'clerk_ru', credentials['clerk_ru'], database)


def refusal(call, *args):
    """The message with which the server refuses the call: a user error in
    the clerk's language, not an application error"""
    with pytest.raises(RPCError) as error:
        call(*args)
    name, (message, *_) = error.value.args[0]
    assert name == 'UserError', error.value.args[0]
    assert CYRILLIC.search(message), message
    return message


def redeem(session, card_id, **values):
    "Run the Redeem Points wizard as sao does, with the form's values"
    context = dict(session.context, active_model='cs.membership.card',
        active_id=card_id, active_ids=[card_id])
    wizard = 'wizard.cs.membership.redeem'
    session_id, state, _ = session.call(f'{wizard}.create', [context])
    data = {state: dict({'kind': 'gift', 'description': "Подарок"}, **values)}
    return session.call(
        f'{wizard}.execute', [session_id, data, 'redeem', context])


def balance(session, card_id):
    card, = session.model(
        'cs.membership.card', 'read', [card_id], ['balance'])
    return card['balance']


@pytest.fixture(scope='module')
def card(admin):
    "An active card with points"
    card_id, = admin.model('cs.membership.card', 'search', [
            ('state', '=', 'active'), ('balance', '>', 0)], 0, 1, None)
    return card_id


def test_redemption_refuses_what_the_form_would(clerk, admin, card):
    before = balance(admin, card)
    for points in [-500, 0, None, before + 1]:
        refusal(lambda: redeem(clerk, card, points=points))
    refusal(lambda: redeem(clerk, card, points=1, description=''))
    refusal(lambda: redeem(clerk, card, points=1, description='x' * 201))
    assert balance(admin, card) == before


def test_ledger_is_written_by_the_card_only(clerk, admin, card):
    before = balance(admin, card)
    refusal(clerk.model, 'cs.membership.points.line', 'create', [{
                'card': card, 'points': 10_000, 'reason': 'adjustment',
                'date': {'__class__': 'date', 'year': 2026, 'month': 1,
                    'day': 1}}])
    refusal(clerk.model, 'cs.membership.card', 'write', [card],
        {'balance': 99_999})
    line_id, = admin.model('cs.membership.points.line', 'search',
        [('card', '=', card)], 0, 1, None)
    with pytest.raises(RPCError):
        clerk.model('cs.membership.points.line', 'write', [line_id],
            {'points': 10_000})
    with pytest.raises(RPCError):
        clerk.model('cs.membership.points.line', 'delete', [line_id])
    assert balance(admin, card) == before


def test_every_balance_is_its_ledger(admin):
    "After the attacks: each card's balance is the sum of its ledger, ≥ 0"
    cards = admin.model('cs.membership.card', 'search_read', [],
        0, None, None, ['balance'])
    lines = admin.model('cs.membership.points.line', 'search_read', [],
        0, None, None, ['card', 'points'])
    ledger = {}
    for line in lines:
        ledger[line['card']] = ledger.get(line['card'], 0) + line['points']
    for card in cards:
        assert card['balance'] == ledger.get(card['id'], 0) >= 0, card


def ticket_values(admin):
    type_id, = admin.model('cs.helpdesk.ticket.type', 'search',
        [('kind', '=', 'consultation')], 0, 1, None)
    return {'type': type_id, 'contact_name': "Иван Петров",
        'contact_phone': '+7 913 000 11 22',
        'description': "Где обменять валюту? · 哪里可以换钱？"}


def test_ticket_states_and_numbers_move_only_by_steps(clerk, admin):
    values = ticket_values(admin)
    refusal(clerk.model, 'cs.helpdesk.ticket', 'create',
        [dict(values, state='closed')])
    refusal(clerk.model, 'cs.helpdesk.ticket', 'create',
        [dict(values, number='FORGED-0')])
    ticket_id, = clerk.model('cs.helpdesk.ticket', 'create', [values])
    clerk.model('cs.helpdesk.ticket', 'register', [ticket_id])
    ticket, = admin.model('cs.helpdesk.ticket', 'read', [ticket_id],
        ['number', 'state', 'received_month'])
    # the periods of the statistics, though the caller gave no time
    assert ticket['received_month']
    refusal(clerk.model, 'cs.helpdesk.ticket', 'write', [ticket_id],
        {'state': 'closed'})
    refusal(clerk.model, 'cs.helpdesk.ticket', 'write', [ticket_id],
        {'number': 'FORGED-1'})
    # read-only once answered: the request the customer made
    clerk.model('cs.helpdesk.ticket', 'write', [ticket_id],
        {'result': "Обменный пункт на первом этаже · 一楼有兑换点"})
    clerk.model('cs.helpdesk.ticket', 'resolve', [ticket_id])
    refusal(clerk.model, 'cs.helpdesk.ticket', 'write', [ticket_id],
        {'description': "Другое"})
    after, = admin.model('cs.helpdesk.ticket', 'read', [ticket_id],
        ['number', 'state', 'description'])
    assert after['number'] == ticket['number']
    assert after['state'] == 'resolved'
    assert after['description'] == values['description']


@pytest.mark.parametrize('received_at', [
        dt.datetime(9999, 1, 1), dt.datetime(1026, 5, 1),
        dt.datetime(1, 1, 1), dt.datetime.now() + dt.timedelta(days=3)])
def test_ticket_received_at_is_plausible(clerk, admin, received_at):
    values = ticket_values(admin)
    values['received_at'] = {
        '__class__': 'datetime', 'year': received_at.year,
        'month': received_at.month, 'day': received_at.day,
        'hour': 0, 'minute': 0, 'second': 0, 'microsecond': 0}
    count = admin.model('cs.helpdesk.ticket', 'search_count', [])
    refusal(clerk.model, 'cs.helpdesk.ticket', 'create', [values])
    assert admin.model('cs.helpdesk.ticket', 'search_count', []) == count


def test_bag_storage_is_bounded_and_moves_by_steps(clerk, admin):
    deposit = {'tag': 'INV-1', 'items_description': "Чемодан",
        'contact_name': "Иван Петров", 'contact_phone': '+7 913 000 11 22'}
    count = admin.model('cs.storage.ticket', 'search_count', [])
    refusal(clerk.model, 'cs.storage.ticket', 'create',
        [dict(deposit, pieces=2**40)])
    refusal(clerk.model, 'cs.storage.ticket', 'create',
        [dict(deposit, tag='9' * 100_000)])
    # nothing half-written
    assert admin.model('cs.storage.ticket', 'search_count', []) == count
    deposit_id, = clerk.model('cs.storage.ticket', 'create', [deposit])
    refusal(clerk.model, 'cs.storage.ticket', 'write', [deposit_id],
        {'state': 'collected'})
    stored, = admin.model('cs.storage.ticket', 'read', [deposit_id],
        ['state', 'collected_at'])
    assert stored['state'] == 'deposited' and not stored['collected_at']


# who took each step: set by the step as its user's employee, never the
# caller's word (a clerk naming a manager as the one who approved)
TAKEN_BY = {
    'cs.helpdesk.ticket': [
        'registered_by', 'dispatched_by', 'resolved_by', 'closed_by'],
    'cs.storage.ticket': ['collected_by'],
    'cs.lost_found.item': ['handed_over_by', 'disposal_approved_by'],
    'cs.gift_wrap': ['wrapped_by', 'handed_over_by'],
    'cs.broadcast': ['approved_by'],
    'cs.repair.order': [
        'received_by', 'remedy_approved_by', 'approved_by', 'inspector'],
    'cs.renovation': ['submitted_by', 'approved_by', 'permit_by',
        'completed_by', 'refunded_by'],
    'cs.handover.batch': ['approved_by'],
    'cs.handover': ['staff'],
    }
# each bag has a tag, each found item its number, of its own
NEVER_COPIED = {'cs.storage.ticket', 'cs.lost_found.item'}


def activated(admin, module):
    return bool(admin.model('ir.module', 'search', [
                ('name', '=', module), ('state', '=', 'activated')],
            0, None, None))


@pytest.fixture(scope='module')
def desk_and_property(admin):
    "A Russian user of the desk, the repairs and the property's groups"
    from rpc import role_session
    groups = ['cs_base.group_cs']
    if activated(admin, 'cs_property_handover'):
        groups.append('cs_property_handover.group_property')
    return role_session(admin, *groups, language='ru')


@pytest.mark.parametrize('model', TAKEN_BY)
def test_who_took_a_step_is_the_steps_word(admin, desk_and_property, model):
    session = desk_and_property
    if not admin.model('ir.model', 'search', [('name', '=', model)],
            0, None, None):
        pytest.skip(f"{model} is not in this pass's demo (SQLite's has it)")
    record_id, = admin.model(model, 'search', [], 0, 1, None)
    record, = admin.model(model, 'read', [record_id], TAKEN_BY[model])
    # someone else than who took the steps: writing the same is no change
    manager, = admin.model('company.employee', 'search', [
            ('id', 'not in', [record[n] for n in TAKEN_BY[model]
                    if record[n]])], 0, 1, None)
    for name in TAKEN_BY[model]:
        refusal(session.model, model, 'write', [record_id], {name: manager})
    if model in NEVER_COPIED:
        refusal(session.model, model, 'copy', [record_id], {})
        return
    # a copy is a new record: no step taken on it yet
    copy_id, = session.model(model, 'copy', [record_id], {})
    copy, = admin.model(model, 'read', [copy_id], TAKEN_BY[model])
    assert not any(copy[n] for n in TAKEN_BY[model]), copy


def test_who_received_a_deposit_is_said_while_deposited(
        admin, desk_and_property):
    """The clerk who took a bag in may be corrected while the bag is at
    the desk, not after"""
    session = desk_and_property
    colleague, = admin.model('company.employee', 'search', [], 0, 1, None)
    deposit_id, = session.model('cs.storage.ticket', 'create', [{
                'tag': 'BY-1', 'items_description': "Чемодан",
                'pieces': 1, 'contact_name': "Иван Петров",
                'contact_phone': '+7 913 000 11 22'}])
    session.model('cs.storage.ticket', 'write', [deposit_id],
        {'deposited_by': colleague})
    session.model('cs.storage.ticket', 'cancel', [deposit_id])
    refusal(session.model, 'cs.storage.ticket', 'write', [deposit_id],
        {'deposited_by': None})


def test_a_step_on_too_many_records_is_refused(clerk):
    "A step on more records than fit the web server's time limit"
    message = refusal(clerk.model, 'cs.helpdesk.ticket', 'register',
        list(range(1, 502)))
    assert '500' in message


SECRETS = {
    'web.user': ['password_hash', 'reset_password_token',
        'reset_password_token_expire', 'email_token'],
    'res.user': ['password_hash', 'password_reset'],
    }
STAFF_GROUPS = ['cs_base.group_cs', 'cs_base.group_cs_admin',
    'cs_helpdesk.group_cs_department', 'cs_membership.group_membership',
    'cs_membership.group_membership_admin']


def test_passwords_and_tokens_are_no_ones(admin, clerk):
    """No user reads, searches or writes the customers' password hashes
    and tokens, nor the staff's hashes, over RPC: administrators and every
    staff group included (a clerk who reads a reset token takes over the
    customer's account; a search on a hash guesses it prefix by prefix)"""
    from rpc import role_session
    sessions = [admin, clerk] + [role_session(admin, g) for g in STAFF_GROUPS]
    # a customer who asked for a new password: a token is set
    web_user_id, = admin.model('web.user', 'search', [], 0, 1, None)
    admin.model('web.user', 'reset_password', [web_user_id])
    user_id, = admin.model('res.user', 'search', [('login', '=', 'admin')],
        0, 1, None)

    def refused(session, *args):
        with pytest.raises(RPCError) as error:
            session.model(*args)
        assert error.value.args[0][0] == 'UserError', error.value.args[0]
    for session in sessions:
        for model, names in SECRETS.items():
            record_id = web_user_id if model == 'web.user' else user_id
            values, = session.model(model, 'read', [record_id], names)
            assert not any(values[n] for n in names), (session.login, values)
            for name in names:
                refused(session, model, 'search',
                    [(name, 'like', '%')], 0, None, None)
        refused(session, 'cs.helpdesk.ticket', 'search',
            [('create_uid.password_hash', 'like', '$%')], 0, None, None)
        refused(session, 'web.user', 'write', [web_user_id],
            {'password': 'taken-over-1'})
