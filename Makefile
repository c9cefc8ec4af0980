# SPDX-License-Identifier: GPL-2.0
#
#   make              build rbonding.ko against KDIR (default: the cached test kernel)
#   make KDIR=...     against any 6.12 build tree with CONFIG_RUST=y
#   make clippy       the same, with clippy's lints (errors, as warnings are)
#   make check        host unit tests and VM tests
#   make test-host    host unit tests only (cargo test)
#   make test-vm      VM tests only (TESTS="name ..." picks scenarios)
#   make test-cross   bonding.ko and rbonding.ko in two guests, over LACP
#   make bench        benchmarks: rbonding.ko against bonding.ko (ratios)
#   make check-kasan  stress and slave scenarios on a KASAN kernel (not CI)
#   make rust-analyzer  rust-project.json for editors
#   make setup        install dependencies and build the test kernel

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
KDIR ?= $(shell $(TOP)/scripts/kdir.sh)

.PHONY: all modules clippy clean check test-host test-vm test-cross bench check-kasan rust-analyzer setup demo

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(TOP) modules

# The module built with clippy's lints as errors (make check does this).
clippy:
	$(MAKE) -C $(KDIR) M=$(TOP) CLIPPY=1 modules

clean:
	$(MAKE) -C $(KDIR) M=$(TOP) clean
	rm -f $(TOP)/rust/bindings_generated.rs

rust-analyzer:
	$(TOP)/scripts/rust-analyzer.sh $(KDIR)

setup:
	$(TOP)/scripts/setup.sh

demo:
	$(TOP)/scripts/demo.sh

test-host:
	cargo test --manifest-path $(TOP)/Cargo.toml

test-vm: modules
	$(TOP)/tools/testing/run.sh $(TESTS)

test-cross: modules
	$(TOP)/tools/testing/cross.sh

bench:
	$(TOP)/tools/testing/bench.sh

check-kasan:
	$(TOP)/tools/testing/kasan.sh $(TESTS)

check:
	$(TOP)/scripts/check.sh
