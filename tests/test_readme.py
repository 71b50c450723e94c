"""The README's first screen works as written after `make site` and `make test`: a webmaster who
does not know Python virtual environments copies the lines one by one."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DEMO, ROOT


def first_block() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "the README starts with a sh block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_first_screen_says_how_oit_gets_on_the_path():
    lines = first_block()
    assert lines[:2] == ["make site", "make test"]
    activate = lines.index(". .venv/bin/activate")
    assert all(not line.startswith("oit ") for line in lines[:activate]), "oit is used before it is on PATH"
    assert (Path(sys.executable).parent / "activate").is_file() and (Path(sys.executable).parent / "oit").is_file()


def test_every_oit_command_of_the_first_screen_runs_as_written(tmp_path):
    """Each `oit …` line, in a copy of the checkout's demo, with .venv/bin on PATH as activate puts it."""
    shutil.copytree(DEMO, tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "OIT_LANG": "th"}
    commands = [line for line in first_block() if line.startswith("oit ")]
    assert len(commands) >= 3
    for command in commands:
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout.strip(), command
