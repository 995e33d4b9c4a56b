import assert from 'node:assert/strict';
import { diff, listProfiles, profileChanges, profileDiff, type ProfileId } from '../../../src/tasks/profiles';
import { TaskConfigService } from '../../../src/tasks/taskConfig';
import type { TaskConfig } from '../../../src/clients/openWebuiTypes';
import { defaultTaskConfig } from '../../fakes/fakeOpenWebui';
import { harness, type Harness } from './helpers';

describe('tasks/profiles (unit)', () => {
	const config = defaultTaskConfig('0.11.0'); // title/tags/search/retrieval/follow-up on, autocomplete off, voice off
	const input = { localModelId: 'llama3.2:3b', externalModelId: 'openrouter/gpt-4o-mini' };
	const table: { id: ProfileId; cfg?: TaskConfig; diff: [string, unknown, unknown, string][] }[] = [
		{
			id: 'laptop',
			diff: [
				['TASK_MODEL', '', 'llama3.2:3b', 'Local Task Model: the chat model (no task model) → llama3.2:3b'],
				['ENABLE_FOLLOW_UP_GENERATION', true, false, 'Follow Up Generation: on → off'],
			],
		},
		{
			id: 'battery',
			// In the server's key order (follow-ups came in 0.6.14, after the 0.5.0 keys).
			diff: [
				['ENABLE_TAGS_GENERATION', true, false, 'Tags Generation: on → off'],
				['ENABLE_SEARCH_QUERY_GENERATION', true, false, 'Web Search Query Generation: on → off'],
				['ENABLE_RETRIEVAL_QUERY_GENERATION', true, false, 'Retrieval Query Generation: on → off'],
				['ENABLE_FOLLOW_UP_GENERATION', true, false, 'Follow Up Generation: on → off'],
			],
		},
		{ id: 'hosted', diff: [['TASK_MODEL_EXTERNAL', '', 'openrouter/gpt-4o-mini', 'External Task Model: the chat model (no task model) → openrouter/gpt-4o-mini']] },
		{ id: 'all', diff: [['ENABLE_AUTOCOMPLETE_GENERATION', false, true, 'Autocomplete Generation: off → on']] },
		{
			id: 'battery',
			cfg: { ...defaultTaskConfig('0.5.0'), ENABLE_AUTOCOMPLETE_GENERATION: true },
			diff: [
				['ENABLE_AUTOCOMPLETE_GENERATION', true, false, 'Autocomplete Generation: on → off'],
				['ENABLE_TAGS_GENERATION', true, false, 'Tags Generation: on → off'],
				['ENABLE_SEARCH_QUERY_GENERATION', true, false, 'Web Search Query Generation: on → off'],
				['ENABLE_RETRIEVAL_QUERY_GENERATION', true, false, 'Retrieval Query Generation: on → off'],
			],
		},
	];
	for (const c of table) {
		it(`${c.id}${c.cfg ? ' on 0.5.0' : ''}: exact diff`, () => {
			const r = profileDiff(c.id, c.cfg ?? config, input);
			assert.equal(r.type, 'diff');
			if (r.type !== 'diff') return;
			assert.deepEqual(r.diff.map((d) => [d.field, d.from, d.to, `${d.label}: ${d.fromText} → ${d.toText}`]), c.diff);
			for (const k of Object.keys(r.changes)) assert.ok(k in (c.cfg ?? config), `${k} is not added`);
		});
	}

	it('battery keeps titles on and leaves the voice prompt alone', () => {
		const p = profileChanges('battery', { ...config, ENABLE_TITLE_GENERATION: false, ENABLE_VOICE_MODE_PROMPT: true });
		assert.equal(p.type === 'changes' && p.changes.ENABLE_TITLE_GENERATION, true);
		assert.equal(p.type === 'changes' && 'ENABLE_VOICE_MODE_PROMPT' in p.changes, false);
	});

	it('asks for the model a profile needs', () => {
		assert.deepEqual(profileChanges('laptop', config, {}), { type: 'missingInput', message: 'The Laptop profile needs a light local model: pull one first.' });
		assert.equal(profileChanges('hosted', config, {}).type, 'missingInput');
		assert.deepEqual(listProfiles().map((p) => [p.id, p.label, p.needs]), [
			['laptop', 'Laptop / low memory', 'localModel'],
			['battery', 'On battery', undefined],
			['hosted', 'Hosted tasks', 'externalModel'],
			['all', 'All features', undefined],
		]);
	});

	it('an applied profile leaves nothing more to change', () => {
		assert.deepEqual(diff(config, {}), []);
		const p = profileChanges('all', config);
		assert.ok(p.type === 'changes');
		assert.deepEqual(diff({ ...config, ...p.changes }, p.changes), []);
	});

	describe('applied through the write protocol', () => {
		let h: Harness | undefined;
		afterEach(async () => {
			await h?.stop();
			h = undefined;
		});
		it('laptop: the POST body is the previous config with exactly the diff applied', async () => {
			h = await harness();
			const previous = structuredClone(h.fake.state.taskConfig);
			const p = profileDiff('laptop', previous, input);
			assert.ok(p.type === 'diff');
			const r = await new TaskConfigService(h.deps()).update(p.changes, { base: previous });
			assert.equal(r.type, 'written');
			const expected: TaskConfig = { ...previous };
			for (const d of p.diff) expected[d.field] = d.to;
			assert.deepEqual(h.posts(), [expected]);
			assert.deepEqual(r.type === 'written' && r.changes.map((c) => c.field), p.diff.map((d) => d.field));
		});
	});
});
