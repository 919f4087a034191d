"""What a page says about the object on sale, read with maintained parsers: ``extruct`` for the
structured data sellers publish (schema.org Product/Offer in JSON-LD or microdata, then OpenGraph),
``parsel`` for the CSS/XPath selectors of a source that publishes none."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

import extruct
from parsel import Selector as Page

from heritrace.monitor.schemas import Selector, Selectors

MAX_PHOTOS = 8
LAZY_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-srcset", "srcset", "src")


@dataclass
class ListingData:
    """A listing as read from its page; ``found_by`` says which reading gave it."""

    url: str
    title: str | None = None
    description: str | None = None
    price: str | None = None
    currency: str | None = None
    seller: str | None = None
    images: list[str] = field(default_factory=list)
    found_by: str = ""

    @property
    def useful(self) -> bool:
        return bool(self.title or self.description)


def parse(html: str, url: str) -> Page:
    return Page(text=html, base_url=url)


def extract_listing(page: Page, url: str, selectors: Selectors, expect_listing: bool) -> ListingData | None:
    """The listing a page shows, or None when it shows none. Field selectors win over structured
    data, which wins over OpenGraph; images missing from all of them are read from lazy ``img``s."""
    data = _structured(page, url)
    if selectors.fields and (expect_listing or data is None):
        data = _by_selectors(page, url, selectors, data)
    if data is None or not data.useful:
        return None
    if not data.images:
        data.images = _lazy_images(page.css("main img, article img, img"), url)
    data.images = list(dict.fromkeys(data.images))[:MAX_PHOTOS]
    return data


def links(page: Page, url: str, selectors: Selectors) -> tuple[list[str], list[str]]:
    """(listing links, other links to follow). With a ``listing_links`` selector only those and the
    ``next_page`` links are followed; without, every link (pages are then judged by their data)."""
    if selectors.listing_links is not None:
        listings = _values(page, selectors.listing_links, "href")
        more = _values(page, selectors.next_page, "href") if selectors.next_page else []
        return _absolute(listings, url), _absolute(more, url)
    found = page.css("a::attr(href), link[rel=next]::attr(href)").getall()
    if selectors.next_page is not None:
        found += _values(page, selectors.next_page, "href")
    return [], _absolute(found, url)


def _absolute(hrefs: list[str], base: str) -> list[str]:
    out = []
    for href in hrefs:
        href = href.strip()
        if href and not href.startswith(("mailto:", "javascript:", "tel:", "#")):
            out.append(urldefrag(urljoin(base, href))[0])
    return list(dict.fromkeys(out))


def _values(page: Page, sel: Selector | None, default_attr: str | None = None) -> list[str]:
    if sel is None:
        return []
    nodes = page.css(sel.css) if sel.css else page.xpath(sel.xpath or "")
    attr = sel.attr or default_attr
    values = []
    for node in nodes:
        if sel.xpath and isinstance(node.root, str):  # an XPath that selects text or an attribute
            values.append(node.root)
        elif attr and node.attrib.get(attr) is not None:
            values.append(node.attrib[attr])
        elif not attr:
            values.append(" ".join(t.strip() for t in node.css("*::text").getall() if t.strip()))
    return [v for v in values if v]


def _by_selectors(page: Page, url: str, selectors: Selectors, base: ListingData | None) -> ListingData:
    data = base or ListingData(url, found_by="selectors")
    for name, sel in selectors.fields.items():
        if name == "images":
            nodes = page.css(sel.css) if sel.css else page.xpath(sel.xpath or "")
            data.images = _absolute(_values(page, sel), url) if sel.attr else _lazy_images(nodes, url)
            continue
        values = _values(page, sel)
        if values:
            setattr(data, name, " ".join(values)[:20_000])
    data.found_by = "selectors" if base is None else base.found_by + "+selectors"
    return data


def _lazy_images(nodes, base: str) -> list[str]:  # noqa: ANN001 - parsel SelectorList
    """Photo addresses of ``img`` elements, lazy-loading attributes first, the largest of a srcset."""
    urls = []
    for node in nodes:
        for attr in LAZY_ATTRIBUTES:
            value = (node.attrib.get(attr) or "").strip()
            if not value or value.startswith("data:"):
                continue
            urls.append(_largest(value) if "srcset" in attr else value)
            break
    return _absolute(urls, base)


def _largest(srcset: str) -> str:
    best, best_size = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts:
            continue
        size = 1.0
        if len(parts) > 1 and parts[1][:-1].replace(".", "", 1).isdigit():
            size = float(parts[1][:-1])
        if size > best_size:
            best, best_size = parts[0], size
    return best


def _structured(page: Page, url: str) -> ListingData | None:
    try:
        meta = extruct.extract(
            page.get(), base_url=url, syntaxes=["json-ld", "microdata", "opengraph"], uniform=True
        )
    except Exception:  # noqa: BLE001 - a malformed block of one page must not stop the crawl
        return None
    for syntax in ("json-ld", "microdata"):
        for item in _items(meta.get(syntax, [])):
            if _is(item, "Product") or _is(item, "IndividualProduct"):
                return _from_product(item, url, syntax)
    for og in meta.get("opengraph", []):
        if og.get("og:title") and og.get("og:type", "product").startswith("product"):
            return _from_opengraph(og, url)
    return None


def _items(items: list) -> list[dict]:
    out: list[dict] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            out.extend(_items(item.get("@graph", [])))
    return out


def _is(item: dict, kind: str) -> bool:
    types = item.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1] == kind for t in types)


def _text(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return str(value).strip()[:20_000] if value not in (None, "") else None


def _from_product(item: dict, url: str, syntax: str) -> ListingData:
    offers = item.get("offers") or {}
    offer = offers[0] if isinstance(offers, list) and offers else offers
    offer = offer if isinstance(offer, dict) else {}
    seller = offer.get("seller") or item.get("brand")
    return ListingData(
        url,
        title=_text(item.get("name")),
        description=_text(item.get("description")),
        price=_text(offer.get("price") or offer.get("lowPrice")),
        currency=_text(offer.get("priceCurrency")),
        seller=_text(seller),
        images=_absolute(_image_urls(item.get("image")), url),
        found_by=syntax,
    )


def _image_urls(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _image_urls(value.get("url") or value.get("contentUrl"))
    if isinstance(value, list):
        return [u for v in value for u in _image_urls(v)]
    return []


def _from_opengraph(og: dict, url: str) -> ListingData:
    return ListingData(
        url,
        title=_text(og.get("og:title")),
        description=_text(og.get("og:description")),
        price=_text(og.get("product:price:amount") or og.get("og:price:amount")),
        currency=_text(og.get("product:price:currency") or og.get("og:price:currency")),
        seller=_text(og.get("og:site_name")),
        images=_absolute(_image_urls(og.get("og:image")), url),
        found_by="opengraph",
    )
