"""Installing the project as `make serve` does: no alarming warning for a newcomer, and the package imports."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
from pathlib import Path

from app.ops.settings import PROJECT_ROOT


def test_an_editable_install_prints_no_setuptools_warning(tmp_path: Path) -> None:
    """Field report: a fresh `make serve` printed setuptools' "Editable installation" warning about folders."""
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install -q -e ." in makefile  # the step measured here
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "-e", str(PROJECT_ROOT)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not re.search(r"Editable install|BuildBackendWarning|Setuptools\w*Warning|SetuptoolsDeprecation", output), output
    where = subprocess.run([str(python), "-c", "import app; print(app.__file__)"], capture_output=True, text=True,
                           cwd=tmp_path, timeout=60)
    assert where.stdout.strip() == str(PROJECT_ROOT / "app" / "__init__.py"), where.stderr
