# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""E-mail in and out of tickets.  A customer's e-mail reaches the desk
through Tryton's inbound_email module (its inbox's URL, fed by the site's
mail server): the rule's action "Service Ticket" turns it into a ticket, or
into a comment on the ticket it answers.  The desk's replies and the
acknowledgement go out in the customer's language, threaded with the
customer's mail."""
import email
import re
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid

from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, fields
from trytond.modules.cs_base.workflow import TEXT_SIZE
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.report import html_to_text
from trytond.sendmail import send_message_transactional
from trytond.tools import escape_wildcard
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
SCRIPTS = [
    ('zh_CN', re.compile(r'[\u3400-\u9fff]')),
    ('ru', re.compile(r'[\u0400-\u04ff]')),
    ('en', re.compile(r'[A-Za-z]')),
    ]


class Mail:
    "What the desk reads of an e-mail: sender, subject, text, attachments"

    def __init__(self, message):
        self.message = message
        self.notes = []  # what the desk should know of how it was read
        sender = getaddresses([str(message.get('From', ''))])
        self.name, self.sender = sender[0] if sender else ('', '')
        self.sender = self.sender.strip().lower()
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
        counts = [(len(pattern.findall(self.subject + self.text)), code)
            for code, pattern in SCRIPTS]
        count, code = max(counts)
        return code if count else default


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

    def own_address(self, address):
        "Whether address is the desk's own: it would answer itself"
        return bool(address == (getaddresses(
                    [config.get('email', 'from') or ''])[0][1] or '').lower()
            or (self.destination
                and re.search(self.destination, address, re.IGNORECASE)))


class Ticket(metaclass=PoolMeta):
    __name__ = 'cs.helpdesk.ticket'

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
        if mail.automatic() or rule.own_address(mail.sender):
            email_.cs_outcome = 'ignored'
            return None
        with Transaction().set_context(company=rule.cs_company.id):
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
        email_.cs_note = '\n'.join(
            gettext(f'cs_helpdesk.msg_email_{k}', **v) for k, v in mail.notes
            ) or None
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
            return self.party.email or None

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
                    ('translatable', '=', True),
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
        cls.register([ticket])
        cls._record_email(ticket, mail, 'email_in', None)
        Attachment.create([{
                    'resource': str(ticket), 'name': name, 'type': 'data',
                    'data': data} for name, data in mail.attachments])
        ticket = cls(ticket.id)
        cls.send_email(ticket, 'msg_email_ack_body', answered=mail)
        return ticket

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
        Event.create([{
                    'ticket': ticket.id, 'action': action, 'note': note,
                    'public': True, 'message_id': mail.message_id[:250]
                    or None}])

    @classmethod
    def send_email(cls, ticket, body, answered=None, text=None,
            automatic=True):
        """E-mail the customer body (a message id) in the ticket's
        language, threaded with the mail answered or the ticket's last;
        return the Message-ID (the mail goes when the transaction commits).
        automatic: sent by the server, not written by staff (RFC 3834:
        the customer's auto-reply must not answer it)"""
        pool = Pool()
        Email = pool.get('ir.email')
        Event = pool.get('cs.helpdesk.ticket.event')
        address = ticket.email_address()
        if not address:
            raise TicketError(gettext(
                    'cs_helpdesk.msg_ticket_no_email', ticket=ticket.rec_name))
        language = ticket.language.code if ticket.language else None
        with Transaction().set_context(language=language):
            subject = gettext('cs_helpdesk.msg_email_subject',
                number=ticket.number, type=ticket.type.rec_name)
            content = gettext(f'cs_helpdesk.{body}',
                number=ticket.number, text=text or '')
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
        replied = answered.message_id if answered else (
            thread[-1] if thread else None)
        if replied:
            message['In-Reply-To'] = replied
            message['References'] = ' '.join(
                dict.fromkeys(thread + [replied]))
        if automatic:
            message['Auto-Submitted'] = (
                'auto-replied' if answered else 'auto-generated')
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
