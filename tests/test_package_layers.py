"""The rule of the layers (app/__init__.py's map), enforced: import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.ops.settings import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--config", str(config), "--no-cache"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)


def test_every_package_imports_only_the_layers_below_it_and_only_web_knows_fastapi() -> None:
    result = lint_imports(PROJECT_ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Only the web layer knows FastAPI and Starlette KEPT" in result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_forbidden_import_that_exists_is_reported(tmp_path: Path) -> None:
    """The contracts see the real import graph: the answering layer does import content, so forbidding it breaks."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "app"\n\n[[tool.importlinter.contracts]]\n'
        'name = "answering without content (false on purpose)"\ntype = "forbidden"\n'
        'source_modules = ["app.answering.service"]\nforbidden_modules = ["app.content"]\n',
        encoding="utf-8",
    )
    result = lint_imports(config)
    assert result.returncode == 1
    assert "app.answering.service -> app.content" in result.stdout
