# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.

# the staff's exam pages on the portal: their routes register on import
from . import portal  # noqa: F401
