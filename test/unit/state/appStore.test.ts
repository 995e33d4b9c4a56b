import assert from 'node:assert/strict';
import type { MemoryBudget } from '../../../src/models/candidates';
import type { ResourceSnapshot } from '../../../src/resources/types';
import type { OllamaView } from '../../../src/shared/protocol';
import { AppStore, type AppSlices } from '../../../src/state/appStore';
import { connectSlices } from '../../../src/state/reactions';

const gib = 1024 ** 3;
const resources = (usedGib: number): ResourceSnapshot => ({ memory: { totalBytes: 32 * gib, usedBytes: usedGib * gib }, gpus: [], failures: [], absent: [] });
const connected = (url: string, via: 'direct' | 'openWebui' = 'direct'): AppSlices['connection'] => ({
	ollama: { kind: 'connected', url, version: '0.24.0', via, message: '' } satisfies OllamaView,
	openWebui: { kind: 'checking', url: 'http://localhost:3000' },
});

describe('AppStore: one copy, one writer per slice', () => {
	it('a slice has one writer: a second claim throws and names the slice', () => {
		const store = new AppStore();
		store.writer('models');
		assert.throws(() => store.writer('models'), /"models" slice already has its writer/);
		assert.doesNotThrow(() => store.writer('tasks'));
	});

	it('the writer reads the store (no second copy) and each change fires once', () => {
		const store = new AppStore();
		const fired: string[] = [];
		store.onDidChange((k) => fired.push(k));
		const pulls = store.writer('pulls');
		const value: AppSlices['pulls'] = [];
		pulls.set(value);
		pulls.set(value);
		assert.equal(store.get('pulls'), value);
		assert.equal(pulls.get(), value);
		assert.deepEqual(fired, ['pulls']);
	});
});

describe('cross-slice reactions (state/reactions.ts)', () => {
	function wired(connection: AppSlices['connection']) {
		const store = new AppStore();
		store.writer('connection').set(connection);
		const calls: { rebuild: number; budgets: (MemoryBudget | undefined)[] } = { rebuild: 0, budgets: [] };
		connectSlices(store, { models: { rebuild: () => void calls.rebuild++, setBudget: (b) => void calls.budgets.push(b) } });
		return { store, calls };
	}

	it('a tasks change re-marks the task model rows', () => {
		const { store, calls } = wired(connected('http://127.0.0.1:11434'));
		store.writer('tasks').set({ status: 'unavailable', canWrite: false, automations: [], taskModel: { local: '', external: '' }, missing: [], models: [], history: [] });
		assert.equal(calls.rebuild, 1);
		assert.deepEqual(calls.budgets, []);
	});

	it('free memory on this machine becomes the models budget', () => {
		const { store, calls } = wired(connected('http://127.0.0.1:11434'));
		store.writer('resources').set(resources(20));
		assert.equal(calls.budgets.length, 1);
		assert.equal(calls.budgets[0]?.freeRamBytes, 12 * gib);
		assert.equal(calls.rebuild, 0);
	});

	it('a remote Ollama or the proxy gets no budget from local memory', () => {
		for (const connection of [connected('http://192.168.1.20:11434'), connected('http://localhost:3000', 'openWebui')]) {
			const { store, calls } = wired(connection);
			store.writer('resources').set(resources(20));
			assert.deepEqual(calls.budgets, [undefined]);
		}
	});
});
