#!/bin/sh
# Install, with apt-get, the Debian packages named on the command line that
# are not installed yet.  Runs as root; says what it would need otherwise.
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "recsysops: missing Debian packages:$missing" >&2
	echo "recsysops: run 'make deps' as root, or: apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing
