import assert from 'node:assert/strict';
import { OllamaClient } from '../../../src/clients/ollama';
import { isPeerError } from '../../../src/clients/http';
import type { PullProgress } from '../../../src/clients/ollamaTypes';
import { describeProgress, PullProgressTracker, type PullPhase, type PullSnapshot } from '../../../src/pull/progress';
import { startFakeOllama, tagModel, type FakeOllama } from '../../fakes/fakeOllama';
import { manualClock, readFixture } from './fixtures';

const llamaTotal = 2019377376 + 1429 + 7711 + 6016 + 96 + 561;

/** Feeds lines 60 ms apart (Ollama's tick) and returns every snapshot. */
function replay(lines: PullProgress[], stepMs = 60) {
	const clock = manualClock();
	const tracker = new PullProgressTracker({ now: clock.now });
	const snaps: PullSnapshot[] = [];
	for (const line of lines) {
		clock.advance(stepMs);
		snaps.push(tracker.push(line));
	}
	return { tracker, snaps, last: snaps.at(-1)! };
}

function phases(snaps: PullSnapshot[]): PullPhase[] {
	return snaps.map((s) => s.phase).filter((p, i, a) => i === 0 || a[i - 1] !== p);
}

function assertMonotone(snaps: PullSnapshot[]) {
	for (let i = 1; i < snaps.length; i++) assert.ok(snaps[i]!.fraction >= snaps[i - 1]!.fraction, `fraction went back at line ${i}: ${snaps[i - 1]!.fraction} → ${snaps[i]!.fraction}`);
}

