import assert from 'node:assert/strict';
import { shareEqual } from '../../webview/lib/share';

const row = (name: string, extra: object = {}) => ({ name, size: 1, caps: ['completion'], ...extra });

describe('shareEqual (the webview keeps unchanged parts of a snapshot)', () => {
	it('one changed row out of 500: the other 499 keep their identity, the changed one and its parents do not', () => {
		const prev = { models: { rows: Array.from({ length: 500 }, (_, i) => row(`m${i}`)), verdicts: { m1: { ok: true } } }, tasks: { a: 1 } };
		const next = JSON.parse(JSON.stringify(prev)) as typeof prev;
		(next.models.rows[250] as Record<string, unknown>).loaded = { memoryLabel: '1.0 GB' };
		const out = shareEqual(prev, next);
		assert.notEqual(out, prev);
		assert.notEqual(out.models.rows, prev.models.rows);
		assert.equal(out.models.rows.filter((r, i) => r === prev.models.rows[i]).length, 499);
		assert.notEqual(out.models.rows[250], prev.models.rows[250]);
		assert.equal(out.models.rows[250]!.caps, prev.models.rows[250]!.caps, 'even inside the changed row, unchanged parts are shared');
		assert.equal(out.models.verdicts, prev.models.verdicts);
		assert.equal(out.tasks, prev.tasks);
		assert.deepEqual(out, next);
	});

	it('an equal snapshot gives back the previous object itself', () => {
		const prev = { a: [1, 2, { b: 'x' }], c: null };
		assert.equal(shareEqual(prev, JSON.parse(JSON.stringify(prev))), prev);
	});

	it('a row inserted at the top does not shift the rest: rows match by name', () => {
		const prev = [row('b'), row('c')];
		const out = shareEqual(prev, [row('a'), row('b'), row('c')]);
		assert.equal(out[1], prev[0]);
		assert.equal(out[2], prev[1]);
	});

	it('added, removed and retyped keys are changes', () => {
		const prev = { a: 1, list: [1] };
		assert.notEqual(shareEqual(prev, { a: 1, list: [1], b: 2 }), prev);
		assert.notEqual(shareEqual({ a: 1, b: 2 }, { a: 1 }), prev);
		assert.deepEqual(shareEqual(prev, { a: 1, list: { 0: 1 } }), { a: 1, list: { 0: 1 } });
		assert.deepEqual(shareEqual({ a: { x: 1 } }, { a: [1] }), { a: [1] });
	});
});
