#!/usr/bin/env bash
# Install what the HTML report test (tests/test_report_html.py) needs to open report.html in a real browser:
# Debian's `chromium` package, and a CJK font when none is installed (without one the screenshot shows boxes
# instead of Chinese). Needs root (apt-get). The test runs this itself only as root and when CI is set or
# ZWGK_INSTALL_CHROMIUM=1; otherwise it skips the browser part with the reason.
set -euo pipefail
if [ "$(id -u)" != "0" ]; then
  echo "install_chromium.sh: needs root (apt-get install chromium fonts-wqy-zenhei)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
updated=0
install() {
  if [ "$updated" = 0 ]; then apt-get update -qq; updated=1; fi
  apt-get install -y -qq --no-install-recommends "$@"
}
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  install chromium
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  install fonts-wqy-zenhei
fi
chromium --version 2>/dev/null | head -1 || true
