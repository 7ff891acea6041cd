"""The real sao web client in headless Chromium: a clerk working in Chinese
or Russian sees a customer's service fields in their language."""
import os
from pathlib import Path

import polib
import pytest
from rpc import Session

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') == 'postgresql',
    reason="the browser tests run in the SQLite pass of bin/test")


def translation(lang, msgctxt, msgid=None, override=False,
        module='cs_base'):
    "Return the committed translation of an entry of a module's catalogs"
    folder = ROOT / 'addons' / module / 'locale'
    path = folder / 'override' / f'{lang}.po' if override else (
        folder / f'{lang}.po')
    entry, = [e for e in polib.pofile(str(path))
        if e.msgctxt == msgctxt and msgid in {None, e.msgid}]
    assert entry.msgstr
    return entry.msgstr


def sao_translation(lang, msgid):
    path = ROOT / 'web' / 'locale' / f'{lang}.po'
    return polib.pofile(str(path)).find(msgid).msgstr


def login(page, url, user, password):
    page.goto(url)
    page.fill('.login-dialog #login', user)
    page.click('.login-dialog .btn-primary')
    page.fill('#ask-dialog-entry', password)
    page.click('.ask-dialog .btn-primary')
    page.wait_for_selector('#menu .treeview tbody tr', timeout=30000)


@pytest.mark.parametrize('user,lang,customer', [
        ('clerk_zh', 'zh_CN', "王芳"),
        ('clerk_ru', 'ru', "Иван Петров"),
        ])
