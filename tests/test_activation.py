"""A module activated from the client in a running server: the screens of
the modules already active keep working in that process, before any
restart (issue 18).

Each case builds a SQLite database without the module, activates it the way
the client's *Activate* then *Perform Pending Activation/Upgrade* do, in one
process, and then opens every view of the database in that same process."""
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
import sys
from trytond import config
config.update_etc(sys.argv[1])
from trytond.pool import Pool
from trytond.transaction import Transaction

name, module = sys.argv[2:]
Pool.start()
pool = Pool(name)
pool.init()
# three requests of the client, each in a transaction of its own
Upgrade = pool.get('ir.module.activate_upgrade', type='wizard')
with Transaction().start(name, 0):
    Module = pool.get('ir.module')
    Module.activate(Module.search([('name', '=', module)]))
with Transaction().start(name, 0):
    session_id, _, _ = Upgrade.create()
with Transaction().start(name, 0):
    Upgrade(session_id).transition_upgrade()
with Transaction().start(name, 0, context={'language': 'zh_CN'}):
    View = pool.get('ir.ui.view')
    broken = []
    for view in View.search([('model', '!=', None)]):
        try:
            pool.get(view.model).fields_view_get(view.id)
        except Exception as error:
            broken.append(f'{view.model} {view.name}: {error!r}')
print('\\n'.join(broken) or 'every view opens')
'''


# the modules activated in a running server, each on a site that runs the
# ones it needs and the Tryton modules it extends
CASES = [
    ('cs_warranty', ['cs_base', 'product']),
    ]


@pytest.mark.parametrize('module,before', CASES, ids=[c[0] for c in CASES])
def test_activation_in_a_running_server(module, before):
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / 'trytond.conf'
        config.write_text(f'[database]\nuri = sqlite://\npath = {folder}\n')
        create(config, 'site', before)
        result = subprocess.run(
            [sys.executable, '-c', ACTIVATE_AND_OPEN, str(config), 'site',
                module],
            cwd=ROOT, capture_output=True, text=True, timeout=1200,
            env={**os.environ, 'PYTHONPATH': str(ROOT)})
    assert result.returncode == 0, result.stderr[-5000:]
    assert result.stdout.strip().endswith('every view opens'), (
        result.stdout[-5000:])
