import assert from 'node:assert/strict';
import { automationKeys, profileIds } from '../../src/shared/protocol';
import { parseWebviewMessage } from '../../src/sidebar/validateMessage';
import { automationSpecs } from '../../src/tasks/automations';
import { listProfiles } from '../../src/tasks/profiles';
import { escapeMd, renderModelsItem } from '../../src/statusBar/modelsText';
import { english } from '../../src/shared/l10n';

describe('webview messages are validated by the host', () => {
	const table: [unknown, unknown][] = [
		[{ type: 'ready' }, { type: 'ready' }],
		[{ type: 'action', action: 'signIn' }, { type: 'action', action: 'signIn' }],
		[{ type: 'action', action: 'rm -rf' }, undefined],
		[{ type: 'action' }, undefined],
		[{ type: 'nope' }, undefined],
		['ready', undefined],
		[null, undefined],
		[{ type: 'tasks', intent: { kind: 'applyFix', extra: 1 } }, { type: 'tasks', intent: { kind: 'applyFix' } }],
		[
			{ type: 'tasks', intent: { kind: 'setParams', values: { max_tokens: 64, temperature: null, num_ctx: 2048, thinkingOff: true, format: 'x' } } },
			{ type: 'tasks', intent: { kind: 'setParams', values: { max_tokens: 64, temperature: null, num_ctx: 2048, thinkingOff: true } } },
		],
		[{ type: 'tasks', intent: { kind: 'setParams', values: { max_tokens: '64', temperature: null, num_ctx: null, thinkingOff: true } } }, undefined],
		[{ type: 'tasks', intent: { kind: 'setParams', values: { max_tokens: null, temperature: null, num_ctx: null } } }, undefined],
		[{ type: 'tasks', intent: { kind: 'setParams', values: { max_tokens: Infinity, temperature: null, num_ctx: null, thinkingOff: false } } }, undefined],
		[{ type: 'tasks', intent: { kind: 'setParams' } }, undefined],
		[{ type: 'models', intent: { kind: 'refresh', extra: 1 } }, { type: 'models', intent: { kind: 'refresh' } }],
		[{ type: 'models', intent: { kind: 'pull', model: 'llama3.2:3b' } }, { type: 'models', intent: { kind: 'pull', model: 'llama3.2:3b' } }],
		[{ type: 'models', intent: { kind: 'delete', model: 'a b' } }, undefined],
		[{ type: 'models', intent: { kind: 'unload' } }, undefined],
		[{ type: 'models', intent: { kind: 'cancelPull', id: 'pull-3' } }, { type: 'models', intent: { kind: 'cancelPull', id: 'pull-3' } }],
		[{ type: 'models', intent: { kind: 'dismissPull', id: '../x' } }, undefined],
		[{ type: 'models', intent: { kind: 'format' } }, undefined],
		[{ type: 'models' }, undefined],
		[{ type: 'tasks', intent: { kind: 'undo' } }, { type: 'tasks', intent: { kind: 'undo' } }],
		[{ type: 'tasks', intent: { kind: 'setTaskModel' } }, { type: 'tasks', intent: { kind: 'setTaskModel' } }],
		[{ type: 'tasks', intent: { kind: 'setTaskModel', model: '<script>' } }, undefined],
		[{ type: 'tasks', intent: { kind: 'toggle', key: 'tags', enabled: false } }, { type: 'tasks', intent: { kind: 'toggle', key: 'tags', enabled: false } }],
		[{ type: 'tasks', intent: { kind: 'toggle', key: 'tags', enabled: 'no' } }, undefined],
		[{ type: 'tasks', intent: { kind: 'toggle', key: 'ENABLE_TAGS_GENERATION', enabled: true } }, undefined],
		[{ type: 'tasks', intent: { kind: 'applyProfile', profile: 'battery' } }, { type: 'tasks', intent: { kind: 'applyProfile', profile: 'battery' } }],
		[{ type: 'tasks', intent: { kind: 'applyProfile', profile: 'turbo' } }, undefined],
		[{ type: 'benchmark', intent: { kind: 'run' } }, { type: 'benchmark', intent: { kind: 'run' } }],
		[{ type: 'benchmark', intent: { kind: 'explode' } }, undefined],
		// Each slot has its own "Change the … Task Model…" button (issue 12).
		[{ type: 'tasks', intent: { kind: 'setTaskModel', slot: 'external' } }, { type: 'tasks', intent: { kind: 'setTaskModel', slot: 'external' } }],
		[{ type: 'tasks', intent: { kind: 'setTaskModel', slot: 'local', model: 'gemma3:1b' } }, { type: 'tasks', intent: { kind: 'setTaskModel', model: 'gemma3:1b', slot: 'local' } }],
		[{ type: 'tasks', intent: { kind: 'setTaskModel', slot: 'both!' } }, undefined],
	];
	for (const [input, want] of table) it(JSON.stringify(input), () => assert.deepEqual(parseWebviewMessage(input), want));

	it('the protocol lists every automation and profile the task modules know, and no other', () => {
		assert.deepEqual([...automationSpecs.map((a) => a.key)].sort(), [...automationKeys].sort());
		assert.deepEqual(listProfiles(english).map((p) => p.id).sort(), [...profileIds].sort());
	});
});

