# The one command surface of the RTCM website. `make help` lists the targets.
# On a fresh machine only python3 (>= 3.11) and make are needed: the first
# target that needs Python creates .venv from the pins it needs, and a change
# of the pins rebuilds it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One .venv, two sets of pins, a stamp for each; each target depends on the
# set that what it runs imports. $(STAMP): .venv holds the build set
# (requirements.txt), for building, serving, the editors' commands, bench,
# weight, import-moodle, and rsync_upload and rollback (tools/release.py runs
# the system's rsync and ssh). $(DEV_STAMP): it holds the dev set too
# (requirements-dev.txt), for test, github and s3_upload (ghp-import, boto3;
# installed before the build, so that a missing tool fails fast). `make serve`
# on a fresh clone installs the build set alone.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# Whether .venv holds the dev set, as make starts.
DEV_VENV := $(wildcard $(DEV_STAMP))
PELICAN := $(BIN)/pelican
OUTPUTDIR := output
PORT ?= 8000
BIND ?= 127.0.0.1
# The site's root URL, no trailing slash. Development builds use the local
# server; `make publish` needs the real address.
SITEURL ?= http://localhost:$(PORT)
PUBLISH_SITEURL ?= https://rtcm.az
# The address `make publish` (and each deploy target through it) builds for:
# SITEURL when given on the command line or in the environment, else
# PUBLISH_SITEURL. The default SITEURL above (origin `file`) is the local
# server's, never an address to publish.
PUBLISH_URL = $(patsubst %/,%,$(if $(filter file,$(origin SITEURL)),$(PUBLISH_SITEURL),$(SITEURL)))
# Deploy targets (docs/deployment.md); each one runs `make publish` first.
SSH_HOST ?=
SSH_PORT ?= 22
SSH_TARGET_DIR ?= /var/www/rtcm
KEEP_RELEASES ?= 5
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_PAGES_REMOTE ?= origin
GITHUB_PAGES_CNAME ?=
S3_BUCKET ?=
S3_PREFIX ?=
S3_ENDPOINT_URL ?=
S3_ENCODING ?= gzip

.DEFAULT_GOAL := help
.PHONY: help venv new check edit translations html serve devserver publish lint test weight clean i18n-update rsync_upload rollback github s3_upload

help: ## List the targets with one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

PIP_INSTALL = $(BIN)/pip install --quiet --disable-pip-version-check

# $(call new_venv,FILE): .venv made anew with exactly the pins of FILE.
define new_venv
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r $(1)
endef

# A change of the pins makes .venv anew rather than installing over it: a
# package dropped from the pins would stay behind, and a target could work
# here and fail on a fresh clone. A .venv that holds the dev set is made anew
# with it, on a change of either file, so that `make serve` after a pull
# keeps what `make test` needs (and an exact dev set).
$(STAMP): requirements.txt $(if $(DEV_VENV),requirements-dev.txt)
	$(call new_venv,$(if $(DEV_VENV),requirements-dev.txt,requirements.txt))
	touch $@ $(DEV_VENV)

# The dev set on top of the build set. Make runs this right after the rule
# above has made .venv anew with both sets; pip then finds them in place.
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

venv: $(STAMP) ## Create or refresh .venv from the build set's pins (requirements.txt)

# `make new`: KIND=post|page|event|training, LANGS=en,ru,az (default: all), SLUG=…
KIND ?= post
new: $(STAMP) ## Start a post, page, event or training: make new TITLE="…" [KIND=post] [LANGS=en,ru] [SLUG=…]
	@test -n "$$TITLE" || { echo 'usage: make new TITLE="The title" [KIND=post|page|event|training] [LANGS=en,ru,az] [SLUG=…]'; exit 2; }
	$(BIN)/python tools/new_content.py --kind "$(KIND)" --langs "$(LANGS)" --slug "$(SLUG)" "$$TITLE"

check: $(STAMP) ## Check the content: every problem with its file, line and a hint
	$(BIN)/python tools/check_content.py

FORMAT ?= table
translations: $(STAMP) ## Which translations are missing or out of date (FORMAT=json for machines)
	@$(BIN)/python tools/translations.py --format "$(FORMAT)"

html: $(STAMP) check ## Build the whole site (every language and the root) into output/
	rm -rf $(OUTPUTDIR)
	SITEURL=$(SITEURL) $(PELICAN) content -s pelicanconf.py --fatal warnings
	$(BIN)/python tools/linkcheck.py $(OUTPUTDIR) --site-url $(SITEURL)

# `make edit`: Decap CMS's local proxy (decap-server, pinned in
# tools/cms-server/package-lock.json) lets the editor at /admin/ read and
# write this working copy; Pelican rebuilds the site on every save.
CMS_PORT ?= 8081
CMS_SERVER := tools/cms-server/node_modules/.bin/decap-server
$(CMS_SERVER): tools/cms-server/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make edit needs Node.js (20 or newer) and npm: on Debian or Ubuntu, sudo apt-get install nodejs npm"; exit 1; }
	npm ci --prefix tools/cms-server --no-audit --no-fund --loglevel=error
	touch $@

edit: html $(CMS_SERVER) ## Write in the browser: the editor at http://localhost:$(PORT)/admin/ on this working copy, pages rebuilt on save
	@echo "The editor: $(SITEURL)/admin/  (the site: $(SITEURL)/; Ctrl+C to stop)"
	PORT=$(CMS_PORT) BIND_HOST=127.0.0.1 GIT_REPO_DIRECTORY="$(CURDIR)" $(CMS_SERVER) & cms=$$!; \
		CMS_PORT=$(CMS_PORT) SITEURL=$(SITEURL) $(PELICAN) -r content -s pelicanconf.py & pid=$$!; \
		trap 'kill $$cms $$pid' EXIT INT TERM; \
		CMS_PORT=$(CMS_PORT) SITEURL=$(SITEURL) $(PELICAN) -l -s pelicanconf.py -o $(OUTPUTDIR) -p $(PORT) -b $(BIND)

