"""The story report (terminal, Markdown, self-contained HTML): content, escaping of hostile source text,
no external resource (parsed, and in a real headless Chromium that records every request), the CLI."""
from __future__ import annotations

import base64
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from crosswire.reconcile import report
from story_views import IMG, JS_URL, SCRIPT, hostile_view, kazakhstan_view

ARTEFACTS = ROOT / "tests" / "artefacts"


# ------------------------------------------------------------------------------------------------
# HTML structure, parsed

class Page(HTMLParser):
    """Every tag with its attributes, and the text, of an HTML document."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.tags if t == tag]


URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href",
             "ping", "manifest", "codebase", "cite", "longdesc", "usemap", "icon"}


def assert_self_contained(text: str) -> Page:
    page = Page(text)
    tags = {t for t, _ in page.tags}
    assert not tags & {"script", "link", "iframe", "object", "embed", "img", "base", "form", "frame", "audio",
                       "video", "source", "track", "image", "use", "foreignobject", "noscript"}, tags
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)       # no event handler attribute at all
            if name in URL_ATTRS and name != "cite":
                assert (value or "").startswith("#"), (tag, name, value)  # only in-page anchors
            if name == "style":
                assert "url(" not in value.lower(), (tag, value)
    for style in _styles(text):
        assert "url(" not in style.lower() and "@import" not in style.lower() and "@font-face" not in style.lower()
    csp = [a for a in page.all("meta") if (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert csp and csp[0]["content"] == report.CSP
    assert "default-src 'none'" in csp[0]["content"]
    return page


def _styles(text: str) -> list[str]:
    return re.findall(r"<style[^>]*>(.*?)</style>", text, flags=re.S | re.I)


def test_terminal_report_has_every_part():
    out = report.terminal(kazakhstan_view())
    assert out.startswith("Violent protests in Kazakhstan")
    assert "5 articles" in out and "ar, bn, el, en, hi" in out and "2022-01-05 … 2022-01-07" in out
    lines = out.splitlines()
    deployed = next(line for line in lines if line.strip().startswith("deployed / soldiers"))
    assert "CONFLICT" in deployed
    assert any("at least 8" in line for line in lines)
    assert any("more than 2,000" in line for line in lines) and any("about 20" in line for line in lines)
    assert any("dozens" in line for line in lines)
    assert "(hedged)" in out and "Hillel Neuer" in out and "according to τα επίσημα στοιχεία" in out
    assert "DISPUTED: 2022-01-01 (hi) vs 2022-01-02 (bn)" in out
    assert "2022-08-05" in out and "210 days after" in out
    assert "c7e41439ee0b4ba1" in out                               # the articles list, as before
    assert max(len(line) for line in lines) < 260                  # long sentences are shortened
    assert "ثمانية" in out                                         # right-to-left text as is


def test_terminal_marks_only_conflicts():
    view = kazakhstan_view()
    out = report.terminal(view)
    assert out.count("CONFLICT") == 1
    view["facts"][0]["status"] = "agree"
    assert "CONFLICT" not in report.terminal(view)


def test_figures_read_as_said():
    assert report.figure(8, "at_least") == "at least 8"
    assert report.figure(2000, "more_than") == "more than 2,000"
    assert report.figure(20.0, "about") == "about 20"
    assert report.figure(None, "dozens") == "dozens"
    assert report.figure(2.5, "up_to") == "up to 2.5"
    assert report.figure(None, "exact") == "unresolved"
    assert report.shorten("word " * 100, 40).endswith("…") and len(report.shorten("word " * 100, 40)) <= 41


def test_markdown_report():
    out = report.markdown(kazakhstan_view())
    assert out.startswith("# Violent protests in Kazakhstan")
    assert "**⚠ CONFLICT**" in out and out.count("CONFLICT") >= 2
    assert "at least 8" in out and "more than 2,000" in out and "about 20" in out
    assert "## Timeline" in out and "**2022-01-01 vs 2022-01-02**" in out
    assert "## Date anomalies" in out and "2022-08-05" in out
    assert "## Sources × figures" in out
    # every table row has the same number of cells as its header
    tables: list[list[str]] = []
    for line in out.splitlines():
        if line.startswith("|"):
            if not tables or tables[-1] is None:
                tables.append([])
            tables[-1].append(line)
        elif tables and tables[-1] is not None:
            tables.append(None)
    for table in filter(None, tables):
        cells = {len(_md_cells(row)) for row in table}
        assert len(cells) == 1, table


def _md_cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_escapes_hostile_text():
    out = report.markdown(hostile_view())
    assert "<script" not in out and "<img" not in out and "<svg" not in out
    assert "&lt;script&gt;alert\\(1\\)" in out or "&lt;script&gt;alert(1)" in out
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in out or "&lt;img src=x onerror=alert(1)&gt;" in out
    assert not re.search(r"(?<!\\)\]\(", out) and "\\[link\\](javascript:" in out   # no link syntax survives
    # a pipe or a newline in source text never breaks a table row
    for line in out.splitlines():
        if line.startswith("| ") and "troops" in line and "2500" in line:
            assert "\\|" in line
    header = next(line for line in out.splitlines() if line.startswith("# "))
    assert "\\|" in header and "newline" in header                  # the title stays on its line


def test_html_report_has_every_part():
    out = report.html(kazakhstan_view())
    page = assert_self_contained(out)
    assert out.startswith("<!DOCTYPE html>")
    assert page.all("table") and page.all("svg")
    rows = [a for a in page.all("tr") if a.get("class") == "conflict"]
    assert len(rows) == 1 and rows[0]["data-status"] == "conflict"
    text = " ".join(page.text)
    assert "⚠ CONFLICT" in text and "at least 8" in text and "more than 2,000" in text and "about 20" in text
    assert "(hedged)" in text and "2022-01-01 vs 2022-01-02" in text and "210 days after" in text
    # the source × fact matrix: a row per source, conflicting cells marked
    conflicting = [a for a in page.all("td") if "conflicting" in (a.get("class") or "")]
    assert len(conflicting) == 2
    # the timeline: one mark per dated entry, disputed dates linked, the anomaly in its own shape
    svg = out[out.index("<svg"):out.index("</svg>")]
    assert svg.count('class="entry"') == 6 and svg.count('class="disputed-link"') == 1
    assert svg.count('class="anomaly"') == 1 and "A1 2022-08-05" in svg
    # text from sources keeps its own direction; the font stack covers the scripts
    assert sum(1 for _, a in page.tags if a.get("dir") == "auto") > 20
    for family in ("Noto Sans Bengali", "Noto Sans Devanagari", "Noto Sans Arabic"):
        assert family in out


def test_html_escapes_hostile_text():
    out = report.html(hostile_view())
    page = assert_self_contained(out)
    assert "<script" not in out.lower() and "<img" not in out.lower() and "<svg onload" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&quot;&gt;&lt;svg onload=alert(3)&gt;" in out
    text = "".join(page.text)
    assert SCRIPT in text and IMG in text                           # shown as text, as written
    assert not [a for _, a in page.tags if any("javascript:" in (v or "") for k, v in a.items() if k != "title")]
    assert JS_URL in text                                           # the URL is text, never a link
    assert not page.all("a")


def test_html_of_an_empty_view():
    view = {"id": "abc", "title": None, "articles": [], "languages": [], "first_published": None,
            "last_published": None, "entities": []}
    for render in (report.terminal, report.markdown, report.html):
        assert render(view)
    assert_self_contained(report.html(view))


# ------------------------------------------------------------------------------------------------
# a real headless Chromium, driven over the DevTools protocol on a pipe: every request it makes is seen

def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if path := shutil.which(name):
            return path
    return None


needs_chromium = pytest.mark.skipif(chromium() is None, reason="no chromium (./setup.sh installs it with apt)")


class Chromium:
    """Headless Chromium over --remote-debugging-pipe: commands on fd 3, replies and events on fd 4."""

    def __init__(self, profile: Path):
        cmd_read, self._cmd = os.pipe()
        self._reply, reply_write = os.pipe()

        def pipes():
            os.dup2(cmd_read, 3)
            os.dup2(reply_write, 4)

        self.proc = subprocess.Popen(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=pipes, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_read)
        os.close(reply_write)
        self.messages: queue.Queue = queue.Queue()
        self.events: list[dict] = []
        self._id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while chunk := os.read(self._reply, 1 << 16):
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self.messages.put(json.loads(message))
        self.messages.put(None)

    def _next(self, deadline: float) -> dict:
        message = self.messages.get(timeout=max(0.1, deadline - time.monotonic()))
        if message is None:
            raise RuntimeError("chromium closed its pipe")
        if "method" in message:
            self.events.append(message)
        return message

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._next(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event["method"] == method and event.get("sessionId") == session:
                return event
        while True:
            event = self._next(deadline)
            if event.get("method") == method and event.get("sessionId") == session:
                return event

    def open(self, url: str) -> dict:
        """Load a page; its DOM after rendering, a full-page PNG, every URL requested, console/CSP reports."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Network", "Page", "Log", "Runtime"):
            self.call(f"{domain}.enable", session=session)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
        self.call("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired", session)
        time.sleep(0.5)   # anything a late resource would still start
        dom = self.call("Runtime.evaluate", {"expression": "document.documentElement.outerHTML",
                                             "returnByValue": True}, session)["result"]["value"]
        size = self.call("Page.getLayoutMetrics", session=session)["cssContentSize"]
        png = self.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000), "scale": 1}},
            session)["data"]
        mine = [e for e in self.events if e.get("sessionId") == session]
        return {
            "dom": dom,
            "png": base64.b64decode(png),
            "requests": [e["params"]["request"]["url"] for e in mine if e["method"] == "Network.requestWillBeSent"],
            "log": [e["params"]["entry"] for e in mine if e["method"] == "Log.entryAdded"],
            "console": [e["params"] for e in mine if e["method"] == "Runtime.consoleAPICalled"],
            "exceptions": [e["params"] for e in mine if e["method"] == "Runtime.exceptionThrown"],
        }

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except (RuntimeError, queue.Empty, OSError):
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._cmd)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    handle = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield handle
    handle.close()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@needs_chromium
