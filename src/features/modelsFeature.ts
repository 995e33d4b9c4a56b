// Models: keeps the models slice fresh and owns the model commands (delete, loaded models and
// unload; pull lives in pullFeature). Thin glue over models/modelsService.ts.
import * as vscode from 'vscode';
import type { ModelRow } from '../models/catalog';
import { ModelsService } from '../models/modelsService';
import type { CommandHandler } from '../commands';
import { commandIds } from '../shared/ids';
import type { ModelsIntent } from '../shared/protocol';
import type { FeatureContext } from './context';
import { DisposableStore } from '../util/disposableStore';

export interface ModelsFeature extends vscode.Disposable {
	readonly service: ModelsService;
	handleIntent(intent: ModelsIntent): Promise<unknown>;
	/** Registered by the composition root (commands.ts). */
	readonly commands: { readonly [commandIds.deleteModel]: CommandHandler; readonly [commandIds.showLoadedModels]: CommandHandler };
}

export function activateModels(ctx: FeatureContext): ModelsFeature {
	const { store, connection, t } = ctx;
	const log = ctx.log.for('models');
	const service = new ModelsService({
		client: () => connection.ollama,
		maxParameters: () => ctx.settings().candidatesMaxParameters,
		taskModel: () => {
			const tasks = store.get('tasks');
			return tasks?.status === 'ready' ? tasks.taskModel : undefined;
		},
		state: store.writer('models'),
		log,
		t,
	});

	const rows = () => service.current.rows;
	const row = (name: string) => rows().find((r) => r.name === name);

	async function unload(model: string): Promise<void> {
		const client = connection.ollama;
		if (!client) throw new Error(t('Ollama is not connected.'));
		await client.unload(model);
		log.info(`unloaded ${model}`);
	}

	async function unloadModels(names: readonly string[]): Promise<string[]> {
		const failed: string[] = [];
		await Promise.all(
			names.map((n) =>
				unload(n).catch((e) => {
					failed.push(`${n}: ${(e as Error).message}`);
				}),
			),
		);
		await service.refresh();
		if (failed.length) throw new Error(failed.join('\n'));
		return [...names];
	}

	async function deleteModel(arg?: string | { model: string; confirm?: boolean }): Promise<boolean> {
		const requested = typeof arg === 'string' ? arg : arg?.model;
		const skipConfirm = typeof arg === 'object' && arg.confirm === false;
		const name = requested ?? (await pickModel(rows(), t('Delete which model?'), t));
		if (!name) return false;
		const r = row(name);
		if (!skipConfirm) {
			const size = r ? r.sizeLabel : t('unknown size');
			const ok = await vscode.window.showWarningMessage(t('Delete {0}? This frees {1} on disk.', name, size), { modal: true }, t('Delete'));
			if (ok !== t('Delete')) return false;
			if (r && (r.isTaskModel.local || r.isTaskModel.external)) {
				const again = await vscode.window.showWarningMessage(
					t('{0} is Open WebUI\'s current task model. After deleting it, Open WebUI silently falls back to the chat model for titles, tags and autocomplete. Delete it anyway?', name),
					{ modal: true },
					t('Delete anyway'),
				);
				if (again !== t('Delete anyway')) return false;
			}
		}
		const client = connection.ollama;
		if (!client) {
			void vscode.window.showErrorMessage(t('Ollama is not connected.'));
			return false;
		}
		try {
			await client.delete(name);
			log.info(`deleted ${name}`);
			await service.refresh();
			return true;
		} catch (e) {
			const msg = t('Could not delete {0}: {1}', name, (e as Error).message);
			log.warn(msg);
			if (!skipConfirm) void vscode.window.showErrorMessage(msg);
			else throw new Error(msg);
			return false;
		}
	}

	async function showLoadedModels(arg?: { unload?: string; unloadAll?: boolean }): Promise<unknown> {
		if (arg?.unload) return unloadModels([arg.unload]);
		await service.refresh();
		const loaded = rows().filter((r) => r.loaded);
		if (arg?.unloadAll) return unloadModels(loaded.map((r) => r.name));
		type Item = vscode.QuickPickItem & { model?: string; all?: boolean };
		const unloadButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-stop'), tooltip: t('Unload') };
		const items: Item[] = loaded.map((r) => ({
			label: `$(hubot) ${r.name}`,
			description: [r.loaded!.memoryLabel, r.loaded!.processorLabel, r.loaded!.unloadsInLabel ? t('unloads in {0}', r.loaded!.unloadsInLabel) : undefined].filter(Boolean).join(' · '),
			detail: [r.isTaskModel.local || r.isTaskModel.external ? t('Open WebUI task model') : undefined, r.loaded!.contextLength ? t('context {0}', r.loaded!.contextLength) : undefined, t("GPU share is Ollama's planned split")]
				.filter(Boolean)
				.join(' · '),
			model: r.name,
			buttons: [unloadButton],
		}));
		if (loaded.length > 1) items.push({ label: `$(close-all) ${t('Unload all ({0})', loaded.length)}`, all: true });
		if (!loaded.length) {
			void vscode.window.showInformationMessage(t('Ollama has no model in memory right now.'));
			return [];
		}
		const qp = vscode.window.createQuickPick<Item>();
		qp.title = t('Models in memory');
		qp.placeholder = t('Pick a model to unload it, or Unload all');
		qp.items = items;
		const done = new Promise<unknown>((resolve) => {
			const run = (names: string[]) => {
				qp.hide();
				resolve(unloadModels(names).catch((e) => void vscode.window.showErrorMessage(t('Unload failed: {0}', (e as Error).message))));
			};
			qp.onDidTriggerItemButton((e) => e.item.model && run([e.item.model]));
			qp.onDidAccept(() => {
				const pick = qp.selectedItems[0];
				if (pick?.all) run(loaded.map((r) => r.name));
				else if (pick?.model) run([pick.model]);
			});
			qp.onDidHide(() => resolve(undefined));
		});
		qp.show();
		return done;
	}

	async function handleIntent(intent: ModelsIntent): Promise<unknown> {
		switch (intent.kind) {
			case 'refresh':
				return service.refresh();
			case 'delete':
				return deleteModel(intent.model);
			case 'unload':
				return unloadModels([intent.model]).catch((e) => void vscode.window.showErrorMessage(t('Unload failed: {0}', (e as Error).message)));
			case 'unloadAll':
				return unloadModels(rows().filter((r) => r.loaded).map((r) => r.name)).catch((e) => void vscode.window.showErrorMessage(t('Unload failed: {0}', (e as Error).message)));
			case 'pull':
				return vscode.commands.executeCommand(commandIds.pullModel, { model: intent.model, checkFit: true });
			case 'pullOther':
				return vscode.commands.executeCommand(commandIds.pullModel);
			case 'cancelPull':
			case 'dismissPull':
				return; // handled by the pull feature
		}
	}

	const disposables = new DisposableStore([
		// Connected or not: refresh publishes "unavailable" when Ollama is gone.
		connection.onDidChange(() => void service.refresh()),
		ctx.onDidChangeSettings(() => service.rebuild()),
	]);
	return {
		service,
		handleIntent,
		commands: { [commandIds.deleteModel]: deleteModel, [commandIds.showLoadedModels]: showLoadedModels },
		dispose: () => {
			service.dispose();
			disposables.dispose();
		},
	};
}

async function pickModel(rows: readonly ModelRow[], title: string, t: (m: string, ...a: (string | number)[]) => string): Promise<string | undefined> {
	const pick = await vscode.window.showQuickPick(
		rows.map((r) => ({ label: r.name, description: [r.sizeLabel, r.parametersLabel, r.quantization].filter(Boolean).join(' · '), detail: r.loaded ? t('loaded') : undefined })),
		{ title, matchOnDescription: true },
	);
	return pick?.label;
}
