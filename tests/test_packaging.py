"""Each module is a package of its own that a site can pip-install."""
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in ROOT.glob('addons/cs_*/tryton.cfg'))
# sources, data, catalogs, report and portal templates
PACKAGED = {'.py', '.xml', '.po', '.cfg', '.svg', '.fodt', '.html'}


@pytest.mark.parametrize('addon', ADDONS, ids=lambda p: p.name)
def test_wheel(addon, tmp_path):
    subprocess.run(
        [sys.executable, '-m', 'pip', 'wheel', '--quiet', '--no-deps',
            '--no-build-isolation', '-w', str(tmp_path), str(addon)],
        check=True, capture_output=True)
    wheel, = tmp_path.glob('*.whl')
    name = addon.name
    with zipfile.ZipFile(wheel) as archive:
        files = set(archive.namelist())
        dist_info = next(f.split('/')[0] for f in files if '.dist-info/' in f)
        metadata = archive.read(f'{dist_info}/METADATA').decode()
        entry_points = archive.read(f'{dist_info}/entry_points.txt').decode()
    prefix = f'trytond/modules/{name}/'
    expected = {
        str(p.relative_to(addon)) for p in addon.rglob('*')
        if p.is_file() and p.suffix in PACKAGED
        and '__pycache__' not in p.parts and p.name != 'pyproject.toml'}
    assert {prefix + f for f in expected} <= files
    assert f'{name} = trytond.modules.{name}' in entry_points
    # trytond and the modules of tryton.cfg are pinned to the 8.0 series
    requires = {
        normalize(line.split(':', 1)[1].replace(' ', ''))
        for line in metadata.splitlines()
        if line.startswith('Requires-Dist:')}
    assert 'trytond<8.1,>=8.0' in requires
    for depend in tryton_depends(addon):
        assert normalize(f'trytond-{depend}<8.1,>=8.0') in requires, depend


def normalize(requirement):
    "Compare distribution names as pip does: cs_base is cs-base"
    name, rest = re.match(r'([\w.-]+)(.*)', requirement).groups()
    return re.sub(r'[-_.]+', '-', name).lower() + rest


def tryton_depends(addon):
    from configparser import ConfigParser
    config = ConfigParser()
    config.read(addon / 'tryton.cfg')
    return set(config['tryton']['depends'].split()) - {'ir', 'res'}
