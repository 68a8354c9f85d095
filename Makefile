# Loa — one command to set up and run the demo, one to set up and run the tests.
#   make demo   virtual environment + packages + Tesseract with its Vietnamese model (scanned plans),
#               then `loa demo` (fresh SQLite demo, 127.0.0.1:8000)
#   make test   the same, plus Chromium for the browser tests, then the linter and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup demo test lint serve system-packages ocr-packages test-packages clean messages model

# $(call debian,CHECK,PACKAGES): install the Debian PACKAGES unless the shell CHECK succeeds (so
# a machine that has them is not asked for a password). Every system-package target uses it.
debian = @($(1)) >/dev/null 2>&1 || \
	($(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $(2))

# python3-venv is a separate package on Debian: install it only when venv is missing.
system-packages:
	$(call debian,$(PYTHON) -c "import venv; import ensurepip",python3-venv python3-pip)

# Reading a scanned plan (the demo's "Nhập kế hoạch" and a real installation): Tesseract with
# its Vietnamese model. Without it a scanned PDF or image is refused ("OCR is not installed").
OCR_CHECK = command -v tesseract && tesseract --list-langs 2>/dev/null | grep -qx vie
ocr-packages:
	$(call debian,$(OCR_CHECK),tesseract-ocr tesseract-ocr-vie)

# What the tests need from Debian besides: Chromium for the browser tests (Playwright never
# downloads a browser), GNU gettext to check that every interface string has its Vietnamese
# translation, and Tesseract's English model with the Tinos, DejaVu Serif and FreeSerif fonts for
# the OCR channel model.
test-packages: ocr-packages
	$(call debian,command -v chromium && command -v xgettext && \
		tesseract --list-langs 2>/dev/null | grep -qx eng && \
		test -e /usr/share/fonts/truetype/croscore/Tinos-Regular.ttf && \
		test -e /usr/share/fonts/truetype/freefont/FreeSerif.ttf,\
		chromium fonts-dejavu-core gettext tesseract-ocr-eng fonts-croscore fonts-freefont-ttf)

$(STAMP): pyproject.toml | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP) ocr-packages
	$(BIN)/loa demo --port $(PORT)

serve: $(STAMP)
	$(BIN)/loa migrate --noinput
	$(BIN)/loa serve --port $(PORT)

# The linter's rules are in pyproject.toml ([tool.ruff]); the tests run only when it passes.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

test: $(STAMP) test-packages lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache

# Refresh the Vietnamese catalogue from the code and compile it (needs GNU gettext: msgfmt).
messages: $(STAMP)
	cd src/loa && DJANGO_SETTINGS_MODULE=loa.settings LOA_DATA_DIR=$(CURDIR)/var ../../$(BIN)/django-admin makemessages -l vi --no-obsolete --no-location --ignore 'locale/*'
	cd src/loa && DJANGO_SETTINGS_MODULE=loa.settings LOA_DATA_DIR=$(CURDIR)/var ../../$(BIN)/django-admin compilemessages -l vi

# Rebuild the models of loa.vitext from the shared VNTC corpus (MIT licence), with the training
# code of loa.vitext.training:
# 1. the Vietnamese language model: about 4 minutes of CPU on 2 cores and 3.7 GB of memory
#    (4-grams and case statistics, 49 MB);
# 2. the OCR channel model of repair(): 480 pages of training articles rendered (Tinos, DejaVu
#    Serif, FreeSerif), read with `tesseract -l eng` and aligned, about 9-12 minutes on 2 cores
#    (40-55 pages a minute; needs tesseract-ocr, tesseract-ocr-eng and the fonts: `make
#    test-packages`), 0.2 MB; then 60 held-out pages for `python -m benchmarks.vitext` (1-2 min).
# About 15-18 minutes in all. var/ocr keeps the pairs (pairs.jsonl) for later experiments.
SHARED_DATA ?= ../shared/data
model: $(STAMP)
	$(BIN)/python -m loa.vitext.training.train_lm --corpus $(SHARED_DATA)/vntc/train.jsonl.gz $(SHARED_DATA)/vntc/extra.jsonl.gz --out src/loa/vitext/data/ngram.npz
	$(BIN)/python -m loa.vitext.training.render_pages --corpus $(SHARED_DATA)/vntc/train.jsonl.gz --pages 480 --out var/ocr/train --report 0
	cp var/ocr/train/channel.json.gz src/loa/vitext/data/channel.json.gz
	$(BIN)/python -m loa.vitext.training.render_pages --corpus $(SHARED_DATA)/vntc/train.jsonl.gz --pages 60 --held-out --seed 7 --out var/ocr/heldout --report 0
