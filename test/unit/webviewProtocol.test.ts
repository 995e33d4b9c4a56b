import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/sidebar/validateMessage';
import { escapeMd, renderModelsItem } from '../../src/statusBar/modelsText';
import { english } from '../../src/util/l10n';

describe('webview messages are validated by the host', () => {
	const table: [unknown, unknown][] = [
		[{ type: 'ready' }, { type: 'ready' }],
		[{ type: 'action', action: 'signIn' }, { type: 'action', action: 'signIn' }],
		[{ type: 'action', action: 'rm -rf' }, undefined],
		[{ type: 'action' }, undefined],
		[{ type: 'nope' }, undefined],
		['ready', undefined],
		[null, undefined],
	];
	for (const [input, want] of table) it(JSON.stringify(input), () => assert.deepEqual(parseWebviewMessage(input), want));
});

describe('models status item text', () => {
	const base = { openWebui: { kind: 'checking' as const, url: 'http://w' } };
	it('checking', () => {
		const r = renderModelsItem({ ...base, ollama: { kind: 'checking', url: 'http://o' } }, english);
		assert.equal(r.text, '$(loading~spin) Ollama');
		assert.equal(r.warning, false);
	});
	it('connected direct', () => {
		const r = renderModelsItem({ ...base, ollama: { kind: 'connected', url: 'http://o', version: '0.24.0', via: 'direct', message: 'Ollama 0.24.0 at http://o' } }, english);
		assert.equal(r.text, '$(hubot) Ollama 0.24.0');
		assert.equal(r.ariaLabel, 'Ollama 0.24.0 connected');
		assert.match(r.tooltip, /Ollama 0\.24\.0 at http:\/\/o/);
	});
	it('connected through the proxy says so', () => {
		const r = renderModelsItem({ ...base, ollama: { kind: 'connected', url: 'http://w', version: '0.24.0', via: 'openWebui', message: 'm' } }, english);
		assert.equal(r.text, '$(hubot) Ollama 0.24.0 (via Open WebUI)');
	});
	it('offline is a warning', () => {
		const r = renderModelsItem({ ...base, ollama: { kind: 'unreachable', url: 'http://o', message: 'Ollama not reachable at http://o.', actions: [] } }, english);
		assert.equal(r.text, '$(warning) Ollama offline');
		assert.equal(r.warning, true);
		assert.equal(r.ariaLabel, 'Ollama not reachable at http://o');
	});
	it('server text cannot inject markdown or command links', () => {
		assert.equal(escapeMd('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
	});
});
