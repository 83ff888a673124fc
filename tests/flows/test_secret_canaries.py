"""A canary in every secret, APIs that echo credentials back in their errors: no output may hold a canary.

`vtasks run` as a user runs it (a process, the real Prefect API, the Dropbox emulator as its own process);
then the console, every stored file (parquet and html included), the notifications, and the Prefect
API's logs, artifacts, flow and task runs are searched.
"""

from __future__ import annotations

import base64
import io
import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote

import httpx
import pyarrow.parquet as pq
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tasks.storage.dropbox_storage import DropboxStorage
from tests.emulators.coingecko_api import DEMO_KEY, CoinGeckoEmulator
from tests.emulators.http_base import BackgroundServer
from tests.emulators.standalone import standalone_emulator
from tests.flows.test_cli import RUN_DATE, summary_rows, vtasks_cli
from tests.tasks.ops.receiver import Receiver

# Letters and digits only, so URL-encoding or JSON-escaping leaves each one searchable as is.
CANARY = {
    name: f"canary{name.replace('_', '')}7Q2x9Z"
    for name in (
        "DROPBOX_REFRESH_TOKEN",
        "DROPBOX_APP_SECRET",
        "DROPBOX_ACCESS_TOKEN",
        "GOOGLE_KEY_ID",
        "KRAKEN_API_KEY",
        "KRAKEN_API_SECRET",
        "INDEXA_TOKEN",
        "GCAL_URL_WORK",
        "VTASKS_NOTIFY_URLS",
        "VTASKS_ARCHIVE__ZIP_PASSWORD",
        "PREFECT_API_KEY",
    )
}


class LeakyHandler(BaseHTTPRequestHandler):
    """Refuses every credential and names it in the error body, as careless APIs do."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.answer(b"")

    def do_POST(self) -> None:
        self.answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def answer(self, body: bytes) -> None:
        self.server.emulator.seen.append(f"{self.path} {dict(self.headers)} {body.decode(errors='replace')}")
        if self.path.startswith("/0/private/"):  # Kraken: HTTP 200 with an error list
            status, reply = 200, {"error": [f"EAPI:Invalid key {self.headers.get('API-Key')}"]}
        elif self.path == "/token":  # Google's token endpoint: name the key the assertion was signed with
            assertion = parse_qs(body.decode()).get("assertion", [""])[0]
            header = json.loads(base64.urlsafe_b64decode(assertion.split(".")[0] + "==")) if assertion else {}
            status, reply = (
                400,
                {"error": "invalid_grant", "error_description": f"Invalid JWT: key {header.get('kid')}"},
            )
        elif self.path.startswith("/calendar/"):
            status, reply = 404, {"error": f"no calendar at {unquote(self.path)}"}
        else:  # Indexa
            status, reply = 401, {"message": f"Invalid credentials: token {self.headers.get('X-AUTH-TOKEN')}"}
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class LeakyApi(BackgroundServer):
    handler = LeakyHandler

    def __init__(self):
        super().__init__()
        self.seen: list[str] = []


def service_account(key_id: str) -> tuple[str, list[str]]:
    """A service account key JSON with a real (fresh) private key; returns it and the key's base64 lines."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    info = {
        "type": "service_account",
        "project_id": "canary",
        "private_key_id": key_id,
        "private_key": pem,
        "client_email": "vtasks@canary.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    return json.dumps(info), [line for line in pem.splitlines() if "-----" not in line]


def hits(text: str, canaries: dict[str, str], where: str) -> list[str]:
    return [f"{name} in {where}" for name, value in canaries.items() if value in text]


def stored_texts(url: str) -> dict[str, str]:
    """Every file in the emulated Dropbox as text; parquet files decoded, since their pages are compressed."""
    storage = DropboxStorage(refresh_token="reader", app_key="reader", app_secret="reader", api_url=url)
    texts = {}
    for path in storage.list("**"):
        data = storage.read_bytes(path)
        texts[path] = data.decode("latin-1")
        if path.endswith(".parquet"):
            texts[path] += json.dumps(pq.read_table(io.BytesIO(data)).to_pylist(), default=str)
    return texts


def prefect_records(api_url: str) -> dict[str, str]:
    """Every log, artifact, flow run (state, parameters) and task run the Prefect API holds, as JSON text."""
    out = {}
    with httpx.Client(base_url=api_url, timeout=30) as client:
        for kind in ("logs", "artifacts", "flow_runs", "task_runs"):
            pages, offset = [], 0
            while True:
                page = client.post(f"/{kind}/filter", json={"limit": 200, "offset": offset})
                page.raise_for_status()
                pages += page.json()
                offset += 200
                if len(page.json()) < 200:
                    break
            out[kind] = json.dumps(pages)
    return out


