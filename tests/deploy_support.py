"""Helpers shared by the deploy tests (servers, tools, ports)."""

import os
import shutil
import socket
import subprocess
import time

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason):
    """Skip a test whose tool is missing, loudly; in CI (CI=true) fail it."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: missing tools fail the run)", pytrace=False)
    pytest.skip(f"SKIPPED, NOT TESTED: {reason}")


def require_program(name, install_hint):
    path = shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)),
        None,
    )
    if path is None:
        skip_or_fail(f"`{name}` not found; {install_hint} (.ci/run installs it)")
    return path


def throwaway_certificate(folder):
    """(cert, key) of a two-day self-signed certificate for rtcm.az in `folder`."""
    openssl = require_program("openssl", "install it with `apt-get install openssl`")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=rtcm.az",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process=None, timeout=10.0):
    """Wait until something listens on 127.0.0.1:port; False on time-out or
    if `process` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False
