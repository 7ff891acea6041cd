# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Service-desk requests on the portal: submit, follow, comment, confirm or
reject the resolution, rate it (HD-02, HD-09, CS-04, CS-09)"""
import io
import logging
from email.message import EmailMessage

import pypdf
from PIL import Image

from trytond.config import config
from trytond.modules.cs_base import throttle
from trytond.modules.cs_base.portal import (
    LANGUAGES, UNSEEN, add_menu, portal_link, request_language, route)
from trytond.pool import Pool
from trytond.sendmail import send_message_transactional
from trytond.transaction import Transaction

logger = logging.getLogger(__name__)

add_menu(10, 'cs.helpdesk.ticket', '/tickets', 'cs_helpdesk.tickets')
add_menu(15, 'cs.helpdesk.answer', '/help', 'cs_helpdesk.help', public=True)

# what a customer may attach: photos and receipts, recognised by their first
# bytes (the browser's content type is not trusted), then read whole
ATTACHMENT_TYPES = [
    (b'\xff\xd8\xff', 'jpg'), (b'\x89PNG\r\n\x1a\n', 'png'),
    (b'%PDF-', 'pdf')]
MAX_NAME = 100
MAX_ATTACHMENT = 5 * 1024 * 1024
MAX_ATTACHMENTS = 5
CLOSED = {'closed', 'cancelled'}
RATED = {'resolved', 'revisited', 'closed'}


@route('/tickets', model='cs.helpdesk.ticket')
def tickets(page):
    Ticket = page.pool.get('cs.helpdesk.ticket')
    with page.customer():
        # only registered requests: a draft (or one cancelled as a draft)
        # is the desk's intake and has no number yet
        records = Ticket.search([
                ('number', '!=', None),
                # a duplicate merged into another is shown as that one
                ('merged_into', '=', None),
                ], limit=200)
        return page.render('cs_helpdesk/tickets.html',
            title=page.gettext('cs_helpdesk.tickets'), tickets=records)


@route('/tickets/new', methods=('GET', 'POST'), model='cs.helpdesk.ticket',
    uploads=True, submits=True)
def new_ticket(page):
    pool = page.pool
    Type = pool.get('cs.helpdesk.ticket.type')
    types = Type.search([('portal', '=', True)])
    purchases = _purchases(page)
    error = None
    if page.request.method == 'POST':
        error, values = _ticket_values(page, types, purchases)
        files = []
        if not error:
            error, files = _attachments(page)
        if not error:
            record, error = page.attempt(_submit, page, values, files)
            if not error:
                return page.redirect(f'/tickets/{record.number}', sent=1)
    return page.render('cs_helpdesk/ticket_new.html',
        title=page.gettext('cs_helpdesk.new_ticket'), error=error,
        types=types, purchases=purchases, suggestions=None,
        language=page.language)


@route('/tickets/new/suggest', methods=('GET', 'POST'),
    model='cs.helpdesk.ticket', uploads=True)
def suggest_answers(page):
    """"Find answers" on the new request's form: the help centre's answers
    to the description typed, above the form kept as it was (nothing is
    sent to the desk)"""
    pool = page.pool
    if page.request.method == 'GET':
        # the page again in another language: the form, empty
        return page.redirect('/tickets/new')
    Type = pool.get('cs.helpdesk.ticket.type')
    Answer = pool.get('cs.helpdesk.answer')
    return page.render('cs_helpdesk/ticket_new.html',
        title=page.gettext('cs_helpdesk.new_ticket'),
        types=Type.search([('portal', '=', True)]),
        purchases=_purchases(page), language=page.language,
        suggestions=Answer.help_search(
            page.form.get('description', '')[:2000], limit=5))


def _purchases(page):
    "The customer's recent purchases, when sales are recorded"
    pool = page.pool
    if not page.has('sale.sale'):
        return []
    Sale = pool.get('sale.sale')
    return Sale.search([
            ('party', '=', page.party.id),
            ('state', 'in', ['confirmed', 'processing', 'done']),
            ], order=[('sale_date', 'DESC'), ('id', 'DESC')], limit=20)


def _ticket_values(page, types, purchases):
    form = page.form
    description = form.get('description', '').strip()
    type_ = {str(t.id): t for t in types}.get(form.get('type', ''))
    if not type_:
        return page.gettext('required', field=page.gettext(
                'cs_helpdesk.type')), None
    if not description:
        return page.gettext('required', field=page.gettext(
                'cs_helpdesk.description')), None
    values = {'type': type_.id, 'description': description}
    sale = {str(s.id): s for s in purchases}.get(form.get('sale', ''))
    if sale:
        values['sale'] = sale.id
    return None, values


def _attachments(page):
    "(error, [(name, data)]): only photos and PDF receipts, 5 MB each"
    files = [f for f in page.request.files.getlist('files') if f.filename]
    if len(files) > MAX_ATTACHMENTS:
        return page.gettext(
            'cs_helpdesk.too_many_files', count=MAX_ATTACHMENTS), []
    result = []
    for file in files:
        data = file.read(MAX_ATTACHMENT + 1)
        if len(data) > MAX_ATTACHMENT:
            return page.gettext(
                'cs_helpdesk.file_too_big', name=file.filename), []
        kind = _readable_kind(data)
        if not kind:
            return page.gettext(
                'cs_helpdesk.file_type', name=safe_name(file.filename)), []
        result.append((safe_name(file.filename, kind), data))
    return None, result


def _readable_kind(data):
    """The kind of file data is ('jpg', 'png' or 'pdf') if it reads whole
    as one: an image decodes (Pillow), a PDF parses (pypdf); else None"""
    kind = next(
        (k for magic, k in ATTACHMENT_TYPES if data.startswith(magic)), None)
    try:
        if kind == 'pdf':
            if not pypdf.PdfReader(io.BytesIO(data), strict=True).pages:
                return None
        elif kind:
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in {'JPEG', 'PNG'}:
                    return None
                image.load()
    except Exception:
        # whatever the libraries raise on a file that only starts well
        return None
    return kind


def safe_name(name, kind=None):
    """The name to keep of a file sent as name: no folders, no control or
    bidirectional characters, at most MAX_NAME characters, and the extension
    of the kind of file it is (so that no "gpj.exe" passes for a photo)"""
    name = UNSEEN.sub('', name.replace('\\', '/').rsplit('/', 1)[-1])
    name = name.strip().lstrip('.') or 'file'
    if kind:
        stem = name.rsplit('.', 1)[0] if '.' in name else name
        return f'{stem[:MAX_NAME - len(kind) - 1]}.{kind}'
    return name[:MAX_NAME]


def _submit(page, values, files):
    "Register the request as the service desk does, channel portal"
    pool = Pool()
    Ticket = pool.get('cs.helpdesk.ticket')
    Attachment = pool.get('ir.attachment')
    ModelData = pool.get('ir.model.data')
    Lang = pool.get('ir.lang')
    lang, = Lang.search([('code', '=', page.language)])
    channel = ModelData.get_id('cs_base', 'channel_portal')
    with page.customer():
        # as the Portal user: its grant and record rule allow a request of
        # the customer's own only
        ticket, = Ticket.create([{
                    **values,
                    'company': page.company(),
                    'party': page.party.id,
                    'channel': channel,
                    'language': lang.id,
                    }])
    # the desk's step, as its button takes it
    Ticket.register([ticket])
    Attachment.create([{
                'resource': str(ticket), 'name': name, 'type': 'data',
                'data': data} for name, data in files])
    _acknowledge(page, Ticket(ticket.id))
    return ticket


def _acknowledge(page, ticket):
    """The e-mail with the number and the link, sent when the transaction
    commits; none while the Portal Address is not set"""
    url = portal_link(f'/tickets/{ticket.number}', required=False)
    if not url:
        logger.error("no Portal Address is set: no acknowledgement of %s",
            ticket.number)
        return
    message = EmailMessage()
    message['From'] = config.get('email', 'from')
    message['To'] = page.web_user.email
    message['Subject'] = page.gettext(
        'cs_helpdesk.ack_subject', number=ticket.number)
    # no text the customer typed (a name can pass for a link)
    message.set_content(page.gettext('cs_helpdesk.ack_body',
            number=ticket.number, url=url))
    send_message_transactional(message)


@route('/tickets/<number>', model='cs.helpdesk.ticket')
def ticket(page, number, error=None):
    Ticket = page.pool.get('cs.helpdesk.ticket')
    record = page.get_or_404(Ticket, [('number', '=', number)])
    with page.customer():
        record = Ticket(record.id)
        if record.merged_into:
            return page.redirect(f'/tickets/{record.merged_into.number}')
        return page.render('cs_helpdesk/ticket.html',
            title=page.gettext('cs_helpdesk.ticket', number=number),
            ticket=record, error=error, closed=record.state in CLOSED,
            events=[e for e in record.events if e.public],
            can_rate=record.state in RATED and not record.satisfactions,
            to_confirm=record.state == 'resolved' and not _answered(record),
            sent=page.request.args.get('sent'))


def _answered(ticket):
    """Whether the customer confirmed the last resolution or rated it (a
    rating accepts it)"""
    answers = [e.action for e in sorted(ticket.events, key=lambda e: e.id)
        if e.action in {'resolve', 'customer_confirm'}]
    return bool(ticket.satisfactions) or (
        bool(answers) and answers[-1] == 'customer_confirm')


def _check_to_answer(page, ticket):
    "Refuse to confirm or reject what is not a resolution to answer"
    if ticket.state != 'resolved':
        page.refuse('cs_helpdesk.not_resolved')
    if _answered(ticket):
        page.refuse('cs_helpdesk.answered')


def _act(page, number, action):
    """Do action(ticket) as the Portal user on the customer's own ticket;
    show the ticket again with the refusal, if any"""
    Ticket = page.pool.get('cs.helpdesk.ticket')
    record = page.get_or_404(Ticket, [('number', '=', number)])
    with page.customer():
        _, error = page.attempt(action, Ticket(record.id))
    if error:
        return ticket(page, number, error=error)
    return page.redirect(f'/tickets/{number}')


@route('/tickets/<number>/comment', methods=('POST',),
    model='cs.helpdesk.ticket', submits=True)
def comment(page, number):
    def add(record):
        text = page.form.get('comment', '').strip()
        if not text:
            page.refuse('required', field=page.gettext(
                    'cs_helpdesk.comment'))
        if record.state in CLOSED:
            page.refuse('cs_helpdesk.ticket_closed')
        record.customer_comment([record], text)
    return _act(page, number, add)


@route('/tickets/<number>/confirm', methods=('POST',),
    model='cs.helpdesk.ticket')
def confirm(page, number):
    def accept(record):
        _check_to_answer(page, record)
        record.customer_confirm([record])
    return _act(page, number, accept)


@route('/tickets/<number>/reject', methods=('POST',),
    model='cs.helpdesk.ticket', submits=True)
def reject(page, number):
    def refuse(record):
        reason = page.form.get('reason', '').strip()
        if not reason:
            page.refuse('required', field=page.gettext(
                    'cs_helpdesk.reason'))
        _check_to_answer(page, record)
        record.customer_reject([record], reason)
    return _act(page, number, refuse)


@route('/tickets/<number>/rate', methods=('POST',),
    model='cs.helpdesk.ticket')
def rate(page, number):
    Satisfaction = page.pool.get('cs.satisfaction')

    def rate(record):
        if record.state not in RATED:
            page.refuse('cs_helpdesk.not_resolved')
        rating = page.form.get('rating', '')
        if rating not in {'1', '2', '3', '4', '5'}:
            page.refuse('required', field=page.gettext(
                    'cs_helpdesk.rating'))
        # a second rating is refused by the one-rating-per-request key;
        # the Portal user's record rule allows the customer's own only
        Satisfaction.create([{
                    'company': record.company.id,
                    'party': record.party.id,
                    'origin': str(record), 'rating': int(rating),
                    'comment': page.form.get('comment', '').strip() or None,
                    }])
    return _act(page, number, rate)


@route('/rate/<secret>', methods=('GET', 'POST'), login=False,
    model='cs.helpdesk.ticket')
def rate_by_link(page, secret):
    """The rating asked by e-mail: the link's secret stands for the sign-in,
    for this ticket's one rating only"""
    Ticket = page.pool.get('cs.helpdesk.ticket')
    record = Ticket.by_rating_link(secret[:100])
    if not record:
        return page.message('link_invalid')
    if (not request_language(page.request) and record.language
            and record.language.code in dict(LANGUAGES)):
        # the customer's language, unless they chose one on the portal
        page.language = record.language.code
    with Transaction().set_context(language=page.language):
        return _rate_by_link(page, record, secret)


