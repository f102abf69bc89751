"""The story report: a story view (``Crosswire.story_view``, the JSON shape) as terminal text,
Markdown or one self-contained HTML file.

Pure functions over the view dict, so the CLI, the REST API and the web UI print the same report.
Everything in a view that came from a source (titles, sentences, outlets, handles, URLs) is
untrusted: Markdown escapes it (no raw HTML, no link syntax, no table breaks) and HTML escapes it
everywhere; the HTML loads nothing (a Content-Security-Policy forbids it even by mistake), links
nowhere off the page, and draws its timeline and source × fact matrix inline.
"""
from __future__ import annotations

import datetime as dt
import html as _html
import math
import re
import unicodedata
from typing import Any, Iterable

QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "more than ", "about": "about ",
                   "up_to": "up to "}
VAGUE = ("dozens", "hundreds", "thousands")
STATUS_ORDER = {"conflict": 0, "evolving": 1, "compatible": 2, "agree": 3, "single": 4}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
FONT_STACK = ('"Noto Sans", "Noto Sans Bengali", "Noto Sans Devanagari", "Noto Sans Arabic", '
              '"Noto Naskh Arabic", "DejaVu Sans", "Segoe UI", "Nirmala UI", Arial, sans-serif')


# ---------------------------------------------------------------------------------------------
# shared helpers (plain data in, plain text out)

def number(value: float | None) -> str:
    """2000 → "2,000"; 2.5 → "2.5"; None → "?"."""
    if value is None:
        return "?"
    if isinstance(value, (int, float)) and math.isfinite(value) and float(value).is_integer():
        return f"{int(value):,}"
    try:
        return f"{float(value):,.2f}".rstrip("0").rstrip(".")
    except (TypeError, ValueError):
        return str(value)


def figure(value: float | None, qualifier: str | None) -> str:
    """A value with its qualifier as a reader says it: "at least 8", "more than 2,000", "dozens"."""
    qualifier = qualifier or "exact"
    if qualifier in VAGUE:
        return qualifier if value is None else f"{qualifier} ({number(value)})"
    if value is None:
        return "unresolved"
    return QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " ") + " ") + number(value)


def status_label(status: str | None) -> str:
    return "CONFLICT" if status == "conflict" else (status or "?")


def one_line(text: Any) -> str:
    """Untrusted text on one line: whitespace (newlines included) collapsed."""
    return " ".join(str(text or "").split())


def shorten(text: Any, size: int = 100) -> str:
    """One line, cut at a word boundary near `size` characters with an ellipsis."""
    text = one_line(text)
    if len(text) <= size:
        return text
    cut = text[:size]
    space = cut.rfind(" ")
    if space > size * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-—") + "…"


def width(text: str) -> int:
    """Terminal columns a string takes (marks that combine take none, wide characters two)."""
    total = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def parse_date(text: Any) -> dt.date | None:
    """An ISO date, partial (2022-01) or a datetime's date part; None when it is none."""
    m = re.match(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(text or ""))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def span(view: dict) -> str:
    first, last = view.get("first_published"), view.get("last_published")
    if not first and not last:
        return "dates unknown"
    if first == last or not last:
        return str(first or last)
    return f"{first or '?'} … {last or '?'}"


def source_name(value: dict) -> str:
    """Who says it: a post's author or an outlet; an article id (no outlet known) as "article <id>"."""
    source = one_line(value.get("source")) or one_line(value.get("outlet"))
    article = str(value.get("article") or "")
    if not source or (article and (source == article or article.startswith(source))):
        return f"article {article[:8]}" if article else "unknown source"
    m = re.fullmatch(r"article ([0-9a-f]{8})[0-9a-f]+", source)
    return f"article {m.group(1)}" if m else source


def value_details(value: dict) -> list[str]:
    """The facts about one source's value, each a short plain string (untrusted parts left raw)."""
    parts = [str(value.get("language") or "und"), source_name(value)]
    outlet = one_line(value.get("outlet"))
    if outlet and outlet != parts[1]:
        parts.append(f"in {outlet}")
    if value.get("published"):
        parts.append(str(value["published"]))
    if value.get("attribution"):
        parts.append(f"according to {one_line(value['attribution'])}")
    if value.get("hedged"):
        parts.append("(hedged)")
    others = [a for a in value.get("articles") or [] if a != value.get("article")]
    if others:
        parts.append(f"also in {len(others)} other article{'s' if len(others) > 1 else ''}")
    return parts


