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


@pytest.fixture
def demo_server(tmp_path):
    port = free_port()
    env = clean_env(tmp_path)
    process = subprocess.Popen(
        loa_command() + ["demo", "--port", str(port)], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue = queue.Queue()
    output: list[str] = []

    def read():
        for line in process.stdout:
            output.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    address = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while True:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            assert line is not None, "loa demo stopped early:\n" + "".join(output)
            if address in line:
                break
        yield address, output, tmp_path / "tmp"
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert process.returncode == 0, "".join(output)


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

    # Static files are served by Loa itself (WhiteNoise, from the package).
    status, css = get(address + "static/admin/css/base.css")
    assert status == 200 and "body" in css
    linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert linked, "the login page links no static file"
    for path in linked:
        assert get(address.rstrip("/") + path)[0] == 200, path


def test_loa_demo_removes_its_temporary_data_when_stopped(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        loa_command() + ["demo", "--port", str(port)], cwd=tmp_path, env=clean_env(tmp_path),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = []
    for line in process.stdout:
        output.append(line)
        if f"127.0.0.1:{port}" in line:
            break
    else:
        pytest.fail("loa demo stopped early:\n" + "".join(output))
    assert get(f"http://127.0.0.1:{port}/accounts/login/")[0] == 200
    process.send_signal(signal.SIGINT)  # Ctrl-C
    rest, _err = process.communicate(timeout=60)
    assert process.returncode == 0, "".join(output) + rest
    assert "Traceback" not in rest
    assert not [p for p in (tmp_path / "tmp").iterdir() if p.name.startswith("loa-demo-")]


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