def test_no_canary_reaches_any_output(prefect_api, tmp_path):
    key_json, key_lines = service_account(CANARY["GOOGLE_KEY_ID"])
    canaries = {**CANARY, **{f"GOOGLE_PRIVATE_KEY line {i}": line for i, line in enumerate(key_lines)}}
    kraken_secret = base64.b64encode(CANARY["KRAKEN_API_SECRET"].encode()).decode()
    canaries["KRAKEN_API_SECRET"] = kraken_secret
    canaries["COINGECKO_API_KEY"] = DEMO_KEY  # the emulator accepts only its own key; searched all the same
    outputs: dict[str, str] = {}
    with (
        standalone_emulator("tests.emulators.dropbox_api", "--echo-credentials") as dropbox,
        LeakyApi() as leaky,
        CoinGeckoEmulator() as coingecko,
        Receiver(token=CANARY["VTASKS_NOTIFY_URLS"]) as receiver,
    ):
        calendar = f"{leaky.url}/calendar/ical/work%40example.com/private-{CANARY['GCAL_URL_WORK']}/basic.ics"
        env = {
            "VTASKS_DROPBOX_API_URL": dropbox,
            "DROPBOX_REFRESH_TOKEN": CANARY["DROPBOX_REFRESH_TOKEN"],
            "DROPBOX_APP_KEY": "vtasks-app",
            "DROPBOX_APP_SECRET": CANARY["DROPBOX_APP_SECRET"],
            "VTASKS_PROFILE": "demo",
            "VTASKS_NOTIFY_URLS": receiver.url,
            "VTASKS_ARCHIVE__ZIP_PASSWORD": CANARY["VTASKS_ARCHIVE__ZIP_PASSWORD"],
            "PREFECT_API_KEY": CANARY["PREFECT_API_KEY"],
        }
        seeded = vtasks_cli("demo", "--end", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        assert seeded.returncode == 0, seeded.stdout + seeded.stderr
        env.update(
            {
                "GOOGLE_SERVICE_ACCOUNT_JSON": key_json,
                "VTASKS_SHEETS_API_URL": leaky.url,
                "KRAKEN_API_KEY": CANARY["KRAKEN_API_KEY"],
                "KRAKEN_API_SECRET": kraken_secret,
                "VTASKS_CRYPTOS__SOURCE": "live",
                "COINGECKO_API_KEY": DEMO_KEY,
                "VTASKS_CRYPTOS__COINGECKO_URL": coingecko.url,
                "VTASKS_CRYPTOS__KRAKEN_URL": leaky.url,
                "VTASKS_CRYPTOS__HISTORY_DAYS": "30",
                "INDEXA_TOKEN": CANARY["INDEXA_TOKEN"],
                "VTASKS_INDEXA__SOURCE": "live",
                "VTASKS_INDEXA__API_URL": leaky.url,
                "GCAL_URL_WORK": calendar,
                "VTASKS_GCAL__HTTP__RETRIES": "0",
            }
        )
        run = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        outputs["run console"] = run.stdout + run.stderr
        # A refused access token: the root run itself fails, on the answer that names the token.
        refused_env = {**env, "DROPBOX_ACCESS_TOKEN": CANARY["DROPBOX_ACCESS_TOKEN"], "DROPBOX_REFRESH_TOKEN": ""}
        refused = vtasks_cli(
            "run", "--only", "vbooks", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=refused_env
        )
        outputs["refused run console"] = refused.stdout + refused.stderr
        outputs.update({f"dropbox:{p}": text for p, text in stored_texts(dropbox).items()})
        outputs["notifications"] = json.dumps(receiver.messages)
    outputs.update({f"prefect {kind}": text for kind, text in prefect_records(prefect_api).items()})
    if (tmp_path / "data").exists():
        outputs.update(
            {str(p): p.read_bytes().decode("latin-1") for p in (tmp_path / "data").rglob("*") if p.is_file()}
        )

    # The leaky APIs were asked with each credential, so each had the chance to leak it.
    seen = "\n".join(leaky.seen)
    for name in ("KRAKEN_API_KEY", "INDEXA_TOKEN", "GCAL_URL_WORK"):
        assert CANARY[name] in seen, f"{name} was never sent: the test exercised nothing for it\n{run.stdout}"
    assert "/token" in seen, "the service account never asked for a token"
    leaks = [hit for where, text in outputs.items() for hit in hits(text, canaries, where)]
    assert leaks == []

    rows = summary_rows(run.stdout)
    assert {rows[n][1] for n in ("vbooks", "cryptos", "indexa")} == {"Failed"}, run.stdout
    assert refused.returncode == 1 and "Dropbox rejected the credentials" in refused.stdout, (
        refused.stdout + refused.stderr
    )
    assert "Invalid credentials: token ***" in run.stdout and "EAPI:Invalid key ***" in run.stdout, run.stdout
    assert receiver.messages, "a failed run sends a notification, which must be searched too"
