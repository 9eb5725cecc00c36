# mentorpact - make, sign and keep mentoring agreements.
#
#   make            build ./mentorpact
#   make run        build and start it (ARGS="..." passes arguments)
#   make check      every test, with -Werror and ASan/UBSan
#   make bench      performance figures as ratios against plain SQLite
#   make install    PREFIX=/usr/local DESTDIR=
#
# Missing Debian packages are installed by mk/deps.sh before anything is
# compiled, so a fresh machine needs no other step.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
DESTDIR ?=
PKG_CONFIG ?= pkg-config
FUZZ_CC ?= clang
CLANG_FORMAT ?= clang-format
FUZZ_SECONDS ?= 20

LIBS_PC := ncursesw formw menuw panelw sqlite3 libsodium yaml-0.1 libutf8proc gmime-3.0
# Deferred (=) so that pkg-config runs after mk/deps.sh has installed it all.
PC_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(LIBS_PC))
PC_LIBS = $(shell $(PKG_CONFIG) --libs $(LIBS_PC)) -lzxcvbn
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

CFLAGS ?= -O2 -g
STD := -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
CPPFLAGS += -Iinclude -Isrc -DMENTORPACT_DATADIR='"$(DATADIR)/mentorpact"'
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

CORE_SRC := $(sort $(wildcard src/core/*/*.c))
APP_SRC := src/main.c $(sort $(wildcard src/cli/*.c src/tui/*.c)) \
	$(sort $(wildcard src/plain/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard tests/store/*.c tests/tools/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard tests/bench/*.c))
TEST_SUPPORT := $(sort $(wildcard tests/support/*.c))

REL := build/rel
CHK := build/chk
FUZ := build/fuzz
BEN := build/bench

REL_CORE := $(CORE_SRC:%.c=$(REL)/%.o)
CHK_CORE := $(CORE_SRC:%.c=$(CHK)/%.o)
CHK_SUPPORT := $(TEST_SUPPORT:%.c=$(CHK)/%.o)
UNIT_BIN := $(UNIT_SRC:%.c=$(CHK)/%)
TOOL_BIN := $(TOOL_SRC:%.c=$(CHK)/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZ)/%)

.PHONY: all run check bench install uninstall format clean \
	deps-build deps-check deps-bench test-programs man deb package-check

all: mentorpact

deps-build:
	@sh mk/deps.sh build
deps-check:
	@sh mk/deps.sh check
deps-bench:
	@sh mk/deps.sh bench

# --- the program -----------------------------------------------------------

$(REL)/%.o: %.c | deps-build
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PC_CFLAGS) $(STD) $(CFLAGS) -MMD -MP -c $< -o $@

# The installed templates' folder is compiled in: rebuild what uses it
# whenever PREFIX or DATADIR changes (make install PREFIX=/usr after make).
build/datadir: FORCE
	@mkdir -p build
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(REL)/src/core/template/template_path.o $(CHK)/src/core/template/template_path.o: build/datadir
.PHONY: FORCE
FORCE:

mentorpact: $(APP_SRC:%.c=$(REL)/%.o) $(REL_CORE)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

run: mentorpact
	./mentorpact $(ARGS)

# --- tests: everything built with -Werror and the sanitizers ----------------

$(CHK)/%.o: %.c | deps-check
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(PC_CFLAGS) $(CMOCKA_CFLAGS) $(STD) -Werror \
		-O1 -g $(SAN) -MMD -MP -c $< -o $@

$(CHK)/mentorpact: $(APP_SRC:%.c=$(CHK)/%.o) $(CHK_CORE)
	$(CC) $(SAN) -o $@ $^ $(PC_LIBS)

$(UNIT_BIN) $(TOOL_BIN): %: %.o $(CHK_CORE) $(CHK_SUPPORT)
	$(CC) $(SAN) -o $@ $^ $(PC_LIBS) $(CMOCKA_LIBS)

# libFuzzer targets: clang, with the core built for coverage.
$(FUZ)/%.o: %.c | deps-check
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -Itests $(PC_CFLAGS) $(STD) -Werror -O1 -g \
		-Wno-string-concatenation \
		-fsanitize=fuzzer-no-link,address,undefined \
		-fno-sanitize-recover=all -MMD -MP -c $< -o $@

$(FUZ)/fuzz_%: $(FUZ)/tests/fuzz/fuzz_%.o $(CORE_SRC:%.c=$(FUZ)/%.o)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PC_LIBS)

test-programs: $(CHK)/mentorpact $(UNIT_BIN) $(TOOL_BIN) $(FUZZ_BIN)

check: test-programs
	@BUILD=$(CHK) FUZZ=$(FUZ) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/run.sh

# --- soak: the model-based typing tests over many seeds ----------------------
# make soak SOAK_FIRST=1000 SOAK_COUNT=500; a failing seed is printed with
# the line that replays it (SEED=N sh tests/tui/model_typing.sh).
SOAK_FIRST ?= 100
SOAK_COUNT ?= 300
.PHONY: soak
soak: $(CHK)/mentorpact
	@BUILD=$(CHK) MENTORPACT=$(CURDIR)/$(CHK)/mentorpact SRCDIR=$(CURDIR) \
	SEEDS="$$(seq $(SOAK_FIRST) $$(($(SOAK_FIRST) + $(SOAK_COUNT) - 1)))" \
	sh tests/tui/model_typing.sh

# --- benchmarks: optimised, no sanitizers ------------------------------------

$(BEN)/%.o: %.c | deps-bench
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(PC_CFLAGS) $(STD) -O2 -g -MMD -MP -c $< -o $@

BENCH_BIN := $(BENCH_SRC:%.c=$(BEN)/%)
$(BENCH_BIN): %: %.o $(CORE_SRC:%.c=$(BEN)/%.o)
	$(CC) -o $@ $^ $(PC_LIBS)

# SQLCipher replaces SQLite, so its benchmark is a binary of its own.
$(BEN)/sqlcipher/bench_sqlcipher: tests/bench/sqlcipher/bench_sqlcipher.c \
		tests/bench/workload.h | deps-bench
	@mkdir -p $(@D)
	$(CC) -Itests $(STD) -O2 -o $@ $< \
		$$($(PKG_CONFIG) --cflags --libs sqlcipher)

SQLCIPHER_BIN = $(if $(shell $(PKG_CONFIG) --exists sqlcipher && echo y),\
	$(BEN)/sqlcipher/bench_sqlcipher)

bench: mentorpact $(BENCH_BIN)
	@$(MAKE) --no-print-directory $(SQLCIPHER_BIN) || true
	@BUILD=$(BEN) sh tests/bench/run.sh

# --- install ------------------------------------------------------------------

install: mentorpact
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DATADIR)/mentorpact/templates
	install -m 0755 mentorpact $(DESTDIR)$(BINDIR)/mentorpact
	install -m 0644 doc/mentorpact.1 $(DESTDIR)$(MANDIR)/man1/mentorpact.1
	install -d $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 doc/mentorpact-templates.5 \
		$(DESTDIR)$(MANDIR)/man5/mentorpact-templates.5
	install -m 0644 completion/mentorpact.bash \
		$(DESTDIR)$(BASHCOMPDIR)/mentorpact
	for t in templates/*.yaml; do [ -e "$$t" ] || continue; \
		install -m 0644 "$$t" $(DESTDIR)$(DATADIR)/mentorpact/templates/; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mentorpact \
		$(DESTDIR)$(MANDIR)/man1/mentorpact.1 \
		$(DESTDIR)$(MANDIR)/man5/mentorpact-templates.5 \
		$(DESTDIR)$(BASHCOMPDIR)/mentorpact
	rm -rf $(DESTDIR)$(DATADIR)/mentorpact

# --- the Debian package -------------------------------------------------------
# make deb: debian/ built with dpkg-buildpackage into build/deb.
# make package-check: install it into a throwaway root, run it from
# there, and run lintian (errors fail; its report is build/deb/lintian.txt).

DEB_OUT := build/deb

deb:
	@sh mk/deps.sh package
	sh mk/deb.sh $(DEB_OUT)

package-check: deb
	sh tests/package/check.sh $(DEB_OUT)

# mentorpact-templates(5) is written from doc/templates.md; a test checks
# that the page in the tree is what this writes.
man:
	python3 mk/md2man.py doc/templates.md >doc/mentorpact-templates.5.new
	mv doc/mentorpact-templates.5.new doc/mentorpact-templates.5

format:
	$(CLANG_FORMAT) -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build mentorpact

-include $(shell find build -name '*.d' 2>/dev/null)

# Keep intermediate objects (the fuzz builds chain through them).
.SECONDARY:
