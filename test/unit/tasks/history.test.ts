import assert from 'node:assert/strict';
import type { TaskConfig } from '../../../src/clients/openWebuiTypes';
import { describeNewest, historyKey, TaskHistory, undoLastChange } from '../../../src/tasks/history';
import { TaskConfigService } from '../../../src/tasks/taskConfig';
import { userToken } from '../../fakes/fakeOpenWebui';
import { harness, MemoryMemento, no422, type Harness } from './helpers';

describe('tasks/history and undo against the fake Open WebUI (unit)', () => {
	const open: Harness[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map((h) => h.stop()));
	});
	const setup = async (opts: Parameters<typeof harness>[0] = {}) => {
		const h = await harness(opts);
		open.push(h);
		return h;
	};
	let clock = Date.UTC(2026, 10, 25, 16, 0);
	const now = () => (clock += 60_000);
	const time = (at: number) => new Date(at).toISOString().slice(11, 16);

	it('keeps the object as it was before each change, newest first, capped at 10', async () => {
		const h = await setup();
		const memento = new MemoryMemento();
		const history = new TaskHistory(memento, { now });
		const service = new TaskConfigService(h.deps({ onWritten: history.recorder(h.fake.url) }));
		const befores: TaskConfig[] = [];
		for (let i = 1; i <= 12; i++) {
			befores.push(structuredClone(h.fake.state.taskConfig));
			const r = await service.update({ AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: i * 10 });
			assert.equal(r.type, 'written');
		}
		const list = history.list(h.fake.url);
		assert.equal(list.length, 10);
		assert.deepEqual(list[0].before, befores[11]);
		assert.deepEqual(list[9].before, befores[2]);
		assert.equal(list[0].summary, 'Autocomplete Generation Input Max Length: 110 characters → 120 characters');
		assert.ok(list[0].at > list[1].at);
		assert.deepEqual([...memento.data.keys()], [historyKey(h.fake.url)]);
		assert.equal(historyKey('http://localhost:3000/'), historyKey('http://localhost:3000'));
	});

	it('keeps a separate history per server URL', async () => {
		const a = await setup();
		const b = await setup();
		const history = new TaskHistory(new MemoryMemento(), { now });
		await new TaskConfigService(a.deps({ onWritten: history.recorder(a.fake.url) })).update({ ENABLE_TAGS_GENERATION: false });
		await new TaskConfigService(b.deps({ onWritten: history.recorder(b.fake.url) })).update({ ENABLE_TITLE_GENERATION: false });
		assert.deepEqual(history.list(a.fake.url).map((e) => e.changes.map((c) => c.field)), [['ENABLE_TAGS_GENERATION']]);
		assert.deepEqual(history.list(b.fake.url).map((e) => e.changes.map((c) => c.field)), [['ENABLE_TITLE_GENERATION']]);
		const r = await undoLastChange(history, new TaskConfigService(a.deps()), a.fake.url);
		assert.equal(r.type, 'restored');
		assert.equal(a.fake.state.taskConfig.ENABLE_TAGS_GENERATION, true);
		assert.equal(b.fake.state.taskConfig.ENABLE_TITLE_GENERATION, false, 'the other server is untouched');
		assert.equal(history.list(b.fake.url).length, 1);
	});

	it('undo restores the newest change with the write protocol and says what it restored', async () => {
		const h = await setup();
		const history = new TaskHistory(new MemoryMemento(), { now });
		const service = new TaskConfigService(h.deps({ onWritten: history.recorder(h.fake.url) }));
		const original = structuredClone(h.fake.state.taskConfig);
		await service.update({ TASK_MODEL: 'llama3.2:3b' });
		await service.update({ ENABLE_AUTOCOMPLETE_GENERATION: true, ENABLE_FOLLOW_UP_GENERATION: false });
		const afterTwo = structuredClone(h.fake.state.taskConfig);
		const at = history.list(h.fake.url)[0].at;

		const r1 = await undoLastChange(history, service, h.fake.url, { formatTime: time });
		assert.equal(r1.type, 'restored');
		assert.equal(r1.message, `Undid the change from ${time(at)}: Autocomplete Generation: on → off, Follow Up Generation: off → on.`);
		assert.deepEqual(h.posts().at(-1), { ...afterTwo, ENABLE_AUTOCOMPLETE_GENERATION: false, ENABLE_FOLLOW_UP_GENERATION: true });
		assert.equal(history.list(h.fake.url).length, 1, 'the undo itself is not recorded');

		const r2 = await undoLastChange(history, service, h.fake.url);
		assert.equal(r2.type, 'restored');
		assert.match(r2.message, /Local Task Model: llama3\.2:3b → the chat model \(no task model\)/);
		assert.deepEqual(h.fake.state.taskConfig, original);

		const r3 = await undoLastChange(history, service, h.fake.url);
		assert.deepEqual(r3, { type: 'empty', message: `There is no change made here to undo for ${h.fake.url}.` });
		assert.ok(no422(h.log));
	});

	it('undo keeps edits made since to other fields, and refuses to overwrite the same field', async () => {
		const h = await setup();
		const history = new TaskHistory(new MemoryMemento(), { now });
		const service = new TaskConfigService(h.deps({ onWritten: history.recorder(h.fake.url) }));
		await service.update({ TASK_MODEL: 'llama3.2:3b' });
		h.fake.state.taskConfig = { ...h.fake.state.taskConfig, ENABLE_TAGS_GENERATION: false, TASK_MODEL: 'qwen3:4b' };

		const conflict = await undoLastChange(history, service, h.fake.url);
		assert.equal(conflict.type, 'conflict');
		assert.match(conflict.message, /Could not undo the change from .*Local Task Model \(you saw llama3\.2:3b, now qwen3:4b\)/);
		assert.equal(h.fake.state.taskConfig.TASK_MODEL, 'qwen3:4b');
		assert.equal(history.list(h.fake.url).length, 1, 'kept for a later try');

		const forced = await undoLastChange(history, service, h.fake.url, { force: true });
		assert.equal(forced.type, 'restored');
		assert.equal(h.fake.state.taskConfig.TASK_MODEL, '');
		assert.equal(h.fake.state.taskConfig.ENABLE_TAGS_GENERATION, false, "the other edit stays");
		assert.equal(history.list(h.fake.url).length, 0);
	});

	it('undo of a change already reverted elsewhere drops the entry without writing', async () => {
		const h = await setup();
		const history = new TaskHistory(new MemoryMemento(), { now });
		const service = new TaskConfigService(h.deps({ onWritten: history.recorder(h.fake.url) }));
		await service.update({ ENABLE_TITLE_GENERATION: false });
		h.fake.state.taskConfig = { ...h.fake.state.taskConfig, ENABLE_TITLE_GENERATION: true };
		const posts = h.posts().length;
		const r = await undoLastChange(history, service, h.fake.url, { formatTime: () => '16:01' });
		assert.equal(r.type, 'restored');
		assert.equal(r.message, 'The change from 16:01 was already undone in Open WebUI (Title Generation: off → on).');
		assert.equal(h.posts().length, posts);
		assert.equal(history.list(h.fake.url).length, 0);
	});

	it('a failed undo keeps the entry and says why', async () => {
		const admin = await setup();
		const history = new TaskHistory(new MemoryMemento(), { now });
		await new TaskConfigService(admin.deps({ onWritten: history.recorder(admin.fake.url) })).update({ ENABLE_TITLE_GENERATION: false });
		const asUser = await harness({ token: userToken });
		open.push(asUser);
		const userService = new TaskConfigService({ api: { read: (s) => asUser.api.read(s), write: (c, s) => asUser.api.write(c, s) } });
		// Same history, a server where this user is not an admin.
		await history.record(asUser.fake.url, { before: asUser.fake.state.taskConfig, after: asUser.fake.state.taskConfig, changes: [userService.fieldChange('ENABLE_TITLE_GENERATION', true, false)] });
		asUser.fake.state.taskConfig = { ...asUser.fake.state.taskConfig, ENABLE_TITLE_GENERATION: false };
		const r = await undoLastChange(history, userService, asUser.fake.url);
		assert.equal(r.type, 'failed');
		assert.equal(r.type === 'failed' && r.failure.reason, 'readOnly');
		assert.equal(history.list(asUser.fake.url).length, 1);
	});

	it('reports when the change could not be saved for undo', async () => {
		const h = await setup();
		const broken = { get: () => undefined, update: () => Promise.reject(new Error('disk full')) };
		const history = new TaskHistory(broken);
		const r = await new TaskConfigService(h.deps({ onWritten: history.recorder(h.fake.url) })).update({ ENABLE_TITLE_GENERATION: false });
		assert.equal(r.type === 'written' && r.historySaved, false);
		assert.match(r.type === 'written' ? r.message : '', /could not be saved for undo/);
		assert.equal(h.fake.state.taskConfig.ENABLE_TITLE_GENERATION, false);
	});

	it('ignores junk in storage', () => {
		const m = new MemoryMemento();
		m.data.set(historyKey('http://x'), [{ nope: 1 }, null]);
		assert.deepEqual(new TaskHistory(m).list('http://x'), []);
	});
});

