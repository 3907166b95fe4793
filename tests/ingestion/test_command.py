"""`manage.py ingest` as a person runs it: a progress bar on a terminal, a summary, warnings,
and no line per task unless asked for with -v 2. Run as real processes, since what is under
test is the console a process prints to."""

from __future__ import annotations

import errno
import fcntl
import os
import pty
import struct
import subprocess
import termios

import pytest
from django.conf import settings

from .processes import PYTHON, child_env
from .server import article_text

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def make_folder(path, seed: int):
    path.mkdir()
    (path / "a.txt").write_text("First headline\n" + article_text(seed), encoding="utf-8")
    (path / "b.txt").write_text("Second headline\n" + article_text(seed + 1), encoding="utf-8")
    # The test recorder chokes on this one: its extraction fails for good, which is a warning.
    (path / "c.txt").write_text("Third headline\nEXPLODE " + article_text(seed + 2), encoding="utf-8")
    return path


def ingest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", "ingest", *args],
        cwd=settings.BASE_DIR,
        env=child_env(LOG_LEVEL="INFO"),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_output_is_a_summary_and_warnings_and_each_item_at_verbosity_2(tmp_path):
    verbose = ingest(str(make_folder(tmp_path / "one", 801)), "-v", "2")
    assert verbose.returncode == 0, verbose.stderr
    items = sorted(line.split()[:2] for line in verbose.stdout.splitlines() if line.startswith("  "))
    assert [(status, os.path.basename(path)) for status, path in items] == [
        ("new", "a.txt"),
        ("new", "b.txt"),
        ("new", "c.txt"),
    ]
    assert "First headline" in verbose.stdout
    assert "succeeded in" in verbose.stderr  # at -v 2 the tasks' own log lines are shown

    quiet = ingest(str(make_folder(tmp_path / "two", 901)))
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.splitlines()[0].startswith("Run ") and "3 new" in quiet.stdout
    assert "succeeded in" not in quiet.stdout + quiet.stderr  # no Celery line per in-process task
    assert "headline" not in quiet.stdout  # no line per item
    assert "extraction of article" in quiet.stderr and "failed for good" in quiet.stderr  # warnings stay


def test_a_terminal_gets_a_progress_bar(tmp_path):
    folder = make_folder(tmp_path / "three", 1001)
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen(
        [PYTHON, "manage.py", "ingest", str(folder)],
        cwd=settings.BASE_DIR,
        env=child_env(),
        stdin=child,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError as exc:  # EIO: the other end closed
            if exc.errno != errno.EIO:
                raise
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert process.wait(timeout=300) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "Ingesting:" in screen and "3/3" in screen and "100%" in screen
    assert "Run " in screen and "3 new" in screen
