# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
