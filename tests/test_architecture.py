"""The layout a new engineer relies on: one import direction, no cycles, folders and modules of a
size that can be taken in, and texts that speak of the product."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "ingest", "ui")
MAX_MODULES = 15
MAX_LINES = 300


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")) + [ROOT / "app.py"]


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_import_contracts_hold():
    """ui -> assistant -> ingest; inside the assistant, question -> retrieval -> answer ->
    generate -> core; no cycles among the modules of any package (pyproject.toml)."""
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_nothing_imports_the_app_and_ingest_imports_neither_assistant_nor_ui():
    for path in _modules():
        if path.name == "app.py":
            continue
        top = {name.split(".")[0] for name in _imported(path)}
        assert "app" not in top, path
        if path.is_relative_to(ROOT / "ingest"):
            assert not top & {"assistant", "ui"}, path


def test_no_folder_holds_more_than_fifteen_modules():
    folders = {p.parent for p in _modules()}
    for folder in folders:
        count = sum(1 for p in folder.glob("*.py") if p.name != "__init__.py")
        assert count <= MAX_MODULES, f"{folder.relative_to(ROOT)} holds {count} modules"


def test_modules_stay_under_three_hundred_lines():
    scripts = sorted((ROOT / "scripts").glob("*.py"))
    for path in _modules() + scripts:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_texts_speak_of_the_product_not_of_how_the_work_was_organised():
    done = subprocess.run(
        ["git", "grep", "-niE", r"stop [0-9]+|helper report|user tests? ", "--", ".", ":!*.jsonl"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    hits = [line for line in done.stdout.splitlines() if not line.startswith("tests/test_arch")]
    assert not hits, "\n".join(hits[:10])
