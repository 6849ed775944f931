# Market Pulse API. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO      ?= go
TOOL    := $(GO) tool -modfile=tools/go.mod
BIN     := bin/marketpulse
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS := -s -w \
  -X github.com/marketpulse/api/internal/buildinfo.Version=$(VERSION) \
  -X github.com/marketpulse/api/internal/buildinfo.Commit=$(COMMIT) \
  -X github.com/marketpulse/api/internal/buildinfo.BuildTime=$(shell date -u +%Y-%m-%dT%H:%M:%SZ)
TEST_FLAGS ?= -race -count=1 -timeout 15m

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

.PHONY: build
build: ## build bin/marketpulse
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/marketpulse

.PHONY: run
run: build ## migrate, load the demo data and serve on 127.0.0.1:8080 (no env needed)
	$(BIN) seed-demo
	exec $(BIN) serve

.PHONY: test
test: valkey postgres ## run every test (installs valkey-server and PostgreSQL when missing), then the API suite again on PostgreSQL
	$(GO) test $(TEST_FLAGS) ./...
	MARKETPULSE_TEST_ENGINE=postgres $(GO) test $(TEST_FLAGS) ./internal/httpapi/

.PHONY: valkey
valkey: ## install valkey-server from bookworm-backports if it is missing
	@command -v valkey-server >/dev/null || bash scripts/install-valkey.sh

.PHONY: postgres
postgres: ## install Debian's PostgreSQL if initdb is missing (tests start their own clusters)
	@bash scripts/install-postgres.sh

.PHONY: bench
bench: ## handler-stack benchmarks (ns/op, allocs/op)
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./internal/httpapi/ ./internal/cache/

.PHONY: loadtest
loadtest: ## loopback load test vs a bare net/http baseline (LOADTEST_FLAGS='-duration 5s -concurrency 16', -quick, -strict)
	$(GO) run ./cmd/loadtest $(LOADTEST_FLAGS)

.PHONY: scale
scale: ## growth table: uncached p50/p99 at 10k, 100k and 1M articles (≤ 15 min); writes docs/scale.md
	nice $(GO) run ./cmd/scale -out docs/scale.md $(SCALE_FLAGS)

.PHONY: scale-quick
scale-quick: ## growth table up to 100k articles (≤ 2 min); fails when a search is past 2x docs/scale-baseline.json
	$(GO) run ./cmd/scale -quick -check $(SCALE_FLAGS)

.PHONY: vet
vet: ## go vet
	$(GO) vet ./...

tools/node_modules/.package-lock.json: tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund
	@touch $@

.PHONY: generate
generate: tools/node_modules/.package-lock.json ## regenerate gen/ (ogen, sqlc, openapi-typescript; ogen reads scripts/ogen-spec.sh's view)
	spec=$$(mktemp --suffix=.yaml) && trap 'rm -f "$$spec"' EXIT && bash scripts/ogen-spec.sh >"$$spec" && \
	  $(TOOL) ogen --config ogen.yml --target gen/oas --package oas --clean "$$spec"
	$(TOOL) sqlc generate
	rm -rf gen/ts && mkdir -p gen/ts
	tools/node_modules/.bin/openapi-typescript openapi.yaml --default-non-nullable false -o gen/ts/schema.d.ts

.PHONY: check-generated
check-generated: generate ## fail when gen/ is not what the sources generate
	@if ! git diff --exit-code --stat -- gen/ || [ -n "$$(git ls-files --others --exclude-standard -- gen/)" ]; then \
	  echo "gen/ is out of date: run 'make generate' and commit the result" >&2; exit 1; fi

.PHONY: lint-api
lint-api: tools/node_modules/.package-lock.json ## lint openapi.yaml with Redocly and Spectral (configs in tools/); any finding fails
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true tools/node_modules/.bin/redocly lint --config tools/redocly.yaml --format=stylish openapi.yaml
	tools/node_modules/.bin/spectral lint --fail-severity=warn --ruleset tools/.spectral.yaml openapi.yaml

.PHONY: api-diff
api-diff: ## fail on a breaking change to openapi.yaml since HEAD~1 not accepted in docs/api-changes.md (BASE=rev to compare with another)
	bash scripts/api-diff.sh $(BASE)

.PHONY: typecheck
typecheck: tools/node_modules/.package-lock.json ## type-check the generated TypeScript
	tools/node_modules/.bin/tsc --noEmit --strict gen/ts/schema.d.ts

.PHONY: fuzz
fuzz: ## run every fuzz target briefly (FUZZTIME=1000x executions each, or a duration)
	bash scripts/fuzz-short.sh

.PHONY: client-test
client-test: tools/node_modules/.package-lock.json ## TypeScript client (openapi-fetch over gen/ts) against a running server
	bash scripts/client-test.sh

web/node_modules/.package-lock.json: web/package-lock.json
	npm ci --prefix web --no-audit --no-fund
	@touch $@

.PHONY: web
web: web/node_modules/.package-lock.json ## build the dashboard page into web/dist (embedded in the binary; fails above 150 KiB of gzipped JS)
	npm run --prefix web --silent build

.PHONY: check-web
check-web: web ## fail when web/dist is not what web/src builds
	@if ! git diff --exit-code --stat -- web/dist || [ -n "$$(git ls-files --others --exclude-standard -- web/dist)" ]; then \
	  echo "web/dist is out of date: run 'make web' and commit the result" >&2; exit 1; fi

.PHONY: chromium
chromium: ## install Debian's Chromium if it is missing (the browser of web-test)
	@[ -x /usr/bin/chromium ] || bash scripts/install-chromium.sh

.PHONY: web-test
web-test: web chromium ## the browser journey and axe checks in Chromium against a fresh server
	bash scripts/web-test.sh

.PHONY: screenshots
screenshots: web chromium ## the browser journey, writing screenshots at three viewport sizes to docs/screenshots/
	SCREENSHOT_DIR=docs/screenshots bash scripts/web-test.sh

.PHONY: migration
migration: ## plan a migration from schema/*.sql: make migration NAME=add_x
	@test -n "$(NAME)" || { echo "usage: make migration NAME=short_name" >&2; exit 2; }
	$(GO) run ./cmd/marketpulse migrate diff $(NAME)

.PHONY: clean
clean: ## remove build output (keeps ./data)
	rm -rf bin
