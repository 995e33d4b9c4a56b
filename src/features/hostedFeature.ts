// A hosted task model: add an OpenAI-compatible connection to Open WebUI (read-modify-write of its
// OpenAI connections config, undo removes exactly that connection), list its models, set one as
// the External Task Model; and hide the task model from the chat model picker. Thin glue over
// src/hosted/*. The key goes from an input box straight into Open WebUI's config: it is never
// logged, stored in VS Code or sent to the webview.
import * as vscode from 'vscode';
import { OpenWebuiAdminClient } from '../clients/openWebuiAdmin';
import { setHidden, visibilityMessages, type VisibilityResult } from '../hosted/modelVisibility';
import { addConnection, checkBaseUrl, checkPrefix, hostedMessages, modelsOfConnection, removeConnection, type ConnectionResult, type OpenAiConfigApi } from '../hosted/openaiConnections';
import type { TaskSettings } from '../tasks/taskSettings';
import { commandIds } from '../shared/ids';
import type { UpdateResult } from '../tasks/taskConfig';
import type { FeatureContext } from './context';

export const hostedUiMessages = {
	adminOnly: 'Only an Open WebUI admin can add connections or hide models. Sign in with an admin account.',
	urlPrompt: 'Base URL of the OpenAI-compatible service (the part before /chat/completions)',
	keyPrompt: 'API key for that service; it is sent to Open WebUI only and not kept in VS Code',
	prefixPrompt: 'Prefix for its model ids in Open WebUI (optional; avoids clashes with other connections)',
	add: 'Add and continue',
	overwrite: 'Overwrite',
	undo: 'Undo',
	pickModel: 'Which model of {0} should run the background tasks?',
	noModels: 'Open WebUI lists no models for {0} yet: check the URL and key, or wait and run this again.',
	title: 'Add a hosted task model',
	whichSlot: 'Hide which task model?',
} as const;

type Quiet = { quiet?: boolean };

/** Internal (tests, the Undo button): not in the palette or package.json. */
export const removeHostedCommand = 'taskModelTuner.removeHostedConnection';

export interface HostedDeps {
	readonly tasks: TaskSettings;
}

export interface HostedFeature extends vscode.Disposable {
	/** By command id; extension.ts registers them and loads this bundle on first use. */
	readonly commands: Readonly<Record<string, (arg?: any) => Promise<unknown>>>;
}

