"""The `crosswire` command as a user runs it: conventions for --db, --json, exit codes, Ctrl-C."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import SEEDS

ARTICLE_FIELDS = {"id", "source", "outlet", "title", "published", "published_inferred", "language",
                  "machine_translated", "segments"}


def run(*args, db, check=True, env=None):
    proc = subprocess.run([sys.executable, "-m", "crosswire", "--db", str(db), *args], capture_output=True,
                          text=True, timeout=300, env=env)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_ingest_list_open_search_as_json(tmp_path):
    db = tmp_path / "cli.db"
    proc = run("ingest", str(SEEDS), "--json", db=db)
    summary = json.loads(proc.stdout)
    assert summary["new"] == 5 and summary["quarantined"] == []
    assert "ingest" in proc.stderr  # the progress bar and human summary go to stderr under --json
    listing = json.loads(run("articles", "--json", db=db).stdout)
    assert isinstance(listing, list) and len(listing) == 5
    for item in listing:
        assert ARTICLE_FIELDS <= set(item)
        for seg in item["segments"]:
            assert {"kind", "language", "text"} <= set(seg)
    greek = next(a for a in listing if a["language"] == "el")
    posts = [s for s in greek["segments"] if s["kind"] == "post"]
    assert len(posts) == 6 and all(p["author"] and p["handle"] and p["date"] for p in posts)
    one = json.loads(run("article", greek["id"][:8], "--json", db=db).stdout)
    assert one["id"] == greek["id"] and one["segments"] == greek["segments"]
    hits = json.loads(run("search", "Tokayev", "--json", db=db).stdout)
    assert isinstance(hits, list)
    human = run("articles", db=db).stdout
    assert greek["id"] in human and "6 post" in human


def test_db_from_environment(tmp_path):
    env = dict(os.environ, CROSSWIRE_DB=str(tmp_path / "env.db"))
    proc = subprocess.run([sys.executable, "-m", "crosswire", "ingest", str(SEEDS), "-q", "--no-stories"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0 and (tmp_path / "env.db").exists()
    # --no-stories deferred the clustering; the next ingest (nothing new in it) does it
    assert json.loads(run("stories", "--json", db=tmp_path / "env.db").stdout) == []
    summary = json.loads(run("ingest", str(SEEDS), "-q", "--json", db=tmp_path / "env.db").stdout)
    assert summary["new"] == 0 and len(summary["stories"]) == 5
    assert len(json.loads(run("stories", "--json", db=tmp_path / "env.db").stdout)) >= 1


def test_exit_codes(tmp_path):
    db = tmp_path / "codes.db"
    missing = run("ingest", str(tmp_path / "no-such-dir"), db=db, check=False)
    assert missing.returncode == 2 and "no-such-dir" in missing.stderr
    assert run("article", "abcdef123", db=db, check=False).returncode == 2
    assert run("ingest", str(SEEDS), "--no-such-option", db=db, check=False).returncode == 2
    (tmp_path / "bad.jsonl").write_text('{"text": "Ein guter Artikel über die Proteste in Almaty."}\n{oops\n')
    proc = run("ingest", str(tmp_path / "bad.jsonl"), "--json", db=db)
    assert len(json.loads(proc.stdout)["quarantined"]) == 1
    listed = json.loads(run("quarantine", "--json", db=db).stdout)
    assert listed == [{"source": f"{tmp_path / 'bad.jsonl'}#L2", "reason": listed[0]["reason"]}]
    assert "invalid JSON" in listed[0]["reason"]
    (tmp_path / "not-a-db").write_text("x" * 5000)
    broken = run("articles", db=tmp_path / "not-a-db", check=False)
    assert broken.returncode == 1 and broken.stderr.startswith("error:") and len(broken.stderr.splitlines()) == 1


def test_ctrl_c_mid_batch_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = [p for p in (SEEDS / next(os.walk(SEEDS))[2][0]).read_text().split("\n") if p.strip()]
    for i in range(60):
        (corpus / f"{i:04d}.txt").write_text(f"Article {i}.\n\n" + "\n\n".join(paragraphs[i % 3:]), encoding="utf-8")
    db = tmp_path / "interrupt.db"
    proc = subprocess.Popen([sys.executable, "-m", "crosswire", "--db", str(db), "ingest", str(corpus), "-q",
                             "--no-stories"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.2)
        try:
            if sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] >= 5:
                break
        except sqlite3.Error:
            continue
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    con = sqlite3.connect(db)
    done = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 5 <= done < 60
    # every saved article is whole: segments and search rows present
    assert con.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                       "(SELECT 1 FROM segments s WHERE s.article_id = a.id)").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM segments").fetchone()[0] == \
        con.execute("SELECT count(*) FROM segments_fts").fetchone()[0]
    rerun = json.loads(run("ingest", str(corpus), "--json", "-q", "--no-stories", db=db).stdout)
    assert rerun["new"] == 60 - done and rerun["known"] == done


def test_search_refuses_bad_limits_and_overlong_queries_and_finds_nothing_without_words(tmp_path):
    db = tmp_path / "search.db"
    run("ingest", str(next(SEEDS.glob("004_*.txt"))), "-q", db=db)
    assert json.loads(run("search", "Almaty", "--json", db=db).stdout)
    for bad in (["--limit", "-1"], ["--limit", "0"]):
        assert run("search", "Almaty", *bad, db=db, check=False).returncode == 2
    long_query = run("search", "Almaty " * 500, db=db, check=False)
    assert long_query.returncode == 2 and "too long" in long_query.stderr
    for empty in ("", "  ", "?!…", "--- ..."):
        assert json.loads(run("search", "--json", "--", empty, db=db).stdout) == []


def test_two_processes_ingesting_into_one_new_database_both_succeed_and_lose_nothing(tmp_path):
    """Same texts from two folders, two real processes started together on a database that does
    not exist yet: one schema, every article once, each with both of its sources."""
    import shutil

    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        shutil.copytree(SEEDS, folder)
    db = tmp_path / "shared.db"
    for attempt in range(3):          # the race is in timing: try it a few times
        if db.exists():
            for suffix in ("", "-wal", "-shm"):
                (tmp_path / f"shared.db{suffix}").unlink(missing_ok=True)
        procs = [subprocess.Popen([sys.executable, "-m", "crosswire", "--db", str(db), "ingest", str(folder),
                                   "-q", "--no-stories", "--workers", "1"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for folder in folders]
        results = [p.communicate(timeout=300) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]
        con = sqlite3.connect(db)
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        per_article = con.execute("SELECT article_id, count(*) FROM sources GROUP BY article_id").fetchall()
        assert sorted(n for _, n in per_article) == [2] * 5
        assert con.execute("SELECT count(*) FROM segments").fetchone()[0] == \
            con.execute("SELECT count(*) FROM segments_fts").fetchone()[0] > 0
        con.close()


def test_a_database_in_a_folder_that_does_not_exist_is_a_usage_error(tmp_path):
    typo = tmp_path / "no-such-folder" / "news.db"
    for args in (["stories"], ["ingest", str(SEEDS)]):
        proc = run(*args, db=typo, check=False)
        assert proc.returncode == 2 and "no-such-folder" in proc.stderr
    assert not typo.parent.exists()
    assert run("stories", db=tmp_path / "new.db").returncode == 0      # a new file in a real folder is fine


def test_a_query_that_is_not_utf8_is_a_usage_error(tmp_path):
    db = tmp_path / "bytes.db"
    run("stories", db=db)
    proc = subprocess.run([sys.executable, "-m", "crosswire", "--db", str(db), "search", b"Alm\xffaty"],
                          capture_output=True, timeout=120)
    assert proc.returncode == 2 and b"UTF-8" in proc.stderr