def test_chromium_sees_a_request_when_there_is_one(browser, tmp_path):
    """The harness itself: a page that does load something off-page is caught."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/pixel.png"></body></html>')
    seen = browser.open(leaky.as_uri())
    assert any(url.startswith("http://127.0.0.1:9/") for url in seen["requests"])


def _render(browser, html_text: str, name: str, tmp_path: Path) -> dict:
    page = tmp_path / f"{name}.html"
    page.write_text(html_text, encoding="utf-8")
    seen = browser.open(page.as_uri())
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / f"{name}.png").write_bytes(seen["png"])
    (ARTEFACTS / f"{name}.html").write_text(html_text, encoding="utf-8")
    # nothing but the page itself was requested; nothing was refused by the policy; no script ran
    assert seen["requests"] == [page.as_uri()], seen["requests"]
    assert not [e for e in seen["log"] if e.get("level") == "error"], seen["log"]
    assert not seen["console"] and not seen["exceptions"]
    width, height = _png_size(seen["png"])
    assert width >= 1000 and height > 1500 and len(seen["png"]) > 50_000   # a real page, not a blank one
    return seen


@needs_chromium
def test_html_report_renders_in_chromium(browser, tmp_path):
    seen = _render(browser, report.html(kazakhstan_view()), "story-report-fixture", tmp_path)
    dom = Page(seen["dom"])
    assert [a for a in dom.all("table") if a.get("class") == "facts"]
    assert [a for a in dom.all("table") if a.get("class") == "matrix"]
    assert [a for a in dom.all("svg") if a.get("class") == "timeline"]
    assert "⚠ CONFLICT" in "".join(dom.text)


@needs_chromium
def test_hostile_html_report_runs_nothing_in_chromium(browser, tmp_path):
    seen = _render(browser, report.html(hostile_view()), "story-report-hostile", tmp_path)
    dom = Page(seen["dom"])
    assert not dom.all("script") and not dom.all("img") and not dom.all("a")
    assert SCRIPT in "".join(dom.text)


# ------------------------------------------------------------------------------------------------
# the CLI on the real seeds

class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def cli(*args, db, cwd=None) -> Result:
    """`crosswire --db DB ARGS` in this process (its models load once); test_cli runs it as a subprocess."""
    from typer.testing import CliRunner

    from crosswire.cli import app

    here = os.getcwd()
    os.chdir(cwd or here)
    try:
        result = CliRunner().invoke(app, ["--db", str(db), *args])
    finally:
        os.chdir(here)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def seed_story(seeded_db):
    stories = json.loads(cli("stories", "--json", db=seeded_db).stdout)
    return max(stories, key=lambda s: len(s["articles"]))


def test_stories_show_a_title_each(seeded_db):
    proc = cli("stories", db=seeded_db)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines and all(line.split("  ")[-1].strip() not in ("", "(untitled)") for line in lines)


def test_story_prints_the_terminal_report(seeded_db, seed_story):
    proc = cli("story", seed_story["id"][:8], db=seeded_db)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for part in ("FIGURES", "TIMELINE", "DATE ANOMALIES", "ARTICLES"):
        assert part in out
    assert "CONFLICT" in out                       # 2,500 vs 3,600 troops
    assert "2022-08-05" in out                     # "5 আগস্ট" in a January story
    as_json = json.loads(cli("story", seed_story["id"], "--json", db=seeded_db).stdout)
    assert {"id", "title", "articles", "languages", "facts", "timeline", "anomalies"} <= set(as_json)
    assert as_json["id"] == seed_story["id"]


@pytest.fixture(scope="module")
def seed_html(seeded_db, seed_story, tmp_path_factory) -> tuple[Result, Path]:
    """`crosswire report ID` with the defaults, run in an empty folder: (result, that folder)."""
    here = tmp_path_factory.mktemp("report")
    return cli("report", seed_story["id"][:8], db=seeded_db, cwd=here), here


def test_report_command_writes_each_format(seeded_db, seed_story, seed_html, tmp_path):
    sid = seed_story["id"]
    proc, here = seed_html
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == f"story-{sid}.html" and [p.name for p in here.iterdir()] == [f"story-{sid}.html"]
    text = (here / f"story-{sid}.html").read_text(encoding="utf-8")
    assert "CONFLICT" in text and "2022-08-05" in text
    assert_self_contained(text)
    out = tmp_path / "named" / "report.md"
    out.parent.mkdir()
    proc = cli("report", sid, "--format", "md", "--output", str(out), db=seeded_db)
    assert proc.returncode == 0 and out.is_file() and proc.stderr.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ") and "**⚠ CONFLICT**" in text and "2022-08-05" in text
    stdout = cli("report", sid, "-f", "md", "-o", "-", db=seeded_db)
    assert stdout.returncode == 0 and stdout.stdout == text


def test_report_usage_errors(seeded_db, seed_story, tmp_path):
    for args in (["report", "ffffffffff"], ["story", "ffffffffff"], ["report", seed_story["id"], "-f", "pdf"],
                 ["report", seed_story["id"], "-o", str(tmp_path / "no-such-dir" / "r.html")]):
        proc = cli(*args, db=seeded_db, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.startswith("error:") and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert not list(tmp_path.glob("story-*"))


@needs_chromium
def test_seed_report_renders_in_chromium(browser, seed_story, seed_html, tmp_path):
    proc, here = seed_html
    assert proc.returncode == 0, proc.stderr
    text = (here / f"story-{seed_story['id']}.html").read_text(encoding="utf-8")
    seen = _render(browser, text, "story-report-seeds", tmp_path)
    dom = Page(seen["dom"])
    assert [a for a in dom.all("table") if a.get("class") == "facts"]
    assert [a for a in dom.all("svg") if a.get("class") == "timeline"]