def as_written(value: dict) -> str:
    """The figure as written, with what is counted, and the normalised reading when it differs."""
    text = one_line(value.get("text"))
    obj = one_line(value.get("object"))
    read = figure(value.get("value"), value.get("qualifier"))
    shown = " ".join(p for p in (text, obj) if p) or read
    same = text == read or (value.get("qualifier") in (None, "exact") and text.replace(",", "") == read.replace(",", ""))
    return shown if same else f"{shown} ({read})"


def facts(view: dict) -> list[dict]:
    """The view's facts, conflicts first (then evolving, compatible, agreeing, single)."""
    items = list(view.get("facts") or [])
    return sorted(items, key=lambda f: STATUS_ORDER.get(f.get("status"), 9))


def fact_name(fact: dict) -> str:
    return f"{fact.get('type') or '?'} / {fact.get('group') or '?'}"


def estimate_text(fact: dict) -> str:
    est = fact.get("estimate") or {}
    return figure(est.get("value"), est.get("qualifier"))


def timeline(view: dict) -> list[dict]:
    return sorted(view.get("timeline") or [], key=lambda e: str(e.get("date") or ""))


def languages_of(sources: Iterable[dict]) -> list[str]:
    return sorted({str(s.get("language") or "und") for s in sources})


def source_matrix(view: dict) -> tuple[list[dict], list[dict], dict[tuple[int, int], list[dict]]]:
    """Rows (one per source: name and languages), columns (the facts), cells: (row, column) → values."""
    columns = facts(view)
    rows: list[dict] = []
    index: dict[str, int] = {}
    cells: dict[tuple[int, int], list[dict]] = {}
    for col, fact in enumerate(columns):
        for value in list(fact.get("values") or []) + list(fact.get("parts") or []):
            name = source_name(value)
            if name not in index:
                index[name] = len(rows)
                rows.append({"source": name, "languages": set()})
            row = index[name]
            rows[row]["languages"].add(str(value.get("language") or "und"))
            cells.setdefault((row, col), []).append(value)
    for row in rows:
        row["languages"] = sorted(row["languages"])
    return rows, columns, cells


def cell_text(values: list[dict], parts: list[dict]) -> str:
    """A matrix cell: a source's readings of one fact; parts of a figure marked as such."""
    return "; ".join(("part: " if any(v is p for p in parts) else "") + figure(v.get("value"), v.get("qualifier"))
                     for v in values)


def article_line(article: dict) -> str:
    return (f"{article.get('id') or '?'}  {article.get('language') or 'und':3} "
            f"{article.get('published') or '?':25} {one_line(article.get('outlet'))[:20]:20} "
            f"{shorten(article.get('title'), 60)}")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------------------------------------
# terminal