def test_customer_form_in_clerk_language(
        server, browser_context, screenshots, user, lang, customer):
    url, credentials, _ = server
    password = credentials[user]
    party_id, = Session(url, user, password).model(
        'party.party', 'search', [('name', '=', customer)], 0, None, None)

    page = browser_context.new_page()
    try:
        login(page, url, user, password)
        menu = page.locator('#menu').inner_text()
        assert translation(lang, 'model:ir.ui.menu,name:menu_cs') in menu
        # Tryton's own menu, worded by the suite's override catalogs
        assert translation(lang, 'model:ir.ui.menu,name:party.menu_party',
            override=True) in menu
        for english in ["Customer Service", "Parties"]:
            assert english not in menu
        # sao's own strings come from the suite's web/locale catalogs
        assert page.get_attribute('#global-search-entry', 'placeholder') == (
            sao_translation(lang, "Action"))

        page.goto(f'{url}#demo/model/party.party/{party_id}')
        page.wait_for_function(
            """name => [...document.querySelectorAll('#tabcontent input')]
                .some(input => input.value === name)""",
            arg=customer, timeout=30000)
        tab = translation(lang, 'view:party.party:', "Customer Service")
        page.get_by_role('tab', name=tab).click()
        text = page.locator('#tabcontent').inner_text()
        for msgctxt in [
                'field:party.party,cs_classification:',
                'field:party.party,cs_identity_number:',
                'field:party.party,cs_archive_reviewed:',
                'model:ir.model.button,string:'
                'party_mark_archive_reviewed_button',
                ]:
            # (buttons are upper-cased by the style sheet)
            assert translation(lang, msgctxt).lower() in text.lower(), msgctxt
        for english in ["Customer Classification", "Identity Document",
                "Identifiers", "Addresses", "Active", "Party"]:
            assert english not in text
        # both demo customers are important customers
        classification = page.locator(
            '.tab-pane.active select[name="cs_classification"]')
        assert classification.evaluate(
            'e => e.options[e.selectedIndex].text') == translation(
                lang, 'selection:party.party,cs_classification:',
                "Important")
        page.screenshot(
            path=str(screenshots / f'customer_{lang}.png'), full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize('user,lang', [
        ('clerk_zh', 'zh_CN'),
        ('clerk_ru', 'ru'),
        ])
def test_ticket_form_in_clerk_language(
        server, browser_context, screenshots, user, lang):
    "A clerk opens a complaint to dispatch and sees it in their language"
    url, credentials, _ = server
    password = credentials[user]
    session = Session(url, user, password)
    ticket_id, = session.model('cs.helpdesk.ticket', 'search', [
            ('state', '=', 'registered'),
            ('type.kind', '=', 'complaint')], 0, 1, None)
    page = browser_context.new_page()
    try:
        login(page, url, user, password)
        page.goto(f'{url}#demo/model/cs.helpdesk.ticket/{ticket_id}')
        page.wait_for_selector('#tabcontent .form', timeout=30000)
        page.wait_for_function(
            """() => [...document.querySelectorAll('#tabcontent input')]
                .some(input => input.value.startsWith('KF'))""",
            timeout=30000)
        text = page.locator('#tabcontent').inner_text().lower()
        for msgctxt, msgid in [
                ('field:cs.helpdesk.ticket,type:', None),
                ('field:cs.helpdesk.ticket,received_at:', None),
                ('view:cs.helpdesk.ticket:', "Handling"),
                ('model:ir.model.button,string:ticket_dispatch_button',
                    None),
                ('model:ir.model.button,string:ticket_wait_button', None),
                ]:
            assert translation(lang, msgctxt, msgid, module='cs_helpdesk'
                ).lower() in text, msgctxt
        for english in ["dispatch", "handling", "received at"]:
            assert english not in text
        page.screenshot(
            path=str(screenshots / f'ticket_{lang}.png'), full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize('user,lang', [
        ('clerk_zh', 'zh_CN'),
        ('clerk_ru', 'ru'),
        ])
def test_desk_registers_in_clerk_language(
        server, browser_context, screenshots, user, lang):
    "A clerk sees the bags at the desk and today's broadcast plan"
    url, credentials, _ = server
    password = credentials[user]
    session = Session(url, user, password)
    broadcast_id, = session.model('cs.broadcast', 'search', [
            ('state', '=', 'approved'), ('kind', '=', 'safety')],
        0, 1, None)

    def label(msgctxt, msgid=None):
        return translation(lang, msgctxt, msgid, module='cs_desk')

    page = browser_context.new_page()
    try:
        login(page, url, user, password)
        page.goto(f'{url}#demo/model/cs.storage.ticket')
        page.wait_for_selector('#tabcontent td:has-text("A01")',
            timeout=30000)
        text = page.locator('#tabcontent').inner_text()
        for msgctxt in ['field:cs.storage.ticket,tag:',
                'field:cs.storage.ticket,locker:',
                'field:cs.storage.ticket,items_description:']:
            assert label(msgctxt) in text, msgctxt
        assert label('selection:cs.storage.ticket,state:',
            "Deposited") in text
        for english in ["Tag", "Locker", "Deposited"]:
            assert english not in text
        page.screenshot(
            path=str(screenshots / f'storage_{lang}.png'), full_page=True)

        page.goto(f'{url}#demo/model/cs.broadcast/{broadcast_id}')
        page.wait_for_function(
            """() => [...document.querySelectorAll('#tabcontent textarea')]
                .some(area => area.value.includes('扶梯'))""",
            timeout=30000)
        text = page.locator('#tabcontent').inner_text().lower()
        for msgctxt, msgid in [
                ('field:cs.broadcast,script_zh:', None),
                ('field:cs.broadcast,script_ru:', None),
                ('model:ir.model.button,string:broadcast_air_button', None),
                ('selection:cs.broadcast,state:', "Approved"),
                ]:
            assert label(msgctxt, msgid).lower() in text, msgctxt
        for english in ["chinese script", "russian script", "aired"]:
            assert english not in text
        page.screenshot(
            path=str(screenshots / f'broadcast_{lang}.png'), full_page=True)
    finally:
        page.close()


def check_form(server, browser_context, user, ready, path, labels, english,
        screenshot):
    """Open a record in sao as a clerk, wait until ready (a JavaScript
    predicate) and check the labels are shown in the clerk's language and
    the English words are not; keep a screenshot"""
    url, credentials, _ = server
    page = browser_context.new_page()
    try:
        login(page, url, user, credentials[user])
        page.goto(f'{url}#demo/model/{path}')
        page.wait_for_function(ready, timeout=30000)
        text = page.locator('#tabcontent').inner_text().lower()
        for label in labels:
            assert label.lower() in text, label
        for word in english:
            assert word not in text, word
        page.screenshot(path=str(screenshot), full_page=True)
    finally:
        page.close()


def search_one(server, user, model, domain):
    url, credentials, _ = server
    record_id, = Session(url, user, credentials[user]).model(
        model, 'search', domain, 0, 1, None)
    return record_id


@pytest.mark.parametrize('user,lang', [
        ('clerk_zh', 'zh_CN'),
        ('clerk_ru', 'ru'),
        ])
def test_repair_order_in_clerk_language(
        server, browser_context, screenshots, user, lang):
    "A clerk opens a repair order and sees the entitlement in their language"
    order_id = search_one(server, user, 'cs.repair.order',
        [('remedy', '=', 'replacement')])

    def label(msgctxt, msgid=None):
        return translation(lang, msgctxt, msgid, module='cs_warranty')

    url, credentials, _ = server
    page = browser_context.new_page()
    try:
        login(page, url, user, credentials[user])
        page.goto(f'{url}#demo/model/cs.repair.order/{order_id}')
        page.wait_for_function(
            """() => [...document.querySelectorAll('#tabcontent input')]
                .some(input => input.value.startsWith('WX'))""",
            timeout=30000)
        page.get_by_role('tab', name=label(
                'view:cs.repair.order:', "Diagnosis")).click()
        text = page.locator('#tabcontent').inner_text().lower()
        for msgctxt, msgid in [
                ('field:cs.repair.order,entitled:', None),
                ('field:cs.repair.order,remedy:', None),
                ('selection:cs.repair.order,state:', "Diagnosed"),
                ('model:ir.model.button,string:repair_order_settle_button',
                    None),
                ]:
            assert label(msgctxt, msgid).lower() in text, msgctxt
        for english in ["entitlement", "diagnosed", "remedy"]:
            assert english not in text
        page.screenshot(
            path=str(screenshots / f'repair_{lang}.png'), full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize('user,lang', [
        ('clerk_zh', 'zh_CN'),
        ('clerk_ru', 'ru'),
        ])
def test_handover_in_clerk_language(
        server, browser_context, screenshots, user, lang):
    "A clerk opens a refused handover and sees its checklist in their language"
    handover_id = search_one(server, user, 'cs.handover',
        [('state', '=', 'refused')])

    def label(msgctxt, msgid=None):
        return translation(
            lang, msgctxt, msgid, module='cs_property_handover')

    check_form(server, browser_context, user,
        """() => document.querySelector('#tabcontent')
            && document.querySelector('#tabcontent').innerText
                .includes('防水')""",
        f'cs.handover/{handover_id}',
        [label('field:cs.handover,unit:'),
            label('field:cs.handover.line,result:'),
            label('selection:cs.handover.line,result:', "Failed"),
            label('selection:cs.handover,state:', "Refused"),
            label('model:ir.model.button,string:handover_inspect_button')],
        ["checklist", "refused", "failed"],
        screenshots / f'handover_{lang}.png')


@pytest.mark.parametrize('user,lang', [
        ('clerk_zh', 'zh_CN'),
        ('clerk_ru', 'ru'),
        ])
def test_member_card_in_clerk_language(
        server, browser_context, screenshots, user, lang):
    "A clerk opens a member card and sees its points ledger in their language"
    card_id = search_one(server, user, 'cs.membership.card',
        [('member.name', '=', "Иван Петров")])

    def label(msgctxt, msgid=None):
        return translation(lang, msgctxt, msgid, module='cs_membership')

    check_form(server, browser_context, user,
        """() => document.querySelector('#tabcontent')
            && document.querySelector('#tabcontent').innerText
                .includes('Термокружка')""",
        f'cs.membership.card/{card_id}',
        [label('field:cs.membership.card,balance:'),
            label('field:cs.membership.card,tier:'),
            label('selection:cs.membership.points.line,reason:',
                "Redemption"),
            label('selection:cs.membership.points.line,reason:',
                "Adjustment"),
            label('model:ir.model.button,string:card_redeem_button')],
        ["redemption", "adjustment", "points ledger"],
        screenshots / f'member_card_{lang}.png')
