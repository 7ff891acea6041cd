# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""An owner's units on the portal: handover appointments and renovation
applications (PH-09, CS-04)"""
import datetime as dt

from trytond.modules.cs_base.portal import add_menu, route
from trytond.pool import Pool

add_menu(40, 'cs.property.unit', '/units', 'cs_property_handover.units')

# the handover appointments offered each day of a batch, and how many
# units the handover team receives at the same time
SLOTS = ['09:00', '10:00', '11:00', '14:00', '15:00', '16:00']
SLOT_CAPACITY = 4


@route('/units', model='cs.property.unit')
def units(page):
    Unit = page.pool.get('cs.property.unit')
    Renovation = page.pool.get('cs.renovation')
    Handover = page.pool.get('cs.handover')
    with page.customer():
        records = Unit.search([], order=[('id', 'ASC')])
        renovations = Renovation.search([], order=[('id', 'DESC')])
        handovers = Handover.search([('state', '!=', 'cancelled')])
        return page.render('cs_property_handover/units.html',
            title=page.gettext('cs_property_handover.units'),
            units=records, renovations=renovations, handovers=handovers,
            bookable={u.id for u in records
                if _open_batch(page, u) and _may_book(page, u)},
            sent=page.request.args.get('sent'))


def _open_batch(page, unit):
    "The approved or open handover batch of the unit's building, if any"
    Batch = Pool().get('cs.handover.batch')
    if unit.state not in {'unsold', 'sold'}:
        return None
    batches = Batch.search([
            ('state', 'in', ['approved', 'open']),
            ('buildings', '=', unit.building.id),
            ('end_date', '>=', page.today()),
            ], limit=1)
    return batches[0] if batches else None


def _booked(unit):
    "The unit's handover not yet taken place, if any"
    Handover = Pool().get('cs.handover')
    handovers = Handover.search([
            ('unit', '=', unit.id), ('state', '=', 'draft')], limit=1)
    return handovers[0] if handovers else None


def _may_book(page, unit):
    """Whether the customer may book (or move) the unit's handover: the
    person a booked handover is for, else the owner; a tenant of the unit
    never moves the owner's appointment"""
    handover = _booked(unit)
    if handover:
        return handover.party == page.party
    return unit.owner == page.party


def _own_unit(page, unit_id):
    Unit = page.pool.get('cs.property.unit')
    return page.get_or_404(Unit, [('id', '=', unit_id)])


@route('/units/<int:unit_id>/handover', methods=('GET', 'POST'),
    model='cs.handover', submits=True)
def book_handover(page, unit_id):
    unit = _own_unit(page, unit_id)
    if not _may_book(page, unit):
        return page.message(
            'cs_property_handover.handover_not_yours', status=403)
    batch = _open_batch(page, unit)
    if not batch:
        return page.message(
            'cs_property_handover.no_batch', status=400)
    error = None
    if page.request.method == 'POST':
        _, error = page.attempt(_book, page, unit, batch)
        if not error:
            return page.redirect('/units', sent='handover')
    first = max(batch.start_date, page.today() + dt.timedelta(days=1))
    days = [first + dt.timedelta(days=n)
        for n in range((batch.end_date - first).days + 1)]
    return page.render('cs_property_handover/handover.html',
        title=page.gettext('cs_property_handover.book_handover'),
        unit=unit, batch=batch, days=days, slots=SLOTS, error=error)


