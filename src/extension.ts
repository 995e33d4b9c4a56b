// Composition root: the only place that constructs services, views and their owners.
import * as vscode from 'vscode';
import { createClients } from './clients/factory';
import { normalizeBaseUrl } from './clients/http';
import { connectionCommands, openSettings, registerCommands, type CommandHandler } from './commands';
import { affects, readSettings, type Settings } from './config';
import { ConnectionService, type ConnectionSettings } from './connection/connectionService';
import type { BenchmarkFeature } from './features/benchmarkFeature';
import { createBenchmarkState } from './features/benchmarkSaved';
import type { FeatureContext } from './features/context';
import { activateModels } from './features/modelsFeature';
import type { PullFeature } from './features/pullFeature';
import { activateResources } from './features/resourcesFeature';
import type { TasksFeature } from './features/tasksFeature';
import { createTaskSettings } from './features/tasksState';
import { activateWalkthrough } from './features/walkthroughFeature';
import type { HostedFeature } from './features/hostedFeature';
import { activateServers } from './features/serversFeature';
import { onFirstUse } from './lazy';
import { createLog } from './log';
import { commandIds, panelViewId, secretKeys, settingKeys } from './shared/ids';
import type { ActionId } from './shared/protocol';
import { webviewStrings } from './shared/webviewStrings';
import { PanelProvider } from './sidebar/panelProvider';
import { AppStore } from './state/appStore';
import { connectSlices } from './state/reactions';
import { buildViewState } from './state/viewState';
import { ModelsStatusItem } from './statusBar/modelsItem';
import { assertNever } from './util/assert';

