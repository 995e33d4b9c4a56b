import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureStates, serverFeatures, tooOldFor, updateFailed, updateState } from '../../../src/versions/serverFeatures';

describe('versions/serverFeatures (unit)', () => {
	const byId = (v: { openWebui?: string; ollama?: string }) => Object.fromEntries(featureStates(v).map((f) => [f.id, f]));

	const table: { openWebui?: string; ollama?: string; id: string; available: boolean | undefined; detail: string }[] = [
		{ openWebui: '0.6.5', id: 'proxyUnload', available: false, detail: 'needs 0.6.11 or later' },
		{ openWebui: '0.6.11', id: 'proxyUnload', available: true, detail: 'available' },
		{ openWebui: '0.6.5', id: 'followUps', available: false, detail: 'needs 0.6.14 or later' },
		{ openWebui: '0.12.4', id: 'taskModelParams', available: true, detail: 'available' },
		{ openWebui: '0.11.0', id: 'taskModelParams', available: false, detail: 'needs 0.11.1 or later' },
		{ openWebui: '0.11.1', id: 'taskModelParams', available: true, detail: 'available' },
		{ openWebui: '0.6.36', id: 'apiKeysOff', available: false, detail: 'since 0.6.37' },
		{ openWebui: 'v0.9.4', id: 'voicePromptSwitch', available: true, detail: 'available' },
		{ openWebui: undefined, id: 'taskConfig', available: undefined, detail: 'needs 0.5.0 or later' },
		{ ollama: '0.0.0', id: 'psContext', available: undefined, detail: 'needs 0.10.0 or later' },
		{ ollama: '0.9.6', id: 'psContext', available: false, detail: 'needs 0.10.0 or later' },
		{ ollama: '0.34.4', id: 'tagsCapabilities', available: true, detail: 'available' },
	];
	for (const c of table) {
		it(`${c.id} on ${c.openWebui ?? c.ollama ?? 'unknown'} → ${c.detail}`, () => {
			const f = byId({ openWebui: c.openWebui, ollama: c.ollama })[c.id];
			assert.equal(f.available, c.available);
			assert.equal(f.detail, c.detail);
		});
	}

	it('tooOldFor says which release brings a feature, and gives unknown versions the benefit', () => {
		assert.deepEqual(tooOldFor('proxyUnload', { openWebui: '0.6.5' }), { since: '0.6.11' });
		assert.equal(tooOldFor('proxyUnload', { openWebui: '0.12.4' }), undefined);
		assert.equal(tooOldFor('proxyUnload', {}), undefined);
		assert.equal(tooOldFor('no-such-feature', { openWebui: '0.1.0' }), undefined);
	});

	it('every feature is in docs/server-versions.md with the same release', () => {
		const doc = readFileSync(join(__dirname, '../../../docs/server-versions.md'), 'utf8');
		for (const f of serverFeatures) assert.match(doc, new RegExp(`\\| \`${f.id}\` \\|[^\\n]*\\| ${f.since.replace(/\./g, '\\.')} \\|`), f.id);
	});

	const updates: { name: string; answer: unknown; running?: string; kind: string; message: RegExp }[] = [
		{ name: 'newer release', answer: { current: '0.6.5', latest: '0.12.4' }, kind: 'available', message: /0\.12\.4 is available \(you run 0\.6\.5\)/ },
		{ name: 'same release', answer: { current: '0.12.4', latest: '0.12.4' }, kind: 'upToDate', message: /newest release it knows of/ },
		{ name: '0.12 offline: latest null', answer: { current: '0.12.4', latest: null }, kind: 'unknown', message: /Could not check.*offline/ },
		{ name: 'no JSON object', answer: 'oops', running: '0.6.5', kind: 'unknown', message: /Could not check/ },
		{ name: 'no version at all', answer: {}, kind: 'unknown', message: /version unknown/ },
		{ name: 'unparseable latest', answer: { current: '0.6.5', latest: 'main' }, kind: 'unknown', message: /Could not check.*main/ },
	];
	for (const u of updates) it(`updateState: ${u.name}`, () => {
		const s = updateState(u.answer, u.running);
		assert.equal(s.kind, u.kind);
		assert.match(s.message, u.message);
	});

	it('updateFailed passes the reason through', () => assert.match(updateFailed('unreachable').message, /Could not check for Open WebUI updates: unreachable/));
});