def terminal(view: dict) -> str:
    """The report as plain text for a terminal (no colour; conflicts marked "CONFLICT !")."""
    out: list[str] = []
    title = one_line(view.get("title")) or "(untitled story)"
    out.append(title)
    out.append("=" * min(max(width(title), 20), 100))
    langs = view.get("languages") or []
    out.append(f"story {view.get('id')} · {_count(len(view.get('articles') or []), 'article')} · "
               f"languages {', '.join(langs) or 'unknown'} · {span(view)}")

    out.append("")
    out.append("FIGURES")
    items = facts(view)
    if not items:
        out.append("  (no figures reconciled)")
    else:
        names = [fact_name(f) for f in items]
        estimates = [estimate_text(f) for f in items]
        w_name = max(width(n) for n in names)
        w_est = max(width(e) for e in estimates)
        for fact, name, est in zip(items, names, estimates):
            status = status_label(fact.get("status"))
            mark = "CONFLICT !" if fact.get("status") == "conflict" else status
            out.append(f"  {pad(name, w_name)}  {pad(est, w_est)}  {pad(mark, 10)}  "
                       f"{shorten(fact.get('explanation'), 90)}")
            basis = (fact.get("estimate") or {}).get("basis")
            if basis:
                out.append(f"      estimate: {shorten(basis, 110)}")
            for value in fact.get("values") or []:
                out.append(f"      - {as_written(value)}  [{' · '.join(value_details(value))}]")
                out.append(f"          “{shorten(value.get('sentence'), 110)}”")
            for part in fact.get("parts") or []:
                out.append(f"      part: {as_written(part)}  [{' · '.join(value_details(part))}]")

    out.append("")
    out.append("TIMELINE")
    entries = timeline(view)
    if not entries:
        out.append("  (no dated statements)")
    for entry in entries:
        sources = entry.get("sources") or []
        out.append(f"  {entry.get('date') or '?':10}  [{','.join(languages_of(sources))}] "
                   f"{_count(len(sources), 'source'):10}  {shorten(entry.get('sentence'), 90)}")
        for alt in entry.get("disputed") or []:
            alt_sources = alt.get("sources") or []
            out.append(f"  {'':10}  DISPUTED: {entry.get('date')} ({', '.join(languages_of(sources))}) vs "
                       f"{alt.get('date')} ({', '.join(languages_of(alt_sources))}): "
                       f"“{shorten(alt_sources[0].get('sentence') if alt_sources else '', 70)}”")

    anomalies = view.get("anomalies") or []
    out.append("")
    out.append("DATE ANOMALIES")
    if not anomalies:
        out.append("  (none)")
    for anomaly in anomalies:
        sources = anomaly.get("sources") or []
        where = ", ".join(f"{s.get('language')} {str(s.get('article') or '')[:8]}" for s in sources)
        out.append(f"  {anomaly.get('date') or '?':10}  “{shorten(anomaly.get('text'), 30)}”  "
                   f"{shorten(anomaly.get('reason'), 90)}  [{where}]")

    out.append("")
    out.append("ARTICLES")
    for article in view.get("articles") or []:
        out.append("  " + article_line(article))
        for link in article.get("links") or []:
            out.append(f"      {link.get('kind')} of {link.get('of')} (similarity {link.get('similarity', 0):.2f})")
    entities = view.get("entities") or []
    if entities:
        out.append("")
        out.append("ENTITIES  " + shorten("; ".join(f"{one_line(e.get('name'))} ({e.get('type')})"
                                                 for e in entities), 300))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: Any) -> str:
    """Untrusted text for Markdown: one line, no raw HTML (&, <, > as entities), no emphasis,
    link or table syntax (backslash-escaped), so it renders as the text it is."""
    text = one_line(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(view: dict) -> str:
    """The report as one self-contained Markdown file (GitHub-flavoured tables, no links, no HTML)."""
    out: list[str] = []
    out.append(f"# {md(view.get('title')) or '(untitled story)'}")
    out.append("")
    out.append(f"Story `{md(view.get('id'))}` · {_count(len(view.get('articles') or []), 'article')} · "
               f"languages {md(', '.join(view.get('languages') or [])) or 'unknown'} · {md(span(view))}")

    out.append("")
    out.append("## Figures")
    out.append("")
    items = facts(view)
    if not items:
        out.append("No figures reconciled.")
    else:
        out.append(_md_row(["Fact", "Estimate", "Status", "Explanation"]))
        out.append(_md_row(["---"] * 4))
        for fact in items:
            status = status_label(fact.get("status"))
            status = f"**⚠ {status}**" if fact.get("status") == "conflict" else md(status)
            out.append(_md_row([md(fact_name(fact)), md(estimate_text(fact)), status,
                                md(fact.get("explanation"))]))
        for fact in items:
            out.append("")
            conflict = " — **⚠ CONFLICT**" if fact.get("status") == "conflict" else f" — {md(fact.get('status'))}"
            out.append(f"### {md(fact_name(fact))}: {md(estimate_text(fact))}{conflict}")
            out.append("")
            basis = (fact.get("estimate") or {}).get("basis")
            if basis:
                out.append(f"Estimate: {md(basis)}")
                out.append("")
            out.append(_md_row(["Value as written", "Reading", "Language", "Source", "Date", "Attribution",
                                "Hedged", "Sentence"]))
            out.append(_md_row(["---"] * 8))
            for kind, values in (("", fact.get("values") or []), ("part: ", fact.get("parts") or [])):
                for v in values:
                    written = " ".join(p for p in (one_line(v.get("text")), one_line(v.get("object"))) if p)
                    source = source_name(v)
                    if one_line(v.get("outlet")) and one_line(v.get("outlet")) != source:
                        source += f" in {one_line(v.get('outlet'))}"
                    out.append(_md_row([
                        md(kind + written), md(figure(v.get("value"), v.get("qualifier"))), md(v.get("language")),
                        md(source), md(v.get("published")), md(v.get("attribution")),
                        "hedged" if v.get("hedged") else "", md(shorten(v.get("sentence"), 160))]))

        rows, columns, cells = source_matrix(view)
        out.append("")
        out.append("## Sources × figures")
        out.append("")
        out.append(_md_row(["Source", "Languages"] + [md(fact_name(f)) for f in columns]))
        out.append(_md_row(["---"] * (2 + len(columns))))
        for r, row in enumerate(rows):
            line = [md(row["source"]), md(", ".join(row["languages"]))]
            for c, fact in enumerate(columns):
                values = cells.get((r, c), [])
                text = md(cell_text(values, fact.get("parts") or []))
                if values and fact.get("status") == "conflict":
                    text = f"**⚠ {text}**"
                line.append(text)
            out.append(_md_row(line))

    out.append("")
    out.append("## Timeline")
    out.append("")
    entries = timeline(view)
    if not entries:
        out.append("No dated statements.")
    else:
        out.append(_md_row(["Date", "Languages", "Sources", "Statement", "Disputed"]))
        out.append(_md_row(["---"] * 5))
        for entry in entries:
            sources = entry.get("sources") or []
            disputed = "; ".join(
                f"**{md(entry.get('date'))} vs {md(alt.get('date'))}** "
                f"({md(', '.join(languages_of(alt.get('sources') or [])))}: "
                f"{md(shorten((alt.get('sources') or [{}])[0].get('sentence'), 80))})"
                for alt in entry.get("disputed") or [])
            out.append(_md_row([md(entry.get("date")), md(", ".join(languages_of(sources))),
                                str(len(sources)), md(shorten(entry.get("sentence"), 160)), disputed]))

    out.append("")
    out.append("## Date anomalies")
    out.append("")
    anomalies = view.get("anomalies") or []
    if not anomalies:
        out.append("None.")
    else:
        out.append(_md_row(["Date", "As written", "Reason", "Sources"]))
        out.append(_md_row(["---"] * 4))
        for anomaly in anomalies:
            where = ", ".join(f"{s.get('language')} {str(s.get('article') or '')[:8]}"
                              for s in anomaly.get("sources") or [])
            out.append(_md_row([md(anomaly.get("date")), md(anomaly.get("text")), md(anomaly.get("reason")),
                                md(where)]))

    out.append("")
    out.append("## Articles")
    out.append("")
    out.append(_md_row(["Id", "Language", "Published", "Outlet", "Title", "Source", "Links"]))
    out.append(_md_row(["---"] * 7))
    for a in view.get("articles") or []:
        published = str(a.get("published") or "?") + (" (inferred)" if a.get("published_inferred") else "")
        links = "; ".join(f"{link.get('kind')} of {link.get('of')}" for link in a.get("links") or [])
        out.append(_md_row([md(a.get("id")), md(a.get("language")), md(published), md(a.get("outlet")),
                            md(shorten(a.get("title"), 120)), md(a.get("source")), md(links)]))
    entities = view.get("entities") or []
    if entities:
        out.append("")
        out.append("## Entities")
        out.append("")
        out.append("Entities: " + md("; ".join(f"{one_line(e.get('name'))} ({e.get('type')})" for e in entities)))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# HTML

def esc(text: Any) -> str:
    """Untrusted text for HTML text or a quoted attribute."""
    return _html.escape(str("" if text is None else text), quote=True)


def _src(text: Any, tag: str = "span", cls: str = "") -> str:
    """Text from a source, escaped, in its own direction (Arabic right to left)."""
    klass = f' class="{cls}"' if cls else ""
    return f'<{tag} dir="auto"{klass}>{esc(text)}</{tag}>'


STYLE = """
:root { --ink: #1d2430; --muted: #5b6472; --line: #d8dde5; --conflict: #b3261e; --conflict-bg: #fdecea;
        --evolving: #8a5a00; --ok: #1e6b3a; --anomaly: #7b2cbf; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; color: var(--ink); background: #fff; margin: 0 auto; max-width: 1200px;
       padding: 24px 32px 48px; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%%; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 6px 8px; vertical-align: top; text-align: start; }
th { background: #f3f5f8; font-weight: 600; }
tr.conflict > td { background: var(--conflict-bg); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85em; font-weight: 600;
         border: 1px solid currentColor; white-space: nowrap; }
.badge.conflict { color: #fff; background: var(--conflict); border-color: var(--conflict); }
.badge.evolving { color: var(--evolving); }
.badge.compatible, .badge.agree { color: var(--ok); }
.badge.single { color: var(--muted); }
.estimate { font-weight: 600; white-space: nowrap; }
ul.values { margin: 0; padding-inline-start: 18px; }
ul.values li { margin-bottom: 4px; }
.written { font-weight: 600; }
.detail { color: var(--muted); font-size: .9em; }
.sentence { display: block; color: var(--muted); font-size: .9em; }
.hedged { font-style: italic; color: var(--evolving); }
.scroll { overflow-x: auto; }
.matrix { font-size: .9em; }
.matrix td.cell { text-align: center; white-space: nowrap; }
.matrix td.conflicting { background: var(--conflict-bg); color: var(--conflict); font-weight: 700;
                         outline: 2px solid var(--conflict); outline-offset: -2px; }
.matrix th.conflict { color: var(--conflict); }
.lang { display: inline-block; min-width: 2.2em; font-family: monospace; color: var(--muted); }
svg.timeline { width: 100%%; height: auto; border: 1px solid var(--line); background: #fbfcfd; }
.disputed { color: var(--conflict); font-weight: 600; }
.anomaly { color: var(--anomaly); font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
code { font-size: .9em; }
""" % {"fonts": FONT_STACK}


def html(view: dict) -> str:
    """The report as one self-contained HTML page: no external resource, no script, all source text
    escaped; a facts table, a source × fact matrix and an inline SVG timeline."""
    title = one_line(view.get("title")) or "(untitled story)"
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)} — crosswire story report</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<h1 dir="auto">{esc(title)}</h1>',
        f'<p class="meta">Story <code>{esc(view.get("id"))}</code> · '
        f'{_count(len(view.get("articles") or []), "article")} · languages '
        f'{esc(", ".join(view.get("languages") or []) or "unknown")} · {esc(span(view))}</p>',
    ]
    parts += _html_facts(view)
    parts += _html_matrix(view)
    parts += _html_timeline(view)
    parts += _html_anomalies(view)
    parts += _html_articles(view)
    parts.append('<p class="meta">Made by crosswire. Figures and dates are quoted from the sources as '
                 'written; this page loads nothing and links nowhere.</p>')
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _badge(status: str | None) -> str:
    status = status or "?"
    label = "⚠ CONFLICT" if status == "conflict" else status
    return f'<span class="badge {esc(status)}">{esc(label)}</span>'


