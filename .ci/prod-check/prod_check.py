"""make prod-check: the production topology, run for real on this machine (no Docker), from the installed wheel.

1. `pip wheel .` builds the project's wheel; it is installed into a fresh venv outside the checkout, and every
   process runs from a folder outside it, so a data file missing from the wheel fails here. (To keep CI quick the
   fresh venv reaches the dependencies already installed in the development venv through a .pth file; the project
   itself comes only from the wheel, which is checked.)
2. The Procfile's `release` (migrate, collectstatic, bootstrap_site), then `check --deploy`, printed.
3. The Procfile's processes under honcho with the production settings: gunicorn (TLS with a throw-away
   certificate, as the proxy in front would give it), a Celery worker on the index/embed queues, one on the ingest
   queue, beat, and the vector service every process shares; PostgreSQL database cbd_prod_check and Redis db 5.
4. Over HTTPS: the admin's static files, the editorial path end to end (e2e.py), publish → searchable over
   100 publishes (publish_latency.py), and beat's periodic drain with the publisher's direct trigger off.
Every process it started is stopped at the end, whatever happened.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = Path(__file__).resolve().parent
PORT = int(os.environ.get("PROD_CHECK_PORT", "8101"))
VECTOR_PORT = int(os.environ.get("PROD_CHECK_VECTOR_PORT", "6401"))
DATABASE = os.environ.get("PROD_CHECK_DATABASE", "cbd_prod_check")
REDIS_URL = os.environ.get("PROD_CHECK_REDIS_URL", "redis://127.0.0.1:6379/5")
PUBLISHES = int(os.environ.get("PROD_CHECK_PUBLISHES", "100"))
BEAT_SECONDS = 5
BASE = f"https://127.0.0.1:{PORT}"
PROCESSES = ["web", "worker", "ingest", "beat", "vectors"]


def step(title: str) -> float:
    print(f"\n== {title}", flush=True)
    return time.monotonic()


def run(args: list[str], *, env: dict[str, str] | None = None, cwd: Path, quiet: bool = False) -> str:
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"FAILED: {' '.join(map(str, args))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    if not quiet and result.stdout.strip():
        print(result.stdout.rstrip())
    return result.stdout


# --- the wheel in a fresh venv ---------------------------------------------------------------------------------
def build_venv(work: Path) -> Path:
    dist, venv = work / "dist", work / "venv"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
         str(ROOT)], cwd=work)
    wheel = next(dist.glob("cbd_knowledge_hub-*.whl"))
    base_python = getattr(sys, "_base_executable", sys.executable)
    run([base_python, "-m", "venv", "--without-pip", str(venv)], cwd=work)
    site = Path(run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    cwd=work, quiet=True).strip())
    # Dependencies: the development venv's site-packages as a plain path entry (its own .pth files, among them
    # the editable checkout, are not processed from there, so the checkout never gets onto sys.path).
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--prefix", str(venv), str(wheel)], cwd=work)
    for command, module in (("gunicorn", "gunicorn"), ("celery", "celery"), ("django-admin", "django"),
                            ("honcho", "honcho")):  # the console scripts pip would have made for the dependencies
        shim = venv / "bin" / command
        shim.write_text(f'#!/bin/sh\nexec "{venv}/bin/python" -m {module} "$@"\n')
        shim.chmod(0o755)
    where = run([str(venv / "bin" / "python"), "-c", "import cms, migration, frontend; print(cms.__file__)"],
                cwd=work, quiet=True, env={"PATH": os.environ["PATH"]}).strip()
    if not where.startswith(str(venv)):
        raise SystemExit(f"FAILED: cms imported from {where}, not from the installed wheel")
    print(f"wheel {wheel.name} installed in {venv}; cms imported from {where}")
    return venv


# --- environment -----------------------------------------------------------------------------------------------
def certificate(work: Path) -> tuple[Path, Path]:
    cert, key = work / "tls.crt", work / "tls.key"
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)], cwd=work, quiet=True)
    return cert, key


def environment(work: Path, cert: Path, key: Path) -> Path:
    """The deployment's environment file (the variables of README, "Production"), read by honcho."""
    values = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "CELERY_BROKER_URL": REDIS_URL,
        "CACHE_URL": REDIS_URL,
        "QDRANT_URL": f"http://127.0.0.1:{VECTOR_PORT}",
        "VECTOR_SERVICE_BIND": f"127.0.0.1:{VECTOR_PORT}",
        "QDRANT_PATH": str(work / "var" / "qdrant"),
        "SEARCH_INDEX_DIR": str(work / "var" / "search-index"),
        "CBD_VAR_DIR": str(work / "var"),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "var" / "media"),
        "PORT": str(PORT),
        "WEB_BIND_HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        # TLS terminates at gunicorn here (a proxy's job in a deployment): real HTTPS for the secure cookies.
        "WEB_CERTFILE": str(cert),
        "WEB_KEYFILE": str(key),
        "OUTBOX_DRAIN_SECONDS": str(BEAT_SECONDS),
        # The latency probe asks the search API about 20 times a second from one address.
        "RATE_LIMIT_SEARCH_PER_MINUTE": "100000",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "LOG_LEVEL": "WARNING",
        "SSL_CERT_FILE": str(cert),
    }
    path = work / "prod.env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    return path


