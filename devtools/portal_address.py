"""Point the links of the portal's e-mails at the address a server listens on.

    python -m devtools.portal_address CONFIG NAME URL

bin/demo and the tests' servers know the address only when they start."""
import sys

from devtools.database import database_setting


def set_portal_address(config, name, url):
    "One UPDATE of the Portal Address, without starting Tryton's pool"
    from sql import Flavor, Table

    from trytond import backend
    database_setting(config, 'uri')  # reads the configuration
    Flavor.set(backend.Database.flavor)
    database = backend.Database(name).connect()
    connection = database.get_connection()
    try:
        table = Table('cs_configuration')
        cursor = connection.cursor()
        cursor.execute(*table.update([table.portal_url], [url]))
        if cursor.rowcount != 1:
            sys.exit(f"{name}: no configuration to set the Portal Address "
                "of (built by an older devtools.demo?)")
        connection.commit()
    finally:
        database.put_connection(connection)


if __name__ == '__main__':
    set_portal_address(*sys.argv[1:4])
