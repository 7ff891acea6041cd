"""Modules activated from the client in a running server: the screens of
the modules already active keep working in that process, before any
restart, and each site gets the menus of its modules only (issue 18).

Each case builds a SQLite database of the Tryton modules a site starts
from, activates the suite's modules the way the client's *Activate* then
*Perform Pending Activation/Upgrade* do, in one process, and then opens
every view (in Chinese) and menu (in Chinese and Russian) of the database
in that same process: each module alone, and the modules each kind of site
runs."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from devtools.database import create

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    os.environ.get('CS_TEST_BACKEND') == 'postgresql',
    reason="built with SQLite databases in the SQLite pass")

ACTIVATE_AND_OPEN = '''
import json, sys
from trytond import config
config.update_etc(sys.argv[1])
from trytond.pool import Pool
from trytond.transaction import Transaction

name, modules = sys.argv[2], sys.argv[3:]
Pool.start()
pool = Pool(name)
pool.init()
# three requests of the client, each in a transaction of its own
Upgrade = pool.get('ir.module.activate_upgrade', type='wizard')
with Transaction().start(name, 0):
    Module = pool.get('ir.module')
    Module.activate(Module.search([('name', 'in', modules)]))
with Transaction().start(name, 0):
    session_id, _, _ = Upgrade.create()
with Transaction().start(name, 0):
    Upgrade(session_id).transition_upgrade()
broken, menus = [], []
# a view parses whatever the language: once, in Chinese
with Transaction().start(name, 0, context={'language': 'zh_CN'}):
    View = pool.get('ir.ui.view')
    for view in View.search([('model', '!=', None)]):
        try:
            pool.get(view.model).fields_view_get(view.id)
        except Exception as error:
            broken.append(f'{view.model} {view.name}: {error!r}')
for language in ['zh_CN', 'ru']:
    with Transaction().start(name, 0, context={'language': language}):
        # each menu opens its list: the model answers a search
        Menu = pool.get('ir.ui.menu')
        for menu in Menu.search([]):
            action = menu.action
            if not action or action.type != 'ir.action.act_window':
                continue
            window = pool.get('ir.action.act_window')(action.id)
            try:
                pool.get(window.res_model).search([], limit=1)
            except Exception as error:
                broken.append(f'menu {menu.complete_name}: {error!r}')
            if language == 'zh_CN':
                menus.append(window.res_model)
print(json.dumps({'broken': broken, 'menus': sorted(set(menus))}))
'''


def activate_in_a_running_server(before, modules):
    '''Activate modules on a SQLite database of the modules before, as the
    client does; return the views and menus that fail after, and the
    models the menus open'''
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / 'trytond.conf'
        config.write_text(f'[database]\nuri = sqlite://\npath = {folder}\n')
        create(config, 'site', before)
        result = subprocess.run(
            [sys.executable, '-c', ACTIVATE_AND_OPEN, str(config), 'site',
                *modules],
            cwd=ROOT, capture_output=True, text=True, timeout=1200,
            env={**os.environ, 'PYTHONPATH': str(ROOT)})
    assert result.returncode == 0, result.stderr[-5000:]
    return json.loads(result.stdout.splitlines()[-1])


# the Tryton modules every site starts from: the suite's modules are
# activated on it in a running server
BEFORE = ['company', 'country', 'party', 'product', 'web_user']
ALONE = ['cs_base', 'cs_helpdesk', 'cs_desk', 'cs_membership', 'cs_warranty',
    'cs_property_handover', 'cs_quality']
# the modules of each kind of site: those active before (sale, built once
# for both sites that sell) and the suite's, activated in a running server
SITES = {
    'mall': (['sale'], [
            'cs_helpdesk', 'cs_desk', 'cs_membership', 'cs_quality']),
    'trade city': (['sale'], ['cs_helpdesk', 'cs_desk', 'cs_membership',
            'cs_warranty', 'project']),
    'property company': ([], [
            'cs_helpdesk', 'cs_warranty', 'cs_property_handover',
            'cs_quality']),
    }
REGISTERS = {'cs.storage.ticket', 'cs.lost_found.item', 'cs.broadcast',
    'cs.gift_wrap', 'cs.helpdesk.shift'}


@pytest.mark.parametrize('module', ALONE)
def test_module_alone(module):
    "Each module activates alone: every view parses, every menu opens"
    result = activate_in_a_running_server(BEFORE, [module])
    assert result['broken'] == []
    if module == 'cs_desk':
        assert REGISTERS <= set(result['menus'])


@pytest.mark.parametrize('site', SITES)
def test_site(site):
    '''The modules a site activates work together; a property company
    has none of the mall's front-desk registers, a mall has them all'''
    active, modules = SITES[site]
    result = activate_in_a_running_server(BEFORE + active, modules)
    assert result['broken'] == []
    if 'cs_desk' in modules:
        assert REGISTERS <= set(result['menus'])
    else:
        assert not REGISTERS & set(result['menus'])
        assert 'cs.helpdesk.ticket' in result['menus']