def read_env(path: Path, venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("HOME", "LANG", "LC_ALL", "TMPDIR")}
    env["PATH"] = f"{venv / 'bin'}:{os.environ['PATH']}"
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    return env


def fresh_database_and_redis() -> None:
    import psycopg
    import redis

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    redis.Redis.from_url(REDIS_URL).flushdb()


# --- processes -------------------------------------------------------------------------------------------------
class Deployment:
    def __init__(self, venv: Path, env_file: Path, work: Path) -> None:
        self.venv, self.env_file, self.work = venv, env_file, work
        self.env = read_env(env_file, venv)
        self.log = work / "processes.log"
        self.process: subprocess.Popen | None = None

    def honcho(self, *names: str) -> list[str]:
        return [str(self.venv / "bin" / "honcho"), "-f", str(ROOT / "Procfile"), "-e", str(self.env_file),
                "-d", str(self.work), "start", *names]

    def release(self) -> None:
        run(self.honcho("release"), env=self.env, cwd=self.work, quiet=True)

    def admin(self, *args: str) -> str:
        return run([str(self.venv / "bin" / "django-admin"), *args], env=self.env, cwd=self.work, quiet=True)

    def start(self) -> None:
        self.process = subprocess.Popen(self.honcho(*PROCESSES), env=self.env, cwd=self.work,
                                        stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self) -> int:
        """Stop honcho and every process it started; returns how many needed SIGKILL. honcho starts each process
        in a session of its own, so its process group does not reach them: they are found as its descendants
        (before honcho exits and they are re-parented) and the survivors killed one by one."""
        if self.process is None:
            return 0
        import psutil

        try:
            family = [psutil.Process(self.process.pid), *psutil.Process(self.process.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            family = []
        self._signal(self.process.pid, signal.SIGTERM)
        _, alive = psutil.wait_procs(family, timeout=40)
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(alive, timeout=10)
        self.process.poll()
        return len(alive)

    @staticmethod
    def _signal(group: int, sig: int) -> bool:
        """Send `sig` to the group; False when no process of it is left."""
        try:
            os.killpg(group, sig)
            return True
        except ProcessLookupError:
            return False

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def wait_ready(self, client: httpx.Client) -> None:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"FAILED: the processes stopped\n{self.tail()}")
            log = self.log.read_text(errors="replace")
            try:
                healthy = client.get("/healthz").status_code == 200
            except httpx.HTTPError:
                healthy = False
            workers_ready = len(re.findall(r"celery@\S+ ready|@\S+ ready\.", log)) >= 2
            if healthy and workers_ready and "warmed up" in log:
                return
            time.sleep(1)
        raise SystemExit(f"FAILED: not ready within 240 s\n{self.tail()}")


# --- checks over HTTPS -----------------------------------------------------------------------------------------
def check_static(client: httpx.Client) -> None:
    login = client.get("/admin/login/")
    assert login.status_code == 200, login.status_code
    assert "Content-Security-Policy" in login.headers and "Strict-Transport-Security" in login.headers
    sheets = re.findall(r'href="(/static/[^"]+\.css)"', login.text)
    scripts = re.findall(r'src="(/static/[^"]+\.js)"', login.text)
    assert sheets and scripts, "the admin login page links no static files"
    for path in sheets[:3] + scripts[:3]:
        response = client.get(path)
        assert response.status_code == 200 and len(response.content) > 100, f"{path}: {response.status_code}"
    print(f"admin static files served: {len(sheets)} stylesheets, {len(scripts)} scripts linked; "
          f"{min(3, len(sheets)) + min(3, len(scripts))} fetched (200, hashed names); CSP and HSTS headers present")


def people(deployment: Deployment) -> tuple[int, str, str]:
    """An editor and a reviewer with random passwords, and the English notifications section's id."""
    editor_pw, reviewer_pw = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    out = deployment.admin("shell", "-c", (
        "from django.contrib.auth.models import Group, User; from cms.core.roles import EDITORS, REVIEWERS; "
        "from cms.core.site import bootstrap_site\n"
        f"e = User.objects.create_user('prodcheck-editor', password='{editor_pw}'); "
        "e.groups.add(Group.objects.get(name=EDITORS))\n"
        f"r = User.objects.create_user('prodcheck-reviewer', password='{reviewer_pw}'); "
        "r.groups.add(Group.objects.get(name=REVIEWERS))\n"
        "print(bootstrap_site()['notifications'].pk)"))
    return int(out.strip().splitlines()[-1]), f"prodcheck-editor:{editor_pw}", f"prodcheck-reviewer:{reviewer_pw}"


def contract(deployment: Deployment, work: Path, cert: Path) -> None:
    """Optional (PROD_CHECK_CONTRACT=1, a few minutes more): import the CBD's data with the production migration
    (the worker indexes it), then run the shared API contract check against this server."""
    step("9. the CBD data through migrate_legacy (the worker indexes it), then api-contract-check")
    t = time.monotonic()
    deployment.admin("migrate_legacy", "--no-reindex", "--no-progress")  # queued: the worker (beat) drains it
    pending = "from indexing.outbox import pending_count; print(pending_count())"
    deadline = time.monotonic() + 900
    while int(deployment.admin("shell", "-c", pending).strip().splitlines()[-1]) and time.monotonic() < deadline:
        time.sleep(5)
    print(f"  imported and indexed by the worker in {time.monotonic() - t:.0f} s")
    tool = ROOT.parent / "shared" / "tools" / "api-contract-check"
    if not tool.exists():
        tool = Path("/work/shared/tools/api-contract-check")
    result = subprocess.run([sys.executable, str(tool), BASE], env={**os.environ, "SSL_CERT_FILE": str(cert)},
                            capture_output=True, text=True, timeout=600)
    print(result.stdout.rstrip())
    if result.returncode != 0:
        raise SystemExit("FAILED: api-contract-check")



def drain_tasks_finished(log: str) -> tuple[int, int]:
    received = len(re.findall(r"Task indexing\.drain_outbox\[[^\]]+\] received", log))
    finished = len(re.findall(r"Task indexing\.drain_outbox\[[^\]]+\] (?:succeeded|raised|failed)", log))
    return received, finished


def wait_for_idle_index_queue(deployment: Deployment, timeout: float = 180) -> int:
    """Wait until no drain task waits in Redis or in the worker (prefetched tasks are no longer in the list)."""
    import redis

    broker = redis.Redis.from_url(REDIS_URL)
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        received, finished = drain_tasks_finished(deployment.log.read_text(errors="replace"))
        if broker.llen("index") == 0 and received == finished:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 1.0:
                return received
        else:
            quiet_since = None
        time.sleep(0.2)
    raise SystemExit(f"FAILED: the worker still had drain tasks queued after {timeout:.0f} s")


def beat_drains(deployment: Deployment, *, more_than: int | None = None, timeout: float = 3 * BEAT_SECONDS) -> int:
    """How many drains beat has sent; with `more_than`, wait (honcho writes the log as lines arrive) for a new one."""
    deadline = time.monotonic() + timeout
    while True:
        sent = deployment.log.read_text(errors="replace").count("Sending due task drain-index-outbox")
        if more_than is None or sent > more_than or time.monotonic() > deadline:
            return sent
        time.sleep(0.2)

def main() -> int:
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="cbd-prod-check-"))
    deployment = None
    try:
        t = step("1. wheel (pip wheel .) installed into a fresh venv, run from outside the checkout")
        venv = build_venv(work)
        print(f"({time.monotonic() - t:.0f} s)")

        step("2. release: migrate, collectstatic, bootstrap_site (Procfile 'release'), production settings")
        cert, key = certificate(work)
        env_file = environment(work, cert, key)
        fresh_database_and_redis()
        deployment = Deployment(venv, env_file, work)
        deployment.release()
        static_files = sum(1 for _ in (work / "static").rglob("*") if _.is_file())
        print(f"database {DATABASE} migrated; {static_files} static files collected into {work / 'static'}")

        step("3. manage.py check --deploy (production settings, the deployment's environment)")
        result = subprocess.run([str(venv / "bin" / "django-admin"), "check", "--deploy", "--fail-level", "WARNING"],
                                env=deployment.env, cwd=work, capture_output=True, text=True, timeout=300)
        print((result.stdout + result.stderr).strip())
        if result.returncode != 0 or "no issues" not in result.stdout:
            raise SystemExit("FAILED: check --deploy is not clean")

        t = step(f"4. start (honcho, Procfile): {', '.join(PROCESSES)}")
        deployment.start()
        client = httpx.Client(base_url=BASE, verify=str(cert), timeout=60)
        deployment.wait_ready(client)
        warm = re.findall(r"warmed up: (\{[^}]*\})", deployment.log.read_text())
        print(f"ready in {time.monotonic() - t:.0f} s; web workers loaded the model at start-up: {warm[:2]}")

        step("5. admin static files and security headers")
        check_static(client)

        step("6. end to end over HTTPS: editor → moderation → reviewer publishes → worker indexes → API")
        parent, editor, reviewer = people(deployment)
        sys.path.insert(0, str(DEPLOY))
        import e2e

        e2e.run(BASE, str(cert), parent, editor, reviewer)
        log = deployment.log.read_text(errors="replace")
        assert "indexing.drain_outbox" in log, "the worker never ran a drain"
        print("  the worker ran indexing.drain_outbox (queue 'index')")

        step(f"7. publish → searchable with the real worker, {PUBLISHES} publishes")
        probe = [str(venv / "bin" / "python"), str(DEPLOY / "publish_latency.py"), BASE, str(cert)]
        run([*probe, str(PUBLISHES), str(parent), "2098"], env=deployment.env, cwd=work)

        step(f"8. beat: the publisher's direct trigger off (INDEX_DRAIN_ON_COMMIT=false), drain every {BEAT_SECONDS} s")
        # Step 7 queued one drain per commit; a leftover one would make step 8's records searchable without beat.
        backlog = wait_for_idle_index_queue(deployment)
        print(f"  the worker finished step 7's {backlog} queued drains before this step began")
        sent = beat_drains(deployment)
        run([*probe, "3", str(parent), "2097"], env={**deployment.env, "INDEX_DRAIN_ON_COMMIT": "false"}, cwd=work)
        sent_after = beat_drains(deployment, more_than=sent)
        assert sent_after > sent, "beat sent no drain"
        print(f"  searchable through beat's periodic drain alone (beat sent {sent_after} drains so far)")

        if os.environ.get("PROD_CHECK_CONTRACT") == "1":
            contract(deployment, work, cert)

        step("done")
        print(f"prod-check passed in {time.monotonic() - started:.0f} s")
        return 0
    except BaseException:
        if deployment is not None:  # what the processes said is the evidence a failed step needs
            print(f"--- the processes' log, last lines ({deployment.log})\n{deployment.tail(150)}", file=sys.stderr)
        raise
    finally:
        if deployment is not None:
            killed = deployment.stop()
            print(f"every process stopped ({'some needed SIGKILL' if killed else 'all on SIGTERM'})")
        if os.environ.get("PROD_CHECK_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