def _rate_by_link(page, record, secret):
    pool = page.pool
    Ticket = pool.get('cs.helpdesk.ticket')
    Satisfaction = pool.get('cs.satisfaction')
    error = None
    if page.request.method == 'POST':
        rating = page.form.get('rating', '')
        comment = page.form.get('comment', '').strip()
        if rating not in {'1', '2', '3', '4', '5'}:
            error = page.gettext('required', field=page.gettext(
                    'cs_helpdesk.rating'))
        else:
            def rate():
                Satisfaction.create([{
                            'company': record.company.id,
                            'party': record.party.id,
                            'origin': str(record), 'rating': int(rating),
                            'comment': comment or None,
                            }])
                # the link is used
                Ticket.write([record], {'rating_token': None})
            _, error = page.attempt(rate)
            if not error:
                return page.message('cs_helpdesk.rated', rating='★' * int(
                        rating))
    return page.render('cs_helpdesk/rate.html',
        title=page.gettext('cs_helpdesk.rate_title'), ticket=record,
        secret=secret, error=error)


@route('/help', login=False, model='cs.helpdesk.answer')
def help_centre(page):
    """The standard answers marked public, for anyone: search in any
    language, by category (the ticket type they answer)"""
    Answer = page.pool.get('cs.helpdesk.answer')
    Type = page.pool.get('cs.helpdesk.ticket.type')
    query = page.request.args.get('q', '')[:200]
    category = page.request.args.get('category', '')
    categories = Type.search([('id', 'in', Answer.published_types())])
    chosen = {str(t.id): t for t in categories}.get(category)
    answers = Answer.help_search(
        query, type_=chosen.id if chosen else None, limit=50)
    return page.render('cs_helpdesk/help.html',
        title=page.gettext('cs_helpdesk.help'), answers=answers,
        query=query, categories=categories, chosen=chosen,
        language=page.language,
        thanks=page.request.args.get('thanks'))


@route('/help/<int:answer>/helped', methods=('POST',), login=False,
    model='cs.helpdesk.answer', readonly=False)
def helped(page, answer):
    "A visitor's question is answered: counted for the desk"
    Answer = page.pool.get('cs.helpdesk.answer')
    records = Answer.search(
        Answer.published_domain() + [('id', '=', answer)])
    if not records:
        return page.message('not_found')
    # a few times per visitor and answer: the desk reads real figures
    throttle.check('helped', str(answer))
    throttle.record('helped', str(answer))
    Answer.count_deflection(records[0].id)
    return page.redirect('/help', thanks=1)