describe('pull/progress on recorded-shape NDJSON (unit)', () => {
	it('layer by layer: one whole-model fraction that never goes back while the total grows', () => {
		const lines = readFixture('layerByLayer');
		const { snaps, last } = replay(lines);
		assertMonotone(snaps);
		assert.deepEqual(phases(snaps), ['manifest', 'downloading', 'verifying', 'writing', 'done']);
		assert.equal(last.totalBytes, llamaTotal);
		assert.equal(last.completedBytes, llamaTotal);
		assert.equal(last.fraction, 1);
		assert.equal(last.layersSeen, 6);
		assert.equal(last.layersDone, 6);
		assert.equal(last.downloadedBytes, llamaTotal);
		// The total grew when the template layer started: the raw ratio dipped, the bar held.
		const grew = snaps.findIndex((s, i) => i > 0 && s.totalBytes > snaps[i - 1]!.totalBytes && snaps[i - 1]!.totalBytes > 0);
		assert.ok(grew > 0);
		assert.ok(snaps[grew]!.completedBytes / snaps[grew]!.totalBytes < snaps[grew]!.fraction);
		assert.equal(snaps[grew]!.fraction, snaps[grew - 1]!.fraction);
	});

	it('smooths speed to the real rate and derives the ETA from it', () => {
		const lines = readFixture('layerByLayer');
		const weights = lines.filter((l) => l.digest?.startsWith('sha256:dde5'));
		const realRate = ((weights.at(-1)!.completed ?? 0) / ((weights.length - 1) * 60)) * 1000;
		const { snaps } = replay(lines);
		const mid = snaps[Math.floor(weights.length / 2)]!;
		assert.equal(mid.phase, 'downloading');
		assert.ok(Math.abs(mid.bytesPerSecond! - realRate) / realRate < 0.15, `speed ${mid.bytesPerSecond} vs ${realRate}`);
		assert.ok(Math.abs(mid.etaMs! - ((mid.totalBytes - mid.completedBytes) / mid.bytesPerSecond!) * 1000) < 1);
		assert.equal(snaps.at(-1)!.bytesPerSecond, undefined, 'no speed once done');
		assert.equal(snaps.at(-1)!.etaMs, undefined);
	});

	it('layers already present: one line each, complete at once, no download speed', () => {
		const { snaps, last } = replay(readFixture('alreadyPresent'));
		assert.deepEqual(phases(snaps), ['manifest', 'downloading', 'verifying', 'writing', 'done']);
		assert.equal(snaps[1]!.fraction, 1, 'the first present layer is already all there');
		assert.equal(last.layersDone, 6);
		assert.equal(last.downloadedBytes, 0);
		assert.equal(snaps.find((s) => s.bytesPerSecond !== undefined), undefined);
		assert.deepEqual(new PullProgressTracker().layerList(), []);
	});

	it('an update: some layers present, two new ones, and "removing unused layers"', () => {
		const { snaps, last, tracker } = replay(readFixture('partialPresent'));
		assertMonotone(snaps);
		assert.deepEqual(phases(snaps), ['manifest', 'downloading', 'verifying', 'writing', 'removing', 'done']);
		assert.equal(last.downloadedBytes, 1530 + 561);
		assert.deepEqual(tracker.layerList().map((l) => l.present), [true, false, true, true, true, false]);
	});

	it('a resumed download starts from where it left off and only counts new bytes as speed', () => {
		const { snaps, last } = replay(readFixture('resumed'));
		assert.ok(Math.abs(snaps[1]!.fraction - 1_200_000_000 / 2019377376) < 1e-9);
		assert.equal(last.downloadedBytes, 2019377376 - 1_200_000_000);
		const realRate = (4_000_000 / 0.06) * 1.0; // the fixture's mean step is ~4 MB per 60 ms line
		const early = snaps[10]!.bytesPerSecond;
		assert.ok(early !== undefined && early < realRate * 1.5, `the 1.2 GB already on disk is not a burst of speed (${early})`);
	});

	it('safetensors: one "pulling model" progress for the whole model, no verify step', () => {
		const { snaps, last } = replay(readFixture('safetensors'));
		assert.deepEqual(phases(snaps), ['manifest', 'downloading', 'writing', 'done']);
		assert.equal(last.totalBytes, 1_600_000_000);
		assert.equal(last.layersSeen, 1);
		assertMonotone(snaps);
		assert.equal(snaps[10]!.status, 'pulling model');
		assert.equal(snaps[10]!.fraction, 0.45);
	});

	it('lines lacking completed or total, a backwards completed, and a non-fatal cleanup failure', () => {
		const { snaps, last } = replay(readFixture('sparse'));
		assert.equal(snaps[1]!.totalBytes, 0);
		assert.equal(snaps[1]!.fraction, 0);
		assert.equal(snaps[2]!.totalBytes, 1000);
		assert.equal(snaps[4]!.completedBytes, 400, 'completed 300 after 400 does not go back');
		assertMonotone(snaps);
		assert.equal(snaps[10]!.phase, 'removing');
		assert.equal(snaps[10]!.status, "couldn't remove unused layers: permission denied");
		assert.equal(last.phase, 'done');
		assert.equal(last.totalBytes, 2000);
	});

	it('EWMA: a steady rate reads exactly; a doubled rate is 63 % of the way there after one time constant', () => {
		const clock = manualClock();
		const tracker = new PullProgressTracker({ now: clock.now, tauMs: 3000, sampleMs: 250 });
		const d = 'sha256:x';
		let c = 0;
		tracker.push({ status: 'pulling x', digest: d, total: 1e12 });
		for (let i = 0; i < 20; i++) {
			clock.advance(250);
			tracker.push({ digest: d, total: 1e12, completed: (c += 2_500_000) });
		}
		assert.ok(Math.abs(tracker.snapshot().bytesPerSecond! - 10e6) < 1, String(tracker.snapshot().bytesPerSecond));
		for (let i = 0; i < 12; i++) {
			clock.advance(250);
			tracker.push({ digest: d, total: 1e12, completed: (c += 5_000_000) });
		}
		const s = tracker.snapshot().bytesPerSecond!;
		assert.ok(Math.abs(s - (10e6 + 10e6 * (1 - Math.exp(-1)))) < 0.2e6, String(s));
		// A stall (same completed) drags the speed down.
		for (let i = 0; i < 12; i++) {
			clock.advance(250);
			tracker.push({ digest: d, total: 1e12, completed: c });
		}
		assert.ok(tracker.snapshot().bytesPerSecond! < 7e6);
	});

	it('describes a snapshot in one line, through the translate function', () => {
		const s: PullSnapshot = { phase: 'downloading', status: '', completedBytes: 1.2e9, totalBytes: 2.0e9, fraction: 0.6, layersSeen: 1, layersDone: 0, downloadedBytes: 1.2e9, bytesPerSecond: 35e6, etaMs: 25_000 };
		assert.equal(describeProgress(s), 'Downloading · 1.2 GB / 2.0 GB · 35 MB/s · 25 s left');
		assert.equal(describeProgress({ ...s, phase: 'verifying', bytesPerSecond: undefined, etaMs: undefined }), 'Verifying');
		assert.equal(describeProgress({ ...s, phase: 'manifest', bytesPerSecond: undefined, etaMs: undefined }, (m) => `<${m}>`), '<Fetching the manifest>');
	});
});

