#!/usr/bin/env bash
# Gradescope's setup script (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
# it runs once, as root, when the autograder image is built, with this repository unpacked in
# /autograder/source. The grader needs Node.js 20.19 or later (Ubuntu's own is older) and the
# packages of package-lock.json, nothing else.
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
# Node.js 20 from NodeSource, the usual way on Ubuntu images.
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y --no-install-recommends nodejs
# The sandbox of student programs uses bubblewrap where the kernel allows it; the grader says
# which containment layers are active on each run.
apt-get install -y --no-install-recommends bubblewrap || true

cd /autograder/source
npm ci --no-audit --no-fund