export function activateHosted(ctx: FeatureContext, deps: HostedDeps): HostedFeature {
	const { connection, t } = ctx;
	const log = ctx.log.for('hosted');
	const m = hostedUiMessages;

	function admin(quiet?: boolean): OpenWebuiAdminClient | undefined {
		const client = connection.openWebui;
		if (client && connection.snapshot.user?.role === 'admin') return new OpenWebuiAdminClient(client.options);
		if (!quiet) void vscode.window.showWarningMessage(t(m.adminOnly));
		return undefined;
	}

	const configApi = (c: OpenWebuiAdminClient): OpenAiConfigApi => ({ read: (s) => c.openAiConfig(s), write: (cfg, s) => c.updateOpenAiConfig(cfg, s) });

	/**
	 * Add a connection, then set one of its models as the External Task Model. Arguments skip the
	 * prompts (tests, scripts); `confirm: false` skips the "what leaves the machine" dialog.
	 */
	async function addHosted(arg?: { url?: string; key?: string; prefix?: string; model?: string; confirm?: boolean } & Quiet): Promise<{ connection: ConnectionResult; models?: string[]; taskModel?: UpdateResult } | undefined> {
		const c = admin(arg?.quiet);
		if (!c) return arg?.quiet ? { connection: { type: 'failed', message: t(m.adminOnly) } } : undefined;
		const rawUrl = arg?.url ?? (await vscode.window.showInputBox({ title: t(m.title), prompt: t(m.urlPrompt), placeHolder: 'https://api.example.com/v1', ignoreFocusOut: true, validateInput: (v) => ('error' in checkBaseUrl(v, t) ? (checkBaseUrl(v, t) as { error: string }).error : undefined) }));
		if (rawUrl === undefined) return undefined;
		const url = checkBaseUrl(rawUrl, t);
		if ('error' in url) return fail(url.error, arg?.quiet);
		const key = arg?.key ?? (await vscode.window.showInputBox({ title: t(m.title), prompt: t(m.keyPrompt), password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : t(hostedMessages.emptyKey)) }));
		if (key === undefined) return undefined;
		if (!key.trim()) return fail(t(hostedMessages.emptyKey), arg?.quiet);
		const rawPrefix = arg?.prefix ?? (await vscode.window.showInputBox({ title: t(m.title), prompt: t(m.prefixPrompt), value: 'hosted', ignoreFocusOut: true, validateInput: (v) => ('error' in checkPrefix(v, t) ? (checkPrefix(v, t) as { error: string }).error : undefined) }));
		if (rawPrefix === undefined) return undefined;
		const prefix = checkPrefix(rawPrefix, t);
		if ('error' in prefix) return fail(prefix.error, arg?.quiet);
		if (arg?.confirm !== false && !arg?.quiet) {
			const add = t(m.add);
			const pick = await vscode.window.showWarningMessage(t(m.title), { modal: true, detail: t(hostedMessages.leavesMachine, url.url) }, add);
			if (pick !== add) return undefined;
		}
		const api = configApi(c);
		let base;
		try {
			base = await api.read();
		} catch (e) {
			return fail(errorText(e), arg?.quiet);
		}
		let result: ConnectionResult;
		try {
			result = await addConnection(api, { url: url.url, key: key.trim(), prefix: prefix.prefix }, { base, t });
			if (result.type === 'conflict' && !arg?.quiet) {
				const overwrite = t(m.overwrite);
				if ((await vscode.window.showWarningMessage(result.message, { modal: true }, overwrite)) === overwrite) result = await addConnection(api, { url: url.url, key: key.trim(), prefix: prefix.prefix }, { base, force: true, t });
			}
		} catch (e) {
			return fail(errorText(e), arg?.quiet);
		}
		log.info(`add connection ${url.url}: ${result.type}`); // the URL only; never the key
		if (result.type !== 'added' && result.type !== 'unchanged') {
			if (!arg?.quiet) void vscode.window.showErrorMessage(result.message);
			return { connection: result };
		}
		// Open WebUI caches its model list: ask for a fresh one, then find this connection's models.
		const all = await c.refreshedModels().catch(() => []);
		const index = result.type === 'added' ? result.index : -1;
		const models = index >= 0 ? modelsOfConnection(all, index, prefix.prefix) : all.filter((x) => prefix.prefix && x.id.startsWith(`${prefix.prefix}.`)).map((x) => x.id);
		await deps.tasks.refresh();
		if (!models.length) {
			if (!arg?.quiet) void vscode.window.showWarningMessage(`${result.message} ${t(m.noModels, url.url)}`);
			return { connection: result, models };
		}
		const model = arg?.model ?? (arg?.quiet ? undefined : await vscode.window.showQuickPick(models, { title: t(m.pickModel, url.url) }));
		if (!model) return { connection: result, models };
		const taskModel = await vscode.commands.executeCommand<UpdateResult | undefined>(commandIds.setTaskModel, { model, slot: 'external', quiet: true });
		if (!arg?.quiet) {
			const undo = t(m.undo);
			const text = [result.message, taskModel?.message].filter(Boolean).join(' ');
			const pick = await (taskModel?.type === 'failed' ? vscode.window.showErrorMessage(text, undo) : vscode.window.showInformationMessage(text, undo));
			if (pick === undo) await undoHosted({ url: url.url, undoTaskModel: taskModel?.type === 'written', enable: result.type === 'added' ? result.wasEnabled : undefined });
		}
		return { connection: result, models, taskModel };
	}

	/** Undo: the task-model change first (its own undo history), then remove the connection. */
	async function undoHosted(arg: { url: string; undoTaskModel?: boolean; enable?: unknown } & Quiet): Promise<ConnectionResult | undefined> {
		const c = admin(arg.quiet);
		if (!c) return undefined;
		if (arg.undoTaskModel) await vscode.commands.executeCommand(commandIds.undoLastChange, { quiet: true });
		const r = await removeConnection(configApi(c), arg.url, { t, enable: arg.enable }).catch((e: unknown) => ({ type: 'failed' as const, message: errorText(e) }));
		log.info(`remove connection ${arg.url}: ${r.type}`);
		await c.refreshedModels().catch(() => []);
		await deps.tasks.refresh();
		if (!arg.quiet) void (r.type === 'failed' ? vscode.window.showErrorMessage(r.message) : vscode.window.showInformationMessage(r.message));
		return r;
	}

	/** Hide (or show again) the pinned task model in the chat model picker. */
	async function hideTaskModel(arg?: { slot?: 'local' | 'external'; hidden?: boolean } & Quiet): Promise<VisibilityResult | undefined> {
		const c = admin(arg?.quiet);
		if (!c) return arg?.quiet ? { type: 'failed', hidden: false, message: t(m.adminOnly) } : undefined;
		const s = deps.tasks.current;
		const pinned = (['local', 'external'] as const).filter((k) => s.taskModel[k]);
		let slot = arg?.slot;
		if (!slot) {
			if (pinned.length <= 1) slot = pinned[0];
			else slot = (await vscode.window.showQuickPick(pinned.map((k) => ({ label: s.taskModel[k], slot: k })), { title: t(m.whichSlot) }))?.slot;
		}
		const id = slot ? s.taskModel[slot] : '';
		if (!id) {
			if (!arg?.quiet) void vscode.window.showInformationMessage(t(visibilityMessages.noTaskModel));
			return { type: 'unchanged', hidden: false, message: t(visibilityMessages.noTaskModel) };
		}
		const hidden = arg?.hidden ?? true;
		const entry = s.models.find((x) => x.id === id) ?? { id };
		const r = await setHidden({ getRecord: (i, sig) => c.modelRecord(i, sig), update: (b, sig) => c.updateModel(b, sig), create: (b, sig) => c.createModel(b, sig) }, { id, name: typeof entry.name === 'string' ? entry.name : undefined }, hidden, { t }).catch(
			(e: unknown): VisibilityResult => ({ type: 'failed', hidden: !hidden, message: errorText(e) }),
		);
		log.info(`${hidden ? 'hide' : 'show'} ${id}: ${r.type}`);
		await c.refreshedModels().catch(() => []);
		await deps.tasks.refresh();
		if (!arg?.quiet) {
			if (r.type === 'failed') void vscode.window.showErrorMessage(r.message);
			else if (r.type === 'unchanged') void vscode.window.showInformationMessage(r.message);
			else {
				const undo = t(m.undo);
				if ((await vscode.window.showInformationMessage(r.message, undo)) === undo) await hideTaskModel({ slot, hidden: !hidden });
			}
		}
		return r;
	}

	function fail(message: string, quiet?: boolean): { connection: ConnectionResult } {
		if (!quiet) void vscode.window.showErrorMessage(message);
		return { connection: { type: 'failed', message } };
	}

	return {
		commands: { [commandIds.addHostedConnection]: addHosted, [commandIds.hideTaskModel]: hideTaskModel, [removeHostedCommand]: undoHosted },
		dispose: () => undefined,
	};
}

function errorText(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}
