# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import logging
import os
import tempfile
import time

import polib
from sql import Column, Null

from trytond.filestore import FileStore, filestore
from trytond.i18n import gettext
from trytond.model import ModelSQL, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

logger = logging.getLogger(__name__)


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('party.party|cs_notify_archives_due',
                "Notify Customer Archives Due for Review"))
        cls.method.selection.append(
            ('cs.revisit|notify_overdue', "Notify Overdue Revisits"))
        cls.method.selection.append(
            ('ir.attachment|cs_remove_orphan_files',
                "Remove Files No Record Uses"))


class Attachment(metaclass=PoolMeta):
    __name__ = 'ir.attachment'

    @classmethod
    def cs_remove_orphan_files(cls, older_than=24 * 3600):
        """Remove the files of the database's file store that no record
        uses, older than older_than seconds (scheduled job): those written
        by a request that never committed, such as an upload whose worker
        was killed (the file is written when the attachment is created).
        A store prefix set in the configuration may be shared by databases:
        only the database's own folder is cleaned."""
        if type(filestore) is not FileStore:
            logger.info("a file store of its own: no orphans removed")
            return 0
        database = Transaction().database.name
        used = cls._cs_file_ids(database)
        limit = time.time() - older_than
        removed = 0
        root = os.path.join(filestore.path, database)
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                # ids without a dash are older than Tryton's uuids: kept
                if ('-' in name and name not in used
                        and os.path.getmtime(path) < limit):
                    os.remove(path)
                    removed += 1
        if removed:
            logger.info("%s: %s files no record uses removed", database,
                removed)
        return removed

    @classmethod
    def _cs_file_ids(cls, database):
        "The ids of the files that records of the database's folder use"
        pool = Pool()
        cursor = Transaction().connection.cursor()
        used = set()
        for _, Model in pool.iterobject():
            if not issubclass(Model, ModelSQL) or Model.table_query:
                continue
            for field in Model._fields.values():
                if (isinstance(field, fields.Binary) and field.file_id
                        and (field.store_prefix or database) == database):
                    table = Model.__table__()
                    column = Column(table, field.file_id)
                    cursor.execute(*table.select(column,
                            where=column != Null))
                    used.update(i for i, in cursor)
        return used


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.domain.help += (
            '\n- "employees" as list of ids of the current user\'s employees'
            '\n- "portal_party" as the id of the party a portal request is '
            'made for (-1 outside the portal)')

    @classmethod
    def _get_cache_key(cls, model_names):
        User = Pool().get('res.user')
        return (*super()._get_cache_key(model_names), User.get_employees(),
            cls._portal_party())

    @classmethod
    def _get_context(cls, model_name):
        # records dispatched to a department are shown to its members
        User = Pool().get('res.user')
        context = super()._get_context(model_name)
        context['employees'] = User.get_employees()
        context['portal_party'] = cls._portal_party()
        return context

    @staticmethod
    def _portal_party():
        """The customer or owner a portal request is made for: the portal
        runs as a user of the Portal group, whose record rules show only
        that party's records"""
        return Transaction().context.get('portal_party') or -1


class ModelButton(metaclass=PoolMeta):
    __name__ = 'ir.model.button'

    @classmethod
    def get_view_attributes(cls, model, name):
        """A button kept for groups the user is not in says which: the
        client shows it disabled, with this help as its tooltip (the views
        are cached per set of groups)"""
        pool = Pool()
        Group = pool.get('res.group')
        User = pool.get('res.user')
        attributes = dict(super().get_view_attributes(model, name))
        groups = cls.get_groups(model, name)
        if groups and not groups & set(User.get_groups()):
            reserved = gettext('cs_base.msg_button_groups',
                groups=', '.join(g.name for g in Group.browse(groups)))
            attributes['help'] = '\n'.join(
                filter(None, [attributes.get('help'), reserved]))
        return attributes


class Translation(metaclass=PoolMeta):
    __name__ = 'ir.translation'

    @classmethod
    def translation_import(cls, lang, module, po_path):
        with tempfile.TemporaryDirectory() as folder:
            po_path = cls._active_overrides(lang, po_path, folder)
            result = super().translation_import(lang, module, po_path)
            cls._confirm_overrides(lang, module, po_path)
        return result

    @classmethod
    def _active_overrides(cls, lang, po_path, folder):
        """Return the catalogs without the override entries of the modules
        that have no translation in lang (not active, or their catalog not
        loaded): an override catalog completes an optional module (sale,
        project) too, and Tryton fails on a translation it lacks"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                table.module, where=table.lang == lang, group_by=table.module))
        active = {module for module, in cursor}
        paths = []
        for number, path in enumerate(po_path):
            pofile = polib.pofile(path)
            kept = [e for e in pofile
                if _overridden_module(e) in active | {None}]
            if len(kept) < len(pofile):
                path = os.path.join(folder, f'{number}.po')
                pofile[:] = kept
                pofile.save(path)
            paths.append(path)
        return paths

    @classmethod
    def _confirm_overrides(cls, lang, module, po_path):
        """Confirm the fuzzy entries that an override catalog repeats.

        Tryton applies an override only when its text differs from the
        overridden one, so a fuzzy translation (ignored by Tryton) that the
        override confirms word for word would stay fuzzy."""
        ModelData = Pool().get('ir.model.data')
        confirmed = {}
        for path in po_path:
            for entry in polib.pofile(path):
                translation, res_id = cls.from_poentry(entry)
                if '.' not in res_id or entry.obsolete:
                    continue
                res_module, fs_id = res_id.split('.')
                db_id = ModelData.get_id(res_module, fs_id) if fs_id else -1
                key = (res_module, translation.type, translation.name, db_id,
                    translation.src if translation.type in _SOURCE_TYPES
                    else None)
                confirmed[key] = translation.value
        if not confirmed:
            return
        to_save = []
        for row in cls.search([
                    ('lang', '=', lang),
                    ('fuzzy', '=', True),
                    ('module', 'in', list({k[0] for k in confirmed})),
                    ], order=[]):
            key = (row.module, row.type, row.name, row.res_id,
                row.src if row.type in _SOURCE_TYPES else None)
            if key in confirmed and confirmed[key] == row.value:
                row.fuzzy = False
                row.overriding_module = module
                to_save.append(row)
        cls.save(to_save)


def _overridden_module(entry):
    "The module an override entry translates (None for the module's own)"
    res_id = (entry.msgctxt or '').split(':')[-1]
    return res_id.split('.')[0] if '.' in res_id else None


# the translation types whose override is matched on the source text too
_SOURCE_TYPES = {'report', 'view', 'wizard_button', 'selection'}
