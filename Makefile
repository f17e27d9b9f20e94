# recsysops: build, test, install, bench.
#
#   make            build ./recsysops
#   make test       install missing packages, build, run every test
#   make demo       install missing packages, build, run the gate on the demo
#   make install    PREFIX=/usr/local DESTDIR=
#   make deps       apt-get the Debian packages pkg-config cannot find
#   make bench      run the benchmarks under bench/
#
# V=1 shows whole command lines; WERROR=1 (set in CI) fails on warnings.

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
CFLAGS   ?= -O2 -g
PKG_CONFIG ?= pkg-config

# Each library is named by its pkg-config module and the Debian package
# that provides it.  XGBoost ships no .pc file.
PKGS     := yaml-0.1 libxml-2.0 sqlite3 jansson zlib libzstd libpcre2-8
# Opened with dlopen on first use, for their headers only: a git
# repository, a PostgreSQL history store and XGBoost models are what
# commands such as 'version' or 'validate' never need.
LAZYPKGS := libgit2 libpq
TESTPKGS := criterion
DEBS     := libgit2-dev libyaml-dev libxml2-dev libsqlite3-dev libpq-dev \
            libjansson-dev zlib1g-dev libzstd-dev libpcre2-dev \
            libxgboost-dev libcriterion-dev pkg-config git \
            libxml2-utils python3-junitparser postgresql
# What the benchmarks run side by side with recsysops.
BENCHDEBS := hyperfine time miller zstd sqlite3 python3-numpy python3-pandas \
             python3-xgboost python3-sklearn

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2 -Wvla
ifeq ($(WERROR),1)
WARN     += -Werror
endif

# libgit2, XGBoost and libpq are opened with dlopen when first needed
# (git/api.h, util/xgb.h, util/pq.h), so that commands that use none do
# not pay for loading them; libgit2 is opened by the soname it was built
# with.  Only the tests, which make repositories and models of their own,
# link libgit2 and XGBoost.
GIT_SONAME := $(shell objdump -p $$($(PKG_CONFIG) --variable=libdir libgit2 \
                2>/dev/null)/libgit2.so 2>/dev/null | awk '/SONAME/ { print $$2 }')
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) $(LAZYPKGS) 2>/dev/null) \
             $(if $(GIT_SONAME),-DRSO_GIT_SONAME='"$(GIT_SONAME)"')
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -ldl -lm \
             -lpthread
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TESTPKGS) 2>/dev/null)
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs $(TESTPKGS) libgit2 2>/dev/null) \
              -lxgboost

VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DRSO_VERSION='"$(VERSION)"' -Isrc \
             $(WARN) $(PKG_CFLAGS) $(CFLAGS)

SRC      := $(sort $(wildcard src/*.c src/*/*.c))
LIBSRC   := $(filter-out src/main.c,$(SRC))
# The GitHub workflow that 'recsysops init' writes is the documented one.
CHECKS   := $(sort $(wildcard checks/*.yml)) docs/ci/github-gate.yml
GEN      := build/gen/builtin.c
OBJ      := $(patsubst src/%.c,build/obj/%.o,$(LIBSRC)) build/obj/gen/builtin.o
UNIT     := $(sort $(wildcard tests/unit/test_*.c))
E2E      := $(sort $(wildcard tests/e2e/test_*.c))
TESTOBJ  := $(patsubst tests/%.c,build/tests/%.o,$(UNIT) $(E2E) \
            tests/helpers.c)

ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif

.PHONY: all test unit e2e demo install uninstall clean deps bench check-deps \
        asan format fuzz
all: recsysops

recsysops: build/obj/main.o build/librecsysops.a
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

build/librecsysops.a: $(OBJ)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

build/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The built-in rubrics and menus under checks/ are compiled in as strings,
# so that the binary is all a user needs.
$(GEN): $(CHECKS) tools/embed.sh
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)sh tools/embed.sh $(CHECKS) > $@.tmp && mv $@.tmp $@

build/obj/gen/builtin.o: $(GEN)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests -MMD -MP -c -o $@ $<

build/test-unit: $(patsubst tests/%.c,build/tests/%.o,$(UNIT) \
                 tests/helpers.c) build/librecsysops.a
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

build/test-e2e: $(patsubst tests/%.c,build/tests/%.o,$(E2E) \
                tests/helpers.c) build/librecsysops.a
	$(call say,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# deps installs, as root, the Debian packages whose pkg-config module or
# header is missing.  It does nothing when everything is present.
deps:
	@sh tools/deps.sh $(DEBS)

unit: build/test-unit
	$(Q)build/test-unit -j2 --short-filename

e2e: recsysops build/test-e2e
	$(Q)RSO_BIN=$(CURDIR)/recsysops RSO_TOP=$(CURDIR) build/test-e2e -j2 \
	    --short-filename

test: deps
	$(Q)$(MAKE) --no-print-directory all build/test-unit build/test-e2e
	$(Q)$(MAKE) --no-print-directory unit e2e

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	@echo "recsysops gate on fixtures/demo (one check is meant to block):"
	$(Q)cd fixtures/demo && ../../recsysops gate --now 2026-12-01T06:00:00Z; \
	    rc=$$?; echo "exit code $$rc (1: a blocking check failed)"; \
	    echo "reports: fixtures/demo/reports/"; test $$rc -le 1

install: recsysops
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 recsysops $(DESTDIR)$(PREFIX)/bin/recsysops

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/recsysops

bench: recsysops
	@sh tools/deps.sh $(BENCHDEBS)
	sh bench/run.sh

# Coverage-guided fuzzing with libFuzzer (clang): each target runs for
# FUZZ_SECONDS from its seed corpus under tests/fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_file.h $(LIBSRC) $(GEN)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$@)
	$(Q)clang -std=c11 -D_GNU_SOURCE -DRSO_VERSION='"$(VERSION)"' -Isrc \
	    $(PKG_CFLAGS) $(FUZZ_FLAGS) -o $@ $< $(LIBSRC) $(GEN) $(PKG_LIBS)

fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
	    name=$$(basename $$t | sed 's/^fuzz_//'); \
	    mkdir -p build/fuzz/corpus-$$name; \
	    echo "fuzzing $$name for $(FUZZ_SECONDS)s"; \
	    $$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        build/fuzz/corpus-$$name tests/fuzz/corpus/$$name || exit 1; \
	done

asan:
	$(MAKE) clean
	ASAN_OPTIONS=fast_unwind_on_malloc=0 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tools/lsan.supp:print_suppressions=0 \
	    $(MAKE) CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer' test

format:
	clang-format -i $(SRC) $(wildcard src/*.h src/*/*.h) tests/*.c tests/*/*.c

clean:
	rm -rf build recsysops

-include $(wildcard build/obj/*.d build/obj/*/*.d build/tests/*.d \
                    build/tests/*/*.d)
