# pinlab: `make run` serves the app, `make test` runs every test.
# Needs only Go; `make test` installs Debian's chromium for the browser tests
# and curl, a JDK and OkHttp for the real-client tests when they are missing.

SHELL    := /bin/bash
GO       ?= go
ADDR     ?= :8000
PREFIX   ?=
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)
WASM_ENV := GOOS=js GOARCH=wasm
# go test runs wasm test binaries through Go's own node wrapper.
WASM_PATH := $(shell $(GO) env GOROOT)/lib/wasm

APP_SRC  := main.go go.mod go.sum $(shell find app pinlib content -name '*.go' -not -name '*_test.go' 2>/dev/null)
SRV_SRC  := $(APP_SRC) $(wildcard *.go) $(shell find web -type f -not -name 'app.wasm*' 2>/dev/null)

.PHONY: run build static test bench wasm clean chromium clients screenshots content

run: bin/pinlab
	./bin/pinlab serve -addr $(ADDR)

build: bin/pinlab

wasm: web/app.wasm.br

web/app.wasm: $(APP_SRC)
	$(WASM_ENV) $(GO) build -trimpath -ldflags "-s -w" -o $@ .

# Brotli and gzip side by side, made in Go (precompress.go).
web/app.wasm.br web/app.wasm.gz &: web/app.wasm
	$(GO) run precompress.go web/app.wasm

bin/pinlab: web/app.wasm.br $(SRV_SRC)
	$(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $@ .

static: bin/pinlab
	rm -rf dist
	./bin/pinlab static -out dist -prefix "$(PREFIX)"

test: web/app.wasm.br chromium clients bin/staticcheck
	$(GO) vet ./...
	$(WASM_ENV) $(GO) vet ./...
	bin/staticcheck ./...
	$(WASM_ENV) bin/staticcheck ./...
	$(GO) test ./...
	PATH="$$PATH:$(WASM_PATH)" $(WASM_ENV) $(GO) test ./pinlib/...

# staticcheck, at the version go.mod pins as a tool, built for this
# machine so that it can also check the wasm build.
bin/staticcheck: go.mod go.sum
	$(GO) build -o $@ honnef.co/go/tools/cmd/staticcheck

# Benchmarks: pinlib natively and compiled to wasm, the app's startup in
# headless Chromium (BenchmarkStartup, cold and warm, 1× and 4× CPU, beside
# ?wasm=false), then `pinlab pins` on the 142-root Debian bundle beside an
# openssl loop over the same roots.
BUNDLE := pinlib/testdata/ca-certificates.crt
bench: bin/pinlab chromium
	$(GO) test -run '^$$' -bench . -benchmem ./...
	PATH="$$PATH:$(WASM_PATH)" $(WASM_ENV) $(GO) test -run '^$$' -bench . -benchmem ./pinlib/
	@echo "pinlab pins, 142 roots:"; time ./bin/pinlab pins $(BUNDLE) >/dev/null 2>&1
	@echo "openssl, one pipeline per root:"; time ( awk '/BEGIN CERT/{n++} {print > ("/tmp/pinlab-bench-" n ".pem")}' $(BUNDLE) && \
	  for f in /tmp/pinlab-bench-*.pem; do openssl x509 -in $$f -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64; done >/dev/null; rm -f /tmp/pinlab-bench-*.pem )

# Renders content/lessons/*.md into content/lessons_gen.go (goldmark, with
# pins and simulator outcomes computed by pinlib). A test fails when the
# committed file is out of date.
content:
	$(GO) generate ./content

# Rewrites the README's screenshot from the browser test.
screenshots: web/app.wasm.br chromium
	$(GO) test -run 'TestE2E' -count=1 . -args -screenshots

# The browser tests need a real Chromium. Install Debian's when missing;
# never skip the tests without one.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "Chromium is missing: installing Debian's chromium for the browser tests"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  { $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends chromium; } || { \
	    echo "make test: the browser tests need Chromium and it could not be installed with apt-get. Install the 'chromium' package, then run make test again." >&2; exit 1; }; }

# The real-client tests (realclient_test.go) run curl, the Go export and
# OkHttp 3.13.1 against the simulator's chains. Install Debian's packages
# when one is missing; never skip the tests without them.
CLIENT_PKGS := curl openjdk-17-jdk-headless libokhttp-java
clients:
	@missing=""; \
	command -v curl >/dev/null 2>&1 || missing="$$missing curl"; \
	{ command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; } || missing="$$missing openjdk-17-jdk-headless"; \
	{ [ -f /usr/share/java/okhttp.jar ] && [ -f /usr/share/java/okio.jar ]; } || missing="$$missing libokhttp-java"; \
	[ -z "$$missing" ] || { \
	  echo "Real clients missing:$$missing: installing them for the real-client tests"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  { $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $$missing; } || { \
	    echo "make test: the real-client tests need$$missing, and apt-get could not install them. Install the packages $(CLIENT_PKGS), then run make test again." >&2; exit 1; }; }

clean:
	rm -rf bin dist web/app.wasm web/app.wasm.br web/app.wasm.gz
