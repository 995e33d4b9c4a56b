// The one output channel. Components log through tagged children (util/logger.ts); nothing here
// ever receives a key or token: clients log method, path, status and duration only.
import * as vscode from 'vscode';
import { tagged, type Logger } from './util/logger';

export interface Log extends vscode.Disposable {
	for(component: string): Logger;
	show(): void;
}

export function createLog(): Log {
	const channel = vscode.window.createOutputChannel('Task Model Tuner', { log: true });
	return {
		for: (component) => tagged(channel, component),
		show: () => channel.show(true),
		dispose: () => channel.dispose(),
	};
}
