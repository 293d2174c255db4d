"""`canvas`: the command line. A thin layer: parsing and storing live in app/loader/, serving
in app/serving.py; this module reads arguments and says what happened."""

from __future__ import annotations

import json
import sys
import textwrap
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from app.db.queries import Totals
from app.domain import split_lines
from app.loader.document import DocumentError
from app.loader.parallel import PreparedStream
from app.loader.pipeline import ManifestError, Manifests, PreparedDocument, prepare
from app.loader.reading import expand_paths
from app.loader.report import LoadReport
from app.loader.store import Store, StoreError
from app.settings import PROJECT_ROOT, SettingsError, get_settings, unknown_variables

HELP = (
    "Business-model canvases from source documents, served read-only on the web.\n\n"
    "Begin with `canvas load` (the seeds/ folder by default), then `canvas serve` and open "
    "http://127.0.0.1:8000. Settings come from CANVAS_* environment variables (README)."
)
cli = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
EXIT_BAD_INPUT = 2
TABLE_ROWS = 60


def fail(message: str) -> typer.Exit:
    err.print(f"canvas: error: {message}", markup=False)
    return typer.Exit(EXIT_BAD_INPUT)


DISTRIBUTION = "canvas-viewer"
MAX_PORT = 65535


def _version(shown: bool) -> None:
    if shown:
        try:
            found = version(DISTRIBUTION)
        except PackageNotFoundError:  # run from a checkout that was never installed
            found = "(version unknown: not installed)"
        out.print(f"canvas {found}", markup=False, highlight=False)
        raise typer.Exit()


@cli.callback()
def _settings_first(
    _: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit"
        ),
    ] = False,
) -> None:
    """Read the settings before any command: a bad one is one line, not a traceback; a
    CANVAS_* variable that names no setting (a typo) is a warning line."""
    for warning in unknown_variables():
        err.print(f"canvas: warning: {warning}", markup=False)
    try:
        get_settings()
    except SettingsError as exc:
        raise fail(str(exc)) from None


@cli.command()
def load(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: seeds/)")
    ] = None,
    db: Annotated[Path | None, typer.Option(help="Database file (default: $CANVAS_DB)")] = None,
    manifest: Annotated[
        Path | None, typer.Option(help="Manifest (default: beside each file)")
    ] = None,
    keep_going: Annotated[bool, typer.Option(help="Load the good files, list the bad")] = False,
    prune: Annotated[bool, typer.Option(help="Remove sources not among these documents")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar or table")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Every warning, however many")
    ] = False,
) -> None:
    """Import documents into the database, atomically: all of them or none."""
    settings = get_settings()
    target = db or settings.db
    files = expand_paths(paths or [settings.seeds])
    if not files:
        raise fail(f"{', '.join(map(str, paths or [settings.seeds]))}: no documents found")
    keys: dict[str, Path] = {}
    for path in files:  # a source is known by its file name stem: two files, one key
        if (other := keys.setdefault(path.stem, path)) != path:
            raise fail(f"{other} and {path} share the source key {path.stem!r}; rename one")
    report = LoadReport()
    failed: set[Path] = set()
    try:
        # A target that can never be a canvas database is refused here, before any
        # document is read and before a lock or temp file is made beside it.
        store = Store(target, settings.migrations)
        manifests = Manifests(manifest)
        with (
            PreparedStream(files, manifests, PROJECT_ROOT) as stream,
            store,
            _progress(quiet) as progress,
        ):
            store.expect({key: str(path) for key, path in keys.items()}, PROJECT_ROOT)
            task = progress.add_task("loading", total=len(files))
            for path, doc in stream:
                progress.update(task, description=path.name)
                if isinstance(doc, DocumentError):
                    if not keep_going:
                        raise fail(doc.located(str(path)))
                    failed.add(path)
                    report.failures.append(doc.located(str(path)))
                    err.print(f"canvas: skipped: {doc.located(str(path))}", markup=False)
                else:
                    report.add(doc, store.put(doc))
                progress.advance(task)
            if prune:
                report.pruned = store.prune(p.stem for p in files if p not in failed)
            else:
                report.unreferenced = store.unreferenced(keys)
            store.commit()
            report.rename_slugs(store.slug_changes)
            report.warnings.extend(store.warnings)
        unmatched = manifests.unmatched(files)
    except (StoreError, ManifestError) as exc:
        raise fail(str(exc)) from None
    if not quiet:
        _print_report(report, target, store.totals, verbose)
    for warning in unmatched:
        err.print(f"canvas: warning: {warning}", markup=False)
    if report.failures:
        raise typer.Exit(EXIT_BAD_INPUT)


