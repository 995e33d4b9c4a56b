import assert from 'node:assert/strict';
import type { TaskConfig } from '../../../src/clients/openWebuiTypes';
import { TaskHistory, undoLastChange } from '../../../src/tasks/history';
import { profileDiff } from '../../../src/tasks/profiles';
import { TaskConfigService } from '../../../src/tasks/taskConfig';
import { taskParamsChanges, taskParamsState, type TaskParamsEdit } from '../../../src/tasks/taskParams';
import { defaultTaskConfig } from '../../fakes/fakeOpenWebui';
import { harness, MemoryMemento, no422, type Harness } from './helpers';

describe('tasks/taskParams: TASK_MODEL_PARAMS (unit)', () => {
	const with_ = (params: unknown): TaskConfig => ({ ...defaultTaskConfig('0.12'), TASK_MODEL_PARAMS: params });

	it('shown disabled with the needed version on servers without it', () => {
		assert.deepEqual(taskParamsState(defaultTaskConfig('0.11.0'), '0.11.0'), {
			available: false,
			neededVersion: '0.11.1',
			message: 'Task model parameters need Open WebUI 0.11.1 or later (this server is 0.11.0).',
		});
		const unknown = taskParamsState(defaultTaskConfig('0.11.0'), undefined);
		assert.equal(unknown.available, false);
		assert.equal(!unknown.available && unknown.message, 'This Open WebUI has no task model parameters (they need Open WebUI 0.11.1 or later).');
		assert.equal(taskParamsChanges(defaultTaskConfig('0.6.14'), { max_tokens: 64 }, '0.6.14').type, 'unavailable');
	});

	it('reads the values, summarises the dict and warns when titles are uncapped', () => {
		const s = taskParamsState(with_({ temperature: 0.2, think: false, top_k: 20 }), '0.12.4');
		assert.ok(s.available);
		assert.deepEqual(s.values, { max_tokens: undefined, temperature: 0.2, num_ctx: undefined, thinkingOff: true });
		assert.equal(s.summary, 'temperature 0.2 · thinking off · top_k 20');
		assert.equal(s.warning, 'No max_tokens: Open WebUI does not cap title answers.');
		const none = taskParamsState(with_(null), '0.12.4');
		assert.ok(none.available);
		assert.deepEqual(none.params, {});
		assert.equal(none.warning, undefined);
		// None and "" values are dropped by Open WebUI: they have no effect and do not uncap titles
		assert.equal((taskParamsState(with_({ temperature: null, seed: '' }), '0.12.4') as { warning?: string }).warning, undefined);
	});

	const cases: { name: string; params: unknown; edit: TaskParamsEdit; want: Record<string, unknown> | string; notes?: number }[] = [
		{ name: 'sets the usual keys and keeps the others in their order', params: { top_k: 20, max_tokens: 500 }, edit: { max_tokens: 64, temperature: 0.1, num_ctx: 2048, thinkingOff: true }, want: { top_k: 20, max_tokens: 64, temperature: 0.1, num_ctx: 2048, think: false } },
		{ name: 'adds the 1000-token title cap when there is none', params: null, edit: { thinkingOff: true }, want: { think: false, max_tokens: 1000 }, notes: 1 },
		{ name: 'the panel sends null for unset keys: still capped', params: {}, edit: { max_tokens: null, temperature: 0.2, num_ctx: null, thinkingOff: false }, want: { temperature: 0.2, max_tokens: 1000 }, notes: 1 },
		{ name: 'asks for JSON output and back', params: { format: 'json', max_tokens: 64 }, edit: { jsonFormat: false }, want: { max_tokens: 64 } },
		{ name: 'removes keys with null and think with thinkingOff false', params: { max_tokens: 64, temperature: 0.5, think: false }, edit: { temperature: null, thinkingOff: false }, want: { max_tokens: 64 } },
		{ name: 'an explicit removal of max_tokens is kept (titles uncapped)', params: { max_tokens: 64, temperature: 0.5 }, edit: { max_tokens: null }, want: { temperature: 0.5 } },
		{ name: 'removing everything gives {} (Open WebUI caps titles itself)', params: { max_tokens: 64 }, edit: { max_tokens: null }, want: {} },
		{ name: 'max_tokens must be a positive integer', params: {}, edit: { max_tokens: 0.5 }, want: 'max_tokens must be a number from 1 to 131072.' },
		{ name: 'temperature at most 2', params: {}, edit: { temperature: 3 }, want: 'temperature must be a number from 0 to 2.' },
		{ name: 'num_ctx not NaN', params: {}, edit: { num_ctx: Number.NaN }, want: 'num_ctx must be a number from 256 to 1048576.' },
	];
	for (const c of cases) {
		it(c.name, () => {
			const r = taskParamsChanges(with_(c.params), c.edit, '0.12.4');
			if (typeof c.want === 'string') return assert.deepEqual(r, { type: 'invalid', message: c.want });
			assert.equal(r.type, 'changes');
			if (r.type !== 'changes') return;
			assert.deepEqual(r.changes, { TASK_MODEL_PARAMS: c.want });
			assert.deepEqual(Object.keys(r.params), Object.keys(c.want), 'key order');
			assert.equal(r.notes.length, c.notes ?? 0);
		});
	}

	it('applying the empty form to unset parameters changes nothing (null stays null)', () => {
		const r = taskParamsChanges(with_(null), { max_tokens: null, temperature: null, num_ctx: null, thinkingOff: false }, '0.12.4');
		assert.deepEqual(r, { type: 'changes', changes: { TASK_MODEL_PARAMS: null }, params: {}, notes: [] });
	});

	it('laptop and battery profiles switch thinking off in the params, keeping the other keys; older servers are left alone', () => {
		const p = profileDiff('battery', with_({ top_k: 20 }));
		assert.ok(p.type === 'diff');
		assert.deepEqual(p.changes.TASK_MODEL_PARAMS, { top_k: 20, think: false, max_tokens: 1000 });
		assert.match(p.diff.find((d) => d.field === 'TASK_MODEL_PARAMS')!.toText, /^top_k 20 · thinking off · max_tokens 1000$/);
		const old = profileDiff('battery', defaultTaskConfig('0.11.0'));
		assert.ok(old.type === 'diff' && !('TASK_MODEL_PARAMS' in old.changes));
	});

	describe('through the write protocol against a 0.12 fake', () => {
		let h: Harness | undefined;
		afterEach(async () => {
			await h?.stop();
			h = undefined;
		});

		it('the POST echoes every other key exactly; undo restores the dict as it was', async () => {
			const previous = with_({ top_k: 20, custom_params: { x: 1 } });
			h = await harness({ state: { era: '0.12', version: '0.12.4', taskConfig: structuredClone(previous) } });
			const history = new TaskHistory(new MemoryMemento());
			const service = new TaskConfigService(h.deps({ onWritten: history.recorder(h.fake.url) }));
			const change = taskParamsChanges(previous, { max_tokens: 64, thinkingOff: true }, '0.12.4');
			assert.ok(change.type === 'changes');
			const r = await service.update(change.changes, { base: previous });
			assert.equal(r.type, 'written');
			assert.deepEqual(h.posts(), [{ ...previous, TASK_MODEL_PARAMS: { top_k: 20, custom_params: { x: 1 }, max_tokens: 64, think: false } }]);
			assert.equal(r.type === 'written' && r.message, 'Changed Task Model Parameters: top_k 20 · custom_params {"x":1} → top_k 20 · custom_params {"x":1} · max_tokens 64 · thinking off.');
			const u = await undoLastChange(history, service, h.fake.url);
			assert.equal(u.type, 'restored');
			assert.deepEqual(h.fake.state.taskConfig, previous);
			assert.ok(no422(h.log));
		});

		it('someone else changed the dict meanwhile: a conflict, nothing written', async () => {
			const seen = with_({ temperature: 0.5 });
			h = await harness({ state: { era: '0.12', version: '0.12.4', taskConfig: with_({ temperature: 0.9 }) } });
			const change = taskParamsChanges(seen, { max_tokens: 64 }, '0.12.4');
			assert.ok(change.type === 'changes');
			const r = await new TaskConfigService(h.deps()).update(change.changes, { base: seen });
			assert.equal(r.type, 'conflict');
			assert.deepEqual(h.posts(), []);
		});
	});
});
