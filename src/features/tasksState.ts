// Open WebUI's task settings as the panel shows them: read on every connection change. Part of the
// core bundle; editing them (tasksFeature.ts, dist/tasks.js) loads on first use.
import * as vscode from 'vscode';
import { TaskSettings } from '../tasks/taskSettings';
import type { FeatureContext } from './context';

export function createTaskSettings(ctx: FeatureContext): { readonly service: TaskSettings } & vscode.Disposable {
	const { store, connection, t } = ctx;
	const service = new TaskSettings({
		client: () => connection.openWebui,
		role: () => connection.snapshot.user?.role,
		version: () => ('version' in connection.snapshot.openWebui ? connection.snapshot.openWebui.version : undefined),
		storage: ctx.extension.globalState,
		state: store.writer('tasks'),
		log: ctx.log.for('tasks'),
		t,
		formatTime: (at) => new Date(at).toLocaleTimeString(vscode.env.language),
	});
	const sub = connection.onDidChange(() => void service.refresh());
	return {
		service,
		dispose: () => {
			sub.dispose();
			service.dispose();
		},
	};
}
