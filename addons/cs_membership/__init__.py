# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.

# The member's card page: its route registers on import
from . import portal  # noqa: F401
