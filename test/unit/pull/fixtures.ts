// Reads the pull NDJSON fixtures (see test/fixtures/pull/generate.mjs).
import fs from 'node:fs';
import path from 'node:path';
import type { PullProgress } from '../../../src/clients/ollamaTypes';

export const fixtureDir = path.join(__dirname, '..', '..', 'fixtures', 'pull');

export function readFixture(name: string): PullProgress[] {
	return fs
		.readFileSync(path.join(fixtureDir, `${name}.ndjson`), 'utf8')
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => JSON.parse(l) as PullProgress);
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
	let t = start;
	return { now: () => t, advance: (ms) => (t += ms) };
}
