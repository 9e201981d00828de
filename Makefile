# BanGUI: `make run` sets up everything and starts the server on SQLite;
# `make test` runs every check and test.

SHELL := /bin/bash
CARGO ?= cargo
BANGUI := target/debug/bangui
APT_GET ?= env DEBIAN_FRONTEND=noninteractive apt-get
# The end-to-end tests use Debian's Chromium; nothing may download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1


.PHONY: run geoip asn demo test build web deps deps-test install-packages check fmt clippy doc unused-deps deny layout deny-advisories compose-check config-check contract-check test-rust test-web test-e2e schema bench fuzz clean-data

## run: install what is missing, build the dashboard and the server, start on SQLite
run: deps geoip web build asn
	$(BANGUI) serve

## geoip: the default country database (CC0, from the npm package of ip-location-db)
GEOIP_PACKAGE := @ip-location-db/geo-whois-asn-country-mmdb@2.3.2026061719
GEOIP_DB := data/geo-whois-asn-country.mmdb
geoip: $(GEOIP_DB)
$(GEOIP_DB):
	@mkdir -p data/.geoip
	cd data/.geoip && npm pack --silent $(GEOIP_PACKAGE) >/dev/null && \
		tar -xzf ip-location-db-geo-whois-asn-country-mmdb-*.tgz package/geo-whois-asn-country.mmdb
	mv data/.geoip/package/geo-whois-asn-country.mmdb $(GEOIP_DB).tmp && mv $(GEOIP_DB).tmp $(GEOIP_DB)
	rm -rf data/.geoip

## asn: the default ASN database (CC BY 4.0: RouteViews, DB-IP, NRO), converted from the
## CSV lists of ip-location-db's npm package into an MMDB by `bangui asn-db`
ASN_PACKAGE := @ip-location-db/asn@2.3.2026061719
ASN_DB := data/asn.mmdb
asn: $(ASN_DB)
$(ASN_DB): | build
	@mkdir -p data/.asn
	cd data/.asn && npm pack --silent $(ASN_PACKAGE) >/dev/null && \
		tar -xzf ip-location-db-asn-*.tgz package/asn-ipv4.csv package/asn-ipv6.csv
	$(BANGUI) asn-db data/.asn/package/asn-ipv4.csv data/.asn/package/asn-ipv6.csv --out $(ASN_DB)
	rm -rf data/.asn

## demo: a sandboxed fail2ban that bans for real, attack log lines, and BanGUI on it
DEMO_DIR := $(CURDIR)/data/demo-fail2ban
demo: deps geoip web build
	scripts/fail2ban-sandbox start $(DEMO_DIR) >/dev/null
	@echo "fail2ban sandbox running in $(DEMO_DIR); attack lines every few seconds"
	@scripts/demo-attacks $(DEMO_DIR) 3 & attacks=$$!; \
	trap 'kill $$attacks 2>/dev/null; scripts/fail2ban-sandbox stop $(DEMO_DIR)' EXIT INT TERM; \
	BANGUI_FAIL2BAN_SOCKET=$(DEMO_DIR)/fail2ban.sock BANGUI_FAIL2BAN_DB=$(DEMO_DIR)/fail2ban.sqlite3 \
	BANGUI_FAIL2BAN_CONFIG_DIR=$(DEMO_DIR)/etc BANGUI_DATABASE_URL=sqlite://data/demo.db \
	$(BANGUI) serve

## bench: benchmarks (release build); figures go to Docs/Benchmarks.md
bench: deps geoip
	$(CARGO) bench -p bangui-core --bench geo_lookup
	$(CARGO) bench -p bangui-core --bench archive_queries
	$(CARGO) bench -p bangui-core --bench archive_ingest
	$(CARGO) bench -p bangui-core --bench bulk_ban
	$(CARGO) bench -p bangui-core --bench blocklist_import
	$(CARGO) bench -p bangui-core --bench sync_memory
	$(CARGO) bench -p bangui-api --bench document_budget
	ulimit -n $$(ulimit -Hn) && $(CARGO) bench -p bangui-api --bench ws_fanout
	$(CARGO) bench -p bangui-api --bench fleet
	$(CARGO) bench -p bangui-api --bench export_memory

## fuzz: the property-based fuzzers with many more cases than `make test` runs
## (GraphQL bodies, WebSocket messages, fail2ban's pickle answers); FUZZ_CASES sets how many
FUZZ_CASES ?= 20000
fuzz: geoip
	PROPTEST_CASES=$(FUZZ_CASES) $(CARGO) test -p bangui-fail2ban --test pickle_fuzz
	PROPTEST_CASES=$(FUZZ_CASES) $(CARGO) test -p bangui-api --test it fuzz::any_request_body -- --nocapture
	PROPTEST_CASES=$$(( $(FUZZ_CASES) / 10 )) $(CARGO) test -p bangui-api --test it fuzz::any_websocket -- --nocapture

