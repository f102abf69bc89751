"""HTML page → main text and metadata, built on trafilatura with repairs around it.

Why not plain ``trafilatura.extract``: it drops embedded posts (tweets live in ``figure``/embed
wrappers it discards, and a later stage needs them as posts), keeps the headline and link-list
furniture in the body, stops at the first chunk of articles split into sibling containers, and
its date comes from htmldate, which may guess from the URL or the text. Here the page is decoded
honouring its declared charset, embedded posts are rescued as plain quotes before extraction,
the extracted tree is rendered block by block (blank line between blocks), furniture blocks are
dropped, split articles are stitched back, and the date is read from metadata only.
Nothing here touches the network.
"""
from __future__ import annotations

import dataclasses
import json
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from crosswire.ingest.decode import InputError, decode


@dataclass
class Page:
    """What one HTML page says: its main text and the metadata it declares."""

    text: str                       # main text, blocks separated by blank lines
    title: str | None = None
    published: str | None = None    # ISO 8601 from the page's metadata only
    author: str | None = None
    site_name: str | None = None
    url: str | None = None          # canonical / og:url, else the url given
    language: str | None = None     # ISO 639-1 as declared by the page


# --- decoding ----------------------------------------------------------------------------------

def decode_html(data: bytes) -> str:
    """Text of an HTML byte string, by the one decoding rule of `crosswire.ingest.decode`; bytes
    it refuses (empty, binary) give their lossy UTF-8 reading rather than stop a WARC or feed."""
    try:
        return decode(data)
    except InputError:
        return data.decode("utf-8", errors="replace")


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """Tree as trafilatura would build it (comments and processing instructions dropped, so
    text after an ``<!-- -->`` inside a paragraph is not lost); a bare fragment is wrapped."""
    if not html.strip():
        return None
    tree = load_html(html)
    return tree if tree is not None else load_html(f"<html><body><div>{html}</div></body></html>")


# --- embedded posts ----------------------------------------------------------------------------

_EMBEDDED_POST = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'twitter-video') or "
    "contains(@class, 'instagram-media') or contains(@class, 'tiktok-embed') or "
    "contains(@class, 'bluesky-embed') or contains(@class, 'mastodon-embed') or "
    "contains(@class, 'fb-xfbml-parse-ignore') or contains(@class, 'threads-embed')]"
)
_CONTAINERS = {"body", "article", "main", "html"}


def _text_lines(element: lxml.html.HtmlElement) -> list[str]:
    """Lines of an element's text, with <br> and block boundaries as line breaks."""
    element = deepcopy(element)
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in element.iter("p", "div", "li"):
        block.tail = "\n" + (block.tail or "")
    text = element.text_content()
    return [line for line in (re.sub(r"\s+", " ", raw).strip() for raw in text.split("\n")) if line]


def _visible_text(element: lxml.html.HtmlElement) -> str:
    """An element's text without scripts and styles, whitespace removed: for comparing."""
    texts = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return re.sub(r"\s+", "", "".join(texts))


def rescue_embedded_posts(tree: lxml.html.HtmlElement) -> None:
    """Replace each embedded post (tweet, Instagram, TikTok… blockquote), with the wrappers that
    hold nothing else, by a bare ``<blockquote>`` of ``<p>`` lines, which extraction keeps; a
    post inside a captioned ``figure``/``aside`` (which extraction drops) goes right after it.
    The attribution line ("— Name (@handle) date") stays the post's last line."""
    for post in tree.xpath(_EMBEDDED_POST):
        lines = _text_lines(post)
        if not lines:
            continue
        outer, own_text = post, _visible_text(post)
        for ancestor in post.iterancestors():
            if ancestor.tag in _CONTAINERS or _visible_text(ancestor) != own_text:
                break
            outer = ancestor
        quote = lxml.html.Element("blockquote")
        for line in lines:
            etree.SubElement(quote, "p").text = line
        dropped_wrapper = None
        for ancestor in outer.iterancestors():
            if ancestor.tag in _CONTAINERS:
                break
            if ancestor.tag in ("figure", "aside"):
                dropped_wrapper = ancestor
        if dropped_wrapper is None:
            quote.tail = outer.tail
            outer.getparent().replace(outer, quote)
        else:
            outer.drop_tree()
            dropped_wrapper.addnext(quote)


# --- rendering the extracted tree ----------------------------------------------------------------

_INLINE_BREAK = "lb"
_NESTED_BLOCKS = {"p", "head", "list", "quote", "table", "code", "item", "row", "div"}


