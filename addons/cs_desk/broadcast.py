# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The in-store broadcast plan (店内广播, HD-08, CS-05)"
from string import Template

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Workflow, fields)
from trytond.modules.company.model import set_employee
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.tools import (
    DayFiltersMixin, check_state, day_filter, local_date, order_index)
from trytond.modules.cs_base.workflow import (
    BoundedMixin, WorkflowMixin, step_employee)
from trytond.pool import Pool
from trytond.pyson import Eval, If, PYSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from .desk import RegisterMixin
from .exceptions import RegisterError

KINDS = [
    ('announcement', "Announcement"),
    ('found_item', "Found Item"),
    ('lost_child', "Lost Child"),
    ('promotion', "Promotion"),
    ('safety', "Safety"),
    ('other', "Other"),
    ]
STATES = [
    ('draft', "Draft"),
    ('approved', "Approved"),
    ('finished', "Finished"),
    ('cancelled', "Cancelled"),
    ]
# what the supervisor approves: changing it needs a new approval
APPROVED_CONTENT = {
    'name', 'script_zh', 'script_ru', 'schedule', 'start_date', 'end_date',
    'slots'}


RU_MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля',
    'августа', 'сентября', 'октября', 'ноября', 'декабря']


def spoken_date(date, code):
    "The date as an announcer reads it aloud: 12月5日, 5 декабря"
    if code.startswith('zh'):
        return f'{date.month}月{date.day}日'
    if code == 'ru':
        return f'{date.day} {RU_MONTHS[date.month - 1]}'
    return date.strftime('%B %-d')


