"""A walk through the web client as the demo's clerks and its service-
quality manager, as a new user would take it: in Chinese and in Russian,
with the browser in the site's time zone (Asia/Shanghai) and in Moscow's,
every menu entry of the suite is opened through the menu, then its first
record's form and each of its tabs.

The walk fails on a script error, an error dialog, a screen that never
opens, a text left in English on a Chinese or Russian screen, and a first
tab that is empty although the demo holds records for it.  It also creates
a ticket through the form with other than the first priority, language and
dispatch target, and reads what the server stored.  Screenshots of every
screen: walk_<user>_<nn>.png and walk_<user>_<nn>_form.png (look at them)."""
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from playwright.sync_api import expect
from rpc import Session
from test_browser import login, sao_translation, translation

from trytond.pyson import PYSONDecoder

pytestmark = pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') == 'postgresql',
    reason="the browser tests run in the SQLite pass of bin/test")

ROOT = Path(__file__).resolve().parent.parent
WALKS = [
    ('clerk_zh', 'zh_CN', 'Asia/Shanghai', 'cs_base.menu_cs'),
    ('clerk_ru', 'ru', 'Europe/Moscow', 'cs_base.menu_cs'),
    # the service-quality manager's screens: plans, statistics, appraisals
    ('quality', 'zh_CN', 'Asia/Shanghai', 'cs_base.menu_cs'),
    # the desk administrator's set-up of the service desk: types, service
    # levels, the e-mail inboxes and the e-mails received
    ('manager', 'zh_CN', 'Asia/Shanghai', 'cs_helpdesk.menu_configuration'),
    ]
LOCALES = {'zh_CN': 'zh-CN', 'ru': 'ru-RU'}
# the tab shown (a form's notebook has tab panes of its own)
ACTIVE = '#tabcontent > .tab-pane.active'
# the kinds of screen sao draws in a tab
SCREEN = (ACTIVE + ' :is('
    '.treeview, .form, .graph, .calendar, .board, .list-form)')
TIMEOUT = 20000


def english_sources(lang):
    """The English texts the suite's catalogs translate into lang (a text
    of a screen equal to one of them was left untranslated)"""
    paths = [*ROOT.glob(f'addons/*/locale/{lang}.po'),
        *ROOT.glob(f'addons/*/locale/override/{lang}.po'),
        ROOT / 'web' / 'locale' / f'{lang}.po']
    sources = set()
    for path in paths:
        for entry in polib.pofile(str(path)):
            text = entry.msgid.strip()
            if (entry.msgstr and entry.msgstr != entry.msgid
                    and re.search('[A-Za-z]{3}', text)
                    and '%' not in text and len(text) < 80):
                sources.add(text)
    return sources - tryton_english(lang)


def tryton_english(lang):
    """The texts Tryton's own catalogs leave in English in lang for the
    modules the suite does not complete (account, stock…, which sale needs
    but whose screens the suite does not show); the walk cannot tell them
    from the suite's"""
    import trytond.modules
    from devtools.catalog import BASE_MODULES
    folder = Path(trytond.modules.__file__).parent
    english = set()
    for path in folder.glob(f'*/locale/{lang}.po'):
        if path.parent.parent.name in BASE_MODULES:
            continue
        english |= {e.msgid.strip() for e in polib.pofile(str(path))
            if e.msgstr in {'', e.msgid}}
    return english


def english_left(text, sources):
    lines = {line.strip().rstrip(':*') for line in text.splitlines()}
    return sorted(lines & sources)


def menu_entries(session, top='cs_base.menu_cs'):
    """(names from the top, action) of the menu entries under top (the
    suite's) the user may open, in the menu's order"""
    top = session.model('ir.model.data', 'get_id', *top.split('.'))
    menus = {m['id']: m for m in session.model('ir.ui.menu', 'search_read', [
                ('parent', 'child_of', [top])], 0, None, None,
            ['name', 'parent', 'action', 'sequence'])}
    parents = {m['id']: m for m in session.model('ir.ui.menu', 'search_read',
            [], 0, None, None, ['name', 'parent'])}

    def path(menu):
        names = [menu['name']]
        while menu['parent']:
            menu = parents[menu['parent']]
            names.insert(0, menu['name'])
        return names
    return [(path(m), m['action']) for m in sorted(
            menus.values(), key=lambda m: (path(m), m['id'])) if m['action']]