def _inline_text(element: etree._Element) -> tuple[str, int]:
    """(text, characters inside links) of an element, <lb> as newline."""
    parts = [element.text or ""]
    linked = len(element.text or "") if element.tag == "ref" else 0
    for child in element:
        if child.tag == _INLINE_BREAK:
            parts.append("\n")
        elif child.tag in ("list", "table"):
            pass  # rendered as blocks of their own
        else:
            text, child_linked = _inline_text(child)
            if child.tag in _NESTED_BLOCKS:
                text = f" {text} "
            parts.append(text)
            linked += len(text) if element.tag == "ref" else child_linked
        parts.append(child.tail or "")
        if element.tag == "ref":
            linked += len(child.tail or "")
    return "".join(parts), linked


def _clean_block(text: str) -> str:
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class Block:
    """One paragraph-like unit of extracted text, with what furniture checks need."""

    text: str
    kind: str            # p | head | item | quote | row | code | ...
    link_share: float    # share of the block's characters inside links


def _blocks(element: etree._Element) -> list[Block]:
    """Blocks of an extracted body in document order."""
    out: list[Block] = []
    for child in element:
        tag = child.tag
        if tag in ("list", "table", "div", "body", "article", "section"):
            if (child.text or "").strip():
                out.append(_block(child.text, 0, "p"))
            out.extend(_blocks(child))
        elif tag == "row":
            cells = [_inline_text(cell) for cell in child]
            text = " | ".join(_clean_block(t).replace("\n", " ") for t, _ in cells if t.strip())
            out.append(_block(text, sum(n for _, n in cells), "row"))
        elif tag == "quote" and any(sub.tag in _NESTED_BLOCKS for sub in child):
            parts = [_clean_block(child.text or "")]
            for sub in child:
                parts += [_clean_block(_inline_text(sub)[0]), _clean_block(sub.tail or "")]
            out.append(_block("\n".join(p for p in parts if p), 0, "quote"))
        else:
            text, linked = _inline_text(child)
            out.append(_block(text, linked, tag))
            for sub in child:
                if sub.tag in ("list", "table"):
                    out.extend(_blocks(sub))
        if child.tail and child.tail.strip() and element.tag != "row":
            out.append(_block(child.tail, 0, "p"))
    return [b for b in out if b.text]


def _block(text: str, linked: int, kind: str) -> Block:
    return Block(_clean_block(text), kind, min(1.0, linked / max(1, len(text.strip()))))


# --- furniture -----------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_ONLY_FURNITURE = re.compile(  # a bare URL, email address or ISO timestamp
    r"^(?:https?://\S+|www\.\S+|\S+@\S+\.\w+"
    r"|\d{4}-\d\d-\d\d(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?)$")


@dataclass(frozen=True)
class Settings:
    """The knobs of the repairs. Defaults: the best of ``bench/extraction.py``'s grid on the
    whole article-extraction benchmark; the bench reports how such a choice generalises by
    5-fold cross-validation (choose on four fifths, score the held-out fifth)."""

    link_share: float = 0.75        # a block this much inside links is furniture…
    link_block_words: int = 40      # …when it is shorter than this many words
    precise_overlap: float = 0.95   # precision run taken when this share of it is in the default…
    precise_coverage: float = 0.4   # …and it keeps at least this share of the default's shingles


def _shingle_set(text: str) -> set[tuple[str, ...]]:
    """Distinct 4-token shingles (lower-cased) of a block, to compare two runs' coverage."""
    tokens = _WORD.findall(text.lower())
    return {tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3))} if tokens else set()


def _same_words(a: str, b: str) -> bool:
    return _WORD.findall(a.lower()) == _WORD.findall(b.lower())


