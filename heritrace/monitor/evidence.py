"""Evidence packages: the raw HTTP exchanges of a listing as a WARC file, a full-page screenshot
(Chromium, when installed), the photos, each file's SHA-256 and capture time, in a manifest signed
with the platform's Ed25519 key. Any later change to a file or to the manifest is detected."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from heritrace.db.base import utcnow
from heritrace.diligence.signing import PlatformKey, canonical_json, load_public_pem, public_pem, verify_json
from heritrace.monitor.fetch import USER_AGENT, Fetched

MANIFEST = "manifest.json"
WARC = "responses.warc.gz"
SCREENSHOT = "screenshot.png"
KEY_PEM = "platform-key.pem"
KIND = "heritrace-market-evidence"
CHROMIUM = os.environ.get("HERITRACE_CHROMIUM", "/usr/bin/chromium")
# hop-by-hop framing: the body is stored de-chunked, so the header would misdescribe it
DROPPED_HEADERS = {"transfer-encoding"}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_warc(path: Path, exchanges: Iterable[Fetched]) -> None:
    """One request and one response record per exchange, bodies as received (no content coding)."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for ex in exchanges:
            date = ex.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
            headers = [(k, v) for k, v in ex.headers if k.lower() not in DROPPED_HEADERS]
            status = StatusAndHeaders(f"{ex.status} {ex.reason}".strip(), headers, protocol=_protocol(ex))
            response = writer.create_warc_record(
                ex.url, "response", payload=io.BytesIO(ex.body), http_headers=status,
                warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
            writer.write_record(response)
            request_line = StatusAndHeaders(
                f"GET {_path_of(ex.url)}", ex.request_headers, protocol=_protocol(ex), is_http_request=True
            )
            request = writer.create_warc_record(
                ex.url, "request", payload=io.BytesIO(b""), http_headers=request_line,
                warc_headers_dict={"WARC-Date": date,
                                   "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
            )  # fmt: skip
            writer.write_record(request)


def read_warc(path: Path) -> list[tuple[str, int, bytes]]:
    """(URL, status, body) of each response record: a seized page shown later as it was."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                status = int(record.http_headers.get_statuscode())
                out.append(
                    (record.rec_headers.get_header("WARC-Target-URI"), status, record.content_stream().read())
                )
    return out


def _protocol(ex: Fetched) -> str:
    return ex.http_version if ex.http_version.startswith("HTTP/") else "HTTP/1.1"


def _path_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class Screenshotter:
    """Full-page screenshots with Chromium through Playwright, one browser for a whole crawl.
    ``reason`` says why none can be taken (Chromium or Playwright absent, or switched off).

    Playwright's synchronous API refuses a thread that runs an asyncio loop and its objects belong to
    the thread that made them, so every call goes to one thread of the screenshotter's own."""

    def __init__(self, enabled: bool | None = None, executable: str = CHROMIUM):
        if enabled is None:  # the worker's crawls: HERITRACE_MONITOR_SCREENSHOTS=0 switches them off
            enabled = os.environ.get("HERITRACE_MONITOR_SCREENSHOTS", "1").lower() not in ("0", "false", "no")
        self.executable = executable
        self.reason: str | None = None if enabled else "screenshots switched off (--no-screenshots)"
        self._pw = None
        self._browser = None
        self._thread: ThreadPoolExecutor | None = None

    def available(self) -> bool:
        if self.reason is None and not (os.path.exists(self.executable) or shutil.which("chromium")):
            self.reason = f"Chromium not installed at {self.executable}"
        if self.reason is None:
            try:
                import playwright.sync_api  # noqa: F401
            except ImportError:
                self.reason = "Playwright not installed (pip install playwright)"
        return self.reason is None

    def take(self, url: str, path: Path) -> bool:
        if not self.available():
            return False
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screenshots")
        return self._thread.submit(self._take, url, path).result()

    def _take(self, url: str, path: Path) -> bool:
        try:
            browser = self._open()
            context = browser.new_context(user_agent=USER_AGENT, viewport={"width": 1280, "height": 900})
            try:
                page = context.new_page()
                page.goto(url, wait_until="load", timeout=30_000)
                page.screenshot(path=str(path), full_page=True)
            finally:
                context.close()
            return True
        except Exception as exc:  # noqa: BLE001 - a page that does not render must not stop the crawl
            self.reason = f"screenshot failed: {str(exc).splitlines()[0][:200]}"
            return False

    def _open(self):  # noqa: ANN202
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._pw = sync_playwright().start()
            executable = self.executable if os.path.exists(self.executable) else shutil.which("chromium")
            self._browser = self._pw.chromium.launch(
                executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
        return self._browser

    def close(self) -> None:
        if self._thread is not None:
            self._thread.submit(self._close).result()
            self._thread.shutdown()
            self._thread = None

    def _close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._pw is not None:
            self._pw.stop()
        self._browser = self._pw = None


@dataclass
class PhotoFile:
    url: str
    sha256: str
    data: bytes
    extension: str


def seal(
    folder: Path,
    key: PlatformKey,
    facts: dict,
    exchanges: list[Fetched],
    photos: list[PhotoFile],
    screenshot: Screenshotter,
    captured_at: datetime,
    records: dict[str, bytes] | None = None,
) -> dict:
    """Write the package into ``folder`` and return the signed manifest document. Without
    ``exchanges`` (a listing archived before it hit: its responses were not kept) there is no WARC;
    ``records`` are further files (name -> bytes), listed and sealed like the others."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    if exchanges:
        write_warc(folder / WARC, exchanges)
        files.append(_entry(folder, WARC, exchanges[0].fetched_at))
    for name, data in (records or {}).items():
        (folder / name).write_bytes(data)
        files.append(_entry(folder, name, captured_at))
    shot_at = utcnow()
    if screenshot.take(facts["listing_url"], folder / SCREENSHOT):
        files.append(_entry(folder, SCREENSHOT, shot_at))
    (folder / "photos").mkdir(exist_ok=True)
    for photo in photos:
        name = f"photos/{photo.sha256}{photo.extension}"
        (folder / name).write_bytes(photo.data)
        files.append({**_entry(folder, name, captured_at), "url": photo.url})
    manifest = {
        "kind": KIND,
        **facts,
        "captured_at": captured_at.isoformat(timespec="seconds") + "Z",
        "files": files,
        "screenshot_missing": None if (folder / SCREENSHOT).exists() else screenshot.reason,
    }
    document = key.sign_certificate(manifest)
    (folder / MANIFEST).write_bytes(json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8"))
    (folder / KEY_PEM).write_text(public_pem(key.public), encoding="ascii")
    return document


def _entry(folder: Path, name: str, at: datetime) -> dict:
    path = folder / name
    return {
        "name": name,
        "sha256": sha256_file(path),
        "bytes": path.stat().st_size,
        "captured_at": at.isoformat(timespec="seconds") + "Z",
    }


@dataclass
class PackageCheck:
    valid: bool
    problems: list[str]
    manifest: dict | None = None


def verify_package(folder: Path, keys: dict[str, Ed25519PublicKey] | None = None) -> PackageCheck:
    """Check the manifest's signature (with ``keys``, or the key shipped in the package) and every
    file's SHA-256; a problem per altered, missing or unlisted file."""
    path = folder / MANIFEST
    if not path.is_file():
        return PackageCheck(False, ["no manifest.json"])
    data = path.read_bytes()
    if keys is None:
        try:
            public = load_public_pem((folder / KEY_PEM).read_bytes())
        except (OSError, ValueError):
            return PackageCheck(False, ["no readable platform-key.pem: pass the platform's public key"])
        from heritrace.diligence.signing import key_id_of

        keys = {key_id_of(public): public}
    check = verify_json(data, keys)
    if not check.valid or check.certificate is None:
        return PackageCheck(False, [f"manifest signature: {check.message}"])
    manifest = check.certificate
    problems = []
    listed = {f["name"] for f in manifest.get("files", [])}
    for entry in manifest.get("files", []):
        file = folder / entry["name"]
        if not file.is_file():
            problems.append(f"{entry['name']}: missing")
        elif sha256_file(file) != entry["sha256"]:
            problems.append(f"{entry['name']}: altered (SHA-256 differs from the sealed manifest)")
    for file in folder.rglob("*"):
        name = file.relative_to(folder).as_posix()
        if file.is_file() and name not in listed and name not in (MANIFEST, KEY_PEM):
            problems.append(f"{name}: not in the sealed manifest")
    return PackageCheck(not problems, problems, manifest)


def manifest_digest(document: dict) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()
