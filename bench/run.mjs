#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/, each printing its figures (median and p90 of several
// samples) beside its goal; then one summary with the machine, its load and a CPU calibration
// figure, written to bench/results/last-run.json. Figures are printed, never asserted.
//   node bench/run.mjs                 all
//   node bench/run.mjs sizes pull      only these
//   node bench/run.mjs --record        all, then keep the run as bench/recorded-run.json and
//                                      regenerate the README's performance table from it
// The README table is never edited by hand: test/unit/perfTable.test.ts checks it matches the file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { formatFigure, meets } from './lib/figures.ts'; // run through tsx: `npm run bench`

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const record = args.includes('--record');
const only = args.filter((a) => !a.startsWith('--'));
const want = (name) => only.length === 0 || only.includes(name);
if (record && only.length) {
	console.error('--record keeps a whole run: leave out the bench names');
	process.exit(2);
}

/** A fixed CPU-bound loop, timed 7 times: what this machine gives one thread right now. */
function calibrate() {
	const ms = [];
	for (let r = 0; r < 7; r++) {
		const t = performance.now();
		let x = 0;
		for (let i = 0; i < 2e7; i++) x = (x + i * 31) % 1_000_003;
		if (x < 0) console.log(x);
		ms.push(performance.now() - t);
	}
	ms.sort((a, b) => a - b);
	return { loopMs: { median: ms[3], p90: ms[6] }, what: 'a fixed 2e7-step integer loop, 7 runs (lower is a faster or freer CPU)' };
}

const loadAvg = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const started = new Date();
const before = { load: loadAvg(), calibration: calibrate() };
console.log(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);
console.log(`load average ${before.load.join(' ')}; CPU calibration ${before.calibration.loopMs.median.toFixed(0)} ms (p90 ${before.calibration.loopMs.p90.toFixed(0)})`);

const tmp = mkdtempSync(join(os.tmpdir(), 'tmt-bench-'));
const out = join(tmp, 'figures.jsonl');
writeFileSync(out, '');
const benches = ['sizes', ...readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.ts') && f !== 'sizes.ts').map((f) => f.replace(/\.ts$/, '')).sort()];
const failed = [];
for (const name of benches.filter(want)) {
	console.log(`\n=== ${name} ===`);
	const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', `${name}.ts`)], { cwd: root, stdio: 'inherit', env: { ...process.env, TMT_BENCH_OUT: out } });
	if (r.status !== 0) failed.push(name);
}
const figures = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
rmSync(tmp, { recursive: true, force: true });

const after = { load: loadAvg(), calibration: calibrate() };
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || undefined;
const run = {
	date: started.toISOString(),
	commit,
	machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)), os: `${os.platform()} ${os.release()}`, node: process.version },
	load: { start: before.load, end: after.load },
	calibration: { start: before.calibration, end: after.calibration },
	benches: benches.filter(want),
	failed,
	figures,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/last-run.json'), JSON.stringify(run, null, '\t') + '\n');

// The summary: every figure with a goal, then the rest.
console.log(`\n=== summary (${run.date}, load ${run.load.start.join(' ')} → ${run.load.end.join(' ')}, calibration ${before.calibration.loopMs.median.toFixed(0)} → ${after.calibration.loopMs.median.toFixed(0)} ms) ===`);
for (const f of figures) console.log(formatFigure(f));
const missed = figures.filter((f) => meets(f) === false);
console.log(`\n${figures.length} figures, ${missed.length} over goal${missed.length ? `: ${missed.map((f) => f.id).join(', ')}` : ''}${failed.length ? `; benches that failed: ${failed.join(', ')}` : ''}`);
console.log('written to bench/results/last-run.json');

if (record) {
	writeFileSync(join(root, 'bench/recorded-run.json'), JSON.stringify(run, null, '\t') + '\n');
	spawnSync(process.execPath, ['--import', 'tsx', 'scripts/perfTable.ts', '--write'], { cwd: root, stdio: 'inherit' });
	console.log('recorded as bench/recorded-run.json; README performance table regenerated');
}
process.exitCode = failed.length ? 1 : 0;