def _drop_furniture(blocks: list[Block], title: str | None, settings: Settings) -> list[Block]:
    """Drop the headline repeated at the top, link-only blocks (related-article lists, "Read
    more: …" lines) and bare URLs/emails/timestamps."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        words = _WORD.findall(block.text)
        if not words or _ONLY_FURNITURE.match(block.text):
            continue
        if index < 3 and title and not kept and _same_words(block.text, title):
            continue
        if (block.link_share > settings.link_share and block.kind in ("item", "p", "head")
                and len(words) < settings.link_block_words):
            continue
        kept.append(block)
    return kept


def _choose(default: list[Block], precise: list[Block], settings: Settings) -> list[Block]:
    """The precision-oriented run when it is a trimmed version of the default one (it only
    dropped some blocks and kept most of the text), else the default run."""
    default_set = set().union(*(_shingle_set(b.text) for b in default))
    precise_set = set().union(*(_shingle_set(b.text) for b in precise))
    if not precise_set or not default_set:
        return default or precise
    inside = len(precise_set & default_set)
    if (inside >= settings.precise_overlap * len(precise_set)
            and inside >= settings.precise_coverage * len(default_set)):
        return precise
    return default


# --- metadata ------------------------------------------------------------------------------------

_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "article:published", "published_time",
    "datepublished",
    "publishdate", "publish_date", "publish-date", "pubdate", "publication_date", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date",
    "sailthru.date", "parsely-pub-date", "article.published", "citation_publication_date",
    "citation_date", "originalpublicationdate", "og:pubdate", "rnews:datepublished",
    "article_date_original", "cxenseparse:recs:publishtime", "datecreated",
)
_JSONLD_DATE_KEYS = ("datePublished", "dateCreated")


def _json_ld_objects(tree: lxml.html.HtmlElement) -> list[dict]:
    objects: list[dict] = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            objects.append(node)
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(node.get(key), (list, dict)):
                    walk(node[key])

    for script in tree.xpath("//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            walk(json.loads(raw))
        except ValueError:
            try:
                walk(json.loads(re.sub(r"[\x00-\x1f]", " ", raw)))
            except ValueError:
                continue
    return objects


def normalise_date(value: str) -> str | None:
    """ISO 8601 of an explicit date string (with a four-digit year); None for anything relative
    or implausible, so "today", "2 hours ago" or an ingest clock never become a date."""
    value = value.strip()
    if not re.search(r"(?<!\d)(19|20)\d\d(?!\d)", value):
        return None
    if re.fullmatch(r"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])", value):
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    parsed: date | datetime | None = None
    iso = value.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", value) else value
    iso = re.sub(r"Z$", "+00:00", iso)
    try:
        parsed = datetime.fromisoformat(iso)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", iso):
            parsed = parsed.date()
    except ValueError:
        if re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", value):
            return value
        parsed = _parse_written_date(value)
    if parsed is None:
        return None
    latest = datetime.now(timezone.utc).date() + timedelta(days=1)
    day = parsed.date() if isinstance(parsed, datetime) else parsed
    if not date(1990, 1, 1) <= day <= latest:
        return None
    if isinstance(parsed, datetime):
        if parsed.tzinfo is None and parsed.time() == datetime.min.time():
            return day.isoformat()
        return parsed.isoformat()
    return parsed.isoformat()


def _parse_written_date(value: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    return dateparser.parse(value, settings={
        "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first",
        "STRICT_PARSING": True})


def _is_article(obj: dict) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(kind, str) and re.search(r"Article|Posting|Report|Blog", kind)
               for kind in kinds)


def published_date(tree: lxml.html.HtmlElement) -> str | None:
    """Publication date declared in the page's metadata: JSON-LD (article objects first), meta
    tags, ``itemprop=datePublished`` / ``time[pubdate]``, then the first ``time[datetime]`` of
    the ``<article>``. Never guessed from the URL or the text, never the ingest clock."""
    objects = sorted(_json_ld_objects(tree), key=lambda obj: not _is_article(obj))
    for obj in objects:
        for key in _JSONLD_DATE_KEYS:
            value = obj.get(key)
            if isinstance(value, str) and (found := normalise_date(value)):
                return found
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        keys = [meta.get("property"), meta.get("name"), meta.get("http-equiv"),
                *(meta.get("itemprop") or "").split()]
        for key in keys:
            if key and content and key.strip().lower() not in metas:
                metas[key.strip().lower()] = content
    for key in _DATE_KEYS:
        if key in metas and (found := normalise_date(metas[key])):
            return found
    marked = tree.xpath(
        "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' datePublished ')]"
        " | //time[@pubdate] | (//article//time[@datetime])[1]")
    for element in marked:
        value = element.get("datetime") or element.get("content") or element.text_content()
        if value and (found := normalise_date(value)):
            return found
    return None


def declared_language(tree: lxml.html.HtmlElement) -> str | None:
    """ISO 639-1 code the page declares (``<html lang>``, content-language, og:locale, JSON-LD)."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("name") or meta.get("property") or "").lower()
        if key in ("content-language", "language", "og:locale", "dc.language"):
            candidates.append(meta.get("content"))
    candidates += [obj.get("inLanguage") for obj in _json_ld_objects(tree)
                   if isinstance(obj.get("inLanguage"), str)]
    for candidate in candidates:
        if code := _iso639_1(candidate):
            return code
    return None


def _iso639_1(tag: str | None) -> str | None:
    if not tag:
        return None
    primary = re.split(r"[-_,;\s]", tag.strip().lower())[0]
    if len(primary) == 2 and primary.isalpha():
        return primary
    if len(primary) == 3 and primary.isalpha() and primary not in ("und", "mul", "zxx", "mis"):
        from babel import Locale, UnknownLocaleError

        try:
            language = Locale.parse(primary).language
        except (UnknownLocaleError, ValueError):
            return None
        return language if len(language) == 2 else None
    return None


def _site_name(tree: lxml.html.HtmlElement, found: str | None, url: str | None) -> str | None:
    """Site name declared by the page, not one made up from the URL's host."""
    if not found:
        return None
    host = urlsplit(url).hostname if url else None
    if host and found.lower() in (host.lower(), host.lower().removeprefix("www.")):
        declared = tree.xpath("//meta[@property='og:site_name']/@content")
        return declared[0].strip() if declared else None
    return found


