# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The member's card, tier, points and ledger on the portal (ME-01, ME-02)"
import base64

from trytond.modules.cs_base.portal import add_menu, route
from trytond.tools import qrcode

add_menu(50, 'cs.membership.card', '/card', 'cs_membership.card')


@route('/card', model='cs.membership.card')
def card(page):
    Card = page.pool.get('cs.membership.card')
    Line = page.pool.get('cs.membership.points.line')
    with page.customer():
        cards = Card.search([('state', '!=', 'cancelled')])
        lines = Line.search([('card', 'in', [c.id for c in cards])],
            limit=50) if cards else []
        return page.render('cs_membership/card.html',
            title=page.gettext('cs_membership.card'), cards=cards,
            lines=lines, qr=_qr)


def _qr(number):
    "The card's number as a QR code image for the cashier's scanner"
    image = qrcode.generate_svg(number).getvalue()
    return 'data:image/svg+xml;base64,' + base64.b64encode(image).decode()
