"""Marketplaces served on 127.0.0.1 for the monitor's tests and benchmarks (never the internet).

Three structures: ``jsonld`` (schema.org Product JSON-LD), ``microdata`` (schema.org microdata plus
OpenGraph) and ``plain`` (no structured data: a source needs selectors; photos lazy-loaded through
``data-src`` and ``srcset``). Each has paginated index pages, a robots.txt forbidding ``/private/``
(an index links into it all the same) and can answer 429 with Retry-After on chosen paths."""

from __future__ import annotations

import html
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass
class Item:
    slug: str
    title: str
    description: str
    price: str = "1200"
    currency: str = "EUR"
    seller: str = "Antiques of the Valley"
    photos: list[bytes] = field(default_factory=list)


@dataclass
class Request:
    path: str
    at: float
    user_agent: str
    status: int


class Marketplace:
    def __init__(
        self,
        kind: str,
        items: list[Item],
        per_page: int = 3,
        robots: str = ROBOTS,
        throttle: dict | None = None,
    ):
        assert kind in ("jsonld", "microdata", "plain")
        self.kind = kind
        self.items = {i.slug: i for i in items}
        self.per_page = per_page
        self.robots = robots
        self.throttle = dict(throttle or {})  # path -> number of 429 answers still to give
        self.retry_after = "1"
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- serving -------------------------------------------------------------------------------

    def start(self) -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes: with Nagle's algorithm the body waits for the
            # client's delayed ACK of the headers (40 ms on Linux loopback), as no real web server lets it
            disable_nagle_algorithm = True

            def do_GET(self) -> None:  # noqa: N802
                status, ctype, body, extra = site.answer(self.path)
                with site._lock:
                    site.requests.append(
                        Request(self.path, time.monotonic(), self.headers.get("User-Agent", ""), status)
                    )
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.base

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    # -- pages ---------------------------------------------------------------------------------

    def answer(self, path: str) -> tuple[int, str, bytes, dict]:
        with self._lock:
            if self.throttle.get(path, 0) > 0:
                self.throttle[path] -= 1
                return 429, "text/plain", b"slow down", {"Retry-After": self.retry_after}
        if path == "/robots.txt":
            return 200, "text/plain", self.robots.encode(), {}
        if path == "/" or path.startswith("/?page="):
            page = int(path.split("=", 1)[1]) if "=" in path else 1
            return 200, "text/html; charset=utf-8", self.index(page).encode(), {}
        if path.startswith(("/item/", "/private/item/")):
            item = self.items.get(path.rsplit("/", 1)[1])
            if item is not None:
                return 200, "text/html; charset=utf-8", self.item_page(item).encode(), {}
        if path.startswith("/img/"):
            slug, _, n = path[5:].rpartition("-")
            item = self.items.get(slug)
            n = n.split(".")[0]
            if item is not None and n.isdigit() and int(n) < len(item.photos):
                return 200, "image/jpeg", item.photos[int(n)], {}
        return 404, "text/plain", b"not found", {}

    def index(self, page: int) -> str:
        slugs = sorted(self.items)
        start = (page - 1) * self.per_page
        shown = slugs[start : start + self.per_page]
        cls = ' class="lot"' if self.kind == "plain" else ""
        links = "".join(
            f'<li><a{cls} href="/item/{s}">{html.escape(self.items[s].title)}</a></li>' for s in shown
        )
        nav = ""
        if start + self.per_page < len(slugs):
            rel = ' class="next"' if self.kind == "plain" else ' rel="next"'
            nav = f'<a{rel} href="/?page={page + 1}">next</a>'
        private = '<a href="/private/item/secret">members only</a>'
        head = "<!doctype html><html><head><title>Shop</title></head>"
        return f"{head}<body><ul>{links}</ul>{nav}{private}</body></html>"

    def photo_urls(self, item: Item) -> list[str]:
        return [f"{self.base}/img/{item.slug}-{n}.jpg" for n in range(len(item.photos))]

    def item_page(self, item: Item) -> str:
        return {"jsonld": self._jsonld, "microdata": self._microdata, "plain": self._plain}[self.kind](item)

    def _jsonld(self, item: Item) -> str:
        data = {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": item.title,
            "description": item.description,
            "image": self.photo_urls(item),
            "offers": {
                "@type": "Offer",
                "price": item.price,
                "priceCurrency": item.currency,
                "seller": {"@type": "Organization", "name": item.seller},
            },
        }
        block = json.dumps(data).replace("</", "<\\/")
        return (
            f"<!doctype html><html><head><title>{html.escape(item.title)}</title>"
            f'<script type="application/ld+json">{block}</script></head>'
            f"<body><h1>{html.escape(item.title)}</h1><p>{html.escape(item.description)}</p></body></html>"
        )

    def _microdata(self, item: Item) -> str:
        e = html.escape
        photos = "".join(f'<img itemprop="image" src="{u}">' for u in self.photo_urls(item))
        return (
            f"<!doctype html><html><head><title>{e(item.title)}</title>"
            f'<meta property="og:title" content="{e(item.title)}"><meta property="og:type" content="product">'
            "</head><body>"
            f'<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">{e(item.title)}</h1>'
            f'<div itemprop="description">{e(item.description)}</div>{photos}'
            f'<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
            f'<span itemprop="price">{e(item.price)}</span>'
            f'<meta itemprop="priceCurrency" content="{e(item.currency)}">'
            '<span itemprop="seller" itemscope itemtype="https://schema.org/Organization">'
            f'<span itemprop="name">{e(item.seller)}</span></span>'
            "</div></div></body></html>"
        )

    def _plain(self, item: Item) -> str:
        e = html.escape
        urls = self.photo_urls(item)
        blank = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
        photos = ""
        for n, u in enumerate(urls):
            if n % 2 == 0:  # lazy-loaded: a placeholder in src, the photo in data-src
                photos += f'<img class="lazy" src="{blank}" data-src="{u}">'
            else:  # responsive: the largest of the srcset
                photos += f'<img class="lazy" src="{blank}" srcset="{u}?w=200 200w, {u} 1200w">'
        return (
            f"<!doctype html><html><head><title>{e(item.title)}</title></head><body>"
            '<header><img src="/static/logo.png" alt="logo"></header>'
            f'<div class="lot"><h2 class="lot-title">{e(item.title)}</h2>'
            f'<div class="lot-desc">{e(item.description)}</div>'
            f'<span class="lot-price">{e(item.price)}</span> <span class="lot-seller">{e(item.seller)}</span>'
            f'<div class="gallery">{photos}</div></div></body></html>'
        )


PLAIN_SELECTORS = {
    "listing_links": {"css": "a.lot", "attr": "href"},
    "next_page": {"xpath": "//a[@class='next']/@href"},
    "fields": {
        "title": {"css": "h2.lot-title"},
        "description": {"xpath": "//div[@class='lot-desc']"},
        "price": {"css": "span.lot-price"},
        "seller": {"css": "span.lot-seller"},
        "images": {"css": "div.gallery img"},
    },
}
