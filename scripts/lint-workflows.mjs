#!/usr/bin/env node
// Checks every GitHub Actions workflow in .github/workflows/ against GitHub's workflow schema
// (action-validator, a devDependency that ships the schema and its validator as WebAssembly, so
// this runs offline), then against the few properties our release depends on, which a schema
// cannot express.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { validateWorkflow } from '@action-validator/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.github', 'workflows');

const files = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file));
let failed = files.length === 0;
if (failed) console.error(`no workflow files in ${dir}`);

function report(file, problems) {
	if (problems.length === 0) return console.log(`workflow ${file}: valid`);
	failed = true;
	console.error(`workflow ${file}:`);
	for (const problem of problems) console.error(`  ${problem}`);
}

function describe(error) {
	const where = error.path ?? (error.location ? `line ${error.location.line}` : '');
	// oneOf failures nest the reason of each alternative; show them, they name the bad key.
	const nested = (error.states ?? []).flatMap((state) => state.errors.map(describe));
	const reason = error.detail ?? (nested.length > 0 ? nested.slice(0, 3).join('; ') : '');
	return `${error.title}${where ? ` at ${where}` : ''}${reason ? ` (${reason})` : ''}`;
}

/** What n8n's verification needs from the release workflow (npm provenance), by its text. */
function releaseProblems(text) {
	const problems = [];
	if (!/^\s*id-token:\s*write\s*$/m.test(text)) problems.push('needs permissions id-token: write');
	if (!/^\s*tags:\s*$/m.test(text)) problems.push('must be triggered by pushed tags');
	if (!/NPM_CONFIG_PROVENANCE|--provenance|npm run release/.test(text)) {
		problems.push('must publish with npm provenance');
	}
	return problems;
}

for (const file of files) {
	const text = readFileSync(path.join(dir, file), 'utf8');
	const problems = validateWorkflow(text).errors.map(describe);
	if (file.startsWith('release')) problems.push(...releaseProblems(text));
	report(file, problems);
}
process.exitCode = failed ? 1 : 0;
