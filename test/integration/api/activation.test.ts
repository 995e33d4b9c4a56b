// The manifest contract, checked in the running extension host: activation, commands, settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandIds, settingKeys } from '../../../src/shared/ids';
import { activated, config } from './helpers';

interface Manifest {
	activationEvents?: string[];
	main?: string;
	contributes?: {
		commands?: { command: string; title: string; category?: string }[];
		viewsContainers?: { activitybar?: { id: string }[] };
		views?: Record<string, { id: string; type?: string }[]>;
	};
}

describe('activation (integration-api)', () => {
	it('the extension is loaded, activates on startup and is active', async () => {
		const ext = await activated();
		assert.equal(ext.isActive, true);
		const pkg = ext.packageJSON as Manifest;
		assert.deepEqual(pkg.activationEvents, ['onStartupFinished']);
		assert.equal(pkg.main, './dist/extension.js');
	});

	it('the foundation commands are registered', async () => {
		await activated();
		const all = new Set(await vscode.commands.getCommands(true));
		const required = [commandIds.refresh, commandIds.configureConnection, commandIds.signIn, commandIds.signOut, commandIds.openPanel, commandIds.showLog];
		const missing = required.filter((id) => !all.has(id));
		assert.deepEqual(missing, [], `not registered: ${missing.join(', ')}`);
	});

	it('every contributed command is registered and in category "Task Model"', async () => {
		const ext = await activated();
		const contributed = (ext.packageJSON as Manifest).contributes?.commands ?? [];
		assert.ok(contributed.length > 0, 'package.json contributes no commands');
		const all = new Set(await vscode.commands.getCommands(true));
		for (const c of contributed) {
			assert.ok(all.has(c.command), `${c.command} is contributed but not registered`);
			assert.equal(c.category, 'Task Model', `${c.command} category`);
		}
	});

	it('the view container and webview view are contributed', async () => {
		const pkg = (await activated()).packageJSON as Manifest;
		assert.ok(pkg.contributes?.viewsContainers?.activitybar?.some((c) => c.id === 'taskModelTuner'), 'no activity-bar container taskModelTuner');
		const view = pkg.contributes?.views?.taskModelTuner?.find((v) => v.id === 'taskModelTuner.panel');
		assert.ok(view, 'no view taskModelTuner.panel in container taskModelTuner');
		assert.equal(view.type, 'webview');
	});

	it('settings have the contract defaults', async () => {
		await activated();
		const c = config();
		const defaults: Record<string, unknown> = {
			[settingKeys.ollamaUrl]: 'http://127.0.0.1:11434',
			[settingKeys.ollamaVia]: 'auto',
			[settingKeys.openWebuiUrl]: 'http://localhost:3000',
			[settingKeys.candidatesMaxParameters]: 4.5,
			[settingKeys.suggestedModels]: ['llama3.2:3b', 'qwen2.5:3b', 'gemma3:1b', 'qwen2.5:1.5b', 'llama3.2:1b'],
			[settingKeys.statusBarEnabled]: true,
			[settingKeys.statusBarIntervalMs]: 2000,
			[settingKeys.requestTimeoutMs]: 10000,
		};
		for (const [key, value] of Object.entries(defaults)) {
			assert.deepEqual(c.inspect(key)?.defaultValue, value, `default of taskModelTuner.${key}`);
		}
	});
});