class BroadcastTemplate(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    "Bilingual wording from which broadcasts are drafted"
    __name__ = 'cs.broadcast.template'
    __string__ = "Broadcast Template"

    name = fields.Char("Name", required=True, translate=True)
    kind = fields.Selection(KINDS, "Kind", required=True, sort=False)
    script_zh = fields.Text(
        "Chinese Script", required=True,
        help="Placeholders: ${item}, ${date}, ${number}, ${name}, ${age}, "
        "${details}.")
    script_ru = fields.Text(
        "Russian Script", required=True,
        help="Placeholders: ${item}, ${date}, ${number}, ${name}, ${age}, "
        "${details}.")

    @classmethod
    def default_kind(cls):
        return 'announcement'


class Broadcast(
        DayFiltersMixin, WorkflowMixin, RegisterMixin, Workflow, ModelSQL,
        ModelView):
    "A broadcast on the plan, aired only as a supervisor approved it"
    __name__ = 'cs.broadcast'
    __string__ = "Broadcast"

    _draft = {'readonly': ~Eval('state').in_(['draft', 'approved'])}
    _deletable_states = {'draft', 'cancelled'}
    _day_filters = {
        'airs_today': lambda today: [
            ('state', '=', 'approved'), ('start_date', '<=', today),
            ['OR', ('end_date', '>=', today), ('end_date', '=', None)]],
        }

    company = fields.Many2One(
        'company.company', "Company", required=True,
        states={'readonly': Eval('state') != 'draft'})
    name = fields.Char("Title", required=True, states=_draft)
    airs_today = day_filter(
        "Airs Today", help="Approved and within its dates today.")
    kind = fields.Selection(
        KINDS, "Kind", required=True, sort=False, states=_draft)
    script_zh = fields.Text(
        "Chinese Script", required=True, states=_draft,
        help="Changing a script after approval needs a new approval.")
    script_ru = fields.Text(
        "Russian Script", required=True, states=_draft,
        help="Changing a script after approval needs a new approval.")
    schedule = fields.Selection([
            ('once', "Once"),
            ('daily', "Daily"),
            ], "Schedule", required=True, states=_draft)
    start_date = fields.Date("Date", required=True, states=_draft)
    end_date = fields.Date(
        "Until", states={
            'readonly': _draft['readonly'],
            'invisible': Eval('schedule') != 'daily',
            },
        domain=[If(Eval('end_date') & Eval('start_date'),
                ('end_date', '>=', Eval('start_date')), ())],
        help="Leave empty to air daily until the broadcast is finished.")
    slots = fields.One2Many(
        'cs.broadcast.slot', 'broadcast', "Times", states=_draft)
    slot_times = fields.Function(
        fields.Char("Times"), 'get_slot_times')
    lost_found_item = fields.Many2One(
        'cs.lost_found.item', "Found Item", readonly=True,
        states={'invisible': ~Eval('lost_found_item')})
    approved_by = step_employee("Approved By")
    approved_at = fields.DateTime("Approved At", readonly=True)
    logs = fields.One2Many(
        'cs.broadcast.log', 'broadcast', "Air Log", readonly=True)
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.state, Index.Equality()),
                (t.start_date, Index.Range()),
                where=t.state == 'approved'))
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._sql_indexes.add(order_index(cls))
        cls._transitions |= {
            ('draft', 'approved'),
            ('approved', 'draft'),
            ('approved', 'finished'),
            ('draft', 'cancelled'),
            ('approved', 'cancelled'),
            }
        cls._buttons.update({
                'approve': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'air': {
                    'invisible': ~Eval('state').in_(['draft', 'approved']),
                    'icon': 'tryton-launch',
                    'depends': ['state'],
                    },
                'finish': {
                    'invisible': Eval('state') != 'approved',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'approved']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_kind(cls):
        return 'announcement'

    @classmethod
    def default_schedule(cls):
        return 'once'

    @classmethod
    def default_start_date(cls):
        company = Transaction().context.get('company')
        return local_date(workflow.clock(), company) if company else None

    def get_slot_times(self, name):
        return ', '.join(s.time.strftime('%H:%M') for s in self.slots)

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('schedule') == 'once' and 'start_date' in values:
            values['end_date'] = values['start_date']
        if mode == 'write' and values.keys() & APPROVED_CONTENT:
            # what was approved changed: it needs a new approval
            values.update(state='draft', approved_by=None, approved_at=None)
        return values

    @classmethod
    def check_modification(
            cls, mode, broadcasts, values=None, external=False):
        super().check_modification(
            mode, broadcasts, values=values, external=external)
        if mode == 'write' and values.keys() & APPROVED_CONTENT:
            for broadcast in broadcasts:
                if broadcast.state in {'finished', 'cancelled'}:
                    raise RegisterError(gettext(
                            'cs_desk.msg_broadcast_closed',
                            broadcast=broadcast.rec_name))
        elif mode == 'delete':
            for broadcast in broadcasts:
                if broadcast.logs:
                    raise RegisterError(gettext(
                            'cs_desk.msg_broadcast_delete_aired',
                            broadcast=broadcast.rec_name))

    @classmethod
    @check_state('draft')
    @ModelView.button
    @workflow.step
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, broadcasts):
        for broadcast in broadcasts:
            if not broadcast.slots:
                raise RegisterError(gettext(
                        'cs_desk.msg_broadcast_no_slot',
                        broadcast=broadcast.rec_name))
        # Workflow.transition writes the state through write(), which
        # keeps the approval as only the state changes
        cls.write(broadcasts, {'approved_at': workflow.clock()})

    @classmethod
    @ModelView.button
    @workflow.step
    def air(cls, broadcasts):
        "Log that the broadcasts went on air now"
        Log = Pool().get('cs.broadcast.log')
        cls.lock(broadcasts)
        for broadcast in cls.browse(broadcasts):
            today = local_date(workflow.clock(), broadcast.company.id)
            if broadcast.state != 'approved':
                raise RegisterError(gettext(
                        'cs_desk.msg_broadcast_not_approved',
                        broadcast=broadcast.rec_name))
            if not broadcast.on_air(today):
                raise RegisterError(gettext(
                        'cs_desk.msg_broadcast_not_today',
                        broadcast=broadcast.rec_name))
        Log.save([Log(broadcast=b) for b in broadcasts])

    def on_air(self, date):
        return (self.start_date <= date
            and (not self.end_date or date <= self.end_date))

    @classmethod
    @check_state('approved')
    @ModelView.button
    @workflow.step
    @Workflow.transition('finished')
    def finish(cls, broadcasts):
        pass

    @classmethod
    @check_state('draft', 'approved')
    @ModelView.button
    @workflow.step
    @Workflow.transition('cancelled')
    def cancel(cls, broadcasts):
        pass


class Slot(BoundedMixin, ModelSQL, ModelView):
    "A time of day at which a broadcast airs"
    __name__ = 'cs.broadcast.slot'
    __string__ = "Broadcast Time"

    broadcast = fields.Many2One(
        'cs.broadcast', "Broadcast", required=True, ondelete='CASCADE')
    time = fields.Time("Time", required=True, format='%H:%M')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('broadcast')
        cls._order = [('time', 'ASC'), ('id', 'ASC')]

    @classmethod
    def check_modification(cls, mode, slots, values=None, external=False):
        super().check_modification(
            mode, slots, values=values, external=external)
        for slot in slots:
            if slot.broadcast.state != 'draft':
                raise RegisterError(gettext(
                        'cs_desk.msg_broadcast_slot_approved',
                        broadcast=slot.broadcast.rec_name))


class Log(BoundedMixin, ModelSQL, ModelView):
    "What actually went on air, and who aired it"
    __name__ = 'cs.broadcast.log'
    __string__ = "Broadcast Air Log"
    _now_defaults = {'aired_at'}

    broadcast = fields.Many2One(
        'cs.broadcast', "Broadcast", required=True, readonly=True,
        ondelete='RESTRICT')
    aired_at = fields.DateTime("Aired At", required=True, readonly=True)
    aired_by = fields.Many2One(
        'company.employee', "Aired By", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('broadcast')
        cls._order = [('aired_at', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_aired_by(cls):
        return Transaction().context.get('employee')

    @classmethod
    def check_modification(cls, mode, logs, values=None, external=False):
        super().check_modification(
            mode, logs, values=values, external=external)
        if mode in {'write', 'delete'}:
            raise RegisterError(gettext('cs_desk.msg_broadcast_log_edit'))


class Draft(Wizard):
    "Draft a bilingual broadcast from a template"
    __name__ = 'cs.broadcast.draft'
    start = StateView('cs.broadcast.draft.start',
        'cs_desk.broadcast_draft_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Draft", 'draft', 'tryton-ok', default=True),
            ])
    draft = StateTransition()
    open_ = StateAction('cs_desk.act_broadcast_form')

    def default_start(self, fields):
        item = self._item()
        if not item:
            return {}
        templates = Pool().get('cs.broadcast.template').search(
            [('kind', '=', 'found_item')], limit=1)
        return {
            'item': item.id,
            'template': templates[0].id if templates else None,
            }

    def _item(self):
        if self.model and self.model.__name__ == 'cs.lost_found.item':
            return self.record

    def transition_draft(self):
        pool = Pool()
        Broadcast = pool.get('cs.broadcast')
        Item = pool.get('cs.lost_found.item')
        start = self.start
        broadcast = Broadcast(
            name=start.template.name, kind=start.template.kind,
            lost_found_item=start.item)
        for code, field in [('zh_CN', 'script_zh'), ('ru', 'script_ru')]:
            setattr(broadcast, field, start.fill(code, field))
        if start.item:
            broadcast.name = f'{broadcast.name} {start.item.number}'
        broadcast.save()
        self.start.broadcast = broadcast
        if start.item and start.item.state == 'stored':
            Item.publicise([start.item])
        return 'open_'

    def do_open_(self, action):
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', '=', self.start.broadcast.id)])
        action['res_id'] = [self.start.broadcast.id]
        return action, {}


class DraftStart(ModelView):
    __name__ = 'cs.broadcast.draft.start'
    __string__ = "Draft a Broadcast"

    template = fields.Many2One(
        'cs.broadcast.template', "Template", required=True,
        domain=[If(Eval('item'), ('kind', '=', 'found_item'), ())])
    kind = fields.Function(
        fields.Selection(KINDS, "Kind"), 'on_change_with_kind')
    item = fields.Many2One('cs.lost_found.item', "Found Item", readonly=True)
    person = fields.Char(
        "Name", states={
            'invisible': Eval('kind') != 'lost_child',
            'required': Eval('kind') == 'lost_child',
            })
    age = fields.Integer(
        "Age", states={'invisible': Eval('kind') != 'lost_child'})
    details_zh = fields.Text(
        "Details in Chinese",
        states={'invisible': Eval('kind') == 'found_item'},
        help="Such as the child's clothes, in Chinese.")
    details_ru = fields.Text(
        "Details in Russian",
        states={'invisible': Eval('kind') == 'found_item'},
        help="The same details, in Russian.")
    broadcast = fields.Many2One('cs.broadcast', "Broadcast", readonly=True)

    @fields.depends('template')
    def on_change_with_kind(self, name=None):
        return self.template.kind if self.template else None

    def fill(self, code, field):
        "The template's script of field in the language of code"
        pool = Pool()
        Item = pool.get('cs.lost_found.item')
        values = {
            'name': self.person or '',
            'age': self.age if self.age is not None else '',
            'details': getattr(self, 'details_' + field[-2:]) or '',
            }
        if self.item:
            with Transaction().set_context(language=code):
                item = Item(self.item.id)
                label = item.category_string
            values.update(
                item=label[:1].lower() + label[1:],
                number=item.number,
                date=spoken_date(
                    local_date(item.found_at, item.company.id), code))
        return Template(getattr(self.template, field)).safe_substitute(values)
