# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Pieces the suite's modules share"
import functools
import logging
import re

from dateutil.relativedelta import relativedelta
from sql import Column

from trytond import backend
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import Index, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.report import Report
from trytond.tools import timezone as tz
from trytond.transaction import Transaction, TransactionError
from trytond.wizard import Button, StateTransition, StateView, Wizard

from . import workflow
from .workflow import external_call

logger = logging.getLogger(__name__)


# the most records a client may take a step on at once: a step on more
# would outlast the web server's time limit (README: gunicorn --timeout)
MAX_SELECTION = 500
# an e-mail address as customers type it: a local part without spaces or
# brackets (nor a dot first, last or twice), a domain of at least two labels
# of letters, digits and hyphens (Chinese and Cyrillic domains included)
EMAIL = re.compile(
    r"(?!\.)(?!.*\.\.)[\w.!#$%&'*+/=?^`{|}~-]+(?<!\.)"
    r"@(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[\w-]+)\Z")


def order_index(cls, where=None, filtered=()):
    """The index of the list's default order: a page of the list reads it
    from the start instead of sorting the table (cls._order in one
    direction, which a btree is read in either way; PostgreSQL's default
    NULLS FIRST for DESC, LAST for ASC); where, the condition of a tab that
    shows a small part of the table (a partial index: the tab's page does
    not step over the rest; PostgreSQL only); filtered, the columns its
    tabs compare with a value (a deadline with now), checked in the index
    as it is read, not in each row stepped over"""
    table = cls.__table__()
    directions = {d.split()[0] for _, d in cls._order}
    assert len(directions) == 1, cls._order
    options = {'where': where(table)} if where else {}
    names = [n for n, _ in cls._order] + list(filtered)
    return Index(
        table, *((Column(table, n), Index.Range()) for n in names),
        **options)


def check_state(*states):
    """Refuse a step on records another user moved meanwhile.

    Placed before Workflow.transition, which silently skips records in
    another state: of two clerks clicking at once, the second waits for the
    first's lock, then sees the new state and gets a clear message from the
    model's _check_state(records, states, action).  A client's selection
    is limited to MAX_SELECTION records (scheduled jobs are not)."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(cls, records, *args, **kwargs):
            if len(records) > MAX_SELECTION and external_call():
                raise UserError(gettext('cs_base.msg_selection_too_large',
                        count=len(records), maximum=MAX_SELECTION))
            cls._check_state(
                records, states, func.__name__.lstrip('_').removeprefix('do_'))
            return func(cls, records, *args, **kwargs)
        return wrapper
    return decorator


def lock_in_states(cls, records, states, error, message, name):
    """Lock the records and refuse, with the model's message, those another
    user moved out of states meanwhile: the body of most _check_state.
    The message gets the record's name as `name` and its translated state."""
    cls.lock(records)
    for record in cls.browse(records):
        if record.state not in states:
            raise error(gettext(message, **{
                        name: record.rec_name,
                        'state': record.state_string}))


def each_record(job, records, step):
    """Take a scheduled job's step on each record, one at a time, and
    return the records done.

    A record that fails is left as it was (its changes are rolled back to a
    savepoint) and reported as an error of the job (ir.error, with a
    message naming it), and the job goes on with the others: one bad record
    must not stop the job for every other.  job is the cron's method
    ('model|method').  Lock and serialisation failures are not a record's
    fault: they stop the job, whose transaction the cron retries."""
    done = []
    for record in records:
        exception = in_savepoint('cs_job_record', step, record)
        if exception:
            report_job_failure(job, record, exception)
        else:
            done.append(record)
    return done


def each_batch(job, records, step, size=1000):
    """Take a scheduled job's step on the records a batch (list) at a time,
    and return the records done: the step's bulk reads and writes stay fast
    at a million records, and a batch that fails is taken again one record
    at a time (each_record), so that only the bad record is skipped."""
    done = []
    for start in range(0, len(records), size):
        batch = records[start:start + size]
        if in_savepoint('cs_job_batch', step, batch):
            done.extend(each_record(job, batch, lambda r: step([r])))
        else:
            done.extend(batch)
    return done


