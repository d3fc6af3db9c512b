"""The workflow's SSH deploy step (.github/workflows/site.yml, job `rsync`),
run here as GitHub runs it in a container: $HOME is not the home in the
password database. OpenSSH takes ~/.ssh from the password database, so a
key written under $HOME is never read ("Host key verification failed").

The step's own script runs under bash with its `env` filled in, against a
real sshd on loopback. The password database is swapped with nss_wrapper
(LD_PRELOAD), so the step writes into a temporary "home" and never into
this machine's ~/.ssh. Only `publish` is not made again: `make -o publish`
uploads a small site built here instead.
"""

import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from deploy_support import free_port, require_program, skip_or_fail, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
NSS_WRAPPER = next(
    (
        path
        for path in (
            Path("/usr/lib/x86_64-linux-gnu/libnss_wrapper.so"),
            Path("/usr/lib/aarch64-linux-gnu/libnss_wrapper.so"),
            Path("/usr/lib/libnss_wrapper.so"),
        )
        if path.is_file()
    ),
    None,
)
EXPRESSION = re.compile(
    r"\$\{\{\s*(secrets|vars)\.(\w+)(?:\s*\|\|\s*'([^']*)')?\s*\}\}"
)


def deploy_step():
    [step] = [
        step
        for step in yaml.safe_load(WORKFLOW.read_text())["jobs"]["rsync"]["steps"]
        if step.get("name") == "make rsync_upload"
    ]
    return step


def fill(value, context):
    """A step's `env` value with its `${{ secrets.X }}` / `${{ vars.X || 'd' }}`."""

    def one(match):
        kind, name, default = match.groups()
        return context[kind].get(name) or default or ""

    filled = EXPRESSION.sub(one, value)
    assert "${{" not in filled, value
    return filled


def keygen(path):
    subprocess.run(
        [
            require_program("ssh-keygen", "install `openssh-client`"),
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            str(path),
        ],
        check=True,
    )
    return path.read_text(), (path.parent / (path.name + ".pub")).read_text().strip()


@pytest.fixture
def sshd(tmp_path):
    """A real sshd on 127.0.0.1 that lets this user in with a new key;
    yields (port, client private key, host public key)."""
    binary = require_program("sshd", "install `openssh-server`")
    require_program("ssh", "install `openssh-client`")
    folder = tmp_path / "sshd"
    folder.mkdir()
    _, host_public = keygen(folder / "host_key")
    client_private, client_public = keygen(folder / "client_key")
    (folder / "authorized_keys").write_text(client_public + "\n")
    if os.geteuid() == 0:
        # As its service would at boot: sshd run by root needs this folder.
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
    port = free_port()
    user = pwd.getpwuid(os.getuid()).pw_name
    (folder / "sshd_config").write_text(f"""\
ListenAddress 127.0.0.1
Port {port}
HostKey {folder}/host_key
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
AllowUsers {user}
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
""")
    with open(folder / "sshd.log", "wb") as log:
        process = subprocess.Popen(
            [binary, "-D", "-e", "-f", str(folder / "sshd_config")],
            stdout=log,
            stderr=log,
        )
    try:
        if not wait_for_port(port, process):
            process.kill()
            pytest.fail("sshd did not start:\n" + (folder / "sshd.log").read_text())
        yield port, client_private, host_public
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_deploy_step_authenticates_with_home_unlike_the_password_database(
    sshd, tmp_path
):
    if NSS_WRAPPER is None:
        skip_or_fail("libnss_wrapper.so not found; install `libnss-wrapper`")
    require_program("rsync", "install `rsync`")
    port, client_private, host_public = sshd
    user = pwd.getpwuid(os.getuid())

    # A container job: HOME is one folder, the password database names another.
    home, passwd_home = tmp_path / "github-home", tmp_path / "passwd-home"
    home.mkdir()
    passwd_home.mkdir()
    (tmp_path / "passwd").write_text(
        f"{user.pw_name}:x:{user.pw_uid}:{user.pw_gid}::{passwd_home}:/bin/sh\n"
    )
    (tmp_path / "group").write_text(f"deploy:x:{user.pw_gid}:\n")

    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text("released")
    (site / "en/index.html").write_text("en")
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "make").write_text(
        f'#!/bin/sh\nexec {shutil.which("make")} -o publish OUTPUTDIR={site} "$@"\n'
    )
    (shim / "make").chmod(0o755)

    step = deploy_step()
    context = {
        "secrets": {
            "SSH_PRIVATE_KEY": client_private,
            "SSH_KNOWN_HOSTS": f"[127.0.0.1]:{port} {host_public}",
        },
        "vars": {
            "SSH_HOST": f"{user.pw_name}@127.0.0.1",
            "SSH_PORT": str(port),
            "SSH_TARGET_DIR": str(tmp_path / "www"),
        },
    }
    env = {key: fill(str(value), context) for key, value in step["env"].items()}
    env.update(
        PATH=f"{shim}:{os.environ['PATH']}",
        HOME=str(home),
        LD_PRELOAD=str(NSS_WRAPPER),
        NSS_WRAPPER_PASSWD=str(tmp_path / "passwd"),
        NSS_WRAPPER_GROUP=str(tmp_path / "group"),
    )
    # GitHub's default shell for `run`; no terminal, so ssh cannot ask.
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "www/current/index.html").read_text() == "released"
    key = passwd_home / ".ssh/id_ed25519"
    assert key.stat().st_mode & 0o777 == 0o600
    assert (passwd_home / ".ssh").stat().st_mode & 0o777 == 0o700
