"""`crosswire [--db PATH] COMMAND`: a thin shell over the Python API.

Exit codes: 0 when the command did its job (quarantined inputs included), 2 for usage errors
(unknown option, missing path, unknown id), 1 for anything unexpected, with a one-line reason.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

import crosswire
from crosswire.reconcile import report
from crosswire.records import Article, to_dict

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Multilingual news intelligence: ingest, clean, cluster and search articles offline.")
eval_app = typer.Typer(no_args_is_help=True, help="Score crosswire against labelled benchmarks.")
app.add_typer(eval_app, name="eval")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


class State:
    db: str = crosswire.default_db_path()


def _open(max_bytes: int = crosswire.DEFAULT_MAX_BYTES) -> crosswire.Crosswire:
    """The database; its folder must exist (a typo in --db is an error, not a new empty database)."""
    folder = Path(State.db or crosswire.default_db_path()).parent
    if not folder.is_dir():
        _usage_error(f"no such directory for the database: {folder} (create it first)")
    return crosswire.open(State.db, max_bytes=max_bytes)


def _say(text: str, as_json: bool) -> None:
    """Human output: stdout normally, stderr when stdout carries JSON."""
    typer.echo(text, err=as_json)


def _emit(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _listing(items: list, as_json: bool, line: Callable[[Any], str], empty: str | None = None,
             as_dict: Callable[[Any], Any] = to_dict) -> None:
    """A list command's output: JSON, or one line per item (and a note on stderr when there are none)."""
    if as_json:
        _emit([as_dict(item) for item in items])
        return
    for item in items:
        typer.echo(line(item))
    if not items and empty:
        typer.echo(empty, err=True)


def _usage_error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.callback()
def main_options(
    db: Annotated[Optional[str], typer.Option("--db", help="Database path (default: $CROSSWIRE_DB, "
                                              "then ./crosswire.db).")] = None,
) -> None:
    if db:
        State.db = db


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or globs.")],
    as_json: JsonFlag = False,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Quarantine files larger than this.")] = 50,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    stories: Annotated[bool, typer.Option("--stories/--no-stories", help="Place new articles in stories now "
                                          "(--no-stories defers it to the next ingest, for bulk loads).")] = True,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Processes building articles "
                                                   "(default: one per core); results do not depend on it.")] = None,
) -> None:
    """Ingest text, HTML, JSON Lines, RSS/Atom and WARC files; bad files are quarantined."""
    try:
        cw = _open(max_bytes=int(max_mb * 1024 * 1024))
    except OSError as e:
        _usage_error(f"cannot open database {State.db}: {e}")
    with cw:
        try:
            report = cw.ingest(paths, progress=not quiet, stories=stories, workers=workers)
        except crosswire.MissingPath as e:
            _usage_error(f"no such file or directory: {e}")
        except KeyboardInterrupt:
            typer.echo("interrupted: whole articles are saved; run the same command again to finish.", err=True)
            raise typer.Exit(130) from None
        if as_json:
            _emit(report.to_dict())
        _say(f"{report.files} files, {report.documents} documents: {len(report.new)} new articles, "
             f"{len(report.known)} already known, {len(report.quarantined)} quarantined", as_json)
        for q in report.quarantined:
            _say(f"  quarantined {q.source}: {q.reason}", as_json)
        for article_id in report.new:
            _say("  " + _article_line(cw.article(article_id)), as_json)