## build: the bangui binary (debug profile, quick to build)
build:
	$(CARGO) build --bin bangui

## web: the dashboard, when web/ has one
web:
	@if [ -f web/package.json ]; then \
		cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build; \
	else echo "web/ has no app yet: skipping the dashboard build"; fi

## deps: system packages BanGUI needs to run (Debian), installed when missing
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(RUN_PACKAGES)"

## deps-test: the packages the checks and tests need besides
deps-test: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"

install-packages:
	@missing=""; \
	for pkg in $(PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO $(APT_GET) install -y -qq --no-install-recommends $$missing; \
	fi

RUN_PACKAGES ?= fail2ban curl
# Compose files are validated with docker-compose; the browser tests use Debian's Chromium;
# the e-mail tests receive mail with aiosmtpd.
TEST_PACKAGES ?= docker-compose chromium python3-aiosmtpd

## test: formatting, lints, compose.yaml, the example config, every Rust test, the web tests, the dashboard end to end
test: deps-test check compose-check config-check contract-check test-rust test-web test-e2e

check: fmt clippy doc unused-deps deny layout

## layout: no two source files import each other, and none is longer than 400 lines (the pickle
## codec excepted)
layout:
	scripts/check-layout

## contract-check: schema.graphql keeps every name and nullability of the API contract (graphql-js
## findBreakingChanges), `bangui serve` passes every audit of graphql-http (GraphQL over HTTP), and
## the graphql-ws client finds graphql-transport-ws kept (refusals, ping, 4400, 4409, 1001 and resume)
contract-check: build
	cd web && { [ -d node_modules/graphql-http ] || npm ci --no-audit --no-fund; } && \
		node contract/check.mjs && node contract/http-audit.mjs ../$(BANGUI) && \
		node contract/ws-audit.mjs ../$(BANGUI)

## compose-check: compose.yaml is valid, by default and with the postgres and agent profiles (no
## Docker daemon needed)
compose-check:
	@if docker compose version >/dev/null 2>&1; then compose="docker compose"; \
	elif command -v docker-compose >/dev/null 2>&1; then compose=docker-compose; \
	else echo "neither docker compose nor docker-compose is installed: run 'make deps-test'" >&2; exit 1; fi; \
	$$compose -f compose.yaml config -q && \
	$$compose -f compose.yaml --profile postgres config -q && \
	BANGUI_AGENT_HUB_URL=https://hub.example.org BANGUI_AGENT_TOKEN=bgh_example \
		$$compose -f compose.yaml --profile agent config -q && \
	echo "compose.yaml is valid ($$compose)"

## config-check: deploy/bangui.toml lists every setting with its default, and loads
config-check: build
	scripts/check-example-config $(BANGUI)

fmt:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## unused-deps: every declared dependency is used (cargo-machete, installed when missing)
unused-deps:
	@command -v cargo-machete >/dev/null 2>&1 || $(CARGO) install --locked --quiet cargo-machete
	cargo machete

## deny: every dependency's licence, name and source is allowed by deny.toml (cargo-deny,
## installed when missing; the crates of every platform are fetched from the registry first,
## then it runs offline, so the advisory database is not fetched)
deny:
	@command -v cargo-deny >/dev/null 2>&1 || $(CARGO) install --locked --quiet cargo-deny
	$(CARGO) fetch --locked --quiet
	cargo deny --offline check licenses bans sources

## deny-advisories: known vulnerabilities, where the advisory database (GitHub) can be reached
deny-advisories:
	@command -v cargo-deny >/dev/null 2>&1 || $(CARGO) install --locked --quiet cargo-deny
	cargo deny check advisories

## doc: the crates' documentation builds without a warning (broken or private links)
doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace

test-rust:
	@if $(CARGO) nextest --version >/dev/null 2>&1; then \
		$(CARGO) nextest run --workspace --no-fail-fast; \
	else \
		$(CARGO) test --workspace --no-fail-fast; \
	fi

test-web:
	@if [ -f web/package.json ]; then cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run typecheck && npm run lint && npm run codegen:check && npm test; \
	else echo "web/ has no tests yet"; fi

## test-e2e: the dashboard in Chromium against `bangui serve` on a sandboxed fail2ban;
## full-page screenshots and logs go to web/e2e/artifacts/
test-e2e: deps-test geoip web build
	cd web && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund; } && npm run e2e

## schema: regenerate schema.graphql and the web's error codes from the code
schema: build
	$(BANGUI) schema > schema.graphql
	$(BANGUI) error-codes > web/src/api/errorCodes.ts

## clean-data: remove the local SQLite database and downloaded data
clean-data:
	rm -rf data
