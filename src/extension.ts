// Composition root: the only place that constructs services, views and their owners.
import * as vscode from 'vscode';
import { normalizeBaseUrl } from './clients/http';
import { openSettings, registerCommands } from './commands';
import { affects, readSettings, type Settings } from './config';
import { ConnectionService, type ConnectionSettings } from './connection/connectionService';
import type { BenchmarkFeature } from './features/benchmarkFeature';
import { showSavedBenchmark } from './features/benchmarkSaved';
import type { FeatureContext } from './features/context';
import { activateModels } from './features/modelsFeature';
import type { PullFeature } from './features/pullFeature';
import { activateResources } from './features/resourcesFeature';
import type { TasksFeature } from './features/tasksFeature';
import { createTasksService } from './features/tasksState';
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
	const connection = new ConnectionService(
		connectionSettings(settings),
		(url) => Promise.resolve(context.secrets.get(secretKeys.openWebuiToken(normalizeBaseUrl(url)))),
		log.for('connection'),
		t,
	);
	const store = new AppStore({ connection: connection.snapshot });
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
	const tasksState = createTasksService(features);
	const resources = activateResources(features, models.service);
	// Loaded on first use, each from its own bundle (esbuild.mjs): a command or a panel intent loads it.
	const pulls = onFirstUse<PullFeature>(() => (require('./pull.js') as typeof import('./features/pullFeature')).activatePull(features, models.service));
	const tasks = onFirstUse<TasksFeature>(() => (require('./tasks.js') as typeof import('./features/tasksFeature')).activateTasks(features, models.service, tasksState.service));
	const benchmark = onFirstUse<BenchmarkFeature>(() =>
		(require('./benchmark.js') as typeof import('./features/benchmarkFeature')).activateBenchmark(features, models.service, tasksState.service),
	);
	const hosted = onFirstUse<HostedFeature>(() => (require('./hosted.js') as typeof import('./features/hostedFeature')).activateHosted(features, { tasks: tasksState.service }));
	const lazyCommand = (id: string, run: (arg?: any) => unknown) => vscode.commands.registerCommand(id, run);

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
		connection.onDidChange((s) => store.set('connection', s)),
		store.onDidChange((slice) => {
			if (slice === 'resources') return; // the resources item renders itself; the panel does not show it
			// The task model ids decide which rows are highlighted.
			if (slice === 'tasks') models.service.rebuild();
			modelsItem.update(store);
			panel.update();
		}),
		models,
		tasksState,
		resources,
		pulls,
		tasks,
		benchmark,
		showSavedBenchmark(features, () => benchmark.loaded()?.running() ?? false),
		lazyCommand(commandIds.pullModel, (arg) => pulls.get().pullModel(arg)),
		lazyCommand(commandIds.benchmarkCandidates, (arg) => benchmark.get().benchmarkCandidates(arg)),
		...tasksCommandIds.map((id) => lazyCommand(id, (arg) => tasks.get().commands[id]!(arg))),
		hosted,
		...hostedCommandIds.map((id) => lazyCommand(id, (arg) => hosted.get().commands[id]!(arg))),
		activateServers(features),
		activateWalkthrough(store),
		...registerCommands({ connection, secrets: context.secrets, settings: () => settings, showLog: () => log.show(), log: log.for('commands') }),
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

/** The commands of the task-editing feature (dist/tasks.js). */
const tasksCommandIds = [
	commandIds.setTaskModel,
	commandIds.toggleAutomations,
	commandIds.applyProfile,
	commandIds.setTaskModelParams,
	commandIds.undoLastChange,
	commandIds.copyTaskSettingsAsEnv,
	commandIds.checkTaskModel,
];

/** The hosted-task-model feature's commands (dist/hosted.js); the last one is internal (its Undo). */
const hostedCommandIds = [commandIds.addHostedConnection, commandIds.hideTaskModel, 'taskModelTuner.removeHostedConnection'];

function connectionSettings(s: Settings): ConnectionSettings {
	return { ollamaUrl: s.ollamaUrl, openWebuiUrl: s.openWebuiUrl, via: s.ollamaVia, timeoutMs: s.requestTimeoutMs, streamIdleMs: s.pullIdleTimeoutMs };
}

function sameConnection(a: Settings, b: Settings): boolean {
	return a.ollamaUrl === b.ollamaUrl && a.openWebuiUrl === b.openWebuiUrl && a.ollamaVia === b.ollamaVia && a.requestTimeoutMs === b.requestTimeoutMs && a.pullIdleTimeoutMs === b.pullIdleTimeoutMs;
}