def _article_line(a: Article) -> str:
    kinds = {k: sum(1 for s in a.segments if s.kind == k) for k in ("body", "post", "boilerplate", "notice")}
    langs = sorted({s.language for s in a.segments if s.kind in ("body", "post") and s.language != "und"})
    extra = [f"{n} {k}" for k, n in kinds.items() if n and k != "body"]
    published = (a.published or "date unknown") + (" (inferred)" if a.published_inferred else "")
    mt = " machine-translated" if a.machine_translated else ""
    title = (a.title or a.text()[:60].replace("\n", " ")).strip()
    found = [f"{len(a.entities)} entities", f"{len(a.counts)} counts", f"{len(a.dates)} dates"]
    anomalies = sum(1 for d in a.dates if d.anomaly)
    if anomalies:
        found.append(f"{anomalies} date anomal{'y' if anomalies == 1 else 'ies'}")
    return (f"{a.id}  {a.language:3} [{','.join(langs)}] {published}{mt}  "
            f"{', '.join(extra) or 'no posts'}; {', '.join(found)}  {title[:60]}")


@app.command()
def articles(as_json: JsonFlag = False) -> None:
    """List articles (with their segments under --json)."""
    with _open() as cw:
        _listing(cw.articles(with_segments=True), as_json, _article_line, as_dict=Article.to_dict)


@app.command()
def article(article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix (6+).")],
            as_json: JsonFlag = False) -> None:
    """Show one article: metadata and its segments in order."""
    with _open() as cw:
        try:
            a = cw.article(article_id)
        except crosswire.UnknownId as e:
            _usage_error(str(e.args[0]))
        if as_json:
            _emit(a.to_dict())
            return
        typer.echo(_article_line(a))
        for src in a.sources:
            typer.echo(f"  source: {src['source']}" + (f"  outlet: {src['outlet']}" if src.get("outlet") else ""))
        for i, seg in enumerate(a.segments):
            head = f"[{i}] {seg.kind} {seg.language}"
            if seg.kind == "post":
                head += f"  {seg.author or '?'} (@{seg.handle or '?'}) {seg.date or ''}"
            if seg.reason:
                head += f"  ({seg.reason})"
            typer.echo(head)
            typer.echo("    " + seg.text.replace("\n", "\n    "))
        if a.entities:
            typer.echo("entities: " + "; ".join(f"{e.name} ({e.type})" for e in a.entities))
        for c in a.counts:
            value = "?" if c.value is None else f"{c.value:g}"
            typer.echo(f"count: {c.type:12} {c.qualifier:9} {value:>8}  {c.object or ''}  [{c.segment}] {c.text}")
        for d in a.dates:
            typer.echo(f"date: {d.date:10}  {d.text}  [{d.segment}]" + (f"  ANOMALY: {d.anomaly}" if d.anomaly else ""))


@app.command()
def search(query: Annotated[str, typer.Argument(help="Words to look for, in any language.")],
           limit: Annotated[int, typer.Option(min=1, max=1000, help="How many hits at most.")] = 20,
           as_json: JsonFlag = False) -> None:
    """Search article text."""
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        _usage_error("the query is not valid UTF-8 text")
    if len(query) > crosswire.MAX_QUERY_CHARS:
        _usage_error(f"query too long: {len(query)} characters (at most {crosswire.MAX_QUERY_CHARS})")
    with _open() as cw:
        _listing(cw.search(query, limit=limit), as_json,
                 lambda h: f"{h.article}  {h.language:3} {h.score:6.3f}  {h.snippet.replace(chr(10), ' ')}",
                 "no matches")


@app.command()
def quarantine(as_json: JsonFlag = False) -> None:
    """List inputs that could not be ingested, with path and reason."""
    with _open() as cw:
        _listing(cw.quarantined(), as_json, lambda q: f"{q.source}: {q.reason}", "nothing quarantined")


@app.command()
def stories(as_json: JsonFlag = False) -> None:
    """List stories: articles in any language about one real-world happening."""
    with _open() as cw:
        _listing(cw.stories(), as_json,
                 lambda s: f"{s.id}  {len(s.articles):3} articles  [{','.join(s.languages)}]  "
                           f"{s.first_published or '?'} … {s.last_published or '?'}  "
                           f"{report.shorten(s.title, 70) or '(untitled)'}",
                 "no stories yet")


