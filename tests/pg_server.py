"""A throwaway PostgreSQL server for the tests: Debian's binaries, a temp dir, a loopback port.

``server_url()`` starts one server per test process (stopped at exit) and returns its base URL, or
calls ``pytest.skip`` with the reason when PostgreSQL or psycopg is missing.  Set
``SOURCETRACE_TEST_PG_URL`` to use a server you run instead.  ``fresh_database(base)`` creates an
empty database and returns its URL, so every test starts from nothing.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

_STATE: dict[str, str] = {}
INSTALL_HINT = "install it with scripts/install-postgres (Debian: apt-get install -y postgresql)"


def _bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the ``postgres`` user then."""
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root without runuser; cannot start PostgreSQL as another user")
    return [runuser, "-u", "postgres", "--", *cmd]


def _start() -> str:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'psycopg[binary]>=3.1,<4'")
    bindir = _bindir()
    if bindir is None:
        pytest.skip(f"PostgreSQL server binaries (initdb, pg_ctl) not found; {INSTALL_HINT}")
    root = Path(tempfile.mkdtemp(prefix="sourcetrace-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        try:
            shutil.chown(root, user="postgres")
        except (LookupError, PermissionError, OSError):
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    init = subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                           "--auth=trust", "--encoding=UTF8", "--no-sync"]),
                          capture_output=True, text=True, env=env)
    if init.returncode != 0:
        pytest.skip(f"initdb failed: {init.stderr.strip()[-300:]}")
    opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
            f"-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
    start = subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"),
                                            "-o", opts, "-w", "-t", "60", "start"]),
                           capture_output=True, text=True, env=env)
    if start.returncode != 0:
        log = (root / "log").read_text(errors="replace")[-300:] if (root / "log").exists() else ""
        pytest.skip(f"PostgreSQL did not start: {start.stderr.strip()[-200:]} {log}")

    def stop() -> None:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, env=env)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def server_url() -> str:
    """The base URL of the test server (started on first use)."""
    if "url" not in _STATE:
        _STATE["url"] = os.environ.get("SOURCETRACE_TEST_PG_URL") or _start()
    return _STATE["url"]


def fresh_database(base: str) -> str:
    """Create an empty database on the server at ``base``; its URL."""
    import psycopg

    name = f"st_{uuid.uuid4().hex[:12]}"
    deadline = time.monotonic() + 10
    while True:
        try:
            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}".encode())
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return base.rsplit("/", 1)[0] + f"/{name}"
