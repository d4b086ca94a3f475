"""Settings precedence: defaults < settings file < environment < flags; clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scholargraph.config import (
    MIN_WORKER_MEMORY_MB,
    WebSettings,
    default_store_path,
    load_settings,
)
from scholargraph.errors import ConfigError


def test_default_store_needs_no_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert settings.store == str(default_store_path())


def test_file_then_environment_then_flags(tmp_path: Path) -> None:
    config = tmp_path / "sg.toml"
    config.write_text(
        '[scholargraph]\nstore = "/from/file"\nbase_iri = "https://file.test"\n'
        "[scholargraph.web]\nport = 9001\n",
        encoding="utf-8",
    )
    from_file = load_settings(config, env={})
    assert (from_file.store, from_file.base, from_file.web.port) == (
        "/from/file",
        "https://file.test",
        9001,
    )
    env = {"SCHOLARGRAPH_STORE": "/from/env", "SCHOLARGRAPH_PORT": "9002"}
    from_env = load_settings(config, env=env)
    assert (from_env.store, from_env.base, from_env.web.port) == (
        "/from/env",
        "https://file.test",
        9002,
    )
    from_flags = load_settings(config, env=env, store="/from/flag", web_port=9003, base_iri=None)
    assert (from_flags.store, from_flags.web.port) == ("/from/flag", 9003)
    assert from_flags.base == "https://file.test"  # a None flag leaves the value alone


def test_settings_file_from_environment_variable(tmp_path: Path) -> None:
    config = tmp_path / "elsewhere.toml"
    config.write_text('store = "/via/env/config"\n', encoding="utf-8")
    settings = load_settings(env={"SCHOLARGRAPH_CONFIG": str(config)})
    assert settings.store == "/via/env/config"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("store = [", "cannot read settings file"),
        ("unknown_key = 1", "unknown_key"),
        ("[scholargraph.web]\nport = 70000", "web.port"),
    ],
)
def test_bad_settings_name_the_file_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, env={})
    assert caught.value.where == str(config)
    assert message in caught.value.message


def test_missing_settings_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "absent.toml", env={})


def test_unset_web_flags_keep_defaults() -> None:
    settings = load_settings(env={}, web_host=None, web_port=None, store=None)
    assert settings.web.host == "127.0.0.1"
    assert settings.web.port == 8000


def test_wrong_ontology_folder_is_an_error_naming_the_file(tmp_path: Path) -> None:
    from scholargraph.errors import NotFound
    from scholargraph.pipeline import load_vocabulary

    settings = load_settings(env={}, ontology_dir=tmp_path / "nowhere")
    with pytest.raises(NotFound) as caught:
        load_vocabulary(settings)
    assert "nowhere" in str(caught.value.where)


def test_worker_memory_limit_from_settings_or_the_machine() -> None:
    physical_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    automatic = WebSettings(query_workers=2, page_workers=2).worker_memory_limit_mb()
    assert automatic == max(MIN_WORKER_MEMORY_MB, physical_mb // 2 // 4)
    fewer = WebSettings(query_workers=1, page_workers=1).worker_memory_limit_mb()
    assert fewer is not None and automatic is not None and fewer >= automatic
    assert WebSettings(worker_memory_mb=700).worker_memory_limit_mb() == 700
    assert WebSettings(worker_memory_mb=0).worker_memory_limit_mb() is None  # no limit
    flags = load_settings(env={}, web_worker_memory_mb=512)
    assert flags.web.worker_memory_limit_mb() == 512
    with pytest.raises(ConfigError, match="worker_memory_mb"):
        load_settings(env={}, web_worker_memory_mb=-1)
