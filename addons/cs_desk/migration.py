# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Migration: the front-desk registers were part of cs_helpdesk until
cs_desk was split from it.  Their tables keep their names; what the
database knows of them as cs_helpdesk's (the records of the XML files,
models, fields, translations) becomes cs_desk's, so that upgrading either
module neither deletes nor duplicates them.  Both modules call this when
they register: whichever an administrator upgrades first adopts the
records, and the other finds nothing left to move."""
import logging
import os
from xml.etree import ElementTree

from sql import Literal
from sql.operators import Like

from trytond.modules import get_module_info
from trytond.pool import Pool
from trytond.tools import file_open
from trytond.transaction import Transaction

logger = logging.getLogger(__name__)

OLD, NEW = 'cs_helpdesk', 'cs_desk'
# what cs_desk defines: the models, wizards and reports of these names (a
# prefix of LIKE, whose _ matches any character: no other name is alike) ...
PREFIXES = [
    'cs.lost_found', 'cs.storage', 'cs.broadcast', 'cs.gift_wrap',
    'cs.helpdesk.shift', 'cs.helpdesk.register.statistics.context']
# ... and the fields it adds to the models of other modules
FIELDS = {
    'cs.configuration': [
        'lost_found_sequence', 'lost_found_retention_days',
        'storage_abandon_hours', 'desk_closing_time'],
    'cs.configuration.sequence': ['lost_found_sequence'],
    'cs.helpdesk.ticket': [
        'lost_category', 'found_item', 'found_item_candidates'],
    }


def xml_ids(module):
    "The ids of the records the XML files of module define"
    ids = set()
    for filename in get_module_info(module)['xml']:
        with file_open(os.path.join(module, filename), 'rb') as fp:
            for element in ElementTree.parse(fp).iter():
                if element.tag in {'record', 'menuitem'} and (
                        '.' not in element.get('id', '.')):
                    ids.add(element.get('id'))
    return ids


def _owned(name_column, field_column=None):
    "A condition on a model name column (and field) of what cs_desk owns"
    condition = Literal(False)
    for prefix in PREFIXES:
        condition |= Like(name_column, prefix + '%')
    if field_column is not None:
        for model, names in FIELDS.items():
            condition |= (name_column == model) & field_column.in_(names)
    return condition


def adopt_registers():
    "Move to cs_desk what the database still knows as cs_helpdesk's"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    Model = pool.get('ir.model')
    Field = pool.get('ir.model.field')
    Translation = pool.get('ir.translation')
    Module = pool.get('ir.module')
    cursor = Transaction().connection.cursor()

    data = ModelData.__table__()
    moved = data.module == OLD
    # cs_desk's records, not those of cs_helpdesk of the same id
    moved &= data.fs_id.in_(list(xml_ids(NEW) - xml_ids(OLD)))
    cursor.execute(*data.select(data.model, data.db_id, where=moved))
    records = cursor.fetchall()
    if not records:
        return
    logger.info("cs_desk adopts %s records of cs_helpdesk", len(records))
    cursor.execute(*data.update([data.module], [NEW], where=moved))

    model = Model.__table__()
    cursor.execute(*model.update([model.module], [NEW],
            where=(model.module == OLD) & _owned(model.name)))
    field = Field.__table__()
    cursor.execute(*field.update([field.module], [NEW],
            where=(field.module == OLD)
            & _owned(field.model, field.name)))

    translation = Translation.__table__()
    # the strings of its models and fields, named "model,field"
    name = translation.name
    owned = _owned(name)
    for model_name, names in FIELDS.items():
        owned |= name.in_([f'{model_name},{n}' for n in names])
    # the name of its scheduled job, a choice of ir.cron's method
    owned |= (name == 'ir.cron,method') & (
        translation.src == "Move Uncollected Deposits to Lost and Found")
    # the translations of the adopted records (menus, messages...)
    by_model = {}
    for record_model, db_id in records:
        by_model.setdefault(record_model, []).append(db_id)
    for record_model, ids in by_model.items():
        owned |= (Like(name, record_model + ',%')
            & (translation.type == 'model') & translation.res_id.in_(ids))
    cursor.execute(*translation.update([translation.module], [NEW],
            where=(translation.module == OLD) & owned))

    # the registers were active as part of cs_helpdesk: cs_desk is an
    # active module to upgrade (not to activate, which would overwrite the
    # site's changes to the records loaded once, such as the broadcast
    # templates); the next upgrade, or the client's module wizard, when
    # cs_helpdesk is upgraded alone
    module = Module.__table__()
    cursor.execute(*module.select(module.state, where=module.name == NEW))
    row = cursor.fetchone()
    if not row:
        cursor.execute(*module.insert(
                [module.name, module.state], [[NEW, 'to upgrade']]))
    elif row[0] in {'not activated', 'to activate'}:
        cursor.execute(*module.update(
                [module.state], ['to upgrade'], where=module.name == NEW))
