# Early Help Module -- build, run and test.
#
#   make run    install what is missing, build, create a demo database on first
#               run, serve http://127.0.0.1:$(PORT) through nginx until Ctrl-C
#   make test   install what is missing, build with -Werror (and a sanitizer
#               build), run unit, HTTP and browser tests; non-zero on failure
#   make bench  wrk benchmarks through nginx (tests/bench/, docs/performance.md)
#   make fuzz   libFuzzer on the request parser for FUZZ_SECONDS (default 60)

PORT ?= 8080
FUZZ_SECONDS ?= 60
export PORT

CC      = gcc
CXX     = g++
PKGS    = fcgi sqlite3 libsodium libctemplate inih
WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -pthread $(WARN) -fstack-protector-strong -D_FORTIFY_SOURCE=2
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++17 -pthread -Wall -Wextra -Werror
LDLIBS  = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lfcgi -lsqlite3 -lsodium -lctemplate -linih) -lpthread
LDFLAGS += -pthread -Wl,-z,relro,-z,now

SRC_C   = $(filter-out src/fuzz_request.c,$(wildcard src/*.c))
SRC_CC  = src/tpl.cc
HDRS    = $(wildcard src/*.h)
OBJ     = $(SRC_C:src/%.c=build/%.o) build/tpl.o
ASAN_OBJ = $(SRC_C:src/%.c=build/asan/%.o) build/asan/tpl.o
SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -Wno-format-truncation
LIB_OBJ = $(filter-out build/cli.o,$(OBJ))
ASAN_LIB_OBJ = $(filter-out build/asan/cli.o,$(ASAN_OBJ))

DEB_PKGS = libfcgi-dev libsqlite3-dev libsodium-dev libctemplate-dev libinih-dev nginx \
           sqlite3 pkg-config build-essential john-data libcmocka-dev chromium \
           clang libclang-rt-14-dev wrk curl ca-certificates poppler-utils

.PHONY: all deps deb-deps npm-deps assets lint build asan run test unit http browser \
        fuzz fuzz-short bench clean

all: build

# ---- installing what is missing ----------------------------------------
deps: deb-deps npm-deps

deb-deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

npm-deps: node_modules/.ehm-installed
node_modules/.ehm-installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

# ---- front-end assets (built, not committed) ----------------------------
assets: static/vendor/app.css static/vendor/govuk-frontend.min.js

static/vendor/app.css: static/scss/app.scss node_modules/.ehm-installed
	@mkdir -p static/vendor
	npx sass --pkg-importer=node --no-source-map --style=compressed --quiet-deps \
	  --silence-deprecation=import static/scss/app.scss $@

static/vendor/govuk-frontend.min.js: node_modules/.ehm-installed
	@mkdir -p static/vendor
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

# ---- lint: the mistakes this codebase refuses --------------------------
lint:
	@sh tests/lint.sh

# ---- the binary ----------------------------------------------------------
build: lint build/ehm assets

build/%.o: src/%.c $(HDRS) | build/.d
	$(CC) $(CFLAGS) -c $< -o $@
build/tpl.o: src/tpl.cc src/tpl.h | build/.d
	$(CXX) $(CXXFLAGS) -c $< -o $@
build/ehm: $(OBJ)
	$(CXX) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)
build/.d build/asan/.d build/unit/.d:
	@mkdir -p $(@D) && touch $@

# Sanitizer build (AddressSanitizer + UBSan) for the tests.
asan: lint build/asan/ehm
build/asan/%.o: src/%.c $(HDRS) | build/asan/.d
	$(CC) $(CFLAGS:-O2=-O1) $(SAN) -U_FORTIFY_SOURCE -c $< -o $@
build/asan/tpl.o: src/tpl.cc src/tpl.h | build/asan/.d
	$(CXX) $(CXXFLAGS:-O2=-O1) $(SAN) -c $< -o $@
build/asan/ehm: $(ASAN_OBJ)
	$(CXX) $(SAN) $(LDFLAGS) -o $@ $(ASAN_OBJ) $(LDLIBS)

# ---- run -----------------------------------------------------------------
run: deps build
	@sh src/run.sh

# ---- tests -----------------------------------------------------------------
UNIT_TESTS = $(patsubst tests/unit/%.c,build/unit/%,$(wildcard tests/unit/test_*.c))

build/unit/%: tests/unit/%.c $(ASAN_LIB_OBJ) | build/unit/.d
	$(CC) -std=c11 -D_GNU_SOURCE -pthread -O1 -g $(SAN) -Wall -Wextra -Werror -Isrc -c $< -o $@.o
	$(CXX) $(SAN) -pthread -o $@ $@.o $(ASAN_LIB_OBJ) $(LDLIBS) -lcmocka

unit: asan $(UNIT_TESTS)
	@sh tests/run-unit.sh $(UNIT_TESTS)

http: build asan
	node --test --test-concurrency=1 tests/http/

browser: build
	node --test --test-concurrency=1 tests/browser/

fuzz-short: build/fuzz_request
	@echo "fuzz: request parser for 20 seconds"
	@mkdir -p build/fuzz-corpus
	@build/fuzz_request -max_total_time=20 -max_len=8192 -print_final_stats=0 \
	  -artifact_prefix=build/ build/fuzz-corpus tests/fuzz/corpus >build/fuzz-short.log 2>&1; \
	  rc=$$?; tail -3 build/fuzz-short.log; \
	  [ $$rc -eq 0 ] || echo "fuzz: FAILED (exit $$rc); see build/fuzz-short.log and build/crash-*" >&2; \
	  exit $$rc

# Not "| build": that name is the phony target that builds the whole app.
build/fuzz_request: tests/fuzz/fuzz_request.c src/request.c src/arena.c src/request.h src/arena.h
	@mkdir -p build
	clang -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -Isrc tests/fuzz/fuzz_request.c src/request.c src/arena.c -o $@

fuzz: build/fuzz_request
	@mkdir -p build/fuzz-corpus
	build/fuzz_request -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -artifact_prefix=build/ build/fuzz-corpus tests/fuzz/corpus

test: deps
	@$(MAKE) --no-print-directory build asan
	@sh tests/run-all.sh

bench: deps build
	@sh tests/bench/run.sh

clean:
	rm -rf build static/vendor
