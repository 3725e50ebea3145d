"""A local stand-in for an on-premises Exchange server's EWS endpoint, on a free loopback port.

It answers SOAP requests at ``/EWS/Exchange.asmx`` the way Microsoft's EWS reference
documents them: ``m:``/``t:`` namespaces, one ``<Operation>ResponseMessage`` per request
item with ``ResponseClass`` and ``ResponseCode``, ``ItemId``/``ChangeKey`` pairs that change
on every write, ``SyncFolderItems`` pages of at most ``MaxChangesReturned`` changes with a
``SyncState`` and ``IncludesLastItemInRange``, ``FindItem`` with an ``IsEqualTo``
restriction on an extended property or a ``CalendarView`` (singles, occurrences and
exceptions, never recurring masters), ``UpdateItem`` honouring ``ConflictResolution`` and
the ``ChangeKey`` (``ErrorIrresolvableConflict``), and ``ErrorItemNotFound`` for missing
items. The mailbox is small and in memory, so creates, updates, deletes and moves are
real state.

With an ``ssl.SSLContext`` it speaks HTTPS. Sign-in is Basic (``Authorization: Basic``)
or an NTLM handshake (negotiate, challenge, authenticate on one kept-alive connection);
anything else gets 401. Tests can make it
answer ``ErrorServerBusy`` as a SOAP fault with ``BackOffMilliseconds``, reject sync
states (``ErrorInvalidSyncStateData``), fail with a plain HTTP 500, or hang. Every
request's path is recorded, so a test can show that no autodiscover request was made.
"""

from __future__ import annotations

import base64
import itertools
import os
import ssl
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
M = "http://schemas.microsoft.com/exchange/services/2006/messages"
T = "http://schemas.microsoft.com/exchange/services/2006/types"
ERRORS = "http://schemas.microsoft.com/exchange/services/2006/errors"
EWS_PATH = "/EWS/Exchange.asmx"

