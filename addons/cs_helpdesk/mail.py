# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""E-mail in and out of tickets.  A customer's e-mail reaches the desk
through Tryton's inbound_email module (its inbox's URL, fed by the site's
mail server): the rule's action "Service Ticket" turns it into a ticket, or
into a comment on the ticket it answers.  The desk's replies and the
acknowledgement go out in the customer's language, threaded with the
customer's mail."""
import datetime as dt
import email
import hashlib
import re
import secrets
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid

import trytond.config as config
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import Index, fields
from trytond.modules.cs_base import workflow
from trytond.modules.cs_base.portal import portal_link
from trytond.modules.cs_base.tools import (
    each_record, in_savepoint, script_language)
from trytond.modules.cs_base.workflow import TEXT_SIZE
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.report import html_to_text
from trytond.sendmail import send_message_transactional
from trytond.tools import escape_wildcard
from trytond.tools import timezone as tz
from trytond.transaction import Transaction
from trytond.url import host

from .exceptions import TicketError
from .portal import MAX_ATTACHMENT, MAX_ATTACHMENTS, _readable_kind, safe_name

ACTION = 'cs.helpdesk.ticket|from_inbound_email'
# what mail clients label GB2312 is mostly GBK: GB18030 reads both
WIDER_CHARSETS = {'gb2312': 'gb18030', 'gbk': 'gb18030', 'x-gbk': 'gb18030'}
# a ticket number as it stands in a subject: "[KF2026000012]" or bare
NUMBER = re.compile(r'[A-Za-z0-9][A-Za-z0-9/_-]{3,40}')
BOUNCERS = re.compile(r'^(mailer-daemon|postmaster)@', re.IGNORECASE)
# the e-mails a ticket type may send its customers, by step
NOTICES = [
    ('register', "Acknowledgement"),
    ('resolve', "Resolution"),
    ('close', "Closure"),
    ]
# how long a rating link works, and when its reminder goes
RATING_LINK_DAYS = 14
RATING_REMINDER_DAYS = 3


def rating_hash(secret):
    return hashlib.sha256(f'cs-rating:{secret}'.encode()).hexdigest()


class Mail:
    "What the desk reads of an e-mail: sender, subject, text, attachments"

    def __init__(self, message):
        self.message = message
        self.notes = []  # what the desk should know of how it was read
        sender = getaddresses([str(message.get('From', ''))])
        self.name, self.sender = sender[0] if sender else ('', '')
        self.sender = self.sender.strip().lower()
        self.recipients = [a.strip().lower() for _, a in getaddresses([
                    str(v) for h in ('To', 'Cc')
                    for v in message.get_all(h, [])])]
        self.subject = ' '.join(str(message.get('Subject', '')).split())
        self.message_id = str(message.get('Message-ID', '')).strip()
        self.references = re.findall(r'<[^<>\s]+>', ' '.join(
                str(message.get(h, ''))
                for h in ('In-Reply-To', 'References')))
        self.text = self._body()
        self.attachments = self._attachments()

    @classmethod
    def of(cls, email_):
        "The Mail of an inbound.email (raw, or as a provider posted it)"
        if email_.data_type == 'raw':
            return cls(email.message_from_bytes(
                    bytes(email_.data), policy=policy.default))
        # the providers' JSON: rebuild a message of what they parsed
        value = email_.as_dict()
        message = EmailMessage()
        for name, content in (value.get('headers') or {}).items():
            if name.lower() not in {'content-type',
                    'content-transfer-encoding', 'mime-version'}:
                message[name] = content
        if 'From' not in message and value.get('from'):
            message['From'] = value['from']
        if 'Subject' not in message:
            message['Subject'] = value.get('subject', '')
        message.set_content(value.get('text') or html_to_text(
                value.get('html') or ''))
        for attachment in value.get('attachments', []):
            message.add_attachment(attachment['data'],
                maintype='application', subtype='octet-stream',
                filename=attachment.get('filename') or 'file')
        return cls(message)

    def _decoded(self, part):
        "The text of part in its charset; an unknown one read as UTF-8"
        data = part.get_payload(decode=True) or b''
        charset = (part.get_content_charset() or 'us-ascii').lower()
        charset = WIDER_CHARSETS.get(charset, charset)
        try:
            return data.decode(charset, 'replace')
        except LookupError:
            self.notes.append(('unknown_charset', {'charset': charset}))
            return data.decode('utf-8', 'replace')

    def _body(self):
        try:
            part = self.message.get_body(preferencelist=('plain', 'html'))
        except Exception:
            part = None
        if part is None:
            return ''
        text = self._decoded(part)
        if part.get_content_subtype() == 'html':
            text = html_to_text(text)
        # no control characters but the line breaks and tabs
        return re.sub(r'[\x00-\x08\x0b-\x1f\x7f]', '', text.replace(
                '\r\n', '\n')).strip()

    def _attachments(self):
        "[(name, data)] of the photos and PDF receipts, as on the portal"
        kept, skipped = [], []
        for part in self.message.iter_attachments():
            name = part.get_filename() or 'file'
            data = part.get_payload(decode=True) or b''
            kind = (len(data) <= MAX_ATTACHMENT and len(kept) < MAX_ATTACHMENTS
                and _readable_kind(data))
            if kind:
                kept.append((safe_name(name, kind), data))
            else:
                skipped.append(safe_name(name))
        if skipped:
            self.notes.append(('attachments_skipped', {
                        'count': len(skipped),
                        'names': ', '.join(skipped[:10]),
                        }))
        return kept

    def automatic(self):
        """Whether a program sent it: an auto-reply, a bounce, a list;
        answering it would start a loop of mails"""
        message = self.message
        submitted = str(message.get('Auto-Submitted', 'no')).strip().lower()
        precedence = str(message.get('Precedence', '')).strip().lower()
        return bool(submitted not in {'', 'no'}
            or precedence in {'bulk', 'junk', 'list', 'auto_reply'}
            or any(h in message for h in (
                    'X-Autoreply', 'X-Autorespond', 'X-Auto-Reply'))
            or message.get_content_type() == 'multipart/report'
            or BOUNCERS.match(self.sender)
            or str(message.get('Return-Path', '')).strip() == '<>')

    def language(self, default=None):
        "The language of the text's script, else default"
        return script_language(self.subject + self.text) or default


