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


def test_no_tracked_file_holds_merge_conflict_markers():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    marker = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
    found = []
    for name in files:
        path = REPO / name
        if path.suffix in (".py", ".md", ".toml", ".txt", ".cfg") and path.is_file():
            if marker.search(path.read_text(encoding="utf-8", errors="replace")):
                found.append(name)
    assert found == []