_MESSAGES = {
    "ErrorItemNotFound": "The specified object was not found in the store.",
    "ErrorFolderNotFound": "The specified folder could not be found in the store.",
    "ErrorIrresolvableConflict": "The send or update operation could not be performed "
    "because the change key passed in the request does not match the current change key "
    "for the item.",
    "ErrorChangeKeyRequiredForWriteOperations": "When making a write request, the change "
    "key is required.",
    "ErrorInvalidSyncStateData": "Synchronization state data is corrupt or otherwise invalid.",
    "ErrorInvalidOperation": "The operation is not valid.",
}


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass
class Item:
    """One calendar item; ``occurrences`` makes it a recurring master."""

    id: str
    changekey: str
    folder: str
    subject: str
    start: datetime
    end: datetime
    free_busy: str = "Busy"
    all_day: bool = False
    cancelled: bool = False
    uid: str = ""
    body: str = ""
    location: str = ""
    #: extended properties by (property set id lower-cased, name)
    extended: dict[tuple[str, str], str] = field(default_factory=dict)
    occurrences: list[tuple[datetime, datetime]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "RecurringMaster" if self.occurrences else "Single"


@dataclass
class Folder:
    id: str
    changekey: str
    name: str
    parent: str | None
    folder_class: str = "IPF.Appointment"
    distinguished: str | None = None
    #: change log: item id -> sequence of its last change, and whether it was a delete
    changed_at: dict[str, tuple[int, str]] = field(default_factory=dict)


class EwsServer:
    """The in-memory mailbox of ``email``; signs in ``username`` with ``password``."""

    def __init__(
        self, username: str, password: str, email: str, tls: ssl.SSLContext | None = None
    ) -> None:
        self.username = username
        self.password = password
        self.email = email
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self.seq = 0
        #: sync states issued at or before this sequence answer ErrorInvalidSyncStateData
        self.epoch = 1
        self.items: dict[str, Item] = {}
        self.folders: dict[str, Folder] = {}
        self.paths: list[str] = []
        #: (operation, soap body element) of every EWS request answered
        self.operations: list[str] = []
        self.bodies: list[ET.Element] = []
        self.auth_schemes: list[str] = []
        self._faults: list[tuple[str, float]] = []
        root = self._add_folder("Top of Information Store", None, "IPF.Note", "root")
        self.root = root.id
        self.calendar = self._add_folder("Calendar", root.id, "IPF.Appointment", "calendar").id
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.scheme = "http"
        if tls is not None:  # HTTPS with the given server certificate
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._server.server_address[1]}{EWS_PATH}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- what tests do to the mailbox ----------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        raw = f"{prefix}-{next(self._ids)}-{os.urandom(6).hex()}".encode()
        return "AAMk" + base64.b64encode(raw).decode()

    def _changekey(self) -> str:
        return "DwAAABYA" + base64.b64encode(os.urandom(9)).decode()

    def _add_folder(
        self, name: str, parent: str | None, folder_class: str, distinguished: str | None = None
    ) -> Folder:
        folder = Folder(
            self._new_id("folder"), self._changekey(), name, parent, folder_class, distinguished
        )
        self.folders[folder.id] = folder
        return folder

    def add_calendar(self, name: str) -> str:
        """A calendar folder under the default calendar (as Outlook makes them)."""
        with self.lock:
            return self._add_folder(name, self.calendar, "IPF.Appointment").id

    def put(
        self,
        start: datetime,
        end: datetime,
        free_busy: str = "Busy",
        *,
        folder: str | None = None,
        item_id: str | None = None,
        subject: str = "Dentist",
        all_day: bool = False,
        cancelled: bool = False,
        occurrences: list[tuple[datetime, datetime]] | None = None,
    ) -> str:
        """Add or change an item as Outlook would (a new ChangeKey every time)."""
        with self.lock:
            if item_id is not None:
                item = self.items[item_id]
                item.start, item.end, item.free_busy = start, end, free_busy
                item.all_day, item.cancelled = all_day, cancelled
                item.occurrences = list(occurrences or [])
                self._touch(item)
                return item_id
            item = Item(
                id=self._new_id("item"),
                changekey="",
                folder=folder or self.calendar,
                subject=subject,
                start=start,
                end=end,
                free_busy=free_busy,
                all_day=all_day,
                cancelled=cancelled,
                uid=os.urandom(16).hex(),
                occurrences=list(occurrences or []),
            )
            self.items[item.id] = item
            self._touch(item)
            return item.id

    def move(self, item_id: str, start: datetime, end: datetime) -> None:
        """The agent drags an item to another time in Outlook."""
        with self.lock:
            item = self.items[item_id]
            item.start, item.end = start, end
            self._touch(item)

    def remove(self, item_id: str) -> None:
        with self.lock:
            self._delete(self.items[item_id])

    def folder_items(self, folder: str | None = None) -> dict[str, Item]:
        with self.lock:
            wanted = folder or self.calendar
            return {k: v for k, v in self.items.items() if v.folder == wanted}

    def expire_sync_states(self) -> None:
        """Every sync state issued so far becomes invalid (ErrorInvalidSyncStateData)."""
        with self.lock:
            self.epoch += 1

    def busy_next(self, back_off_ms: int, count: int = 1) -> None:
        with self.lock:
            self._faults.extend([("busy", float(back_off_ms))] * count)

    def fail_next(self, status: int, count: int = 1, *, after: int = 0) -> None:
        """Answer ``count`` requests with a bare HTTP ``status``, once ``after`` passed."""
        with self.lock:
            self._faults.extend([("pass", 0.0)] * after)
            self._faults.extend([(f"http{status}", 0.0)] * count)

    def hang_next(self, seconds: float, count: int = 1) -> None:
        with self.lock:
            self._faults.extend([("hang", seconds)] * count)

    def count(self, operation: str) -> int:
        with self.lock:
            return self.operations.count(operation)

    # -- storage -------------------------------------------------------------------------

    def _touch(self, item: Item) -> None:
        self.seq += 1
        item.changekey = self._changekey()
        self.folders[item.folder].changed_at[item.id] = (self.seq, "change")

    def _delete(self, item: Item) -> None:
        self.seq += 1
        del self.items[item.id]
        self.folders[item.folder].changed_at[item.id] = (self.seq, "delete")

    # -- HTTP ------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.paths.append(self.path)
                self._send(404, b"", "text/plain")

            def do_POST(self) -> None:
                server.paths.append(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                if self.path.split("?")[0].lower() != EWS_PATH.lower():
                    self._send(404, b"", "text/plain")
                    return
                if not self._signed_in():
                    return
                with server.lock:
                    fault, arg = server._faults.pop(0) if server._faults else ("", 0.0)
                if fault == "hang":
                    time.sleep(arg)
                    fault = ""
                if fault.startswith("http"):
                    page = b"<html><body><h1>Server Error in '/' Application.</h1></body></html>"
                    self._send(int(fault[4:]), page, "text/html")
                    return
                try:
                    body = ET.fromstring(data).find(_q(SOAP, "Body"))
                    request = body[0] if body is not None else None
                except (ET.ParseError, IndexError):
                    request = None
                if request is None:
                    self._send(400, b"", "text/plain")
                    return
                operation = request.tag.split("}")[-1]
                with server.lock:
                    server.operations.append(operation)
                    server.bodies.append(request)
                    if fault == "busy":
                        status, answer = 500, _busy_fault(int(arg))
                    else:
                        status, answer = 200, server._answer(operation, request)
                self._send(status, answer.encode(), "text/xml; charset=utf-8")

            def _signed_in(self) -> bool:
                header = self.headers.get("Authorization") or ""
                scheme, _, value = header.partition(" ")
                server.auth_schemes.append(scheme)
                if scheme == "Basic":
                    try:
                        user, _, password = base64.b64decode(value).decode().partition(":")
                    except ValueError:
                        user, password = "", ""
                    if user == server.username and password == server.password:
                        return True
                elif scheme == "NTLM":
                    message = base64.b64decode(value)
                    kind = struct.unpack("<I", message[8:12])[0] if len(message) >= 12 else 0
                    if kind == 1:
                        self._challenge()
                        return False
                    if kind == 3 and _ntlm_user(message) == server.username.split("\\")[-1]:
                        return True
                self._send(
                    401,
                    b"",
                    "text/plain",
                    [("WWW-Authenticate", 'Basic realm="exchange"'), ("WWW-Authenticate", "NTLM")],
                )
                return False

            def _challenge(self) -> None:
                self._send(
                    401, b"", "text/plain", [("WWW-Authenticate", "NTLM " + _ntlm_challenge())]
                )

            def _send(
                self,
                status: int,
                payload: bytes,
                content_type: str,
                headers: list[tuple[str, str]] | None = None,
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers or []:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        return Handler

    # -- EWS operations --------------------------------------------------------------------

    def _answer(self, operation: str, request: ET.Element) -> str:
        handler = getattr(self, f"_op_{operation}", None)
        if handler is None:
            return _envelope(
                f"<m:{operation}Response><m:ResponseMessages>"
                + _error_message(operation, "ErrorInvalidOperation")
                + f"</m:ResponseMessages></m:{operation}Response>"
            )
        messages: str = handler(request)
        return _envelope(
            f"<m:{operation}Response><m:ResponseMessages>{messages}"
            f"</m:ResponseMessages></m:{operation}Response>"
        )

    def _folder_of(self, ref: ET.Element) -> Folder | None:
        if ref.tag == _q(T, "DistinguishedFolderId"):
            wanted = ref.get("Id")
            return next((f for f in self.folders.values() if f.distinguished == wanted), None)
        return self.folders.get(ref.get("Id") or "")

    def _op_GetFolder(self, request: ET.Element) -> str:
        out = []
        ids = request.find(_q(M, "FolderIds"))
        for ref in list(ids) if ids is not None else []:
            folder = self._folder_of(ref)
            if folder is None:
                out.append(_error_message("GetFolder", "ErrorFolderNotFound", "<m:Folders/>"))
                continue
            out.append(_ok("GetFolder", f"<m:Folders>{_folder_xml(folder)}</m:Folders>"))
        return "".join(out)

    def _op_FindFolder(self, request: ET.Element) -> str:
        deep = request.get("Traversal") == "Deep"
        out = []
        parents = request.find(_q(M, "ParentFolderIds"))
        for ref in list(parents) if parents is not None else []:
            parent = self._folder_of(ref)
            if parent is None:
                out.append(_error_message("FindFolder", "ErrorFolderNotFound"))
                continue
            found = self._subfolders(parent.id, deep)
            out.append(
                _ok(
                    "FindFolder",
                    f'<m:RootFolder IndexedPagingOffset="{len(found)}" '
                    f'TotalItemsInView="{len(found)}" IncludesLastItemInRange="true">'
                    f"<t:Folders>{''.join(_folder_xml(f) for f in found)}</t:Folders>"
                    "</m:RootFolder>",
                )
            )
        return "".join(out)

    def _subfolders(self, parent: str, deep: bool) -> list[Folder]:
        found = []
        for folder in self.folders.values():
            if folder.parent == parent:
                found.append(folder)
                if deep:
                    found += self._subfolders(folder.id, deep)
        return found

    def _op_SyncFolderItems(self, request: ET.Element) -> str:
        ref = request.find(f"{_q(M, 'SyncFolderId')}/*")
        folder = self._folder_of(ref) if ref is not None else None
        # Exchange sends the (empty) sync elements with an error answer too
        empty = "<m:SyncState/><m:IncludesLastItemInRange>true</m:IncludesLastItemInRange>"
        if folder is None:
            return _error_message("SyncFolderItems", "ErrorFolderNotFound", empty)
        state_text = (request.findtext(_q(M, "SyncState")) or "").strip()
        since = 0
        if state_text:
            try:
                epoch, seq = base64.b64decode(state_text).decode().split(":")
                since = int(seq)
                if int(epoch) != self.epoch:
                    raise ValueError("an old epoch")
            except ValueError:
                return _error_message("SyncFolderItems", "ErrorInvalidSyncStateData", empty)
        limit = int(request.findtext(_q(M, "MaxChangesReturned")) or "512")
        # a first sync lists what is there; later ones also report deletions
        changes = sorted(
            (seq, item_id, what)
            for item_id, (seq, what) in folder.changed_at.items()
            if seq > since and (since > 0 or what != "delete")
        )
        page = changes[:limit]
        last = page[-1][0] if len(changes) > limit else self.seq
        parts = []
        for _seq, item_id, what in page:
            if what == "delete":
                parts.append(f'<t:Delete><t:ItemId Id="{item_id}"/></t:Delete>')
            else:
                kind = "Create" if since == 0 else "Update"
                parts.append(f"<t:{kind}>{_item_xml(self.items[item_id])}</t:{kind}>")
        state = base64.b64encode(f"{self.epoch}:{last}".encode()).decode()
        complete = "true" if len(changes) <= limit else "false"
        return _ok(
            "SyncFolderItems",
            f"<m:SyncState>{state}</m:SyncState>"
            f"<m:IncludesLastItemInRange>{complete}</m:IncludesLastItemInRange>"
            f"<m:Changes>{''.join(parts)}</m:Changes>",
        )

    def _op_FindItem(self, request: ET.Element) -> str:
        out = []
        parents = request.find(_q(M, "ParentFolderIds"))
        for ref in list(parents) if parents is not None else []:
            folder = self._folder_of(ref)
            if folder is None:
                out.append(_error_message("FindItem", "ErrorFolderNotFound"))
                continue
            items = [i for i in self.items.values() if i.folder == folder.id]
            view = request.find(_q(M, "CalendarView"))
            if view is not None:
                out.append(self._calendar_view(items, view))
                continue
            restriction = request.find(_q(M, "Restriction"))
            if restriction is not None:
                items = [i for i in items if _matches(i, restriction)]
            found = "".join(_item_xml(i) for i in items)
            out.append(
                _ok(
                    "FindItem",
                    f'<m:RootFolder IndexedPagingOffset="{len(items)}" '
                    f'TotalItemsInView="{len(items)}" IncludesLastItemInRange="true">'
                    f"<t:Items>{found}</t:Items></m:RootFolder>",
                )
            )
        return "".join(out)

    def _calendar_view(self, items: list[Item], view: ET.Element) -> str:
        start = _parse_time(view.get("StartDate") or "")
        end = _parse_time(view.get("EndDate") or "")
        shown: list[str] = []
        for item in items:
            if not item.occurrences:
                if item.start < end and item.end > start:
                    shown.append(_item_xml(item))
                continue
            for index, (first, last) in enumerate(item.occurrences, 1):
                if first < end and last > start:
                    shown.append(_item_xml(item, occurrence=(index, first, last)))
        return _ok(
            "FindItem",
            f'<m:RootFolder TotalItemsInView="{len(shown)}" IncludesLastItemInRange="true">'
            f"<t:Items>{''.join(shown)}</t:Items></m:RootFolder>",
        )

    def _op_GetItem(self, request: ET.Element) -> str:
        out = []
        ids = request.find(_q(M, "ItemIds"))
        for ref in list(ids) if ids is not None else []:
            wanted = ref.get("Id") or ""
            item = self.items.get(wanted)
            occurrence = _occurrence_of(wanted)
            if item is None and occurrence is not None:
                master = self.items.get(occurrence[0])
                if master is not None and 0 < occurrence[1] <= len(master.occurrences):
                    first, last = master.occurrences[occurrence[1] - 1]
                    shown = _item_xml(master, occurrence=(occurrence[1], first, last))
                    out.append(_ok("GetItem", f"<m:Items>{shown}</m:Items>"))
                    continue
            if item is None:
                out.append(_error_message("GetItem", "ErrorItemNotFound", "<m:Items/>"))
            else:
                out.append(_ok("GetItem", f"<m:Items>{_item_xml(item)}</m:Items>"))
        return "".join(out)

    def _op_CreateItem(self, request: ET.Element) -> str:
        ref = request.find(f"{_q(M, 'SavedItemFolderId')}/*")
        folder = self._folder_of(ref) if ref is not None else self.folders[self.calendar]
        if folder is None:
            return _error_message("CreateItem", "ErrorFolderNotFound", "<m:Items/>")
        out = []
        items = request.find(_q(M, "Items"))
        for element in list(items) if items is not None else []:
            item = Item(
                id=self._new_id("item"),
                changekey="",
                folder=folder.id,
                subject="",
                start=datetime.now(UTC),
                end=datetime.now(UTC),
                uid=os.urandom(16).hex(),
            )
            _apply(item, element)
            self.items[item.id] = item
            self._touch(item)
            out.append(_ok("CreateItem", f"<m:Items>{_id_only(item)}</m:Items>"))
        return "".join(out)

    def _op_UpdateItem(self, request: ET.Element) -> str:
        resolution = request.get("ConflictResolution") or "AutoResolve"
        out = []
        changes = request.find(_q(M, "ItemChanges"))
        for change in list(changes) if changes is not None else []:
            ref = change.find(_q(T, "ItemId"))
            item = self.items.get(ref.get("Id") or "") if ref is not None else None
            if item is None:
                out.append(_error_message("UpdateItem", "ErrorItemNotFound", "<m:Items/>"))
                continue
            given = ref.get("ChangeKey") if ref is not None else None
            if resolution != "AlwaysOverwrite":
                if not given:
                    out.append(
                        _error_message(
                            "UpdateItem", "ErrorChangeKeyRequiredForWriteOperations", "<m:Items/>"
                        )
                    )
                    continue
                if given != item.changekey:
                    out.append(
                        _error_message("UpdateItem", "ErrorIrresolvableConflict", "<m:Items/>")
                    )
                    continue
            for update in change.find(_q(T, "Updates")) or []:
                target = update.find(_q(T, "CalendarItem"))
                if update.tag == _q(T, "SetItemField") and target is not None:
                    _apply(item, target)
            self._touch(item)
            out.append(
                _ok(
                    "UpdateItem",
                    f"<m:Items>{_id_only(item)}</m:Items>"
                    "<m:ConflictResults><t:Count>0</t:Count></m:ConflictResults>",
                )
            )
        return "".join(out)

    def _op_DeleteItem(self, request: ET.Element) -> str:
        out = []
        ids = request.find(_q(M, "ItemIds"))
        for ref in list(ids) if ids is not None else []:
            item = self.items.get(ref.get("Id") or "")
            if item is None:
                out.append(_error_message("DeleteItem", "ErrorItemNotFound"))
                continue
            self._delete(item)
            out.append(_ok("DeleteItem", ""))
        return "".join(out)


# -- XML -------------------------------------------------------------------------------------


def _envelope(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<s:Envelope xmlns:s="{SOAP}"><s:Header>'
        '<h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" '
        f'MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="{T}" xmlns="{T}"/>'
        "</s:Header>"
        f'<s:Body xmlns:m="{M}" xmlns:t="{T}">{body}</s:Body></s:Envelope>'
    )


def _ok(operation: str, inner: str) -> str:
    return (
        f'<m:{operation}ResponseMessage ResponseClass="Success">'
        f"<m:ResponseCode>NoError</m:ResponseCode>{inner}</m:{operation}ResponseMessage>"
    )


def _error_message(operation: str, code: str, inner: str = "") -> str:
    return (
        f'<m:{operation}ResponseMessage ResponseClass="Error">'
        f"<m:MessageText>{escape(_MESSAGES.get(code, code))}</m:MessageText>"
        f"<m:ResponseCode>{code}</m:ResponseCode>"
        f"<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>{inner}"
        f"</m:{operation}ResponseMessage>"
    )


def _busy_fault(back_off_ms: int) -> str:
    text = "The server cannot service this request right now. Try again later."
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<s:Envelope xmlns:s="{SOAP}"><s:Body><s:Fault>'
        f'<faultcode xmlns:a="{T}">a:ErrorServerBusy</faultcode>'
        f'<faultstring xml:lang="en-US">{text}</faultstring>'
        "<detail>"
        f'<e:ResponseCode xmlns:e="{ERRORS}">ErrorServerBusy</e:ResponseCode>'
        f'<e:Message xmlns:e="{ERRORS}">{text}</e:Message>'
        f'<t:MessageXml xmlns:t="{T}">'
        f'<t:Value Name="BackOffMilliseconds">{back_off_ms}</t:Value></t:MessageXml>'
        "</detail></s:Fault></s:Body></s:Envelope>"
    )


def _folder_xml(folder: Folder) -> str:
    tag = "CalendarFolder" if folder.folder_class == "IPF.Appointment" else "Folder"
    distinguished = (
        f"<t:DistinguishedFolderId>{folder.distinguished}</t:DistinguishedFolderId>"
        if folder.distinguished
        else ""
    )
    parent = f'<t:ParentFolderId Id="{folder.parent}"/>' if folder.parent else ""
    return (
        f'<t:{tag}><t:FolderId Id="{folder.id}" ChangeKey="{folder.changekey}"/>{parent}'
        f"<t:FolderClass>{folder.folder_class}</t:FolderClass>"
        f"<t:DisplayName>{escape(folder.name)}</t:DisplayName>"
        "<t:TotalCount>0</t:TotalCount><t:ChildFolderCount>0</t:ChildFolderCount>"
        f"{distinguished}</t:{tag}>"
    )


def _id_only(item: Item) -> str:
    return (
        f'<t:CalendarItem><t:ItemId Id="{item.id}" ChangeKey="{item.changekey}"/></t:CalendarItem>'
    )


def _item_xml(item: Item, occurrence: tuple[int, datetime, datetime] | None = None) -> str:
    """The item as EWS lists it; an occurrence has its own id and the series' UID."""
    item_id, changekey, start, end = item.id, item.changekey, item.start, item.end
    kind = item.kind
    if occurrence is not None:
        index, start, end = occurrence
        item_id = base64.b64encode(f"{item.id}:occurrence:{index}".encode()).decode()
        kind = "Occurrence"
    extended = "".join(
        "<t:ExtendedProperty>"
        f'<t:ExtendedFieldURI PropertySetId="{set_id}" PropertyName="{escape(name)}" '
        'PropertyType="String"/>'
        f"<t:Value>{escape(value)}</t:Value></t:ExtendedProperty>"
        for (set_id, name), value in item.extended.items()
    )
    return (
        f'<t:CalendarItem><t:ItemId Id="{item_id}" ChangeKey="{changekey}"/>'
        f'<t:ParentFolderId Id="{item.folder}"/>'
        "<t:ItemClass>IPM.Appointment</t:ItemClass>"
        f"<t:Subject>{escape(item.subject)}</t:Subject>"
        f"{extended}"
        f"<t:UID>{item.uid}</t:UID>"
        f"<t:Start>{_iso(start)}</t:Start><t:End>{_iso(end)}</t:End>"
        f"<t:IsAllDayEvent>{'true' if item.all_day else 'false'}</t:IsAllDayEvent>"
        f"<t:LegacyFreeBusyStatus>{item.free_busy}</t:LegacyFreeBusyStatus>"
        f"<t:Location>{escape(item.location)}</t:Location>"
        f"<t:IsCancelled>{'true' if item.cancelled else 'false'}</t:IsCancelled>"
        f"<t:IsRecurring>{'true' if kind != 'Single' else 'false'}</t:IsRecurring>"
        f"<t:CalendarItemType>{kind}</t:CalendarItemType>"
        "</t:CalendarItem>"
    )


def _occurrence_of(item_id: str) -> tuple[str, int] | None:
    """(master id, 1-based index) of an occurrence's id, else None."""
    try:
        master, marker, index = base64.b64decode(item_id).decode().rsplit(":", 2)
    except ValueError:
        return None
    return (master, int(index)) if marker == "occurrence" and index.isdigit() else None


def _apply(item: Item, element: ET.Element) -> None:
    """Copy the fields of a request's ``t:CalendarItem`` onto ``item``."""
    for child in element:
        name = child.tag.split("}")[-1]
        text = child.text or ""
        if name == "Subject":
            item.subject = text
        elif name == "Body":
            item.body = text
        elif name == "Location":
            item.location = text
        elif name == "Start":
            item.start = _parse_time(text)
        elif name == "End":
            item.end = _parse_time(text)
        elif name == "LegacyFreeBusyStatus":
            item.free_busy = text
        elif name == "IsAllDayEvent":
            item.all_day = text in {"1", "true"}
        elif name == "ExtendedProperty":
            uri = child.find(_q(T, "ExtendedFieldURI"))
            if uri is not None:
                key = ((uri.get("PropertySetId") or "").lower(), uri.get("PropertyName") or "")
                item.extended[key] = child.findtext(_q(T, "Value")) or ""


def _matches(item: Item, restriction: ET.Element) -> bool:
    """The ``IsEqualTo`` restrictions on an extended property that the desk sends."""
    test = restriction.find(_q(T, "IsEqualTo"))
    if test is None:
        return False
    uri = test.find(_q(T, "ExtendedFieldURI"))
    constant = test.find(f"{_q(T, 'FieldURIOrConstant')}/{_q(T, 'Constant')}")
    if uri is None or constant is None:
        return False
    key = ((uri.get("PropertySetId") or "").lower(), uri.get("PropertyName") or "")
    return item.extended.get(key) == constant.get("Value")


# -- NTLM (enough of MS-NLMP for a handshake; the server trusts the user name) ----------------


def _ntlm_challenge() -> str:
    """A CHALLENGE_MESSAGE (type 2) with a random server challenge and target info."""
    target = "EXCHANGE".encode("utf-16-le")
    info = (
        struct.pack("<HH", 2, len(target))
        + target
        + struct.pack("<HH", 7, 8)
        + struct.pack("<Q", 133000000000000000)
        + struct.pack("<HH", 0, 0)
    )
    flags = 0x00000001 | 0x00000200 | 0x00010000 | 0x00080000 | 0x00800000 | 0x20000000
    flags |= 0x80000000 | 0x40000000 | 0x02000000 | 0x00000004
    header_len = 56
    message = (
        b"NTLMSSP\x00"
        + struct.pack("<I", 2)
        + struct.pack("<HHI", len(target), len(target), header_len)
        + struct.pack("<I", flags)
        + os.urandom(8)
        + b"\x00" * 8
        + struct.pack("<HHI", len(info), len(info), header_len + len(target))
        + struct.pack("<BBHBBBB", 10, 0, 19041, 0, 0, 0, 15)
        + target
        + info
    )
    return base64.b64encode(message).decode()


def _ntlm_user(message: bytes) -> str:
    """The user name of an AUTHENTICATE_MESSAGE (type 3)."""
    length, _, offset = struct.unpack("<HHI", message[36:44])
    return message[offset : offset + length].decode("utf-16-le", errors="replace")
