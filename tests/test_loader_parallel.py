"""Worker processes prepare documents; the store still sees them in order, errors intact."""

from __future__ import annotations

from pathlib import Path

from app.loader.document import DocumentError
from app.loader.parallel import PARALLEL_THRESHOLD, PreparedStream
from app.loader.pipeline import Manifests, PreparedDocument, prepare

POST = (
    "---\ntitle: {name}\n---\n### Key Partners\n\n{name} works with {n} suppliers in 20{n:02d}.\n"
)


def _corpus(folder: Path, count: int, bad: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"doc_{n:03d}.md"
        if n == bad:
            path.write_text("### Key Partners\n\nfine\n\n### Lunch Menu\n\nsoup\n")
        else:
            path.write_text(POST.format(name=f"Company{n}", n=n))
        paths.append(path)
    return paths


def test_workers_keep_order_and_pass_errors_back_with_their_line(tmp_path: Path) -> None:
    count = PARALLEL_THRESHOLD + 9
    paths = _corpus(tmp_path, count, bad=7)
    with PreparedStream(paths, Manifests(), tmp_path, workers=2) as stream:
        assert stream._pool is not None  # really in worker processes
        results = list(stream)
    assert [path for path, _ in results] == paths
    error = results[7][1]
    assert isinstance(error, DocumentError)
    assert (error.line, error.message) == (5, "unknown block heading 'Lunch Menu'")
    docs = [doc for _, doc in results if isinstance(doc, PreparedDocument)]
    assert len(docs) == count - 1
    assert docs[3].rows == prepare(paths[3], None, tmp_path).rows


def test_few_documents_are_prepared_in_process(tmp_path: Path) -> None:
    paths = _corpus(tmp_path, 3, bad=-1)
    with PreparedStream(paths, Manifests(), tmp_path, workers=2) as stream:
        assert stream._pool is None
        assert [p for p, _ in stream] == paths