def _html_value(value: dict, part: bool = False) -> str:
    written = " ".join(p for p in (one_line(value.get("text")), one_line(value.get("object"))) if p)
    reading = figure(value.get("value"), value.get("qualifier"))
    details = [f'<span class="lang">{esc(value.get("language") or "und")}</span>',
               _src(source_name(value))]
    outlet = one_line(value.get("outlet"))
    if outlet and outlet != source_name(value):
        details.append("in " + _src(outlet))
    if value.get("published"):
        details.append(esc(value["published"]))
    if value.get("attribution"):
        details.append("according to " + _src(one_line(value["attribution"])))
    if value.get("hedged"):
        details.append('<span class="hedged">(hedged)</span>')
    others = [a for a in value.get("articles") or [] if a != value.get("article")]
    if others:
        details.append(esc(f"also in {len(others)} other article{'s' if len(others) > 1 else ''}"))
    return (f'<li>{"part: " if part else ""}<span class="written" dir="auto">{esc(written or reading)}</span> '
            f'<span class="detail">= {esc(reading)} · {" · ".join(details)}</span>'
            f'{_src(shorten(value.get("sentence"), 220), "q", "sentence")}</li>')


def _html_facts(view: dict) -> list[str]:
    out = ['<h2 id="figures">Figures</h2>']
    items = facts(view)
    if not items:
        return out + ['<p class="empty">No figures reconciled.</p>']
    out.append('<table class="facts"><thead><tr><th>Fact</th><th>Estimate</th><th>Status</th>'
               "<th>Sources</th></tr></thead><tbody>")
    for fact in items:
        est = fact.get("estimate") or {}
        cls = ' class="conflict"' if fact.get("status") == "conflict" else ""
        values = "".join(_html_value(v) for v in fact.get("values") or [])
        values += "".join(_html_value(v, part=True) for v in fact.get("parts") or [])
        out.append(
            f'<tr{cls} data-status="{esc(fact.get("status"))}">'
            f'<td><strong>{esc(fact.get("type"))}</strong><br><span class="detail">{esc(fact.get("group"))}</span></td>'
            f'<td><span class="estimate">{esc(estimate_text(fact))}</span>'
            f'<br><span class="detail">{esc(est.get("basis"))}</span></td>'
            f'<td>{_badge(fact.get("status"))}<br><span class="detail">{esc(fact.get("explanation"))}</span></td>'
            f'<td><ul class="values">{values}</ul></td></tr>')
    out.append("</tbody></table>")
    return out


