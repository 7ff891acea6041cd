# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt
import re
from weakref import WeakKeyDictionary

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, fields)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import timezone as tz
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import (
    CalendarComputationError, CalendarError, HolidaysUnpublishedWarning)
from .tools import save_in_languages
from .workflow import BoundedMixin

WEEKDAYS = [
    ('0', "Monday"),
    ('1', "Tuesday"),
    ('2', "Wednesday"),
    ('3', "Thursday"),
    ('4', "Friday"),
    ('5', "Saturday"),
    ('6', "Sunday"),
    ]
TIMEZONES = [(z, z) for z in sorted(tz.available_timezones())]
# A calendar with a few working hours a year still finds its next working
# moment; a longer search means the calendar has no working time at all.
MAX_DAYS = 3 * 366
# transaction -> {calendar id: schedule}; each worker's transaction starts
# after Tryton's caches are synchronised, so no other worker's change is missed
_TRANSACTION_SCHEDULES = WeakKeyDictionary()
_SUBSTITUTED = re.compile(r'substituted from (\d{2})/(\d{2})/(\d{4})')


_MICROSECONDS = dt.timedelta(microseconds=1)
_MIDNIGHT = dt.time()
_ONE_DAY = dt.timedelta(days=1)


def _microseconds(time):
    "The time of day in microseconds since midnight"
    return ((time.hour * 60 + time.minute) * 60 + time.second) * 1_000_000 + (
        time.microsecond)


class WorkingSchedule:
    """Working time of a calendar, in the calendar's local time.

    week: weekday (0 = Monday) -> sorted [(start time, end time)]
    holidays: set of dates without working time
    working_days: date -> weekday whose hours apply (moved working days)
    tzinfo: the time zone of the calendar

    Deadlines are counted by the thousand (each ticket's, each SLA run):
    add() counts in integer microseconds of the day, and the UTC offset of
    a day without a change of offset is looked up once.
    """
    __slots__ = ('week', 'holidays', 'working_days', 'tzinfo', '_spans',
        '_to_local', '_to_utc')

    def __init__(self, week, holidays=(), working_days=None, tzinfo=tz.UTC):
        self.week = {d: tuple(sorted(week.get(d, ()))) for d in range(7)}
        self.holidays = frozenset(holidays)
        self.working_days = dict(working_days or {})
        self.tzinfo = tzinfo
        # weekday -> ((begin, end) in microseconds of the day, ...)
        self._spans = {d: tuple(
                (_microseconds(b), _microseconds(e)) for b, e in intervals)
            for d, intervals in self.week.items()}
        self._to_local = {}
        self._to_utc = {}

    def _offset(self, offsets, value, date, convert):
        offset = offsets.get(date)
        if offset is None:
            first = dt.datetime.combine(date, _MIDNIGHT)
            last = first + (_ONE_DAY - _MICROSECONDS)
            offset = convert(first) - first
            # a day on which the offset changes is converted moment by moment
            if convert(last) - last != offset:
                offset = False
            offsets[date] = offset
        if offset is False:
            return convert(value) - value
        return offset

    def _exact_to_local(self, value):
        return (value.replace(tzinfo=tz.UTC).astimezone(self.tzinfo)
            .replace(tzinfo=None))

    def _exact_to_utc(self, value):
        return (value.replace(tzinfo=self.tzinfo).astimezone(tz.UTC)
            .replace(tzinfo=None))

    # to_local and to_utc are written out alike rather than through a
    # shared helper: one call less on the path of every deadline
    def to_local(self, value):
        "Convert a naive UTC datetime into naive local time"
        date = value.date()
        offset = self._to_local.get(date)
        if offset is None or offset is False:
            offset = self._offset(
                self._to_local, value, date, self._exact_to_local)
        return value + offset

    def to_utc(self, value):
        "Convert a naive local datetime into naive UTC"
        date = value.date()
        offset = self._to_utc.get(date)
        if offset is None or offset is False:
            offset = self._offset(
                self._to_utc, value, date, self._exact_to_utc)
        return value + offset

    def intervals(self, date):
        if date in self.working_days:
            return self.week[self.working_days[date]]
        if date in self.holidays:
            return ()
        return self.week[date.weekday()]

    def _day_spans(self, date):
        if date in self.working_days:
            return self._spans[self.working_days[date]]
        if date in self.holidays:
            return ()
        return self._spans[date.weekday()]

    def add(self, start, duration):
        "Return the moment when duration of working time after start ends"
        if duration < dt.timedelta(0):
            raise ValueError("negative duration")
        if not duration:
            return start
        remaining = duration // _MICROSECONDS
        date = start.date()
        now = _microseconds(start)
        for _ in range(MAX_DAYS):
            for begin, end in self._day_spans(date):
                if end <= now:
                    continue
                if begin < now:
                    begin = now
                if remaining <= end - begin:
                    return dt.datetime.combine(date, _MIDNIGHT) + (
                        dt.timedelta(microseconds=begin + remaining))
                remaining -= end - begin
            date += _ONE_DAY
            now = 0
        raise OverflowError("no working time")

    def between(self, start, end):
        "Return the working time from start to end (negative if reversed)"
        if end < start:
            return -self.between(end, start)
        total = dt.timedelta(0)
        date = start.date()
        while date <= end.date():
            for begin, finish in self.intervals(date):
                begin = max(dt.datetime.combine(date, begin), start)
                finish = min(dt.datetime.combine(date, finish), end)
                if finish > begin:
                    total += finish - begin
            date += dt.timedelta(days=1)
        return total


