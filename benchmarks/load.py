"""Loopback load on a real server: anonymous browsing, a signed-in mix, and a probe beside slow work.

    PYTHONPATH=. python benchmarks/load.py [--objects 2200] [--photos 40] [--clients 30]
        [--seconds 20] [--workers N] [--data-dir DIR]

A demo data directory is built first (``heritrace demo --no-serve``: SQLite, the default store), then
``heritrace serve`` runs in its own process and this process is the client, on the same machine over
127.0.0.1 (the client's CPU is taken from the server's: the figures are for both on one machine).
Three phases, each ``--seconds`` long:

1. anonymous: ``--clients`` clients browse without pause: the register list (first and later pages),
   full-text search (HTML and API), object pages (HTML and API), the search page.
2. signed in: the same number of clients with API tokens: a police investigator reading records
   (law-enforcement ones are audited reads, each a write) and searching, and a registrar of the museum
   that owns the records editing its own records (one record set per client, so edits do not collide).
3. probe: one client asks for an object page once every 50 ms while one client identifies a
   49-megapixel photo again and again and four clients post wrong passwords without pause.

Reported per phase: requests per second, p50/p95/p99 latency, errors (any answer other than the
expected one, and any connection failure), and the machine's load average, since the figures depend on
everything else the machine is doing. Targets (issue 13): anonymous >= 120 req/s, p95 < 300 ms, zero
errors; probe p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

RUN = os.urandom(4).hex()
WORDS = ["icon", "saint", "bronze", "vase", "madonna", "portrait", "coin", "manuscript", "ceramic", "oil"]


@dataclass
class Tally:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    started: float = 0.0
    ended: float = 0.0
    server_cpu_s: float = 0.0  # CPU the server processes used during the phase
    client_cpu_s: float = 0.0  # CPU this (client) process used during the phase

    def add(self, seconds: float, ok: bool, what: str) -> None:
        self.latencies.append(seconds)
        if not ok:
            self.errors[what] = self.errors.get(what, 0) + 1

    def report(self) -> dict:
        lat = sorted(self.latencies)
        span = max(self.ended - self.started, 1e-9)

        def pct(p: float) -> float:
            return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else float("nan")

        return {
            "phase": self.name,
            "requests": len(lat),
            "req_per_s": round(len(lat) / span, 1),
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "mean_ms": round(1000 * statistics.fmean(lat), 1) if lat else float("nan"),
            # CPU per request does not depend on what else the machine runs: 2,000 ms divided by
            # server + client CPU ms per request estimates the rate of an otherwise idle 2-core machine
            "server_cpu_ms_per_req": round(1000 * self.server_cpu_s / max(len(lat), 1), 2),
            "client_cpu_ms_per_req": round(1000 * self.client_cpu_s / max(len(lat), 1), 2),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(sorted(self.errors.items())[:10]),
        }


def tree_cpu_s(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    wanted, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in wanted:
                wanted.add(child)
                frontier.append(child)
    return sum(times.get(p, 0.0) for p in wanted)


def own_cpu_s() -> float:
    usage = os.times()
    return usage.user + usage.system


def free_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def heritrace_bin() -> str:
    return str(Path(sys.executable).with_name("heritrace"))


def build_demo(data_dir: Path, objects: int, photos: int) -> None:
    cmd = [heritrace_bin(), "demo", "--no-serve", "--data-dir", str(data_dir)]
    subprocess.run([*cmd, "--objects", str(objects), "--photos", str(photos)], check=True)


def make_tokens(data_dir: Path) -> dict[str, str]:
    """API tokens for the demo police investigator and museum registrar (created through the service)."""
    from sqlalchemy import select

    from heritrace.accounts.models import User
    from heritrace.accounts.schemas import TokenIn
    from heritrace.accounts.service import actor_of
    from heritrace.core.settings import Settings
    from heritrace.partners.models import Organisation
    from heritrace.platform import Heritrace

    platform = Heritrace(Settings(data_dir=data_dir, mode="demo", database_url=None, jobs="immediate"))
    tokens = {}
    try:
        for username in ("police", "museum"):
            with platform.sessions() as s:
                user = s.scalar(select(User).where(User.username == username))
                actor = actor_of(user, s.get(Organisation, user.organisation_id))
            scopes = ["read", "write", "identify"]
            tokens[username], _ = platform.accounts.create_token(actor, TokenIn(name="load", scopes=scopes))
    finally:
        platform.close()
    return tokens


def large_photo(path: Path, side: int = 7000) -> bytes:
    """A 49-megapixel JPEG (smooth gradients and shapes, a few MB)."""
    if path.exists():
        return path.read_bytes()
    from PIL import Image, ImageDraw

    rng = random.Random(49)
    img = Image.linear_gradient("L").resize((side, side)).convert("RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(400):
        x, y = rng.randrange(side), rng.randrange(side)
        r = rng.randrange(20, 400)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def start_server(data_dir: Path, port: int, workers: int | None) -> subprocess.Popen:
    env = {**os.environ, "HERITRACE_DATA_DIR": str(data_dir), "HERITRACE_MODE": "demo"}
    env.pop("HERITRACE_DATABASE_URL", None)
    cmd = [heritrace_bin(), "serve", "--port", str(port)]
    if workers:  # else heritrace serve's own default: one web process per CPU core
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/objects", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the server did not start within 300 s")


async def timed(
    client: httpx.AsyncClient, tally: Tally, method: str, url: str, expect: int, what: str, **kw
) -> httpx.Response | None:  # noqa: ANN003, E501
    t0 = time.perf_counter()
    try:
        r = await client.request(method, url, **kw)
    except httpx.HTTPError as exc:
        tally.add(time.perf_counter() - t0, False, f"{what}: {type(exc).__name__}")
        return None
    tally.add(time.perf_counter() - t0, r.status_code == expect, f"{what}: {r.status_code}")
    return r


async def anonymous_client(base: str, ids: list[str], tally: Tally, until: float, rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        while time.perf_counter() < until:
            pick = rng.random()
            if pick < 0.25:
                await timed(c, tally, "GET", f"/objects?page={rng.randint(1, 20)}", 200, "list page")
            elif pick < 0.45:
                await timed(c, tally, "GET", f"/objects?q={rng.choice(WORDS)}", 200, "search page")
            elif pick < 0.75:
                await timed(c, tally, "GET", f"/objects/{rng.choice(ids)}", 200, "object page")
            elif pick < 0.85:
                await timed(c, tally, "GET", f"/api/v1/objects?q={rng.choice(WORDS)}", 200, "api search")
            else:
                await timed(c, tally, "GET", f"/api/v1/objects/{rng.choice(ids)}", 200, "api object")


async def signed_in_client(
    base: str, n: int, tokens: dict, ids: dict, tally: Tally, until: float, rng: random.Random
) -> None:
    police = {"Authorization": f"Bearer {tokens['police']}"}
    museum = {"Authorization": f"Bearer {tokens['museum']}"}
    mine = ids["museum"][n::30] or ids["museum"]
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        while time.perf_counter() < until:
            pick = rng.random()
            if pick < 0.35:
                oid = rng.choice(ids["police"])
                await timed(c, tally, "GET", f"/api/v1/objects/{oid}", 200, "police read", headers=police)
            elif pick < 0.55:
                url = f"/api/v1/objects?q={rng.choice(WORDS)}"
                await timed(c, tally, "GET", url, 200, "police search", headers=police)
            elif pick < 0.75:
                await timed(
                    c,
                    tally,
                    "GET",
                    f"/objects/{rng.choice(ids['police'])}",
                    200,
                    "police page",
                    headers=police,
                )  # noqa: E501
            else:
                oid = rng.choice(mine)
                r = await timed(c, tally, "GET", f"/api/v1/objects/{oid}", 200, "museum read", headers=museum)
                if r is None or r.status_code != 200:
                    continue
                body = {
                    "type_of_object": r.json().get("type_of_object") or "icon",
                    "title": f"Edited {rng.random():.6f}",
                    "country": r.json().get("country") or "UA",
                    "classification": r.json().get("classification") or "public",
                    "version": r.json()["version"],
                }
                await timed(
                    c, tally, "PUT", f"/api/v1/objects/{oid}", 200, "museum edit", headers=museum, json=body
                )


async def probe_client(base: str, ids: list[str], tally: Tally, until: float, rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        while time.perf_counter() < until:
            await timed(c, tally, "GET", f"/objects/{rng.choice(ids)}", 200, "probe")
            await asyncio.sleep(0.05)


async def identify_client(base: str, token: str, photo: bytes, tally: Tally, until: float) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as c:
        while time.perf_counter() < until:
            files = {"photo": ("large.jpg", photo, "image/jpeg")}
            headers = {"Authorization": f"Bearer {token}"}
            await timed(c, tally, "POST", "/api/v1/identify", 200, "identify", files=files, headers=headers)


async def sign_in_flood(base: str, tally: Tally, until: float, rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        page = await c.get("/sign-in")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        while time.perf_counter() < until:
            # unknown names, new in each run (a data directory is reused): every attempt is hashed, and
            # no name locks (which would stop hashing)
            name = f"nobody-{RUN}-{rng.randrange(10**9)}"
            data = {"csrf_token": token, "username": name, "password": "wrong"}
            await timed(c, tally, "POST", "/sign-in", 401, "wrong password", data=data)


async def collect_ids(base: str, tokens: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        for who, headers in (
            ("anonymous", {}),
            ("police", {"Authorization": f"Bearer {tokens['police']}"}),
            ("museum", {"Authorization": f"Bearer {tokens['museum']}"}),
        ):
            ids: list[str] = []
            for page in range(1, 6):
                r = await c.get(f"/api/v1/objects?page={page}&per_page=200", headers=headers)
                r.raise_for_status()
                items = r.json()["items"]
                ids += [i["id"] for i in items]
                if len(items) < 200:
                    break
            out[who] = ids
    return out


SERVER_PID = 0


async def run_phase(name: str, seconds: float, make_jobs) -> Tally:  # noqa: ANN001
    tally = Tally(name)
    until = time.perf_counter() + seconds
    server0, client0 = tree_cpu_s(SERVER_PID), own_cpu_s()
    tally.started = time.perf_counter()
    await asyncio.gather(*make_jobs(tally, until))
    tally.ended = time.perf_counter()
    tally.server_cpu_s = tree_cpu_s(SERVER_PID) - server0
    tally.client_cpu_s = own_cpu_s() - client0
    return tally


async def main_async(args: argparse.Namespace, base: str, tokens: dict, photo: bytes) -> list[dict]:
    rng = random.Random(13)
    ids = await collect_ids(base, tokens)
    results = []
    anon = await run_phase(
        "anonymous",
        args.seconds,
        lambda t, u: [
            anonymous_client(base, ids["anonymous"], t, u, random.Random(i)) for i in range(args.clients)
        ],
    )
    results.append({**anon.report(), "load_avg": os.getloadavg()[0]})
    signed = await run_phase(
        "signed in",
        args.seconds,
        lambda t, u: [
            signed_in_client(base, i, tokens, ids, t, u, random.Random(100 + i)) for i in range(args.clients)
        ],
    )
    results.append({**signed.report(), "load_avg": os.getloadavg()[0]})
    side = Tally("identify (49 MP)")
    flood = Tally("sign-in flood")

    def probe_jobs(t: Tally, until: float) -> list:
        return [
            probe_client(base, ids["anonymous"], t, until, rng),
            identify_client(base, tokens["police"], photo, side, until),
            *[sign_in_flood(base, flood, until, random.Random(200 + i)) for i in range(4)],
        ]

    probe = await run_phase("probe", args.seconds, probe_jobs)
    side.started = flood.started = probe.started
    side.ended = flood.ended = probe.ended
    results += [{**x.report(), "load_avg": os.getloadavg()[0]} for x in (probe, side, flood)]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, default=2200)
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server processes (heritrace serve --workers; default: as heritrace serve, one per CPU core)",
    )
    parser.add_argument("--data-dir", type=Path, help="reuse (or build once into) this demo data directory")
    args = parser.parse_args()
    tmp = None
    data_dir = args.data_dir
    if data_dir is None:
        tmp = tempfile.mkdtemp(prefix="heritrace-load-")
        data_dir = Path(tmp) / "data"
    if not (data_dir / "heritrace.db").exists():
        build_demo(data_dir, args.objects, args.photos)
    tokens = make_tokens(data_dir)
    photo = large_photo(data_dir.parent / f"{data_dir.name}-large-photo.jpg")
    port = free_port()
    print(f"cpus: {os.cpu_count()}, load average before: {os.getloadavg()}", flush=True)
    server = start_server(data_dir, port, args.workers)
    global SERVER_PID  # noqa: PLW0603
    SERVER_PID = server.pid
    try:
        results = asyncio.run(main_async(args, f"http://127.0.0.1:{port}", tokens, photo))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    for row in results:
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