def _html_matrix(view: dict) -> list[str]:
    rows, columns, cells = source_matrix(view)
    if not columns:
        return []
    out = ['<h2 id="matrix">Sources × figures</h2>',
           '<p class="meta">One row per source, one column per figure; a marked cell is a value in conflict '
           "with another source's.</p>",
           '<div class="scroll"><table class="matrix"><thead><tr><th>Source</th><th>Language</th>']
    for fact in columns:
        cls = ' class="conflict"' if fact.get("status") == "conflict" else ""
        out.append(f"<th{cls}>{esc(fact_name(fact))}<br>{_badge(fact.get('status'))}</th>")
    out.append("</tr></thead><tbody>")
    for r, row in enumerate(rows):
        line = [f"<tr><th>{_src(row['source'])}</th><td>{esc(', '.join(row['languages']))}</td>"]
        for c, fact in enumerate(columns):
            values = cells.get((r, c), [])
            if not values:
                line.append('<td class="cell"></td>')
                continue
            conflicting = fact.get("status") == "conflict"
            text = cell_text(values, fact.get("parts") or [])
            tip = " | ".join(shorten(v.get("sentence"), 120) for v in values)
            mark = "⚠ " if conflicting else ""
            line.append(f'<td class="cell{" conflicting" if conflicting else ""}" title="{esc(tip)}">'
                        f"{mark}{esc(text)}</td>")
        out.append("".join(line) + "</tr>")
    out.append("</tbody></table></div>")
    return out


