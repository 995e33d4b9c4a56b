// Open WebUI task settings end to end inside the extension host, against fakes started here: the
// task commands are called with arguments and `quiet: true` (no pop-ups, the result object comes
// back), and the fake's request log shows what really went over the wire. Every POST body must be
// exactly the config the server had just before (same keys, same order, unknown keys and nulls
// kept) with only the intended fields changed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TaskConfig } from '../../../src/clients/openWebuiTypes';
import type { ConnectionSnapshot } from '../../../src/connection/connectionService';
import { commandIds, settingKeys } from '../../../src/shared/ids';
import type { UndoResult } from '../../../src/tasks/history';
import type { UpdateResult } from '../../../src/tasks/taskConfig';
import { startFakeOllama, type FakeOllama } from '../../fakes/fakeOllama';
import {
	adminKey,
	defaultTaskConfig,
	openWebuiExternalModel,
	openWebuiOllamaModel,
	startFakeOpenWebui,
	userToken,
	type FakeOpenWebui,
} from '../../fakes/fakeOpenWebui';
import { activated, config, waitFor } from './helpers';

const UPDATE = '/api/v1/tasks/config/update';
const FORK_FIELD = 'X_FORK_TASK_QUOTA';

type Quiet = { quiet: true };
const setTaskModel = (a: { model?: string; slot?: 'local' | 'external' | 'both' } & Quiet) => vscode.commands.executeCommand<UpdateResult | undefined>(commandIds.setTaskModel, a);
const toggleAutomations = (a: { enable?: string[]; set?: Record<string, boolean> } & Quiet) => vscode.commands.executeCommand<UpdateResult | undefined>(commandIds.toggleAutomations, a);
const applyProfile = (a: { profile?: string; localModel?: string; externalModel?: string; confirm?: false } & Quiet) =>
	vscode.commands.executeCommand<UpdateResult | undefined>(commandIds.applyProfile, a);
const undoLastChange = (a: { force?: boolean } & Quiet) => vscode.commands.executeCommand<UndoResult>(commandIds.undoLastChange, a);
const refresh = () => vscode.commands.executeCommand<ConnectionSnapshot>(commandIds.refresh);
const signIn = (args: { apiKey?: string; email?: string; password?: string }) =>
	vscode.commands.executeCommand<{ ok: boolean; role?: string; message?: string }>(commandIds.signIn, args);

/**
 * The config as Open WebUI 0.12.4 returns it (its own key order: TASK_MODEL_PARAMS third), plus a
 * field a fork added in the middle, a custom multi-line prompt, a null and an external task model.
 */
function initialConfig(): TaskConfig {
	const base = defaultTaskConfig('0.12');
	const order = [
		'TASK_MODEL',
		'TASK_MODEL_EXTERNAL',
		'TASK_MODEL_PARAMS',
		'TITLE_GENERATION_PROMPT_TEMPLATE',
		'IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE',
		'ENABLE_AUTOCOMPLETE_GENERATION',
		'AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH',
		'AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE',
		FORK_FIELD,
		'TAGS_GENERATION_PROMPT_TEMPLATE',
		'FOLLOW_UP_GENERATION_PROMPT_TEMPLATE',
		'ENABLE_FOLLOW_UP_GENERATION',
		'ENABLE_TAGS_GENERATION',
		'ENABLE_TITLE_GENERATION',
		'ENABLE_SEARCH_QUERY_GENERATION',
		'ENABLE_RETRIEVAL_QUERY_GENERATION',
		'QUERY_GENERATION_PROMPT_TEMPLATE',
		'TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE',
		'ENABLE_VOICE_MODE_PROMPT',
		'VOICE_MODE_PROMPT_TEMPLATE',
	];
	const values: TaskConfig = {
		...base,
		TASK_MODEL_EXTERNAL: 'openrouter/mistral-small',
		TASK_MODEL_PARAMS: { temperature: 0.1, max_tokens: 64 },
		TITLE_GENERATION_PROMPT_TEMPLATE: 'Name this chat in 3 words.\n{{MESSAGES:END:2}}',
		AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: 200,
		[FORK_FIELD]: { per_hour: 30, burst: null },
		VOICE_MODE_PROMPT_TEMPLATE: null,
	};
	assert.deepEqual([...order].sort(), Object.keys(values).sort(), 'initialConfig covers exactly the 0.12 fields plus the fork field');
	return Object.fromEntries(order.map((k) => [k, values[k]]));
}

