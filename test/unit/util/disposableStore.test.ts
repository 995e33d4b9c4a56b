import assert from 'node:assert/strict';
import { DisposableStore } from '../../../src/util/disposableStore';

describe('DisposableStore', () => {
	const tracker = () => {
		const log: string[] = [];
		return { log, make: (name: string) => ({ dispose: () => log.push(name) }) };
	};

	it('disposes what it holds once, in the order added', () => {
		const { log, make } = tracker();
		const store = new DisposableStore([make('a')]);
		const b = make('b');
		assert.equal(store.add(b), b);
		store.dispose();
		store.dispose();
		assert.deepEqual(log, ['a', 'b']);
	});

	it('clear() empties it and keeps it usable (a new webview view replaces the old listeners)', () => {
		const { log, make } = tracker();
		const store = new DisposableStore();
		store.add(make('first view'));
		store.clear();
		store.add(make('second view'));
		assert.deepEqual(log, ['first view']);
		store.dispose();
		assert.deepEqual(log, ['first view', 'second view']);
	});

	it('disposes at once what is added after dispose(), so nothing leaks', () => {
		const { log, make } = tracker();
		const store = new DisposableStore();
		store.dispose();
		store.add(make('late'));
		assert.deepEqual(log, ['late']);
	});
});
