// Entry point for extensionTestsPath (the runner's `api` mode): runs every *.test.js next to this
// file with mocha inside the extension host. A rejected promise is a failed run; the counts and
// failures also go to $TMT_IT_RESULTS so the runner can print them without scraping the console.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Marks mocha's own lines in the console the workbench forwards, so the runner can pick them out. */
export const LINE_MARK = '[tmt-api] ';

export interface ApiResults {
	passed: number;
	failed: number;
	failures: { title: string; error: string }[];
}

export async function run(): Promise<void> {
	// The host console reaches the runner as a page console message whose format arguments are not
	// applied: format here, one line per call.
	(Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...a) => {
		for (const line of format(...a).split('\n')) console.log(LINE_MARK + line);
	};
	const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: 'spec' });
	const grep = process.env.TMT_IT_GREP;
	if (grep) mocha.grep(new RegExp(grep, 'i'));
	for (const f of fs.readdirSync(__dirname).filter((x) => x.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
	await mocha.loadFilesAsync();
	// Proves the harness reports a failure (exit 1, failure listed): TMT_IT_SELFTEST_FAIL=1.
	if (process.env.TMT_IT_SELFTEST_FAIL) {
		mocha.suite.addTest(
			new Mocha.Test('deliberate failure (TMT_IT_SELFTEST_FAIL)', () => {
				throw new Error('deliberate failure');
			}),
		);
	}

	const results: ApiResults = { passed: 0, failed: 0, failures: [] };
	await new Promise<void>((resolve) => {
		const runner = mocha.run(() => resolve());
		runner.on('pass', () => results.passed++);
		runner.on('fail', (test, err: Error) => {
			results.failed++;
			results.failures.push({ title: test.fullTitle(), error: err?.stack ?? String(err) });
		});
	});
	if (process.env.TMT_IT_RESULTS) fs.writeFileSync(process.env.TMT_IT_RESULTS, JSON.stringify(results, null, 2));
	if (results.failed > 0) throw new Error(`${results.failed} API test(s) failed`);
}
