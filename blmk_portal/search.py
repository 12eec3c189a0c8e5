"""One search over everything a reader may read: PostgreSQL full-text search through the publication gate.

Each app registers its searchable kinds (a `Kind`: the model, how to read its title, summary and body, its date,
what it belongs to and its link) and the facets a search may be narrowed by (a board, a place); the kit imports
no domain app. The index (`SearchEntry`) holds each record's words, weighted title A, summary B, body C, under
a GIN index; it never holds who may read them. A search reads it only for the ids each kind's
`Model.objects.visible_to(user)` gives, so a draft or Part II record is never found, counted, extracted from or
suggested to anyone the gate does not show it to.

The index stays current with every write, whatever path the write took (the version-checked save's
`QuerySet.update()` and `bulk_create` send no signals): a row trigger on each searchable table marks the
record stale in the write's own transaction (`SearchStale`), and the next search writes the marked entries
again before it reads. See docs/adr/0022-search-index-marked-stale-by-triggers.md.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models, transaction
from django.db.models import F, Q
from markupsafe import Markup, escape
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from blmk_portal import publication
from blmk_portal.models import FileText, SearchEntry

CONFIG = "english"
PER_PAGE = 20
# A word of the query and a word of a visible title this alike (pg_trgm similarity) make a suggestion.
SIMILAR_ENOUGH = 0.5
# Marks around a highlighted word that no text holds, so the extract can be escaped before they become <mark>.
_MARK_START, _MARK_END = "\ue000", "\ue001"
# A file's words past this many characters are not indexed (a tsvector holds at most 1 MB).
FILE_TEXT_LIMIT = 400_000
_WORD_XML_LIMIT = 20_000_000
_INDEX_BATCH = 500


@dataclass(frozen=True)
class Kind:
    """A kind of record search finds. Lookups (`date`, each of `facets`) run from the model, as in a filter."""

    key: str  # e.g. "paper": the ?kind= value and the index's kind
    label: str  # one of them, e.g. "Paper"
    plural: str  # e.g. "Papers"
    model: type[models.Model]
    title: Callable[[Any], str]
    summary: Callable[[Any], str] = lambda item: ""
    body: Callable[[Any], str] = lambda item: ""
    link: Callable[[Any], str] = lambda item: item.get_absolute_url()
    belongs_to: Callable[[Any], str] = lambda item: ""  # its board or plan, in words
    date: str | None = None  # the date it is dated by, e.g. "meeting__date"; None when it has none
    facets: dict[str, str] = field(default_factory=dict)  # facet key -> lookup of the facet's value
    related: tuple[str, ...] = ()  # select_related to read it, its parents (for the not-public label) and links
    prefetch: tuple[str, ...] = ()
    # Other tables whose rows hold some of its text: model label -> the foreign key between them (on that model,
    # pointing at this kind's; or on this kind's model, pointing at that one).
    refreshed_by: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Facet:
    """Something a search can be narrowed to, such as one board: `choices(user)` gives (value, label) pairs."""

    key: str
    label: str
    any_label: str
    choices: Callable[[Any], list[tuple[str, str]]]


_KINDS: dict[str, Kind] = {}
_FACETS: dict[str, Facet] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.key] = kind


def register_facet(facet: Facet) -> None:
    _FACETS[facet.key] = facet


def kinds() -> list[Kind]:
    return list(_KINDS.values())


def facets() -> list[Facet]:
    return list(_FACETS.values())


# The text of records and files


def plain(markdown: str) -> str:
    """Markdown as the words a reader reads: no emphasis marks, headings' hashes or links' addresses."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown or "")
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"[*_`~|]+", " ", text)


def lines(*parts: str | None) -> str:
    return "\n".join(part for part in parts if part)


def keep_file_text(*, sha256: str, kind: str, file) -> str:
    """The words of an uploaded file, read once and kept by its content's hash (called when it is uploaded)."""
    kept = FileText.objects.filter(sha256=sha256).values_list("text", flat=True).first()
    if kept is not None:
        return kept
    text = read_file_text(file, kind)
    FileText.objects.get_or_create(sha256=sha256, defaults={"text": text})
    return text


