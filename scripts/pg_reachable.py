"""Exit 0 when a PostgreSQL server answers at the given URL, else 1 (used by make test)."""

import sys

import psycopg

url = sys.argv[1].replace("postgres://", "postgresql://", 1)
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception:  # noqa: BLE001
    sys.exit(1)
sys.exit(0)
