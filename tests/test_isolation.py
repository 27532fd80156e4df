"""No network, no writes: import, lint, analyze, check and report run in a subprocess
where every socket is refused and every write outside the report's own output
directory is refused, from interpreter start (imports included).

The guard is a ``sitecustomize`` module put first on ``PYTHONPATH``. It replaces the
socket constructors and name lookups, and adds an audit hook (PEP 578) that refuses
network events and any ``open`` for writing, ``mkdir``, ``rename``, ``remove``... outside
the allowed directory. The audit hook works when the tests run as root, where a
read-only (chmod 0o555) working directory does not stop writes; the working directory
is made read-only as well for non-root runs. Every refusal is printed to stderr with
``ISOLATION-BLOCKED`` even when the caller swallows the exception.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"

GUARD = textwrap.dedent(
    '''
    """Isolation guard for replylint's tests: no network, writes only where allowed."""
    import os
    import socket
    import sys

    _ALLOWED = [os.path.realpath(p) for p in os.environ["ISOLATION_ALLOW"].split(os.pathsep) if p]
    _WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    _blocked = []


    def _refuse(what):
        _blocked.append(what)
        try:
            sys.stderr.write("ISOLATION-BLOCKED " + what + "\\n")
            sys.stderr.flush()
        except Exception:
            pass
        raise PermissionError("isolation guard: " + what)


    def _allowed(path):
        if isinstance(path, int):
            return True  # an already open descriptor (stdout, a pipe)
        try:
            real = os.path.realpath(os.fsdecode(path))
        except Exception:
            return False
        if real == os.devnull:
            return True
        return any(real == a or real.startswith(a + os.sep) for a in _ALLOWED)


    _NETWORK = {
        "socket.__new__", "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
        "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
        "socket.getnameinfo", "urllib.Request", "http.client.connect", "ftplib.connect",
        "smtplib.connect", "poplib.connect", "imaplib.open", "nntplib.connect", "webbrowser.open",
    }
    _FS = {
        "os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link",
        "os.truncate", "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.move",
        "shutil.copyfile", "os.mkfifo", "os.mknod",
    }


    def _hook(event, args):
        if event in _NETWORK:
            if event == "socket.__new__" and len(args) > 1 and args[1] == getattr(socket, "AF_UNIX", None):
                return  # local IPC (worker processes), not the network
            _refuse(event + " " + repr(args)[:200])
        elif event == "open":
            path, mode, flags = (list(args) + [None, None, None])[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            if writing and not _allowed(path):
                _refuse("open for writing " + repr(path))
        elif event in _FS:
            paths = [a for a in args if isinstance(a, (str, bytes, os.PathLike))]
            if not paths or not all(_allowed(p) for p in paths):
                _refuse(event + " " + repr(args)[:200])
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
            _refuse(event + " " + repr(args)[:200])


    sys.addaudithook(_hook)


    def _probe():
        """urllib3 (imported by spaCy for ``spacy download``) checks at import whether
        IPv6 works by binding a loopback socket; it expects and handles a refusal."""
        caller = sys._getframe(2).f_code
        return caller.co_name == "_has_ipv6" and "urllib3" in caller.co_filename


    class _NoSocket(socket.socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if _probe():
                raise PermissionError("isolation guard: urllib3's IPv6 probe")
            if family != getattr(socket, "AF_UNIX", None) or fileno is not None:
                _refuse("socket.socket(%r, %r)" % (family, type))
            super().__init__(family, type, proto, fileno)


    def _no(name):
        def refuse(*args, **kwargs):
            _refuse("socket." + name + repr(args)[:200])
        return refuse


    socket.socket = _NoSocket
    socket.SocketType = _NoSocket
    for _name in ("create_connection", "create_server", "getaddrinfo", "gethostbyname",
                  "gethostbyname_ex", "gethostbyaddr", "getfqdn"):
        setattr(socket, _name, _no(_name))


    def blocked():
        """What was refused so far (for the runner's final check)."""
        return list(_blocked)
    '''
)

SCENARIO = textwrap.dedent(
    """
    import json, os, sys
    import sitecustomize  # the guard, already active
    assert "replylint" not in sys.modules

    import replylint
    from replylint import Linter
    from replylint.cli import main

    fixtures, out_dir, clean = sys.argv[1], sys.argv[2], sys.argv[3]
    conv = {
        "id": "case-1", "channel": "twitter", "brand": "@TelcoCare",
        "messages": [{"role": "customer", "author": "@ann",
                      "text": "@TelcoCare my internet is down AGAIN, third call today, switching!"}],
        "draft": "You people should read the FAQ. Upgrade to FiberMax for £5 more!",
    }
    report = replylint.lint(conv)
    assert "you-people" in report.rules, report.rules
    report.model_dump_json()
    facts = replylint.analyze(conv)
    assert facts.complaint, facts
    replylint.analyze("@TelcoCare third outage this week, I am switching")
    many = Linter().lint_many([conv, {**conv, "id": "case-2"}])
    assert len(many) == 2

    log = os.path.join(fixtures, "logs", "conversations-sample.jsonl")  # has bad records
    assert main(["check", "--format", "json", clean]) == 1
    assert main(["check", "--format", "sarif", clean]) == 1
    assert main(["check", "--jobs", "2", log]) == 2
    assert main(["analyze", "--format", "json", clean]) == 0
    assert main(["rules"]) == 0
    assert main(["explain", "you-people"]) == 0
    if os.environ.get("ISOLATION_REPORT") == "1":
        html = os.path.join(out_dir, "report.html")
        md = os.path.join(out_dir, "report.md")
        assert main(["report", log, "--html", html, "--md", md]) == 0
        assert os.path.getsize(html) > 0 and os.path.getsize(md) > 0

    import sitecustomize
    assert not sitecustomize.blocked(), sitecustomize.blocked()
    print("ISOLATION-OK")
    """
)


@pytest.fixture()
def sandbox(tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    """(guard directory, read-only working directory, allowed output directory)."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    (guard / "scenario.py").write_text(SCENARIO, encoding="utf-8")
    work = tmp_path / "readonly"
    work.mkdir()
    conv = {
        "channel": "twitter",
        "brand": "@TelcoCare",
        "messages": [{"role": "customer", "text": "@TelcoCare down again!!"}],
        "draft": "You people never read the FAQ.",
    }
    (work / "clean.jsonl").write_text(
        "\n".join(json.dumps({**conv, "id": f"c{i}"}) for i in range(3)) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    work.chmod(
        stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    )
    guard.chmod(0o555)
    try:
        yield guard, work, out
    finally:
        work.chmod(0o755)
        guard.chmod(0o755)


def _env(guard: Path, allow: list[Path], **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "HYPOTHESIS", "COV_", "PYTEST"))
    }
    env.update(
        PYTHONPATH=str(guard),
        PYTHONDONTWRITEBYTECODE="1",  # the interpreter's own cache, not replylint's doing
        PYTHONNOUSERSITE="1",
        ISOLATION_ALLOW=os.pathsep.join(str(p) for p in allow),
        NO_COLOR="1",
        HOME=str(guard),  # nothing to find (or write) in the real home directory
        **extra,
    )
    return env


def _run(
    guard: Path, cwd: Path, allow: list[Path], *args: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=_env(guard, allow, **extra),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_guard_refuses_network_and_writes(sandbox: tuple[Path, Path, Path]) -> None:
    """The guard itself works (as root too): a socket, a name lookup, a write in the
    working directory and a write in /tmp are all refused; a write in the allowed
    directory is not."""
    guard, work, out = sandbox
    probe = textwrap.dedent(
        f"""
        import os, socket, tempfile, urllib.request
        def refused(fn):
            try:
                fn()
            except OSError:  # PermissionError, or what a library turns it into
                return True
            return False
        assert refused(lambda: socket.create_connection(("127.0.0.1", 9)))
        assert refused(lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM))
        assert refused(lambda: socket.getaddrinfo("example.com", 443))
        assert refused(lambda: urllib.request.urlopen("http://127.0.0.1:9/"))
        assert refused(lambda: open("written.txt", "w"))
        assert refused(lambda: os.open("written2.txt", os.O_CREAT | os.O_WRONLY))
        assert refused(lambda: tempfile.mkstemp())
        assert refused(lambda: os.mkdir("newdir"))
        with open({str(out / "fine.txt")!r}, "w") as f:
            f.write("allowed")
        open(os.__file__).read()  # reading is fine
        print("PROBE-OK")
        """
    )
    proc = _run(guard, work, [out], "-c", probe)
    assert proc.returncode == 0, proc.stderr
    assert "PROBE-OK" in proc.stdout
    assert proc.stderr.count("ISOLATION-BLOCKED") >= 8
    assert not (work / "written.txt").exists()
    assert (out / "fine.txt").read_text() == "allowed"


def test_import_lint_analyze_check_report_offline_and_read_only(
    sandbox: tuple[Path, Path, Path],
) -> None:
    guard, work, out = sandbox
    report = (
        Path(__file__).resolve().parent.parent / "src" / "replylint" / "cli" / "report.py"
    ).exists()
    proc = _run(
        guard,
        work,
        [out],
        str(guard / "scenario.py"),
        str(FIXTURES),
        str(out),
        str(work / "clean.jsonl"),
        ISOLATION_REPORT="1" if report else "0",
    )
    assert "ISOLATION-BLOCKED" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ISOLATION-OK" in proc.stdout
    assert sorted(p.name for p in work.iterdir()) == ["clean.jsonl"]
    if report:
        assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.md"]
        html = (out / "report.html").read_text(encoding="utf-8")
        # the report is self-contained: nothing is fetched when it is opened
        lowered = html.lower()
        for remote in ('src="http', "src='http", '<link href="http', "@import", "url(http"):
            assert remote not in lowered, remote