def _svg_timeline(view: dict) -> str:
    """The timeline drawn inline: dates on an axis, one circle per entry (area by number of sources),
    disputed dates as dashed circles linked to their entry, anomalies as purple diamonds (outside
    the axis range: in a zone past an axis break)."""
    entries = timeline(view)
    anomalies = view.get("anomalies") or []
    dated = [(parse_date(e.get("date")), e) for e in entries]
    dated = [(d, e) for d, e in dated if d]
    days: list[dt.date] = [d for d, _ in dated]
    for _, e in dated:
        days += [d for d in (parse_date(alt.get("date")) for alt in e.get("disputed") or []) if d]
    for key in ("first_published", "last_published"):
        if parse_date(view.get(key)):
            days.append(parse_date(view.get(key)))
    anom = [(parse_date(a.get("date")), a) for a in anomalies]
    anom = [(d, a) for d, a in anom if d]
    W, left, right, row_h, top = 960, 60, 60, 34, 40
    if not days and not anom:
        return ('<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 60" role="img" '
                'aria-label="timeline: no dated statements"><text x="20" y="35" fill="#5b6472">'
                "No dated statements.</text></svg>")
    if not days:
        days = [d for d, _ in anom]
    lo, hi = min(days), max(days)
    total = max((hi - lo).days, 1)
    margin_days = max(2, total // 2)
    before = [(d, a) for d, a in anom if d < lo - dt.timedelta(days=margin_days)]
    after = [(d, a) for d, a in anom if d > hi + dt.timedelta(days=margin_days)]
    inside = [(d, a) for d, a in anom if (d, a) not in before and (d, a) not in after]
    for d, _ in inside:
        lo, hi = min(lo, d), max(hi, d)
    total = max((hi - lo).days, 1)
    zone = 110
    x0 = left + (zone if before else 0)
    x1 = W - right - (zone if after else 0)

    def x(day: dt.date) -> float:
        return x0 + (day - lo).days * (x1 - x0) / total

    # rows: entries on one day stack upwards
    stack: dict[dt.date, int] = {}
    placed = []
    for number_, (day, entry) in enumerate(dated, 1):
        level = stack.get(day, 0)
        stack[day] = level + 1
        placed.append((number_, day, entry, level))
    levels = max(stack.values(), default=1)
    axis_y = top + levels * row_h + 20
    H = axis_y + 70
    g: list[str] = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" '
                    f'role="img" aria-label="timeline of {len(dated)} dated statements and '
                    f'{len(anom)} date anomalies">']
    # legend
    g.append('<g font-size="12" fill="#5b6472">'
             '<circle cx="20" cy="16" r="6" fill="#1f5fa8" fill-opacity=".75"/>'
             '<text x="32" y="20">statement (size: number of sources)</text>'
             '<circle cx="270" cy="16" r="6" fill="none" stroke="#b3261e" stroke-dasharray="3 2"/>'
             '<text x="282" y="20">disputed date for the same statement</text>'
             '<path d="M 530 10 L 536 16 L 530 22 L 524 16 Z" fill="#7b2cbf"/>'
             '<text x="544" y="20">date anomaly</text>'
             '<rect x="660" y="10" width="16" height="12" fill="#1f5fa8" fill-opacity=".08"/>'
             '<text x="682" y="20">articles published</text></g>')
    # publication band
    first, last = parse_date(view.get("first_published")), parse_date(view.get("last_published"))
    if first and last and lo <= first <= hi and lo <= last <= hi:
        bx0, bx1 = x(first) - 6, x(last) + 6
        g.append(f'<rect x="{bx0:.1f}" y="{top - 6}" width="{bx1 - bx0:.1f}" height="{axis_y - top + 6}" '
                 'fill="#1f5fa8" fill-opacity=".08"><title>articles published '
                 f'{esc(span(view))}</title></rect>')
    # axis and ticks
    g.append(f'<line x1="{x0}" y1="{axis_y}" x2="{x1}" y2="{axis_y}" stroke="#1d2430" stroke-width="1.5"/>')
    step = 1 if total <= 16 else 7 if total <= 120 else 30
    day = lo
    while day <= hi:
        tx = x(day)
        label = day.strftime("%d %b") if total <= 400 else day.strftime("%b %Y")
        g.append(f'<line x1="{tx:.1f}" y1="{axis_y}" x2="{tx:.1f}" y2="{axis_y + 5}" stroke="#1d2430"/>'
                 f'<text x="{tx:.1f}" y="{axis_y + 18}" font-size="11" text-anchor="middle" fill="#1d2430">'
                 f"{esc(label)}</text>")
        day += dt.timedelta(days=step)
    g.append(f'<text x="{x0}" y="{axis_y + 34}" font-size="11" fill="#5b6472">{lo.year}</text>')

    # entries, disputed alternatives
    linked: set[tuple[dt.date, dt.date]] = set()
    for number_, day, entry, level in placed:
        sources = entry.get("sources") or []
        cy = axis_y - 20 - level * row_h
        r = min(2 + 4 * math.sqrt(max(len(sources), 1)), 16)   # area grows with the number of sources
        tip = (f"{entry.get('date')} · {_count(len(sources), 'source')} "
               f"({', '.join(languages_of(sources))}): {shorten(entry.get('sentence'), 160)}")
        for alt in entry.get("disputed") or []:
            alt_day = parse_date(alt.get("date"))
            if not alt_day or (alt_day, day) in linked:   # each pair of disputed dates linked once
                continue
            linked.add((day, alt_day))
            ax = x(alt_day)
            mid = (x(day) + ax) / 2
            alt_sources = alt.get("sources") or []
            alt_tip = (f"disputed: {alt.get('date')} according to {_count(len(alt_sources), 'source')} "
                       f"({', '.join(languages_of(alt_sources))}) vs {entry.get('date')}")
            g.append(f'<g class="disputed-link"><title>{esc(alt_tip)}</title>'
                     f'<path d="M {x(day):.1f} {cy} Q {mid:.1f} {cy - 26} {ax:.1f} {cy}" fill="none" '
                     'stroke="#b3261e" stroke-width="1.5" stroke-dasharray="4 3"/>'
                     f'<circle cx="{ax:.1f}" cy="{cy}" r="{r:.1f}" fill="#fff" stroke="#b3261e" '
                     'stroke-width="1.5" stroke-dasharray="3 2"/>'
                     f'<text x="{mid:.1f}" y="{cy - 17}" font-size="10" text-anchor="middle" fill="#b3261e">'
                     "disputed</text></g>")
        g.append(f'<g class="entry"><title>{esc(tip)}</title>'
                 f'<line x1="{x(day):.1f}" y1="{cy + r:.1f}" x2="{x(day):.1f}" y2="{axis_y}" stroke="#c5ccd6"/>'
                 f'<circle cx="{x(day):.1f}" cy="{cy}" r="{r:.1f}" fill="#1f5fa8" fill-opacity=".75"/>'
                 f'<text x="{x(day) + r + 3:.1f}" y="{cy + 4}" font-size="11" fill="#1d2430">{number_}</text></g>')

    # anomalies
    def diamond(cx: float, cy: float, label: str, tip: str) -> str:
        return (f'<g class="anomaly"><title>{esc(tip)}</title>'
                f'<path d="M {cx:.1f} {cy - 8} L {cx + 8:.1f} {cy} L {cx:.1f} {cy + 8} L {cx - 8:.1f} {cy} Z" '
                f'fill="#7b2cbf"/><text x="{cx:.1f}" y="{cy + 22}" font-size="11" text-anchor="middle" '
                f'fill="#7b2cbf">{esc(label)}</text></g>')

    for i, (day, anomaly) in enumerate(anom, 1):
        tip = f"date anomaly: {anomaly.get('date')} (“{one_line(anomaly.get('text'))}”): {one_line(anomaly.get('reason'))}"
        if (day, anomaly) in before or (day, anomaly) in after:
            continue
        g.append(diamond(x(day), axis_y, f"A{i}", tip))
    for zone_items, zx, bx in ((before, left + zone / 2 - 10, x0 - 10), (after, x1 + zone / 2 + 10, x1 + 10)):
        if not zone_items:
            continue
        g.append(f'<text x="{bx:.1f}" y="{axis_y + 5}" font-size="16" text-anchor="middle" fill="#7b2cbf">≈</text>')
        for k, (day, anomaly) in enumerate(zone_items):
            i = anom.index((day, anomaly)) + 1
            tip = (f"date anomaly: {anomaly.get('date')} (“{one_line(anomaly.get('text'))}”): "
                   f"{one_line(anomaly.get('reason'))}")
            cy = axis_y - k * 40
            g.append(diamond(zx, cy, f"A{i} {day.isoformat()}", tip))
    g.append("</svg>")
    return "".join(g)


