#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rbonding-only
# timeout: 2400
# The parts of the kernel's bonding selftests that the kselftests scenario
# skips (rbonding lacks a feature they need), run against rbonding and
# reported apart: the report's notes say how many of their TEST lines pass.
# It fails only on what fails any run: a splat or leak (the harness's
# scans), a wrong link kind, a script missing from the feature table.
RB_KSELFTESTS_PART=skipped exec bash "$RB_TESTING/scenarios/kselftests.sh" "$@"
