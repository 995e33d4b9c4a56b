import assert from 'node:assert/strict';
import { onFirstUse } from '../../src/lazy';

describe('onFirstUse (features loaded on first use)', () => {
	it('loads once, on the first get(), and loaded() never loads', () => {
		let loads = 0;
		const f = onFirstUse(() => ({ n: ++loads, dispose: () => {} }));
		assert.equal(f.loaded(), undefined);
		assert.equal(loads, 0);
		const a = f.get();
		assert.equal(f.get(), a);
		assert.equal(f.loaded(), a);
		assert.equal(loads, 1);
	});

	it('disposes what it loaded, and refuses to load after dispose', () => {
		let disposed = 0;
		const f = onFirstUse(() => ({ dispose: () => void disposed++ }));
		f.dispose();
		assert.equal(disposed, 0, 'nothing was loaded, nothing to dispose');
		assert.throws(() => f.get(), /shutting down/);
		const g = onFirstUse(() => ({ dispose: () => void disposed++ }));
		g.get();
		g.dispose();
		assert.equal(disposed, 1);
		assert.equal(g.loaded(), undefined);
	});

	it('a loader that throws leaves nothing loaded, so the next use tries again', () => {
		let tries = 0;
		const f = onFirstUse(() => {
			if (++tries === 1) throw new Error('bundle missing');
			return { dispose: () => {} };
		});
		assert.throws(() => f.get(), /bundle missing/);
		assert.equal(f.loaded(), undefined);
		assert.ok(f.get());
		assert.equal(tries, 2);
	});
});