def _html_timeline(view: dict) -> list[str]:
    out = ['<h2 id="timeline">Timeline</h2>', _svg_timeline(view)]
    entries = [e for e in timeline(view)]
    if not entries:
        return out
    out.append('<table class="timeline-list"><thead><tr><th>#</th><th>Date</th><th>Statement</th>'
               "<th>Sources</th><th>Disputed</th></tr></thead><tbody>")
    numbered = {id(e): n for n, e in enumerate((e for e in entries if parse_date(e.get("date"))), 1)}
    for entry in entries:
        sources = entry.get("sources") or []
        said = "".join(f'<li><span class="lang">{esc(s.get("language"))}</span> '
                       f'{_src(s.get("outlet") or "article " + str(s.get("article") or "")[:8])}: '
                       f'“{_src(s.get("text"))}”</li>' for s in sources)
        disputed = []
        for alt in entry.get("disputed") or []:
            alt_sources = alt.get("sources") or []
            quotes = "".join(f'<li><span class="lang">{esc(s.get("language"))}</span> “{_src(s.get("text"))}”'
                             f'{_src(shorten(s.get("sentence"), 160), "q", "sentence")}</li>' for s in alt_sources)
            disputed.append(f'<span class="disputed">{esc(entry.get("date"))} vs {esc(alt.get("date"))}</span>'
                            f'<ul class="values">{quotes}</ul>')
        out.append(f'<tr><td>{numbered.get(id(entry), "")}</td><td>{esc(entry.get("date"))}</td>'
                   f'<td>{_src(shorten(entry.get("sentence"), 260))}</td>'
                   f'<td>{_count(len(sources), "source")} ({esc(", ".join(languages_of(sources)))})'
                   f'<ul class="values">{said}</ul></td><td>{"".join(disputed)}</td></tr>')
    out.append("</tbody></table>")
    return out


