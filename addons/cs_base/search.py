# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Search in any script.

Each searchable record keeps a search key: every way a clerk may type its
names and numbers, folded to ASCII and joined by ``|``:

- ``fold`` maps each character on its own: Latin without accents or tones
  and Cyrillic by the ICAO passport table (ё as е) to lower case, a Chinese
  character to four upper-case letters (its code point in base 26), which
  no query of digits or Latin letters matches (on SQLite, whose LIKE
  ignores the case, the key is searched by GLOB).  A fold of
  a substring is a substring of the fold, so one ``LIKE`` on the key finds
  Chinese by any characters, Cyrillic by Cyrillic and numbers and phones
  by any fragment; the key being ASCII, PostgreSQL's trigram index serves
  it in any locale, a single Chinese character included (its four letters
  are two trigrams few other characters share).
- a Chinese name adds its pinyin (with and without the phrase readings),
  its initials and its Palladius Cyrillic spelling (folded, so "Ван Фан"
  folds the same);
- a Cyrillic name adds its Latin spellings in the common systems (passport
  ICAO 2013 and MVD 2006, Wikipedia, scientific) for "ivan petrov", and a
  Cyrillic query folds to the ICAO spelling of a Latin name.

pypinyin (whose Cyrillic style is Palladius) and iuliia do the conversions.
"""
import logging
import re
import unicodedata
from functools import lru_cache

import iuliia
from pypinyin import Style, lazy_pinyin
from sql import Null
from sql.conditionals import Case
from sql.operators import BinaryOperator, Not

from trytond import backend
from trytond.model import Index, fields
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .tools import CJK, CYRILLIC

logger = logging.getLogger(__name__)
SEPARATOR = '|'
# the keys computed and written at once when many change (an update of the
# module, a customer renamed on many tickets)
KEYS_AT_ONCE = 250
# the systems a Russian name may be spelt in Latin; ICAO's is the fold's own
_LATIN_SYSTEMS = (iuliia.MVD_782, iuliia.WIKIPEDIA, iuliia.SCIENTIFIC)
# a fold shorter than a trigram only matches the start of a spelling
_SHORT = 3
# PostgreSQL's trigram index queues the entries of new keys in a pending
# list, which every search reads in full until a vacuum or the list's limit
# (4 MB by default: a day of a large site's tickets) merges it: 45 pages
# of it added 40 ms to each search at a million tickets.  A list of 64 kB
# is merged every few dozen saves, a save's median unchanged.
PENDING_LIST_KB = 64
# PostgreSQL estimates how many keys a LIKE matches from the histogram of
# the column: with its default 100 entries, a name found in one is taken
# for 1 % of the rows, and the search walks the list's order index instead
# of the trigram one — 508 ms for a customer's 20 tickets among a million.
# 2,500 entries estimate such a name at 0.04 % (plans 1 ms longer).
KEY_STATISTICS = 2500
# Keys folded before 2026-12 wrote a Chinese character as u and five hex
# digits, which a phone's digits matched (0592, Xiamen's area code, found
# every name with 天, U+5929): they are folded again when the module updates
_OLD_CJK = re.compile(r'u([0-9a-f]{5})')
_OLD_CJK_LIKE = ('%u0%', '%u2%', '%u3%')


def _is_cjk(char):
    return CJK.match(char) is not None


def _is_cyrillic(char):
    return CYRILLIC.match(char) is not None


def _cjk_letters(code):
    "A Chinese character's code point in four upper-case base-26 letters"
    letters = []
    for _ in range(4):
        code, digit = divmod(code, 26)
        letters.append(chr(ord('A') + digit))
    return ''.join(reversed(letters))


@lru_cache(maxsize=4096)
def _fold_char(char):
    if char.isascii():
        return char if char.isalnum() else ''
    if _is_cjk(char):
        return _cjk_letters(ord(char))
    if _is_cyrillic(char):
        return iuliia.ICAO_DOC_9303.translate(char).lower()
    decomposed = unicodedata.normalize('NFKD', char)
    if decomposed != char:
        return ''.join(_fold_char(c) for c in decomposed)
    return ''


def fold(text):
    "The text in the key's alphabet, character by character"
    text = unicodedata.normalize('NFKC', text or '').lower()
    return ''.join(_fold_char(c) for c in text.replace('ё', 'е'))


def name_forms(text):
    "The folded spellings of a name, the name itself first"
    text = unicodedata.normalize('NFKC', text or '').strip()
    forms = [fold(text)]
    if any(_is_cjk(c) for c in text):
        forms.append(fold(''.join(lazy_pinyin(text))))
        # a single character read without its phrase, as a query of it is
        forms.append(fold(''.join(
                    lazy_pinyin(c)[0] if _is_cjk(c) else c for c in text)))
        forms.append(fold(''.join(lazy_pinyin(text, v_to_u=True))))
        forms.append(fold(''.join(
                    lazy_pinyin(text, style=Style.FIRST_LETTER))))
        forms.append(fold(''.join(
                    s.rstrip('012345')
                    for s in lazy_pinyin(text, style=Style.CYRILLIC))))
    if any(_is_cyrillic(c) for c in text):
        # ё is often written е, and spelt "yo" or "e" in Latin
        plain = text.replace('ё', 'е').replace('Ё', 'Е')
        forms.extend(fold(system.translate(t))
            for system in _LATIN_SYSTEMS for t in {text, plain})
    return forms


def search_key(names=(), codes=(), keys=()):
    """The key of names (all spellings), codes such as numbers and phones
    (folded only) and the keys of related records"""
    forms = []
    for name in names:
        if name:
            forms.extend(name_forms(name))
    forms.extend(fold(c) for c in codes if c)
    forms = [f for f in dict.fromkeys(forms) if f]
    key = SEPARATOR.join([''] + forms + [''])
    for other in keys:
        if other:
            key += other.lstrip(SEPARATOR)
    return key or SEPARATOR


def query_pattern(text):
    "The LIKE pattern that finds a query typed in any script, or None"
    query = fold(text)
    if not query:
        return None
    if len(query) < _SHORT:
        # "wf": the initials, or the start of a name or a number
        return f'%{SEPARATOR}{query}%'
    return f'%{query}%'


def folded_before(key):
    "Whether key holds a Chinese character folded the old way"
    return any(_is_cjk(chr(int(code, 16)))
        for code in _OLD_CJK.findall(key or ''))


def outdated_key_ids(table, column):
    """The ids of the rows of table whose key in column is missing (a new
    column) or folded the old way (an updated site's)"""
    maybe_old = column == Null
    for pattern in _OLD_CJK_LIKE:
        maybe_old |= column.like(pattern)
    cursor = Transaction().connection.cursor()
    cursor.execute(*table.select(table.id, column, where=maybe_old))
    return [i for i, key in cursor if key is None or folded_before(key)]


def create_trigram_extension():
    """Create PostgreSQL's pg_trgm for the keys' GIN indexes if it is not

    A trusted extension: the database's owner may create it.  Without it the
    keys are still found, by reading the table."""
    transaction = Transaction()
    database = transaction.database
    if backend.name != 'postgresql' or database.has_extension('pg_trgm'):
        return
    cursor = transaction.connection.cursor()
    cursor.execute('SAVEPOINT cs_pg_trgm')
    try:
        cursor.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    except Exception as exception:
        cursor.execute('ROLLBACK TO SAVEPOINT cs_pg_trgm')
        logger.warning(
            "pg_trgm could not be created, searches read whole tables "
            "(run CREATE EXTENSION pg_trgm as a superuser): %s", exception)
        return
    cursor.execute('RELEASE SAVEPOINT cs_pg_trgm')
    # has_extension asks on another connection, which cannot see it before
    # the update commits, while the indexes are made in this transaction
    database._extensions[database.name]['pg_trgm'] = True


class _Glob(BinaryOperator):
    "SQLite's LIKE that minds the case"
    __slots__ = ()
    _operator = 'GLOB'


def glob_pattern(pattern):
    "The GLOB pattern of a LIKE pattern (escaped by a backslash)"
    glob, characters = [], iter(pattern)
    for char in characters:
        if char == '\\':
            char = next(characters, char)
        elif char in '%_':
            glob.append('*' if char == '%' else '?')
            continue
        glob.append(f'[{char}]' if char in '*?[' else char)
    return ''.join(glob)


def key_like(column, pattern):
    """column LIKE pattern, minding the case on SQLite too (by GLOB): there
    a query of Latin letters would find the upper-case letters of a Chinese
    character"""
    if backend.name == 'sqlite':
        return _Glob(column, glob_pattern(pattern))
    return column.like(pattern)


class SearchKey(fields.Char):
    "The key, searched on its own indexed column"

    def _domain_column(self, operator, column):
        # not COALESCE(column, '') as Char does for a field not required:
        # the trigram index is on the column itself
        return fields.Field._domain_column(self, operator, column)

    def convert_domain(self, domain, tables, Model):
        _, operator, value = domain
        if (backend.name == 'sqlite' and operator in {'like', 'not like'}
                and isinstance(value, str)):
            expression = key_like(self.sql_column(tables, Model), value)
            return Not(expression) if operator == 'not like' else expression
        return super().convert_domain(domain, tables, Model)


class SearchKeyMixin:
    """A stored search key found by the search box (rec_name) in any script.

    Models name the fields the key is built from in _search_key_sources and
    return the texts in search_key_texts(); the keys of the customers they
    refer to (_search_key_parties) are part of theirs and follow a rename.
    """
    __slots__ = ()
    _search_key_sources = set()
    _search_key_parties = ()
    # whether create itself completes the sources (a party's code)
    _search_key_after_create = False

    # not read-only by definition: the workflow base would refuse the key
    # the server sets on create; clients' values are dropped instead
    cs_search_key = SearchKey("Search Key")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.cs_search_key, Index.Similarity())))

    @classmethod
    def _update_sql_indexes(cls, concurrently=False):
        super()._update_sql_indexes(concurrently=concurrently)
        if backend.name == 'postgresql':
            cls._tune_search_key()

    @classmethod
    def _tune_search_key(cls):
        "PostgreSQL's estimates of the key and its trigram index's list"
        cursor = Transaction().connection.cursor()
        cursor.execute(
            f'ALTER TABLE "{cls._table}" ALTER COLUMN "cs_search_key" '
            f'SET STATISTICS {KEY_STATISTICS}')
        cursor.execute("SELECT indexname FROM pg_indexes "
            "WHERE tablename = %s AND indexdef LIKE %s",
            (cls._table, '%USING gin (cs_search_key gin_trgm_ops)%'))
        for name, in cursor.fetchall():
            cursor.execute(f'ALTER INDEX "{name}" '
                f'SET (gin_pending_list_limit = {PENDING_LIST_KB})')

    @classmethod
    def __register__(cls, module):
        create_trigram_extension()
        super().__register__(module)
        cls.fill_search_keys()

    @classmethod
    def fill_search_keys(cls):
        """Compute the keys of the rows that have none or an old fold (an
        updated site's)"""
        table = cls.__table__()
        ids = outdated_key_ids(table, table.cs_search_key)
        cls._forget_cached(ids)
        for sub_ids in grouped_slice(ids, KEYS_AT_ONCE):
            # the referrers fill their own keys when their module registers
            # (after cs_base's parties): their tables may not have the key yet
            cls.update_search_keys(list(sub_ids), referrers=False)
        return ids

    def search_key_texts(self):
        "Return the names and the codes (numbers, phones) to search by"
        return [], []

    def get_search_key(self):
        names, codes = self.search_key_texts()
        keys = []
        for name in self._search_key_parties:
            party = getattr(self, name)
            if party:
                keys.append(party.cs_search_key)
        return search_key(names, codes, keys)

    @classmethod
    def search_key_domain(cls, clause):
        "The domain of a (not) like clause on the key, or None"
        _, operator, value, *_ = clause
        if operator in {'ilike', 'like', 'not ilike', 'not like'}:
            pattern = query_pattern(value) if isinstance(value, str) else None
            if pattern:
                operator = 'not like' if operator.startswith('not') else 'like'
                return [('cs_search_key', operator, pattern)]

    @classmethod
    def search_rec_name(cls, name, clause):
        # other operators (= of an import, in) keep the model's own
        return (cls.search_key_domain(clause)
            or super().search_rec_name(name, clause))

    @classmethod
    def autocomplete(cls, text, domain=None, limit=None, order=None):
        "Best first: a whole number or name, then a start, then the rest"
        query = fold(text)
        if not query:
            return super().autocomplete(
                text, domain=domain, limit=limit, order=order)
        patterns = [
            f'%{SEPARATOR}{query}{SEPARATOR}%',
            f'%{SEPARATOR}{query}%',
            query_pattern(text),
            ]
        found = {}
        for pattern in dict.fromkeys(patterns):
            if limit is not None and len(found) >= limit:
                break
            for record in cls.search_read(
                    [domain or [], ('cs_search_key', 'like', pattern),
                        ('id', 'not in', list(found))],
                    limit=None if limit is None else limit - len(found),
                    order=order, fields_names=['rec_name']):
                found[record['id']] = record['rec_name']
        return [{'id': i, 'name': n, 'defaults': None}
            for i, n in found.items()]

    @classmethod
    def create(cls, vlist):
        if cls._search_key_after_create:
            records = super().create(
                [cls._without_search_key(v) for v in vlist])
            cls.update_search_keys([r.id for r in records])
            return records
        return super().create(vlist)

    @classmethod
    def _before_create(cls, vlist):
        """The key of each record created, from its values as the model
        prepared them (preprocess_values: a ticket's number), in Tryton's
        create: what it reads stays cached for the rest of the create"""
        vlist = super()._before_create(vlist)
        if not cls._search_key_after_create:
            vlist = [cls._with_search_key(v) for v in vlist]
        return vlist

    @classmethod
    def write(cls, *args):
        "A record written alone gets its key in the same UPDATE"
        args = list(args)
        alone, others = [], []
        for i in range(0, len(args), 2):
            records, values = args[i], args[i + 1]
            if cls._search_key_sources & values.keys():
                if len(records) == 1 and cls._plain_sources(values):
                    values = cls._with_search_key(values, records[0].id)
                    alone.append(records[0].id)
                else:
                    values = cls._without_search_key(values)
                    others.extend(r.id for r in records)
            else:
                values = cls._without_search_key(values)
            args[i + 1] = values
        super().write(*args)
        if alone:
            cls._update_referrers_search_keys(alone)
        if others:
            cls.update_search_keys(others)

    @classmethod
    def _plain_sources(cls, values):
        "Whether the sources written are values, not lines to create"
        return all(cls._fields[n]._type not in {'one2many', 'many2many'}
            for n in cls._search_key_sources & values.keys())

    @staticmethod
    def _without_search_key(values):
        # the key is the server's: what a client sends is dropped
        return {k: v for k, v in values.items() if k != 'cs_search_key'}

    @classmethod
    def _with_search_key(cls, values, id_=None):
        "values with the key of the record they make (or change)"
        values = cls._without_search_key(values)
        # the key is the record's whatever the caller may read (a customer's
        # key in a ticket's)
        with Transaction().set_context(_check_access=False):
            if id_ is None:
                # with its company: its customer is read in the company's
                # context, as the rest of the create reads it (one read)
                names = cls._search_key_sources | (
                    {'company'} & cls._fields.keys() & values.keys())
                record = cls(**{n: values.get(n) for n in names})
            else:
                record = cls(id_)
                for name in cls._search_key_sources & values.keys():
                    setattr(record, name, values[name])
            values['cs_search_key'] = record.get_search_key()
        return values

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('cs_search_key')
        return super().copy(records, default=default)

    @classmethod
    def update_search_keys(cls, ids, referrers=True):
        "Store the keys that changed, and pass them on to the referrers"
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        table = cls.__table__()
        changed = {}
        with transaction.set_context(_check_access=False, active_test=False):
            # browsed a few hundred at a time: Tryton's record checks, as it
            # is made, every id browsed with it (thousands cost their square)
            for sub_ids in grouped_slice(ids, KEYS_AT_ONCE):
                for record in cls.browse(list(sub_ids)):
                    key = record.get_search_key()
                    if key != record.cs_search_key:
                        changed[record.id] = key
        in_ = fields.SQL_OPERATORS['in']
        for sub_ids in grouped_slice(list(changed), KEYS_AT_ONCE):
            # one UPDATE for the lot: each record's key differs
            sub_ids = list(sub_ids)
            cursor.execute(*table.update(
                    [table.cs_search_key],
                    [Case(*((table.id == i, changed[i]) for i in sub_ids))],
                    where=in_(table.id, sub_ids)))
        if changed:
            changed_ids = list(changed)
            cls._forget_cached(changed_ids)
            if referrers:
                cls._update_referrers_search_keys(changed_ids)

    @classmethod
    def _forget_cached(cls, ids):
        "Drop the records read before the key changed, as write does"
        transaction = Transaction()
        transaction.counter += 1
        for cache in transaction.cache.values():
            if cls.__name__ in cache:
                for id_ in ids:
                    cache[cls.__name__].pop(id_, None)

    @classmethod
    def _update_referrers_search_keys(cls, ids):
        if cls.__name__ != 'party.party':
            return
        for _, Model in Pool().iterobject():
            if (isinstance(Model, type) and issubclass(Model, SearchKeyMixin)
                    and Model._search_key_parties):
                domain = ['OR'] + [
                    (name, 'in', ids) for name in Model._search_key_parties]
                with Transaction().set_context(
                        _check_access=False, active_test=False):
                    referrers = Model.search(domain)
                Model.update_search_keys([r.id for r in referrers])
