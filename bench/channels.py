"""Benchmark of the service desk's channels (issue 21).

    source devtools/postgresql.sh; pg_start
    .venv/bin/python bench/channels.py [MAILS] [ANSWERS]

Builds a database with cs_helpdesk (the PostgreSQL server of
TRYTOND_DATABASE__URI, else SQLite in a temporary folder), then:

- inbound e-mail: MAILS (default 10,000) e-mails made from the test mails
  (Chinese GB2312 base64 with a photo, Russian KOI8-R quoted-printable,
  English UTF-8), from 1,000 senders; one in three answers the sender's
  earlier ticket by its number.  Each is processed as inbound_email's
  endpoint does (Inbox.process, one transaction per mail, its
  acknowledgement sent to a local SMTP sink on commit); reports mails per
  second and the share of the time spent parsing the mail (Mail.of) against
  the rest (the ORM: ticket, registration, history, attachments, e-mail);
- help centre: ANSWERS (default 5,000) public answers in Chinese and
  Russian, then the portal's /help page (rendered, through trytond's WSGI
  application, not signed in) for six searches, median of 20 rounds each,
  at ANSWERS and at a tenth of them.  Goal: under 100 ms.
"""
import atexit
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAME = 'bench_channels'
MAIL = ROOT / 'addons' / 'cs_helpdesk' / 'tests' / 'mail'
TEMPLATES = ['zh_gb2312_base64.eml', 'ru_koi8r_qp.eml', 'ru_cp1251_base64.eml',
    'en_utf8_attachments.eml']
QUERIES = ["存包", "可以用卢布付款吗", "камера хранения", "Рублями", "luggage",
    "Где можно оставить сумку с покупками на время?"]


