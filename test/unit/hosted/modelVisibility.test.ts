import assert from 'node:assert/strict';
import { isHidden, setHidden, visibilityForm, type ModelRecord, type VisibilityApi } from '../../../src/hosted/modelVisibility';

function fakeApi(initial?: ModelRecord, opts: { ignoreWrites?: boolean } = {}) {
	let record = initial ? structuredClone(initial) : undefined;
	const calls: string[] = [];
	const api: VisibilityApi = {
		async getRecord() {
			calls.push('get');
			return record ? structuredClone(record) : undefined;
		},
		async update(body) {
			calls.push('update');
			if (!opts.ignoreWrites) record = structuredClone(body);
		},
		async create(body) {
			calls.push('create');
			if (!opts.ignoreWrites) record = structuredClone(body);
		},
	};
	return { api, calls, get record() { return record; } };
}

describe('hosted/modelVisibility (unit)', () => {
	it('reads hidden from the /api/models entry', () => {
		assert.equal(isHidden({ info: { meta: { hidden: true } } }), true);
		assert.equal(isHidden({ info: { meta: {} } }), false);
		assert.equal(isHidden(undefined), false);
	});

	it('creates a record like the admin page for a base model without one', () => {
		const f = visibilityForm(undefined, { id: 'tiny:latest', name: 'tiny' }, true);
		assert.equal(f.route, 'create');
		assert.deepEqual(f.body, { id: 'tiny:latest', name: 'tiny', base_model_id: null, meta: { hidden: true }, params: {}, is_active: true });
	});

	it('sends an existing record back whole with only meta.hidden changed', () => {
		const rec: ModelRecord = { id: 'm', name: 'M', base_model_id: 'x', meta: { description: 'd', profile_image_url: '/p.png' }, params: { temperature: 0.2 }, access_grants: [{ principal_id: '*' }], write_access: true };
		const f = visibilityForm(rec, { id: 'm' }, true);
		assert.equal(f.route, 'update');
		assert.deepEqual(f.body, { id: 'm', name: 'M', base_model_id: 'x', meta: { description: 'd', profile_image_url: '/p.png', hidden: true }, params: { temperature: 0.2 }, access_grants: [{ principal_id: '*' }] });
	});

	it('hides, then shows again (undo), checking each change stuck', async () => {
		const f = fakeApi();
		const hid = await setHidden(f.api, { id: 'tiny:latest' }, true);
		assert.equal(hid.type, 'changed');
		assert.match(hid.message, /hidden from the chat model picker; it still runs background tasks/);
		assert.deepEqual(f.calls, ['get', 'create', 'get']);
		const shown = await setHidden(f.api, { id: 'tiny:latest' }, false);
		assert.equal(shown.type, 'changed');
		assert.equal(f.record?.meta?.hidden, false);
		assert.equal(f.calls.at(-2), 'update');
	});

	it('does nothing when the model is already in the wanted state', async () => {
		const f = fakeApi({ id: 'm', meta: { hidden: true } });
		assert.equal((await setHidden(f.api, { id: 'm' }, true)).type, 'unchanged');
		assert.deepEqual(f.calls, ['get']);
	});

	it('reports a change the server did not keep', async () => {
		const f = fakeApi(undefined, { ignoreWrites: true });
		const r = await setHidden(f.api, { id: 'm' }, true);
		assert.equal(r.type, 'failed');
		assert.match(r.message, /still visible/);
	});
});
