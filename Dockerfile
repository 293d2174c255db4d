# Canvas viewer: the package, the seeds imported at build time, served by uvicorn as non-root.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CANVAS_DB=/srv/canvas/data/canvas.db \
    CANVAS_SEEDS=/srv/canvas/seeds

WORKDIR /srv/canvas

RUN groupadd --system --gid 10001 canvas \
 && useradd --system --uid 10001 --gid canvas --home-dir /srv/canvas --shell /usr/sbin/nologin canvas

COPY pyproject.toml README.md alembic.ini hatch_build.py ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir .

COPY seeds ./seeds
RUN canvas load seeds --quiet \
 && chown -R canvas:canvas /srv/canvas/data

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"]
# Reached under another name than localhost? docker run -e CANVAS_BASE_URL=https://canvas.example.org
CMD ["canvas", "serve", "--host", "0.0.0.0", "--port", "8000"]