def open_menu_entry(page, names):
    """Click through the menu to names[-1], unfolding each level (names
    repeat across branches: a row is the first after its parent's at the
    next depth, which sao shows as the margin of its expander)"""
    def at_depth(depth, name):
        return (f'[.//*[@title="{name}"]][.//*[contains(@class, "expander")]'
            f'/img[contains(@style, "margin-left: {depth}em")]]')
    row = page.locator(
        f'xpath=//*[@id="menu"]//tbody/tr{at_depth(0, names[0])}').first
    for depth, name in enumerate(names[1:], 1):
        child = row.locator(
            f'xpath=following-sibling::tr{at_depth(depth, name)}[1]')
        if not child.count() or not child.is_visible():
            row.locator('.expander').click()
            expect(child).to_be_visible()
        row = child
    row.locator('.column-char').first.click()


def close_tab(page):
    tab = page.locator('#tablist li.active .close, '
        '#tablist li.active [aria-label="Close"]').first
    if tab.count():
        tab.click()


def visible_dialogs(page):
    return page.locator('.modal-dialog').filter(visible=True)


def close_dialog(page):
    "Escape the wizard: a first Escape may only close a widget's pop-up"
    for _ in range(3):
        page.keyboard.press('Escape')
        try:
            expect(visible_dialogs(page)).to_have_count(0, timeout=2000)
            return
        except AssertionError:
            pass
    expect(visible_dialogs(page)).to_have_count(0)


def default_tab_count(session, action):
    """How many records the first tab of an action lists for the user, as
    the server counts them"""
    _, action_id = action.split(',')
    window, = session.model('ir.action.act_window', 'read', [int(action_id)],
        ['res_model', 'pyson_domain', 'domains'])
    decoder = PYSONDecoder(dict(session.context, context=session.context))
    domain = decoder.decode(window['pyson_domain'] or '[]')
    if window['domains']:
        _, first, _ = window['domains'][0]
        domain = [domain, decoder.decode(first)]
    return window['res_model'], session.model(
        window['res_model'], 'search_count', domain)


@pytest.fixture(scope='module')
def admin(server):
    url, credentials, _ = server
    return Session(url, 'admin', credentials['admin'])


@pytest.mark.parametrize('user,lang,zone,top', WALKS)
def test_walk_every_screen(
        server, browser, screenshots, user, lang, zone, top):
    url, credentials, _ = server
    session = Session(url, user, credentials[user])
    sources = english_sources(lang)
    errors, found = [], []
    with clerk_page(browser, lang, zone) as page:
        page.on('pageerror', lambda error: errors.append(str(error)))
        login(page, url, user, credentials[user])
        entries = menu_entries(session, top)
        assert len(entries) > (20 if top == 'cs_base.menu_cs' else 3), (
            entries)
        for number, (names, action) in enumerate(entries):
            where = ' / '.join(names)
            shot = screenshots / f'walk_{user}_{number:02}.png'
            before = len(errors)
            open_menu_entry(page, names)
            if action.startswith('ir.action.wizard'):
                dialog = visible_dialogs(page)
                expect(dialog, where).to_have_count(1)
                found += [(where, 'English', t) for t in english_left(
                        dialog.inner_text(), sources)]
                page.screenshot(path=str(shot))
                close_dialog(page)
                continue
            try:
                expect(page.locator(SCREEN).first).to_be_visible()
            except AssertionError:
                found.append((where, 'never opens', errors[before:]))
                page.screenshot(path=str(shot))
                page.reload()
                login(page, url, user, credentials[user])
                continue
            found += check_screen(page, where, sources, shot)
            if action.startswith('ir.action.act_window'):
                found += check_first_tab(page, session, where, action)
                found += check_first_form(page, lang, where, sources,
                    screenshots / f'walk_{user}_{number:02}_form.png')
            found += [(where, 'script error', e) for e in errors[before:]]
            close_tab(page)
        found += [('', 'script error', e) for e in errors
            if not any(e in str(f) for f in found)]
        assert not found, '\n'.join(map(str, found))


