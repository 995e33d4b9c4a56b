// Pulls: the palette/panel command, one cancellable progress notification per pull, a status-bar
// item while any pull runs, and the pulls slice for the panel (so a reopened panel shows them).
import * as vscode from 'vscode';
import { confirmFits } from './fitGuard';
import { buildSuggestions, checkModelName, knownDownloadSizes } from '../models/suggestions';
import { describeProgress } from '../pull/progress';
import { PullManager, type PullInfo } from '../pull/pullManager';
import { commandIds } from '../shared/ids';
import type { FeatureContext } from './context';
import type { ModelsService } from '../models/modelsService';
import { PullStatusItem } from '../statusBar/pullItem';
import { DisposableStore } from '../util/disposableStore';

export interface PullFeature extends vscode.Disposable {
	/** The `taskModelTuner.pullModel` command: the composition root registers it and loads this
	 * feature (its own bundle, dist/pull.js) on the first call. */
	pullModel(arg?: string | { model: string; backend?: number }): Promise<PullInfo | undefined>;
	cancel(id: string): boolean;
	dismiss(id: string): void;
}

export function activatePull(ctx: FeatureContext, models: ModelsService): PullFeature {
	const { store, connection, t } = ctx;
	const state = store.writer('pulls');
	const log = ctx.log.for('pull');
	const manager = new PullManager({
		source: { pull: (model, opts) => requireClient().pull(model, opts) },
		t,
		onListenerError: (e) => log.error(e instanceof Error ? e : String(e)),
	});
	const notified = new Set<string>();
	const item = new PullStatusItem(t);

	function requireClient() {
		const c = connection.ollama;
		if (!c) throw new Error(t('Ollama is not connected.'));
		return c;
	}

	const publish = () => {
		const pulls = manager.snapshot();
		state.set(pulls);
		item.update(pulls);
	};

	/** undefined: one backend (or direct Ollama); null: the user cancelled the choice. */
	async function pickBackend(requested: number | undefined, interactive: boolean): Promise<number | undefined | null> {
		const client = connection.ollama;
		if (!client || client.route.kind !== 'openWebuiProxy') return undefined;
		if (requested !== undefined) return requested;
		// Open WebUI lists each model with the indexes of the backends (OLLAMA_BASE_URLS) that hold it.
		const indexes = [...new Set(models.current.tags.flatMap((m) => m.urls ?? []))].sort((a, b) => a - b);
		if (indexes.length <= 1 || !interactive) return undefined;
		const pick = await vscode.window.showQuickPick(
			indexes.map((i) => ({ label: t('backend {0}', i), description: t('{0} models', models.current.tags.filter((m) => m.urls?.includes(i)).length), index: i })),
			{ title: t('Open WebUI has several Ollama backends: pull to which one?') },
		);
		return pick ? pick.index : null;
	}

	async function pullModel(arg?: string | { model: string; backend?: number; checkFit?: boolean }): Promise<PullInfo | undefined> {
		const requested = typeof arg === 'string' ? arg : arg?.model;
		const model = requested ?? (await askModel());
		if (!model) return undefined;
		const name = checkModelName(model);
		if (!name) {
			const msg = t('"{0}" is not a model name Ollama accepts (e.g. llama3.2:3b).', model);
			if (requested === undefined) void vscode.window.showErrorMessage(msg);
			throw new Error(msg);
		}
		if (!connection.ollama) {
			const msg = t('Ollama is not connected.');
			void vscode.window.showErrorMessage(msg);
			return undefined;
		}
		const ollama = connection.ollama;
		// Asked from the palette or the panel: warn first when it would not fit beside the chat model.
		if ((requested === undefined || (typeof arg === 'object' && arg.checkFit)) && !(await confirmFits(models, name, { diskBytes: knownDownloadSizes[name], log: (x) => log.info(x), t }))) return undefined;
		// Several Ollama backends behind Open WebUI: ask which one gets the model.
		const backend = await pickBackend(typeof arg === 'object' ? arg.backend : undefined, requested === undefined);
		if (backend === null) return undefined;
		const info = backend === undefined ? manager.start(name) : manager.start(name, { source: ollama.withRoute({ kind: 'openWebuiProxy', backendIndex: backend }), backend: t('backend {0}', backend) });
		// start() returns the running pull for a model already downloading: one notification per pull.
		if (!notified.has(info.id)) {
			notified.add(info.id);
			log.info(`pull ${name} started (${info.id})`);
			void showProgress(info).then(() => notified.delete(info.id));
		}
		const final = await manager.wait(info.id);
		return final;
	}

	async function askModel(): Promise<string | undefined> {
		const installed = models.current.rows.map((r) => r.name);
		const suggestions = buildSuggestions(ctx.settings().suggestedModels, installed, t);
		type Item = vscode.QuickPickItem & { model?: string };
		const items: Item[] = [
			{ label: t('Suggested light models'), kind: vscode.QuickPickItemKind.Separator },
			...suggestions.filter((s) => !s.installed).map((s) => ({ label: `$(cloud-download) ${s.name}`, description: s.detail, model: s.name })),
		];
		const installedSuggestions = suggestions.filter((s) => s.installed);
		if (installedSuggestions.length) {
			items.push({ label: t('Already installed'), kind: vscode.QuickPickItemKind.Separator });
			items.push(...installedSuggestions.map((s) => ({ label: `$(check) ${s.name}`, description: s.detail, model: s.name })));
		}
		const qp = vscode.window.createQuickPick<Item>();
		qp.title = t('Pull a model from the Ollama library');
		qp.placeholder = t('Pick a light model, or type any model name (e.g. qwen2.5:3b)');
		qp.items = items;
		qp.matchOnDescription = true;
		return new Promise((resolve) => {
			qp.onDidChangeValue((v) => {
				const typed = v.trim();
				const extra = typed && !items.some((i) => i.model === typed) && checkModelName(typed) ? [{ label: `$(cloud-download) ${typed}`, description: t('pull this name'), model: typed, alwaysShow: true }] : [];
				qp.items = [...extra, ...items];
			});
			qp.onDidAccept(() => {
				const pick = qp.selectedItems[0];
				resolve(pick?.model ?? (qp.value.trim() || undefined));
				qp.hide();
			});
			qp.onDidHide(() => {
				resolve(undefined);
				qp.dispose();
			});
			qp.show();
		});
	}

	function showProgress(info: PullInfo): Thenable<void> {
		return vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: t('Pulling {0}', info.model), cancellable: true },
			async (progress, token) => {
				const cancel = token.onCancellationRequested(() => manager.cancel(info.id));
				let reported = 0;
				const sub = manager.onEvent((e) => {
					if (e.pull.id !== info.id || e.type === 'ended') return;
					const pct = Math.floor(e.pull.progress.fraction * 100);
					progress.report({ increment: Math.max(0, pct - reported), message: describeProgress(e.pull.progress, t) });
					reported = Math.max(reported, pct);
				});
				const final = await manager.wait(info.id);
				sub.dispose();
				cancel.dispose();
				if (!final) return;
				void announce(final);
			},
		);
	}

	async function announce(final: PullInfo): Promise<void> {
		log.info(`pull ${final.model}: ${final.state}${final.detail ? ` (${final.detail})` : ''}`);
		switch (final.state) {
			case 'succeeded': {
				await models.refresh();
				const setIt = t('Set as task model');
				const hasSetTaskModel = (await vscode.commands.getCommands(true)).includes(commandIds.setTaskModel);
				const pick = await vscode.window.showInformationMessage(final.message ?? t('{0} is ready.', final.model), ...(hasSetTaskModel ? [setIt] : []));
				if (pick === setIt) void vscode.commands.executeCommand(commandIds.setTaskModel, { model: final.model });
				return;
			}
			case 'cancelled':
				void vscode.window.showInformationMessage(final.message ?? t('Cancelled.'));
				return;
			case 'failed':
				void vscode.window.showErrorMessage(final.message ?? t('The download failed.'));
				return;
			case 'running':
				return;
		}
	}

	const disposables = new DisposableStore([
		item,
		manager.onEvent(() => publish()),
	]);
	publish();
	return {
		pullModel,
		cancel: (id) => manager.cancel(id),
		dismiss: (id) => {
			manager.dismiss(id);
			publish();
		},
		dispose: () => {
			// No orphaned stream: abort every running pull (Ollama keeps the partial download).
			manager.cancelAll();
			manager.dispose();
			disposables.dispose();
		},
	};
}