def in_savepoint(name, step, argument):
    """Take step(argument) in a savepoint; roll it back and return the
    exception if it fails (but for lock and serialisation failures)"""
    transaction = Transaction()
    cursor = transaction.connection.cursor()
    cursor.execute(f'SAVEPOINT {name}')
    try:
        step(argument)
    except (backend.DatabaseOperationalError, TransactionError):
        raise
    except Exception as exception:
        cursor.execute(f'ROLLBACK TO SAVEPOINT {name}')
        cursor.execute(f'RELEASE SAVEPOINT {name}')
        for cache in transaction.cache.values():
            cache.clear()
        transaction.counter += 1
        return exception
    cursor.execute(f'RELEASE SAVEPOINT {name}')
    return None


def report_job_failure(job, record, exception):
    "Report in ir.error that the scheduled job failed on record"
    pool = Pool()
    Cron = pool.get('ir.cron')
    Error = pool.get('ir.error')
    if isinstance(exception, UserError):
        reason = exception.message
    else:
        logger.exception("%s failed on %s", job, record)
        reason = f'{type(exception).__name__}: {exception}'
    message = gettext('cs_base.msg_job_record_failed',
        record=record.rec_name, reason=reason)
    crons = Cron.search([('method', '=', job)], limit=1)
    if not crons:
        logger.error("%s: %s", job, message)
        return
    # in the job's transaction (unlike Error.report): the report is kept
    # with the work of the job, once per unsolved failure
    origin = str(crons[0])
    if not Error.search([
                ('origin', '=', origin), ('message', '=', message),
                ('state', '!=', 'solved')]):
        Error.create([{'origin': origin, 'message': message}])


def local_date(value, company_id):
    "Return the date of a naive UTC datetime in the company's time zone"
    Company = Pool().get('company.company')
    timezone = Company.timezone_of(company_id) if company_id else None
    if not timezone:
        return value.date()
    return value.replace(tzinfo=tz.UTC).astimezone(
        tz.get_tzinfo(timezone)).date()


# the scripts of the suite's languages: Chinese characters (unified, their
# extension A and B on, the compatibility ones) and Cyrillic letters
CJK = re.compile(
    r'[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]')
CYRILLIC = re.compile(r'[\u0400-\u04ff]')
LATIN = re.compile(r'[A-Za-z]')
# the languages by their script, with the weight of a letter: a Chinese
# character, a syllable, weighs as much as three Cyrillic letters
SCRIPTS = [('zh_CN', CJK, 3), ('ru', CYRILLIC, 1)]


def script_language(text):
    """The code of the language text is written in, or None: Chinese or
    Russian, the one with more syllables, where either script appears (both
    write brands and models in Latin letters: "Xiaomi 14 不能充电"), else
    English for Latin letters"""
    text = text or ''
    count, code = max((len(pattern.findall(text)) * weight, code)
        for code, pattern, weight in SCRIPTS)
    if count:
        return code
    return 'en' if LATIN.search(text) else None


def past_due_domain(clause, due_field, done_field, today):
    """The domain of a searcher of a "past due" Boolean: records not done
    (done_field empty) whose due_field is before today, or the others"""
    _, operator, value = clause
    if (operator == '=') == bool(value):
        return [(done_field, '=', None), (due_field, '<', today)]
    return ['OR', (done_field, '!=', None), (due_field, '=', None),
        (due_field, '>=', today)]


def save_in_languages(records, name, value_of):
    """Save new records in the source language (English), then their
    translatable field name in each language of the suite, value_of(record,
    language) being read in that language (holidays, a batch's tasks)"""
    if not records:
        return
    Model = type(records[0])
    transaction = Transaction()
    with transaction.set_context(language='en'):
        Model.save(records)
    for language in ['zh_CN', 'ru']:
        with transaction.set_context(language=language):
            Model.save([Model(r.id, **{name: value_of(r, language)})
                    for r in records])


def colon():
    "The colon after a label in the user's language (full width in Chinese)"
    return '：' if (Transaction().language or '').startswith('zh') else ': '


