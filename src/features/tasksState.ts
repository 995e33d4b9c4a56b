// Open WebUI's task settings as the panel shows them: read on every connection change. Part of the
// core bundle; editing them (tasksFeature.ts, dist/tasks.js) loads on first use.
import * as vscode from 'vscode';
import { TasksService } from '../services/tasksService';
import type { FeatureContext } from './context';

export function createTasksService(ctx: FeatureContext): { readonly service: TasksService } & vscode.Disposable {
	const { store, connection, t } = ctx;
	const service = new TasksService({
		client: () => connection.openWebui,
		role: () => connection.snapshot.user?.role,
		version: () => ('version' in connection.snapshot.openWebui ? connection.snapshot.openWebui.version : undefined),
		storage: ctx.extension.globalState,
		publish: (slice) => store.set('tasks', slice),
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