def _story_view(cw: crosswire.Crosswire, story_id: str) -> dict:
    try:
        return cw.story_view(story_id)
    except crosswire.UnknownId as e:
        _usage_error(str(e.args[0]))
        raise  # not reached: _usage_error exits


@app.command()
def story(story_id: Annotated[str, typer.Argument(help="Story id or a unique prefix (6+).")],
          as_json: JsonFlag = False) -> None:
    """Show one story: figures reconciled across sources, timeline, date anomalies, articles by language."""
    with _open() as cw:
        view = _story_view(cw, story_id)
    if as_json:
        _emit(view)
        return
    typer.echo(report.terminal(view), nl=False)


REPORT_FORMATS = {"md": report.markdown, "html": report.html, "txt": report.terminal}


@app.command("report")
def report_command(
    story_id: Annotated[str, typer.Argument(help="Story id or a unique prefix (6+).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md (Markdown), html (one self-contained page: "
                                     "no external resource, no script) or txt.")] = "html",
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="File to write (default: "
                                                  "story-<id>.<format> here; - for stdout).")] = None,
) -> None:
    """Write a story's report to one self-contained file: figures, timeline, anomalies, sources × figures."""
    if fmt not in REPORT_FORMATS:
        _usage_error(f"unknown report format {fmt!r} (md, html or txt)")
    if output is not None and output != "-":
        folder = Path(output).parent
        if not folder.is_dir():
            _usage_error(f"no such directory for the report: {folder}")
        if Path(output).is_dir():
            _usage_error(f"{output} is a directory; give a file name")
    with _open() as cw:
        view = _story_view(cw, story_id)
    text = REPORT_FORMATS[fmt](view)
    if output == "-":
        sys.stdout.write(text)
        return
    path = Path(output or f"story-{view['id']}.{fmt}")
    path.write_text(text, encoding="utf-8")
    typer.echo(str(path), err=True)


@app.command()
def recluster(as_json: JsonFlag = False,
              quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False) -> None:
    """Rebuild every story from scratch, deterministically (articles replayed in publication order)."""
    with _open() as cw:
        count = cw.recluster(progress=not quiet)
        if as_json:
            _emit({"stories": count})
        _say(f"{count} stories", as_json)


@eval_app.command("extraction")
def eval_extraction(directory: Annotated[Path, typer.Argument(help="Benchmark folder: html/*.html.gz and "
                                                                  "ground-truth.json.")],
                    as_json: JsonFlag = False) -> None:
    """Score HTML main-text extraction (shingle precision/recall/F1)."""
    from crosswire.evaluate.extraction import evaluate

    if not (directory / "ground-truth.json").is_file():
        _usage_error(f"no ground-truth.json in {directory}")
    result = evaluate(directory)
    if as_json:
        _emit(result)
        return
    typer.echo("  ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()))


@eval_app.command("similarity")
def eval_similarity(
    pairs: Annotated[Path, typer.Argument(help="CSV of article pairs: pair_id, lang1, lang2, text1, text2, "
                                          "Overall (SemEval-2022 Task 8 format).")],
    folds: Annotated[int, typer.Option(help="Cross-validation folds for the fitted score.")] = 5,
    exclude_translated: Annotated[bool, typer.Option("--exclude-translated", help="Leave out pairs with "
                                                     "machine-translated copies.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Score the same-story similarity against human ratings (Pearson, decision F1) next to raw cosine."""
    from crosswire.evaluate.similarity import evaluate

    if not pairs.is_file():
        _usage_error(f"no such file: {pairs}")
    result = evaluate(pairs, folds=folds, exclude_translated=exclude_translated)
    if as_json:
        _emit(result)
        return
    typer.echo(json.dumps(result, indent=2))


def main() -> None:
    """Console entry point: unexpected errors become exit 1 with a one-line reason."""
    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # per-page parser chatter, not user news
    try:
        app()
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - the CLI's last line of defence
        typer.echo(f"error: {type(e).__name__}: {e}", err=True)
        sys.exit(1)
