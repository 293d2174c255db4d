"""Database access for the site: the read-only connection that follows the loader's swaps
(`connection`), the queries (`queries`), and the schema Alembic migrates (`models`)."""
