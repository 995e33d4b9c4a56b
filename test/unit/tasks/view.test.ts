import assert from 'node:assert/strict';
import { taskConfigDeps, usageCheckApi } from '../../../src/tasks/adapters';
import { TaskHistory, undoLastChange } from '../../../src/tasks/history';
import { TaskConfigService, type FailureReason } from '../../../src/tasks/taskConfig';
import { checkUsage } from '../../../src/tasks/usageCheck';
import { actionsFor, buildTasksView } from '../../../src/tasks/view';
import { openWebuiExternalModel, openWebuiOllamaModel, userToken } from '../../fakes/fakeOpenWebui';
import { harness, MemoryMemento, type Harness } from './helpers';

describe('tasks/view and adapters against the fake Open WebUI (unit)', () => {
	let h: Harness | undefined;
	afterEach(async () => {
		await h?.stop();
		h = undefined;
	});
	const models = [openWebuiOllamaModel('llama3.1:8b'), openWebuiOllamaModel('llama3.2:3b')];

	it('admin: slots, warnings, automations, max length and undo in one snapshot', async () => {
		h = await harness({ state: { models } });
		const history = new TaskHistory(new MemoryMemento());
		const service = new TaskConfigService(taskConfigDeps(h.client, { history, role: () => 'admin' }));
		await service.update({ TASK_MODEL: 'llama3.2:3b', TASK_MODEL_EXTERNAL: 'gone-model', ENABLE_AUTOCOMPLETE_GENERATION: true });
		const view = buildTasksView({ load: await service.load(), models, serverVersion: '0.11.4', isAdmin: true, history: history.list(h.client.baseUrl) });
		assert.equal(view.status, 'ready');
		if (view.status !== 'ready') return;
		assert.equal(view.canWrite, true);
		assert.deepEqual(view.local, { field: 'TASK_MODEL', label: 'Local Task Model', id: 'llama3.2:3b', display: 'llama3.2:3b', warning: undefined, matters: true });
		assert.equal(view.external.matters, false);
		assert.match(view.external.warning ?? '', /"gone-model", but Open WebUI has no model with that id/);
		assert.equal(view.slot.need, 'local');
		assert.equal(view.automations[0].key, 'autocomplete');
		assert.equal(view.automations[0].enabled, true);
		assert.deepEqual(view.autocompleteMaxLength, { label: 'Autocomplete Generation Input Max Length', value: -1, display: 'no limit' });
		assert.match(view.undo?.summary ?? '', /^Local Task Model: Current Model → llama3\.2:3b, External Task Model: Current Model → gone-model, Autocomplete Generation: off → on$/);
		assert.equal(view.currentModelHint, 'Current Model: the chat model itself does this work.');

		// The adapters' history is keyed by the client's URL, so undo finds it.
		const r = await undoLastChange(history, service, h.client.baseUrl);
		assert.equal(r.type, 'restored');
		assert.equal(h.fake.state.taskConfig.TASK_MODEL, '');
	});

	it('non-admin: read-only with the reason; external slot matters for external chat models', async () => {
		const mixed = [...models, openWebuiExternalModel('openrouter/gpt-4o-mini')];
		h = await harness({ token: userToken, state: { models: mixed } });
		const service = new TaskConfigService(taskConfigDeps(h.client, { role: () => 'user' }));
		const view = buildTasksView({ load: await service.load(), models: mixed, serverVersion: '0.11.4', isAdmin: false });
		assert.equal(view.status === 'ready' && view.canWrite, false);
		assert.equal(view.status === 'ready' && view.readOnlyReason, 'Only an Open WebUI admin can change task settings; you are signed in as "user".');
		assert.equal(view.status === 'ready' && view.local.matters && view.external.matters, true);
	});

	it('errors carry the action that fixes them', async () => {
		h = await harness({ token: undefined });
		const view = buildTasksView({ load: await new TaskConfigService(taskConfigDeps(h.client)).load(), models: [] });
		assert.deepEqual(view, { status: 'error', reason: 'needsSignIn', message: 'Sign in to Open WebUI to read and change task settings (Not authenticated).', actions: ['signIn'] });
		assert.deepEqual(buildTasksView({ load: undefined, models: [] }), { status: 'loading' });
		const reasons: FailureReason[] = ['needsSignIn', 'readOnly', 'forbidden', 'tooOld', 'notOpenWebui', 'unreachable', 'timeout', 'aborted', 'rejected', 'other'];
		assert.deepEqual(reasons.map((r) => actionsFor(r).join('+')), ['signIn', '', 'signIn', 'configureConnection', 'configureConnection', 'retry+configureConnection', 'retry+configureConnection', '', 'retry+showLog', 'retry+showLog']);
	});

	it('usageCheckApi drives the real title endpoint', async () => {
		h = await harness({ state: { models } });
		h.fake.state.taskConfig = { ...h.fake.state.taskConfig, TASK_MODEL: 'llama3.2:3b' };
		const r = await checkUsage({ api: usageCheckApi(h.client, h.tasks), serverVersion: '0.11.4' });
		assert.equal(r.type, 'taskModel');
		assert.equal(r.type === 'taskModel' && r.chatModel, 'llama3.1:8b');
	});
});
