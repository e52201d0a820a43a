"""Repository contracts: CI runs the README's test command; outputs are not committed."""

import re
import subprocess

from conftest import REPO


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_ci_runs_the_readme_test_command_verbatim():
    main_job, test_command = _readme_commands()
    assert "toolkit translate corpus/ --out outputs/" in main_job
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_outputs_folder_is_ignored():
    result = subprocess.run(["git", "check-ignore", "-q", "outputs/x.json"], cwd=REPO)
    assert result.returncode == 0


def test_packaged_config_is_the_repository_config():
    packaged = REPO / "toolkit" / "configs" / "default.toml"
    assert packaged.resolve() == (REPO / "configs" / "default.toml").resolve()