@cli.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (as `canvas load`)")],
    manifest: Annotated[
        Path | None, typer.Option(help="Manifest (default: beside each file)")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON array on stdout: an object per file")
    ] = False,
) -> None:
    """Show what would be imported from each file and what would be dropped; writes nothing.

    A bad file is one line on stderr; the others are still shown, and the exit status is 2."""
    files = expand_paths(paths)
    if not files:
        raise fail(f"{', '.join(map(str, paths))}: no documents found")
    try:
        manifests = Manifests(manifest)
    except ManifestError as exc:
        raise fail(str(exc)) from None
    shown: list[dict[str, object]] = []  # for --json
    good = bad = 0
    for file in files:
        try:
            doc = prepare(file, manifests.entry_for(file), PROJECT_ROOT)
        except DocumentError as exc:
            err.print(f"canvas: error: {exc.located(str(file))}", markup=False)
            bad += 1
            continue
        except ManifestError as exc:  # about every document beside it: stop here
            raise fail(str(exc)) from None
        if as_json:
            shown.append(_check_json(doc))
        else:
            if good:
                out.print()
            _print_check(doc)
        good += 1
    if as_json:
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
    if bad:
        raise typer.Exit(EXIT_BAD_INPUT)


#: How `canvas check` names a line's role (ParsedDocument.structure).
STRUCTURE_ROLES = {"table-header": "table header"}


def _print_check(doc: PreparedDocument) -> None:
    parsed = doc.parsed
    out.print(
        f"[bold]{doc.path}[/]: {parsed.kind}, company {doc.name!r} "
        f"(slug {doc.slug}, ticker {doc.ticker or '-'}), title {doc.title!r}",
        markup=True,
    )
    for change in doc.manifest_changes:
        out.print(f"manifest: {change}", markup=False)
    for part in parsed.parts:
        top = sorted(part.year_counts.items(), key=lambda kv: (-kv[1], -kv[0]))[:4]
        mentions = ", ".join(f"{y}×{n}" for y, n in top) or "none"
        out.print(
            f"\n[bold]{part.lang} part[/]: year {part.year} "
            f"(inferred {doc.inferred_years.get(part.lang)}; mentions {mentions})"
        )
        for block in part.blocks:
            out.print(f"  [bold]{block.kind}[/] line {block.line}: {len(block.claims)} claims")
            for claim in block.claims:
                span = (
                    f"{claim.line_start}"
                    if claim.line_start == claim.line_end
                    else f"{claim.line_start}-{claim.line_end}"
                )
                topic = f" [{claim.topic}]" if claim.topic else ""
                kind = claim.kind if claim.number is None else f"{claim.kind} {claim.number}"
                out.print(
                    f"    L{span} {kind} {claim.lang}{topic}: {claim.text}",
                    markup=False,
                    highlight=False,
                )
    out.print(f"\n[bold]dropped lines[/]: {len(parsed.dropped)}")
    for dropped in parsed.dropped:
        out.print(
            f"  L{dropped.line} {dropped.reason}: {dropped.text[:100]}",
            markup=False,
            highlight=False,
        )
    lines = split_lines(doc.source.text)
    out.print(f"\n[bold]structure lines[/]: {len(parsed.structure)}")
    for number, role in sorted(parsed.structure.items()):
        text = lines[number - 1] if number <= len(lines) else ""
        out.print(
            f"  L{number} {STRUCTURE_ROLES.get(role, role)}: {text[:100]}",
            markup=False,
            highlight=False,
        )
    for warning in parsed.warnings:
        out.print(f"warning: {warning}", markup=False, highlight=False)


