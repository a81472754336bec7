/** Renders result rows as an aligned text table (terminal) or a Markdown table (RESULTS.md). */
import type { MeasureResult, Row } from './types';

const HEAD = ['Measure', 'Figure', 'Value', 'Baseline', 'Ratio', 'Goal', 'Met'];

function num(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	if (Number.isInteger(n)) return n.toLocaleString('en-US');
	const abs = Math.abs(n);
	if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
	if (abs >= 100) return n.toFixed(0);
	if (abs >= 10) return n.toFixed(1);
	return n.toFixed(abs < 1 && abs > 0 ? 3 : 2);
}

function cells(measure: string, r: Row): string[] {
	return [
		measure,
		r.figure,
		`${num(r.value)} ${r.unit}`.trim(),
		`${num(r.baseline)} ${r.unit} (${r.baselineLabel})`,
		`${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : r.ratio}×`,
		r.goal ?? '',
		r.met === undefined ? '' : r.met ? 'yes' : 'NO',
	];
}

function lines(results: MeasureResult[]): string[][] {
	const out: string[][] = [];
	for (const res of results) {
		if (res.status !== 'ok' || res.rows.length === 0) {
			out.push([res.name, `(${res.status}) ${res.notes[0] ?? ''}`, '', '', '', '', '']);
			continue;
		}
		for (const r of res.rows) out.push(cells(res.name, r));
	}
	return out;
}

export function textTable(results: MeasureResult[]): string {
	const rows = [HEAD, ...lines(results)];
	const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	const fmt = (r: string[]) =>
		r
			.map((c, i) => c.padEnd(widths[i]))
			.join('  ')
			.trimEnd();
	return [
		fmt(rows[0]),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...rows.slice(1).map(fmt),
	].join('\n');
}

export function markdownTable(results: MeasureResult[]): string {
	const esc = (c: string) => c.replace(/\|/g, '\\|');
	const rows = lines(results).map((r) => `| ${r.map(esc).join(' | ')} |`);
	return [`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`, ...rows].join('\n');
}
