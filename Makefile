# hyper-vision: `make demo` and `make test` do everything on a fresh machine.
PREFIX ?= /usr/local
SWIFT ?= swift
BIN := .build/release/hyper-vision
# The embedded server's own program, which `hyper-vision nano` and `demo` run from BIN's folder.
NANO_BIN := .build/release/hyper-vision-nano
DEBIAN_PACKAGES := libncurses-dev libcurl4-openssl-dev libcurl3-gnutls libsqlite3-dev pkg-config tmux
TEST_PACKAGES := python3 python3-venv openssl nghttp2-server binutils
BENCH_PACKAGES := wrk hyperfine nginx-light sqlite3 gcc
# Release builds carry the Swift runtime and Foundation inside the binary (no 20 Swift shared
# libraries to load and relocate at start), linked by lld with packed relative relocations
# (glibc 2.36+) and no exported symbols, so the loader has less to read and look up. No
# $ORIGIN run path either: the binary needs no library from its own folder, where the loader
# looked for libc, libm and libgcc_s first (22 failed opens at every start).
# libgcc's unwinder is linked in too (-static-libgcc): loading libgcc_s.so.1 cost a data get 0.2
# ms and 1.1 MiB of resident memory (its constructor asks the CPU for its features, and each
# cpuid is a VM exit of about 10 us on a virtual machine).
# SQLite and libstdc++ come from their static archives (Debian's libsqlite3-dev, and the
# libstdc++ dev package the Swift toolchain needs): their shared copies made the loader resolve
# about 6,000 more symbols at every start. STATIC_LIBS holds only those archives and is searched
# before the system's folders, so `-lsqlite3` and `-lstdc++` find them there.
STATIC_LIBS := $(CURDIR)/.build/static-libs
# Each function gets a section of its own, and the linker lays out first, together, the functions
# typical CLI commands run (scripts/function-order.txt, written by `make order-file`; see
# scripts/function-order.sh for why).
# Generic types are reached through their metadata accessors, not by mangled name: by name, the
# runtime demangles the type and checks each generic requirement with a scan of all the binary's
# ~7,300 conformance records (about 28 of a `data get`'s 75 first lookups, 17% of its instructions).
FUNCTION_ORDER := $(CURDIR)/scripts/function-order.txt
RELEASE_FLAGS := -c release --static-swift-stdlib --disable-local-rpath \
	-Xswiftc -use-ld=lld -Xswiftc -Xclang-linker -Xswiftc -static-libgcc -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs \
	-Xswiftc -L$(STATIC_LIBS) \
	-Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
	-Xlinker --symbol-ordering-file=$(FUNCTION_ORDER) -Xlinker --no-warn-symbol-ordering
# Seconds of fuzzing per target in `make fuzz` (and so in `make test`).
FUZZ_SECONDS ?= 15

.PHONY: deps test-deps bench-deps static-libs build debug test fuzz demo install bench order-file clean

# Installs the Debian packages only when one is missing (needs root or sudo).
deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

# The transport tests use a Python HTTP server, openssl for a TLS certificate, nghttpd for HTTP/2;
# LibraryOrderTests reads libraries' dependencies with binutils' readelf.
test-deps:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(TEST_PACKAGES)"

bench-deps:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(BENCH_PACKAGES)"

# An archive clang cannot find is left out: that library is then linked as a shared one.
static-libs:
	@mkdir -p $(STATIC_LIBS)
	@for archive in libsqlite3.a libstdc++.a; do \
		path=$$(clang -print-file-name=$$archive 2>/dev/null); \
		if [ -f "$$path" ]; then ln -sf "$$path" $(STATIC_LIBS)/$$archive; else echo "note: $$archive not found, linking the shared library"; fi; \
	done

build: deps static-libs
	$(SWIFT) build $(RELEASE_FLAGS) --product hyper-vision
	$(SWIFT) build $(RELEASE_FLAGS) --product hyper-vision-nano
	@echo "built $(BIN) and $(NANO_BIN)"

debug: deps
	$(SWIFT) build

# Unit, conformance, CLI, headless browser and tmux end-to-end tests all run inside `swift test`,
# then the fuzz targets for a bounded time. The Python SDK check runs when its venv can be made
# (PyPI reachable); it says so otherwise. `http_proxy` and `no_proxy` start empty (no proxy, for
# curl and Python alike): the client tests' server sets them while other tests run, and setting
# a variable the environment lacks grows glibc's `environ` under the feet of a thread copying it
# (Foundation's Process.run crashed in memcpy once); replacing an existing one does not.
test: deps test-deps
	$(SWIFT) build --product hyper-vision
	$(SWIFT) build --product hyper-vision-nano
	@sdk=$$(scripts/python-sdk-venv.sh 2>/dev/null) || echo "note: the Python SDK venv could not be made; PythonSDKTests will be skipped"; \
	env http_proxy= no_proxy= $${sdk:+HYPER_CONNECT_PYTHON=$$sdk} $(SWIFT) test
	@$(MAKE) --no-print-directory fuzz

# libFuzzer targets (Fuzz/), built with sanitizers in .build-fuzz, FUZZ_SECONDS each.
fuzz: deps
	SWIFT=$(SWIFT) FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

demo: build
	$(BIN) demo

# The programs are installed without their DWARF (112 and 141 MB with it, 83 and 96
# without); their symbol tables stay, so a crash's backtrace still names the functions.
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/hyper-vision/themes
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/hyper-vision
	install -m 0755 $(NANO_BIN) $(DESTDIR)$(PREFIX)/bin/hyper-vision-nano
	strip --strip-debug $(DESTDIR)$(PREFIX)/bin/hyper-vision $(DESTDIR)$(PREFIX)/bin/hyper-vision-nano
	install -m 0644 themes/*.toml $(DESTDIR)$(PREFIX)/share/hyper-vision/themes/

bench: deps bench-deps static-libs
	$(SWIFT) build $(RELEASE_FLAGS) --product hyper-vision
	$(SWIFT) build $(RELEASE_FLAGS) --product hyper-vision-nano
	$(SWIFT) build $(RELEASE_FLAGS) --product hyper-vision-bench
	scripts/bench.sh

# Writes scripts/function-order.txt anew from a release build (callgrind against a seeded nano:
# see that script for why and how).
order-file: build
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="valgrind binutils"
	scripts/function-order.sh

clean:
	rm -rf .build .build-fuzz
