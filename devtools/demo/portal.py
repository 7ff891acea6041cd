"""Demo data of the customer portal: two customers of the demo, one Chinese
and one Russian, with a portal account and a request submitted there."""
from proteus import Model

from devtools.demo.cs_helpdesk import _kind

CUSTOMERS = [
    # name, e-mail, the kind and text of a request submitted on the portal
    ("王芳", 'wangfang@example.com', 'return',
        "上周在二楼买的羽绒服拉链坏了，请问可以换货吗？"),
    ("Иван Петров", 'ivan.petrov@example.com', 'consultation',
        "Хочу купить 40 пуховиков для магазина во Владивостоке: "
        "какая скидка и срок поставки?"),
    ]


def load(config, password, active):
    """Portal accounts (e-mail validated) and their first request (active:
    the names of the active modules)"""
    Party = Model.get('party.party')
    WebUser = Model.get('web.user')
    credentials = []
    for name, email, kind, request in CUSTOMERS:
        party, = Party.find([('name', '=', name)])
        secret = password()
        WebUser(email=email, password=secret, party=party,
            email_valid=True).save()
        if 'cs_helpdesk' in active:
            _submit(party, kind, request)
        credentials.append((email, secret,
                f"portal customer ({party.lang.code}), /demo/portal/"))
    return credentials


def _submit(party, kind, description):
    "A request as the portal registers it: channel portal, registered"
    Ticket = Model.get('cs.helpdesk.ticket')
    Channel = Model.get('cs.channel')
    ticket = Ticket(type=_kind(kind), party=party,
        description=description, language=party.lang)
    ticket.channel, = Channel.find([('code', '=', 'portal')])
    ticket.save()
    ticket.click('register')