describe('models status item text', () => {
	const base = { openWebui: { kind: 'checking' as const, url: 'http://w' } };
	it('checking', () => {
		const r = renderModelsItem({ connection: { ...base, ollama: { kind: 'checking', url: 'http://o' } } }, english);
		assert.equal(r.text, '$(loading~spin) Ollama');
		assert.equal(r.warning, false);
	});
	it('connected direct', () => {
		const r = renderModelsItem({ connection: { ...base, ollama: { kind: 'connected', url: 'http://o', version: '0.24.0', via: 'direct', message: 'Ollama 0.24.0 at http://o' } } }, english);
		assert.equal(r.text, '$(hubot) Ollama 0.24.0');
		assert.equal(r.ariaLabel, 'Ollama 0.24.0 connected');
		assert.match(r.tooltip, /Ollama 0\.24\.0 at http:\/\/o/);
	});
	it('connected through the proxy says so', () => {
		const r = renderModelsItem({ connection: { ...base, ollama: { kind: 'connected', url: 'http://w', version: '0.24.0', via: 'openWebui', message: 'm' } } }, english);
		assert.equal(r.text, '$(hubot) Ollama 0.24.0 (via Open WebUI)');
	});
	it('offline is a warning', () => {
		const r = renderModelsItem({ connection: { ...base, ollama: { kind: 'unreachable', url: 'http://o', message: 'Ollama not reachable at http://o.', actions: [] } } }, english);
		assert.equal(r.text, '$(warning) Ollama offline');
		assert.equal(r.warning, true);
		assert.equal(r.ariaLabel, 'Ollama not reachable at http://o');
	});
	it('loaded models and the task model', () => {
		const connection = { ...base, ollama: { kind: 'connected' as const, url: 'http://o', version: '0.24.0', via: 'direct' as const, message: 'm' } };
		const loaded = [
			{ name: 'llama3.1:8b', memoryLabel: '6.2 GB', processorLabel: '100% GPU', unloadsInLabel: '4 min' },
			{ name: 'qwen2.5:3b', memoryLabel: '2.9 GB', processorLabel: '100% GPU' },
		];
		const r = renderModelsItem({ connection, loaded, taskModel: 'qwen2.5:3b' }, english);
		assert.equal(r.text, '$(hubot) 2 loaded · task: qwen2.5:3b');
		assert.match(r.tooltip, /- llama3\.1:8b: 6\.2 GB, 100% GPU, unloads in 4 min/);
		assert.equal(renderModelsItem({ connection, loaded: [] }, english).text, '$(hubot) 0 loaded');
		// No task model: named the same way as everywhere else, never Open WebUI's "Current Model".
		assert.ok(renderModelsItem({ connection, loaded, taskModel: '' }, english).tooltip.endsWith('Task model: the chat model \\(no task model\\)'));
		assert.equal(renderModelsItem({ connection, loaded: loaded.slice(0, 1) }, english).text, '$(hubot) 1 loaded');
	});
	it('server text cannot inject markdown or command links', () => {
		assert.equal(escapeMd('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
	});
});
