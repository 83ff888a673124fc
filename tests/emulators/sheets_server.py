"""HTTP layer of the Sheets emulator: route table, bearer tokens, Google error bodies, faults, control API."""

from __future__ import annotations

import json
import re
import sys
import time
import traceback
from urllib.parse import parse_qs, unquote, urlsplit

from tests.emulators import sheets_routes as routes
from tests.emulators.dropbox_server import Handler as DropboxHandler
from tests.emulators.http_base import EmulatorHandler
from tests.emulators.sheets_a1 import RangeError
from tests.emulators.sheets_routes import ApiError
from tests.emulators.sheets_store import rfc3339

SHEET = r"/v4/spreadsheets/(?P<key>[^/:]+)"
# (method, path pattern, route name); ranges arrive percent-encoded, so they hold no '/' or ':'.
ROUTES = [
    ("GET", SHEET + "$", "spreadsheets.get"),
    ("POST", SHEET + ":batchUpdate$", "spreadsheets.batchUpdate"),
    ("GET", SHEET + "/values:batchGet$", "values.batchGet"),
    ("POST", SHEET + "/values:batchUpdate$", "values.batchUpdate"),
    ("POST", SHEET + "/values:batchClear$", "values.batchClear"),
    ("GET", SHEET + "/values/(?P<range>[^/:]+)$", "values.get"),
    ("PUT", SHEET + "/values/(?P<range>[^/:]+)$", "values.update"),
    ("POST", SHEET + "/values/(?P<range>[^/:]+):append$", "values.append"),
    ("POST", SHEET + "/values/(?P<range>[^/:]+):clear$", "values.clear"),
    ("GET", r"/drive/v3/files$", "files.list"),
    ("POST", r"/token$", "token"),
]
QUOTA = (
    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of "
    "service 'sheets.googleapis.com' for consumer 'project_number:000000000000'."
)
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


class Handler(EmulatorHandler):
    """One request; `self.server.emulator` holds the store, faults, counters and issued tokens."""

    server_version = "SheetsEmulator/1"
    send_bytes = DropboxHandler.send_bytes

    def do_GET(self) -> None:
        self.handle_call("GET")

    def do_PUT(self) -> None:
        self.handle_call("PUT")

    def do_POST(self) -> None:
        self.handle_call("POST")

    def handle_call(self, method: str) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urlsplit(self.path)
        params = {k: v if len(v) > 1 or k == "ranges" else v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path.startswith("/__emulator__/"):
            return self.send_answer(*self.server.emulator.control(method, parts.path[len("/__emulator__/") :], body))
        for verb, pattern, route in ROUTES:  # noqa: B007 (the route that matched is read after the loop)
            match = re.match(pattern, parts.path)
            if verb == method and match:
                break
        else:
            return self.send_answer(
                404, {"error": {"code": 404, "message": f"Not found: {parts.path}", "status": "NOT_FOUND"}}
            )
        emulator = self.server.emulator
        emulator.count_call(route)
        time.sleep(emulator.latency_s)
        fault = emulator.faults.take(route)
        if fault and self.apply_fault(fault):
            return
        answer = self.dispatch(route, match.groupdict(), params, body)
        if fault and fault.drop_after:
            return self.drop_connection()
        try:
            self.send_answer(*answer)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def apply_fault(self, fault) -> bool:
        time.sleep(fault.latency_s)
        if fault.drop_connection:
            self.drop_connection()
            return True
        if fault.status:
            message = QUOTA if fault.status == 429 else f"emulated HTTP {fault.status}"
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
            error = {"code": fault.status, "message": message, "status": STATUS_NAMES.get(fault.status, "UNKNOWN")}
            self.send_answer(fault.status, {"error": error}, headers)
            return True
        return False

    def dispatch(self, route: str, groups: dict, params: dict, body: bytes) -> tuple:
        emulator = self.server.emulator
        try:
            if route == "token":
                return 200, emulator.issue_token(body.decode("ascii", "replace"))
            emulator.check_token(self.headers.get("Authorization"))
            payload = json.loads(body) if body else {}
            with emulator.store.lock:
                return 200, call_route(emulator.store, route, groups, params, payload)
        except ApiError as error:
            return error.code, error.body
        except RangeError as error:
            return 400, routes.range_error(error).body
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return 400, routes.bad_request(f"Invalid JSON payload received. {error!r}").body
        except Exception:  # an emulator bug: say so loudly instead of looking like a flaky server
            traceback.print_exc(file=sys.stderr)
            return 500, {"error": {"code": 500, "message": "emulator error", "status": "INTERNAL"}}

    def send_answer(self, status: int, value, headers: dict | None = None) -> None:
        # Google answers JSON with a charset; gspread reads .json() either way.
        self.send_bytes(status, json.dumps(value).encode(), "application/json; charset=UTF-8", headers)


def call_route(store, route: str, groups: dict, params: dict, payload: dict) -> dict:
    if route == "files.list":
        return routes.files_list(store, params)
    book = store.books.get(groups["key"])
    if book is None:
        raise ApiError(404, "Requested entity was not found.", "NOT_FOUND")
    text = unquote(groups.get("range") or "")
    if route not in ("spreadsheets.get", "values.get", "values.batchGet"):
        book.modified = rfc3339(time.time())  # Drive's modifiedTime follows every write
    if route == "spreadsheets.get":
        return book.metadata()
    if route == "spreadsheets.batchUpdate":
        return routes.batch_update(store, book, payload)
    if route == "values.get":
        return routes.value_range(book, text, params)
    if route == "values.batchGet":
        return {
            "spreadsheetId": book.key,
            "valueRanges": [routes.value_range(book, r, params) for r in params.get("ranges", [])],
        }
    if route == "values.update":
        return routes.update(book, text, params, payload)
    if route == "values.append":
        return routes.append(book, text, params, payload)
    if route == "values.batchUpdate":
        return routes.batch_update_values(book, payload)
    if route == "values.clear":
        return {"spreadsheetId": book.key, "clearedRange": routes.clear(book, text)}
    if route == "values.batchClear":
        return {"spreadsheetId": book.key, "clearedRanges": [routes.clear(book, r) for r in payload.get("ranges", [])]}
    raise AssertionError(route)
