"""A JSON-RPC client of trytond, speaking to the server as sao does."""
import base64
import json
import urllib.request


class Session:
    "A JSON-RPC session of one user, as sao opens it"

    def __init__(self, url, login, password, database='demo'):
        self.login = login
        self.url = url + f'{database}/rpc/'
        uid, token, *_ = self.call(
            'common.db.login', [login, {'password': password}, 'en'])
        self.auth = base64.b64encode(
            f'{login}:{uid}:{token}'.encode()).decode()
        self.context = self.call('model.res.user.get_preferences', [True, {}])

    def call(self, method, params):
        headers = {'Content-Type': 'application/json'}
        if getattr(self, 'auth', None):
            headers['Authorization'] = f'Session {self.auth}'
        request = urllib.request.Request(
            self.url,
            json.dumps({'id': 1, 'method': method, 'params': params}).encode(),
            headers)
        with urllib.request.urlopen(request) as response:
            answer = json.load(response)
        if answer.get('error'):
            raise RPCError(answer['error'])
        return answer['result']

    def model(self, model, method, *args):
        return self.call(f'model.{model}.{method}', [*args, self.context])


class RPCError(Exception):
    pass


def department_ticket(session, state):
    """Return the id of a demo ticket in state handled by a department
    (those submitted on the portal have none yet)"""
    ticket_id, *_ = session.model('cs.helpdesk.ticket', 'search', [
            ('state', '=', state), ('dispatch_to', '=', 'department'),
            ('department', '!=', None)],
        0, 1, None)
    return ticket_id
