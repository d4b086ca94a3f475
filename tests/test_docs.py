"""The docs stay true: every command has help and is in the README; CI runs the README's
test command; every query file parses and has its comment header."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scholargraph.cli import main
from scholargraph.queries import list_queries, load_query, query_description
from scholargraph.sparql_text import query_form
from scholargraph.store import OxigraphStore

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) > 3
    assert f"scholargraph {command}" in README


def test_ci_runs_the_readme_test_command() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(bash scripts/\S+)", quick_start, flags=re.MULTILINE)
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list_queries())
def test_query_files_parse_and_say_what_they_are_for(name: str) -> None:
    text = load_query(name)
    assert text.startswith(f"# Name: {name}\n")
    assert query_description(text)
    store = OxigraphStore()
    run = {"select": store.select, "construct": store.construct, "ask": store.ask}
    run[str(query_form(text))](text)  # parses and runs


def test_readme_example_queries_exist() -> None:
    for name in re.findall(r"query -n (\S+)", README):
        assert name in list_queries()