class DayFiltersMixin:
    """Booleans for the tabs of lists whose records depend on the day at
    the site ("today", "expiring in 30 days"): a tab cannot say it with
    PySON Date(), which sao evaluates as the UTC date of the browser's
    midnight, yesterday east of UTC; the server knows the site's day.

    _day_filters maps each such Function field (getter get_day_filter,
    searcher search_day_filter) to a function of the site's day giving the
    domain of the records that match."""
    __slots__ = ()
    _day_filters = {}

    @classmethod
    def _day_filter_domain(cls, name):
        today = local_date(
            workflow.clock(), Transaction().context.get('company'))
        return cls._day_filters[name](today)

    @classmethod
    def get_day_filter(cls, records, name):
        matching = set(map(int, cls.search([
                        ('id', 'in', [r.id for r in records]),
                        cls._day_filter_domain(name)])))
        return {r.id: r.id in matching for r in records}

    @classmethod
    def search_day_filter(cls, name, clause):
        _, operator, value = clause
        domain = cls._day_filter_domain(name)
        if (operator == '=') == bool(value):
            return domain
        return [('id', 'not in', cls.search(domain, query=True))]


def day_filter(string, help=''):
    "A Boolean of DayFiltersMixin"
    return fields.Function(fields.Boolean(string, help=help),
        'get_day_filter', searcher='search_day_filter')


def notify_cs_admins(label, description, action, icon, **variables):
    """Notify every customer-service administrator, in their language, with
    a link to the action (an XML id) that lists what needs their attention"""
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    Group = pool.get('res.group')
    Notification = pool.get('res.notification')
    Action = pool.get('ir.action')
    group = Group(ModelData.get_id('cs_base', 'group_cs_admin'))
    action_id = Action.get_action_id(ModelData.get_id(*action.split('.')))
    notifications = []
    for user in group.users:
        with Transaction().set_context(language=user.language.code
                if user.language else None):
            notifications.append(Notification(
                    user=user, label=gettext(label),
                    description=gettext(description, **variables),
                    icon=icon, action=action_id))
    Notification.save(notifications)


class ReasonStart(ModelView):
    "The reason a user gives for a step (cancel, dispute, reopen…)"
    __name__ = 'cs.reason'
    __string__ = "Reason"

    reason = fields.Text("Reason", required=True)


class ReasonWizard(Wizard):
    """Ask the reason of a step, then take it: model.method(records,
    reason); a subclass names the wizard and the step's method"""
    start = StateView('cs.reason', 'cs_base.reason_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("OK", 'apply', 'tryton-ok', default=True),
            ])
    apply = StateTransition()
    method = None

    def transition_apply(self):
        getattr(self.model, self.method)(self.records, self.start.reason)
        return 'end'


class CustomerLanguageReport(Report):
    """A printed form (CS-05): in the customer's language, or, for the
    bilingual variant, one copy in Chinese and one in Russian.

    Templates loop on `languages(record)`."""
    bilingual = False

    @classmethod
    def customer_language(cls, record):
        party = getattr(record, 'party', None)
        return party.lang if party else None

    @classmethod
    def get_context(cls, records, header, data):
        Lang = Pool().get('ir.lang')
        context = super().get_context(records, header, data)
        both = Lang.search([('code', 'in', ['zh_CN', 'ru'])],
            order=[('code', 'DESC')])

        def languages(record):
            if cls.bilingual and both:
                return both
            return [cls.customer_language(record) or Lang.get()]
        context['languages'] = languages
        return context


class BilingualReport(CustomerLanguageReport):
    "Printed once in Chinese and once in Russian"
    bilingual = True


class DateRangeContextMixin:
    "The company and dates by which statistics are asked"
    __slots__ = ()

    company = fields.Many2One('company.company', "Company", required=True)
    from_date = fields.Date(
        "From Date",
        domain=[If(Eval('to_date') & Eval('from_date'),
                ('from_date', '<=', Eval('to_date')), ())])
    to_date = fields.Date(
        "To Date",
        domain=[If(Eval('from_date') & Eval('to_date'),
                ('to_date', '>=', Eval('from_date')), ())])

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_from_date(cls):
        "A year back, from the first of the month"
        Date = Pool().get('ir.date')
        return Transaction().context.get('from_date') or (
            Date.today().replace(day=1) - relativedelta(months=11))

    @classmethod
    def default_to_date(cls):
        return Transaction().context.get('to_date')
