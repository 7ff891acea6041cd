# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.modules.cs_base.workflow import BoundedMixin
from trytond.transaction import Transaction


class Answer(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    """A standard answer (常见问题统一回答口径) that every clerk gives.

    The question and answer are written in Chinese and in Russian side by
    side, so that a clerk finds them by typing in either language."""
    __name__ = 'cs.helpdesk.answer'
    __string__ = "Standard Answer"
    _rec_name = 'question_zh'

    question_zh = fields.Char("Question (Chinese)", required=True)
    answer_zh = fields.Text("Answer (Chinese)", required=True)
    question_ru = fields.Char("Question (Russian)", required=True)
    answer_ru = fields.Text("Answer (Russian)", required=True)
    type = fields.Many2One(
        'cs.helpdesk.ticket.type', "Ticket Type",
        help="The kind of request the answer is for.")
    keywords = fields.Char(
        "Keywords", help="Other words a clerk may search for.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('question_zh', 'ASC'), ('id', 'ASC')]

    def _in(self, language, zh, ru):
        language = language or Transaction().language or ''
        return ru if language.startswith('ru') else zh

    def answer_in(self, language=None):
        "Return the answer in the language, Chinese by default"
        return self._in(language, self.answer_zh, self.answer_ru)

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