class Calendar(BoundedMixin, DeactivableMixin, ModelSQL, ModelView):
    "Working hours, holidays and moved working days of a site"
    __name__ = 'cs.calendar'
    __string__ = "Working Calendar"

    name = fields.Char("Name", required=True, translate=True)
    company = fields.Many2One(
        'company.company', "Company",
        help="Leave empty to share the calendar between all companies.")
    timezone = fields.Selection(
        TIMEZONES, "Timezone", required=True, translate=False,
        help="The time zone in which the working hours are given.")
    hours = fields.One2Many(
        'cs.calendar.hours', 'calendar', "Working Hours",
        help="Several intervals a day are allowed, "
        "such as 09:00-12:00 and 13:00-18:00.")
    days = fields.One2Many(
        'cs.calendar.day', 'calendar', "Holidays and Working Days",
        help="Public holidays and the weekend days "
        "moved to working days around them.")
    _schedule_cache = Cache('cs.calendar.schedule', context=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality())))
        cls._buttons.update({
                'fill_holidays': {
                    'icon': 'tryton-launch',
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_timezone(cls):
        return 'Asia/Shanghai'

    @classmethod
    @ModelView.button_action('cs_base.wizard_fill_holidays')
    def fill_holidays(cls, calendars):
        pass

    @classmethod
    def on_modification(cls, mode, calendars, field_names=None):
        super().on_modification(mode, calendars, field_names=field_names)
        cls.clear_schedules()

    @property
    def schedule(self):
        # the transaction's own copy first: looking the shared cache up was
        # a quarter of the time of each deadline (ticket registration, SLA)
        transaction = Transaction()
        schedules = _TRANSACTION_SCHEDULES.setdefault(transaction, {})
        schedule = schedules.get(self.id)
        if schedule is None:
            schedule = self._schedule_cache.get(self.id)
            if schedule is None:
                schedule = self._build_schedule()
                self._schedule_cache.set(self.id, schedule)
            schedules[self.id] = schedule
        return schedule

    @classmethod
    def clear_schedules(cls):
        cls._schedule_cache.clear()
        _TRANSACTION_SCHEDULES.pop(Transaction(), None)

    def _build_schedule(self):
        week = {d: [] for d in range(7)}
        for line in self.hours:
            week[int(line.weekday)].append((line.start, line.end))
        holidays = {d.date for d in self.days if d.type == 'holiday'}
        working_days = {
            d.date: int(d.work_as) for d in self.days if d.type == 'working'}
        return WorkingSchedule(
            week, holidays, working_days, tz.get_tzinfo(self.timezone))

    def add_working_hours(self, start, hours):
        """Return the naive UTC datetime at which hours of working time
        counted from start (naive UTC) end.

        Zero hours returns start itself."""
        duration = hours if isinstance(hours, dt.timedelta) else (
            dt.timedelta(hours=float(hours)))
        schedule = self.schedule
        try:
            end = schedule.add(schedule.to_local(start), duration)
        except OverflowError:
            raise CalendarComputationError(gettext(
                    'cs_base.msg_calendar_no_working_time',
                    calendar=self.rec_name))
        except ValueError:
            raise CalendarComputationError(gettext(
                    'cs_base.msg_calendar_negative_hours',
                    calendar=self.rec_name))
        return schedule.to_utc(end)

    def working_hours_between(self, start, end):
        "Return the working time between two naive UTC datetimes"
        schedule = self.schedule
        return schedule.between(
            schedule.to_local(start), schedule.to_local(end))


class ScheduleLineMixin:
    "A line of a calendar: changing it changes the calendar's schedule"
    __slots__ = ()

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Pool().get('cs.calendar').clear_schedules()


class CalendarHours(BoundedMixin, ScheduleLineMixin, ModelSQL, ModelView):
    "One interval of working time on a weekday"
    __name__ = 'cs.calendar.hours'
    __string__ = "Working Hours"

    calendar = fields.Many2One(
        'cs.calendar', "Calendar", required=True, ondelete='CASCADE')
    weekday = fields.Selection(WEEKDAYS, "Weekday", required=True, sort=False)
    weekday_string = weekday.translated('weekday')
    start = fields.Time("From", required=True, format='%H:%M')
    end = fields.Time(
        "To", required=True, format='%H:%M',
        help="For a desk open until midnight use 23:59.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('calendar')
        cls._order = [('weekday', 'ASC'), ('start', 'ASC'), ('id', 'ASC')]

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        if field_names & {'weekday', 'start', 'end', 'calendar'}:
            cls.check_intervals(records)

    @classmethod
    def check_intervals(cls, records):
        for record in records:
            if record.end <= record.start:
                raise CalendarError(gettext(
                        'cs_base.msg_calendar_hours_inverted',
                        calendar=record.calendar.rec_name,
                        weekday=record.weekday_string,
                        start=record.start.strftime('%H:%M'),
                        end=record.end.strftime('%H:%M')))
        calendars = {r.calendar for r in records}
        for calendar in calendars:
            for weekday in {r.weekday for r in records
                    if r.calendar == calendar}:
                lines = sorted(
                    (h for h in calendar.hours if h.weekday == weekday),
                    key=lambda h: h.start)
                for previous, line in zip(lines, lines[1:]):
                    if line.start < previous.end:
                        raise CalendarError(gettext(
                                'cs_base.msg_calendar_hours_overlap',
                                calendar=calendar.rec_name,
                                weekday=line.weekday_string))


class CalendarDay(BoundedMixin, ScheduleLineMixin, ModelSQL, ModelView):
    "A public holiday or a day worked instead of a weekend day"
    __name__ = 'cs.calendar.day'
    __string__ = "Calendar Day"

    calendar = fields.Many2One(
        'cs.calendar', "Calendar", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    name = fields.Char("Name", translate=True)
    type = fields.Selection([
            ('holiday', "Holiday"),
            ('working', "Working Day"),
            ], "Type", required=True,
        help="A holiday has no working time; "
        "a working day follows the hours of a weekday even on a weekend.")
    work_as = fields.Selection(
        WEEKDAYS, "Hours As On", sort=False,
        states={
            'invisible': Eval('type') != 'working',
            'required': Eval('type') == 'working',
            },
        help="The weekday whose working hours apply on this day.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('calendar')
        t = cls.__table__()
        cls._sql_constraints += [
            ('date_unique', Unique(t, t.calendar, t.date),
                'cs_base.msg_calendar_day_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.calendar, Index.Equality()), (t.date, Index.Range())))
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_type(cls):
        return 'holiday'

    @classmethod
    def default_work_as(cls):
        return '0'


class FillHolidaysStart(ModelView):
    __name__ = 'cs.calendar.fill_holidays.start'
    __string__ = "Fill Holidays"

    year = fields.Integer("Year", required=True)
    country = fields.Selection([
            ('CN', "China"),
            ('RU', "Russia"),
            ], "Country", required=True)

    @classmethod
    def default_year(cls):
        return Pool().get('ir.date').today().year

    @classmethod
    def default_country(cls):
        return 'CN'


class FillHolidays(Wizard):
    "Fill a year's public holidays and moved working days"
    __name__ = 'cs.calendar.fill_holidays'

    start = StateView('cs.calendar.fill_holidays.start',
        'cs_base.calendar_fill_holidays_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Fill", 'fill', 'tryton-ok', default=True),
            ])
    fill = StateTransition()

    def transition_fill(self):
        pool = Pool()
        Day = pool.get('cs.calendar.day')
        Warning = pool.get('res.user.warning')
        year, country = self.start.year, self.start.country
        if not 1900 < year < 2200:
            raise CalendarError(gettext(
                    'cs_base.msg_calendar_year_invalid', year=year))
        published = country != 'CN' or _chinese_year_published(year)
        key = f'cs_calendar_unpublished_{country}_{year}'
        if not published and Warning.check(key):
            raise HolidaysUnpublishedWarning(key, gettext(
                    'cs_base.msg_calendar_year_unpublished', year=year))
        public = list(public_days(country, year))
        days = []
        for calendar in self.records:
            known = {d.date for d in calendar.days}
            days += [Day(calendar=calendar, date=date, type=type_,
                    name=names['en'], work_as='0')
                for date, type_, names in public if date not in known]
        names = {date: names for date, _, names in public}
        save_in_languages(
            days, 'name', lambda day, language: names[day.date][language])
        return 'end'


def public_days(country, year):
    """Yield (date, 'holiday' | 'working', {language: name}) for the days
    of a country's year that are not as their weekday: the public holidays
    and days off, and the weekend days worked instead.

    python-holidays names a day off moved from another day "Day off
    (substituted from MM/DD/YYYY)".  That other day is a working day when it
    is not a holiday itself: China's 调休 moves a weekend's rest to stretch
    a holiday and works the weekend day; Russia also moves the rest of a
    holiday that falls on a weekend (4 January 2025 stays a day off).  For
    a year whose Chinese schedule is not published yet, only the statutory
    holidays are known (python-holidays' "observed" days are its guesses)."""
    import holidays
    english = holidays.country_holidays(country, years=year, language='en_US')
    published = country != 'CN' or _chinese_year_published(year)
    working = set()
    for name in english.values():
        for month, day, year_ in _SUBSTITUTED.findall(name):
            moved = dt.date(int(year_), int(month), int(day))
            if moved not in english:
                working.add(moved)
    if country == 'CN' and published:
        working |= _chinese_moved_working_days(year)
    names = {'en': english} | {
        language: _local_names(country, year, language, english)
        for language in ['zh_CN', 'ru']}
    for date in sorted(english):
        if date in working or (
                not published and '(observed)' in english[date]):
            continue
        yield date, 'holiday', {lang: n[date] for lang, n in names.items()}
    for date in sorted(d for d in working if d.year == year):
        yield date, 'working', {language: gettext(
                'cs_base.msg_calendar_moved_working_day', language)
            for language in names}


def _local_names(country, year, language, english):
    """The holidays' names in language: python-holidays' own, else the
    catalogs' (the Chinese holidays in Russian)"""
    import holidays
    if language in holidays.country_holidays(country).supported_languages:
        return holidays.country_holidays(
            country, years=year, language=language)
    local = {}
    for date, name in english.items():
        base, _, note = name.partition(' (')
        moved = _SUBSTITUTED.search(note)
        if moved:
            month, day, year_ = moved.groups()
            local[date] = gettext('cs_base.msg_holiday_day_off', language,
                date=f'{day}.{month}.{year_}')
            continue
        message = _HOLIDAY_MESSAGES.get(base)
        local[date] = gettext(message, language) if message else name
        if note.startswith('observed'):
            local[date] = gettext('cs_base.msg_holiday_observed', language,
                name=local[date])
    return local


# the names python-holidays gives only in English and Chinese
_HOLIDAY_MESSAGES = {
    "New Year's Day": 'cs_base.msg_holiday_cn_new_year',
    "Chinese New Year's Eve": 'cs_base.msg_holiday_cn_spring_festival_eve',
    "Chinese New Year": 'cs_base.msg_holiday_cn_spring_festival',
    "Tomb-Sweeping Day": 'cs_base.msg_holiday_cn_qingming',
    "Labor Day": 'cs_base.msg_holiday_cn_labour_day',
    "Dragon Boat Festival": 'cs_base.msg_holiday_cn_dragon_boat',
    "Mid-Autumn Festival": 'cs_base.msg_holiday_cn_mid_autumn',
    "National Day": 'cs_base.msg_holiday_cn_national_day',
    }


def _chinese_year_published(year):
    "Whether chinese-calendar has the State Council's schedule of year"
    import chinese_calendar
    try:
        chinese_calendar.get_workdays(
            dt.date(year, 1, 1), dt.date(year, 1, 2))
    except NotImplementedError:
        return False
    return True


def _chinese_moved_working_days(year):
    "Return China's weekend working days as published by the State Council"
    import chinese_calendar
    workdays = chinese_calendar.get_workdays(
        dt.date(year, 1, 1), dt.date(year, 12, 31))
    return {d for d in workdays if d.weekday() >= 5}
