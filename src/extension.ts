// Composition root: the only place that constructs services, views and clients' owners.
import * as vscode from 'vscode';
import { normalizeBaseUrl } from './clients/http';
import { openSettings, registerCommands } from './commands';
import { affects, readSettings, type Settings } from './config';
import { ConnectionService, type ConnectionSettings } from './connection/connectionService';
import { createLog } from './log';
import { commandIds, panelViewId, secretKeys, settingKeys } from './shared/ids';
import type { ActionId, ViewState } from './shared/protocol';
import { webviewStrings } from './shared/webviewStrings';
import { PanelProvider } from './sidebar/panelProvider';
import { ModelsStatusItem } from './statusBar/modelsItem';
import { assertNever } from './util/assert';

export function activate(context: vscode.ExtensionContext): void {
	const log = createLog();
	let settings = readSettings();
	const connection = new ConnectionService(
		connectionSettings(settings),
		(url) => Promise.resolve(context.secrets.get(secretKeys.openWebuiToken(normalizeBaseUrl(url)))),
		log.for('connection'),
		vscode.l10n.t,
	);

	const viewState = (): ViewState => {
		const s = connection.snapshot;
		return { ollama: s.ollama, openWebui: s.openWebui, checkedAt: s.checkedAt };
	};
	const panel = new PanelProvider({
		extensionUri: context.extensionUri,
		getState: viewState,
		strings: () => Object.fromEntries(Object.entries(webviewStrings).map(([k, v]) => [k, vscode.l10n.t(v)])),
		onMessage: (msg) => {
			switch (msg.type) {
				case 'action':
					return runAction(msg.action);
				default:
					return assertNever(msg.type, 'webview message');
			}
		},
		log: log.for('panel'),
	});
	const modelsItem = new ModelsStatusItem();

	function runAction(action: ActionId): void {
		switch (action) {
			case 'retry':
				return void vscode.commands.executeCommand(commandIds.refresh);
			case 'openSettings':
				return void openSettings();
			case 'configureConnection':
				return void vscode.commands.executeCommand(commandIds.configureConnection);
			case 'signIn':
				return void vscode.commands.executeCommand(commandIds.signIn);
			case 'signOut':
				return void vscode.commands.executeCommand(commandIds.signOut);
			case 'showLog':
				return log.show();
			default:
				return assertNever(action, 'action');
		}
	}

	context.subscriptions.push(
		log,
		connection,
		panel,
		modelsItem,
		vscode.window.registerWebviewViewProvider(panelViewId, panel),
		connection.onDidChange((s) => {
			modelsItem.update(s);
			panel.update();
		}),
		...registerCommands({ connection, secrets: context.secrets, settings: () => settings, showLog: () => log.show(), log: log.for('commands') }),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (!affects(e, ...Object.values(settingKeys))) return;
			const before = settings;
			settings = readSettings();
			if (affects(e, settingKeys.ollamaUrl, settingKeys.openWebuiUrl, settingKeys.ollamaVia, settingKeys.requestTimeoutMs) && !sameConnection(before, settings)) {
				void connection.updateSettings(connectionSettings(settings));
			}
		}),
		context.secrets.onDidChange(() => void connection.refresh()),
	);
	modelsItem.update(connection.snapshot);
	void connection.refresh();
}

export function deactivate(): void {
	// Everything is in context.subscriptions.
}

function connectionSettings(s: Settings): ConnectionSettings {
	return { ollamaUrl: s.ollamaUrl, openWebuiUrl: s.openWebuiUrl, via: s.ollamaVia, timeoutMs: s.requestTimeoutMs };
}

function sameConnection(a: Settings, b: Settings): boolean {
	return a.ollamaUrl === b.ollamaUrl && a.openWebuiUrl === b.openWebuiUrl && a.ollamaVia === b.ollamaVia && a.requestTimeoutMs === b.requestTimeoutMs;
}
