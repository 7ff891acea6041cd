# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
import datetime as dt
import os
from unittest.mock import patch

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessButtonError, DomainValidationError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, create_employee, set_company)
from trytond.modules.cs_base.tests.tools import (
    job_errors, suite_but, write_behind)
from trytond.modules.cs_base.tools import in_savepoint
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

# Monday 23 November 2026, 09:00 in Shanghai
MONDAY = dt.datetime(2026, 11, 23, 1, 0)


def at(moment):
    return patch(
        'trytond.modules.cs_base.workflow.clock', return_value=moment)


def create_ticket(kind='complaint', received_at=MONDAY, **values):
    pool = Pool()
    Ticket = pool.get('cs.helpdesk.ticket')
    Type = pool.get('cs.helpdesk.ticket.type')
    Party = pool.get('party.party')
    type_, = Type.search([('kind', '=', kind)])
    if 'party' not in values:
        values['party'], = Party.create([{'name': "Customer"}])
    ticket, = Ticket.create([{
                'type': type_.id, 'received_at': received_at,
                'description': "Description", **{
                    k: getattr(v, 'id', v) for k, v in values.items()}}])
    return ticket


def employ_user(company):
    "Make the test's user an employee of company, returned"
    User = Pool().get('res.user')
    employee = create_employee(company)
    User.write([User(Transaction().user)], {
            'companies': [('add', [company.id])], 'company': company.id,
            'employees': [('add', [employee.id])],
            'employee': employee.id})
    return employee


class CsHelpdeskTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the service desk module"
    module = 'cs_helpdesk'
    extras = suite_but('cs_helpdesk')

    @with_transaction()
    def test_walk_in_by_email_needs_one_address(self):
        "A walk-in reached by e-mail: one plain address, replies go to it"
        with set_company(create_company()):
            ticket = create_ticket(party=None, contact_name="Jane",
                contact_email='jane@example.com')
            self.assertEqual(ticket.email_address(), 'jane@example.com')
            for wrong in ['jane', 'jane@example', 'a@b.c, d@e.f',
                    'Jane <jane@example.com>']:
                with self.subTest(email=wrong):
                    with self.assertRaisesRegex(
                            UserError, "not one e-mail address"):
                        ticket.contact_email = wrong
                        ticket.save()

    @with_transaction()
    def test_ticket_found_in_any_script(self):
        """The search box finds a ticket by its number and its start, the
        customer in any script, a walk-in's name and 4 digits of a phone;
        the keys follow the customer's rename"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Party = pool.get('party.party')
        with set_company(create_company()):
            wang, ivan = Party.create([
                    {'name': "王芳", 'contact_mechanisms': [('create', [{
                                        'type': 'mobile',
                                        'value': "13812345678"}])]},
                    {'name': "Иван Петров"}])
            of_wang = create_ticket(party=wang)
            of_ivan = create_ticket(party=ivan)
            walk_in = create_ticket(
                party=None, contact_name="Алёна", contact_phone="89161234567")
            with at(MONDAY):
                Ticket.register([of_wang, of_ivan, walk_in])

            def found(typed):
                return set(Ticket.search(
                        [('rec_name', 'ilike', f'%{typed}%')]))
            number = of_ivan.number
            # (PostgreSQL's sequences go on across the tests' rollbacks)
            start = os.path.commonprefix(
                [t.number for t in [of_wang, of_ivan, walk_in]])
            cases = {
                number: {of_ivan}, start: {of_wang, of_ivan, walk_in},
                "王芳": {of_wang}, "Ван Фан": {of_wang}, "wangfang": {of_wang},
                "wf": {of_wang}, "5678": {of_wang}, "ivan petrov": {of_ivan},
                "Петров": {of_ivan}, "alena": {walk_in}, "Алена": {walk_in},
                "9161234": {walk_in},
                }
            for typed, expected in cases.items():
                with self.subTest(typed=typed):
                    self.assertEqual(found(typed), expected)
            self.assertEqual(
                set(Ticket.search([('rec_name', 'not ilike', '%王芳%')])),
                {of_ivan, walk_in})

            ivan.name = "Ivan Sidorov"
            ivan.save()
            self.assertEqual(found("Сидоров"), {of_ivan})
            self.assertEqual(found("petrov"), set())
            suggested = Ticket.autocomplete(number, limit=5)
            self.assertEqual(suggested[0]['id'], of_ivan.id)

    @with_transaction()
    def test_sla_state_search(self):
        "The service-level tabs filter in SQL on the stored deadlines"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        with set_company(create_company()):
            # complaint: 8 working hours, at risk after 6
            early, late = create_ticket(), create_ticket()
            done, slow = [create_ticket(kind='consultation') for _ in '12']
            with at(MONDAY):
                Ticket.register([early, late, slow, done])
            late.received_at = MONDAY - dt.timedelta(days=7)
            late.save()
            done.result = "Refunded"
            done.save()
            with at(MONDAY + dt.timedelta(hours=2)):
                Ticket.resolve([done])
            slow.result = "Repaired"
            slow.save()
            with at(MONDAY + dt.timedelta(days=3)):
                Ticket.resolve([slow])

            def search(state, moment):
                with at(moment):
                    return set(Ticket.search([('sla_state', '=', state)]))
            # Monday 13:00 in Shanghai, then 17:00
            self.assertEqual(search('on_track', MONDAY + dt.timedelta(
                        hours=4)), {early})
            self.assertEqual(search('at_risk', MONDAY + dt.timedelta(
                        hours=8)), {early})
            self.assertEqual(search('breached', MONDAY), {late})
            self.assertEqual(search('met', MONDAY), {done})
            # resolved late stays overdue; the open ones once past deadline
            self.assertEqual(search('breached', MONDAY + dt.timedelta(
                        days=4)), {early, late, slow})
            self.assertEqual(search('met', MONDAY + dt.timedelta(days=4)),
                {done})
            with at(MONDAY + dt.timedelta(hours=8)):
                self.assertEqual(early.sla_state, 'at_risk')

    @with_transaction()
    def test_service_level_job_notifies_once(self):
        "The scheduled job tells the department manager and escalates once"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Department = pool.get('cs.department')
        Notification = pool.get('res.notification')
        User = pool.get('res.user')
        company = create_company()
        with set_company(company):
            manager = create_employee(company, "王海涛")
            department, = Department.create([{
                        'name': "营运部", 'company': company.id,
                        'manager': manager.id}])
            user, = User.create([{
                        'login': 'manager', 'name': "王海涛",
                        'employees': [('add', [manager.id])]}])
            ticket = create_ticket(department=department)
            with at(MONDAY):
                Ticket.register([ticket])
                Ticket.dispatch([ticket])
            later = MONDAY + dt.timedelta(days=2)
            with at(later):
                Ticket.check_service_levels()
                Ticket.check_service_levels()
            self.assertEqual(ticket.sla_notified, 'breached')
            notified = Notification.search([('user', '=', user.id)])
            self.assertEqual(len(notified), 1)
            self.assertIn(ticket.number, notified[0].label)
            # the complaint was due on Monday at 18:00 in Shanghai, written
            # as the user's language writes dates (English here)
            self.assertIn(
                "11/23/2026 18:00",
                notified[0].description.replace("\xa0", " "))
            self.assertEqual(
                [e.action for e in ticket.events].count('sla_escalate'), 1)

    @with_transaction()
    def test_service_level_job_skips_a_broken_ticket(self):
        """A breached ticket that cannot be escalated is skipped and
        reported; the others are escalated"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        company = create_company()
        with set_company(company):
            broken, good = create_ticket(), create_ticket()
            with at(MONDAY):
                Ticket.register([broken, good])
            # its policy taken away behind the job's back
            write_behind(broken, sla=None)
            with at(MONDAY + dt.timedelta(days=2)):
                Ticket.check_service_levels()
            self.assertEqual(Ticket(good.id).sla_notified, 'breached')
            self.assertEqual(Ticket(broken.id).sla_notified, None)
            self.assertEqual([e.action for e in Ticket(broken.id).events
                    if e.action == 'sla_escalate'], [])
            errors = job_errors('cs.helpdesk.ticket|check_service_levels')
            self.assertIn(broken.number, errors[-1].message)

    @with_transaction()
    def test_service_level_in_use_is_not_deleted(self):
        "A policy that gives a ticket its deadlines is deactivated instead"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        SLA = pool.get('cs.helpdesk.sla')
        company = create_company()
        with set_company(company):
            ticket = create_ticket()
            with at(MONDAY):
                Ticket.register([ticket])
            with self.assertRaisesRegex(UserError, "deactivate"):
                SLA.delete([ticket.sla])

    @with_transaction()
    def test_walk_in_revisit_says_the_way_out(self):
        """A walk-in's ticket cannot be revisited without a customer: the
        clerk is told how to create one from the contact"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Revisit = pool.get('cs.revisit')
        with set_company(create_company()):
            ticket = create_ticket(kind='consultation', party=None,
                contact_name="李女士", contact_phone="13900001111")
            with at(MONDAY):
                Ticket.register([ticket])
            ticket.result = "已解答"
            ticket.save()
            with at(MONDAY):
                Ticket.resolve([ticket])
            with self.assertRaisesRegex(
                    UserError, "Create Customer from Contact"):
                Ticket.revisit([ticket])

            Ticket.create_party([ticket])
            self.assertEqual(ticket.party.name, "李女士")
            self.assertEqual(
                ticket.party.contact_mechanisms[0].value, "13900001111")
            ticket.revisits = [{'party': ticket.party.id,
                        'planned_date': MONDAY.date(), 'method': 'phone',
                        'customer_opinion': "满意"}]
            ticket.save()
            Revisit.do(ticket.revisits)
            Ticket.revisit([ticket])
            self.assertEqual(ticket.state, 'revisited')

    @with_transaction()
    def test_revisit_and_rating_of_the_tickets_customer(self):
        """A ticket's revisit and rating are of its customer, whether made
        in the ticket's lists or on their own: another customer's is
        refused"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Revisit = pool.get('cs.revisit')
        Satisfaction = pool.get('cs.satisfaction')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            ticket = create_ticket()
            other, = Party.create([{'name': "Иван Петров"}])
            revisit = {'company': company.id, 'planned_date': MONDAY.date(),
                'method': 'phone'}
            rating = {'company': company.id, 'rating': 5}
            for Model, values in [(Revisit, revisit), (Satisfaction, rating)]:
                field = 'revisits' if Model is Revisit else 'satisfactions'
                for refused in [
                        in_savepoint('direct', Model.create, [{**values,
                                    'party': other.id,
                                    'origin': str(ticket)}]),
                        in_savepoint('listed', lambda v: Ticket.write(
                                [ticket], {field: [('create', [v])]}),
                            {**values, 'party': other.id})]:
                    self.assertIsInstance(refused, DomainValidationError)
                record, = Model.create([{**values,
                            'party': ticket.party.id, 'origin': str(ticket)}])
                self.assertEqual(record.origin, ticket)

    @with_transaction()
    def test_one_rating_per_ticket(self):
        """A ticket created with two ratings is refused: one rating per
        ticket is the rating's own rule (the ticket's create does not read
        its list to check its size)"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        company = create_company()
        with set_company(company):
            ticket = create_ticket()
            rating = {'company': company.id, 'rating': 5,
                'party': ticket.party.id}
            # (SQLite in memory ends the test's transaction on this refusal)
            with self.assertRaisesRegex(UserError, "only once"):
                Ticket.create([{'type': ticket.type.id,
                            'party': ticket.party.id,
                            'channel': ticket.channel.id,
                            'description': "Rated twice",
                            'satisfactions': [('create', [rating, rating])]}])

    @with_transaction()
    def test_statistics_per_quarter(self):
        "Quarters group the months of the company's time zone"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Statistics = pool.get('cs.helpdesk.statistics')
        company = create_company()
        company.timezone = 'Asia/Shanghai'
        company.save()
        with set_company(company):
            tickets = [create_ticket(kind='consultation', received_at=d)
                for d in [
                    dt.datetime(2026, 1, 5, 2), dt.datetime(2026, 2, 5, 2),
                    # 31 March 20:00 UTC is 1 April in Shanghai
                    dt.datetime(2026, 3, 31, 20)]]
            with at(MONDAY):
                Ticket.register(tickets)
            with Transaction().set_context(period='quarter'):
                rows = Statistics.search([], order=[('period', 'ASC')])
            self.assertEqual(
                [(r.period, r.count) for r in rows],
                [(dt.date(2026, 1, 1), 2), (dt.date(2026, 4, 1), 1)])
            with Transaction().set_context(period='year'):
                row, = Statistics.search([])
            self.assertEqual((row.period, row.count), (dt.date(2026, 1, 1), 3))

    @with_transaction()
    def test_walk_in_served_in_the_language_spoken(self):
        """A walk-in, or a customer whose language is not recorded, is
        written to in the language of the script the clerk took their name
        and request down in; a language chosen, or a customer's, stands"""
        pool = Pool()
        Lang = pool.get('ir.lang')
        Party = pool.get('party.party')
        company = create_company()
        ru, en = Lang.get('ru'), Lang.get('en')
        walk_in = {'party': None, 'contact_phone': "13900001111"}
        with set_company(company):
            russian = create_ticket(contact_name="Анна Соколова",
                description="Во сколько закрывается парковка? Parking P2",
                **walk_in)
            chinese = create_ticket(contact_name="王芳",
                description="电饭煲不能加热", **walk_in)
            # brands and models are written in Latin letters in both
            brands = [create_ticket(contact_name=name, description=text,
                    **walk_in) for name, text in [
                    ("王先生", "Xiaomi Redmi Note 12 充不上电"),
                    ("Сергей", "Xiaomi Redmi Note 12 не заряжается"),
                    ("John Smith", "The charger of my Xiaomi is broken")]]
            chosen = create_ticket(contact_name="王芳",
                description="电饭煲不能加热", language=ru, **walk_in)
            unknown = create_ticket(contact_name="8", description="12345",
                **walk_in)
            customer, silent = Party.create([
                    {'name': "王芳", 'lang': en.id},
                    {'name': "Иван Петров", 'lang': None}])
            customer = create_ticket(party=customer)
            silent = create_ticket(party=silent)
        self.assertEqual(
            [t.language.code if t.language else None for t in [
                    russian, chinese, *brands, chosen, unknown, customer,
                    silent]],
            ['ru', 'zh_CN', 'zh_CN', 'ru', 'en', 'ru', None, 'en', 'ru'])

    @with_transaction()
    def test_number_of_the_companys_year(self):
        """A ticket registered on New Year's night is numbered in the year
        of the company's time zone, which follows the company's changes"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        company = create_company()
        company.timezone = 'Asia/Shanghai'
        company.save()
        # 31 December 2026 20:00 UTC: 04:00 on 1 January in Shanghai,
        # 23:00 on 31 December in Moscow
        new_year = dt.datetime(2026, 12, 31, 20)
        with set_company(company):
            shanghai, moscow = create_ticket(), create_ticket()
            with at(new_year):
                Ticket.register([shanghai])
            company.timezone = 'Europe/Moscow'
            company.save()
            with at(new_year):
                Ticket.register([moscow])
        self.assertTrue(shanghai.number.startswith('KF2027'), shanghai.number)
        self.assertTrue(moscow.number.startswith('KF2026'), moscow.number)

    @with_transaction()
    def test_statistics_totals_equal_a_recount(self):
        """The days' totals kept as tickets move give the figures counted
        from the tickets themselves, after random steps and after the
        scheduled recount"""
        import random
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Total = pool.get('cs.helpdesk.statistics.total')
        Department = pool.get('cs.department')
        company = create_company()
        random.seed(7)
        with set_company(company):
            departments = Department.create([
                    {'name': f"D{i}", 'company': company.id}
                    for i in range(3)])
            tickets = [create_ticket(
                    kind=random.choice(['consultation', 'complaint']),
                    received_at=MONDAY - dt.timedelta(
                        days=random.randrange(60), hours=random.randrange(9)),
                    department=random.choice(departments))
                for _ in range(40)]
            with at(MONDAY):
                Ticket.register(tickets)
            consultations = [t for t in tickets if not t.needs_department]
            half = len(consultations) // 2
            for ticket in random.sample(consultations, half):
                ticket.result = "Done"
                ticket.cause = random.choice(['attitude', 'quality', None])
                ticket.save()
                with at(MONDAY + dt.timedelta(hours=random.randrange(40))):
                    Ticket.resolve([ticket])
            Ticket.write(random.sample(tickets, 5), {'department': None})
            with at(MONDAY):
                Ticket.do_cancel(random.sample(
                        [t for t in tickets if t.state == 'registered'], 3),
                    "Duplicate")
            self.assertEqual(self.statistics(), self.recount(company))
            Total.compact()
            self.assertEqual(self.statistics(), self.recount(company))
            Total.compact(everything=True)
            self.assertEqual(self.statistics(), self.recount(company))

    def statistics(self):
        "What the statistics menus show: per month, type and department"
        pool = Pool()
        found = {}
        for model, dimension in [('cs.helpdesk.statistics', None),
                ('cs.helpdesk.statistics.type', 'type'),
                ('cs.helpdesk.statistics.cause', 'cause'),
                ('cs.helpdesk.statistics.department', 'department')]:
            for row in pool.get(model).search([]):
                value = getattr(row, dimension) if dimension else None
                found[(dimension, row.period, getattr(value, 'id', value))] = (
                    row.count, row.breached,
                    round(row.resolution_hours or 0, 6),
                    row.resolution_hours_max)
        return found

    def recount(self, company):
        "The same figures counted from the tickets"
        from trytond.modules.cs_helpdesk.reporting import COUNTED
        Ticket = Pool().get('cs.helpdesk.ticket')
        groups = {}
        for ticket in Ticket.search([('state', 'in', COUNTED)]):
            for dimension in [None, 'type', 'cause', 'department']:
                value = getattr(ticket, dimension) if dimension else None
                key = (dimension, ticket.received_month,
                    getattr(value, 'id', value))
                groups.setdefault(key, []).append(ticket)
        found = {}
        for key, tickets in groups.items():
            hours = [t.resolution_hours for t in tickets
                if t.resolution_hours is not None]
            found[key] = (len(tickets), sum(bool(t.sla_breached)
                    for t in tickets),
                round(sum(hours) / len(hours), 6) if hours else 0,
                max(hours) if hours else None)
        return found

    @with_transaction()
    def test_deadlines_follow_intake_changes(self):
        "Changing the priority before dispatch recomputes the deadlines"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        with set_company(create_company()):
            ticket = create_ticket(kind='suggestion')
            with at(MONDAY):
                Ticket.register([ticket])
            self.assertEqual(ticket.sla.name, "Standard")
            Ticket.write([ticket], {'priority': 'urgent'})
            self.assertEqual(ticket.sla.name, "Urgent")
            self.assertEqual(
                ticket.resolution_deadline, dt.datetime(2026, 11, 23, 6))

    @with_transaction()
    def test_policy_by_customer_classification(self):
        "A policy may serve strategic customers faster"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        SLA = pool.get('cs.helpdesk.sla')
        Calendar = pool.get('cs.calendar')
        Party = pool.get('party.party')
        calendar, = Calendar.search([('name', '=', "Standard Working Week")])
        SLA.create([{
                    'name': "Strategic", 'sequence': 1,
                    'calendar': calendar.id,
                    'classification': 'strategic', 'response_hours': 0.25,
                    'resolution_hours': 2}])
        strategic, general = Party.create([
                {'name': "Strategic", 'cs_classification': 'strategic'},
                {'name': "General", 'cs_classification': 'general'}])
        with set_company(create_company()):
            tickets = [create_ticket(kind='suggestion', party=p)
                for p in [strategic, general]]
            with at(MONDAY):
                Ticket.register(tickets)
        self.assertEqual(
            [t.sla.name for t in tickets], ["Strategic", "Standard"])

    @with_transaction()
    def test_policy_changes_apply_to_the_next_registration(self):
        "The policies' criteria are kept between registrations, not stale"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Type = pool.get('cs.helpdesk.ticket.type')
        SLA = pool.get('cs.helpdesk.sla')
        standard, = SLA.search([('name', '=', "Standard")])
        complaint, = Type.search([('kind', '=', 'complaint')])
        suggestion, = Type.search([('kind', '=', 'suggestion')])

        def register(kind):
            ticket = create_ticket(kind=kind)
            with at(MONDAY):
                Ticket.register([ticket])
            return ticket.sla.name
        with set_company(create_company()):
            usual = {k: register(k) for k in ['complaint', 'suggestion']}
            fast, = SLA.create([{'name': "Fast", 'sequence': 0,
                        'calendar': standard.calendar.id,
                        'response_hours': 1, 'resolution_hours': 2,
                        'types': [('add', [suggestion.id])]}])
            self.assertEqual(register('suggestion'), "Fast")
            self.assertEqual(register('complaint'), usual['complaint'])
            SLA.write([fast], {'types': [('add', [complaint.id])]})
            self.assertEqual(register('complaint'), "Fast")
            SLA.write([fast], {'active': False})
            self.assertEqual(register('suggestion'), usual['suggestion'])

    @with_transaction()
    def test_type_changes_apply_to_the_next_ticket(self):
        """A type's settings are kept between tickets, not stale: a VIP's
        complaint is urgent, not once its type is no complaint any more"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Type = pool.get('cs.helpdesk.ticket.type')
        Party = pool.get('party.party')
        type_, = Type.search([('kind', '=', 'complaint')])
        vip, = Party.create([{'name': "Иван Петров", 'cs_vip': True}])

        def register(kind):
            ticket = create_ticket(kind=kind, party=vip)
            with at(MONDAY):
                Ticket.register([ticket])
            return ticket.priority, ticket.needs_department
        with set_company(create_company()):
            self.assertEqual(register('complaint'), ('urgent', True))
            Type.write([type_], {'kind': 'other', 'needs_department': False})
            self.assertEqual(register('other'), ('normal', False))

    @with_transaction()
    def test_registered_by_the_clerks_employee(self):
        "The clerk who registers is recorded as the employee of its company"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        company = create_company()
        employee = employ_user(company)
        with set_company(company):
            ticket = create_ticket()
            with at(MONDAY):
                Ticket.register([ticket])
        self.assertEqual(ticket.registered_by, employee)

    @with_transaction()
    def test_saved_at_the_desk_registered(self):
        """A ticket saved in the desk's window (context cs_register) is
        registered by the create: numbered, timed like one registered by
        its button, its clerk and history set, counted in the statistics,
        its row never updated; a major one goes to the supervisor"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        company = create_company()
        employee = employ_user(company)
        with set_company(company), at(MONDAY):
            draft = create_ticket()
            Ticket.register([draft])
            with Transaction().set_context(cs_register=True):
                saved = create_ticket()
                major = create_ticket(major=True)
        self.assertEqual(saved.state, 'registered')
        self.assertTrue(saved.number)
        self.assertNotEqual(saved.number, draft.number)
        self.assertEqual(
            (saved.sla, saved.response_deadline, saved.resolution_deadline,
                saved.at_risk_at),
            (draft.sla, draft.response_deadline, draft.resolution_deadline,
                draft.at_risk_at))
        self.assertIsNotNone(saved.resolution_deadline)
        self.assertEqual(saved.registered_by, employee)
        self.assertEqual([e.action for e in saved.events], ['register'])
        self.assertIsNone(saved.write_date)
        self.assertEqual(major.state, 'escalated')
        with set_company(company):
            self.assertEqual(self.statistics(), self.recount(company))

    @with_transaction()
    def test_saving_registered_needs_the_register_button(self):
        """Only a user who may click Register saves a ticket registered:
        a user of the portal's group, who may create a customer's request,
        is refused, nothing created"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        ModelData = pool.get('ir.model.data')
        User = pool.get('res.user')
        company = create_company()
        user, = User.create([{'name': "Portal", 'login': 'portal_test',
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'groups': [('add', [ModelData.get_id(
                                    'cs_base', 'group_portal')])]}])
        with set_company(company):
            customer = pool.get('party.party')(create_ticket().party.id)
            count = Ticket.search_count([])
        type_, = pool.get('cs.helpdesk.ticket.type').search(
            [('kind', '=', 'complaint')])
        with Transaction().set_user(user.id), Transaction().set_context(
                company=company.id, cs_register=True, _check_access=True,
                portal_party=customer.id):
            with self.assertRaises(AccessButtonError):
                Ticket.create([{'type': type_.id, 'party': customer.id,
                            'description': "Description"}])
        self.assertEqual(Ticket.search_count([]), count)

    @with_transaction()
    def test_merge_duplicates_into_the_oldest(self):
        """Two requests of one customer about one matter: the oldest keeps
        its number, the other's history and attachments and the earliest
        deadline; the other is cancelled naming it; tickets of two
        customers, or closed, are not merged"""
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Attachment = pool.get('ir.attachment')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            customer, = Party.create([{'name': "王芳"}])
            older = create_ticket(party=customer)
            newer = create_ticket(party=customer,
                received_at=MONDAY + dt.timedelta(hours=1))
            stranger = create_ticket(
                received_at=MONDAY + dt.timedelta(hours=2))
            with at(MONDAY + dt.timedelta(hours=2)):
                Ticket.register([older, newer, stranger])
            Ticket.record_step([newer], 'customer_comment', "Photo attached")
            Attachment.create([{'resource': str(newer), 'name': 'a.jpg',
                        'type': 'data', 'data': b'\xff\xd8\xff'}])
            # the newer one promised sooner (a higher priority, say)
            earliest = MONDAY + dt.timedelta(hours=3)
            Ticket.write([older], {'resolution_deadline': earliest
                    + dt.timedelta(days=1)})
            Ticket.write([newer], {'resolution_deadline': earliest})

            with self.assertRaisesRegex(UserError, "same customer"):
                Ticket.merge([older, stranger])
            with self.assertRaisesRegex(UserError, "two or more"):
                Ticket.merge([older])
            kept = Ticket.merge([newer, older])

        self.assertEqual(kept, older)
        newer = Ticket(newer.id)
        self.assertEqual(
            (newer.state, newer.merged_into), ('cancelled', older))
        self.assertIn(older.number, newer.events[0].note)
        older = Ticket(older.id)
        self.assertEqual(older.resolution_deadline, earliest)
        self.assertIn("Photo attached", [e.note for e in older.events])
        self.assertIn(newer.number, [e.note for e in older.events
                if e.action == 'merge'][0])
        self.assertEqual(
            [a.name for a in Attachment.search(
                    [('resource', '=', str(older))])], ['a.jpg'])
        with set_company(company):
            with self.assertRaisesRegex(UserError, "only open tickets"):
                Ticket.merge([older, newer])

    @with_transaction()
    def test_printed_forms(self):
        "The forms print the ticket once, or once in each language"
        pool = Pool()
        Ticket = pool.get('cs.helpdesk.ticket')
        Registration = pool.get(
            'cs.helpdesk.ticket.registration', type='report')
        Bilingual = pool.get(
            'cs.helpdesk.ticket.processing.bilingual', type='report')
        company = create_company()
        company.timezone = 'Asia/Shanghai'
        company.save()
        with set_company(company):
            ticket = create_ticket(description="收银员多收了十元")
            with at(MONDAY):
                Ticket.register([ticket])
            for Report, title, copies in [
                    (Registration, "Registration Form", 1),
                    (Bilingual, "Processing Form", 2)]:
                extension, content, _, name = Report.execute([ticket.id], {})
                self.assertEqual(extension, 'odt')
                text = odt_text(content)
                self.assertEqual(text.count(title), copies)
                self.assertEqual(text.count(ticket.number), copies)
                self.assertIn("收银员多收了十元", text)
                # 09:00 in Shanghai, the company's time zone
                self.assertIn("09:00", text)


def odt_text(content):
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        return odt.read('content.xml').decode()


del ModuleTestCase
