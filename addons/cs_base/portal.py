# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The customer and owner portal (CS-04, CS-06): the frame of every page.

Pages are trytond routes under /<database>/portal/, rendered on the server
from Genshi templates (escaped output) that work without JavaScript.  A
module adds its pages with `route` and its links on the home page with
`add_menu`; its texts are `ir.message` records named msg_portal_*.

Each request runs in one transaction.  Records are read and written as the
*Portal* user with the web user's party in the context (`Page.customer()`),
so the record rules of the Portal group show and let change only that
party's records; the customer's steps on a record are checked as a click
(ModelView.button).  Only the account machinery (sign-up, sign-in, the
links that prove an address or set a password) works as user 0."""
import datetime as dt
import functools
import hashlib
import hmac
import html
import logging
import os
import re
import secrets
import threading
from contextlib import contextmanager
from http import HTTPStatus
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import polib
from genshi.core import Markup
from genshi.template import TemplateLoader
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response

import trytond.modules
from trytond import backend
from trytond.config import config
from trytond.exceptions import UserError, UserWarning
from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import SQLConstraintError
from trytond.modules.company.company import TIMEZONES
from trytond.pool import Pool, PoolMeta
from trytond.protocols.wrappers import with_pool, with_transaction
from trytond.sendmail import SMTPDataManager, get_smtp_server, send_message
from trytond.tools import timezone as tz
from trytond.transaction import (
    Transaction, TransactionError, without_check_access)
from trytond.wsgi import app

from . import throttle
from .exceptions import PortalAddressError, PortalRefusal
from .tools import EMAIL
from .workflow import INTEGER_MAX, PHONE_SIZE, YEARS

logger = logging.getLogger(__name__)

LANGUAGES = [('zh_CN', "中文"), ('ru', "Русский"), ('en', "English")]
SESSION_COOKIE = 'cs_portal_session'
CSRF_COOKIE = 'cs_portal_csrf'
LANGUAGE_COOKIE = 'cs_portal_language'
MAX_REQUEST = 26 * 1024 * 1024
# a form without files: the longest text allowed (20,000 characters),
# URL-encoded, with room to spare; a larger body is refused unread (413)
MAX_FORM = 256 * 1024
# what a customer types about themselves
MAX_NAME, MAX_EMAIL = 120, 254
PASSWORD_MIN_LENGTH = 8
# characters no one types in a form: controls (but tabs and line breaks)
# and the bidirectional overrides that make "exe.jpg" of "gpj.exe"
UNSEEN = re.compile(
    '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]')
# the zones customers know by a city's time, msg_portal_<name>
ZONE_NAMES = {'Asia/Shanghai': 'zone_beijing', 'Europe/Moscow': 'zone_moscow',
    'Asia/Vladivostok': 'zone_vladivostok'}
# the links of the home page: (sequence, model that must be in the pool,
# path, text, visible); the sequence orders them, as modules import in any
# order
MENU = []


def add_menu(sequence, model, path, text, visible=None, public=False):
    """Link a module's page from the home page (once, whatever the
    imports); visible(page), if given, says whether the signed-in account
    sees the link (staff's pages); public: visitors who have not signed in
    see it too (the help centre)"""
    if not any(m[:4] == (sequence, model, path, text) for m in MENU):
        MENU.append((sequence, model, path, text, visible, public))
        MENU.sort(key=lambda m: m[:4])


_loader = TemplateLoader(
    os.path.dirname(trytond.modules.__file__), auto_reload=True)


def route(path, methods=('GET',), login=True, model=None, readonly=None,
        uploads=False, submits=False):
    """Register a portal page: func(page, **url_values) returns a Response.

    model: the page exists only in databases where it is in the pool;
    uploads: the page takes files (a larger request body);
    submits: a POST sends the desk something (a request, a comment, an
    application), which an account may do a limited number of times."""
    def decorator(func):
        @functools.wraps(func)
        def endpoint(request, pool, **values):
            page = Page(request, pool)
            return page.serve(func, values, login, model, submits)
        view = unavailable_apology(
            with_pool(with_transaction(readonly=readonly)(endpoint)))
        view.max_request_size = MAX_REQUEST if uploads else MAX_FORM
        app.route('/<database_name>/portal' + path,
            methods=list(methods))(view)
        return func
    return decorator


def unavailable_apology(view):
    """The view, answering with the apology page (503, logged) when the
    database cannot be reached (a restart of PostgreSQL, no connection
    left): Tryton's own answer is werkzeug's bare English error page"""
    @functools.wraps(view)
    def wrapper(request, **values):
        try:
            return view(request, **values)
        except HTTPException as exception:
            # Tryton's with_pool turns what it cannot handle into a 500
            if exception.code < HTTPStatus.INTERNAL_SERVER_ERROR:
                raise
            failure = exception
        except Exception as exception:
            failure = exception
        logger.error("portal page %s: the database is unavailable",
            request.path, exc_info=failure)
        return apology(request)
    return wrapper


def request_language(request):
    "The language the reader chose on the portal (its cookie), if any"
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in dict(LANGUAGES) else None


def browser_language(request):
    "The portal's language that the reader's browser prefers"
    best = request.accept_languages.best_match(
        ['zh-CN', 'zh', 'ru', 'en'], default='en')
    return 'zh_CN' if best.startswith('zh') else best


def apology(request):
    """The page that says sorry, in the reader's language, without the
    database: its text is read from the module's catalogs"""
    language = request_language(request) or browser_language(request)
    text = html.escape(_catalog_text(language, 'msg_portal_error'))
    response = Response(
        f'<!doctype html><html lang="{language.replace("_", "-")}">'
        f'<meta charset="utf-8"><title>{text}</title><p>{text}</p></html>',
        HTTPStatus.SERVICE_UNAVAILABLE, mimetype='text/html')
    response.headers['Retry-After'] = '30'
    return response


@functools.cache
def _catalog_text(language, message):
    "The text of cs_base's message in language, from its catalog"
    folder = os.path.dirname(__file__)
    with open(os.path.join(folder, 'portal_message.xml'),
            encoding='utf-8') as source:
        english = html.unescape(re.search(
                rf'id="{message}">\s*<field name="text">([^<]*)<',
                source.read())[1])
    if language == 'en':
        return english
    catalog = polib.pofile(
        os.path.join(folder, 'locale', f'{language}.po'))
    entry = catalog.find(
        english, msgctxt=f'model:ir.message,text:{message}')
    return entry.msgstr if entry and entry.msgstr else english


class Page:
    "One portal request: who asks, in which language, and the answer"

    def __init__(self, request, pool):
        self.request = request
        self.pool = pool
        self.database = pool.database_name
        self.web_user = None
        self.language = 'en'
        self._cookies = []
        self._company = None
        self._csrf = request.cookies.get(CSRF_COOKIE)

    # -- request ------------------------------------------------------------

    def serve(self, func, values, login, model, submits=False):
        transaction = Transaction()
        transaction.join(SendAfterAnswer())
        try:
            if model and not self.has(model):
                raise NotFound()
            if any(isinstance(v, int) and not 0 < v <= INTEGER_MAX
                    for v in values.values()):
                # no record has such an id, and the database refuses it
                raise NotFound()
            # the customer's language is a company value of the party
            with transaction.set_context(company=self.company()):
                self.web_user = self._session_user()
                self.language = self._negotiate_language()
            with transaction.set_context(
                    language=self.language, company=self.company(),
                    _request=self._request_context()):
                if self.foreign_origin():
                    return self._finish(self.message(
                            'foreign_origin', HTTPStatus.FORBIDDEN))
                if login and not self.web_user:
                    return self._finish(self.redirect(
                            '/login', next=self.request.full_path))
                if self.request.method == 'POST' and not self._csrf_valid():
                    return self._finish(self.message(
                            'form_expired', HTTPStatus.BAD_REQUEST))
                if self.request.method == 'POST' and any(
                        UNSEEN.search(v)
                        for _, v in self.form.items(multi=True)):
                    return self._finish(self.message(
                            'invalid_characters', HTTPStatus.BAD_REQUEST))
                if (self.request.method == 'POST' and submits
                        and self.web_user):
                    throttle.check('submit', self.web_user.email)
                    throttle.record('submit', self.web_user.email)
                return self._finish(func(self, **values))
        except (TransactionError, backend.DatabaseOperationalError):
            raise
        except throttle.Throttled as throttled:
            transaction.rollback()
            with transaction.set_context(language=self.language):
                response = self.message('too_many_attempts',
                    HTTPStatus.TOO_MANY_REQUESTS, minutes=throttled.minutes)
            response.headers['Retry-After'] = str(throttled.minutes * 60)
            return self._finish(response)
        except PortalAddressError:
            # the administrator has not set the Portal Address: no e-mail
            # with a link may be sent (README: Portal security)
            logger.error("portal page %s: no Portal Address is set, no "
                "e-mail with a link was sent", self.request.path)
            transaction.rollback()
            return self._refusal(
                'email_unavailable', HTTPStatus.SERVICE_UNAVAILABLE)
        except HTTPException as exception:
            transaction.rollback()
            if exception.code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
                # the body is left unread: the page is shown without it
                self.request.form = ImmutableMultiDict()
                return self._refusal('too_large', exception.code)
            if exception.code != HTTPStatus.NOT_FOUND:
                raise
            return self._refusal('not_found', exception.code)
        except Exception:
            # never a traceback for the customer
            logger.exception("portal page %s", self.request.path)
            transaction.rollback()
            return self._refusal('error', HTTPStatus.INTERNAL_SERVER_ERROR)

    def foreign_origin(self):
        """Whether the request comes from a page of another site (its
        browser says so): not the request's host nor the Portal Address's"""
        origin = self.request.environ.get(ORIGIN)
        if origin is None:
            return False
        ours = {self.request.host,
            urlsplit(portal_link('/', required=False) or '').netloc} - {''}
        return urlsplit(origin).netloc not in ours

    def _refusal(self, name, status):
        with Transaction().set_context(language=self.language):
            return self._finish(self.message(name, status))

    def _request_context(self):
        """Tryton's context of the request, but with the host of the
        configured Portal Address: the request's Host header is the
        client's to choose, and Tryton takes the Message-ID of the e-mails
        from it"""
        context = dict(Transaction().context.get('_request') or {})
        context.pop('http_host', None)
        host = urlsplit(portal_link('/', required=False) or '').netloc
        if host:
            context['http_host'] = host
        return context

    def _session_user(self):
        "The account signed in; only an account whose e-mail is proven acts"
        WebUser = self.pool.get('web.user')
        key = self.request.cookies.get(SESSION_COOKIE)
        user = WebUser.get_user(key) if key else None
        return user if user and user.email_valid else None

    def _negotiate_language(self):
        "The reader's choice, else the customer's language, else the browser's"
        chosen = request_language(self.request)
        if chosen:
            return chosen
        party = self.web_user.party if self.web_user else None
        if party and party.lang and party.lang.code in dict(LANGUAGES):
            return party.lang.code
        return browser_language(self.request)

    def _csrf_valid(self):
        expected = self._session_csrf() or self._csrf
        return bool(expected) and hmac.compare_digest(
            self.form.get('csrf', ''), expected)

    def _session_csrf(self):
        """The token of a signed-in customer's forms: derived from the
        session's secret key, so that it changes with each sign-in and no
        other session's token is accepted"""
        key = self.request.cookies.get(SESSION_COOKIE)
        if not (self.web_user and key):
            return None
        return hashlib.sha256(f'cs-portal-csrf:{key}'.encode()).hexdigest()

    @property
    def form(self):
        return self.request.form

    @property
    def csrf(self):
        """The token every form sends back: the session's, else, before
        signing in, a double-submit cookie"""
        if session_csrf := self._session_csrf():
            return session_csrf
        if not self._csrf:
            self._csrf = secrets.token_urlsafe(32)
            self.set_cookie(CSRF_COOKIE, self._csrf, samesite='Strict')
        return self._csrf

    def sign_in(self, user):
        """Start a new session of user; the token of the forms before it
        is replaced"""
        self.set_cookie(SESSION_COOKIE, user.new_session())
        self.set_cookie(
            CSRF_COOKIE, secrets.token_urlsafe(32), samesite='Strict')

    # -- the customer -------------------------------------------------------

    @property
    def party(self):
        return self.web_user.party if self.web_user else None

    @contextmanager
    def customer(self):
        """Read as the Portal user for the web user's party: the record
        rules of the Portal group apply"""
        ModelData = self.pool.get('ir.model.data')
        transaction = Transaction()
        user = ModelData.get_id('cs_base', 'user_portal')
        party = self.party.id if self.party else -1
        with transaction.set_user(user), transaction.set_context(
                portal_party=party, _check_access=True,
                company=self.company(), _companies=(self.company(),)):
            yield

    def company(self):
        "The company of the site (one per database on the portal)"
        if self._company is None:
            Company = self.pool.get('company.company')
            companies = Company.search([], limit=1, order=[('id', 'ASC')])
            self._company = companies[0].id if companies else -1
        return self._company if self._company > 0 else None

    def get_or_404(self, Model, domain):
        "The customer's record matching domain, else 'not found'"
        with self.customer():
            records = Model.search(domain, limit=1)
        if not records:
            raise NotFound()
        return Model(records[0].id)

    def attempt(self, func, *args, **kwargs):
        """Return (func's result, None); on a refusal, undo everything it
        wrote and return (None, the translated message) for the form to be
        shown again"""
        try:
            return func(*args, **kwargs), None
        except PortalAddressError:
            raise
        except (UserError, UserWarning) as exception:
            Transaction().rollback()
            if (type(exception).__module__.startswith('trytond.modules.cs_')
                    or isinstance(exception, SQLConstraintError)):
                # the suite's texts and the constraints' messages
                return None, exception.message
            # Tryton's validation texts name models and fields as staff
            # see them ("… of "Party Contact Mechanism" contains …")
            logger.info("portal page %s refused: %s",
                self.request.path, exception.message)
            return None, self.gettext('invalid_input')

    def refuse(self, name, **variables):
        "Refuse the input with the text of gettext(name)"
        raise PortalRefusal(self.gettext(name, **variables))

    # -- answer -------------------------------------------------------------

    def gettext(self, name, /, **variables):
        "The text msg_portal_<name> of cs_base, or of <module>.<name>"
        module, _, name = name.rpartition('.')
        return gettext(
            f'{module or "cs_base"}.msg_portal_{name}', **variables)

    def url(self, path, **query):
        url = f'/{self.database}/portal{path}'
        query = {k: v for k, v in query.items() if v is not None}
        return url + ('?' + urlencode(query) if query else '')

    def safe_next(self, default='/'):
        "A redirection target inside the portal only"
        target = self.request.values.get('next') or ''
        prefix = f'/{self.database}/portal/'
        parts = urlsplit(target)
        if (parts.scheme or parts.netloc or not target.startswith(prefix)
                or not target.isprintable()):
            return self.url(default)
        return target

    def redirect(self, path, **query):
        target = path if path.startswith('/' + self.database) else (
            self.url(path, **query))
        return Response('', HTTPStatus.SEE_OTHER, headers={
                'Location': target})

    def set_cookie(self, name, value, max_age=None, samesite='Lax'):
        self._cookies.append((name, value, max_age, samesite))

    def site_timezone(self):
        Company = self.pool.get('company.company')
        company = self.company()
        return (Company.timezone_of(company) if company else None) or 'UTC'

    def zone_name(self, zone):
        """A time zone as customers call it (北京时间, московское время),
        else its name"""
        message = ZONE_NAMES.get(zone)
        return self.gettext(message) if message else zone.replace('_', ' ')

    def timezone(self):
        "The reader's time zone: chosen on the account page, else the site's"
        return ((self.web_user.cs_timezone if self.web_user else None)
            or self.site_timezone())

    def format_datetime(self, value):
        "A stored (UTC) time in the reader's time zone and format"
        if not value:
            return ''
        Lang = self.pool.get('ir.lang')
        value = value.replace(tzinfo=tz.UTC).astimezone(
            tz.get_tzinfo(self.timezone()))
        return Lang.get(self.language).strftime(value, '%x %H:%M')

    def parse_datetime(self, text, zone=None, earliest=None, latest=None):
        """A time typed in the reader's time zone (or zone) as stored: UTC,
        or None if it is not a time; one outside the days earliest…latest
        is refused"""
        try:
            value = dt.datetime.strptime(text, '%Y-%m-%dT%H:%M')
        except ValueError:
            return None
        self._check_range(value.date(), earliest, latest)
        return value.replace(
            tzinfo=tz.get_tzinfo(zone or self.timezone())).astimezone(
            tz.UTC).replace(tzinfo=None)

    def today(self):
        return self.pool.get('ir.date').today()

    def parse_date(self, text, earliest=None, latest=None):
        """The date typed (ISO, as browsers send it), or None if it is not
        a date; one outside earliest…latest is refused"""
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            return None
        self._check_range(value, earliest, latest)
        return value

    def _check_range(self, day, earliest, latest):
        "Refuse day outside earliest…latest (by default the years stored)"
        earliest = earliest or dt.date(YEARS[0], 1, 1)
        latest = latest or dt.date(YEARS[1], 12, 31)
        if not earliest <= day <= latest:
            self.refuse('date_range', earliest=self.format_date(earliest),
                latest=self.format_date(latest))

    def format_date(self, value):
        Lang = self.pool.get('ir.lang')
        return Lang.get(self.language).strftime(value) if value else ''

    def render(self, template, status=HTTPStatus.OK, title=None, **values):
        "module/name.html (in module/portal/) inside the portal's layout"
        module, name = template.split('/')
        context = {
            'page': self, '_': self.gettext, 'url': self.url,
            'csrf': self.csrf, 'datetime': self.format_datetime,
            'date': self.format_date, 'error': None, 'values': self.form,
            'menu': self.menu(),
            'password_min_length': PASSWORD_MIN_LENGTH,
            }
        context.update(values)
        body = _loader.load(f'{module}/portal/{name}').generate(
            **context).render('html', doctype=None, encoding=None)
        context.update(body=Markup(body), title=title, languages=LANGUAGES,
            here=self.request.full_path.rstrip('?'))
        html = _loader.load('cs_base/portal/layout.html').generate(
            **context).render('html', doctype='html5', encoding='utf-8')
        return Response(html, status, content_type='text/html; charset=utf-8')

    def message(self, name, status=HTTPStatus.OK, **variables):
        "A page with one sentence: not found, refused, sent…"
        return self.render('cs_base/message.html', status=status,
            text=self.gettext(name, **variables))

    def has(self, model):
        "Whether the database's modules provide model"
        try:
            self.pool.get(model)
        except KeyError:
            return False
        return True

    def menu(self):
        return [(path, self.gettext(text))
            for _, model, path, text, visible, public in MENU
            if self.has(model) and (self.web_user or public)
            and (visible is None or visible(self))]

    def _finish(self, response):
        secure = self.request.scheme == 'https'
        for name, value, max_age, samesite in self._cookies:
            response.set_cookie(name, value or '', max_age=max_age,
                path=f'/{self.database}/portal', httponly=True,
                secure=secure, samesite=samesite)
        return response


# the headers of every response under /<database>/portal/
SECURITY_HEADERS = {
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Content-Security-Policy': "default-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'",
    'Cache-Control': 'no-store',
    }
_SECURITY_NAMES = {n.lower() for n in SECURITY_HEADERS}
# where PortalGuard keeps the request's Origin for the page to check
ORIGIN = 'cs.portal.origin'


class PortalGuard:
    """WSGI middleware around Tryton's application, for the portal's paths:
    every response carries SECURITY_HEADERS, also those made outside the
    portal's pages (werkzeug's 405 for PUT or DELETE, 204 for OPTIONS), and
    the request's Origin is checked by the page (Page.foreign_origin), which
    refuses it in the customer's language, instead of by Tryton, whose
    check raises outside its error handling (a bare 500)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO', '').split('/')[2:3] != ['portal']:
            return self.wsgi_app(environ, start_response)
        if 'HTTP_ORIGIN' in environ:
            environ[ORIGIN] = environ.pop('HTTP_ORIGIN')

        def start(status, headers, exc_info=None):
            headers = [(n, v) for n, v in headers
                if n.lower() not in _SECURITY_NAMES]
            headers.extend(SECURITY_HEADERS.items())
            return start_response(status, headers, exc_info)
        return self.wsgi_app(environ, start)


if not isinstance(app.wsgi_app, PortalGuard):
    app.wsgi_app = PortalGuard(app.wsgi_app)


# -- the frame's own pages ---------------------------------------------------

add_menu(90, 'web.user', '/account', 'account')


@route('/', login=True)
def home(page):
    return page.render('cs_base/home.html', title=page.gettext('home'))


@route('/<path:unknown>', methods=('GET', 'POST'), login=False)
def not_found(page, unknown):
    raise NotFound()


@route('/login', methods=('GET', 'POST'), login=False)
def login(page):
    WebUser = page.pool.get('web.user')
    error = None
    if page.request.method == 'POST':
        email = page.form.get('email', '').strip()
        user = WebUser.authenticate(email, page.form.get('password', ''))
        if user and not user.email_valid:
            # until the address is proven the account only validates it
            _send_validation(user)
            return page.message('validation_resent')
        if user:
            page.sign_in(user)
            return page.redirect(page.safe_next())
        error = page.gettext('login_failed')
    return page.render('cs_base/login.html', title=page.gettext('sign_in'),
        error=error, next=page.request.values.get('next', ''))


@route('/logout', methods=('POST',), login=False)
def logout(page):
    Session = page.pool.get('web.user.session')
    key = page.request.cookies.get(SESSION_COOKIE)
    if key:
        Session.remove(key)
    page.set_cookie(SESSION_COOKIE, '', max_age=0)
    return page.redirect('/login')


@route('/language', methods=('POST',), login=False)
def language(page):
    "The reader's choice, remembered on the customer too"
    Lang = page.pool.get('ir.lang')
    Party = page.pool.get('party.party')
    code = page.form.get('language')
    if code in dict(LANGUAGES):
        page.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600)
        langs = Lang.search([('code', '=', code)], limit=1)
        if page.party and langs:
            with page.customer():
                Party.write([Party(page.party.id)], {'lang': langs[0].id})
    return page.redirect(page.safe_next())


@route('/signup', methods=('GET', 'POST'), login=False)
def signup(page):
    """Open an account; it acts once its address is proven by the link
    sent there (/validate)"""
    WebUser = page.pool.get('web.user')
    error = None
    if page.request.method == 'POST':
        form = page.form
        name = form.get('name', '').strip()
        email = form.get('email', '').strip().lower()
        password = form.get('password', '')
        phone = form.get('phone', '').strip()
        if not name or not email:
            error = page.gettext('required', field=page.gettext(
                    'name' if not name else 'email'))
        else:
            error = _too_long(page, name=(name, MAX_NAME),
                email=(email, MAX_EMAIL), phone=(phone, PHONE_SIZE)
                ) or _new_password_error(page, email, name)
        if not error and not EMAIL.match(email):
            error = page.gettext('email_invalid')
        if not error:
            throttle.check('sign_up', email)
            throttle.record('sign_up', email)
            existing = WebUser.search([('email', '=', email)], limit=1)
            if existing:
                # the same answer, in the same time, as for a new account:
                # who has one is not told; the owner of the address gets a
                # link to choose a password (an account someone else opened
                # with it is theirs once they do)
                WebUser.hash_password(password)
                WebUser.reset_password(existing)
                return page.message('validation_sent', email=email)
            _, error = page.attempt(
                _open_account, page, name, email, phone, password)
            if not error:
                return page.message('validation_sent', email=email)
    return page.render('cs_base/signup.html', title=page.gettext('sign_up'),
        error=error)


def _open_account(page, name, email, phone, password):
    "The customer and their account, and the link to prove the address"
    pool = Pool()
    Lang = pool.get('ir.lang')
    Party = pool.get('party.party')
    WebUser = pool.get('web.user')
    lang, = Lang.search([('code', '=', page.language)])
    mechanisms = [{'type': 'email', 'value': email}]
    if phone:
        mechanisms.append({'type': 'mobile', 'value': phone})
    party, = Party.create([{'name': name, 'lang': lang.id,
                'contact_mechanisms': [('create', mechanisms)]}])
    user, = WebUser.create([{
                'email': email, 'party': party.id, 'password': password}])
    WebUser.validate_email([user])
    return user


def _new_password_error(page, email, name=''):
    """The refusal of the password typed twice in the form, if any: too
    short, too common, the e-mail or the name itself, or refused by the
    site's [password] settings (Tryton's validate_password: length,
    forbidden list, entropy), which the portal, working as user 0, would
    otherwise skip"""
    pool = page.pool
    User = pool.get('res.user')
    password = page.form.get('password', '')
    if len(password) < PASSWORD_MIN_LENGTH:
        return page.gettext('password_short')
    if password != page.form.get('password2'):
        return page.gettext('password_mismatch')
    lowered = password.lower()
    if lowered in _common_passwords() or lowered in {
            email.lower(), email.lower().split('@')[0], name.lower()}:
        return page.gettext('password_common')
    try:
        User.validate_password(password, [
                SimpleNamespace(name=name, login=email, email=email)])
    except UserError as exception:
        return exception.message


def _too_long(page, **texts):
    """The refusal of the first text longer than its size, if any: texts
    are label: (text, size), the label a msg_portal_<label> of cs_base"""
    for label, (text, size) in texts.items():
        if len(text) > size:
            return gettext('cs_base.msg_text_too_long',
                field=page.gettext(label), length=len(text), size=size)


@functools.cache
def _common_passwords():
    path = os.path.join(os.path.dirname(__file__), 'data',
        'common_passwords.txt')
    with open(path, encoding='utf-8') as lines:
        return frozenset(line.strip().lower() for line in lines
            if line.strip() and not line.startswith('#'))


@route('/validate', login=False, readonly=False)
def validate(page):
    WebUser = page.pool.get('web.user')
    token = page.request.args.get('token', '')
    users = WebUser.validate_email_token([token]) if token else []
    if not users:
        return page.message('link_invalid')
    page.sign_in(users[0])
    return page.redirect('/', welcome=1)


def _send_validation(user):
    "A new link to prove the account's address, a few in 5 minutes"
    throttle.check('validation', user.email)
    throttle.record('validation', user.email)
    Pool().get('web.user').validate_email([user])


@route('/reset', methods=('GET', 'POST'), login=False)
def reset(page):
    "Ask for a link to set a new password (the answer is the same for any)"
    WebUser = page.pool.get('web.user')
    if page.request.method == 'POST':
        portal_link('/password')  # the same answer for any e-mail if unset
        email = page.form.get('email', '').strip().lower()
        throttle.check('reset', email)
        throttle.record('reset', email)
        users = WebUser.search([('email', '=', email)], limit=1)
        if users:
            WebUser.reset_password(users)
        return page.message('reset_sent')
    return page.render('cs_base/reset.html',
        title=page.gettext('forgot_password'))


@route('/password', methods=('GET', 'POST'), login=False)
def set_password(page):
    WebUser = page.pool.get('web.user')
    email = page.request.values.get('email', '')
    token = page.request.values.get('token', '')
    error = None
    if page.request.method == 'POST':
        error = _new_password_error(page, email)
        if not error:
            if WebUser.set_password_token(
                    email, token, page.form['password']):
                return page.message('password_set')
            return page.message('link_invalid', HTTPStatus.BAD_REQUEST)
    return page.render('cs_base/password.html',
        title=page.gettext('new_password'), error=error, email=email,
        token=token)


# the time zones offered on the account page: the customers of a border
# site live in China or in Russia's Far East, Siberia and west of it
TIMEZONES_OFFERED = [
    'Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Kamchatka',
    'Asia/Magadan', 'Asia/Sakhalin', 'Asia/Vladivostok', 'Asia/Yakutsk',
    'Asia/Chita', 'Asia/Irkutsk', 'Asia/Krasnoyarsk', 'Asia/Novosibirsk',
    'Asia/Omsk', 'Asia/Yekaterinburg', 'Europe/Moscow', 'UTC']


@route('/account', methods=('GET', 'POST'))
def account(page):
    "The customer's name and time zone"
    Party = page.pool.get('party.party')
    WebUser = page.pool.get('web.user')
    error = None
    if page.request.method == 'POST':
        name = page.form.get('name', '').strip()
        zone = page.form.get('timezone') or None
        if not name:
            error = page.gettext('required', field=page.gettext('name'))
        else:
            error = _too_long(page, name=(name, MAX_NAME))
        if not error and zone not in dict(_timezone_choices(page)):
            error = page.gettext('required', field=page.gettext('timezone'))
        if not error:
            def save():
                Party.write([Party(page.party.id)], {'name': name})
                WebUser.write([WebUser(page.web_user.id)],
                    {'cs_timezone': zone})
            with page.customer():
                _, error = page.attempt(save)
            if not error:
                return page.redirect('/account', saved=1)
    return page.render('cs_base/account.html', title=page.gettext('account'),
        error=error, saved=page.request.args.get('saved'),
        timezones=_timezone_choices(page))


def _timezone_choices(page):
    "(zone, label with its offset now), the site's zone first"
    zones = [page.site_timezone()] + [
        z for z in TIMEZONES_OFFERED if z != page.site_timezone()]
    if page.timezone() not in zones:
        zones.append(page.timezone())
    now = dt.datetime.now(tz.UTC)
    choices = []
    for zone in zones:
        offset = now.astimezone(tz.get_tzinfo(zone)).strftime('%z')
        choices.append((zone,
                f"{page.zone_name(zone)} (UTC{offset[:3]}:{offset[3:]})"))
    return choices


class HiddenFieldsMixin:
    """Fields no user reads over RPC (field access: no read right, so no
    search either): a read by a client gives them empty instead of
    refusing the whole read, as Tryton's res.user does for its password
    hash, so that proteus and sao, which read every field, keep working"""
    __slots__ = ()
    _hidden_fields = set()

    @classmethod
    def read(cls, ids, fields_names):
        transaction = Transaction()
        hidden = set()
        if transaction.user and transaction.check_access and fields_names:
            hidden = cls._hidden_fields & set(fields_names)
            fields_names = [f for f in fields_names if f not in hidden]
        result = super().read(ids, fields_names)
        for values in result:
            values.update(dict.fromkeys(hidden))
        return result


class User(HiddenFieldsMixin, metaclass=PoolMeta):
    __name__ = 'res.user'
    _hidden_fields = {'password_hash', 'password_reset',
        'password_reset_expire'}


class WebUser(HiddenFieldsMixin, metaclass=PoolMeta):
    __name__ = 'web.user'
    _hidden_fields = {'password_hash', 'reset_password_token',
        'reset_password_token_expire', 'email_token'}
    cs_timezone = fields.Selection(
        [(None, '')] + TIMEZONES, "Time Zone", translate=False,
        help="The time zone in which the portal shows times to the "
        "customer; empty for the site's.")

    @classmethod
    def authenticate(cls, email, password):
        """Tryton's, but a client over the limits is refused at once
        instead of the worker sleeping (throttle.py), and an e-mail without
        an account costs the same time as one with"""
        email = email.lower()
        throttle.check('sign_in', email)
        users = cls.search([('email', '=', email)])
        user = users[0] if users else None
        # no account, or one without a password yet (an invitation): the
        # same check, which fails
        stored = user.password_hash if user else None
        valid, _ = cls.check_password(password, stored or _unused_hash())
        if user and stored and valid:
            throttle.forget('sign_in', email)
            return user
        throttle.record('sign_in', email)
        return None

    @classmethod
    def set_password_token(cls, email, token, password):
        """Tryton's, but the right token always works, and a client over
        the limits of wrong tokens is refused at once instead of the worker
        sleeping (throttle.py)"""
        email = (email or '').lower()
        users = cls.search([('email', '=', email)])
        user = users[0] if users else None
        expected = (user.reset_password_token if user else None) or ''
        if token and expected and hmac.compare_digest(expected, token):
            expire = user.reset_password_token_expire
            user.clear_reset_password_token()
            if expire > dt.datetime.now():
                user.password = password
                # the link came to the address: it is the customer's
                user.email_valid = True
                user.save()
                throttle.forget('token', email)
                return True
            user.save()
        throttle.check('token', email)
        throttle.record('token', email)
        return False

    @classmethod
    def on_modification(cls, mode, users, field_names=None):
        super().on_modification(mode, users, field_names=field_names)
        if mode == 'write' and field_names & {
                'password_hash', 'active', 'party', 'email'}:
            cls.end_sessions(users)

    @classmethod
    @without_check_access
    def end_sessions(cls, users):
        """Sign the users out everywhere: a new password, an account
        deactivated or given to another customer ends every session opened
        before (whoever changed it, the desk included)"""
        Session = Pool().get('web.user.session')
        Session.delete(Session.search([('user', 'in', [u.id for u in users])]))

    def get_email_validation_url(self, url=None):
        return super().get_email_validation_url(
            url or portal_link('/validate'))

    def get_email_reset_password_url(self, url=None):
        return super().get_email_reset_password_url(
            url or portal_link('/password'))


class SendAfterAnswer(SMTPDataManager):
    """The e-mails of a portal request, sent once it is committed by a
    thread of their own: the answer does not wait for the mail server, so
    a reset or a sign-up answers in the same time whether an account (and
    an e-mail) is behind the address or not.  Joined first, it takes the
    place of Tryton's data manager (they compare equal)."""

    def tpc_vote(self, transaction):
        # the connection is the thread's: nothing to check before
        pass

    def tpc_finish(self, transaction):
        messages, self.queue = self.queue, []
        if messages:
            sender = threading.Thread(target=self._send,
                args=(self.uri or config.get('email', 'uri'), messages),
                name='cs_portal_mail')
            _SENDERS.add(sender)
            sender.start()

    @staticmethod
    def _send(uri, messages):
        try:
            server = get_smtp_server(uri)  # None, logged, if unreachable
            for from_addr, to_addrs, message in messages:
                if server:
                    server = send_message(message, from_addr, to_addrs,
                        server=server) or server
            if server:
                server.quit()
        except Exception:
            logger.exception("portal e-mails not sent")
        finally:
            _SENDERS.discard(threading.current_thread())


_SENDERS = set()


def wait_for_mail(timeout=10):
    "Wait until the portal's e-mails are handed to the mail server"
    for sender in list(_SENDERS):
        sender.join(timeout)


@functools.cache
def _unused_hash():
    "A hash to check a password against when the e-mail has no account"
    return Pool().get('web.user').hash_password(secrets.token_hex(16))


def portal_link(path, required=True, **query):
    """The address of the portal's page path for an e-mail: from the
    configured Portal Address only, never from the request, whose Host
    header (or X-Forwarded-Host) a client chooses: a reset link to an
    attacker's host hands over the account.  Refused while it is not set
    (None if not required)."""
    Configuration = Pool().get('cs.configuration')
    base = Configuration(1).portal_url
    if not base:
        if not required:
            return None
        raise PortalAddressError(gettext('cs_base.msg_portal_address_missing'))
    link = base.rstrip('/') + path
    return link + ('?' + urlencode(query) if query else '')
