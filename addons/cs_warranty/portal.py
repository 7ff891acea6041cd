# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What a customer is covered for, and repair requests, on the portal
(WA-02, CS-04)"""
import datetime as dt

from trytond.modules.cs_base.portal import add_menu, route
from trytond.pool import Pool

add_menu(20, 'cs.warranty', '/warranties', 'cs_warranty.warranties')
add_menu(30, 'cs.repair.order', '/repairs', 'cs_warranty.repairs')
# how far ahead a customer may ask for an on-site visit
MAX_APPOINTMENT_DAYS = 90


@route('/warranties', model='cs.warranty')
def warranties(page):
    Warranty = page.pool.get('cs.warranty')
    with page.customer():
        records = Warranty.search([], order=[
                ('warranty_end', 'DESC'), ('id', 'DESC')], limit=200)
        return page.render('cs_warranty/warranties.html',
            title=page.gettext('cs_warranty.warranties'),
            warranties=records, today=page.today())


@route('/warranties/<int:warranty_id>/repair', methods=('GET', 'POST'),
    model='cs.repair.order', submits=True)
def request_repair(page, warranty_id):
    Warranty = page.pool.get('cs.warranty')
    warranty = page.get_or_404(Warranty, [('id', '=', warranty_id)])
    error = None
    if page.request.method == 'POST':
        order, error = page.attempt(_request, page, warranty)
        if not error:
            return page.redirect(f'/repairs/{order.id}', sent=1)
    with page.customer():
        return page.render('cs_warranty/repair_new.html',
            title=page.gettext('cs_warranty.request_repair'),
            warranty=Warranty(warranty.id), error=error, today=page.today())


def _request(page, warranty):
    "A repair order for the desk to take in (draft), channel portal"
    pool = Pool()
    Order = pool.get('cs.repair.order')
    ModelData = pool.get('ir.model.data')
    form = page.form
    fault = form.get('fault', '').strip()
    description = form.get('fault_description', '').strip()
    fault_date = page.parse_date(
        form.get('fault_date', ''), earliest=warranty.start_date)
    mode = form.get('service_mode')
    appointment = page.parse_datetime(form.get('appointment_at', ''),
        earliest=page.today(),
        latest=page.today() + dt.timedelta(days=MAX_APPOINTMENT_DAYS))
    for value, name in [(fault, 'fault'), (description, 'description'),
            (fault_date, 'fault_date')]:
        if not value:
            page.refuse('required', field=page.gettext(
                    f'cs_warranty.{name}'))
    if fault_date > page.today():
        page.refuse('cs_warranty.fault_date_future')
    if mode not in {'in_shop', 'on_site'}:
        mode = 'in_shop'
    if mode == 'on_site' and not appointment:
        page.refuse('cs_warranty.appointment_required')
    channel = ModelData.get_id('cs_base', 'channel_portal')
    # as the Portal user: its grant and record rule allow an order of the
    # customer's own only
    with page.customer():
        order, = Order.create([{
                    'company': warranty.company.id,
                    'party': warranty.party.id,
                    'warranty': warranty.id,
                    'serial': warranty.serial,
                    'fault': fault[:100],
                    'fault_description': description,
                    'fault_date': fault_date,
                    'service_mode': mode,
                    'appointment_at': (
                        appointment if mode == 'on_site' else None),
                    'address': form.get('address', '').strip() or None,
                    'contact_phone': form.get('phone', '').strip() or None,
                    'channel': channel,
                    }])
    return order


@route('/repairs', model='cs.repair.order')
def repairs(page):
    Order = page.pool.get('cs.repair.order')
    with page.customer():
        records = Order.search([], order=[('id', 'DESC')], limit=200)
        return page.render('cs_warranty/repairs.html',
            title=page.gettext('cs_warranty.repairs'), orders=records)


@route('/repairs/<int:order_id>', model='cs.repair.order')
def repair(page, order_id):
    Order = page.pool.get('cs.repair.order')
    order = page.get_or_404(Order, [('id', '=', order_id)])
    with page.customer():
        order = Order(order.id)
        return page.render('cs_warranty/repair.html',
            # a title of its own, not "Repair" glued to the word "New"
            title=(page.gettext('cs_warranty.repair', number=order.number)
                if order.number else page.gettext('cs_warranty.repair_new')),
            order=order, sent=page.request.args.get('sent'))
