"""A JSON-RPC client of trytond, speaking to the server as sao does."""
import base64
import itertools
import json
import secrets
import urllib.request


class Session:
    "A JSON-RPC session of one user, as sao opens it"

    def __init__(self, url, login, password, database='demo'):
        self.login = login
        self.server, self.database = url, database
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


_logins = itertools.count(1)


def role_session(admin, *groups, employee=None, language='en'):
    """Return a session of a new user who belongs only to groups, each
    'module.xml_id' (e.g. 'cs_warranty.group_repair_quality'), as an
    administrator sets staff up: in the administrator's company, with an
    employee of their own unless employee (an id) is given.

    Every call is then checked as sao's would be: the groups' access
    rights, record rules and button rights, nothing more."""
    company = admin.context['company']
    if employee is None:
        party, = admin.model('party.party', 'create', [{
                    'name': f"Staff of {' and '.join(groups)}"}])
        employee, = admin.model('company.employee', 'create', [{
                    'party': party, 'company': company}])
    group_ids = [admin.model('ir.model.data', 'get_id', *group.split('.'))
        for group in groups]
    lang, = admin.model('ir.lang', 'search', [('code', '=', language)],
        0, None, None)
    login = f'role{next(_logins)}-{secrets.token_hex(3)}'
    password = secrets.token_urlsafe(12)
    admin.model('res.user', 'create', [{
                'login': login, 'name': login, 'password': password,
                'groups': [('add', group_ids)],
                'companies': [('add', [company])], 'company': company,
                'employees': [('add', [employee])], 'employee': employee,
                'language': lang,
                }])
    return Session(admin.server, login, password, admin.database)
