# portfolio — build the division's project site and test the generator.
# `make build` builds the real site into public/; `make test` runs every test.

GO      ?= go
BIN     := bin/portfolio
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
FLAGS   ?=

.PHONY: build serve portfolio test vet bench clean

# Build the real site from content/ into public/ (FLAGS="--as-of 2015-06-01" to time-travel).
build: portfolio
	./$(BIN) build $(FLAGS)

# Preview at http://127.0.0.1:1313/ with live reload; never touches public/.
serve: portfolio
	./$(BIN) serve $(FLAGS)

# Build the command itself.
portfolio:
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/portfolio

# Every test: vet, then the Go tests (unit, golden, end-to-end).
test: vet
	$(GO) test -count=1 ./...

# Speed and memory against the floor, at 1,000 and 10,000 projects
# (SIZES=1000,10000,100000 for the large run), then the Go benchmarks of the
# hot paths and of the preview's save-to-reload time.
SIZES   ?= 1000,10000
GEN     ?= ../shared/bench/gen_corpus.py
bench:
	$(GO) run ./internal/bench --sizes $(SIZES) --gen $(GEN)
	$(GO) test -run '^$$' -bench . -benchmem ./internal/... ./cmd/...

vet:
	@unformatted=$$(gofmt -l cmd internal); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin public/* .public.staging .public.staging.old