class InboundEmail(metaclass=PoolMeta):
    __name__ = 'inbound.email'

    cs_outcome = fields.Selection([
            (None, ""),
            ('created', "Ticket Created"),
            ('comment', "Added to a Ticket"),
            ('duplicate', "Already Received"),
            ('ignored', "Ignored: Sent by a Program"),
            ('quarantined', "Quarantined"),
            ], "Outcome", readonly=True)
    cs_note = fields.Text("Note", readonly=True)


class InboundEmailRule(metaclass=PoolMeta):
    __name__ = 'inbound.email.rule'

    _ticket = {
        'invisible': Eval('action') != ACTION,
        'required': Eval('action') == ACTION,
        }
    cs_company = fields.Many2One(
        'company.company', "Company", states=_ticket,
        help="The company whose service desk receives the tickets.")
    cs_ticket_type = fields.Many2One(
        'cs.helpdesk.ticket.type', "Ticket Type", states=_ticket)
    cs_department = fields.Many2One(
        'cs.department', "Department",
        domain=[('company', '=', Eval('cs_company', -1))],
        states={'invisible': Eval('action') != ACTION},
        help="The department the tickets are dispatched to, if any.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.action.selection.append((ACTION, "Service Ticket"))

    def from_desk(self, mail):
        """Whether mail comes from the desk's own address (the server's, or
        the one it was sent to): answering it would answer itself"""
        own = {(getaddresses([config.get('email', 'from') or ''])[0][1]
                or '').lower()}
        own.update(a for a in mail.recipients if self.destination
            and re.search(self.destination, a, re.IGNORECASE))
        return mail.sender in own


class TicketType(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket.type'

    email_notices = fields.MultiSelection(
        NOTICES, "E-mail Notices", sort=False,
        help="The steps of which the customer is told by e-mail, when the "
        "ticket has an address.")

    @classmethod
    def __register__(cls, module):
        table_h = cls.__table_handler__(module)
        created = not table_h.column_exist('email_notices')
        super().__register__(module)
        if created:
            # the types of a site from before the notices send them all
            table = cls.__table__()
            cursor = Transaction().connection.cursor()
            every = cls.email_notices.sql_format(cls.default_email_notices())
            cursor.execute(*table.update([table.email_notices], [every]))

    @classmethod
    def default_email_notices(cls):
        return [step for step, _ in NOTICES]


class Ticket(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket'

    # the customer's rating link: only the hash of its secret is kept
    rating_token = fields.Char("Rating Link Token", readonly=True)
    rating_link_sent = fields.DateTime("Rating Link Sent", readonly=True)
    rating_link_expires = fields.DateTime(
        "Rating Link Expires", readonly=True)
    rating_reminded = fields.Boolean("Rating Reminder Sent", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.rating_token, Index.Equality()),
                where=t.rating_token != None))  # noqa: E711

    @classmethod
    def copy(cls, tickets, default=None):
        default = default.copy() if default is not None else {}
        for name in ['rating_token', 'rating_link_sent',
                'rating_link_expires', 'rating_reminded']:
            default.setdefault(name)
        return super().copy(tickets, default=default)

    @classmethod
    def react(cls, step, tickets):
        "Tell the customer of the step by e-mail, if the type says so"
        super().react(step, tickets)
        if step not in dict(NOTICES) or Transaction().context.get(
                'cs_answered_now') and step != 'close':
            return
        for ticket in tickets:
            if (step in (ticket.type_settings.email_notices or ())
                    and ticket.email_address()
                    and (step != 'register'
                        or ticket.acknowledged_by_email())):
                getattr(cls, f'_notify_{step}')(ticket)

    def acknowledged_by_email(self):
        """Whether the registered ticket's acknowledgement is e-mailed: not
        from the portal (it acknowledges with its own link), nor when the
        ticket comes with its answer written: sao saves a ticket answered on
        the spot, registering it, before Answer on the Spot closes it, and
        the closure is the customer's one e-mail"""
        ModelData = Pool().get('ir.model.data')
        portal = ModelData.get_id('cs_base', 'channel_portal')
        return self.channel.id != portal and not self.result

    @classmethod
    def _notify_register(cls, ticket):
        deadline = cls._customer_time(ticket, ticket.resolution_deadline)
        cls.send_email(ticket, 'msg_email_ack_body',
            deadline=deadline or '-')

    @classmethod
    def _notify_resolve(cls, ticket):
        cls.send_email(ticket, 'msg_email_resolved_body',
            result=ticket.result or '', rating=cls._rating_link(ticket))

    @classmethod
    def _notify_close(cls, ticket):
        cls.send_email(ticket, 'msg_email_closed_body')

    @classmethod
    def _customer_time(cls, ticket, value):
        """value as the customer reads it: in the time zone of their portal
        account, else the company's"""
        pool = Pool()
        WebUser = pool.get('web.user')
        Lang = pool.get('ir.lang')
        if not value:
            return None
        zone = None
        if ticket.party:
            users = WebUser.search([('party', '=', ticket.party.id)], limit=1)
            zone = users[0].cs_timezone if users else None
        zone = zone or ticket.company.timezone or 'UTC'
        local = value.replace(tzinfo=tz.UTC).astimezone(tz.get_tzinfo(zone))
        lang = ticket.language or Lang.get()
        return f'{lang.strftime(local, "%x %H:%M")} ({zone})'

    def needs_rating_link(self):
        return bool(self.needs_satisfaction and self.party
            and not self.satisfactions and self.email_address())

    @classmethod
    def _rating_link(cls, ticket):
        """A new single-use link to rate ticket without signing in, as the
        text of the e-mail ('' when it needs none); the ticket keeps only a
        hash of the link's secret"""
        if not ticket.needs_rating_link():
            return ''
        secret = secrets.token_urlsafe(32)
        now = workflow.clock()
        expires = now + dt.timedelta(days=RATING_LINK_DAYS)
        cls.write([ticket], {
                'rating_token': rating_hash(secret),
                'rating_link_sent': now,
                'rating_link_expires': expires,
                })
        url = portal_link(f'/rate/{secret}', required=False)
        if not url:
            return ''
        language = ticket.language.code if ticket.language else None
        with Transaction().set_context(language=language):
            return gettext('cs_helpdesk.msg_email_rating_link', url=url,
                expires=cls._customer_time(ticket, expires))

    @classmethod
    def by_rating_link(cls, secret):
        "The ticket a rating link opens, while it is valid and unused"
        tickets = cls.search([
                ('rating_token', '=', rating_hash(secret)),
                ('rating_link_expires', '>', workflow.clock()),
                ], limit=1)
        if tickets and not tickets[0].satisfactions:
            return tickets[0]

    @classmethod
    def remind_ratings(cls):
        """Send once a new rating link to the customers who did not rate
        within RATING_REMINDER_DAYS (scheduled job)"""
        now = workflow.clock()
        tickets = cls.search([
                ('rating_token', '!=', None),
                ('rating_reminded', '!=', True),
                ('rating_link_sent', '<',
                    now - dt.timedelta(days=RATING_REMINDER_DAYS)),
                ('rating_link_expires', '>', now),
                ])

        def remind(ticket):
            link = cls._rating_link(ticket)
            if link:
                cls.send_email(ticket, 'msg_email_rating_reminder',
                    rating=link)
            cls.write([ticket], {'rating_reminded': True})
        each_record('cs.helpdesk.ticket|remind_ratings', tickets, remind)

    @classmethod
    def from_inbound_email(cls, email_, rule):
        """The inbound_email rule's action: the ticket the e-mail creates
        or adds a comment to; None for an e-mail not to answer (sent by a
        program) or one quarantined (kept, with the reason, for the desk)"""
        if not (rule.cs_company and rule.cs_ticket_type):
            return cls._quarantine(email_, 'msg_email_rule_incomplete')
        try:
            mail = Mail.of(email_)
        except Exception as exception:
            return cls._quarantine(
                email_, 'msg_email_unreadable', error=str(exception)[:200])
        if not mail.sender or '@' not in mail.sender:
            return cls._quarantine(email_, 'msg_email_no_sender')
        if mail.automatic() or rule.from_desk(mail):
            email_.cs_outcome = 'ignored'
            return None
        result = []
        with Transaction().set_context(company=rule.cs_company.id):
            # what the ORM refuses (a rule of the ticket) quarantines the
            # mail and leaves nothing half-written
            failure = in_savepoint('cs_inbound_email', lambda _: result.append(
                    cls._receive(email_, mail, rule)), None)
        if failure:
            return cls._quarantine(email_, 'msg_email_unreadable', error=(
                    failure.message if isinstance(failure, UserError)
                    else type(failure).__name__)[:200])
        email_.cs_note = '\n'.join(
            gettext(f'cs_helpdesk.msg_email_{k}', **v) for k, v in mail.notes
            ) or None
        return result[0]

    @classmethod
    def _receive(cls, email_, mail, rule):
        ticket = cls._ticket_of_message(mail, rule.cs_company)
        if ticket:
            # delivered again (a mail server retries): received once
            email_.cs_outcome = 'duplicate'
            return ticket
        ticket = cls._ticket_answered(mail, rule.cs_company)
        if ticket:
            cls._add_email(ticket, mail)
            email_.cs_outcome = 'comment'
        else:
            ticket = cls._create_from_email(mail, rule)
            email_.cs_outcome = 'created'
        return ticket

    @classmethod
    def _quarantine(cls, email_, message, **variables):
        email_.cs_outcome = 'quarantined'
        email_.cs_note = gettext(f'cs_helpdesk.{message}', **variables)
        return None

    @classmethod
    def _ticket_of_message(cls, mail, company):
        "The ticket that received mail already"
        Event = Pool().get('cs.helpdesk.ticket.event')
        if mail.message_id:
            events = Event.search([
                    ('message_id', '=', mail.message_id),
                    ('action', '=', 'email_in'),
                    ('ticket.company', '=', company.id),
                    ], limit=1)
            if events:
                return events[0].ticket

    @classmethod
    def _ticket_answered(cls, mail, company):
        """The open ticket the mail answers (by the mails it replies to,
        else a number in its subject) if the sender is its customer: a
        number typed by anyone else opens a ticket of their own"""
        pool = Pool()
        Event = pool.get('cs.helpdesk.ticket.event')
        candidates = []
        if mail.references:
            candidates += [e.ticket for e in Event.search([
                        ('message_id', 'in', mail.references),
                        ('ticket.company', '=', company.id),
                        ], order=[('id', 'DESC')], limit=10)]
        words = NUMBER.findall(mail.subject)
        if words:
            candidates += cls.search([
                    ('number', 'in', words),
                    ('company', '=', company.id),
                    ], limit=10)
        for ticket in candidates:
            while ticket.merged_into:
                ticket = ticket.merged_into
            if (ticket.state not in {'closed', 'cancelled'}
                    and mail.sender in ticket.email_addresses()):
                return ticket

    def email_addresses(self):
        "The lower-cased addresses the customer writes from"
        addresses = {self.contact_email.lower()} if self.contact_email else (
            set())
        if self.party:
            addresses.update(m.value.lower()
                for m in self.party.contact_mechanisms
                if m.type == 'email' and m.value)
        return addresses

    def email_address(self):
        "The address to write to: the ticket's, else the customer's"
        if self.contact_email:
            return self.contact_email
        if self.party:
            return self.party.cs_email() or None

    @classmethod
    def _create_from_email(cls, mail, rule):
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        Lang = pool.get('ir.lang')
        ModelData = pool.get('ir.model.data')
        party = cls._party_of_address(mail.sender)
        language = party.lang if party and party.lang else None
        if not language:
            languages = Lang.search([
                    ('code', '=', mail.language(default='en')),
                    ], limit=1)
            language = languages[0] if languages else None
        description = '\n\n'.join(filter(None, [mail.subject, mail.text]))
        if len(description) > TEXT_SIZE:
            mail.notes.append(('truncated', {}))
            description = description[:TEXT_SIZE]
        values = {
            'company': rule.cs_company.id,
            'type': rule.cs_ticket_type.id,
            'channel': ModelData.get_id('cs_base', 'channel_email'),
            'party': party.id if party else None,
            'contact_email': mail.sender[:250],
            'language': language.id if language else None,
            'description': description or '-',
            }
        if not party:
            values['contact_name'] = (mail.name or mail.sender.split('@')[0]
                )[:250]
        if rule.cs_department:
            values['department'] = rule.cs_department.id
        ticket, = cls.create([values])
        cls._record_email(ticket, mail, 'email_in', None)
        Attachment.create([{
                    'resource': str(ticket), 'name': name, 'type': 'data',
                    'data': data} for name, data in mail.attachments])
        # the acknowledgement (if the type sends one) answers the mail
        cls.register([ticket])
        return cls(ticket.id)

    @classmethod
    def _party_of_address(cls, address):
        "The one customer with the e-mail address, if only one has it"
        pool = Pool()
        ContactMechanism = pool.get('party.contact_mechanism')
        mechanisms = ContactMechanism.search([
                ('type', '=', 'email'),
                ('value', 'ilike', escape_wildcard(address)),
                ('party.active', '=', True),
                ], limit=2)
        parties = {m.party for m in mechanisms}
        if len(parties) == 1:
            return parties.pop()

    @classmethod
    def _add_email(cls, ticket, mail):
        "The customer's answer: a public comment; a waiting ticket resumes"
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        text = mail.text[:TEXT_SIZE] or mail.subject
        cls._record_email(ticket, mail, 'email_in', text)
        Attachment.create([{
                    'resource': str(ticket), 'name': name, 'type': 'data',
                    'data': data} for name, data in mail.attachments])
        if ticket.state == 'waiting':
            cls.resume([ticket])

    @classmethod
    def _record_email(cls, ticket, mail, action, note):
        Event = Pool().get('cs.helpdesk.ticket.event')
        Event.add_entries([{
                    'ticket': ticket.id, 'action': action, 'note': note,
                    'public': True, 'message_id': mail.message_id[:250]
                    or None}])

    @classmethod
    def send_email(cls, ticket, body, automatic=True, **variables):
        """E-mail the customer body (a message id, with number and
        variables) in the ticket's language, threaded with the ticket's
        last mail; return the Message-ID (the mail goes when the
        transaction commits).  automatic: sent by the server, not written
        by staff (RFC 3834: the customer's auto-reply must not answer it)"""
        pool = Pool()
        Email = pool.get('ir.email')
        Event = pool.get('cs.helpdesk.ticket.event')
        Type = pool.get('cs.helpdesk.ticket.type')
        address = ticket.email_address()
        if not address:
            raise TicketError(gettext(
                    'cs_helpdesk.msg_ticket_no_email', ticket=ticket.rec_name))
        language = ticket.language.code if ticket.language else None
        with Transaction().set_context(language=language):
            # (the type read again: its name in the customer's language)
            type_ = Type(ticket.type.id)
            subject = gettext('cs_helpdesk.msg_email_subject',
                number=ticket.number, type=type_.rec_name)
            content = gettext(f'cs_helpdesk.{body}',
                number=ticket.number, **variables)
        message = EmailMessage()
        message['From'] = config.get('email', 'from')
        message['To'] = address
        message['Subject'] = subject
        message['Message-ID'] = make_msgid('cs-ticket', domain=host())
        # the customer's client files it in the conversation
        thread = [e.message_id for e in Event.search([
                    ('ticket', '=', ticket.id),
                    ('message_id', '!=', None),
                    ], order=[('id', 'ASC')], limit=20)]
        if thread:
            message['In-Reply-To'] = thread[-1]
            message['References'] = ' '.join(dict.fromkeys(thread))
        if automatic:
            message['Auto-Submitted'] = (
                'auto-replied' if thread else 'auto-generated')
        message.set_content(content)
        send_message_transactional(message)
        Email.from_message(message, body=content, resource=ticket).save()
        return message['Message-ID']


class TicketEvent(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket.event'

    message_id = fields.Char(
        "Message-ID", readonly=True,
        help="The e-mail of this step, to thread the customer's answers.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.message_id, Index.Equality()),
                where=t.message_id != None))  # noqa: E711
