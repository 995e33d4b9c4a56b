// A hosted task model against every real Open WebUI release the harness starts: a SECOND real
// Ollama's OpenAI-compatible /v1 endpoint stands in for the hosted service. The extension's own
// modules add the connection (read-modify-write of /openai/config, undo), list its models, set one as
// the External Task Model, hide it from the chat picker, and a real title task must reach the second
// Ollama. Also: the update check answers on each release.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OpenWebuiClient } from '../../src/clients/openWebui';
import { OpenWebuiAdminClient } from '../../src/clients/openWebuiAdmin';
import { isHidden, setHidden, type VisibilityApi } from '../../src/hosted/modelVisibility';
import { addConnection, findConnection, modelsOfConnection, redactConfig, removeConnection, type OpenAiConfig, type OpenAiConfigApi } from '../../src/hosted/openaiConnections';
import { TaskSettings } from '../../src/tasks/taskSettings';
import { taskModelChanges } from '../../src/tasks/automations';
import { english as englishT } from '../../src/shared/l10n';
import { checkUsage } from '../../src/tasks/usageCheck';
import { silentLogger } from '../../src/util/logger';
import { updateState } from '../../src/versions/serverFeatures';
import { MemoryMemento } from '../unit/tasks/helpers';
import { standaloneSlice } from '../../src/state/appStore';
import { needCredential, needOllama, peers, SEED_MODELS, skipBecause, type OpenWebuiPeer } from './harness';
import { createModels, startOllama, type OllamaServer } from './harness/ollama';
import { ollamaBinary, openWebuiVersions } from './harness/util';

const HOSTED_TASK = 'tiny-hosted:latest';
const HOSTED_CHAT = 'chat-hosted:latest';
const PREFIX = 'hosted';
// Not a real secret: the second Ollama ignores it. It must still never show up in our logs.
const KEY = 'sk-e2e-hosted-key-0123456789';
const USAGE_TIMEOUT_MS = 240_000;

const external = !!(process.env.OLLAMA_URL || process.env.OPEN_WEBUI_URL);
const slots: string[] = external ? [] : openWebuiVersions();

