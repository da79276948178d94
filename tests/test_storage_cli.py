"""``faqbot db upgrade|purge``, ``faqbot hash-password``, and a service that cannot reach its database."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from server_process import PROJECT_ROOT, ServerProcess

from app.feedback.storage import ReplyRecord, Store, utcnow
from app.ops.passwords import verify_password


def faqbot(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=PROJECT_ROOT, env={**os.environ, **(env or {})},
                          input=stdin, capture_output=True, text=True, timeout=60)


def test_db_upgrade_then_purge(tmp_path: Path) -> None:
    env = {"FAQBOT_DATA_DIR": str(tmp_path), "FAQBOT_RETENTION_DAYS": "30"}
    upgraded = faqbot("db", "upgrade", env=env)
    assert upgraded.returncode == 0 and "sqlite database at revision 0001" in upgraded.stdout
    store = Store.from_url(f"sqlite:///{tmp_path / 'faqbot.sqlite3'}")
    store.add_replies([ReplyRecord("old", utcnow() - timedelta(days=31), "en", "answer", None, 0.9, None),
                       ReplyRecord("new", utcnow(), "en", "answer", None, 0.9, None)])
    purged = faqbot("db", "purge", env=env)
    assert purged.returncode == 0 and "purged 1 reply records" in purged.stdout
    assert store.reply("old") is None and store.reply("new") is not None
    store.close()


def test_hash_password_prints_a_hash_that_the_settings_accept() -> None:
    made = faqbot("hash-password", stdin="a long staff password\n")
    assert made.returncode == 0, made.stderr
    encoded = made.stdout.strip()
    assert encoded.startswith("scrypt$") and verify_password("a long staff password", encoded)
    assert "a long staff password" not in made.stdout
    assert faqbot("hash-password", stdin="short\n").returncode == 2
    bad = faqbot("check", env={"FAQBOT_STAFF_PASSWORD_HASH": "plain-text-password"})
    assert bad.returncode == 3 and "FAQBOT_STAFF_PASSWORD_HASH" in bad.stderr and "plain-text-password" not in bad.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_unreachable_database_stops_start_up_with_a_plain_message(tmp_path: Path, workers: str) -> None:
    env = {"FAQBOT_DATABASE_URL": "postgresql://faqbot:hunter2-secret@127.0.0.1:1/faqbot", "FAQBOT_WORKERS": workers}
    server = ServerProcess(tmp_path / "server.log", env=env, command=["app.ops.server"])
    server.start()
    assert server.wait_exit(timeout=30) == 3
    assert "cannot start" in server.output and "127.0.0.1:1" in server.output
    assert "hunter2-secret" not in server.output and "Traceback" not in server.output


def test_a_bad_database_url_stops_start_up_without_echoing_it(tmp_path: Path) -> None:
    env = {"FAQBOT_DATABASE_URL": "mysql://faqbot:hunter2-secret@db/faqbot"}
    server = ServerProcess(tmp_path / "server.log", env=env, command=["app.ops.server"])
    server.start()
    assert server.wait_exit(timeout=30) == 3
    assert "FAQBOT_DATABASE_URL must start with" in server.output and "hunter2-secret" not in server.output
