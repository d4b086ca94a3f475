"""Settings: one frozen object, built from a settings file, then the environment, then flags.

Nothing in the library reads the environment or a file on its own: the CLI (or an embedding
application) builds a :class:`Settings` with :func:`load_settings` and passes it down.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

ENV_PREFIX = "SCHOLARGRAPH_"
CONFIG_FILE_NAME = "scholargraph.toml"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_store_path() -> Path:
    """Where the store lives when nobody says otherwise (XDG data directory)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "scholargraph" / "store"


MIN_WORKER_MEMORY_MB = 1024  # the automatic heap limit of a worker is never below this


class WebSettings(BaseModel):
    """What the web service needs beyond the store."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    threads: int = Field(default=8, ge=1)
    query_timeout_s: float = Field(default=10.0, gt=0)
    query_workers: int = Field(default=2, ge=1)
    # entity pages are built in worker processes of their own, so SPARQL queries (however
    # slow) never hold up the linked-data pages, nor pages the queries
    page_workers: int = Field(default=2, ge=1)
    max_result_rows: int = Field(default=10_000, ge=1)
    # heap limit of each query and page worker, in MB; None: half the machine's memory shared
    # among them (at least 1 GB each); 0: no limit. A query past it gets a 503, not the kernel's
    # out-of-memory killer picking a process
    worker_memory_mb: int | None = Field(default=None, ge=0)
    max_request_bytes: int = Field(default=1_000_000, ge=1024)
    cors_origins: tuple[str, ...] = ("*",)
    updates_enabled: bool = False
    update_token: str | None = None
    dataset_license: str | None = None  # IRI of the data's licence, for the dataset description
    # how long after their computation started (in the background, once per state of the
    # store) /.well-known/void waits for the dataset's statistics and dump checksums, before
    # answering without them
    description_wait_s: float = Field(default=10.0, ge=0)
    # finished entity/home/search pages kept per state of the data (0: none); see web.page_cache
    page_cache_mb: int = Field(default=64, ge=0)

    def worker_memory_limit_mb(self) -> int | None:
        """The heap limit each query and page worker gets (``None``: none)."""
        if self.worker_memory_mb is not None:
            return self.worker_memory_mb or None
        try:
            physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
        except (ValueError, OSError, AttributeError):  # not a POSIX system: no limit
            return None
        shared = physical // 2 // (self.query_workers + self.page_workers)
        return max(MIN_WORKER_MEMORY_MB, shared)


class RemoteSettings(BaseModel):
    """How to reach a remote SPARQL store (used when ``store`` is an ``http(s)://`` URL).

    Endpoints may be absolute or relative to the store URL. The query endpoint defaults to the
    store URL, the update endpoint to the query endpoint; the Graph Store Protocol endpoint has
    no default (writes need it). ``auth`` ``bearer`` sends ``password`` as the token."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    query_endpoint: str | None = None
    update_endpoint: str | None = None
    graph_store_endpoint: str | None = None
    username: str | None = None
    password: str | None = Field(default=None, repr=False)
    auth: Literal["basic", "digest", "bearer"] | None = None
    timeout_s: float = Field(default=60.0, gt=0)
    retries: int = Field(default=3, ge=0, le=10)
    retry_backoff_s: float = Field(default=0.5, ge=0)
    # the store's own per-query time limit, where it has one: a request parameter and its unit
    # (Virtuoso: "timeout" in ms; Fuseki and GraphDB: "timeout" in s)
    server_timeout_parameter: str | None = None
    server_timeout_unit: Literal["ms", "s"] = "s"


class Settings(BaseModel):
    """Every setting the library reads. Frozen: copy with ``model_copy(update=...)``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    store: str = Field(default_factory=lambda: str(default_store_path()))
    base_iri: str = "https://scholargraph.example.org"
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    extra_vocabularies: tuple[Path, ...] = ()
    institute_name: str = "Mila - Quebec Artificial Intelligence Institute"
    institute_tag: str = "mila"
    max_input_bytes: int = Field(default=20_000_000, ge=1)
    parse_workers: int = Field(default=0, ge=0, description="0 = one per core")
    # From this many pages the store has never held, an embedded store loads them with
    # Oxigraph's bulk loader (several times faster); each page becomes visible as committed
    # only once all are written, and an interrupted bulk load is cleaned up by the next ingest.
    bulk_load_pages: int = Field(default=200, ge=1)
    # After a bulk load, compact the embedded store's files (what ``scholargraph optimize``
    # does): a bulk load leaves them overlapping, and every lookup then seeks in each one.
    optimize_after_bulk_load: bool = True
    # Before parsing, refuse an ingest whose pages would not fit on the store's disk (an
    # estimate from their size: ``pipeline/disk_space.py``); off: try anyway.
    check_disk_space: bool = True
    # Once the pages are parsed, refuse an ingest whose resolution and writing would need more
    # memory than the machine (or the process's cgroup) has left (``pipeline/memory_needed.py``).
    check_memory: bool = True
    web: WebSettings = WebSettings()
    remote: RemoteSettings = RemoteSettings()

    @property
    def base(self) -> str:
        return self.base_iri.rstrip("/")


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    simple = {
        "STORE": "store",
        "BASE_IRI": "base_iri",
        "ONTOLOGY_DIR": "ontology_dir",
        "INSTITUTE_NAME": "institute_name",
        "INSTITUTE_TAG": "institute_tag",
        "MAX_INPUT_BYTES": "max_input_bytes",
        "PARSE_WORKERS": "parse_workers",
        "BULK_LOAD_PAGES": "bulk_load_pages",
        "OPTIMIZE_AFTER_BULK_LOAD": "optimize_after_bulk_load",
        "CHECK_DISK_SPACE": "check_disk_space",
        "CHECK_MEMORY": "check_memory",
    }
    for suffix, key in simple.items():
        value = env.get(ENV_PREFIX + suffix)
        if value:
            out[key] = value
    web: dict[str, Any] = {}
    for suffix, key in {
        "HOST": "host",
        "PORT": "port",
        "QUERY_TIMEOUT": "query_timeout_s",
        "UPDATE_TOKEN": "update_token",
    }.items():
        value = env.get(ENV_PREFIX + suffix)
        if value:
            web[key] = value
    if web:
        out["web"] = web
    remote: dict[str, Any] = {}
    for suffix, key in {
        "REMOTE_QUERY_ENDPOINT": "query_endpoint",
        "REMOTE_UPDATE_ENDPOINT": "update_endpoint",
        "REMOTE_GRAPH_STORE_ENDPOINT": "graph_store_endpoint",
        "REMOTE_USERNAME": "username",
        "REMOTE_PASSWORD": "password",
        "REMOTE_AUTH": "auth",
    }.items():
        value = env.get(ENV_PREFIX + suffix)
        if value:
            remote[key] = value
    if remote:
        out["remote"] = remote
    return out


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if value is None:
            continue
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def read_settings_file(path: Path) -> dict[str, Any]:
    """Read a TOML settings file; errors name the file."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError("settings file not found", where=str(path)) from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read settings file: {exc}", where=str(path)) from exc
    section = data.get("scholargraph", data)
    if not isinstance(section, dict):
        raise ConfigError("expected a [scholargraph] table", where=str(path))
    return section


def load_settings(
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Build settings: defaults < settings file < environment < flags (``None`` flags are unset).

    The settings file is ``config_file``, else ``$SCHOLARGRAPH_CONFIG``, else
    ``./scholargraph.toml`` when it exists.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    if config_file is None and env.get(ENV_PREFIX + "CONFIG"):
        config_file = Path(env[ENV_PREFIX + "CONFIG"])
    if config_file is None and Path(CONFIG_FILE_NAME).is_file():
        config_file = Path(CONFIG_FILE_NAME)
    if config_file is not None:
        values = _merge(values, read_settings_file(config_file))
    values = _merge(values, _env_overrides(env))
    set_flags = {k: v for k, v in flags.items() if v is not None}
    web_flags = {k[4:]: v for k, v in set_flags.items() if k.startswith("web_")}
    plain_flags = {k: v for k, v in set_flags.items() if not k.startswith("web_")}
    values = _merge(values, plain_flags)
    if web_flags:
        values = _merge(values, {"web": web_flags})
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(
            f"invalid settings: {problems}", where=str(config_file or "flags")
        ) from exc