# --- extraction ----------------------------------------------------------------------------------

_EXTRACTION_OPTIONS = dict(include_comments=False, include_tables=True, include_links=True,
                           with_metadata=False, deduplicate=False)


def _main_blocks(tree: lxml.html.HtmlElement, url: str | None, **mode) -> list[Block]:
    document = trafilatura.bare_extraction(tree, url=url, **_EXTRACTION_OPTIONS, **mode)
    if document is None or document.body is None:
        return []
    return _blocks(document.body)


def _normalised_text(element: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _common_ancestor(elements: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    paths = [list(reversed(list(e.iterancestors()))) + [e] for e in elements]
    common = None
    for level in zip(*paths):
        if any(node is not level[0] for node in level):
            break
        common = level[0]
    return common


def stitch_split_article(tree: lxml.html.HtmlElement, blocks: list[Block]) -> bool:
    """Move the chunks of an article split over sibling containers of one class (e.g. a body
    interrupted by ad rails) into the chunk extraction picked, so a rerun sees all of it.
    Only chunks that hold at least two long paragraphs not yet extracted count. True if the
    tree changed."""
    extracted = {b.text.replace("\n", " ") for b in blocks}
    matched = [p for p in tree.iter("p") if len(_normalised_text(p)) > 40
               and _normalised_text(p) in extracted]
    if len(matched) < 2:
        return False
    chunk = _common_ancestor(matched)
    for _ in range(3):
        if chunk is None or chunk.tag in _CONTAINERS:
            return False
        css_class = (chunk.get("class") or "").strip()
        if css_class:
            inside_chunk = set(chunk.iterancestors()) | {chunk}
            siblings = [
                other for other in tree.iter(chunk.tag)
                if (other.get("class") or "").strip() == css_class and other not in inside_chunk
                and chunk not in set(other.iterancestors())
                and sum(1 for p in other.iter("p") if len(_normalised_text(p)) >= 100
                        and _normalised_text(p) not in extracted) >= 2]
            if siblings:
                order = {node: i for i, node in enumerate(tree.iter())}
                for other in siblings:
                    children = list(other)
                    if order[other] > order[chunk]:
                        chunk.extend(children)
                    else:
                        for offset, child in enumerate(children):
                            chunk.insert(offset, child)
                    other.getparent().remove(other)
                return True
        chunk = chunk.getparent()
    return False


@dataclass
class ExtractionRuns:
    """A page's metadata and its two extraction runs (default and precision-oriented, over the
    repaired tree), before the trimming that ``Settings`` tunes; the benchmark reuses these."""

    page: Page                      # metadata filled in, text empty
    default: list[Block]
    precise: list[Block]


def extraction_runs(html: str | bytes, url: str | None = None) -> ExtractionRuns:
    """Decode, parse, read metadata, rescue embedded posts, and run extraction twice.
    Gzipped bytes are refused (ValueError): gunzipping is the reader's job."""
    if isinstance(html, bytes) and html[:2] == b"\x1f\x8b":
        raise ValueError("gzipped HTML: gunzip it before extraction")
    text = decode_html(html) if isinstance(html, bytes) else html
    tree = _parse(text)
    if tree is None:
        return ExtractionRuns(Page(text="", url=url), [], [])
    metadata = extract_metadata(deepcopy(tree), default_url=url, extensive=False)
    page_url = metadata.url or url
    if page_url and url and not urlsplit(page_url).scheme:
        page_url = urljoin(url, page_url)
    page = Page(text="", title=metadata.title, published=published_date(tree),
                author=metadata.author, site_name=_site_name(tree, metadata.sitename, page_url),
                url=page_url, language=declared_language(tree))
    rescue_embedded_posts(tree)
    default = _main_blocks(tree, url)
    if stitch_split_article(tree, default):
        default = _main_blocks(tree, url)
    precise = _main_blocks(tree, url, favor_precision=True)
    if not default and not precise:
        default = _blocks(trafilatura.baseline(tree)[0])
    return ExtractionRuns(page, default, precise)


def assemble(runs: ExtractionRuns, settings: Settings = Settings()) -> Page:
    """The page with its main text: the better-trimmed run, furniture dropped, blocks joined
    by blank lines."""
    blocks = _drop_furniture(_choose(runs.default, runs.precise, settings), runs.page.title,
                             settings)
    return dataclasses.replace(runs.page, text="\n\n".join(block.text for block in blocks))


def extract_page(html: str | bytes, url: str | None = None,
                 settings: Settings = Settings()) -> Page:
    """Main text and declared metadata of one HTML page (bytes or text, already gunzipped)."""
    return assemble(extraction_runs(html, url), settings)