@contextmanager
def clerk_page(browser, lang, zone):
    "A page of a browser in lang and in the site's time zone zone"
    context = browser.new_context(timezone_id=zone, locale=LOCALES[lang],
        viewport={'width': 1400, 'height': 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        yield page
    finally:
        context.close()


def check_screen(page, where, sources, shot):
    "What is wrong on the screen shown: English, an error dialog"
    page.wait_for_timeout(300)  # the list's rows, once the count is in
    page.screenshot(path=str(shot))
    found = []
    dialogs = visible_dialogs(page)
    if dialogs.count():
        found.append((where, 'dialog', dialogs.all_inner_texts()))
        page.keyboard.press('Escape')
    text = page.locator(ACTIVE).inner_text()
    title = page.locator('#tablist li.active').inner_text()
    found += [(where, 'English', t)
        for t in english_left(text + '\n' + title, sources)]
    return found


def rows(page):
    return page.locator(
        ACTIVE + ' .treeview tbody tr:not(.more-row)')


def check_first_tab(page, session, where, action):
    "An empty first tab while the server counts records for it"
    if not page.locator(ACTIVE + ' .treeview').count():
        return []
    model, count = default_tab_count(session, action)
    if count and not rows(page).count():
        page.wait_for_timeout(2000)
    if count and not rows(page).count():
        return [(where, 'empty tab', f'{model}: the server counts {count}')]
    return []


def check_first_form(page, lang, where, sources, shot):
    "The first record's form, and each of its notebook's tabs"
    listed = rows(page)
    if not listed.count():
        return []
    listed.first.locator('td').nth(1).click()
    switch = page.locator(ACTIVE + ' .toolbar button[title="%s"]'
        % sao_translation(lang, "Switch"))
    if switch.is_disabled():
        # a list without a form (the department appraisals' figures)
        return []
    switch.click()
    form = page.locator(ACTIVE + ' .form')
    try:
        expect(form.first).to_be_visible()
    except AssertionError:
        return [(where, 'form never opens', '')]
    found = check_screen(page, where + ' (form)', sources, shot)
    tabs = form.first.locator('.nav-tabs a').filter(visible=True)
    for index in range(tabs.count()):
        tabs.nth(index).click()
        text = form.first.inner_text()
        found += [(where + ' (form)', 'English', t)
            for t in english_left(text, sources)]
    return found


def test_new_ticket_keeps_the_clerk_choices(
        server, browser, admin, screenshots):
    """A clerk fills a new ticket and saves it at once: the save registers
    it (the form offers no Register step, the ticket comes back numbered
    and registered by the clerk), and the priority, the service language
    and the dispatch target chosen are the ones stored (sao sent the first
    option of each when the received time, with its microseconds, redrew
    the form)"""
    url, credentials, _ = server
    user, lang = 'clerk_zh', 'zh_CN'
    session = Session(url, user, credentials[user])
    with clerk_page(browser, lang, 'Asia/Shanghai') as page:
        login(page, url, user, credentials[user])
        form = new_desk_ticket(page, session, admin, lang, 'consultation')

        def widget(name, shown=True):
            return form_widget(form, name, shown)
        widget('contact_name').fill("散客 李女士")
        widget('contact_phone').fill("13900001111")
        # the first text area of the first page
        description = form.locator('textarea').filter(visible=True).first
        description.fill("询问停车场营业时间")
        description.press('Tab')
        # the last priority and language, not the first option of either,
        # and the default dispatch target
        for name in ['priority', 'language']:
            values = [v for v in widget(name).locator('option').evaluate_all(
                    'options => options.map(o => o.value)')
                if v not in {'', 'null'}]
            widget(name).select_option(values[-1])
        chosen = {name: json.loads(widget(name, shown=False).input_value())
            for name in ['priority', 'language', 'dispatch_to']}
        register, answer_now = (
            form.locator('button', has_text=translation(
                    lang, 'model:ir.model.button,string:'
                    f'ticket_{name}_button', module='cs_helpdesk'))
            for name in ['register', 'answer_now'])
        expect(answer_now).to_be_visible()
        expect(register).to_be_hidden()
        page.locator(ACTIVE + ' .toolbar button[title="%s"]'
            % sao_translation(lang, "Save")).click()

        def stored():
            return session.model('cs.helpdesk.ticket', 'search_read', [
                    ('description', '=', "询问停车场营业时间")], 0, 1, None,
                ['priority', 'language', 'dispatch_to', 'state', 'number',
                    'registered_by'])
        for _ in range(20):
            if stored():
                break
            page.wait_for_timeout(500)
        page.screenshot(path=str(screenshots / 'walk_new_ticket.png'))
        assert stored(), (
            "not saved", visible_dialogs(page).all_inner_texts(),
            page.locator(ACTIVE).inner_text()[:1500])
        ticket, = stored()
        assert ticket['state'] == 'registered', ticket
        assert ticket['registered_by'], ticket
        # the form shows the number the save gave
        expect(form.locator('input[name="number"]')).to_have_value(
            ticket['number'])
        expect(register).to_be_hidden()
        stored = {name: ticket[name] for name in chosen}
        assert stored == chosen, (stored, chosen)


def test_walk_in_answered_on_the_spot(server, browser, admin, screenshots):
    """A Russian clerk answers a walk-in who left an e-mail at the desk:
    request and answer written in the new ticket, Answer on the Spot clicked
    (sao saves the ticket, registering it, before the step): the ticket is
    closed, in Russian, the language the clerk wrote it in, and the
    customer's one e-mail is its closure"""
    url, credentials, _ = server
    user, lang = 'clerk_ru', 'ru'
    session = Session(url, user, credentials[user])
    request = "Во сколько закрывается подземная парковка?"
    with clerk_page(browser, lang, 'Europe/Moscow') as page:
        login(page, url, user, credentials[user])
        form = new_desk_ticket(page, session, admin, lang, 'consultation')
        for name, value in [('contact_name', "Анна Соколова"),
                ('contact_phone', "+7 916 123-45-67"),
                ('contact_email', "anna.sokolova@example.ru")]:
            form_widget(form, name).fill(value)
        description = form.locator('textarea').filter(visible=True).first
        description.fill(request)
        description.press('Tab')
        form.locator('.nav-tabs a', has_text=translation(
                lang, 'view:cs.helpdesk.ticket:', "Handling",
                module='cs_helpdesk')).click()
        result = form.locator('textarea').filter(visible=True).last
        result.fill("Парковка P2 открыта до 23:00.")
        result.press('Tab')
        form.locator('button', has_text=translation(lang,
                'model:ir.model.button,string:ticket_answer_now_button',
                module='cs_helpdesk')).click()

        def closed():
            return session.model('cs.helpdesk.ticket', 'search_read', [
                    ('description', '=', request),
                    ('state', '=', 'closed'),
                    ], 0, 1, None, ['language.code', 'number'])
        for _ in range(20):
            if closed():
                break
            page.wait_for_timeout(500)
        page.screenshot(
            path=str(screenshots / 'walk_answered_on_the_spot.png'))
        assert closed(), (
            "not closed", visible_dialogs(page).all_inner_texts(),
            page.locator(ACTIVE).inner_text()[:1500])
        ticket, = closed()
        assert ticket['language.']['code'] == 'ru', ticket
        emails = admin.model('ir.email', 'search_read', [
                ('resource', '=', f"cs.helpdesk.ticket,{ticket['id']}"),
                ], 0, None, None, ['recipients', 'subject', 'body'])
        assert [(e['recipients'], e['subject']) for e in emails] == [
            ("anna.sokolova@example.ru",
                f"[{ticket['number']}] Консультация")], emails
        assert "закрыто" in emails[0]['body'], emails


def new_desk_ticket(page, session, admin, lang, kind):
    """A new ticket of the type of kind in the desk's window, opened from
    the menu: its form"""
    names = next(n for n, a in menu_entries(session)
        if a == 'ir.action.act_window,%s' % ticket_action(admin))
    open_menu_entry(page, names)
    expect(page.locator(SCREEN).first).to_be_visible()
    page.locator(ACTIVE + ' .toolbar button[title="%s"]'
        % sao_translation(lang, "New")).click()
    form = page.locator(ACTIVE + ' .form').first
    expect(form).to_be_visible()
    type_ = session.model('cs.helpdesk.ticket.type', 'search_read', [
            ('kind', '=', kind)], 0, 1, None, ['rec_name'])[0]['rec_name']
    form_widget(form, 'type').fill(type_)
    form_widget(form, 'type').press('Tab')
    # sao completes a single match, or asks which record in a dialog
    search = visible_dialogs(page)
    try:
        # (a loaded machine answers sao's search seconds later)
        expect(search).to_have_count(1, timeout=10_000)
    except AssertionError:
        pass
    else:
        search.locator('tbody tr', has_text=type_).first.click()
        search.locator('.modal-footer .btn-primary').click()
        expect(search).to_have_count(0)
    return form


def form_widget(form, name, shown=True):
    "The field's widget in form (shown: on the notebook's page shown)"
    widgets = form.locator(f'[name="{name}"].form-control')
    return (widgets.filter(visible=True) if shown else widgets).first


def ticket_action(admin):
    return admin.model(
        'ir.model.data', 'get_id', 'cs_helpdesk', 'act_ticket_form')
