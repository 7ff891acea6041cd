# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What the suite's workflows share: their rules hold on the server.

Tryton's clients never send a field that is read-only in its definition
(a number, a state, who took a step and when) and do not let a user edit a
field that the record's state makes read-only; but Tryton does not refuse
either on the server, and a script over JSON-RPC, an import or a proteus
call can send anything.  The steps themselves run inside ModelView.button,
without access checks: only what a caller sends directly is checked here.

Values are bounded the same way for every caller (BoundedMixin): a date a
person could mean, a number the database can hold, a text of a size that
fits its use; each refused with a translated message."""
import datetime as dt
import functools

from sql import Column
from sql.functions import CurrentTimestamp

from trytond.i18n import gettext
from trytond.model import Index, fields
from trytond.model.exceptions import AccessButtonError
from trytond.model.modelstorage import _record_eval_pyson
from trytond.pool import Pool
from trytond.transaction import Transaction

from .exceptions import BoundError, WorkflowFieldError


def clock():
    """The suite's current time, naive UTC: the one clock of every workflow
    (tests and the demo move it with mock.patch of this function)"""
    return dt.datetime.now()


def now():
    """clock() to the second: the time a form opens with.  sao shows no
    microseconds; seeing the value change when it dropped them, it redrew a
    new ticket's form and lost what the clerk had chosen meanwhile (the
    priority, the language, the dispatch target)"""
    return clock().replace(microsecond=0)


def external_call():
    "Whether the call comes from a client (access checked), not a step"
    transaction = Transaction()
    return bool(transaction.user and transaction.check_access)


# what PostgreSQL's integer holds
INTEGER_MAX = 2**31 - 1
# a Char without a size of its own: a name, a reference, a short note
CHAR_SIZE = 250
# a phone number as people write it: +7 (913) 000-11-22 доб. 123
PHONE_SIZE = 40
TEXT_SIZE = 20_000
YEARS = (1900, 2199)


class BoundedMixin:
    """Every date within YEARS, every integer within the database's
    integer, every text of a bounded size, whatever the caller; the fields
    in _not_in_future (when something happened) not after clock(), with a
    day's margin for the time zones.

    The fields in _now_defaults open with the time now (now()), taken each
    time a form opens: Tryton lets clients keep a model's defaults for 5
    minutes, and three tickets saved over 30 s were all received at the
    time the first form had opened."""
    __slots__ = ()
    _not_in_future = set()
    _now_defaults = set()

    @classmethod
    def __setup__(cls):
        super().__setup__()
        if cls._now_defaults:
            cls.__rpc__['default_get'].cache = None
            for name in cls._now_defaults:
                setattr(cls, f'default_{name}', classmethod(
                        lambda cls: now()))

    @classmethod
    def preprocess_values(cls, mode, values):
        """Refuse before the database does: PostgreSQL refuses an integer
        or an indexed text too large with an error no user understands,
        before Tryton's validation runs.  The values are checked here, in
        Python, not by a domain on each field: Tryton checks a domain with
        a query per field, seven of a ticket's registration."""
        values = super().preprocess_values(mode, values)
        first, last = YEARS
        for name, value in values.items():
            field = cls._fields.get(name)
            if (isinstance(value, dt.date)
                    and isinstance(field, (fields.Date, fields.DateTime))
                    and not first <= value.year <= last):
                raise BoundError(gettext('cs_base.msg_date_out_of_range',
                        field=cls._field_string(name), value=value,
                        first=first, last=last))
            if (isinstance(field, fields.Integer)
                    and isinstance(value, int)
                    and not -INTEGER_MAX <= value <= INTEGER_MAX):
                raise BoundError(gettext('cs_base.msg_integer_too_large',
                        field=cls._field_string(name),
                        value=value, maximum=INTEGER_MAX))
            size = cls._text_size(field)
            if size and isinstance(value, str) and len(value) > size:
                raise BoundError(gettext('cs_base.msg_text_too_long',
                        field=cls._field_string(name),
                        length=len(value), size=size))
        return values

    @staticmethod
    def _text_size(field):
        """The most characters a text field takes: its size, else the
        suite's bound.  Not set as the field's size: sao draws an input of
        (size + 5) characters, and 255 made every form four screens wide."""
        if not isinstance(field, fields.Char):
            return None
        if field.size or field.__class__ not in (fields.Char, fields.Text):
            return field.size
        return TEXT_SIZE if isinstance(field, fields.Text) else CHAR_SIZE

    @classmethod
    def _field_string(cls, name):
        "The field's name in the user's language, for the messages"
        return cls.__names__(field=name)['field']

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        names = cls._not_in_future & set(field_names)
        if names:
            cls._check_not_in_future(records, names)

    @classmethod
    def _check_not_in_future(cls, records, names):
        latest = clock() + dt.timedelta(days=1)
        for record in records:
            for name in names:
                value = getattr(record, name)
                if value is None:
                    continue
                if value > (latest if isinstance(value, dt.datetime)
                        else latest.date()):
                    raise BoundError(gettext(
                            'cs_base.msg_not_in_future',
                            field=cls._field_string(name),
                            record=record.rec_name, value=value))


