# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Limits on what a client may try on the portal: sign in, use a reset
token, ask for a reset or validation link, sign up, and, signed in, send
requests.

Tryton's web_user makes a failed sign-in or a wrong reset token sleep the
worker that answers for 2**n seconds: two clients hold every worker of the
server, staff's sao included.  Here a client over a limit is refused at once
with the time to wait.  The limits count Tryton's own attempts
(web.user.authenticate.attempt, kept for the [session] timeout, 5 minutes)
by client address, by client address and e-mail, and by e-mail: someone who
knows a customer's e-mail exhausts the limit of their own address, not the
customer's (only many addresses together reach the e-mail's limit)."""
import datetime as dt
import math

from sql.aggregate import Count, Min

from trytond.config import config
from trytond.pool import Pool
from trytond.transaction import Transaction

# the limits, as multiples of Tryton's [session] max_attempt (5): per
# address, per address and e-mail, per e-mail
FACTORS = {
    'sign_in': (4, 1, 10),
    'token': (4, 1, 10),
    'reset': (2, 1, 2),
    'sign_up': (2, 1, 2),
    # a new link to prove an account's address
    'validation': (2, 1, 2),
    # what a signed-in customer sends (requests, comments, applications):
    # the e-mail is the account's
    'submit': (6, 2, 2),
    # "this answered my question" in the help centre, by anyone: the
    # "e-mail" is the answer's id, so that no client inflates its count
    'helped': (2, 1, 50),
    }


class Throttled(Exception):
    "The client must wait minutes before trying again"

    def __init__(self, minutes):
        super().__init__(minutes)
        self.minutes = minutes


def _key(kind, email):
    return f'{kind}:{email}'


def check(kind, email):
    "Refuse (Throttled) a client that reached one of kind's limits"
    Attempt = Pool().get('web.user.authenticate.attempt')
    attempt = Attempt.__table__()
    cursor = Transaction().connection.cursor()
    address, _ = Transaction().remote_address()
    address = str(address) if address else None
    key = _key(kind, email)
    recent = attempt.create_date >= Attempt.delay()
    maximum = config.getint('session', 'max_attempt', default=5)
    per_address, per_pair, per_email = (
        f * maximum for f in FACTORS[kind])
    from_address = attempt.ip_address == address
    for where, limit in [
            (from_address & attempt.login.like(_key(kind, '%')),
                per_address),
            (from_address & (attempt.login == key), per_pair),
            (attempt.login == key, per_email)]:
        cursor.execute(*attempt.select(
                Count(), Min(attempt.create_date), where=where & recent))
        count, oldest = cursor.fetchone()
        if count >= limit:
            raise Throttled(_minutes_until_free(oldest))


def _minutes_until_free(oldest):
    if isinstance(oldest, str):  # SQLite without the column's type
        oldest = dt.datetime.fromisoformat(oldest)
    timeout = config.getint('session', 'timeout')
    free = oldest + dt.timedelta(seconds=timeout) - dt.datetime.now()
    return max(1, math.ceil(free.total_seconds() / 60))


def record(kind, email):
    "Count an attempt of kind for email from the client's address"
    Pool().get('web.user.authenticate.attempt').add(_key(kind, email))


def forget(kind, email):
    "The e-mail's attempts of kind no longer count (it succeeded)"
    Pool().get('web.user.authenticate.attempt').remove(_key(kind, email))