def main(mails=10_000, answers=5_000):
    from devtools.database import create
    from trytond.modules.cs_base.tests.mailbox import smtp_server
    folder = Path(tempfile.mkdtemp(prefix='cs-bench-'))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / 'trytond.conf'
    config.write_text('[database]\n')
    os.environ.setdefault('TRYTOND_DATABASE__PATH', str(folder))
    if os.environ.get('TRYTOND_DATABASE__URI', '').startswith('postgresql'):
        import psycopg
        with psycopg.connect(os.environ['TRYTOND_DATABASE__URI']
                + 'postgres', autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
    create(config, NAME, ['cs_helpdesk'])

    import trytond.config as trytond_config
    sink = smtp_server(lambda message: None)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    trytond_config.set('email', 'uri',
        'smtp://127.0.0.1:%s' % sink.server_address[1])

    from trytond.pool import Pool
    pool = Pool(NAME)
    pool.init()
    company, inbox = setup(pool)
    inbound(pool, company, inbox, mails)
    for count in [answers // 10, answers]:
        help_centre(pool, count)


def setup(pool):
    "A company in Shanghai with its desk's inbox"
    from trytond.transaction import Transaction
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    Inbox = pool.get('inbound.email.inbox')
    Type = pool.get('cs.helpdesk.ticket.type')
    with Transaction().start(NAME, 0) as transaction:
        currency, = Currency.create([{'name': "Yuan", 'code': 'CNY',
                    'symbol': '¥'}])
        party, = Party.create([{'name': "Mall"}])
        company, = Company.create([{'party': party.id,
                    'currency': currency.id, 'timezone': 'Asia/Shanghai'}])
        complaint, = Type.search([('kind', '=', 'complaint')])
        inbox, = Inbox.create([{'name': "Desk", 'rules': [('create', [{
                                'destination': r'^desk@',
                                'action': 'cs.helpdesk.ticket|'
                                'from_inbound_email',
                                'cs_company': company.id,
                                'cs_ticket_type': complaint.id}])]}])
        transaction.commit()
        return company.id, inbox.id


def inbound(pool, company, inbox_id, count):
    from trytond.modules.cs_helpdesk import mail as mail_module
    from trytond.transaction import Transaction
    Inbox = pool.get('inbound.email.inbox')
    Email = pool.get('inbound.email')
    templates = [(MAIL / name).read_bytes() for name in TEMPLATES]
    parsing = [0.0]
    original = mail_module.Mail.of.__func__

    def timed(cls, email_):
        begin = time.perf_counter()
        try:
            return original(cls, email_)
        finally:
            parsing[0] += time.perf_counter() - begin
    mail_module.Mail.of = classmethod(timed)

    random.seed(21)
    numbers, outcomes = {}, {}
    begin = time.perf_counter()
    for i in range(count):
        sender = f'customer{random.randrange(1000)}@example.com'
        data = random.choice(templates)
        data = re.sub(rb'(?m)^From: .*$', f'From: {sender}'.encode(), data)
        data = re.sub(rb'(?m)^Message-ID: .*$',
            f'Message-ID: <bench-{i}@example.com>'.encode(), data)
        if sender in numbers and i % 3 == 0:
            data = re.sub(rb'(?m)^Subject: .*$',
                f'Subject: Re: [{numbers[sender]}]'.encode(), data)
        with Transaction().start(NAME, 0) as transaction:
            inbox = Inbox(inbox_id)
            email_, = Email.from_webhook(inbox, data, 'raw')
            inbox.process(email_)
            Email.save([email_])
            if email_.result:
                numbers[sender] = email_.result.number
            outcomes[email_.cs_outcome] = outcomes.get(
                email_.cs_outcome, 0) + 1
            transaction.commit()
    elapsed = time.perf_counter() - begin
    print(f"inbound e-mail: {count:,} mails in {elapsed:.1f} s "
        f"({count / elapsed:,.1f} mails/s); outcomes {outcomes}")
    print(f"  parsing (Mail.of) {parsing[0]:.1f} s "
        f"({parsing[0] / elapsed:.0%}), the rest (ORM, SMTP on commit) "
        f"{elapsed - parsing[0]:.1f} s ({1 - parsing[0] / elapsed:.0%})")


def help_centre(pool, count):
    "count public answers, then the /help page's searches"
    from werkzeug.test import Client

    from trytond.transaction import Transaction
    from trytond.wsgi import app
    Answer = pool.get('cs.helpdesk.answer')
    with Transaction().start(NAME, 0) as transaction:
        existing = Answer.search([], count=True)
        words_zh = "商场服务台会员积分停车发票退换货电梯空调营业时间卢布存包"
        words_ru = ("касса парковка скидка карта возврат обмен лифт "
            "кондиционер время работы рубли камера хранения").split()
        random.seed(5)
        values = []
        for i in range(existing, count):
            zh = ''.join(random.sample(words_zh, 6))
            ru = ' '.join(random.sample(words_ru, 4))
            values.append({
                    'question_zh': f"{zh}？{i}", 'answer_zh': zh * 5,
                    'question_ru': f"{ru.capitalize()}? {i}",
                    'answer_ru': (ru + ". ") * 5,
                    'public': True, 'translation_done': True})
        for start in range(0, len(values), 500):
            Answer.create(values[start:start + 500])
        transaction.commit()
    client = Client(app)
    print(f"help centre, {count:,} public answers (/help page, "
        "median of 20):")
    for query in QUERIES:
        url = f'/{NAME}/portal/help?q={quote(query)}'
        timings = []
        for _ in range(21):
            begin = time.perf_counter()
            response = client.get(url, headers={'Accept-Language': 'ru'})
            timings.append(time.perf_counter() - begin)
            assert response.status_code == 200, response.status_code
        found = response.get_data(as_text=True).count('<details>')
        median = statistics.median(timings[1:]) * 1000
        print(f"  {query!r:55} {found:3} answers  {median:6.1f} ms  "
            f"{'✓' if median <= 100 else '✗'} (goal 100 ms)")


if __name__ == '__main__':
    main(*map(int, sys.argv[1:]))