def _check_json(doc: PreparedDocument) -> dict[str, object]:
    """What `canvas check --json` says of one document: everything the text output shows."""
    parsed = doc.parsed
    lines = split_lines(doc.source.text)
    return {
        "path": doc.path,
        "kind": parsed.kind,
        "company": doc.name,
        "slug": doc.slug,
        "ticker": doc.ticker,
        "title": doc.title,
        "url": doc.url,
        "manifest_changes": list(doc.manifest_changes),
        "parts": [
            {
                "lang": part.lang,
                "year": part.year,
                "inferred_year": doc.inferred_years.get(part.lang),
                "year_counts": {str(y): n for y, n in sorted(part.year_counts.items())},
                "blocks": [
                    {
                        "kind": block.kind,
                        "heading": block.heading,
                        "line": block.line,
                        "claims": [
                            {
                                "line_start": claim.line_start,
                                "line_end": claim.line_end,
                                "kind": claim.kind,
                                "lang": claim.lang,
                                "topic": claim.topic,
                                "text": claim.text,
                                "cells": None if claim.cells is None else list(claim.cells),
                                "header": None if claim.header is None else list(claim.header),
                                "number": claim.number,
                            }
                            for claim in block.claims
                        ],
                    }
                    for block in part.blocks
                ],
            }
            for part in parsed.parts
        ],
        "dropped": [{"line": d.line, "reason": d.reason, "text": d.text} for d in parsed.dropped],
        "structure": [
            {
                "line": number,
                "role": role,
                "text": lines[number - 1] if number <= len(lines) else "",
            }
            for number, role in sorted(parsed.structure.items())
        ],
        "warnings": [str(warning) for warning in parsed.warnings],  # "line 12: ..."
    }


@cli.command()
def serve(
    db: Annotated[Path | None, typer.Option(help="Database file (default: $CANVAS_DB)")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help=f"Port to listen on, 1 to {MAX_PORT} (0: any free one)")
    ] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes, at least 1 (default: $CANVAS_WORKERS, 2)"),
    ] = None,
) -> None:
    """Serve the database read-only over HTTP, with the production settings."""
    import os

    # Checked here rather than by typer's min/max: one line naming the value, as below.
    if not 0 <= port <= MAX_PORT:
        raise fail(f"--port {port}: not a port number (1 to {MAX_PORT}, or 0 for any free one)")
    if workers is not None and workers < 1:
        raise fail(f"--workers {workers}: at least 1 worker is needed")

    from app.serving import free_port
    from app.serving import serve as serve_workers

    settings = get_settings()  # checked already, before any command (_settings_first)
    target = (db or settings.db).resolve()
    # Workers import the app by name, so the database reaches them through the environment.
    os.environ["CANVAS_DB"] = str(target)
    get_settings.cache_clear()  # a single worker runs in this process: re-read the env
    count = workers or settings.workers
    try:
        port = free_port(host, port)
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    holdings = _holdings(target)  # a missing or foreign file: an error before listening
    shown = f"[{host}]" if ":" in host else host
    noun = "worker" if count == 1 else "workers"
    out.print(
        f"http://{shown}:{port} · {count} {noun} · {holdings}",
        markup=False,
        highlight=False,
    )
    serve_workers(host, port, count)


