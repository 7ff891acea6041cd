# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model.exceptions import ValidationError


class StandardError(ValidationError):
    pass


class InspectionError(ValidationError):
    pass


class AppraisalError(ValidationError):
    pass


class ExamError(ValidationError):
    pass


class CoachingError(ValidationError):
    pass


class PlanError(ValidationError):
    pass
