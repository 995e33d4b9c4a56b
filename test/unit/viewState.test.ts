import assert from 'node:assert/strict';
import { ConnectionService } from '../../src/connection/connectionService';
import { ModelsService } from '../../src/models/modelsService';
import { TaskSettings } from '../../src/tasks/taskSettings';
import { AppStore } from '../../src/state/appStore';
import { buildViewState } from '../../src/state/viewState';
import { silentLogger } from '../../src/util/logger';
import { startFakeOllama, type FakeOllama } from '../fakes/fakeOllama';
import { adminToken, openWebuiOllamaModel, startFakeOpenWebui, userToken, type FakeOpenWebui } from '../fakes/fakeOpenWebui';
import { english } from '../../src/shared/l10n';

// The services and the snapshot builder together, against the fakes: what the panel receives.
describe('view state from the services (unit, against the fakes)', () => {
	let ollama: FakeOllama;
	let owui: FakeOpenWebui;
	beforeEach(async () => {
		ollama = await startFakeOllama();
		owui = await startFakeOpenWebui({ ollama: ollama.state });
		owui.state.models = ['llama3.1:8b', 'qwen3:4b', 'llama3.2:3b'].map((n) => openWebuiOllamaModel(n));
	});
	afterEach(async () => {
		await ollama.stop();
		await owui.stop();
	});

	async function build(token: string | undefined) {
		const store = new AppStore();
		const conn = new ConnectionService({ ollamaUrl: ollama.url, openWebuiUrl: owui.url, via: 'auto', timeoutMs: 2000 }, { getToken: async () => token, log: silentLogger, t: english, state: store.writer('connection') });
		await conn.refresh();
		const memento = new Map<string, unknown>();
		const tasks = new TaskSettings({
			client: () => conn.openWebui,
			role: () => conn.snapshot.user?.role,
			version: () => '0.11.4',
			storage: { get: (k) => memento.get(k) as never, update: async (k, v) => void memento.set(k, v) },
			state: store.writer('tasks'),
			log: silentLogger,
			t: english,
		});
		const models = new ModelsService({
			client: () => conn.ollama,
			maxParameters: () => 4.5,
			taskModel: () => store.get('tasks')?.taskModel,
			budget: () => ({ freeRamBytes: 32 * 1024 ** 3 }),
			state: store.writer('models'),
			log: silentLogger,
			t: english,
		});
		await tasks.refresh();
		await models.refresh();
		const view = () => buildViewState(store, { maxParameters: 4.5, suggestedModels: ['llama3.2:3b', 'gemma3:1b'], t: english });
		return { conn, store, tasks, models, view };
	}

	it('admin: models with verdicts, the recommended candidate, writable task settings', async () => {
		const { view } = await build(adminToken);
		const v = view();
		assert.equal(v.models.status, 'ready');
		assert.deepEqual(v.models.rows.map((r) => r.name).sort(), ['llama3.1:8b', 'llama3.2:3b', 'nomic-embed-text:latest', 'qwen3:4b']);
		assert.equal(v.models.recommended, 'llama3.2:3b');
		assert.equal(v.models.verdicts['qwen3:4b'].candidate, true);
		assert.equal(v.models.verdicts['llama3.1:8b'].candidate, false);
		assert.equal(v.models.canManage, true);
		assert.deepEqual(v.models.suggestions.map((s) => [s.name, s.installed]), [['gemma3:1b', false], ['llama3.2:3b', true]]);
		assert.equal(v.tasks.status, 'ready');
		assert.equal(v.tasks.canWrite, true);
		assert.deepEqual(v.tasks.taskModel, { local: '', external: '' });
		assert.equal(v.tasks.slotNeed, 'local');
		assert.ok(v.tasks.automations.some((a) => a.key === 'autocomplete'));
		assert.equal(v.tasks.canUndo, false);
		// a task config without the key: the parameters are shown disabled with the version that has them
		assert.deepEqual(v.tasks.params, { available: false, message: 'This Open WebUI has no task model parameters (they need Open WebUI 0.11.1 or later).' });
	});

	it('task model parameters on a 0.12 server: values, summary and the uncapped warning', async () => {
		owui.state.era = '0.12';
		owui.state.taskConfig = { ...owui.state.taskConfig, TASK_MODEL_PARAMS: { temperature: 0.2, think: false } };
		const { view } = await build(adminToken);
		assert.deepEqual(view().tasks.params, {
			available: true,
			summary: 'temperature 0.2 · thinking off',
			warning: 'No max_tokens: Open WebUI does not cap title answers.',
			values: { max_tokens: null, temperature: 0.2, num_ctx: null, thinkingOff: true },
		});
	});

	it('a written task model highlights its row, shows in the view and can be undone', async () => {
		const { tasks, models, view } = await build(adminToken);
		const r = await tasks.update({ TASK_MODEL: 'llama3.2:3b' });
		assert.equal(r.type, 'written');
		models.rebuild();
		const v = view();
		assert.equal(v.tasks.taskModel.local, 'llama3.2:3b');
		assert.equal(v.models.rows.find((x) => x.name === 'llama3.2:3b')?.isTaskModel.local, true);
		assert.equal(v.tasks.canUndo, true);
		assert.match(v.tasks.lastChange ?? '', /Local Task Model/);
		const u = await tasks.undo();
		assert.equal(u.type, 'restored');
		assert.equal(owui.state.taskConfig.TASK_MODEL, '');
		assert.equal(view().tasks.canUndo, false);
	});

	it('non-admin: read-only with the reason; the write is never sent', async () => {
		const { tasks, view } = await build(userToken);
		const v = view();
		assert.equal(v.tasks.status, 'ready');
		assert.equal(v.tasks.canWrite, false);
		assert.match(v.tasks.readOnlyReason ?? '', /Only an Open WebUI admin can change task settings/);
		const r = await tasks.update({ ENABLE_TITLE_GENERATION: false });
		assert.equal(r.type, 'failed');
		assert.ok(!owui.requests.some((x) => x.path === '/api/v1/tasks/config/update'));
	});

	it('signed out: the tasks section asks to sign in instead of showing an empty list', async () => {
		const { view } = await build(undefined);
		const v = view();
		assert.equal(v.tasks.status, 'unavailable');
		assert.equal(v.tasks.action?.id, 'signIn');
		assert.equal(v.tasks.message, 'Sign in to Open WebUI to see and change its background tasks.');
	});

	it('Ollama down: models unavailable, not an empty list', async () => {
		await ollama.stop();
		const { view } = await build(userToken);
		const v = view();
		assert.equal(v.models.status, 'unavailable');
		assert.equal(v.models.rows.length, 0);
		assert.equal(v.models.canManage, false);
	});
});
