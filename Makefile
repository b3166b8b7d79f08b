# portfolio — build the division's project site and test the generator.
# `make build` builds the real site into public/; `make test` runs every test.

GO      ?= go
BIN     := bin/portfolio
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
FLAGS   ?=

.PHONY: build serve portfolio test test-long vet actionlint bench fuzz clean

# Build the real site from content/ into public/ (FLAGS="--as-of 2015-06-01" to time-travel).
build: portfolio
	./$(BIN) build $(FLAGS)

# Preview at http://127.0.0.1:1313/ with live reload; never touches public/.
serve: portfolio
	./$(BIN) serve $(FLAGS)

# Build the command itself.
portfolio:
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/portfolio

# Every test but the long ones: vet, actionlint, then the Go tests (unit,
# golden, end-to-end, browser), one line a package as each finishes.
test: vet actionlint
	$(GO) test -short -count=1 ./...

# Every test, the long ones too: builds killed at random moments, long
# random edit sequences held to clean builds.
test-long: vet actionlint
	$(GO) test -count=1 ./...

# The deploy recipe's GitHub Actions workflow, checked as GitHub reads it
# (expressions, action inputs and outputs); deploy/*_test.go checks the
# rest of deploy/. go run fetches the pinned version once, through the Go
# module proxy, and caches its build.
ACTIONLINT ?= $(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
actionlint:
	$(ACTIONLINT) deploy/github-pages.yml

# Speed and memory against the floor, and the largest page and a search's
# first-result transfer, at 1,000 and 10,000 projects
# (SIZES=1000,10000,100000 for the large run), then the Go benchmarks of the
# hot paths and of the preview's save-to-reload time.
# WORK=/dev/shm/portfolio-bench keeps the corpora and outputs off the disk.
SIZES   ?= 1000,10000
GEN     ?= ../shared/bench/gen_corpus.py
WORK    ?=
bench:
	$(GO) run ./internal/bench --sizes $(SIZES) --gen $(GEN) $(if $(WORK),--work $(WORK))
	$(GO) test -run '^$$' -bench . -benchmem ./internal/... ./cmd/...

# Fuzz every target for FUZZTIME each (go test takes one -fuzz at a time).
# Plain `make test` already runs their seeds in testdata/fuzz/; a failing
# input found here is written there too, and stays as a seed once fixed.
FUZZTIME ?= 30s
fuzz:
	$(call fuzz-one,FuzzParseDate,./internal/content)
	$(call fuzz-one,FuzzParse,./internal/content)
	$(call fuzz-one,FuzzFrontMatter,./internal/content)
	$(call fuzz-one,FuzzDownloads,./internal/export)
	$(call fuzz-one,FuzzResolve,./internal/places)
	$(call fuzz-one,FuzzSingleFileSite,./internal/build)

# fuzz-one runs `go test -run '^$' -fuzz '^$(1)$' -fuzztime $(FUZZTIME) $(2)`.
# Go 1.26 can end a run that found nothing with "context deadline exceeded"
# when the time is up (go.dev/issue/75804, fixed in Go 1.27); that counts as
# a pass, but only when no failing input was written.
define fuzz-one
	@echo "$(GO) test -run '^$$' -fuzz '^$(1)$$' -fuzztime $(FUZZTIME) $(2)"; \
	log=$$(mktemp); \
	{ $(GO) test -run '^$$' -fuzz '^$(1)$$' -fuzztime $(FUZZTIME) $(2); echo $$? >$$log.rc; } 2>&1 | tee $$log; \
	rc=$$(cat $$log.rc); \
	if [ $$rc -ne 0 ] && grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written' $$log; then \
		echo "$(1): stopped by go.dev/issue/75804 with nothing found; counted as a pass"; rc=0; \
	fi; \
	rm -f $$log $$log.rc; exit $$rc
endef

vet:
	@unformatted=$$(gofmt -l cmd internal deploy); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# Remove the command and the built site: only the files the last build
# listed in public/.portfolio-manifest, so that nothing else in public/, or
# in a web root it links to, is touched.
clean:
	rm -rf bin .public.staging .public.staging.old .public.lock
	if [ -f public/.portfolio-manifest ]; then \
		cd public && tr '\n' '\0' <.portfolio-manifest | xargs -0 rm -f -- && \
		tr '\n' '\0' <.portfolio-manifest | xargs -0 -n1 dirname | sort -ru | xargs rmdir -p --ignore-fail-on-non-empty 2>/dev/null; \
		rm -f .portfolio-manifest; \
	fi