describe('tasks (integration-api)', () => {
	let ollama: FakeOllama;
	let openWebui: FakeOpenWebui;
	let initial: TaskConfig;
	const previous: Record<string, unknown> = {};
	const keys = [settingKeys.ollamaUrl, settingKeys.openWebuiUrl, settingKeys.ollamaVia];

	const posts = () => openWebui.requests.filter((r) => r.method === 'POST' && r.path === UPDATE);
	const snapshotConfig = (): TaskConfig => structuredClone(openWebui.state.taskConfig);

	/** Runs `cmd`, then checks that it sent exactly one POST: `before` with `changes`, nothing else. */
	async function expectOnePost<R>(cmd: () => Thenable<R>, changes: TaskConfig): Promise<{ result: R; before: TaskConfig; body: TaskConfig }> {
		const before = snapshotConfig();
		const from = posts().length;
		const result = await cmd();
		const sent = posts().slice(from);
		assert.equal(sent.length, 1, `POSTs to ${UPDATE}: ${sent.length}; result ${JSON.stringify(result)}`);
		const body = sent[0].body as TaskConfig;
		assert.deepEqual(Object.keys(body), Object.keys(before), 'same keys in the same order as the server had them');
		for (const k of Object.keys(changes)) assert.ok(k in before, `${k} is a field the server has`);
		assert.deepEqual(body, { ...before, ...changes }, 'the previous config with exactly the intended change');
		// Every field we did not mean to change is byte-for-byte what the server returned.
		for (const k of Object.keys(before).filter((x) => !(x in changes))) assert.equal(JSON.stringify(body[k]), JSON.stringify(before[k]), k);
		assert.deepEqual(openWebui.state.taskConfig, body, 'the fake accepted and stored the body');
		return { result, before, body };
	}

	function assertWritten(r: UpdateResult | undefined, body: TaskConfig, fields: string[]): asserts r is Extract<UpdateResult, { type: 'written' }> {
		assert.ok(r, 'the command returned no result');
		assert.equal(r.type, 'written', JSON.stringify(r));
		if (r.type !== 'written') return;
		assert.deepEqual(r.sent, body, 'result.sent is the body on the wire');
		assert.deepEqual(r.after, body, 'the server echoed what was sent');
		assert.deepEqual(r.mismatches, []);
		assert.deepEqual(r.skipped, []);
		assert.deepEqual(r.changes.map((c) => c.field).sort(), [...fields].sort());
	}

	async function signedInAs(role: 'admin' | 'user', credential: string): Promise<void> {
		assert.deepEqual(await signIn({ apiKey: credential }), { ok: true, role });
		// The sign-in's own refresh can be superseded by the one SecretStorage triggers: wait for the settled state.
		await waitFor(`signed in as ${role}`, async () => {
			const s = await refresh();
			return s.openWebui.kind === 'signedIn' && s.user?.role === role;
		});
	}

	before(async () => {
		await activated();
		ollama = await startFakeOllama();
		initial = initialConfig();
		openWebui = await startFakeOpenWebui({
			ollama: ollama.state,
			state: {
				version: '0.12.4',
				era: '0.12',
				extraFields: [FORK_FIELD],
				taskConfig: structuredClone(initial),
				models: [
					...['llama3.1:8b', 'qwen3:4b', 'llama3.2:3b'].map((n) => openWebuiOllamaModel(n)),
					openWebuiExternalModel('openrouter/mistral-small'),
				],
			},
		});
		for (const k of keys) previous[k] = config().inspect(k)?.globalValue;
		await config().update(settingKeys.ollamaVia, 'direct', vscode.ConfigurationTarget.Global);
		await config().update(settingKeys.ollamaUrl, ollama.url, vscode.ConfigurationTarget.Global);
		await config().update(settingKeys.openWebuiUrl, openWebui.url, vscode.ConfigurationTarget.Global);
		await waitFor('the extension checks the fake Open WebUI', () => openWebui.requests.some((r) => r.path === '/api/version'), 5_000);
		await signedInAs('admin', adminKey);
	});

	after(async () => {
		await vscode.commands.executeCommand(commandIds.signOut);
		for (const k of keys) await config().update(k, previous[k], vscode.ConfigurationTarget.Global);
		await ollama?.stop();
		await openWebui?.stop();
	});

	it('setTaskModel llama3.2:3b in the local slot: one POST, the whole config with only TASK_MODEL changed', async () => {
		const { result, before, body } = await expectOnePost(() => setTaskModel({ model: 'llama3.2:3b', slot: 'local', quiet: true }), { TASK_MODEL: 'llama3.2:3b' });
		assert.deepEqual(before, initial, 'the first write starts from the seeded config');
		assertWritten(result, body, ['TASK_MODEL']);
		assert.deepEqual(body.TASK_MODEL_PARAMS, { temperature: 0.1, max_tokens: 64 }, 'TASK_MODEL_PARAMS (optional in 0.12) is sent, not left to reset');
		assert.deepEqual(body[FORK_FIELD], { per_hour: 30, burst: null }, 'the unknown fork field is kept');
		assert.equal(body.VOICE_MODE_PROMPT_TEMPLATE, null, 'null stays null');
		assert.equal(body.TASK_MODEL_EXTERNAL, 'openrouter/mistral-small', 'the other slot is untouched');
		assert.match(result!.message, /Local Task Model: the chat model \(no task model\) → llama3\.2:3b/);
	});

	it('toggleAutomations autocomplete off → on: only ENABLE_AUTOCOMPLETE_GENERATION changes', async () => {
		assert.equal(openWebui.state.taskConfig.ENABLE_AUTOCOMPLETE_GENERATION, false, 'precondition');
		const { result, body } = await expectOnePost(() => toggleAutomations({ set: { autocomplete: true }, quiet: true }), { ENABLE_AUTOCOMPLETE_GENERATION: true });
		assertWritten(result, body, ['ENABLE_AUTOCOMPLETE_GENERATION']);
		assert.equal(body.TASK_MODEL, 'llama3.2:3b', 'the previous change is kept');
		assert.match(result!.message, /Autocomplete Generation: off → on/);
	});

	it('toggleAutomations with a value it already has sends nothing', async () => {
		const from = posts().length;
		const r = await toggleAutomations({ set: { autocomplete: true }, quiet: true });
		assert.equal(r?.type, 'unchanged', JSON.stringify(r));
		assert.equal(posts().length, from, 'no POST for a no-op');
	});

	it('undoLastChange restores autocomplete, then the task model, then has nothing left', async () => {
		const first = await expectOnePost(() => undoLastChange({ quiet: true }), { ENABLE_AUTOCOMPLETE_GENERATION: false });
		assert.equal(first.result.type, 'restored', JSON.stringify(first.result));
		assert.match(first.result.message, /Autocomplete Generation: on → off/);
		assert.equal(first.body.TASK_MODEL, 'llama3.2:3b', 'only the newest change is undone');

		const second = await expectOnePost(() => undoLastChange({ quiet: true }), { TASK_MODEL: '' });
		assert.equal(second.result.type, 'restored', JSON.stringify(second.result));
		assert.match(second.result.message, /Local Task Model: llama3\.2:3b → the chat model \(no task model\)/);
		// Back to the seeded values (the fake, like pydantic, answers in its own field order).
		assert.deepEqual(openWebui.state.taskConfig, initial);

		const from = posts().length;
		const third = await undoLastChange({ quiet: true });
		assert.equal(third.type, 'empty', JSON.stringify(third));
		assert.equal(posts().length, from);
	});

	it('applyProfile battery (confirm: false): every background task off but titles, nothing else', async () => {
		const battery = {
			ENABLE_AUTOCOMPLETE_GENERATION: false,
			ENABLE_FOLLOW_UP_GENERATION: false,
			ENABLE_TITLE_GENERATION: true,
			ENABLE_TAGS_GENERATION: false,
			ENABLE_SEARCH_QUERY_GENERATION: false,
			ENABLE_RETRIEVAL_QUERY_GENERATION: false,
		};
		const before = snapshotConfig();
		const changed = Object.keys(battery).filter((k) => before[k] !== battery[k as keyof typeof battery]);
		assert.deepEqual(changed.sort(), ['ENABLE_FOLLOW_UP_GENERATION', 'ENABLE_RETRIEVAL_QUERY_GENERATION', 'ENABLE_SEARCH_QUERY_GENERATION', 'ENABLE_TAGS_GENERATION'], 'precondition: the profile changes four switches');
		const { result, body } = await expectOnePost(() => applyProfile({ profile: 'battery', confirm: false, quiet: true }), battery);
		assertWritten(result, body, changed);
		assert.equal(body.ENABLE_VOICE_MODE_PROMPT, before.ENABLE_VOICE_MODE_PROMPT, 'the voice prompt switch starts no model call: the profile leaves it');
		assert.deepEqual(body.TASK_MODEL_PARAMS, before.TASK_MODEL_PARAMS);
		assert.deepEqual(body[FORK_FIELD], before[FORK_FIELD]);

		const undo = await expectOnePost(() => undoLastChange({ quiet: true }), Object.fromEntries(changed.map((k) => [k, before[k]])));
		assert.equal(undo.result.type, 'restored', JSON.stringify(undo.result));
		assert.deepEqual(openWebui.state.taskConfig, before);
	});

	it('a non-admin token: every change is "failed"/readOnly and nothing is POSTed', async () => {
		await signedInAs('user', userToken);
		try {
			const before = snapshotConfig();
			const from = posts().length;
			const results = [
				await setTaskModel({ model: 'llama3.2:3b', slot: 'local', quiet: true }),
				await toggleAutomations({ set: { autocomplete: true }, quiet: true }),
				await applyProfile({ profile: 'battery', confirm: false, quiet: true }),
			];
			for (const r of results) {
				assert.equal(r?.type, 'failed', JSON.stringify(r));
				assert.equal(r?.type === 'failed' && r.reason, 'readOnly', JSON.stringify(r));
				assert.match(r?.type === 'failed' ? r.message : '', /admin/i);
			}
			assert.equal(posts().length, from, 'no POST to the update path');
			assert.deepEqual(openWebui.state.taskConfig, before);
			// The user could still read the config (GET with the user token).
			await waitFor('a task-config read with the user token', () =>
				openWebui.requests.some((q) => q.method === 'GET' && q.path === '/api/v1/tasks/config' && q.authorization === `Bearer ${userToken}`),
			);
		} finally {
			await signedInAs('admin', adminKey);
		}
	});
});
