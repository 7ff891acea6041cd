# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The staff's exams on the portal (004 考试培训): an employee signed in to
the portal with their own account (an invitation to their party) starts and
takes their exams on a phone, in the portal's frame"""
from trytond.modules.cs_base.portal import add_menu, route


def is_staff(page):
    "Whether the account signed in is an employee's (their party's)"
    Employee = page.pool.get('company.employee')
    return bool(page.party and Employee.search(
            [('party', '=', page.party.id)], limit=1))


add_menu(70, 'cs.quality.exam', '/exams', 'cs_quality.exams',
    visible=is_staff)


@route('/exams', model='cs.quality.exam')
def exams(page):
    Exam = page.pool.get('cs.quality.exam')
    with page.customer():
        records = Exam.search([], limit=100)
        return page.render('cs_quality/exams.html',
            title=page.gettext('cs_quality.exams'), exams=records)


@route('/exams/<int:exam_id>', model='cs.quality.exam')
def exam(page, exam_id):
    record = _exam(page, exam_id)
    with page.customer():
        return page.render('cs_quality/exam.html', title=record.name,
            exam=record, error=None)


@route('/exams/<int:exam_id>/start', methods=('POST',),
    model='cs.quality.exam')
def start(page, exam_id):
    Exam = page.pool.get('cs.quality.exam')
    record = _exam(page, exam_id)
    with page.customer():
        _, error = page.attempt(Exam.start, [record])
        if error:
            return page.render('cs_quality/exam.html', title=record.name,
                exam=Exam(record.id), error=error)
    return page.redirect(f'/exams/{exam_id}')


@route('/exams/<int:exam_id>/submit', methods=('POST',),
    model='cs.quality.exam')
def submit(page, exam_id):
    """The answers chosen saved and the exam submitted in one step: a
    phone's page is sent once"""
    Exam = page.pool.get('cs.quality.exam')
    record = _exam(page, exam_id)
    with page.customer():
        _, error = page.attempt(_answer_and_submit, page, record)
        if error:
            return page.render('cs_quality/exam.html', title=record.name,
                exam=Exam(record.id), error=error)
    return page.redirect(f'/exams/{exam_id}')


def _exam(page, exam_id):
    "The employee's own exam, else not found"
    Exam = page.pool.get('cs.quality.exam')
    return page.get_or_404(Exam, [('id', '=', exam_id)])


def _answer_and_submit(page, record):
    """Each question's options chosen in the form (field q<line id>), only
    among the question's own options"""
    pool = page.pool
    Exam = pool.get('cs.quality.exam')
    Line = pool.get('cs.quality.exam.line')
    changes = []
    for line in record.lines:
        offered = {o.id for o in line.question.options}
        chosen = set()
        for value in page.form.getlist(f'q{line.id}'):
            if not value.isdigit() or int(value) not in offered:
                page.refuse('invalid_input')
            chosen.add(int(value))
        before = {o.id for o in line.chosen}
        actions = []
        if before - chosen:
            actions.append(('remove', sorted(before - chosen)))
        if chosen - before:
            actions.append(('add', sorted(chosen - before)))
        if actions:
            changes += [[line], {'chosen': actions}]
    if changes:
        Line.write(*changes)
    Exam.submit([record])