def file_text(*, sha256: str, kind: str, open_file: Callable[[], Any]) -> str:
    """The kept words of a file; a file uploaded before words were kept (or loaded in bulk) is read now, once."""
    kept = FileText.objects.filter(sha256=sha256).values_list("text", flat=True).first()
    if kept is not None:
        return kept
    try:
        with open_file() as file:
            return keep_file_text(sha256=sha256, kind=kind, file=file)
    except OSError:  # the stored file is missing: its words cannot be read, and nothing is kept
        return ""


def read_file_text(file, kind: str) -> str:
    """The words of a PDF or a Word document; other kinds (and files that cannot be read) have none."""
    try:
        file.seek(0)
        if kind == "pdf":
            text = "\n".join(page.extract_text() or "" for page in PdfReader(file).pages)
        elif kind == "docx":
            text = _word_text(file)
        else:
            text = ""
    except (PyPdfError, zipfile.BadZipFile, KeyError, ValueError):
        text = ""
    finally:
        file.seek(0)
    return text.replace("\x00", "")[:FILE_TEXT_LIMIT]


def _word_text(file) -> str:
    # The document's runs of text, a line a paragraph: read as text, never parsed, so no entity is expanded.
    with zipfile.ZipFile(file) as archive, archive.open("word/document.xml") as part:
        xml = part.read(_WORD_XML_LIMIT).decode("utf-8", errors="replace")
    paragraphs = re.split(r"</w:p>", xml)
    words = ("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", paragraph)) for paragraph in paragraphs)
    return "\n".join(html.unescape(paragraph) for paragraph in words if paragraph)


# Keeping the index


def install_triggers(**kwargs) -> None:
    """Put the stale-marking trigger on every searchable table, and on the tables that hold some of a kind's text
    (run after every migrate, so a new kind or a new database gets them)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('blmk_portal_search_mark_stale()') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return  # migrated to before the search index
        for kind in kinds():
            for number, (table, ids_sql) in enumerate(_marking(kind)):
                quoted = ids_sql.replace("'", "''")
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER blmk_search_{kind.key}_{number} "
                    f"AFTER INSERT OR UPDATE OR DELETE ON {connection.ops.quote_name(table)} FOR EACH ROW "
                    f"EXECUTE FUNCTION blmk_portal_search_mark_stale('{kind.key}', '{quoted}')"
                )


def _marking(kind: Kind) -> list[tuple[str, str]]:
    """(table, SQL giving the ids of this kind a changed row of it holds text of, from the row as JSON in $1)."""
    own = kind.model._meta
    found = [(own.db_table, f"SELECT ($1->>'{own.pk.column}')::bigint")]
    for label, name in kind.refreshed_by.items():
        other = apps.get_model(label)
        link = {f.name: f for f in other._meta.concrete_fields}.get(name)
        if link is not None and link.related_model is kind.model:
            found.append((other._meta.db_table, f"SELECT ($1->>'{link.column}')::bigint"))
            continue
        link = own.get_field(name)
        found.append(
            (
                other._meta.db_table,
                f"SELECT {own.pk.column} FROM {own.db_table} "
                f"WHERE {link.column} = ($1->>'{other._meta.pk.column}')::bigint",
            )
        )
    return found


def refresh_stale() -> int:
    """Write again the entries of every record marked stale since the last search; how many were marked."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM blmk_portal_searchstale RETURNING kind, object_id")
            marked = cursor.fetchall()
        stale: dict[str, set[int]] = defaultdict(set)
        for key, object_id in marked:
            stale[key].add(object_id)
        for key, ids in stale.items():
            if key in _KINDS:
                _write_ids(_KINDS[key], ids)
    return len(marked)


