// Open WebUI task settings against every real Open WebUI release the harness starts, through the
// extension's own TaskSettings (write protocol, history/undo) on the real OpenWebuiClient, and the
// "is it used" check (checkUsage) running a real title task on the tiny model, in the local slot and,
// through an OpenAI-compatible connection (Ollama's /v1 with prefix_id "ext"), in the external one.
import assert from 'node:assert/strict';
import type { Context } from 'mocha';
import { OpenWebuiClient } from '../../src/clients/openWebui';
import type { TaskConfig } from '../../src/clients/openWebuiTypes';
import { TaskSettings, type TasksSlice } from '../../src/tasks/taskSettings';
import { automationChanges, taskModelChanges, type AutomationKey } from '../../src/tasks/automations';
import type { UpdateResult } from '../../src/tasks/taskConfig';
import { checkUsage } from '../../src/tasks/usageCheck';
import { silentLogger } from '../../src/util/logger';
import { MemoryMemento } from '../unit/tasks/helpers';
import { addExternalConnection, compareVersions, needCredential, needOllama, peers, SEED_MODELS, skipBecause, type OpenWebuiPeer } from './harness';
import { openWebuiVersions } from './harness/util';
import { english } from '../../src/shared/l10n';

// Both are the same tiny GGUF ("Hello from the tiny test model."); qwen3:4b plays the chat model.
const TASK_MODEL = SEED_MODELS[0].name; // llama3.2:3b
const CHAT_MODEL = SEED_MODELS[1].name; // qwen3:4b
// What an admin might have set in the web UI; 0.12.x resets it to null if a body leaves it out.
const PARAMS = { temperature: 0.1, max_tokens: 48 };
// Title tasks took 27-40 s on 2 CPUs with another suite running.
const USAGE_TIMEOUT_MS = 240_000;

const hasTaskModelParams = (v: string) => compareVersions(v, '0.12.0') >= 0;

const external = !!(process.env.OLLAMA_URL || process.env.OPEN_WEBUI_URL);
const slots: string[] = external ? (process.env.OPEN_WEBUI_URL ? ['existing'] : []) : openWebuiVersions();

function written(r: UpdateResult): Extract<UpdateResult, { type: 'written' }> {
	assert.equal(r.type, 'written', JSON.stringify(r));
	return r as Extract<UpdateResult, { type: 'written' }>;
}

/** The body must be `before` with exactly `changes`: same keys, same order, other values untouched. */
function assertExactChange(sent: TaskConfig, before: TaskConfig, changes: TaskConfig): void {
	assert.deepEqual(Object.keys(sent), Object.keys(before), 'same keys in the same order as the server had them');
	assert.deepEqual(sent, { ...before, ...changes });
}

