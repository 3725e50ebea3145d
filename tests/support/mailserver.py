"""A real SMTP server on loopback (aiosmtpd) that keeps the messages it receives.

It can speak plain SMTP, offer STARTTLS, or wrap the whole connection in TLS from the
first byte (implicit SSL), with a certificate made for the test session by
:class:`TestAuthority`: a private certificate authority that only a client given its
certificate (``ca_file``) trusts, exactly like a company's own mail server.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from email import message_from_bytes
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.orm import Session

from app.booking import settings as st

Security = Literal["none", "starttls", "ssl"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TestAuthority:
    """A throw-away certificate authority and a server certificate for 127.0.0.1 and
    localhost, written as PEM files into ``directory``."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, directory: Path, name: str = "Front Desk test CA") -> None:
        now = dt.datetime.now(dt.UTC)
        valid_from, valid_to = now - dt.timedelta(days=1), now + dt.timedelta(days=2)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from)
            .not_valid_after(valid_to)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
            )
            .sign(ca_key, hashes.SHA256())
        )
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from)
            .not_valid_after(valid_to)
            .add_extension(
                x509.SubjectAlternativeName(
                    [
                        x509.DNSName("localhost"),
                        x509.IPAddress(ipaddress.IPv4Address("127.0.0.1")),
                    ]
                ),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
            .sign(ca_key, hashes.SHA256())
        )
        pem = serialization.Encoding.PEM
        self.ca_file = directory / "ca.pem"
        self.cert_file = directory / "server.pem"
        self.key_file = directory / "server.key"
        self.ca_file.write_bytes(ca_cert.public_bytes(pem))
        self.cert_file.write_bytes(cert.public_bytes(pem))
        self.key_file.write_bytes(
            key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


class Collector:
    """aiosmtpd handler: every accepted message, parsed, with its envelope recipients."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []
        #: Addresses answered with "550 no such mailbox".
        self.refuse: set[str] = set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


class MailServer:
    """Start and stop on a fixed port, so a test can take the server down and back up.

    ``security`` "starttls" offers (and requires) STARTTLS, "ssl" speaks TLS from the
    start; both need ``authority``. ``logins`` (user -> password) turns on AUTH: a
    sign-in with any other pair is refused with 535.
    """

    def __init__(
        self,
        port: int,
        *,
        security: Security = "none",
        authority: TestAuthority | None = None,
        logins: dict[str, str] | None = None,
    ) -> None:
        if security != "none" and authority is None:
            raise ValueError("a TLS mail server needs a certificate authority")
        self.port = port
        self.security = security
        self.authority = authority
        self.logins = dict(logins or {})
        self.collector = Collector()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[Message]:
        return self.collector.messages

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            user = data.login.decode("utf-8", "replace")
            given = data.password.decode("utf-8", "replace")
            if user in self.logins and self.logins[user] == given:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    def start(self) -> None:
        options: dict[str, Any] = {}
        if self.logins:
            options["authenticator"] = self._authenticate
            # Implicit SSL is encrypted from the start; aiosmtpd only knows STARTTLS.
            options["auth_require_tls"] = self.security == "starttls"
        ssl_context = None
        if self.authority is not None and self.security == "starttls":
            options["tls_context"] = self.authority.server_context()
            options["require_starttls"] = True
        elif self.authority is not None and self.security == "ssl":
            ssl_context = self.authority.server_context()
        self._controller = Controller(
            self.collector,
            hostname="127.0.0.1",
            port=self.port,
            ssl_context=ssl_context,
            **options,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def point_branch_at(
    session: Session, branch_id: int, server: MailServer, user: str | None = None
) -> None:
    """Store the branch's mail settings so that it sends through ``server`` (no commit)."""
    for key, value in (
        (st.MAIL_HOST, "127.0.0.1"),
        (st.MAIL_PORT, server.port),
        (st.MAIL_SECURITY, server.security),
        (st.MAIL_USER, user),
        (st.MAIL_FROM_ADDRESS, "desk@riverside.example"),
        (st.MAIL_FROM_NAME, "Riverside Front Desk"),
    ):
        st.put(session, key, value, branch_id)
