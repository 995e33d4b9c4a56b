// Mocha root hooks for the e2e suite: start the real peers once, stop them (and their process
// groups) at the end even when tests fail; on a failed test print the servers' log tails.
import type { Context } from 'mocha';
import { peers, setPeers } from './harness';
import { startPeers } from './harness/peers';
import { stopAll } from './harness/procs';

const START_TIMEOUT_MS = 6 * 60_000;
// the summary reporter names the suite from this
process.env.TMT_SUITE ??= 'e2e';

export const mochaHooks = {
	async beforeAll(this: Context) {
		this.timeout(START_TIMEOUT_MS);
		const t = Date.now();
		setPeers(await startPeers());
		process.stderr.write(`  [e2e] peers ready in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
	},
	afterEach(this: Context) {
		if (this.currentTest?.state !== 'failed' || process.env.TMT_E2E_LOG_TAILS === '0') return;
		let p;
		try {
			p = peers();
		} catch {
			return;
		}
		process.stderr.write(`\n  [e2e] ollama log tail:\n${indent(p.ollamaLogTail(15))}\n`);
		for (const o of p.openWebuis) process.stderr.write(`  [e2e] open-webui ${o.version} log tail:\n${indent(o.logTail(15))}\n`);
	},
	async afterAll(this: Context) {
		this.timeout(60_000);
		try {
			await peers().stop();
		} catch {
			/* never started */
		}
		setPeers(undefined);
		await stopAll(); // anything a failed start left behind
	},
};

// log lines can carry request paths, never our tokens (they are only sent in headers)
const indent = (s: string) =>
	s
		.split('\n')
		.map((l) => `      ${l.replace(/sk-[0-9a-f]{16,}/g, 'sk-***')}`)
		.join('\n');
