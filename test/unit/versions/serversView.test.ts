import assert from 'node:assert/strict';
import type { ConnectionSnapshot } from '../../../src/connection/connectionService';
import { emptyTasks } from '../../../src/tasks/taskSettings';
import { buildServersView, slotExtras } from '../../../src/state/serversView';
import { english } from '../../../src/shared/l10n';
import { updateState } from '../../../src/versions/serverFeatures';

const ollama = { kind: 'connected', url: 'http://127.0.0.1:11434', version: '0.24.0', via: 'direct', message: '' } as const;
const signedIn = (version: string): ConnectionSnapshot => ({
	ollama,
	openWebui: { kind: 'signedIn', url: 'http://localhost:3000', version, user: { name: 'Ada', role: 'admin' }, isAdmin: true, message: '', actions: [] },
});

describe('state/serversView (unit)', () => {
	it('versions and features come from the connection; Open WebUI\'s answer becomes the update line', () => {
		const v = buildServersView(signedIn('0.6.5'), updateState({ current: '0.6.5', latest: '0.12.4' }, '0.6.5'), english);
		assert.equal(v.openWebuiVersion, '0.6.5');
		assert.equal(v.ollamaVersion, '0.24.0');
		assert.deepEqual(v.update, { kind: 'available', message: 'Open WebUI 0.12.4 is available (you run 0.6.5).' });
		assert.equal(v.features.find((f) => f.id === 'proxyUnload')?.available, false);
		assert.equal(v.features.find((f) => f.id === 'psContext')?.available, true);
	});

	it('signed out: "could not check"; features still follow the public version', () => {
		const c: ConnectionSnapshot = { ollama, openWebui: { kind: 'signedOut', url: 'http://localhost:3000', version: '0.12.4', message: '', actions: [] } };
		const v = buildServersView(c, undefined, english);
		assert.deepEqual(v.update, { kind: 'unknown', message: 'Could not check for Open WebUI updates: sign in to Open WebUI to check' });
		assert.equal(v.features.find((f) => f.id === 'taskModelParams')?.available, true, 'the version is public even signed out');
	});

	it('while checking: no update line yet', () => {
		const c: ConnectionSnapshot = { ollama: { kind: 'checking', url: 'x' }, openWebui: { kind: 'checking', url: 'y' } };
		const v = buildServersView(c, undefined, english);
		assert.equal(v.update, undefined);
		assert.ok(v.features.every((f) => f.available === undefined));
	});

	it('slot labels and the hidden flag of the pinned models', () => {
		const tk = { ...emptyTasks, taskModel: { local: 'llama3.2:3b', external: '' }, models: [{ id: 'llama3.2:3b', info: { meta: { hidden: true } } }] };
		assert.deepEqual(slotExtras(tk, english), {
			slotLabels: { local: { kind: 'pinned', text: 'pinned to llama3.2:3b' }, external: { kind: 'follows', text: 'follows the chat model' } },
			hiddenInPicker: { local: true, external: undefined },
		});
	});
});
