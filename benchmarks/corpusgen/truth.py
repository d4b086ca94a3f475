"""Ground truth: which real person or paper every mention on every page denotes.

One JSON line per page (``truth/mentions.jsonl``)::

    {"file": "000/r000012-en1.txt", "format": "profile", "language": "en", "owner": "p000012",
     "publications": [["w0000031", ["p000044", "p013020"]], ...]}

``publications[i]`` is the entry at 0-based index ``i`` on the page: its true paper id, then
the true person id of each listed author in page order (0-based author index). Profile pages
list co-authors only (the owner is left out); aggregator pages list the author line's names
(the owner included where it appears). ``file`` is relative to the corpus's ``pages`` folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any


@dataclass(frozen=True)
class PageTruth:
    file: str
    format: str  # profile | aggregator
    language: str  # en | fr
    owner: str  # true person id of the page's owner
    publications: list[tuple[str, list[str]]]  # (paper id, author person ids)

    @property
    def person_mentions(self) -> int:
        return 1 + sum(len(authors) for _, authors in self.publications)

    def to_json(self) -> str:
        data = asdict(self)
        data["publications"] = [[w, a] for w, a in self.publications]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> PageTruth:
        data: dict[str, Any] = json.loads(line)
        pubs = [(str(w), [str(a) for a in authors]) for w, authors in data["publications"]]
        return cls(data["file"], data["format"], data["language"], data["owner"], pubs)


def write_line(handle: IO[str], record: PageTruth) -> None:
    handle.write(record.to_json() + "\n")


def read_truth(path: Path) -> Iterator[PageTruth]:
    """Every page's truth from a ``mentions.jsonl`` file, in file order."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield PageTruth.from_json(line)
