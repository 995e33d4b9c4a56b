import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandIds, panelViewId, settingKeys, settingsSection, statusBarIds, viewContainerId } from '../../src/shared/ids';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json matches the id tables in src/shared/ids.ts', () => {
	it('has the contract identity', () => {
		assert.equal(pkg.name, 'task-model-tuner');
		assert.equal(pkg.publisher, 'task-model-tuner');
		assert.equal(pkg.main, './dist/extension.js');
		assert.deepEqual(pkg.activationEvents, ['onStartupFinished']);
		assert.match(pkg.engines.vscode, /^\^1\.(9\d|100)\./);
		const typesVscode = JSON.parse(readFileSync(join(root, 'node_modules/@types/vscode/package.json'), 'utf8')).version as string;
		assert.ok(Number(typesVscode.split('.')[1]) <= 100, `@types/vscode ${typesVscode} must be ≤ 1.100`);
	});

	it('contributes exactly the commands of the table, each in category "Task Model"', () => {
		const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
		assert.deepEqual(contributed, Object.values(commandIds).sort());
		const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
		for (const c of pkg.contributes.commands) assert.equal(nls[c.category.replace(/%/g, '')], 'Task Model');
	});

	it('contributes the view container and the webview view', () => {
		assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, viewContainerId);
		assert.equal(pkg.contributes.viewsContainers.activitybar[0].icon, 'media/icon.svg');
		const view = pkg.contributes.views[viewContainerId][0];
		assert.equal(view.id, panelViewId);
		assert.equal(view.type, 'webview');
	});

	it('contributes exactly the settings of the table, with the contract defaults and descriptions', () => {
		const props = pkg.contributes.configuration.properties;
		assert.deepEqual(Object.keys(props).sort(), Object.values(settingKeys).map((k) => `${settingsSection}.${k}`).sort());
		const defaults: Record<string, unknown> = {
			'ollama.url': 'http://127.0.0.1:11434',
			'ollama.via': 'auto',
			'openWebui.url': 'http://localhost:3000',
			'candidates.maxParameters': 4.5,
			suggestedModels: ['llama3.2:3b', 'qwen2.5:3b', 'gemma3:1b', 'qwen2.5:1.5b', 'llama3.2:1b'],
			'statusBar.enabled': true,
			'statusBar.intervalMs': 2000,
			requestTimeoutMs: 10000,
			'pull.idleTimeoutSeconds': 60,
		};
		for (const [k, v] of Object.entries(defaults)) assert.deepEqual(props[`${settingsSection}.${k}`].default, v, k);
		for (const [k, p] of Object.entries(props)) assert.ok((p as { markdownDescription?: string }).markdownDescription, `${k} has no description`);
		assert.equal(props['taskModelTuner.statusBar.intervalMs'].minimum, 500);
		assert.equal(props['taskModelTuner.statusBar.intervalMs'].maximum, 60000);
	});

	it('the URL settings cannot come from a workspace (a cloned repository cannot point the sign-in elsewhere)', () => {
		const props = pkg.contributes.configuration.properties;
		for (const k of [settingKeys.ollamaUrl, settingKeys.openWebuiUrl]) assert.equal(props[`${settingsSection}.${k}`].scope, 'application', k);
	});

	it('menus only name contributed commands', () => {
		const ids = new Set(Object.values(commandIds) as string[]);
		for (const items of Object.values(pkg.contributes.menus ?? {}) as { command: string }[][]) for (const i of items) assert.ok(ids.has(i.command), i.command);
	});

	it('status-bar ids are namespaced', () => {
		for (const id of Object.values(statusBarIds)) assert.match(id, /^taskModelTuner\./);
	});
});
