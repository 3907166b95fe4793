"""HTTP load: gunicorn serving the API, wrk driving it from 127.0.0.1 with a fixed number of clients.

Gunicorn runs as its own process group against the benchmark database; wrk cycles
through the API list pages (a small Lua script picks the next path for every request).
Throughput and latency percentiles come from wrk's own report; an error is any socket
error, timeout, or response outside 2xx/3xx.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

READY_TIMEOUT = 60.0
LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    throughput: float
    p50_ms: float
    p99_ms: float
    errors: int
    non_2xx: int
    socket_errors: int
    workers: int
    connections: int


def wrk_path() -> str | None:
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode} before serving")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # our own server on 127.0.0.1
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = str(exc)
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s ({last})")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _latency_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if match is None:
        raise ValueError(f"unreadable latency {text!r}")
    return float(match.group(1)) * LATENCY_UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, float]:
    """The figures of a `wrk --latency` report."""
    found: dict[str, float] = {}
    for percent, key in (("50", "p50_ms"), ("99", "p99_ms")):
        match = re.search(rf"^\s*{percent}(?:\.0+)?%\s+(\S+)", output, re.MULTILINE)
        if match is None:
            raise ValueError(f"wrk printed no {percent}% latency:\n{output}")
        found[key] = _latency_ms(match.group(1))
    match = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    if match is None:
        raise ValueError(f"wrk printed no request count:\n{output}")
    found["requests"] = int(match.group(1))
    found["seconds"] = _latency_ms(match.group(2) + match.group(3)) / 1000
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    found["throughput"] = float(match.group(1)) if match else found["requests"] / max(found["seconds"], 1e-9)
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    found["socket_errors"] = sum(int(g) for g in match.groups()) if match else 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["non_2xx"] = int(match.group(1)) if match else 0
    return found


def _lua(paths: list[str]) -> str:
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    return (
        f"local paths = {{{quoted}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        '  return wrk.format("GET", paths[(n % #paths) + 1], {["Accept"] = "application/json"})\n'
        "end\n"
    )


def gunicorn_workers() -> int:
    # Two per core plus one, as gunicorn's documentation suggests, bounded for a small machine.
    return int(os.environ.get("BENCH_GUNICORN_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 5)))


def http_load(*, database_url: str, paths: list[str], seconds: int, connections: int = 50) -> LoadResult:
    """Serve the API with gunicorn on a free local port and drive it with wrk for `seconds`."""
    wrk = wrk_path()
    if wrk is None:
        raise FileNotFoundError("wrk is not installed (make bench installs it: apt-get install -y wrk)")
    port, workers = free_port(), gunicorn_workers()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CELERY_BROKER_URL": "",
        # Anonymous throttling would turn the load test into a test of the throttle.
        "API_ANON_RATE": "100000000/minute",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--timeout", "60", "--log-level", "warning"]
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        server_log = Path(tmp) / "gunicorn.log"
        with server_log.open("wb") as log_file:
            process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=log_file, stderr=log_file
            )
        try:
            result = _drive(wrk, process, f"http://127.0.0.1:{port}", paths, seconds, connections, Path(tmp))
        except Exception as exc:
            tail = server_log.read_text(encoding="utf-8", errors="replace")[-1500:]
            raise RuntimeError(f"{exc}; gunicorn's log ends with:\n{tail}") from exc
        finally:
            _stop(process)
    figures = parse_wrk(result)
    return LoadResult(
        requests=int(figures["requests"]),
        seconds=figures["seconds"],
        throughput=figures["throughput"],
        p50_ms=figures["p50_ms"],
        p99_ms=figures["p99_ms"],
        errors=int(figures["socket_errors"] + figures["non_2xx"]),
        non_2xx=int(figures["non_2xx"]),
        socket_errors=int(figures["socket_errors"]),
        workers=workers,
        connections=connections,
    )


def _drive(
    wrk: str, process: subprocess.Popen, base: str, paths: list[str], seconds: int, connections: int, tmp: Path
) -> str:
    """wrk's report, once the server answers the first path."""
    _wait_ready(base + paths[0], process, READY_TIMEOUT)
    script = tmp / "paths.lua"
    script.write_text(_lua(paths), encoding="utf-8")
    threads = min(connections, max(1, os.cpu_count() or 1))
    result = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    return result.stdout
