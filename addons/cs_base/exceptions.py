# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import ValidationError


class IdentityDocumentError(ValidationError):
    pass


class CalendarError(ValidationError):
    pass


class CalendarComputationError(UserError):
    pass


class HolidaysUnpublishedWarning(UserWarning):
    pass


class SatisfactionError(ValidationError):
    pass


class RevisitError(ValidationError):
    pass


class PortalInvitationError(UserError):
    pass


class WorkflowFieldError(UserError):
    pass


class BoundError(ValidationError):
    pass


class NumberingError(UserError):
    pass


class PortalAddressError(UserError):
    pass


class PortalRefusal(UserError):
    "A portal page refuses what the customer typed, in their language"
