#!/usr/bin/env bash
# Runs only the end-to-end suite: builds the package, starts a real nopCommerce 4.90.3 store from
# ../shared/realstore (or uses SEGMENTATION_STORE_URL, SEGMENTATION_ADMIN_EMAIL, SEGMENTATION_ADMIN_PASSWORD and
# SEGMENTATION_STORE_DB; see README), clicks through it with Debian's chromium and stops what it started.
# Screenshots go to artifacts/e2e/ (or SEGMENTATION_E2E_ARTIFACTS). Ends with "Tests: N passed, N failed".
exec bash "$(dirname "${BASH_SOURCE[0]}")/test.sh" --no-db --e2e-only "$@"
