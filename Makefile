# In Defence of October. `make run` to try the site, `make test` to test it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run serve test lint format install database migrate demo browser checkers lock bench loadtest cluster proxy static messages compilemessages gettext

# The task worker (the site's mail, the periodic tasks) runs beside the web
# server in both, and stops when it stops.
WORKER := $(BIN)/python manage.py worker --no-reload

run: demo compilemessages ## set everything up and serve the development site, with the task worker
	@echo ""
	@echo "  In Defence of October is running at http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/ (user 'admin', password 'october1917'; local demo accounts only)"
	@echo ""
	export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A second app server on the same checkout (make cluster) passes SERVE_SETUP=
# to skip what the first one did already.
SERVE_SETUP ?= migrate .secret_key static compilemessages
serve: $(SERVE_SETUP) ## production-like: gunicorn, DEBUG off, whitenoise, the task worker
	export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" \
	DJANGO_HTTPS="$${DJANGO_HTTPS:-0}" \
	DJANGO_SERVE_MEDIA="$${DJANGO_SERVE_MEDIA:-1}" \
	REDIS_URL="$${REDIS_URL:-$$(redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && echo redis://127.0.0.1:6379/0)}"; \
	$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn october.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-2} \
		--timeout 30 --access-logfile - --forwarded-allow-ips 127.0.0.1

static: install .secret_key
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$(cat .secret_key)" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	$(BIN)/python manage.py collectstatic --noinput -v 0

test: database compilemessages browser checkers proxy ## the whole suite, browser tests included
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

bench: demo ## every page type against the /healthz baseline, demo content and large site
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	$(BIN)/python manage.py bench $(BENCH_ARGS)

LOADTEST_SECONDS ?= 60
loadtest: demo ## 50 locust users for LOADTEST_SECONDS: pages, searches, reviews; no 5xx, exact figures
	$(BIN)/python manage.py loadtest --duration $(LOADTEST_SECONDS) $(LOADTEST_ARGS)

cluster: migrate .secret_key proxy ## nginx in front of two app servers sharing PostgreSQL and Redis
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}" \
	$(BIN)/python manage.py cluster $(CLUSTER_ARGS)

lint: install ## ruff, and the layer contracts: the kernel imports no app
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(BIN)/.installed

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

database: install
	$(BIN)/python -m october.database

migrate: database
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The interface's translations: locale/<language>/LC_MESSAGES/django.po.
# `make messages` gathers every marked string into the Spanish and Russian
# catalogues (translate the new ones, then commit the .po files); the
# compiled .mo files are built from them and never committed.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles \
	--ignore=media --ignore=.pg --ignore=tests --ignore=bench-results

# File names without line numbers, and no creation date: a catalogue changes
# only when its strings do, so branches that add strings merge cleanly.
messages: install gettext
	$(BIN)/python manage.py makemessages -l es -l ru --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	sed -i '/^"POT-Creation-Date: /d' locale/*/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages -l es -l ru $(MESSAGES_IGNORE)

compilemessages: install gettext
	$(BIN)/python manage.py compilemessages -l es -l ru $(MESSAGES_IGNORE)

# GNU gettext (msgfmt, xgettext) for makemessages and compilemessages.
gettext:
	@command -v msgfmt >/dev/null || { \
		echo "Installing Debian's gettext for the translations"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext; }

# Debian's Chromium for the browser tests (never Playwright's own download).
browser:
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# Debian's nginx, the proxy of `make cluster` and of its test.
proxy:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
		echo "Installing Debian's nginx for make cluster"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx; }

# axe-core and the Nu HTML Checker (pinned in package-lock.json) and the Java
# the checker runs on; the accessibility and HTML tests use them.
checkers: node_modules/.installed
	@command -v java >/dev/null || { \
		echo "Installing Java for the Nu HTML Checker"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { \
		echo "Installing npm for the page checkers"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

lock: install ## re-pin every dependency after editing pyproject.toml
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

.secret_key:
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@
	chmod 600 $@
