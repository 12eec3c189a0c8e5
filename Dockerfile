# Production image: node builds the NHS.UK frontend assets; a slim Python image runs gunicorn as a non-root user.
# Settings come from the environment (see docs/deployment.md); DATABASE_URL and SECRET_KEY are required.

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
RUN mkdir -p static_vendor/nhsuk \
 && cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css* node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js* static_vendor/nhsuk/ \
 && cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets/. static_vendor/

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH="/app/.venv/bin:$PATH"
# WeasyPrint's libraries and fonts, for the PDF meeting packs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app portal
WORKDIR /app
COPY requirements.txt ./
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir -r requirements.txt
COPY --chown=portal:portal . .
COPY --from=assets --chown=portal:portal /build/static_vendor ./static_vendor
# collectstatic needs settings but no database: a throwaway key and URL are enough at build time.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build python manage.py collectstatic --no-input --verbosity 0 \
 && chown -R portal:portal /app/var
USER portal
EXPOSE 8000
# The same image runs the task worker (PDF packs) as a process of its own: `python manage.py db_worker`.
CMD ["gunicorn", "blmk_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