for (const slot of slots) {
	const peerOf = (ctx: Context): OpenWebuiPeer => {
		const p = slot === 'existing' ? peers().openWebuis[0] : peers().openWebuis.find((o) => o.version === slot);
		if (!p) skipBecause(ctx, `Open WebUI ${slot} did not start`);
		if (!p!.managed) skipBecause(ctx, 'writes the task config; only on a harness-managed server');
		return p!;
	};

	describe(`e2e: tasks on real Open WebUI ${slot}`, function () {
		let peer: OpenWebuiPeer;
		let admin: OpenWebuiClient;
		let service: TaskSettings;
		let published: TasksSlice[];
		/** The server's config before this suite touched it (restored in after()). */
		let original: TaskConfig | undefined;
		/** The config each step starts from / ends with, for the undo checks. */
		let start: TaskConfig;
		let afterSet: TaskConfig;

		const mk = (token: string | undefined) => new OpenWebuiClient({ baseUrl: peer.url, timeoutMs: 30_000, token: () => token });
		const tasksService = (client: OpenWebuiClient, role: string | undefined, storage = new MemoryMemento()) =>
			new TaskSettings({
				client: () => client,
				role: () => role,
				version: () => peer.version,
				storage,
				state: { get: () => published.at(-1), set: (s) => void published.push(s) },
				log: silentLogger,
				t: english,
			});

		before(function () {
			peer = peerOf(this);
			admin = mk(needCredential(this, peer, 'adminToken'));
			published = [];
			service = tasksService(admin, 'admin');
		});

		after(async function () {
			if (original && admin) await admin.updateTaskConfig(original);
		});

		it('refresh: ready, admin may write, the release\'s field set, the local slot for Ollama chat models', async function () {
			needOllama(this, { managed: true });
			original = await admin.taskConfig();
			const s = await service.refresh();
			assert.equal(s.status, 'ready', s.message);
			assert.equal(published.at(-1), s, 'the slice is published');
			assert.equal(s.canWrite, true);
			assert.deepEqual(s.config, original);
			assert.equal('TASK_MODEL_PARAMS' in original, hasTaskModelParams(peer.version), `TASK_MODEL_PARAMS in ${peer.version}`);
			assert.deepEqual(s.taskModel, { local: '', external: '' }, 'a fresh server has "Current Model" in both slots');
			const keys = s.automations.map((a) => a.key);
			for (const k of ['autocomplete', 'title', 'tags', 'searchQuery', 'retrievalQuery'] as AutomationKey[]) assert.ok(keys.includes(k), `${k} in ${keys.join(',')}`);
			assert.equal(keys.includes('followUp'), compareVersions(peer.version, '0.6.14') >= 0);
			assert.equal(s.slot?.need, 'local', s.slot?.sentence);
			assert.ok(s.slot?.local.includes(TASK_MODEL) && s.slot.local.includes(CHAT_MODEL), JSON.stringify(s.slot));
			assert.ok(!s.slot?.local.includes('nomic-embed-text:latest'), 'the embedding model is no chat model');
			assert.deepEqual(s.missing, []);
		});

		it(`set the task model to ${TASK_MODEL}: the whole object round-trips${slot === 'existing' || hasTaskModelParams(slot) ? ', TASK_MODEL_PARAMS survives' : ''}`, async function () {
			if (!original) skipBecause(this, 'the first test did not run');
			if (hasTaskModelParams(peer.version)) {
				// As if an admin had set task-model parameters in the web UI (a whole-object write).
				const cur = await admin.taskConfig();
				await admin.updateTaskConfig({ ...cur, TASK_MODEL_PARAMS: PARAMS });
				assert.deepEqual((await admin.taskConfig()).TASK_MODEL_PARAMS, PARAMS, 'the server keeps TASK_MODEL_PARAMS');
				await service.refresh();
			}
			start = await admin.taskConfig();
			const r = written(await service.update(taskModelChanges('local', TASK_MODEL)));
			assert.deepEqual(r.before, start, 'the protocol re-read the current object');
			assertExactChange(r.sent, start, { TASK_MODEL });
			assert.deepEqual(r.mismatches, [], 'the answer is what was sent');
			assert.deepEqual(r.merged, []);
			assert.deepEqual(r.changes.map((c) => [c.field, c.from, c.to]), [['TASK_MODEL', '', TASK_MODEL]]);
			const reread = await admin.taskConfig();
			assert.deepEqual(reread, r.sent, 're-read equals sent');
			assert.deepEqual(Object.keys(reread), Object.keys(r.sent), 're-read has the same key order');
			if (hasTaskModelParams(peer.version)) assert.deepEqual(reread.TASK_MODEL_PARAMS, PARAMS, 'TASK_MODEL_PARAMS survives');
			assert.equal(service.current.taskModel.local, TASK_MODEL, 'the slice was refreshed');
			assert.deepEqual(service.current.missing, [], `${TASK_MODEL} exists in Open WebUI`);
			assert.equal(service.history.list(peer.url).length, 1);
			afterSet = reread;
		});

		it('toggle autocomplete: only ENABLE_AUTOCOMPLETE_GENERATION changes', async function () {
			if (!afterSet) skipBecause(this, 'the task model was not set');
			const was = afterSet.ENABLE_AUTOCOMPLETE_GENERATION;
			assert.equal(typeof was, 'boolean');
			const enabled = service.current.automations.filter((a) => (a.key === 'autocomplete' ? !was : a.enabled)).map((a) => a.key);
			const changes = automationChanges(service.current.config ?? {}, enabled);
			assert.deepEqual(changes, { ENABLE_AUTOCOMPLETE_GENERATION: !was }, 'the quick pick result maps to one field');
			const r = written(await service.update(changes));
			assertExactChange(r.sent, afterSet, changes);
			assert.deepEqual(r.mismatches, []);
			const reread = await admin.taskConfig();
			assert.deepEqual(reread, r.sent);
			assert.equal(service.current.automations.find((a) => a.key === 'autocomplete')?.enabled, !was);
			assert.equal(service.history.list(peer.url).length, 2);
		});

		it('undo restores exactly: first the toggle, then the task model; then nothing is left', async function () {
			if (!afterSet || service.history.list(peer.url).length !== 2) skipBecause(this, 'the two changes were not made');
			const u1 = await service.undo();
			assert.equal(u1.type, 'restored', JSON.stringify(u1));
			assert.match(u1.message, /Autocomplete Generation: (on → off|off → on)/);
			assert.deepEqual(await admin.taskConfig(), afterSet, 'back to the config after setting the task model');
			const u2 = await service.undo();
			assert.equal(u2.type, 'restored', JSON.stringify(u2));
			assert.match(u2.message, new RegExp(`Local Task Model: ${TASK_MODEL.replace(/\./g, '\\.')} → the chat model \\(no task model\\)`));
			const reread = await admin.taskConfig();
			assert.deepEqual(reread, start, 'back to the config before the first change');
			assert.deepEqual(Object.keys(reread), Object.keys(start));
			if (hasTaskModelParams(peer.version)) assert.deepEqual(reread.TASK_MODEL_PARAMS, PARAMS, 'undo did not reset TASK_MODEL_PARAMS either');
			assert.equal((await service.undo()).type, 'empty');
			assert.equal(service.current.taskModel.local, '');
		});

		it('a non-admin is read-only: the slice says so, a write is refused, nothing changes', async function () {
			const token = needCredential(this, peer, 'userToken');
			const before = await admin.taskConfig();
			const user = tasksService(mk(token), 'user');
			const s = await user.refresh();
			assert.equal(s.status, 'ready', s.message);
			assert.deepEqual(s.config, before, 'a user may read the task config');
			assert.equal(s.canWrite, false);
			assert.match(s.readOnlyReason ?? '', /Only an Open WebUI admin can change task settings; you are signed in as "user"/);
			const r = await user.update(taskModelChanges('local', TASK_MODEL));
			assert.equal(r.type === 'failed' && r.reason, 'readOnly', JSON.stringify(r));
			// Role not known yet: the write is attempted and the server's 401 still reads as read-only.
			const unknownRole = tasksService(mk(token), undefined);
			const r2 = await unknownRole.update({ ENABLE_AUTOCOMPLETE_GENERATION: !before.ENABLE_AUTOCOMPLETE_GENERATION });
			assert.equal(r2.type, 'failed', JSON.stringify(r2));
			assert.equal(r2.type === 'failed' && r2.reason, 'readOnly', JSON.stringify(r2));
			assert.match(r2.type === 'failed' ? r2.message : '', /permission/i, 'the server\'s own words');
			assert.equal(user.history.list(peer.url).length + unknownRole.history.list(peer.url).length, 0, 'nothing recorded for undo');
			assert.deepEqual(await admin.taskConfig(), before, 'the server config is unchanged');
		});

		describe('is the task model used', function () {
			this.timeout(USAGE_TIMEOUT_MS + 30_000);

			it(`the title task for ${CHAT_MODEL} is answered by the task model ${TASK_MODEL}; with "Current Model" by the chat model`, async function () {
				needOllama(this, { managed: true });
				if (!original) skipBecause(this, 'the first test did not run');
				written(await service.update(taskModelChanges('local', TASK_MODEL)));
				assert.equal((await admin.taskConfig()).ENABLE_TITLE_GENERATION ?? true, true, 'title generation is on');
				const t0 = Date.now();
				const used = await checkUsage({ api: admin, serverVersion: peer.version, chatModelId: CHAT_MODEL, timeoutMs: USAGE_TIMEOUT_MS, t: english });
				process.stderr.write(`  [e2e] open-webui ${peer.version}: usage check ${used.type} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${used.message}\n`);
				assert.equal(used.type, 'taskModel', used.message);
				if (used.type !== 'taskModel') return;
				assert.equal(used.chatModel, CHAT_MODEL);
				assert.equal(used.slot, 'local');
				assert.equal(used.answeredBy, TASK_MODEL);
				assert.match(used.message, new RegExp(`^${TASK_MODEL.replace(/\./g, '\\.')} answered the title task for chat model ${CHAT_MODEL} in [\\d.]+ s: Open WebUI uses the Local Task Model\\.$`));

				const undone = await service.undo();
				assert.equal(undone.type, 'restored', JSON.stringify(undone));
				const chat = await checkUsage({ api: admin, serverVersion: peer.version, chatModelId: CHAT_MODEL, timeoutMs: USAGE_TIMEOUT_MS, t: english });
				process.stderr.write(`  [e2e] open-webui ${peer.version}: usage check with "Current Model": ${chat.type}: ${chat.message}\n`);
				assert.equal(chat.type, 'chatModel', chat.message);
				assert.equal(chat.type === 'chatModel' && chat.reason, 'currentModel');
				assert.equal(chat.type === 'chatModel' && chat.answeredBy, CHAT_MODEL);
			});

			it('external slot: with an OpenAI-compatible connection, TASK_MODEL_EXTERNAL answers for an external chat model', async function () {
				const ollamaUrl = needOllama(this, { managed: true });
				if (!original) skipBecause(this, 'the first test did not run');
				const extTask = `ext.${TASK_MODEL}`;
				const extChat = `ext.${CHAT_MODEL}`;
				const before = await admin.taskConfig();
				const restore = await addExternalConnection(peer.url, needCredential(this, peer, 'adminToken'), ollamaUrl, 'ext');
				try {
					const s = await service.refresh();
					assert.equal(s.slot?.need, 'both', s.slot?.sentence);
					assert.ok(s.slot?.external.includes(extChat) && s.slot.external.includes(extTask), JSON.stringify(s.slot));
					assert.ok(s.slot?.local.includes(CHAT_MODEL), 'the Ollama models are still local');
					const r = written(await service.update(taskModelChanges('external', extTask)));
					assertExactChange(r.sent, before, { TASK_MODEL_EXTERNAL: extTask });
					assert.deepEqual(await admin.taskConfig(), r.sent);
					assert.deepEqual(service.current.missing, [], `${extTask} exists`);
					const t0 = Date.now();
					const used = await checkUsage({ api: admin, serverVersion: peer.version, chatModelId: extChat, timeoutMs: USAGE_TIMEOUT_MS, t: english });
					process.stderr.write(`  [e2e] open-webui ${peer.version}: external usage check ${used.type} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${used.message}\n`);
					// Open WebUI strips the connection's prefix_id before forwarding, so the answer names the
					// upstream id ("llama3.2:3b" for "ext.llama3.2:3b"): sameModel must accept that.
					assert.equal(used.type, 'taskModel', `${used.message} [answeredBy ${'answeredBy' in used ? used.answeredBy : '-'}]`);
					assert.equal(used.type === 'taskModel' && used.slot, 'external');
					assert.equal(used.type === 'taskModel' && used.chatModel, extChat);
				} finally {
					const undone = await service.undo();
					await restore();
					assert.equal(undone.type, 'restored', JSON.stringify(undone));
				}
				assert.deepEqual(await admin.taskConfig(), before, 'undo restored TASK_MODEL_EXTERNAL');
			});
		});
	});
}