describe('e2e: hosted task model (a second real Ollama as the OpenAI-compatible service)', function () {
	let second: OllamaServer | undefined;
	let dir: string | undefined;

	before(async function () {
		this.timeout(120_000);
		needOllama(this, { managed: true });
		const bin = ollamaBinary();
		if (!bin) skipBecause(this, 'no Ollama build in the cache');
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmt-e2e-hosted-'));
		second = await startOllama({ bin: bin!.bin, dir });
		const tiny = SEED_MODELS[0];
		await createModels(second.url, { version: second.version, registry: peers().registry }, [
			{ ...tiny, name: HOSTED_TASK },
			{ ...tiny, name: HOSTED_CHAT },
		]);
	});

	after(async function () {
		await second?.stop();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	for (const slot of slots) {
		describe(`on Open WebUI ${slot}`, function () {
			let peer: OpenWebuiPeer;
			let admin: OpenWebuiAdminClient;
			let client: OpenWebuiClient;
			let api: OpenAiConfigApi;
			let original: OpenAiConfig;
			let hostedUrl: string;

			before(function () {
				const p = peers().openWebuis.find((o) => o.version === slot);
				if (!p?.managed) skipBecause(this, `Open WebUI ${slot} is not a harness-managed server`);
				peer = p!;
				if (!second) skipBecause(this, 'the second Ollama did not start');
				const token = needCredential(this, peer, 'adminToken');
				const opts = { baseUrl: peer.url, timeoutMs: 30_000, token: () => token };
				admin = new OpenWebuiAdminClient(opts);
				client = new OpenWebuiClient(opts);
				api = { read: (s) => admin.openAiConfig(s), write: (c, s) => admin.updateOpenAiConfig(c, s) };
				hostedUrl = `${second!.url}/v1`;
			});

			after(async function () {
				// Leave the server as found even when a test failed half-way.
				if (admin && hostedUrl && findConnection(await admin.openAiConfig(), hostedUrl) >= 0) await removeConnection(api, hostedUrl);
			});

			it('the update check answers {current, latest} and reads as a state (offline: never a guess)', async function () {
				const answer = await admin.versionUpdates();
				assert.equal(answer.current, peer.version);
				const state = updateState(answer, peer.version);
				process.stderr.write(`  [e2e] open-webui ${slot}: /api/version/updates ${JSON.stringify(answer)} → ${state.kind}: ${state.message}\n`);
				// The harness runs Open WebUI offline: 0.12 says latest null (could not check), 0.6 says latest == current.
				assert.ok(state.kind === 'unknown' || state.kind === 'upToDate', state.message);
			});

			it('a stale read is a conflict: nothing is written', async function () {
				const current = await api.read();
				const stale = { ...current, OPENAI_API_BASE_URLS: [...((current.OPENAI_API_BASE_URLS as string[]) ?? []), 'http://127.0.0.1:9/v1'] };
				const r = await addConnection(api, { url: hostedUrl, key: KEY, prefix: PREFIX }, { base: stale, t: englishT });
				assert.equal(r.type, 'conflict', r.message);
				assert.deepEqual(await api.read(), current);
			});

			it('adds the connection, lists its models, pins one as External Task Model, hides it, and a real title task reaches the second Ollama; undo restores both configs', async function () {
				this.timeout(USAGE_TIMEOUT_MS + 60_000);
				original = await api.read();
				const added = await addConnection(api, { url: hostedUrl, key: KEY, prefix: PREFIX }, { base: original, t: englishT });
				assert.equal(added.type, 'added', added.message);
				const after = await api.read();
				const index = added.type === 'added' ? added.index : -1;
				// Read-modify-write: every connection that was there is still there, the new one appended with its key.
				assert.deepEqual((after.OPENAI_API_BASE_URLS as string[]).slice(0, index), original.OPENAI_API_BASE_URLS);
				assert.equal((after.OPENAI_API_KEYS as string[])[index], KEY);
				assert.equal(after.ENABLE_OPENAI_API, true);
				assert.doesNotMatch(JSON.stringify(redactConfig(after)), /sk-e2e/);

				const models = modelsOfConnection(await admin.refreshedModels(), index, PREFIX);
				process.stderr.write(`  [e2e] open-webui ${slot}: connection ${index} lists ${JSON.stringify(models)}\n`);
				const taskId = `${PREFIX}.${HOSTED_TASK}`;
				const chatId = `${PREFIX}.${HOSTED_CHAT}`;
				assert.ok(models.includes(taskId) && models.includes(chatId), JSON.stringify(models));

				const service = new TaskSettings({ client: () => client, role: () => 'admin', version: () => peer.version, storage: new MemoryMemento(), state: standaloneSlice(), log: silentLogger, t: englishT });
				const tasksBefore = await client.taskConfig();
				try {
					assert.equal((await service.refresh()).status, 'ready');
					const set = await service.update(taskModelChanges('external', taskId));
					assert.equal(set.type, 'written', JSON.stringify(set));

					// Hidden from the chat picker, the way Open WebUI's admin page does it; tasks still use it.
					const vis: VisibilityApi = { getRecord: (id, s) => admin.modelRecord(id, s), update: (b, s) => admin.updateModel(b, s), create: (b, s) => admin.createModel(b, s) };
					const hid = await setHidden(vis, { id: taskId, name: taskId }, true, { t: englishT });
					assert.equal(hid.type, 'changed', hid.message);
					const entry = (await admin.refreshedModels()).find((m) => m.id === taskId);
					assert.ok(isHidden(entry), `meta.hidden on ${taskId}: ${JSON.stringify(entry?.info ?? null).slice(0, 300)}`);

					const t0 = Date.now();
					const used = await checkUsage({ api: client, serverVersion: peer.version, chatModelId: chatId, timeoutMs: USAGE_TIMEOUT_MS, t: englishT });
					process.stderr.write(`  [e2e] open-webui ${slot}: hosted usage check ${used.type} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${used.message}\n`);
					assert.equal(used.type, 'taskModel', used.message);
					assert.equal(used.type === 'taskModel' && used.slot, 'external');
					// The title task really ran on the second Ollama: its /api/ps has the hosted task model loaded.
					const ps = (await (await fetch(`${second!.url}/api/ps`)).json()) as { models: { name: string }[] };
					assert.ok(ps.models.some((m) => m.name === HOSTED_TASK), JSON.stringify(ps));

					const shown = await setHidden(vis, { id: taskId }, false, { t: englishT });
					assert.equal(shown.type, 'changed', shown.message);
				} finally {
					const undone = await service.undo();
					assert.equal(undone.type, 'restored', JSON.stringify(undone));
					const removed = await removeConnection(api, hostedUrl, { t: englishT, enable: added.type === 'added' ? added.wasEnabled : undefined });
					assert.equal(removed.type, 'removed', removed.message);
				}
				assert.deepEqual(await client.taskConfig(), tasksBefore, 'task config restored');
				assert.deepEqual(await api.read(), original, 'OpenAI connections restored');
			});
		});
	}
});
