"""docker-compose.yml, the Dockerfile and .dockerignore keep the invariants whose breaking once made the stack
unable to come up healthy: static files in `web`, a health check the settings accept, a source for the offline
model, no secret in the image, the Procfile as the one definition of the processes, Qdrant's server version
matching the client's. No Docker engine runs here; `docker-compose config` validates the file when installed."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "cms" / "Dockerfile").read_text()
APP_SERVICES = ["release", "web", "worker", "ingest", "beat"]
PROCFILE = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines()
                if line and not line.startswith("#"))


def _env(service: str) -> dict[str, str]:
    return SERVICES[service].get("environment") or {}


def test_every_application_process_comes_from_the_procfile():
    for name in APP_SERVICES:
        command = SERVICES[name]["command"]
        assert command[:2] == ["honcho", "start"] and command[2] in PROCFILE, (name, command)
    assert {"web", "worker", "ingest", "beat", "release"} <= set(PROCFILE)
    assert "--queues index,embed,default" in PROCFILE["worker"] and "--queues ingest" in PROCFILE["ingest"]


def test_web_serves_static_files_collected_into_its_image():
    static_root = _env("web")["STATIC_ROOT"]
    assert "collectstatic" in DOCKERFILE and f"STATIC_ROOT={static_root}" in DOCKERFILE
    mounted = [volume.split(":")[1] for volume in SERVICES["web"].get("volumes", [])]
    assert static_root not in mounted  # a volume there would hide the image's files
    assert "whitenoise" in (ROOT / "cms" / "settings" / "base.py").read_text()


@pytest.mark.django_db
def test_the_health_check_asks_an_allowed_host_at_an_address_not_redirected(client, settings):
    check = " ".join(SERVICES["web"]["healthcheck"]["test"])
    path = re.search(r"http://127\.0\.0\.1:8000(/[^'\"]*)", check).group(1)
    assert "DJANGO_ALLOWED_HOSTS" in check and "Host" in check
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    production = (ROOT / "cms" / "settings" / "production.py").read_text()
    settings.SECURE_REDIRECT_EXEMPT = ast.literal_eval(re.search(r"SECURE_REDIRECT_EXEMPT = (\[.*\])", production)[1])
    assert client.get(path, HTTP_HOST="hub.example.org").status_code == 200
    assert client.get(path, HTTP_HOST="127.0.0.1").status_code == 400  # what the old check got


def test_the_model_has_a_source_the_application_reads_offline():
    model = _env("web")["EMBEDDING_MODEL"]
    assert model.startswith("/models/")
    fetch = SERVICES["models"]["command"]
    assert fetch[:3] == ["python", "-m", "embeddings.fetch_model"] and fetch[-1] == model
    assert "models:/models" in SERVICES["models"]["volumes"]
    for name in APP_SERVICES:
        assert any(v.startswith("models:/models") for v in SERVICES[name]["volumes"]), name
        assert SERVICES[name]["depends_on"]["models"]["condition"] == "service_completed_successfully"


def test_no_secret_goes_into_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "var/"} <= set(ignored)
    assert not re.search(r"^\s*(ENV|ARG)\s+.*SECRET", DOCKERFILE, re.M)
    assert not re.search(r"COPY\s+\.env", DOCKERFILE)
    for name, service in SERVICES.items():
        environment = service.get("environment") or {}
        assert "DJANGO_SECRET_KEY" not in environment, name  # from .env at run time only
    example = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
                   if line and not line.startswith("#"))
    assert example["DJANGO_SECRET_KEY"] == "" and example["POSTGRES_PASSWORD"] == ""


def test_the_project_is_installed_from_its_wheel_not_run_from_the_source_tree():
    assert "pip wheel" in DOCKERFILE and "pip install /wheels/" in DOCKERFILE
    final_stage = DOCKERFILE.rsplit("FROM ", 1)[1]
    assert "COPY . ." not in final_stage


def test_qdrant_server_matches_the_client_minor_version():
    image = SERVICES["qdrant"]["image"]
    server = re.search(r":v(\d+)\.(\d+)\.\d+$", image)
    client = version("qdrant-client").split(".")
    assert server, f"pin the Qdrant image to a version: {image}"
    assert (server.group(1), server.group(2)) == (client[0], client[1]), (image, version("qdrant-client"))


def test_services_wait_for_what_they_need():
    assert SERVICES["web"]["depends_on"]["release"]["condition"] == "service_completed_successfully"
    assert SERVICES["web"]["depends_on"]["qdrant"]["condition"] == "service_healthy"
    assert _env("web")["QDRANT_URL"].startswith("http://qdrant")  # every process shares the server


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed (.ci/run installs it)")
def test_docker_compose_config_accepts_the_file(tmp_path):
    (tmp_path / ".env").write_text("POSTGRES_PASSWORD=p\nMEILI_MASTER_KEY=0123456789abcdef\n")
    # The project directory holds the .env that env_file names (never committed); the file itself is ROOT's.
    result = subprocess.run(["docker-compose", "--project-directory", str(tmp_path), "-f",
                             str(ROOT / "docker-compose.yml"), "config", "-q"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