serve: html ## Build, then serve the site on http://localhost:$(PORT)/
	@echo "Serving on $(SITEURL)/ (Ctrl+C to stop)"
	SITEURL=$(SITEURL) $(PELICAN) -l -s pelicanconf.py -o $(OUTPUTDIR) -p $(PORT) -b $(BIND)

devserver: html ## Serve and rebuild on every change to content, theme or settings
	SITEURL=$(SITEURL) $(PELICAN) -r content -s pelicanconf.py & \
		pid=$$!; trap 'kill $$pid' EXIT INT TERM; \
		SITEURL=$(SITEURL) $(PELICAN) -l -s pelicanconf.py -o $(OUTPUTDIR) -p $(PORT) -b $(BIND)

publish: $(STAMP) check ## Production build with publishconf.py for SITEURL if given, else PUBLISH_SITEURL
	@echo "Publishing for $(PUBLISH_URL)/"
	rm -rf $(OUTPUTDIR)
	SITEURL=$(PUBLISH_URL) $(PELICAN) content -s publishconf.py --fatal warnings
	$(BIN)/python tools/linkcheck.py $(OUTPUTDIR) --site-url $(PUBLISH_URL)

# Lighthouse (pinned by tools/lighthouse/package-lock.json) for the mobile
# performance test of a post with photos; it drives the machine's Chromium.
# 12.2.3 is the last release whose dependencies name no "latest" tag: with
# one, npm 11's `npm ci` refuses the lock file as soon as a newer version is
# published, and Debian 12's npm 9 cannot read an override of it.
LIGHTHOUSE := tools/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): tools/lighthouse/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "the tests need Node.js (18.16 or newer) and npm: on Debian or Ubuntu, sudo apt-get install nodejs npm"; exit 1; }
	npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

lint: $(DEV_STAMP) ## Lint and format check of the Python code with ruff (rules in pyproject.toml); zero findings
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint $(DEV_STAMP) $(CMS_SERVER) $(LIGHTHOUSE) ## Lint, then run the whole test suite (builds the site once)
	$(BIN)/python -m pytest

weight: html ## Build, then report the compressed bytes a first visit to each page downloads
	SITEURL=$(SITEURL) $(BIN)/python tools/weight.py $(OUTPUTDIR)

# `make bench`: N translation groups (×3 languages), REPEAT runs of each measure.
N ?= 1000
REPEAT ?= 3
.PHONY: bench
bench: $(STAMP) ## Time clean and incremental builds of a generated site (N=1000 REPEAT=3) -> bench/result.json
	$(BIN)/python tools/bench.py -n $(N) --repeat $(REPEAT) --output bench/result.json

i18n-update: $(STAMP) ## Extract UI strings from the templates and update the .po catalogs
	cd theme && ../$(BIN)/pybabel extract -F babel.cfg -k gettext_in:2 \
		--add-comments=Translators: --no-location --sort-output -o messages.pot .
	cd theme && ../$(BIN)/pybabel update -i messages.pot -d translations \
		--no-wrap --ignore-obsolete

.PHONY: import-moodle
import-moodle: $(STAMP) ## Import Moodle blog entries or pages: make import-moodle SRC=export.csv [KIND=posts|pages] [TAGS=…] [FILES=dir] [ARGS=--dry-run]
	@test -n "$(SRC)" || { echo 'usage: make import-moodle SRC="mdl_post.csv …" [KIND=posts|pages] [TAGS=tags.csv] [FILES=folder] [ARGS="--dry-run"]'; exit 2; }
	$(BIN)/python tools/moodle_import.py $(or $(KIND),posts) $(SRC) \
		$(if $(TAGS),--tags "$(TAGS)") $(if $(FILES),--files "$(FILES)") $(ARGS)

rsync_upload: publish ## Upload to a new release in SSH_HOST:SSH_TARGET_DIR, then switch `current` to it
	$(BIN)/python tools/release.py deploy $(OUTPUTDIR) --host "$(SSH_HOST)" --port $(SSH_PORT) \
		--dir "$(SSH_TARGET_DIR)" --keep $(KEEP_RELEASES)

rollback: $(STAMP) ## Point `current` in SSH_HOST:SSH_TARGET_DIR back at the previous release
	$(BIN)/python tools/release.py rollback --host "$(SSH_HOST)" --port $(SSH_PORT) --dir "$(SSH_TARGET_DIR)"

github: $(DEV_STAMP) publish ## Commit output/ to GITHUB_PAGES_BRANCH (.nojekyll, CNAME if GITHUB_PAGES_CNAME) and push
	$(BIN)/ghp-import --no-jekyll $(if $(GITHUB_PAGES_CNAME),--cname "$(GITHUB_PAGES_CNAME)") \
		--message "Publish $$(git rev-parse --short HEAD)" --branch $(GITHUB_PAGES_BRANCH) \
		--remote $(GITHUB_PAGES_REMOTE) --push --force $(OUTPUTDIR)

s3_upload: $(DEV_STAMP) publish ## Sync output/ to S3_BUCKET (changed objects only; S3_ENDPOINT_URL for other stores)
	$(BIN)/python tools/s3_deploy.py $(OUTPUTDIR) --bucket "$(S3_BUCKET)" --prefix "$(S3_PREFIX)" \
		--endpoint-url "$(S3_ENDPOINT_URL)" --encoding $(S3_ENCODING)

clean: ## Remove the build output and caches (not .venv)
	rm -rf $(OUTPUTDIR) cache .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
	find theme/translations -name '*.mo' -delete