def _holdings(db: Path) -> str:
    """What the server will serve, in a few words: "data/canvas.db: 5 companies, 11
    snapshots". A server over no database would answer 503 to everyone: refused here."""
    import sqlite3

    from app.db.queries import totals

    shown = _shown_path(db)
    if db.is_dir():
        raise fail(f"{shown}: is a directory, not a database file")
    if not db.exists():
        raise fail(f"{shown}: no database here; `canvas load --db {shown}` writes one")
    if not db.is_file():
        raise fail(f"{shown}: not a regular file, not a database file")
    try:
        with open(db, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise fail(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    if not header:  # what `canvas load` turns into a database
        raise fail(f"{shown}: an empty file; `canvas load --db {shown}` writes the database")
    if header != b"SQLite format 3\x00":
        raise fail(f"{shown}: not a canvas database (not a SQLite file)")
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        try:
            found = totals(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise fail(f"{shown}: not a canvas database ({exc})") from None
    companies = "1 company" if found.companies == 1 else f"{found.companies} companies"
    snapshots = "1 snapshot" if found.snapshots == 1 else f"{found.snapshots} snapshots"
    return f"{shown}: {companies}, {snapshots}"


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=quiet,
    )


#: Warnings printed under the report before `--verbose` is needed for the rest.
WARNING_LINES = 20
_NUMBER_COLUMNS = ("docs", "blocks", "stmts", "noise", "warn")


def _print_report(report: LoadReport, target: Path, totals: Totals | None, verbose: bool) -> None:
    """The database after the load, what this load changed, a row per company and year,
    then every warning and every source whose fate changed. Fits 80 columns: long cells
    wrap (never cut with an ellipsis), and the table draws no vertical rules."""
    if totals is not None:
        _say(
            f"{_shown_path(target)}: {_count(totals.companies, 'company', 'companies')},"
            f" {_count(totals.snapshots, 'snapshot')}, {_count(totals.claims, 'statement')}"
        )
    _say(report.summary())
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for column in ("company", "year", "lang", *_NUMBER_COLUMNS, "status"):
        table.add_column(
            column,
            justify="right" if column in _NUMBER_COLUMNS else "left",
            overflow="fold",
            no_wrap=column in _NUMBER_COLUMNS or column == "lang",
        )
    lines = report.sorted_lines()
    for line in lines[:TABLE_ROWS]:
        inferred = sorted(y for y in line.inferred if y is not None)
        year = (
            str(line.year)
            if inferred == [line.year]
            else f"{line.year} (manifest; inferred {', '.join(map(str, inferred)) or '-'})"
        )
        table.add_row(
            line.slug,
            year,
            line.lang,
            str(line.documents),
            str(line.blocks),
            str(line.claims),
            str(line.noise),
            str(line.warnings),
            ", ".join(sorted(line.status)),
        )
    if len(lines) > TABLE_ROWS:
        table.caption = f"... and {len(lines) - TABLE_ROWS} more snapshots"
    out.print(table)
    for event in report.events:
        _say(event)
    for change in report.manifest_changes:
        _say(f"manifest: {change}")
    for key in report.pruned:
        _say(f"pruned: {key}")
    for key, path in report.unreferenced:
        _say(
            f"no file: {key} ({path} is gone); its statements stay until"
            " `canvas load --prune` with all your documents"
        )
    warnings = report.warnings
    if warnings:
        shown = warnings if verbose else warnings[:WARNING_LINES]
        rest = len(warnings) - len(shown)
        more = f"; {rest} more with --verbose" if rest else ""
        _say(f"{_count(len(warnings), 'warning')}{more}:")
        for warning in shown:
            _say(warning, indent="  ")
    if report.failures:  # each named once already, as it was skipped
        err.print(f"canvas: {len(report.failures)} skipped (above); nothing of them was written")


def _say(text: str, indent: str = "") -> None:
    """A line of the report, wrapped to the terminal between words (a path is never broken,
    nor cut): its continuation lines indented under it."""
    wrapped = textwrap.fill(
        text,
        width=out.width,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    out.print(wrapped, markup=False, highlight=False)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def main() -> None:
    """`canvas`. typer's own usage errors (a bad option value, an unknown option or
    command) are one line too, like every other error, rather than a boxed panel."""
    args = sys.argv[1:]
    if not args:  # typer shows the help (exit status 2)
        cli(prog_name="canvas")
    try:
        code = cli(args, prog_name="canvas", standalone_mode=False)
    except typer.TyperException as exc:  # click's exceptions (typer vendors click)
        message = " ".join(exc.format_message().split())
        err.print(f"canvas: error: {message}", markup=False)
        sys.exit(EXIT_BAD_INPUT)
    except typer.Abort:
        err.print("canvas: aborted", markup=False)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