@transaction.atomic
def rebuild() -> int:
    """Every entry written afresh from the records (after a bulk load); how many there are."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM blmk_portal_searchstale")
        cursor.execute("DELETE FROM blmk_portal_searchentry")
    for kind in kinds():
        batch: list[models.Model] = []
        for item in _reading(kind).order_by("pk").iterator(chunk_size=_INDEX_BATCH):
            batch.append(item)
            if len(batch) == _INDEX_BATCH:
                _write(kind, batch)
                batch = []
        _write(kind, batch)
    return SearchEntry.objects.count()


def _reading(kind: Kind) -> models.QuerySet:
    return kind.model._base_manager.select_related(*kind.related).prefetch_related(*kind.prefetch)


def _write_ids(kind: Kind, ids: set[int]) -> None:
    items = list(_reading(kind).filter(pk__in=ids))
    _write(kind, items)
    gone = ids - {item.pk for item in items}
    if gone:
        SearchEntry.objects.filter(kind=kind.key, object_id__in=gone).delete()


def _write(kind: Kind, items: Iterable[models.Model]) -> None:
    rows = []
    for item in items:
        title, summary, body = (" ".join(str(kind.title(item)).split()), kind.summary(item), kind.body(item))
        rows.append((kind.key, item.pk, title[:1000], lines(title, summary, body), title, summary, body))
    if not rows:
        return
    # One statement for the batch (not executemany, which pghistory's context cannot prefix).
    one = (
        f"(%s, %s, %s, %s, setweight(to_tsvector('{CONFIG}', %s), 'A')"
        f" || setweight(to_tsvector('{CONFIG}', %s), 'B') || setweight(to_tsvector('{CONFIG}', %s), 'C'))"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO blmk_portal_searchentry (kind, object_id, title, text, document) VALUES "
            + ", ".join([one] * len(rows))
            + " ON CONFLICT (kind, object_id) DO UPDATE"
            " SET title = EXCLUDED.title, text = EXCLUDED.text, document = EXCLUDED.document",
            [value for row in rows for value in row],
        )


# Searching


@dataclass(frozen=True)
class Asked:
    """What a reader searched for: words (web search syntax), and what to narrow the results to."""

    words: str
    kinds: tuple[str, ...] = ()
    facets: dict[str, str] = field(default_factory=dict)
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Hit:
    kind: Kind
    item: models.Model
    title: str
    link: str
    extract: Markup
    date: dt.date | None
    belongs_to: str
    not_public: str | None


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    total: int  # of the kinds asked for
    counts: dict[str, int]  # by kind, whatever kinds were asked for
    page: int
    pages: int
    suggestion: str | None


def search(user, asked: Asked, page: int = 1) -> Results:
    """One page of what `user` may read that matches, best first, with counts by kind and, where nothing
    matches, a suggestion made of words from the titles they may read."""
    refresh_stale()
    query = SearchQuery(asked.words, search_type="websearch", config=CONFIG)
    matching = SearchEntry.objects.filter(document=query)
    anywhere = _readable(user, asked, kinds=())
    # Every readable match once, ranked (the gate's subqueries run once for the counts and the page alike);
    # only the page's rows are read in full, with their extracts.
    ranked: list[tuple[int, str]] = []
    if anywhere is not None:
        ranked = list(
            matching.filter(anywhere)
            .annotate(rank=SearchRank(F("document"), query, normalization=1))
            .order_by("-rank", "kind", "object_id")
            .values_list("pk", "kind")
        )
    counts: dict[str, int] = dict(Counter(key for _pk, key in ranked))
    chosen = {key for key in (asked.kinds or _KINDS) if key in _KINDS}
    in_order = [pk for pk, key in ranked if key in chosen]
    total = len(in_order)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    hits: list[Hit] = []
    if total:
        shown = in_order[(page - 1) * PER_PAGE : page * PER_PAGE]
        extracts = SearchEntry.objects.filter(pk__in=shown).annotate(
            extract=SearchHeadline(
                "text",
                query,
                config=CONFIG,
                start_sel=_MARK_START,
                stop_sel=_MARK_END,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        rows = {
            pk: (key, object_id, extract)
            for pk, key, object_id, extract in extracts.values_list("pk", "kind", "object_id", "extract")
        }
        hits = _hits([rows[pk] for pk in shown if pk in rows])
    suggestion = did_you_mean(user, asked.words) if not total else None
    return Results(hits=hits, total=total, counts=counts, page=page, pages=pages, suggestion=suggestion)


def _readable(user, asked: Asked, *, kinds: tuple[str, ...]) -> Q | None:
    """The entries `user` may read among those asked for (any kind when `kinds` is empty), or None if none can
    be: each kind's ids as its own `visible_to` gives them, narrowed by the facets and dates asked for."""
    condition = None
    for kind in _KINDS.values():
        if kinds and kind.key not in kinds:
            continue
        ids = kind.model.objects.visible_to(user)
        if any(key not in kind.facets for key in asked.facets):
            continue
        ids = ids.filter(**{kind.facets[key]: value for key, value in asked.facets.items()})
        if asked.start or asked.end:
            if kind.date is None:
                continue
            if asked.start:
                ids = ids.filter(**{f"{kind.date}__gte": asked.start})
            if asked.end:
                ids = ids.filter(**{f"{kind.date}__lte": asked.end})
        this = Q(kind=kind.key, object_id__in=ids.values("pk"))
        condition = this if condition is None else condition | this
    return condition


