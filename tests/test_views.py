"""Every list of the suite opens in sao: each column is of a kind sao 8
draws in a list.  sao has no list column for a date and time: a DateTime
shown bare stopped the whole list (and every form embedding it) with
"ColumnFactory is not a constructor", the tab left on "processing".

Runs on the demo of each pass (SQLite and PostgreSQL)."""
import json
import os
import re
import urllib.request
from xml.etree import ElementTree

import pytest
from rpc import Session

SAO = os.path.join(os.path.dirname(__file__), '..', 'web', 'node_modules',
    'tryton-sao', 'dist', 'tryton-sao.js')


def sao_list_columns():
    "The kinds of column sao's lists draw (TreeXMLViewParser.WIDGETS)"
    with open(SAO, encoding='utf-8') as source:
        text = source.read()
    table = re.search(
        r'Sao\.View\.TreeXMLViewParser\.WIDGETS = \{(.*?)\};', text, re.S)[1]
    return set(re.findall(r"'(\w+)':", table))


@pytest.fixture(scope='module')
def admin(site):
    url, credentials, database = site
    return Session(url, 'admin', credentials['admin'], database)


def test_every_list_column_is_one_sao_draws(admin):
    columns = sao_list_columns()
    assert {'char', 'date', 'time', 'many2one'} <= columns, columns
    views = admin.model('ir.ui.view', 'search_read', [
            ('type', '=', 'tree'), ('module', 'like', 'cs_%'),
            ('inherit', '=', None)], 0, None, [('id', 'ASC')],
        ['model', 'name'])
    undrawable = []
    for view in views:
        result = admin.model(view['model'], 'fields_view_get',
            view['id'], 'tree')
        for node in ElementTree.fromstring(result['arch']).iter('field'):
            name = node.get('name')
            kind = node.get('widget') or result['fields'][name]['type']
            if kind not in columns:
                undrawable.append((view['name'], name, kind))
    # (the PostgreSQL pass serves a smaller demo: 36 lists)
    assert len(views) > 30, len(views)
    # a DateTime is shown as two columns: widget="date" and widget="time"
    assert not undrawable, undrawable


def test_no_tab_counts_days_in_the_browser(admin):
    """No tab of a list says "today" with PySON Date(): sao evaluates it as
    the UTC date of the browser's midnight, yesterday at every site of the
    suite (east of UTC); the tabs filter on the server's day filters"""
    window_ids = admin.model('ir.action.act_window', 'search', [
            ('res_model', 'like', 'cs.%')], 0, None, None)
    windows = admin.model(
        'ir.action.act_window', 'read', window_ids, ['domains'])
    # as sao reads them: (name, PySON domain, count)
    tabs = [tab for window in windows for tab in window['domains']]
    assert len(tabs) > 30, len(tabs)
    in_the_browser = [name for name, domain, _ in tabs
        if '"__class__": "Date' in domain]
    assert not in_the_browser, in_the_browser


def default_get(session, model, names):
    "The defaults of a new form, and for how long sao may keep them"
    request = urllib.request.Request(session.url, json.dumps({
                'id': 1, 'method': f'model.{model}.default_get',
                'params': [names, session.context]}).encode(), {
            'Content-Type': 'application/json',
            'Authorization': f'Session {session.auth}'})
    with urllib.request.urlopen(request) as response:
        return (json.load(response)['result'],
            response.headers.get('X-Tryton-Cache'))


@pytest.mark.parametrize('model,name', [
        ('cs.helpdesk.ticket', 'received_at'),
        ('cs.storage.ticket', 'deposited_at'),
        ('cs.lost_found.item', 'found_at'),
        ('cs.gift_wrap', 'ordered_at'),
        ])
def test_a_new_form_opens_at_the_time_now(admin, model, name):
    """A form's "now" is taken when it opens, to the second: sao kept a
    model's defaults 5 minutes (three tickets saved over 30 s were received
    at the time the first form opened), and redrew a new ticket's form when
    it dropped the microseconds, losing the clerk's priority and language"""
    _, kept = default_get(admin, 'party.party', ['name'])
    assert kept, "sao is told to keep Tryton's defaults"
    values, kept = default_get(admin, model, [name])
    assert kept is None, kept
    moment = values[name]
    assert moment['__class__'] == 'datetime', moment
    assert moment.get('microsecond', 0) == 0, moment
