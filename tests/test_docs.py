"""Docs that show command output show the real output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_demo_output_is_real(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ sourcetrace demo\n(.*?)\n```", readme, re.S)
    assert shown is not None
    env = dict(os.environ, COLUMNS="110")
    run = subprocess.run([sys.executable, "-m", "sourcetrace.cli", "demo"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip() == shown.group(1).rstrip()


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "$ scripts/check" in readme
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("scripts/check")


def test_readme_ask_output_is_real(tmp_path):
    from conftest import SEED

    if not SEED.exists():
        import pytest

        pytest.skip("../shared/corpus is not beside the checkout")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r'\$ sourcetrace ask "What is the position of France\?" --db seed.db\n(.*?)\n\$ ', readme, re.S)
    assert shown is not None
    env = dict(os.environ, COLUMNS="110")
    db = tmp_path / "seed.db"
    subprocess.run([sys.executable, "-m", "sourcetrace.cli", "ingest", str(SEED), "--db", str(db)], check=True,
                   capture_output=True, timeout=300)
    run = subprocess.run([sys.executable, "-m", "sourcetrace.cli", "ask", "What is the position of France?",
                          "--db", str(db)], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip() == shown.group(1).rstrip().replace("seed.db", str(db))
