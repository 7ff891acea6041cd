# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import re

from sql import Literal, Null
from sql.conditionals import Case, Coalesce

from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.modules.cs_base.search import (
    SEPARATOR, fold, key_like, outdated_key_ids)
from trytond.modules.cs_base.workflow import WorkflowMixin
from trytond.pyson import Eval
from trytond.tools import escape_wildcard
from trytond.transaction import Transaction

# the words of a search: Latin and Cyrillic words, and Chinese two
# characters at a time (Chinese is written without spaces)
WORDS = re.compile(r'[^\W\d_\u3400-\u9fff]{3,}|\d{2,}')
CJK_RUN = re.compile(r'[\u3400-\u9fff]+')
MAX_WORDS = 12


class Answer(WorkflowMixin, DeactivableMixin, ModelSQL, ModelView):
    """A standard answer (常见问题统一回答口径) that every clerk gives.

    The question and answer are written in Chinese and in Russian side by
    side, so that a clerk finds them by typing in either language."""
    __name__ = 'cs.helpdesk.answer'
    __string__ = "Standard Answer"
    _rec_name = 'question_zh'
    # (WorkflowMixin: the counter and the search keys, read-only, are the
    # server's: no client writes them)

    question_zh = fields.Char("Question (Chinese)", required=True)
    answer_zh = fields.Text("Answer (Chinese)", required=True)
    question_ru = fields.Char("Question (Russian)", required=True)
    answer_ru = fields.Text("Answer (Russian)", required=True)
    type = fields.Many2One(
        'cs.helpdesk.ticket.type', "Ticket Type",
        help="The kind of request the answer is for.")
    keywords = fields.Char(
        "Keywords", help="Other words a clerk may search for.")
    public = fields.Boolean(
        "Public",
        help="Shown in the portal's help centre, once its translation is "
        "checked.")
    translation_done = fields.Boolean(
        "Translation Checked",
        states={'invisible': ~Eval('public')},
        help="The answer is checked in both Chinese and Russian: one is "
        "often written first and translated after.")
    deflections = fields.Integer(
        "Questions Answered", readonly=True,
        help="How many times a portal visitor said the answer answered their "
        "question (many did not send a request).")
    # the texts in the search keys' alphabet (cs_base.search.fold)
    help_question_key = fields.Text("Question Search Key", readonly=True)
    help_key = fields.Text("Search Key", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('question_zh', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_public(cls):
        return False

    @classmethod
    def default_translation_done(cls):
        return False

    @classmethod
    def default_deflections(cls):
        return 0

    @classmethod
    def published_domain(cls):
        "The answers of the help centre"
        return [('public', '=', True), ('translation_done', '=', True)]

    @staticmethod
    def _published(table):
        "published_domain in SQL"
        return ((table.public == Literal(True))
            & (table.translation_done == Literal(True))
            & (table.active == Literal(True)))

    @classmethod
    def published_types(cls):
        "The ticket types the published answers are for (the categories)"
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.type, distinct=True,
                where=cls._published(table) & (table.type != Null)))
        return [t for t, in cursor]

    @staticmethod
    def search_words(text):
        "The words a search of text looks for"
        words = [w.lower() for w in WORDS.findall(text)]
        for run in CJK_RUN.findall(text):
            words += [run] if len(run) <= 2 else [
                run[i:i + 2] for i in range(len(run) - 1)]
        return list(dict.fromkeys(words))[:MAX_WORDS]

    @classmethod
    def help_search(cls, text, type_=None, limit=20):
        """The published answers that match most words of text, in any
        script (folded as the search keys are: no case, no tones, ё as е),
        best first: a word of the question counts twice"""
        table = cls.__table__()
        where = cls._published(table)
        if type_:
            where &= table.type == type_
        words = [w for w in map(fold, cls.search_words(text)) if w]
        score = Literal(0)
        if words:
            match = Literal(False)
            for word in words:
                pattern = f'%{escape_wildcard(word)}%'
                in_question = key_like(table.help_question_key, pattern)
                in_text = key_like(table.help_key, pattern)
                score += (Case((in_question, 2), else_=0)
                    + Case((in_text, 1), else_=0))
                match |= in_question | in_text
            where &= match
        elif text.strip():
            return []
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.id, where=where,
                order_by=[score.desc, table.id.asc], limit=limit))
        return cls.browse([i for i, in cursor])

    @classmethod
    def _help_keys(cls, answer):
        questions = [answer.question_zh, answer.question_ru]
        texts = questions + [answer.answer_zh, answer.answer_ru,
            answer.keywords]
        return {
            'help_question_key': SEPARATOR.join(map(fold, questions)),
            'help_key': SEPARATOR.join(map(fold, texts)),
            }

    @classmethod
    def update_help_keys(cls, answers):
        "Store the folded texts the help centre searches"
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        for answer in answers:
            keys = cls._help_keys(answer)
            cursor.execute(*table.update(
                    [getattr(table, k) for k in keys], list(keys.values()),
                    where=table.id == answer.id))

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        # the answers written before the help centre, or folded the old way
        table = cls.__table__()
        cls.update_help_keys(
            cls.browse(outdated_key_ids(table, table.help_key)))

    @classmethod
    def on_modification(cls, mode, answers, field_names=None):
        super().on_modification(mode, answers, field_names=field_names)
        if mode != 'delete':
            # (read again: the keys come from the values just written;
            # a key a client wrote is replaced)
            cls.update_help_keys(cls.browse([a.id for a in answers]))

    @classmethod
    def count_deflection(cls, answer_id):
        "One more visitor answered by the answer (no lost update)"
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.update([table.deflections],
                [Coalesce(table.deflections, 0) + 1],
                where=table.id == answer_id))

    def _in(self, language, zh, ru):
        language = language or Transaction().language or ''
        return ru if language.startswith('ru') else zh

    def answer_in(self, language=None):
        "Return the answer in the language, Chinese by default"
        return self._in(language, self.answer_zh, self.answer_ru)

    def question_in(self, language=None):
        return self._in(language, self.question_zh, self.question_ru)

    def get_rec_name(self, name):
        return self._in(None, self.question_zh, self.question_ru)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('question_zh', operator, value),
            ('question_ru', operator, value),
            ('answer_zh', operator, value),
            ('answer_ru', operator, value),
            ('keywords', operator, value),
            ]
