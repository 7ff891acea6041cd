"""Build the demo database with bilingual demo data.

    python -m devtools.demo CONFIG NAME [MODULE ...]

Every suite module is active with the optional Tryton modules they extend
(sale, project), as on a site that runs everything, unless MODULEs are
given (with their dependencies).  Each active suite module loads its data
from devtools/demo/<module>.py (a function load(config, passwords)), in
dependency order.  The credentials are written to <database
path>/credentials.txt for bin/demo to print; devtools/demo/portal.py then
opens the portal accounts of two customers.
"""
import importlib
import secrets
from pathlib import Path

from devtools.database import (
    create, database_setting, suite_extras, suite_modules)

ORDER = [
    'cs_base', 'cs_helpdesk', 'cs_desk', 'cs_membership', 'cs_warranty',
    'cs_property_handover', 'cs_quality']


def translate(config, record, field, **texts):
    """Write a translatable field of a saved record in each language of
    texts (en: the source text), as the clerks of that language see it"""
    from proteus import Model
    Record = Model.get(record.__class__.__name__)
    for language, text in texts.items():
        with config.set_context(language=language):
            translated = Record(record.id)
            setattr(translated, field, text)
            translated.save()


def split_languages(config, records, *fields):
    """Write each 'Chinese · Russian' (or 'Chinese / Russian') value of the
    translatable fields in its language; the Chinese text is the source"""
    for record in records:
        for field in fields:
            value = getattr(record, field) or ''
            for separator in [' · ', ' / ']:
                if separator in value:
                    zh, ru = value.split(separator, 1)
                    translate(config, record, field, en=zh, zh_CN=zh, ru=ru)
                    break


def at(moment):
    "Take the steps of the block as if it were moment (naive UTC)"
    from unittest.mock import patch
    return patch('trytond.modules.cs_base.workflow.clock',
        return_value=moment)


def act_as(config, login):
    "Act as the demo user of that login"
    from proteus import Model
    User = Model.get('res.user')
    user, = User.find([('login', '=', login)])
    config.user = user.id
    config._context = User.get_preferences(True, {})


def password():
    return secrets.token_urlsafe(9)


def main(argv):
    config_file, name, *modules = argv
    admin_password = password()
    create(Path(config_file), name,
        modules or suite_modules() + suite_extras(), password=admin_password)
    from proteus import Model
    from proteus import config as proteus_config
    config = proteus_config.set_trytond(name, config_file=config_file)
    active = {m.name for m in Model.get('ir.module').find(
            [('state', '=', 'activated')])}
    credentials = [('admin', admin_password, "administrator")]
    for module in ORDER:
        if module in active:
            loader = importlib.import_module(f'devtools.demo.{module}')
            credentials += loader.load(config, password)
    # the links of the portal's e-mails (bin/demo sets the address it
    # listens on: python -m devtools.portal_address CONFIG NAME URL)
    configuration = Model.get('cs.configuration')(1)
    configuration.portal_url = f'http://127.0.0.1:8000/{name}/portal'
    configuration.save()
    # the customers' accounts, once every module's data is there
    credentials += importlib.import_module('devtools.demo.portal').load(
        config, password, active)
    lines = [f'  {login:10} {pw:14} {who}' for login, pw, who in credentials]
    path = Path(database_setting(config_file, 'path')) / 'credentials.txt'
    path.write_text('\n'.join(lines) + '\n', encoding='utf-8')