def _hits(rows: list[tuple[str, int, str]]) -> list[Hit]:
    """The page's rows as hits, each record read with what it shows (a query for each kind on the page)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for key, object_id, _extract in rows:
        wanted[key].add(object_id)
    found = {key: _reading(_KINDS[key]).in_bulk(ids) for key, ids in wanted.items()}
    hits = []
    for key, object_id, extract in rows:
        kind, item = _KINDS[key], found[key].get(object_id)
        if item is None:  # removed since the page was counted
            continue
        hits.append(
            Hit(
                kind=kind,
                item=item,
                title=" ".join(str(kind.title(item)).split()),
                link=kind.link(item),
                extract=highlighted(extract),
                date=_follow(item, kind.date) if kind.date else None,
                belongs_to=kind.belongs_to(item),
                not_public=not_public(item),
            )
        )
    return hits


def highlighted(extract: str) -> Markup:
    """An extract safe to show, with the words that matched in <mark>."""
    safe = str(escape(" ".join(extract.split())))
    return Markup(safe.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>"))


def not_public(item: models.Model) -> str | None:
    """What a reader who may see it is told of a record the public cannot: its own status or audience, or the
    first of its parents' (an annex of a Part II paper is for the board's members too)."""
    label = publication.not_public_label(item)
    if label:
        return label
    for name in getattr(item, "visibility_parents", ()):
        parent = getattr(item, name)
        label = not_public(parent) if parent is not None else None
        if label:
            return label
    return None


def _follow(item: models.Model, lookup: str) -> Any:
    return reduce(lambda value, name: getattr(value, name) if value is not None else None, lookup.split("__"), item)


def did_you_mean(user, words: str) -> str | None:
    """The words asked for with each one that is no title's word replaced by the most alike word of the titles
    `user` may read (pg_trgm similarity), or None when there is nothing better to suggest."""
    asked = [word.lower() for word in re.findall(r"[^\W\d_]{3,}", words)]
    asked = [word for word in asked if word != "or"]
    readable = _readable(user, Asked(words), kinds=())
    if not asked or readable is None:
        return None
    alike = " OR ".join(["%s <%% title"] * len(asked))
    with transaction.atomic(), connection.cursor() as cursor:
        # First the titles with a word like one asked for (pg_trgm's <%), through the titles' trigram index: the
        # planner underrates <% on long titles and would compare every one, at many times the cost (ADR 22).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"SELECT id FROM blmk_portal_searchentry WHERE {alike}", asked)
        candidates = [row[0] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = on")
    if not candidates:
        return None
    # Then, of those, the words of the titles the reader may read.
    titles = SearchEntry.objects.filter(readable, pk__in=candidates).values("title")
    titles_sql, titles_params = titles.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH words AS (
                SELECT DISTINCT regexp_split_to_table(lower(titles.title), '[^[:alpha:]]+') AS word
                FROM ({titles_sql}) AS titles
            )
            SELECT DISTINCT ON (asked) asked, word
            FROM unnest(%s::text[]) AS asked, words
            WHERE length(word) > 2 AND similarity(asked, word) >= %s
            ORDER BY asked, similarity(asked, word) DESC, word
            """,
            (*titles_params, asked, SIMILAR_ENOUGH),
        )
        better = {asked_word: word for asked_word, word in cursor.fetchall() if asked_word != word}
    if not better:
        return None
    return re.sub(
        r"[^\W\d_]{3,}", lambda match: better.get(match.group(0).lower(), match.group(0)), " ".join(words.split())
    )
