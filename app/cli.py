"""`canvas`: the command line. A thin layer: parsing and storing live in app/loader/, serving
in app/serving.py; this module reads arguments and says what happened."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from app.loader.document import DocumentError
from app.loader.parallel import PreparedStream
from app.loader.pipeline import ManifestError, Manifests, prepare
from app.loader.reading import expand_paths
from app.loader.report import LoadReport
from app.loader.store import Store, StoreError
from app.settings import PROJECT_ROOT, SettingsError, get_settings

HELP = (
    "Business-model canvases from source documents, served read-only on the web.\n\n"
    "Begin with `canvas load` (the seeds/ folder by default), then `canvas serve` and open "
    "http://127.0.0.1:8000. Settings come from CANVAS_* environment variables (README)."
)
cli = typer.Typer(add_completion=False, no_args_is_help=True, help=HELP)
out = Console(soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
EXIT_BAD_INPUT = 2
TABLE_ROWS = 60


def fail(message: str) -> typer.Exit:
    err.print(f"canvas: error: {message}", markup=False)
    return typer.Exit(EXIT_BAD_INPUT)


@cli.callback()
def _settings_first() -> None:
    """Read the settings before any command: a bad one is one line, not a traceback."""
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
) -> None:
    """Import documents into the database, atomically: all of them or none."""
    settings = get_settings()
    target = db or settings.db
    files = expand_paths(paths or [settings.seeds])
    if not files:
        raise fail(f"{', '.join(map(str, paths or [settings.seeds]))}: no documents found")
    report = LoadReport()
    failed: set[Path] = set()
    try:
        manifests = Manifests(manifest)
        with (
            PreparedStream(files, manifests, PROJECT_ROOT) as stream,
            Store(target, settings.migrations) as store,
            _progress(quiet) as progress,
        ):
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
            store.commit()
        unmatched = manifests.unmatched(files)
    except (StoreError, ManifestError) as exc:
        raise fail(str(exc)) from None
    if not quiet:
        _print_report(report, target)
    for warning in unmatched:
        err.print(f"canvas: warning: {warning}", markup=False)
    if report.failures:
        raise typer.Exit(EXIT_BAD_INPUT)


@cli.command()
def check(
    file: Annotated[Path, typer.Argument(help="One document")],
    manifest: Annotated[
        Path | None, typer.Option(help="Manifest (default: beside the file)")
    ] = None,
) -> None:
    """Show what would be imported from FILE and what would be dropped; writes nothing."""
    try:
        doc = prepare(file, Manifests(manifest).entry_for(file), PROJECT_ROOT)
    except DocumentError as exc:
        raise fail(exc.located(str(file))) from None
    except ManifestError as exc:
        raise fail(str(exc)) from None
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
                out.print(
                    f"    L{span} {claim.kind} {claim.lang}{topic}: {claim.text}",
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
    for warning in parsed.warnings:
        out.print(f"warning: {warning}", markup=False, highlight=False)


@cli.command()
def serve(
    db: Annotated[Path | None, typer.Option(help="Database file (default: $CANVAS_DB)")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: $CANVAS_WORKERS, 2)")
    ] = None,
) -> None:
    """Serve the database read-only over HTTP, with the production settings."""
    import os

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
    if not db.is_file():
        raise fail(f"{shown}: no database here; `canvas load --db {shown}` writes one")
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        try:
            found = totals(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise fail(
            f"{shown}: not a canvas database ({exc}); `canvas load --db {shown}` writes one"
        ) from None
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


def _print_report(report: LoadReport, target: Path) -> None:
    table = Table(title=f"{target}: {report.documents} documents, {report.claims} claims")
    for column in (
        "company",
        "year",
        "lang",
        "docs",
        "blocks",
        "claims",
        "noise dropped",
        "warnings",
        "status",
    ):
        table.add_column(
            column,
            justify="right"
            if column in {"docs", "blocks", "claims", "noise dropped", "warnings"}
            else "left",
        )
    lines = report.sorted_lines()
    for line in lines[:TABLE_ROWS]:
        inferred = sorted(y for y in line.inferred if y is not None)
        year = (
            str(line.year)
            if inferred == [line.year]
            else f"{line.year} (manifest; inferred {inferred or '-'})"
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
    out.print(report.summary(), markup=False, highlight=False)
    for change in report.manifest_changes:
        out.print(f"manifest: {change}", markup=False)
    for key in report.pruned:
        out.print(f"pruned: {key}", markup=False)
    if report.failures:  # each named once already, as it was skipped
        err.print(f"canvas: {len(report.failures)} skipped (above); nothing of them was written")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
