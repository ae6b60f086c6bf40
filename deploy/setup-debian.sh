#!/usr/bin/env bash
# Installs what GovPush needs on a fresh Debian 12 machine (run as root, or with sudo):
# librdkafka (the Kafka client and its mock cluster), kcat (interop tests and benchmark baseline),
# and Python's jsonschema (the event-schema tests).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq librdkafka-dev kcat pkg-config python3 python3-pip >/dev/null
python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install --quiet jsonschema \
  || python3 -m pip install --quiet --break-system-packages jsonschema
echo "GovPush dependencies installed: librdkafka $(pkg-config --modversion rdkafka), $(kcat -V 2>&1 | head -1)"
