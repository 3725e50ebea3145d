"""A real Radicale CalDAV server on loopback for the calendar sync tests.

Started as a child process with plain htpasswd users and a temporary storage folder;
:meth:`RadicaleServer.stop` ends it (and :meth:`pause`/:meth:`resume` take it off the
network and back, to play an outage).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import BinaryIO

import niquests


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RadicaleServer:
    def __init__(self, folder: Path, users: dict[str, str]) -> None:
        self.folder = folder
        self.users = users
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log: BinaryIO | None = None
        folder.mkdir(parents=True, exist_ok=True)
        self.htpasswd = folder / "users"
        self.htpasswd.write_text(
            "".join(f"{user}:{password}\n" for user, password in users.items()), "utf-8"
        )
        self.config = folder / "config"
        self.config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {self.htpasswd}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[storage]\n"
            f"filesystem_folder = {folder / 'collections'}\n"
            "[logging]\n"
            "level = warning\n",
            "utf-8",
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        self._log = (self.folder / "radicale.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Radicale did not start; see " + str(self.folder))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Radicale did not start in time")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def make_calendar(self, user: str, name: str) -> str:
        """Create calendar ``name`` of ``user`` (MKCALENDAR); returns its URL."""
        url = f"{self.url}{user}/{name}/"
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
            f"<d:set><d:prop><d:displayname>{name}</d:displayname></d:prop></d:set>"
            "</c:mkcalendar>"
        )
        with niquests.Session() as session:
            response = session.request(
                "MKCALENDAR", url, data=body.encode(), auth=(user, self.users[user]), timeout=10
            )
        if response.status_code not in (200, 201):
            raise RuntimeError(f"MKCALENDAR {url}: {response.status_code}")
        return url
