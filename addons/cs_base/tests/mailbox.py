# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A local SMTP server that hands each message it receives to a function:
the tests' sink and the demo's mailbox (devtools/mailbox.py)"""
import socketserver
from email import message_from_bytes, policy


def smtp_server(deliver, host='127.0.0.1', port=0):
    """A socketserver speaking just enough SMTP for trytond's sendmail,
    calling deliver(message) for each message received"""

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            self.reply(b'220 mailbox')
            data = None
            for line in self.rfile:
                if data is not None:
                    if line in {b'.\r\n', b'.\n'}:
                        deliver(message_from_bytes(
                                b''.join(data), policy=policy.default))
                        data = None
                        self.reply(b'250 ok')
                    else:
                        data.append(line[1:] if line.startswith(b'..')
                            else line)
                    continue
                command = line[:4].upper()
                if command == b'DATA':
                    data = []
                    self.reply(b'354 go')
                elif command == b'QUIT':
                    self.reply(b'221 bye')
                    return
                else:
                    self.reply(b'250 ok')

        def reply(self, text):
            self.wfile.write(text + b'\r\n')

    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True

    return Server((host, port), Handler)
