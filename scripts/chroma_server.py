"""A throwaway Chroma server for the benchmarks: `chroma run` on loopback, on a free port.

    with ChromaServer(tmp / "chroma-server").running() as server:
        settings = Settings(index=..., chroma_host=server.host, chroma_port=server.port)

The server is stopped when the block ends, also on errors. tests/test_server_mode.py starts and
stops the same class to simulate an outage.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

HOST = "127.0.0.1"


def chroma_command() -> str:
    """The `chroma` command of this environment (next to its Python), else the one on PATH."""
    local = Path(sys.executable).parent / "chroma"
    found = str(local) if local.exists() else shutil.which("chroma")
    if not found:
        raise RuntimeError("the chroma command is not installed (it comes with chromadb)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    """Resident memory of a process in MB, from /proc (VmRSS now, VmHWM for its peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


class ChromaServer:
    """`chroma run` on loopback, persisted under `path`; its output goes to `path`.log."""

    def __init__(self, path: Path, port: int | None = None):
        self.path, self.port, self.host = path, port or free_port(), HOST
        self.log = path.with_name(path.name + ".log")
        self.proc: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None, "the server is not running"
        return self.proc.pid

    def start(self, timeout: float = 60) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [chroma_command(), "run", "--host", HOST, "--port", str(self.port)]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [*cmd, "--path", str(self.path)], stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait(timeout)
        except BaseException:  # not answering, or interrupted while waiting: never leave it running
            self.stop()
            raise

    def _wait(self, timeout: float) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"chroma run exited with {self.proc.returncode}: {self._log_tail()}"
                )
            try:
                if httpx.get(f"http://{HOST}:{self.port}/api/v2/heartbeat", timeout=1).is_success:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"no Chroma heartbeat on port {self.port} after {timeout} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    @contextmanager
    def running(self) -> Iterator[ChromaServer]:
        self.start()
        try:
            yield self
        finally:
            self.stop()

    def _log_tail(self, chars: int = 1500) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"