describe('pull/progress through the real client and the fake Ollama (unit)', () => {
	let fake: FakeOllama;
	afterEach(async () => fake?.stop());

	async function start(script: PullProgress[], delayMs = 0) {
		fake = await startFakeOllama();
		fake.state.registry['llama3.2:1b'] = { layers: [], tag: tagModel('llama3.2:1b', '1.2B', llamaTotal), script };
		fake.state.pull.delayMs = delayMs;
		return new OllamaClient({ baseUrl: fake.url, timeoutMs: 5000 });
	}

	async function drive(client: OllamaClient, signal?: AbortSignal, onLine?: (n: number) => void) {
		const tracker = new PullProgressTracker();
		let n = 0;
		try {
			for await (const line of client.pull('llama3.2:1b', { signal })) {
				tracker.push(line);
				n++;
				onLine?.(n);
			}
			return { tracker, n, error: undefined };
		} catch (error) {
			return { tracker, n, error };
		}
	}

	it('a whole pull ends on success with the full total', async () => {
		const { tracker, error, n } = await drive(await start(readFixture('layerByLayer')));
		assert.equal(error, undefined);
		assert.equal(n, 523);
		assert.equal(tracker.snapshot().phase, 'done');
		assert.equal(tracker.snapshot().totalBytes, llamaTotal);
		assert.equal(fake.state.models.some((m) => m.name === 'llama3.2:1b'), true, 'listed once "success" was sent');
	});

	it('a mid-stream {error} line throws with the server text; progress stops where it was', async () => {
		const { tracker, error } = await drive(await start(readFixture('midStreamError')));
		assert.ok(isPeerError(error, 'http'));
		assert.equal(error.serverMessage, 'max retries exceeded: unexpected EOF');
		const s = tracker.snapshot();
		assert.equal(s.phase, 'downloading');
		assert.ok(s.fraction > 0.1 && s.fraction < 0.3, String(s.fraction));
	});

	it('EOF without success throws', async () => {
		const { error, tracker } = await drive(await start(readFixture('eofWithoutSuccess')));
		assert.ok(isPeerError(error, 'unreachable'));
		assert.match(error.message, /without "success"/);
		assert.ok(tracker.snapshot().fraction < 1);
	});

	it('cancel mid-download aborts the stream and leaves no request open on the fake', async () => {
		const client = await start(readFixture('layerByLayer'), 2);
		const ac = new AbortController();
		const { error, n, tracker } = await drive(client, ac.signal, (i) => i === 40 && ac.abort());
		assert.ok(isPeerError(error, 'aborted'));
		assert.equal(n, 40);
		assert.ok(tracker.snapshot().fraction > 0 && tracker.snapshot().fraction < 0.5);
		await waitFor(() => fake.openRequests() === 0);
		assert.equal(fake.state.models.some((m) => m.name === 'llama3.2:1b'), false, 'not listed after a cancelled pull');
	});
});

export async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new Error('timed out waiting');
		await new Promise((r) => setTimeout(r, 5));
	}
}