def step(func=None, *, record=True, name=None):
    """A step of a workflow, placed under ModelView.button (or called by
    the wizard that asks for its reason): once it is taken, the model
    records it in the records' history (record_step) and other modules
    react to it (react), inside the button, with its rights (a user of the
    group allowed to click it needs no right on what the reactions touch).
    record=False for a step that records itself (with the reason given,
    say); name, the step's name when it is not the method's (do_cancel is
    the step cancel)."""
    if func is None:
        return functools.partial(step, record=record, name=name)
    name = name or func.__name__

    @functools.wraps(func)
    def wrapper(cls, records, *args, **kwargs):
        result = func(cls, records, *args, **kwargs)
        if record:
            cls.record_step(records, name)
        cls.react(name, records)
        return result
    return wrapper


def step_employee(string):
    """A field of who took a step: the user's employee its step sets
    (transition's employee, company's set_employee), read-only to every
    client: WorkflowMixin refuses it on a create or write over RPC and a
    copy leaves it empty"""
    return fields.Many2One('company.employee', string, readonly=True)


def transition(state, employee=None):
    """Workflow.transition and company's set_employee in one write.

    The records moving to state (by the model's _transitions) enter the step
    with their new state, and the user's employee of the record's company
    in field employee (when empty), set but not saved: the step sets what
    else it fills in and saves them, the state with the rest (a step that
    saves nothing has them saved after).  For a model that keeps its own
    history of steps (record_step): Tryton's log of the transition would
    write the same twice (the button's click is logged too)."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(cls, records, *args, **kwargs):
            moving = [r for r in records
                if (r.state, state) in cls._transitions]
            changed = [r for r in moving if r.state != state]
            staff = user_employees() if employee else {}
            for record in changed:
                record.state = state
                if (employee and not getattr(record, employee)
                        and record.company):
                    setattr(record, employee, staff.get(record.company.id))
            result = func(cls, moving, *args, **kwargs)
            cls.save(changed)
            return result
        return wrapper
    return decorator


def user_is(employee):
    """Whether the user acts as employee: one of Tryton's cached employees
    of the user, or, on the portal, the employee of the signed-in account's
    party (an employee taking their exam on their phone)"""
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    if not employee:
        return False
    transaction = Transaction()
    if transaction.user == ModelData.get_id('cs_base', 'user_portal'):
        # the Portal user reads no employee: its party is read as the server
        with transaction.set_context(_check_access=False):
            party = type(employee)(employee.id).party
        return bool(party) and (
            transaction.context.get('portal_party') == party.id)
    return employee.id in User.get_employees()


def check_button_access(cls, name):
    """Refuse, as ModelView.button does, a user not in the groups of the
    button name of cls: for a step taken within another call (a ticket
    registered by the create that saves it)"""
    pool = Pool()
    Button = pool.get('ir.model.button')
    User = pool.get('res.user')
    if not external_call():
        return
    groups = Button.get_groups(cls.__name__, name)
    if groups and not groups & set(User.get_groups()):
        raise AccessButtonError(gettext('ir.msg_access_button_error',
                button=name, **cls.__names__()))


def user_employees():
    "The user's employees by company, from Tryton's cache of them"
    pool = Pool()
    User = pool.get('res.user')
    Employee = pool.get('company.employee')
    return {e.company.id: e for e in Employee.browse(User.get_employees())}


class WorkflowMixin(BoundedMixin):
    """A record that moves through steps (buttons): its state and the
    fields its steps set change only through them, whatever the caller.

    Other modules react to a step by extending react(), which the steps
    decorated with step() call inside their button."""
    __slots__ = ()

    @classmethod
    def record_step(cls, records, step, note=None):
        """Hook: keep step in the records' history.  Tryton's own log
        (ir.model.log) already records each transition and each click;
        a model with a history of its own (HistoryMixin) adds its entries"""
        pass

    @classmethod
    def react(cls, step, records):
        "Hook: called after each step named step on records"
        pass

    @classmethod
    def create(cls, vlist):
        if external_call():
            cls._check_set_by_steps(vlist)
        return super().create(vlist)

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if mode == 'write' and external:
            cls._check_read_only(records, values)

    @classmethod
    def copy(cls, records, default=None):
        "A copy is a new record: what the steps set starts anew"
        default = dict(default or {})
        names = cls._set_by_steps()
        defaults = cls.default_get(names, with_rec_name=False)
        for name in names:
            default.setdefault(name, defaults.get(name))
        return super().copy(records, default=default)

    @classmethod
    def _set_by_steps(cls):
        "The stored fields that only the server sets (read-only as defined)"
        return [name for name, field in cls._fields.items()
            if field.readonly and not isinstance(field, fields.Function)
            and name not in {'id', 'create_uid', 'create_date',
                'write_uid', 'write_date'}]

    @classmethod
    def _check_set_by_steps(cls, vlist):
        names = cls._set_by_steps()
        defaults = cls.default_get(names, with_rec_name=False)
        for values in vlist:
            for name in names:
                value = values.get(name)
                if value in (None, [], (), '') or value == defaults.get(name):
                    continue
                raise WorkflowFieldError(gettext(
                        'cs_base.msg_workflow_field_set_by_steps',
                        field=cls._field_string(name),
                        model=cls.__names__()['model']))

    @classmethod
    def _check_read_only(cls, records, values):
        for name, value in values.items():
            field = cls._fields.get(name)
            if not field or isinstance(field, fields.Function):
                continue
            readonly = field.states.get('readonly')
            for record in records:
                if field.readonly:
                    message = 'cs_base.msg_workflow_field_set_by_steps_write'
                elif readonly is not None and _record_eval_pyson(
                        record, readonly):
                    message = 'cs_base.msg_workflow_field_read_only_in_state'
                else:
                    continue
                if cls._changes(record, name, field, value):
                    state = getattr(record, 'state_string', None) or getattr(
                        record, 'state', '')
                    raise WorkflowFieldError(gettext(message,
                            field=cls._field_string(name),
                            record=record.rec_name, state=state))

    @staticmethod
    def _changes(record, name, field, value):
        "Whether writing value changes the record's field"
        if isinstance(field, (fields.One2Many, fields.Many2Many)):
            return bool(value)
        current = getattr(record, name)
        if isinstance(field, (fields.Many2One, fields.One2One)):
            current = current.id if current else None
        elif isinstance(field, fields.Reference):
            current = str(current) if current else None
            if isinstance(value, (list, tuple)):
                value = '%s,%s' % tuple(value)
        elif isinstance(field, fields.Boolean):
            return bool(current) != bool(value)
        elif isinstance(field, fields.MultiSelection):
            return set(current or ()) != set(value or ())
        return current != value


class HistoryMixin(BoundedMixin):
    """An entry of a record's history: when, by which user and which
    employee (the model adds the step and what else it keeps).

    Tryton's log (ir.model.log) records the transitions and the clicks,
    but neither the employee who acted, whom the printed forms and the
    customers on the portal see, nor the reason given for a step; the
    models whose history is shown keep this one.  _history_of names the
    Many2One to the record."""
    __slots__ = ()
    _history_of = None

    date = fields.DateTime("Date", required=True, readonly=True)
    user = fields.Many2One('res.user', "User", readonly=True)
    employee = fields.Many2One('company.employee', "Employee", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add(cls._history_of)
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (getattr(t, cls._history_of), Index.Equality())))

    @classmethod
    def default_date(cls):
        return clock()

    @classmethod
    def default_user(cls):
        return Transaction().user or None

    @classmethod
    def default_employee(cls):
        return Transaction().context.get('employee')

    @classmethod
    def add_entries(cls, vlist):
        """Insert the entries of vlist (values of the model's fields) in
        one statement.  Entries are written by the server alone, from
        values it sets: Tryton's create would read each entry back to
        validate it (a tenth of a ticket's registration).  The bounds are
        checked as a create checks them (preprocess_values); the required
        columns and the records they belong to are the database's
        constraints."""
        transaction = Transaction()
        table = cls.__table__()
        stored = [n for n, f in cls._fields.items()
            if not hasattr(f, 'set') and not isinstance(f, fields.Function)
            and n not in {'id', 'create_uid', 'create_date', 'write_uid',
                'write_date'}]
        defaults = cls.default_get(stored, with_rec_name=False)
        rows = []
        for values in vlist:
            values = cls.preprocess_values('create', {**defaults, **values})
            rows.append([transaction.user, CurrentTimestamp()] + [
                    cls._fields[n].sql_format(values.get(n)) for n in stored])
        if rows:
            columns = [table.create_uid, table.create_date] + [
                Column(table, n) for n in stored]
            transaction.connection.cursor().execute(
                *table.insert(columns, rows))
            # as Tryton's create does: the records' caches are refreshed
            transaction.counter += 1
