"Tools to build databases, catalogs and demo data for the suite"
