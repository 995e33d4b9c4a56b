// Hosted task model and hiding the task model, inside the extension host against fakes started
// here: the commands are called with arguments and `quiet: true`, the fake's state shows what Open
// WebUI kept. Error paths: bad URL, a non-admin, a stale connections config are refused and write nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VisibilityResult } from '../../../src/hosted/modelVisibility';
import type { ConnectionResult } from '../../../src/hosted/openaiConnections';
import { commandIds } from '../../../src/shared/ids';
import type { UpdateResult } from '../../../src/tasks/taskConfig';
import { startFakeOllama, type FakeOllama } from '../../fakes/fakeOllama';
import { adminKey, defaultTaskConfig, openWebuiOllamaModel, startFakeOpenWebui, userToken, type FakeOpenWebui } from '../../fakes/fakeOpenWebui';
import { activated, pointAtFakes, signedInAs, waitFor } from './helpers';

const URL_ = 'http://127.0.0.1:9/v1';
const KEY = 'sk-hosted-api-test-0123456789';
type AddResult = { connection: ConnectionResult; models?: string[]; taskModel?: UpdateResult } | undefined;
const addHosted = (a: Record<string, unknown>) => vscode.commands.executeCommand<AddResult>(commandIds.addHostedConnection, { quiet: true, confirm: false, ...a });
const hide = (a: Record<string, unknown>) => vscode.commands.executeCommand<VisibilityResult | undefined>(commandIds.hideTaskModel, { quiet: true, ...a });
const removeHosted = (url: string, enable?: unknown) => vscode.commands.executeCommand<ConnectionResult | undefined>('taskModelTuner.removeHostedConnection', { url, enable, undoTaskModel: true, quiet: true });

describe('hosted task model (integration-api)', () => {
	let ollama: FakeOllama;
	let openWebui: FakeOpenWebui;
	let restoreSettings: (() => Promise<void>) | undefined;
	const configPosts = () => openWebui.requests.filter((r) => r.method === 'POST' && r.path === '/openai/config/update').length;

	before(async () => {
		await activated();
		ollama = await startFakeOllama();
		openWebui = await startFakeOpenWebui({
			ollama: ollama.state,
			state: { version: '0.12.4', era: '0.12', taskConfig: defaultTaskConfig('0.12'), models: ['llama3.1:8b', 'llama3.2:3b'].map((n) => openWebuiOllamaModel(n)), openAiModels: { [URL_]: ['gpt-4o-mini'] } },
		});
		restoreSettings = await pointAtFakes({ ollama: ollama.url, openWebui: openWebui.url });
		await waitFor('the extension checks the fake Open WebUI', () => openWebui.requests.some((r) => r.path === '/api/version'), 5_000);
	});

	after(async () => {
		await vscode.commands.executeCommand(commandIds.signOut);
		await restoreSettings?.();
		await ollama?.stop();
		await openWebui?.stop();
	});

	it('a non-admin is refused before anything is read or written', async () => {
		await signedInAs('user', userToken);
		const r = await addHosted({ url: URL_, key: KEY, prefix: 'hosted' });
		assert.equal(r?.connection.type, 'failed');
		assert.match(r!.connection.message, /Only an Open WebUI admin/);
		assert.equal(openWebui.requests.filter((x) => x.path.startsWith('/openai/')).length, 0);
	});

	it('a bad URL is refused with what to type; nothing is written', async () => {
		await signedInAs('admin', adminKey);
		const r = await addHosted({ url: 'api.example.com', key: KEY, prefix: 'hosted' });
		assert.equal(r?.connection.type, 'failed');
		assert.match(r!.connection.message, /e\.g\. https:\/\/api\.example\.com\/v1/);
		assert.equal(configPosts(), 0);
	});

	it('adds the connection, lists its models, sets the External Task Model; the key reaches Open WebUI only; undo removes both', async () => {
		const r = await addHosted({ url: URL_, key: KEY, prefix: 'hosted', model: 'hosted.gpt-4o-mini' });
		assert.equal(r?.connection.type, 'added', JSON.stringify(r));
		assert.deepEqual(r?.models, ['hosted.gpt-4o-mini']);
		assert.equal(r?.taskModel?.type, 'written', JSON.stringify(r?.taskModel));
		assert.equal(openWebui.state.taskConfig.TASK_MODEL_EXTERNAL, 'hosted.gpt-4o-mini');
		assert.deepEqual(openWebui.state.openAiConfig?.OPENAI_API_KEYS, [KEY]);
		assert.equal(openWebui.state.openAiConfig?.ENABLE_OPENAI_API, true);
		// Nothing the extension returns carries the key (results may reach a log or the panel).
		assert.doesNotMatch(JSON.stringify(r), /sk-hosted-api-test/);

		const undone = await removeHosted(URL_, r?.connection.type === 'added' ? r.connection.wasEnabled : undefined);
		assert.equal(undone?.type, 'removed', JSON.stringify(undone));
		assert.deepEqual(openWebui.state.openAiConfig?.OPENAI_API_BASE_URLS, []);
		assert.equal(openWebui.state.openAiConfig?.ENABLE_OPENAI_API, false, 'the OpenAI API is off again, as it was');
		assert.equal(openWebui.state.taskConfig.TASK_MODEL_EXTERNAL, '', 'the task model is back');
	});

	it('hides the pinned task model from the chat picker and shows it again', async () => {
		const set = await vscode.commands.executeCommand<UpdateResult>(commandIds.setTaskModel, { model: 'llama3.2:3b', slot: 'local', quiet: true });
		assert.equal(set?.type, 'written', JSON.stringify(set));
		const hid = await hide({ slot: 'local', hidden: true });
		assert.equal(hid?.type, 'changed', JSON.stringify(hid));
		assert.equal(openWebui.state.modelRecords?.['llama3.2:3b']?.meta?.hidden, true);
		assert.equal((await hide({ slot: 'local', hidden: true }))?.type, 'unchanged');
		const shown = await hide({ slot: 'local', hidden: false });
		assert.equal(shown?.type, 'changed');
		assert.equal(openWebui.state.modelRecords?.['llama3.2:3b']?.meta?.hidden, false);
	});

	it('with no pinned task model there is nothing to hide', async () => {
		await vscode.commands.executeCommand(commandIds.setTaskModel, { model: '', slot: 'both', quiet: true });
		const r = await hide({});
		assert.equal(r?.type, 'unchanged');
		assert.match(r!.message, /No task model is pinned/);
	});
});
