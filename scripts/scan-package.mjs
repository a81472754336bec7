#!/usr/bin/env node
// n8n's verification scan, offline: the analysis of @n8n/scan-community-package (a pinned
// devDependency) over our source and over the tarball `npm pack` makes from dist/. The published
// scanner downloads the package and its attested source; here both come from this working tree.
// Its verdict fails on errors only; warnings fail here too, so they cannot pile up unseen.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import glob from 'fast-glob';

// The scanner makes a temp folder when it loads; give it one inside ours, removed at the end.
const work = mkdtempSync(path.join(tmpdir(), 'n8n-scan-'));
process.env.TMPDIR = work;
const { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } = await import(
	'@n8n/scan-community-package/scanner/scanner.mjs'
);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json']; // what the scanner lints in a tarball

/** Warnings of the scanner's configuration (its analyzePackage reports errors only). */
async function warnings(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	if (!results.some((result) => result.warningCount > 0)) return undefined;
	return (await eslint.loadFormatter('stylish')).format(results);
}

async function leg(label, dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const warned = verdict.passed ? await warnings(dir, patterns) : undefined;
	if (verdict.passed && !warned) {
		console.log(`scan ${label}: passed`);
		return true;
	}
	console.error(`scan ${label}: ${verdict.passed ? 'warnings' : verdict.message}`);
	console.error(verdict.details ?? warned ?? verdict.error ?? '');
	return false;
}

function packTarball() {
	const dist = path.join(root, 'dist');
	// The tarball holds dist/ as last built (CI builds just before it lints); a fresh checkout
	// (n8n-node release lints before it builds) gets a build first.
	if (!existsSync(dist)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
	const [tarball] = readdirSync(work).filter((file) => file.endsWith('.tgz'));
	const unpacked = path.join(work, 'package');
	execFileSync('tar', ['-xzf', tarball], { cwd: work });
	return unpacked;
}

let ok = false;
try {
	ok = await leg('source', root, SOURCE_FILE_PATTERNS);
	ok = (await leg('tarball', packTarball(), TARBALL_FILE_PATTERNS)) && ok;
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
