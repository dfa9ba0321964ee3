"""The FAISS index on disk: build it, publish it atomically, load and check it.

Layout of the index folder:
    CURRENT            name of the live generation (replaced with one rename)
    gen-<time>-<pid>/  vectors.faiss + manifest.json of one build
    .lock              held while a build runs (one builder at a time, across processes)

A build writes a complete new generation and only then points CURRENT at it,
so a crash or kill at any moment leaves the previous index in use.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from ..errors import IndexUnavailable
from ..knowledge import Doc, Knowledge
from .classifier import Classifier, load_classifier, train_classifier

MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
CURRENT = "CURRENT"
FORMAT = 3  # 2: a classifier is saved with each generation; 3: and the draft check's risk model
RISK = "risk"  # the draft check's classifier (bot.check.learned), saved beside the question classifier
CLEAN = "clean"  # its label for a post that touches no section
_GENERATION = re.compile(r"gen-[A-Za-z0-9-]+")
_TYPES = {"format": int, "model": str, "dimension": int, "content_hash": str, "count": int,
          "built_at": str, "build_seconds": (int, float), "docs": list}
_DOC_FIELDS = ("target", "kind", "entry", "field", "language", "text")


@dataclass(frozen=True)
class Manifest:
    format: int
    model: str
    dimension: int
    content_hash: str
    count: int
    built_at: str
    build_seconds: float
    docs: list[Doc]

    def to_json(self) -> dict:
        data = asdict(self)
        data["docs"] = [asdict(d) for d in self.docs]
        return data

    @classmethod
    def from_json(cls, data) -> Manifest:
        """The manifest from its JSON; ValueError naming what is wrong when it is not one."""
        if not isinstance(data, dict):
            raise ValueError(f"the manifest is a JSON {type(data).__name__}, not an object")
        if set(data) != set(_TYPES):
            raise ValueError(f"the manifest has fields {sorted(data)}, expected {sorted(_TYPES)}")
        for name, kind in _TYPES.items():
            if not isinstance(data[name], kind) or isinstance(data[name], bool):
                raise ValueError(f"the manifest's '{name}' is not of type {getattr(kind, '__name__', 'number')}")
        for d in data["docs"]:
            if not isinstance(d, dict) or set(d) != set(_DOC_FIELDS) or not all(isinstance(v, str) for v in d.values()):
                raise ValueError("the manifest's 'docs' has an entry that is not a text record")
        docs = [Doc(**d) for d in data["docs"]]
        return cls(**{**data, "docs": docs})


@dataclass(frozen=True)
class LoadedIndex:
    manifest: Manifest
    vectors: faiss.Index
    path: Path
    classifier: Classifier
    risk: Classifier  # what a draft reads like: CLEAN or the section it touches (bot.check.learned)


def risk_examples(knowledge: Knowledge, docs: list[Doc]) -> tuple[list[str], list[str], list[int]]:
    """The risk model's training texts and labels: every section's don'ts (that section) and dos (CLEAN),
    with their positions in `docs` (their vectors are the index's), then HR's example drafts, one row
    per section they touch (position -1: not in the index, embedded when the model is trained)."""
    texts, labels, rows = [], [], []
    for i, d in enumerate(docs):
        if d.kind == "section" and d.field in ("dont", "do"):
            texts.append(d.text)
            labels.append(d.target if d.field == "dont" else CLEAN)
            rows.append(i)
    for draft in knowledge.example_drafts:
        for label in draft.sections or (CLEAN,):
            texts.append(draft.text)
            labels.append(label)
            rows.append(-1)
    return texts, labels, rows


# The example drafts' vectors per loaded model: a rebuild (live reload, HR adding one post) embeds only new posts.
_DRAFT_VECTORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _draft_vectors(model, drafts: list[str]) -> dict[str, np.ndarray]:
    """{text: vector} for `drafts`, embedding only those this model has not embedded before."""
    known = _DRAFT_VECTORS.get(model, {})
    new = [t for t in drafts if t not in known]
    fresh = dict(zip(new, embed(model, new), strict=True)) if new else {}
    vectors = {t: known[t] if t in known else fresh[t] for t in drafts}
    _DRAFT_VECTORS[model] = vectors  # drafts HR removed are forgotten
    return vectors


def train_risk(knowledge: Knowledge, docs: list[Doc], vectors: np.ndarray, model) -> Classifier:
    """The draft check's classifier over CLEAN and the sections, trained when the index is built."""
    texts, labels, rows = risk_examples(knowledge, docs)
    if not texts:  # a knowledge without dos, don'ts or examples: every draft reads as clean
        return train_classifier(["-", "-"], [CLEAN, CLEAN], np.zeros((2, vectors.shape[1]), np.float32))
    drafts = list(dict.fromkeys(t for t, r in zip(texts, rows, strict=True) if r < 0))
    embedded = _draft_vectors(model, drafts)
    matrix = np.vstack([vectors[r] if r >= 0 else embedded[t] for t, r in zip(texts, rows, strict=True)])
    return train_classifier(texts, labels, matrix)


def stale_reason(manifest: Manifest, knowledge: Knowledge, model: str) -> str | None:
    """Why this index does not match the knowledge and model, or None when it does."""
    if manifest.format != FORMAT:
        return f"index format {manifest.format} is not the current format {FORMAT}"
    if manifest.model != model:
        return f"index was built with model '{manifest.model}', the configured model is '{model}'"
    if manifest.content_hash != knowledge.content_hash:
        return "the knowledge folder changed since the index was built"
    return None


def freshness(index_dir: Path | str, knowledge: Knowledge, model: str) -> tuple[LoadedIndex | None, str | None]:
    """The index in `index_dir` and why it cannot serve `knowledge` with `model` (None when it can).

    (index, None): up to date. (index, reason): present but stale. (None, reason): missing or
    unreadable. The one rule for "is the index fresh", used by the engine and `smpolicy index`.
    """
    try:
        index = load_index(index_dir)
    except IndexUnavailable as exc:
        return None, str(exc)
    return index, stale_reason(index.manifest, knowledge, model)


def embed(model, texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, so inner product is cosine similarity."""
    vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    return np.ascontiguousarray(vectors, dtype=np.float32)


@contextlib.contextmanager
def _build_lock(index_dir: Path):
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def build_index(knowledge: Knowledge, model, model_name: str, index_dir: Path | str,
                *, before_publish=None) -> LoadedIndex:
    """Embed every searchable text and publish a new generation atomically."""
    index_dir = Path(index_dir)
    with _build_lock(index_dir):
        started = time.perf_counter()
        docs = knowledge.docs()
        vectors = embed(model, [d.text for d in docs])
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        classifier = train_classifier([d.text for d in docs], [d.target for d in docs], vectors)
        risk = train_risk(knowledge, docs, vectors, model)
        manifest = Manifest(
            format=FORMAT, model=model_name, dimension=int(vectors.shape[1]),
            content_hash=knowledge.content_hash, count=int(index.ntotal),
            built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            build_seconds=round(time.perf_counter() - started, 3), docs=docs,
        )
        name = f"gen-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        tmp = index_dir / f".{name}.tmp"
        tmp.mkdir()
        faiss.write_index(index, str(tmp / VECTORS))
        classifier.save(tmp)
        risk.save(tmp, RISK)
        with open(tmp / MANIFEST, "w", encoding="utf-8") as fh:
            json.dump(manifest.to_json(), fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        for written in tmp.iterdir():
            with open(written, "rb") as fh:
                os.fsync(fh.fileno())
        if before_publish:
            before_publish(knowledge, tmp)  # e.g. keep a copy of the knowledge it was built from
        final = index_dir / name
        os.rename(tmp, final)
        pointer = index_dir / f".{CURRENT}.tmp"
        pointer.write_text(name + "\n")
        with open(pointer, "rb") as fh:
            os.fsync(fh.fileno())
        current = index_dir / CURRENT
        if current.is_dir() and not current.is_symlink():  # a damaged folder: a directory named CURRENT
            shutil.rmtree(current)
        os.replace(pointer, current)  # the commit point
        _fsync_dir(index_dir)
        _remove_old_generations(index_dir, keep=name)
        return LoadedIndex(manifest, index, final, classifier, risk)


def _remove_old_generations(index_dir: Path, keep: str) -> None:
    """Drop earlier generations and leftovers of interrupted builds (we hold the lock)."""
    for path in index_dir.iterdir():
        if path.is_dir() and path.name != keep and (path.name.startswith("gen-") or path.name.endswith(".tmp")):
            shutil.rmtree(path, ignore_errors=True)


def _current(index_dir: Path) -> str:
    """The generation CURRENT names, or IndexUnavailable saying why there is none."""
    pointer = index_dir / CURRENT
    try:
        raw = pointer.read_bytes()
    except FileNotFoundError:
        raise IndexUnavailable(f"no index in {index_dir}; build it with `smpolicy index --index {index_dir}`") from None
    except OSError as exc:
        raise IndexUnavailable(f"the index pointer {pointer} cannot be read ({exc.strerror or exc}); "
                               "rebuild it with `smpolicy index`") from None
    name = raw.decode("ascii", errors="replace").strip()
    if not _GENERATION.fullmatch(name):
        raise IndexUnavailable(f"the index pointer {pointer} does not name a generation; rebuild it with `smpolicy index`")
    return name


def _load_generation(path: Path) -> LoadedIndex:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest.from_json(data)
        vectors = faiss.read_index(str(path / VECTORS))
        classifier = load_classifier(path)
        risk = load_classifier(path, RISK)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, RecursionError) as exc:
        raise IndexUnavailable(f"the index in {path} is unreadable ({exc}); rebuild it with `smpolicy index`") from None
    if vectors.ntotal != manifest.count or vectors.d != manifest.dimension or len(manifest.docs) != manifest.count:
        raise IndexUnavailable(f"the index in {path} does not match its manifest; rebuild it with `smpolicy index`")
    return LoadedIndex(manifest, vectors, path, classifier, risk)


def load_index(index_dir: Path | str, *, attempts: int = 3) -> LoadedIndex:
    """The live generation, or IndexUnavailable saying what is wrong and how to fix it.

    A build that publishes a new generation removes the old one; a reader that
    was still reading the old one finds it gone, and tries again with the
    generation CURRENT names now.
    """
    index_dir = Path(index_dir)
    name = _current(index_dir)
    for _ in range(attempts - 1):
        try:
            return _load_generation(index_dir / name)
        except IndexUnavailable:
            now = _current(index_dir)
            if now == name:
                raise
            name = now
    return _load_generation(index_dir / name)
