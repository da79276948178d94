"""``faqbot db upgrade|purge`` and ``faqbot hash-password``: the storage and staff commands of the CLI."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.feedback.storage import Store, migrate
from app.ops.passwords import PasswordHashError, hash_password
from app.ops.settings import Settings

EXIT_OK, EXIT_USAGE, EXIT_BROKEN = 0, 2, 3


def add_commands(command: argparse._SubParsersAction) -> None:
    """Register ``db`` and ``hash-password`` on the ``faqbot`` parser's subcommands."""
    db = command.add_parser(
        "db",
        help="Apply the feedback database's migrations, or purge what retention no longer allows.",
        description="upgrade: apply every Alembic migration (the service also does it at start-up unless\n"
        "FAQBOT_DATABASE_MIGRATE=false). purge: delete reply records and feedback older than\n"
        "FAQBOT_RETENTION_DAYS now (the service does it every FAQBOT_PURGE_INTERVAL_SECONDS).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    db.add_argument("action", choices=["upgrade", "purge"])
    command.add_parser(
        "hash-password",
        help="Print a hash of a staff password for FAQBOT_STAFF_PASSWORD_HASH (reads it from the terminal or stdin).",
    )


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    store = Store.from_url(settings.sqlalchemy_url)
    try:
        if args.action == "upgrade":
            print(f"faqbot db: {store.engine.dialect.name} database at revision {migrate(store.engine)}")
        else:
            replies, feedback = store.purge(settings.retention_days)
            print(f"faqbot db: purged {replies} reply records and {feedback} feedback rows older than "
                  f"{settings.retention_days} days")
    except Exception as exc:  # noqa: BLE001 - say what failed, not a traceback
        print(f"faqbot db: the database cannot be used: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}",
              file=sys.stderr)
        return EXIT_BROKEN
    finally:
        store.close()
    return EXIT_OK


def cmd_hash_password(args: argparse.Namespace) -> int:
    if sys.stdin.isatty():
        password = getpass.getpass("Staff password: ")
        if getpass.getpass("Again: ") != password:
            print("faqbot hash-password: the two passwords differ", file=sys.stderr)
            return EXIT_USAGE
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 12:
        print("faqbot hash-password: use at least 12 characters", file=sys.stderr)
        return EXIT_USAGE
    try:
        print(hash_password(password))
    except PasswordHashError as exc:
        print(f"faqbot hash-password: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
