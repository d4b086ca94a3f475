"""Incremental resolution equals resolving everything: on a generated corpus, random changes to
a page (a paper added at the top or the end, a paper dropped, a title re-worded, an author
re-spelled, a paper of another page listed) move the stored resolution exactly as a full
resolve of the changed corpus moves it, reading only part of the corpus."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from memory_resolution import MemoryResolution

from scholargraph.config import Settings
from scholargraph.inputs import plan_inputs
from scholargraph.models import (
    AuthorMention,
    EntityKind,
    MentionRef,
    PartialDate,
    PersonName,
    Publication,
    Resolution,
    SourceDocument,
    owner_ref,
)
from scholargraph.pipeline import load_vocabulary, parse_file
from scholargraph.resolve import _entities, resolve
from scholargraph.resolve.blocking import title_block_keys
from scholargraph.resolve.common import EntityDraft, NameCache
from scholargraph.resolve.incremental import (
    Declined,
    PageChange,
    ResolutionDelta,
    _assign,
    apply_delta,
    page_nodes,
    page_titles,
    resolve_change,
)
from scholargraph.resolve.incremental_groups import Grouper
from scholargraph.resolve.keys import slugify
from scholargraph.resolve.normalize import content_tokens
from scholargraph.resolve.persons import NodeKey
from scholargraph.resolve.publications import title_node_key

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import generate_corpus  # noqa: E402

INSTITUTE = Settings().institute_name
GROUPER = Grouper(load_vocabulary(Settings())[0], INSTITUTE)
VOCABULARY_TOPICS = sorted(
    label for c in load_vocabulary(Settings())[0].topics for label in c.pref_labels.values()
)
# what incremental_groups declines: a key other entities want, hold or alias, a key that moves,
# a first mention that moves while another entity wants that key, a topic outside the
# vocabulary that could join or leave a cluster of spellings
DECLINED = ("contested", "wants", "contests", "spelled like", "vanishes", "two spellings")
# topics outside the vocabulary: 'tidal quills' and 'tidal quill' cluster, the others stand alone
UNKNOWN_TOPICS = [
    "Tidal Quills",
    "Tidal Quill",
    "tidal quills",
    "Lichen Dynamics",
    "Quorum Weaving",
]
NEW_UNKNOWN_TOPICS = ["Ember Lattices", "Quorum Weavings", "Tidal Quils", "Lichen Dynamics"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SourceDocument]:
    info = generate_corpus(tmp_path_factory.mktemp("corpus-incremental"), 40, seed=11)
    docs = [parse_file(item, 1 << 22) for item in plan_inputs([info.pages_dir])]
    return {d.source_id: d for d in docs}


@pytest.fixture(scope="module")
def resolved(corpus: dict[str, SourceDocument]) -> tuple[Resolution, MemoryResolution]:
    resolution = _full(corpus)
    return resolution, MemoryResolution.build(corpus, resolution)


def _with_topics(doc: SourceDocument, topics: list[str], tag: str) -> SourceDocument:
    record = doc.record.model_copy(update={"topics": tuple(topics)})
    return doc.model_copy(
        update={"record": record, "content_sha256": f"{tag}-{doc.content_sha256}"}
    )


@pytest.fixture(scope="module")
def unknown_corpus(corpus: dict[str, SourceDocument]) -> dict[str, SourceDocument]:
    """The corpus with topics outside the vocabulary on some pages: one spelled three ways on
    three pages (two of the spellings fold alike), one on two pages, one on one page."""
    ids = sorted(corpus)
    plan = {
        ids[0]: ["Tidal Quills"],
        ids[3]: ["Tidal Quill", "Lichen Dynamics"],
        ids[7]: ["tidal quills"],
        ids[9]: ["Quorum Weaving"],
        ids[12]: ["Lichen Dynamics"],
    }
    out = dict(corpus)
    for source_id, extra in plan.items():
        doc = corpus[source_id]
        out[source_id] = _with_topics(doc, [*doc.record.topics, *extra], "unknown")
    return out


@pytest.fixture(scope="module")
def unknown_resolved(
    unknown_corpus: dict[str, SourceDocument],
) -> tuple[Resolution, MemoryResolution]:
    resolution = _full(unknown_corpus)
    return resolution, MemoryResolution.build(unknown_corpus, resolution)


def _full(docs: dict[str, SourceDocument]) -> Resolution:
    vocabulary = load_vocabulary(Settings())[0]
    return resolve([docs[k] for k in sorted(docs)], vocabulary, institute_name=INSTITUTE)


def _with_entries(doc: SourceDocument, entries: list[Publication], tag: str) -> SourceDocument:
    numbered = tuple(p.model_copy(update={"index": i}) for i, p in enumerate(entries))
    record = doc.record.model_copy(update={"publications": numbered})
    return doc.model_copy(
        update={"record": record, "content_sha256": f"{tag}-{doc.content_sha256}"}
    )


def _respelled(author: AuthorMention) -> AuthorMention:
    words = author.name.text.split()
    text = (
        " ".join([f"{w[0]}." for w in words[:-1]] + words[-1:])
        if len(words) > 1
        else author.name.text
    )
    return author.model_copy(update={"name": PersonName(raw=text, text=text)})


def version_entries(
    docs: dict[str, SourceDocument], resolution: Resolution
) -> list[tuple[str, int]]:
    """(page, entry) of every entry whose paper the resolver formed from several titles."""
    papers = resolution.mentions[EntityKind.PUBLICATION]
    titles: dict[str, set[str]] = defaultdict(set)
    for ref, key in papers.items():
        pub = next(p for p in docs[str(ref[0])].record.publications if p.index == ref[2])
        titles[key].add(title_node_key(pub.title, ref))
    return sorted((str(ref[0]), int(ref[2])) for ref, key in papers.items() if len(titles[key]) > 1)


@st.composite
def changes(
    draw: st.DrawFn, docs: dict[str, SourceDocument], versions: list[tuple[str, int]]
) -> SourceDocument:
    """One page of ``docs`` changed in one of the ways a re-captured page changes; an entry of
    a paper with several titles (``versions``) dropped or dated years away (the paper splits,
    so entries on other pages change papers)."""
    if draw(st.integers(0, 3)) == 0:
        source_id, index = draw(st.sampled_from(versions))
        doc = docs[source_id]
        entries = [p for p in doc.record.publications if p.index != index or draw(st.booleans())]
        if len(entries) == len(doc.record.publications):
            at = next(i for i, p in enumerate(entries) if p.index == index)
            year = entries[at].date.year if entries[at].date and entries[at].date.year else 2000
            entries[at] = entries[at].model_copy(update={"date": PartialDate(year=year + 5)})
        return _with_entries(doc, entries, "version")
    ids = sorted(docs)
    doc = docs[draw(st.sampled_from(ids))]
    entries = list(doc.record.publications)
    donor = docs[draw(st.sampled_from(ids))]
    donor_entries = list(donor.record.publications)
    kind = draw(
        st.sampled_from(
            [
                "listed-top",
                "listed-end",
                "new-paper",
                "dropped",
                "reworded",
                "respelled",
                "groups",
            ]
        )
    )
    if kind == "groups":
        return draw(group_changes(doc, donor))
    if kind in ("listed-top", "listed-end") and donor_entries:
        entry = draw(st.sampled_from(donor_entries)).model_copy(update={"organization_tags": ()})
        entries = [entry, *entries] if kind == "listed-top" else [*entries, entry]
    elif kind == "new-paper" and donor_entries:
        entry = draw(st.sampled_from(donor_entries))
        words = entry.title.split()
        extra = draw(st.sampled_from(["Sparse", "Robust", "Towards", "Revisited", "Quantum"]))
        title = " ".join([extra, *words[1:]]) if draw(st.booleans()) else f"{entry.title} {extra}"
        entries.insert(
            draw(st.integers(0, len(entries))),
            entry.model_copy(update={"title": title, "raw_title": title, "organization_tags": ()}),
        )
    elif kind == "dropped" and entries:
        entries.pop(draw(st.integers(0, len(entries) - 1)))
    elif kind == "reworded" and entries:
        at = draw(st.integers(0, len(entries) - 1))
        title = entries[at].title
        words = title.split()
        reworded = (
            " ".join(words[:-1]) if len(words) > 3 and draw(st.booleans()) else f"{title} Revisited"
        )
        entries[at] = entries[at].model_copy(update={"title": reworded, "raw_title": reworded})
    elif kind == "respelled" and any(e.authors for e in entries):
        at = draw(st.sampled_from([i for i, e in enumerate(entries) if e.authors]))
        pos = draw(st.integers(0, len(entries[at].authors) - 1))
        authors = list(entries[at].authors)
        authors[pos] = _respelled(authors[pos])
        entries[at] = entries[at].model_copy(update={"authors": tuple(authors)})
    return _with_entries(doc, entries, kind)


@st.composite
def group_changes(draw: st.DrawFn, doc: SourceDocument, donor: SourceDocument) -> SourceDocument:
    """``doc`` with a topic or an employer of ``donor`` taken on, a vocabulary topic or an
    employer no page names, one of its own dropped or spelled another way, or an entry tagged
    with an organization ``donor`` names."""
    record = doc.record
    topics, positions = list(record.topics), list(record.positions)
    entries = list(record.publications)
    orgs = [p.organization for p in donor.record.positions if p.organization]
    orgs += [t for p in donor.record.publications for t in p.organization_tags]
    kind = draw(
        st.sampled_from(
            [
                "topic",
                "vocabulary-topic",
                "no-topic",
                "employer",
                "new-employer",
                "respelled",
                "no-employer",
                "tag",
            ]
        )
    )
    if kind == "topic" and donor.record.topics:
        topics.insert(draw(st.integers(0, len(topics))), draw(st.sampled_from(donor.record.topics)))
    elif kind == "vocabulary-topic":
        topics.append(draw(st.sampled_from(VOCABULARY_TOPICS)))
    elif kind == "new-employer" and positions:
        at = draw(st.integers(0, len(positions) - 1))
        name = draw(st.sampled_from(["Quillmoor Works", "Tarnby Lab", "Ardent Labs 2"]))
        positions[at] = positions[at].model_copy(update={"organization": name})
    elif kind == "no-topic" and topics:
        topics.pop(draw(st.integers(0, len(topics) - 1)))
    elif kind == "employer" and positions and orgs:
        at = draw(st.integers(0, len(positions) - 1))
        positions[at] = positions[at].model_copy(
            update={"organization": draw(st.sampled_from(orgs))}
        )
    elif kind == "respelled" and any(p.organization for p in positions):
        at = draw(st.sampled_from([i for i, p in enumerate(positions) if p.organization]))
        name = str(positions[at].organization)
        spelling = draw(st.sampled_from([name.upper(), name.lower(), f"{name}."]))
        positions[at] = positions[at].model_copy(update={"organization": spelling})
    elif kind == "no-employer" and positions:
        at = draw(st.integers(0, len(positions) - 1))
        positions[at] = positions[at].model_copy(update={"organization": None})
    elif kind == "tag" and entries and orgs:
        at = draw(st.integers(0, len(entries) - 1))
        tags = (*entries[at].organization_tags, draw(st.sampled_from(orgs)))
        entries[at] = entries[at].model_copy(update={"organization_tags": tags})
    changed = record.model_copy(
        update={
            "topics": tuple(topics),
            "positions": tuple(positions),
            "publications": tuple(entries),
        }
    )
    return doc.model_copy(
        update={"record": changed, "content_sha256": f"{kind}-{doc.content_sha256}"}
    )


def _check(
    corpus: dict[str, SourceDocument],
    resolved: tuple[Resolution, MemoryResolution],
    new: SourceDocument,
) -> None:
    resolution, stored = resolved
    stored.reads = 0
    old = corpus.get(new.source_id)  # None: a new page
    delta = resolve_change(stored, [PageChange(new.source_id, old, new)], grouper=GROUPER)
    if isinstance(delta, Declined):  # only some changes to the page's organizations or topics
        assert any(word in delta.reason for word in DECLINED), delta.reason
        assert old is None or _organizations_and_topics(old) != _organizations_and_topics(new)
        return
    after = dict(corpus)
    after[new.source_id] = new
    expected = _full(after)
    got = apply_delta(resolution, delta)
    assert {k: dict(v) for k, v in got.mentions.items()} == {
        k: dict(v) for k, v in expected.mentions.items()
    }
    assert got.entities == expected.entities
    assert stored.reads < len(corpus)  # it did not read everything
    # what the equality rests on, checked directly: every title whose block keys moved, and
    # every person node on an entry whose paper changed company, was resolved again
    assert _moved_titles(corpus, after) <= delta.titles
    assert _regrouped_nodes(corpus, resolution, expected, new.source_id) <= delta.nodes


def _organizations_and_topics(doc: SourceDocument) -> tuple[object, ...]:
    record = doc.record
    tags = sorted({t for p in record.publications for t in p.organization_tags})
    return (record.positions, record.topics, tags)


def _title_nodes(docs: dict[str, SourceDocument]) -> list[str]:
    return sorted({t for d in docs.values() for t in page_titles(d)})


def _moved_titles(before: dict[str, SourceDocument], after: dict[str, SourceDocument]) -> set[str]:
    """Titles present before and after whose block keys differ (over the whole corpus)."""
    keys = []
    for docs in (before, after):
        titles = _title_nodes(docs)
        content = [content_tokens(t) for t in titles]
        blocks = title_block_keys(content, [tuple(t.split()) for t in titles])
        keys.append(dict(zip(titles, blocks, strict=True)))
    return {t for t in keys[0].keys() & keys[1].keys() if keys[0][t] != keys[1][t]}


def _regrouped_nodes(
    docs: dict[str, SourceDocument], before: Resolution, after: Resolution, changed: str
) -> set[NodeKey]:
    """Person nodes on the entries of unchanged pages whose paper groups them with other
    entries of unchanged pages than before, and the owners of those pages."""
    groups = []
    for resolution in (before, after):
        papers = {
            r: k for r, k in resolution.mentions[EntityKind.PUBLICATION].items() if r[0] != changed
        }
        members: dict[str, set[MentionRef]] = defaultdict(set)
        for ref, key in papers.items():
            members[key].add(ref)
        groups.append({ref: frozenset(members[key]) for ref, key in papers.items()})
    names = NameCache()
    out: set[NodeKey] = set()
    for ref in groups[0]:
        if groups[0][ref] != groups[1][ref]:
            nodes = page_nodes(docs[str(ref[0])], names)
            out.add(nodes[owner_ref(str(ref[0]))])
            out |= {n for r, n in nodes.items() if len(r) == 4 and r[2] == ref[2]}
    return out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_incremental_resolution_equals_resolving_everything(
    corpus: dict[str, SourceDocument],
    resolved: tuple[Resolution, MemoryResolution],
    data: st.DataObject,
) -> None:
    versions = version_entries(corpus, resolved[0])
    assert len(versions) > 10  # the corpus has papers under several titles
    _check(corpus, resolved, data.draw(changes(corpus, versions)))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_organization_and_topic_changes_equal_resolving_everything(
    corpus: dict[str, SourceDocument],
    resolved: tuple[Resolution, MemoryResolution],
    data: st.DataObject,
) -> None:
    ids = sorted(corpus)
    doc, donor = (corpus[data.draw(st.sampled_from(ids))] for _ in range(2))
    _check(corpus, resolved, data.draw(group_changes(doc, donor)))


@st.composite
def unknown_topic_changes(draw: st.DrawFn, docs: dict[str, SourceDocument]) -> SourceDocument:
    """A page of ``docs`` taking on a topic outside the vocabulary (a spelling stored pages
    use, one close to them, or a new one), dropping one, or both."""
    doc = docs[draw(st.sampled_from(sorted(docs)))]
    topics = list(doc.record.topics)
    unknown = [i for i, t in enumerate(topics) if t in UNKNOWN_TOPICS]
    if unknown and draw(st.booleans()):
        topics.pop(draw(st.sampled_from(unknown)))
    if not unknown or draw(st.booleans()):
        label = draw(st.sampled_from(UNKNOWN_TOPICS + NEW_UNKNOWN_TOPICS))
        topics.insert(draw(st.integers(0, len(topics))), label)
    return _with_topics(doc, topics, "topics")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_topic_changes_outside_the_vocabulary_equal_resolving_everything(
    unknown_corpus: dict[str, SourceDocument],
    unknown_resolved: tuple[Resolution, MemoryResolution],
    data: st.DataObject,
) -> None:
    _check(unknown_corpus, unknown_resolved, data.draw(unknown_topic_changes(unknown_corpus)))


@pytest.mark.parametrize(
    ("page", "drop", "add", "declined"),
    [
        (20, None, "Quorum Weaving", None),  # a spelling another page uses
        (20, None, "Ember Lattices", None),  # a new topic, close to no other
        (9, "Quorum Weaving", None, None),  # the only page naming it drops it
        (20, None, "Tidal Quill", None),  # a spelling of a cluster of two spellings
        (20, None, "Quorum Weavings", "spelled like"),  # could join another topic
        (3, "Tidal Quill", None, "vanishes"),  # a cluster loses one of its spellings
    ],
)
def test_topics_outside_the_vocabulary_are_moved_locally_unless_a_cluster_could_move(
    unknown_corpus: dict[str, SourceDocument],
    unknown_resolved: tuple[Resolution, MemoryResolution],
    page: int,
    drop: str | None,
    add: str | None,
    declined: str | None,
) -> None:
    doc = unknown_corpus[sorted(unknown_corpus)[page]]
    topics = [t for t in doc.record.topics if t != drop] + ([add] if add else [])
    new = _with_topics(doc, topics, "local")
    change = PageChange(doc.source_id, doc, new)
    delta = resolve_change(unknown_resolved[1], [change], grouper=GROUPER)
    if declined:
        assert isinstance(delta, Declined) and declined in delta.reason, delta
    else:
        assert not isinstance(delta, Declined), delta.reason
        assert delta.entities or delta.removed[EntityKind.TOPIC]
    _check(unknown_corpus, unknown_resolved, new)


@st.composite
def new_pages(draw: st.DrawFn, docs: dict[str, SourceDocument]) -> SourceDocument:
    """A page the corpus does not hold: another capture of one of its pages (some entries
    left out), or a page of someone new listing some of its papers."""
    doc = docs[draw(st.sampled_from(sorted(docs)))]
    entries = [p for p in doc.record.publications if draw(st.booleans())]
    page = _with_entries(doc, entries, "new")
    if draw(st.booleans()):
        name = draw(st.sampled_from(["Zelda Quorrin", "Mirek Antal", "Ilse Brandvold"]))
        page = page.model_copy(
            update={
                "record": page.record.model_copy(update={"owner": PersonName(raw=name, text=name)})
            }
        )
    return page.model_copy(update={"source_id": f"{doc.source_id}#new"})


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_new_page_equals_resolving_everything(
    corpus: dict[str, SourceDocument],
    resolved: tuple[Resolution, MemoryResolution],
    data: st.DataObject,
) -> None:
    _check(corpus, resolved, data.draw(new_pages(corpus)))


def test_a_new_spelling_of_an_employer_is_moved_locally(
    corpus: dict[str, SourceDocument], resolved: tuple[Resolution, MemoryResolution]
) -> None:
    """The organization gains an alternate label and a merge, without resolving everything."""
    doc = next(
        d
        for _, d in sorted(corpus.items(), reverse=True)
        if d.record.positions and d.record.positions[0].organization
    )
    position = doc.record.positions[0]
    respelled = position.model_copy(update={"organization": str(position.organization).upper()})
    record = doc.record.model_copy(update={"positions": (respelled, *doc.record.positions[1:])})
    new = doc.model_copy(update={"record": record, "content_sha256": "upper"})
    change = PageChange(doc.source_id, doc, new)
    assert not isinstance(resolve_change(resolved[1], [change], grouper=GROUPER), Declined)
    _check(corpus, resolved, new)
    after = _full({**corpus, doc.source_id: new})
    org = after.mentions[EntityKind.ORGANIZATION][
        (doc.source_id, "organization", respelled.organization)
    ]
    entity = next(e for e in after.entities if e.key == org and e.kind is EntityKind.ORGANIZATION)
    assert respelled.organization in entity.alternate_labels


def test_an_organization_no_page_names_any_more_is_removed_locally(
    corpus: dict[str, SourceDocument],
) -> None:
    """The only page naming an employer names another one again: the organization goes, and
    the change is made locally."""
    doc = next(d for _, d in sorted(corpus.items()) if d.record.positions)
    position = doc.record.positions[0].model_copy(update={"organization": "Quillmoor Works"})
    record = doc.record.model_copy(update={"positions": (position, *doc.record.positions[1:])})
    named = doc.model_copy(update={"record": record, "content_sha256": "quillmoor"})
    with_it = {**corpus, doc.source_id: named}
    resolution = _full(with_it)
    stored = MemoryResolution.build(with_it, resolution)
    delta = resolve_change(stored, [PageChange(doc.source_id, named, doc)], grouper=GROUPER)
    assert not isinstance(delta, Declined), delta.reason
    assert "quillmoor-works" in delta.removed[EntityKind.ORGANIZATION]
    assert "quillmoor-works" not in {e.key for e in delta.entities}
    _check(with_it, (resolution, stored), doc)


LABELS = ["Ann Bo", "Ann Bo 2", "Ann Bo 3", "Cy Li", "Cy Li 2", "Dee Moss"]


@st.composite
def drafts(draw: st.DrawFn, pages: list[int]) -> list[EntityDraft]:
    """Person drafts wanting few keys (suffixed forms among them), on distinct pages."""
    out = []
    for page in pages:
        label = draw(st.sampled_from(LABELS))
        others = draw(st.sets(st.sampled_from(LABELS), max_size=2)) - {label}
        out.append(
            EntityDraft(
                kind=EntityKind.PERSON,
                wanted_key=slugify(label),
                label=label,
                mentions=[owner_ref(f"https://x/{page:03d}")],
                alternate_labels=tuple(sorted(others)),
                member_keys=tuple(sorted({slugify(t) for t in {label, *others}})),
            )
        )
    return out


@given(data=st.data())
def test_incremental_keys_equal_assigning_every_key(data: st.DataObject) -> None:
    """Keys and aliases re-assigned for the re-drafted entities alone equal those
    :func:`assign_unique_keys` gives over the whole kind: entities that keep their drafts
    move key when a re-drafted one takes theirs, and aliases follow who holds a key."""
    pages = data.draw(st.lists(st.integers(0, 99), min_size=1, max_size=10, unique=True))
    split = data.draw(st.integers(0, len(pages)))
    kept = data.draw(drafts(pages[:split]))
    old = data.draw(drafts(pages[split:]))
    new = data.draw(drafts(data.draw(st.lists(st.integers(100, 199), max_size=4, unique=True))))

    def resolution(all_drafts: list[EntityDraft]) -> Resolution:
        entities, mentions = _entities(all_drafts)
        by_kind: dict[EntityKind, dict[MentionRef, str]] = {k: {} for k in EntityKind}
        by_kind[EntityKind.PERSON] = mentions
        return Resolution(entities=tuple(sorted(entities, key=lambda e: e.key)), mentions=by_kind)

    before = resolution(kept + old)
    stored = MemoryResolution.build({}, before)
    delta = ResolutionDelta()
    removed = {before.mentions[EntityKind.PERSON][d.mentions[0]] for d in old}
    _assign(EntityKind.PERSON, stored, removed, new, delta)
    delta.dropped[EntityKind.PERSON] = {d.mentions[0] for d in old}
    assert apply_delta(before, delta) == resolution(kept + new)
