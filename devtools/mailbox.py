"""The demo's mailbox: a local SMTP server saving each e-mail trytond sends
(portal links: address validation, new password, acknowledgements) as a
file in a folder, for whoever tries the portal without a mail server.

    python -m devtools.mailbox PORT FOLDER
"""
import datetime as dt
import sys
from email.utils import parseaddr
from pathlib import Path

from trytond.modules.cs_base.tests.mailbox import smtp_server


def main(port, folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    def save(message):
        stamp = dt.datetime.now().strftime('%Y%m%d-%H%M%S-%f')
        address = parseaddr(message['To'] or '')[1] or 'unknown'
        name = f"{stamp}-{address}.eml".replace('/', '_')
        (folder / name).write_bytes(bytes(message))
    smtp_server(save, port=int(port)).serve_forever()


if __name__ == '__main__':
    main(*sys.argv[1:])