def _book(page, unit, batch):
    "Book (or move) the unit's handover to a free slot of the batch"
    pool = Pool()
    Handover = pool.get('cs.handover')
    Batch = pool.get('cs.handover.batch')
    day = page.parse_date(page.form.get('day', ''))
    slot = page.form.get('slot', '')
    if (not day or slot not in SLOTS
            or not (batch.start_date <= day <= batch.end_date)
            or day <= page.today()):
        page.refuse('cs_property_handover.choose_slot')
    # the slots are the handover team's hours, at the site
    appointment = page.parse_datetime(
        f'{day.isoformat()}T{slot}', zone=page.site_timezone())
    Batch.lock([batch])  # two owners booking the last place of a slot
    if not _may_book(page, unit):
        page.refuse('cs_property_handover.handover_not_yours')
    if Handover.search_count([
                ('batch', '=', batch.id),
                ('appointment_at', '=', appointment),
                ('state', '!=', 'cancelled'),
                ('unit', '!=', unit.id),
                ]) >= SLOT_CAPACITY:
        page.refuse('cs_property_handover.slot_full')
    handover = _booked(unit)
    # as the Portal user: its record rules let the owner book and the
    # person a handover is for move it, nobody else
    with page.customer():
        if handover:
            Handover.write([Handover(handover.id)],
                {'appointment_at': appointment})
        else:
            Handover.create([{
                        'company': batch.company.id, 'batch': batch.id,
                        'unit': unit.id, 'party': page.party.id,
                        'occupant': 'owner', 'appointment_at': appointment,
                        }])


@route('/units/<int:unit_id>/renovation', methods=('GET', 'POST'),
    model='cs.renovation', submits=True)
def apply_renovation(page, unit_id):
    unit = _own_unit(page, unit_id)
    error = None
    if page.request.method == 'POST':
        renovation, error = page.attempt(_apply, page, unit)
        if not error:
            return page.redirect(f'/renovations/{renovation.id}', sent=1)
    rules = unit.unit_type.renovation_rules if unit.unit_type else []
    return page.render('cs_property_handover/renovation_new.html',
        title=page.gettext('cs_property_handover.apply_renovation'),
        unit=unit, rules=rules, error=error,
        checked=set(page.form.getlist('works')))


def _apply(page, unit):
    "A renovation application submitted for approval (PH-08, PH-09)"
    Renovation = Pool().get('cs.renovation')
    form = page.form
    if unit.owner != page.party:
        page.refuse('cs_property_handover.owner_only')
    rules = {str(r.id): r for r in (
            unit.unit_type.renovation_rules if unit.unit_type else [])}
    works = [rules[i] for i in form.getlist('works') if i in rules]
    if not works:
        page.refuse('cs_property_handover.choose_works')
    forbidden = [w for w in works if not w.allowed]
    if forbidden:
        page.refuse('cs_property_handover.work_forbidden',
            work=forbidden[0].work)
    # works start within a year and last at most another
    soonest = page.today() + dt.timedelta(days=1)
    start = page.parse_date(form.get('planned_start', ''),
        earliest=soonest, latest=soonest + dt.timedelta(days=365))
    end = page.parse_date(form.get('planned_end', ''),
        earliest=soonest, latest=soonest + dt.timedelta(days=2 * 365))
    if not start or not end or end < start or start <= page.today():
        page.refuse('cs_property_handover.choose_dates')
    # as the Portal user: its grant and record rule allow an application
    # of the customer's own only
    with page.customer():
        renovation, = Renovation.create([{
                    'company': unit.company.id,
                    'unit': unit.id, 'owner': page.party.id,
                    'planned_start': start, 'planned_end': end,
                    'works': [('add', [w.id for w in works])],
                    'workers': form.get('workers', '').strip() or None,
                    'description': (
                        form.get('description', '').strip() or None),
                    'deposit': (unit.unit_type.deposit or 0),
                    }])
    # the step, as its button takes it
    Renovation.submit([renovation])
    return renovation


@route('/renovations/<int:renovation_id>', model='cs.renovation')
def renovation(page, renovation_id):
    Renovation = page.pool.get('cs.renovation')
    record = page.get_or_404(Renovation, [('id', '=', renovation_id)])
    with page.customer():
        record = Renovation(record.id)
        return page.render('cs_property_handover/renovation.html',
            title=page.gettext('cs_property_handover.renovation'),
            renovation=record, sent=page.request.args.get('sent'))
