#!/usr/bin/env bash
# Like the seed, but SIGTERM to the ESME: both sessions unbind cleanly, exit 0.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin sigterm
esme_signal_case TERM