def _html_anomalies(view: dict) -> list[str]:
    out = ['<h2 id="anomalies">Date anomalies</h2>']
    anomalies = view.get("anomalies") or []
    if not anomalies:
        return out + ['<p class="empty">None.</p>']
    out.append('<table class="anomalies"><thead><tr><th>#</th><th>Date</th><th>As written</th><th>Reason</th>'
               "<th>Sources</th></tr></thead><tbody>")
    for i, anomaly in enumerate(anomalies, 1):
        sources = "".join(f'<li><span class="lang">{esc(s.get("language"))}</span> '
                          f'article <code>{esc(str(s.get("article") or "")[:8])}</code>'
                          f'{_src(shorten(s.get("sentence"), 200), "q", "sentence")}</li>'
                          for s in anomaly.get("sources") or [])
        out.append(f'<tr><td class="anomaly">A{i}</td><td class="anomaly">{esc(anomaly.get("date"))}</td>'
                   f'<td>{_src(anomaly.get("text"))}</td><td>{esc(anomaly.get("reason"))}</td>'
                   f'<td><ul class="values">{sources}</ul></td></tr>')
    out.append("</tbody></table>")
    return out


def _html_articles(view: dict) -> list[str]:
    out = ['<h2 id="articles">Articles</h2>',
           '<table class="articles"><thead><tr><th>Id</th><th>Language</th><th>Published</th><th>Outlet</th>'
           "<th>Title</th><th>Source</th><th>Links</th></tr></thead><tbody>"]
    for a in view.get("articles") or []:
        published = str(a.get("published") or "?") + (" (inferred)" if a.get("published_inferred") else "")
        links = "<br>".join(esc(f"{link.get('kind')} of {link.get('of')} ({link.get('similarity', 0):.2f})")
                            for link in a.get("links") or [])
        mt = ' <span class="detail">machine-translated</span>' if a.get("machine_translated") else ""
        out.append(f'<tr><td><code>{esc(a.get("id"))}</code></td><td>{esc(a.get("language"))}{mt}</td>'
                   f'<td>{esc(published)}</td><td>{_src(a.get("outlet") or "")}</td>'
                   f'<td>{_src(a.get("title") or "")}</td><td><code dir="auto">{esc(a.get("source"))}</code></td>'
                   f"<td>{links}</td></tr>")
    out.append("</tbody></table>")
    entities = view.get("entities") or []
    if entities:
        out.append('<h2 id="entities">Entities</h2><p>' + " · ".join(
            f'{_src(e.get("name"))} <span class="detail">({esc(e.get("type"))})</span>' for e in entities) + "</p>")
    return out