describe('tasks/history: the newest change against the config now (unit)', () => {
	const entry = {
		at: 1,
		before: { TASK_MODEL: '', ENABLE_TAGS_GENERATION: true, OTHER: 1 },
		changes: [
			{ field: 'TASK_MODEL', label: 'Local Task Model', from: '', to: 'qwen2.5:3b', fromText: 'the chat model (no task model)', toText: 'qwen2.5:3b' },
			{ field: 'ENABLE_TAGS_GENERATION', label: 'Tags Generation', from: true, to: false, fromText: 'on', toText: 'off' },
		],
		summary: 'Local Task Model: the chat model (no task model) → qwen2.5:3b, Tags Generation: on → off',
	};

	it('is current while Open WebUI still has what the change wrote (other fields may move)', () => {
		assert.deepEqual(describeNewest(entry, { TASK_MODEL: 'qwen2.5:3b', ENABLE_TAGS_GENERATION: false, OTHER: 2 }), { summary: entry.summary, stale: false });
	});

	it('is stale once someone changed a field of it elsewhere, and Undo says what it would set now', () => {
		const n = describeNewest(entry, { TASK_MODEL: 'gemma3:1b', ENABLE_TAGS_GENERATION: false, OTHER: 1 })!;
		assert.equal(n.stale, true);
		assert.equal(n.summary, `${entry.summary} — changed since in Open WebUI: Local Task Model is now gemma3:1b`);
		assert.equal(n.undoLabel, 'Undo: set Local Task Model back to the chat model (no task model) (now gemma3:1b), Tags Generation back to on (now off)');
	});

	it('when Open WebUI already has the earlier values, Undo says there is nothing left to restore', () => {
		const n = describeNewest(entry, { TASK_MODEL: '', ENABLE_TAGS_GENERATION: true, OTHER: 1 })!;
		assert.equal(n.stale, true);
		assert.equal(n.undoLabel, 'Undo: nothing left to restore (Open WebUI already has the earlier values)');
	});

	it('no history, no line; no config, no verdict', () => {
		assert.equal(describeNewest(undefined, {}), undefined);
		assert.deepEqual(describeNewest(entry, undefined), { summary: entry.summary, stale: false });
	});
});