// The core: everything the first screen needs (connection, models, resources, the panel, the status
// bar, the task settings as read). dist/extension.js (main.ts) loads it right after activation;
// pulling, the benchmark and editing the task settings are their own bundles, loaded on first use.
export function activate(context: vscode.ExtensionContext): void {
	const log = createLog();
	const t = vscode.l10n.t;
	let settings = readSettings();
	const settingsChanged = new vscode.EventEmitter<Settings>();
	const store = new AppStore();
	// Every client is made by this factory, so every request reaches the log.
	const httpLog = log.for('http');
	const clients = createClients((e) => httpLog.info(`${e.peer} ${e.method} ${e.path} ${e.status ?? e.error ?? ''} ${e.ms} ms`));
	const connection = new ConnectionService(connectionSettings(settings), {
		getToken: (url) => Promise.resolve(context.secrets.get(secretKeys.openWebuiToken(normalizeBaseUrl(url)))),
		log: log.for('connection'),
		t,
		state: store.writer('connection'),
		clients,
	});
	const features: FeatureContext = { extension: context, store, connection, log, settings: () => settings, onDidChangeSettings: settingsChanged.event, t };

	const panel = new PanelProvider({
		extensionUri: context.extensionUri,
		getState: () => buildViewState(store, { maxParameters: settings.candidatesMaxParameters, suggestedModels: settings.suggestedModels, t }),
		strings: () => Object.fromEntries(Object.entries(webviewStrings).map(([k, v]) => [k, t(v)])),
		onMessage: (msg) => {
			switch (msg.type) {
				case 'action':
					return runAction(msg.action);
				case 'models':
					// Nothing to cancel or dismiss before the first pull loaded the pull feature.
					if (msg.intent.kind === 'cancelPull') return void pulls.loaded()?.cancel(msg.intent.id);
					if (msg.intent.kind === 'dismissPull') return pulls.loaded()?.dismiss(msg.intent.id);
					return void models.handleIntent(msg.intent);
				case 'tasks':
					if (msg.intent.kind === 'addHosted') return void vscode.commands.executeCommand(commandIds.addHostedConnection);
					if (msg.intent.kind === 'hideTaskModel') return void vscode.commands.executeCommand(commandIds.hideTaskModel, { slot: msg.intent.slot, hidden: msg.intent.hidden });
					return void tasks.get().handleIntent(msg.intent);
				case 'benchmark':
					return msg.intent.kind === 'run' ? void benchmark.get().run() : benchmark.loaded()?.cancel();
				default:
					return assertNever(msg, 'webview message');
			}
		},
		log: log.for('panel'),
	});
	const modelsItem = new ModelsStatusItem();
	const models = activateModels(features);
	const tasksState = createTaskSettings(features);
	const resources = activateResources(features, models.service);
	const benchmarkState = createBenchmarkState(features, () => benchmark.loaded()?.running() ?? false);
	// Loaded on first use, each from its own bundle (esbuild.mjs): a command or a panel intent loads it.
	const pulls = onFirstUse<PullFeature>(() => (require('./pull.js') as typeof import('./features/pullFeature')).activatePull(features, models.service));
	const tasks = onFirstUse<TasksFeature>(() => (require('./tasks.js') as typeof import('./features/tasksFeature')).activateTasks(features, models.service, tasksState.service));
	const hosted = onFirstUse<HostedFeature>(() => (require('./hosted.js') as typeof import('./features/hostedFeature')).activateHosted(features, { tasks: tasksState.service }));
	const benchmark = onFirstUse<BenchmarkFeature>(() =>
		(require('./benchmark.js') as typeof import('./features/benchmarkFeature')).activateBenchmark(features, models.service, tasksState.service, benchmarkState),
	);

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
		settingsChanged,
		connection,
		store,
		panel,
		modelsItem,
		vscode.window.registerWebviewViewProvider(panelViewId, panel),
		connectSlices(store, { models: models.service }),
		store.onDidChange((slice) => {
			if (slice === 'resources') return; // the resources item renders itself; the panel does not show it
			modelsItem.update(store);
			panel.update();
		}),
		models,
		tasksState,
		resources,
		pulls,
		tasks,
		benchmark,
		benchmarkState,
		hosted,
		activateServers(features),
		// Internal (the hosted feature's Undo and tests): not in package.json.
		vscode.commands.registerCommand('taskModelTuner.removeHostedConnection', (arg) => hosted.get().commands['taskModelTuner.removeHostedConnection']!(arg)),
		activateWalkthrough(store),
		// Every command, in one table; the lazy features load on their first command.
		...registerCommands({
			...connectionCommands({ connection, clients, secrets: context.secrets, settings: () => settings, showLog: () => log.show(), log: log.for('commands') }),
			...models.commands,
			[commandIds.pullModel]: (arg) => pulls.get().pullModel(arg),
			[commandIds.benchmarkCandidates]: (arg) => benchmark.get().benchmarkCandidates(arg),
			...tasksCommands((id, arg) => tasks.get().commands[id]!(arg)),
			[commandIds.addHostedConnection]: (arg) => hosted.get().commands[commandIds.addHostedConnection]!(arg),
			[commandIds.hideTaskModel]: (arg) => hosted.get().commands[commandIds.hideTaskModel]!(arg),
		}),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (!affects(e, ...Object.values(settingKeys))) return;
			const before = settings;
			settings = readSettings();
			settingsChanged.fire(settings);
			if (!sameConnection(before, settings)) void connection.updateSettings(connectionSettings(settings));
			else panel.update();
		}),
		context.secrets.onDidChange(() => void connection.refresh()),
	);
	modelsItem.update(store);
	void connection.refresh();
}

export function deactivate(): void {
	// Everything is in context.subscriptions.
}

/** The commands of the task-editing feature (dist/tasks.js), each loading it on first use. */
function tasksCommands(run: (id: string, arg?: unknown) => unknown) {
	const ids = [
		commandIds.setTaskModel,
		commandIds.toggleAutomations,
		commandIds.applyProfile,
		commandIds.setTaskModelParams,
		commandIds.undoLastChange,
		commandIds.copyTaskSettingsAsEnv,
		commandIds.checkTaskModel,
	] as const;
	return Object.fromEntries(ids.map((id) => [id, (arg?: unknown) => run(id, arg)])) as Record<(typeof ids)[number], CommandHandler>;
}

function connectionSettings(s: Settings): ConnectionSettings {
	return { ollamaUrl: s.ollamaUrl, openWebuiUrl: s.openWebuiUrl, via: s.ollamaVia, timeoutMs: s.requestTimeoutMs, streamIdleMs: s.pullIdleTimeoutMs };
}

function sameConnection(a: Settings, b: Settings): boolean {
	return a.ollamaUrl === b.ollamaUrl && a.openWebuiUrl === b.openWebuiUrl && a.ollamaVia === b.ollamaVia && a.requestTimeoutMs === b.requestTimeoutMs && a.pullIdleTimeoutMs === b.pullIdleTimeoutMs;
}
