"""The ``loa`` command as a user runs it: ``loa demo`` serves a fresh demo, ``loa serve``
refuses an unmigrated database."""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

STARTUP_SECONDS = 120


def loa_command():
    script = Path(sys.executable).with_name("loa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "loa"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "LOA_DATA_DIR", "LOA_SECRET_KEY", "LOA_DEBUG"}}
    home = tmp_path / "home"
    temp = tmp_path / "tmp"
    home.mkdir(exist_ok=True)
    temp.mkdir(exist_ok=True)
    env.update(HOME=str(home), TMPDIR=str(temp), PYTHONUNBUFFERED="1", **extra)
    return env


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8", "replace")


class Running:
    """A ``loa`` process whose output is read in the background, line by line."""

    def __init__(self, args, env, cwd):
        self.process = subprocess.Popen(loa_command() + args, cwd=cwd, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        self.lines: queue.Queue = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)
        self.lines.put(None)

    @property
    def text(self):
        return "".join(self.output)

    def wait_for(self, marker, seconds=STARTUP_SECONDS):
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            except queue.Empty:
                pytest.fail(f"no {marker!r} after {seconds} s:\n{self.text}")
            if line is None:
                pytest.fail(f"loa stopped before printing {marker!r}:\n{self.text}")
            if marker in line:
                return

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        time.sleep(0.2)  # let the reader thread take the last lines
        return self.process.returncode


@pytest.fixture
def demo_server(tmp_path):
    port = free_port()
    running = Running(["demo", "--port", str(port)], clean_env(tmp_path), tmp_path)
    address = f"http://127.0.0.1:{port}/"
    try:
        running.wait_for(address)
        yield address, running.output, tmp_path / "tmp"
    finally:
        returncode = running.stop()
    assert returncode == 0, running.text


def test_loa_demo_serves_the_login_page_and_static_files(demo_server):
    address, output, temp = demo_server
    # The demo made its data directory in the temporary directory, never in the working one.
    (data_dir,) = [p for p in temp.iterdir() if p.name.startswith("loa-demo-")]
    assert (data_dir / "loa.sqlite3").exists()
    text = "".join(output)
    for username in ("demo-admin", "demo-sotttt", "demo-baohp", "demo-vhtt-lechan",
                     "demo-thanhtra"):
        assert username in text
    assert "Báo Hải Phòng" in text and "Phòng Văn hóa và Thông tin quận Lê Chân" in text

    status, page = get(address + "accounts/login/")
    assert status == 200
    assert "Đăng nhập" in page  # Vietnamese is the default language
    # The demo's login page hints its accounts and their password (a real installation never).
    assert "Tài khoản trình diễn" in page and "“demo”" in page
    for username in ("demo-admin", "demo-sotttt", "demo-baohp", "demo-vhtt-lechan",
                     "demo-thanhtra"):
        assert f"<code>{username}</code>" in page

    # Static files are served by Loa itself (WhiteNoise, from the package).
    status, css = get(address + "static/admin/css/base.css")
    assert status == 200 and "body" in css
    linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert linked, "the login page links no static file"
    for path in linked:
        assert get(address.rstrip("/") + path)[0] == 200, path


def test_loa_demo_removes_its_temporary_data_when_stopped(tmp_path):
    port = free_port()
    running = Running(["demo", "--port", str(port)], clean_env(tmp_path), tmp_path)
    try:
        running.wait_for(f"127.0.0.1:{port}")
        assert get(f"http://127.0.0.1:{port}/accounts/login/")[0] == 200
    finally:
        returncode = running.stop(signal.SIGINT)  # Ctrl-C
    assert returncode == 0, running.text
    assert "Traceback" not in running.text
    assert not [p for p in (tmp_path / "tmp").iterdir() if p.name.startswith("loa-demo-")]


def test_loa_serve_runs_a_migrated_database_until_ctrl_c(tmp_path):
    env = clean_env(tmp_path, LOA_DATA_DIR=str(tmp_path / "data"))
    subprocess.run(loa_command() + ["migrate", "--noinput", "-v", "0"], cwd=tmp_path, env=env,
                   check=True, timeout=300)
    port = free_port()
    running = Running(["serve", "--port", str(port), "--threads", "2"], env, tmp_path)
    try:
        running.wait_for(f"http://127.0.0.1:{port}/")
        status, page = get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200 and "Đăng nhập" in page
        assert get(f"http://127.0.0.1:{port}/static/admin/css/base.css")[0] == 200
    finally:
        returncode = running.stop(signal.SIGINT)
    assert returncode == 0, running.text
    assert "Traceback" not in running.text


def test_loa_serve_never_hints_the_demo_accounts(tmp_path):
    """Even on the demo's own data, `loa serve` (how a real installation runs) lists no
    accounts on its login page: only the process of `loa demo` does."""
    subprocess.run(loa_command() + ["demo", "--no-serve"], cwd=tmp_path, env=clean_env(tmp_path),
                   check=True, capture_output=True, timeout=300)
    (data_dir,) = [p for p in (tmp_path / "tmp").iterdir() if p.name.startswith("loa-demo-")]
    port = free_port()
    running = Running(["serve", "--port", str(port), "--threads", "2"],
                      clean_env(tmp_path, LOA_DATA_DIR=str(data_dir)), tmp_path)
    try:
        running.wait_for(f"http://127.0.0.1:{port}/")
        status, page = get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200 and "Đăng nhập" in page
        assert "Tài khoản trình diễn" not in page and "demo-sotttt" not in page
    finally:
        returncode = running.stop(signal.SIGINT)
    assert returncode == 0, running.text


def test_loa_serve_refuses_an_unmigrated_database(tmp_path):
    data_dir = tmp_path / "data"
    env = clean_env(tmp_path, LOA_DATA_DIR=str(data_dir))
    result = subprocess.run(
        loa_command() + ["serve", "--port", str(free_port())], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "loa migrate" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["demo", "serve", "load_admin_units", "issue_token"])
def test_every_loa_command_explains_itself(tmp_path, command):
    result = subprocess.run([*loa_command(), command, "--help"], capture_output=True, text=True,
                            env=clean_env(tmp_path, LOA_DATA_DIR=str(tmp_path / "data")),
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"loa {command}" in result.stdout
