// Every command is registered here, from one table the composition root fills (a missing id does not
// compile), and the connection commands are handled here: thin glue from palette/arguments to the
// services. Every command works from the palette (input boxes / quick picks) and with arguments
// from code and tests.
import * as vscode from 'vscode';
import { checkUrl, isPeerError, normalizeBaseUrl } from './clients/http';
import type { Clients } from './clients/factory';
import type { OpenWebuiClient } from './clients/openWebui';
import { writeSetting, type Settings } from './config';
import type { ConnectionService, ConnectionSnapshot } from './connection/connectionService';
import { describeAuthError, looksLikeApiKey, plainHttpWarning, signInWithPassword, verifyKey, type SignInResult } from './connection/signIn';
import { commandIds, panelViewId, secretKeys, settingKeys, settingsSection, type CommandId } from './shared/ids';
import type { Logger } from './util/logger';

export interface CommandDeps {
	readonly connection: ConnectionService;
	readonly clients: Clients;
	readonly secrets: vscode.SecretStorage;
	readonly settings: () => Settings;
	readonly showLog: () => void;
	readonly log: Logger;
}

const t = vscode.l10n.t;

/** A command's handler: called from the palette without arguments, or from code with one. */
export type CommandHandler = (arg?: any) => unknown;

/** Registers every command of the extension; the table must name each id once. */
export function registerCommands(handlers: Readonly<Record<CommandId, CommandHandler>>): vscode.Disposable[] {
	return Object.entries(handlers).map(([id, run]) => vscode.commands.registerCommand(id, run));
}

/** The connection and view commands. */
export function connectionCommands(deps: CommandDeps) {
	return {
		[commandIds.refresh]: () => refresh(deps),
		[commandIds.configureConnection]: (args?: { ollamaUrl?: string; openWebuiUrl?: string }) => configureConnection(deps, args),
		[commandIds.signIn]: (args?: { apiKey?: string; email?: string; password?: string }) => signIn(deps, args),
		[commandIds.signOut]: () => signOut(deps),
		[commandIds.openPanel]: () => vscode.commands.executeCommand(`${panelViewId}.focus`),
		[commandIds.showLog]: () => deps.showLog(),
	} satisfies Partial<Record<CommandId, CommandHandler>>;
}

export function openSettings(): Thenable<unknown> {
	return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:task-model-tuner.task-model-tuner ${settingsSection}`);
}

async function refresh(deps: CommandDeps): Promise<ConnectionSnapshot> {
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Task Model Tuner: checking servers…') }, () => deps.connection.refresh());
}

type UrlCheck = (url: string, signal: AbortSignal) => Promise<string>;

async function configureConnection(deps: CommandDeps, args?: { ollamaUrl?: string; openWebuiUrl?: string }): Promise<ConnectionSnapshot | undefined> {
	const s = deps.settings();
	const timeoutMs = Math.min(s.requestTimeoutMs, 5000);
	const checkOllama: UrlCheck = async (url, signal) => {
		const v = await deps.clients.ollama({ baseUrl: url, timeoutMs }).version(signal);
		return t('Ollama {0} answered.', v.version);
	};
	const checkOpenWebui: UrlCheck = async (url, signal) => {
		const v = await deps.clients.openWebui({ baseUrl: url, timeoutMs }).version(signal);
		return t('Open WebUI {0} answered.', v.version);
	};
	if (args && (args.ollamaUrl !== undefined || args.openWebuiUrl !== undefined)) {
		// Programmatic use: validate the syntax, save, and let the refresh report reachability.
		if (args.ollamaUrl !== undefined) await writeSetting(settingKeys.ollamaUrl, checkUrl(args.ollamaUrl, 'ollama'));
		if (args.openWebuiUrl !== undefined) await writeSetting(settingKeys.openWebuiUrl, checkUrl(args.openWebuiUrl, 'openWebui'));
		return deps.connection.updateSettings({ ...deps.connection.currentSettings, ...pickUrls(deps) });
	}
	const ollamaUrl = await askUrl(t('Ollama URL (step 1 of 2)'), s.ollamaUrl, 'ollama', checkOllama);
	if (ollamaUrl === undefined) return undefined;
	const openWebuiUrl = await askUrl(t('Open WebUI URL (step 2 of 2)'), s.openWebuiUrl, 'openWebui', checkOpenWebui);
	if (openWebuiUrl === undefined) return undefined;
	await writeSetting(settingKeys.ollamaUrl, ollamaUrl);
	await writeSetting(settingKeys.openWebuiUrl, openWebuiUrl);
	return deps.connection.updateSettings({ ...deps.connection.currentSettings, ...pickUrls(deps) });
}

function pickUrls(deps: CommandDeps): { ollamaUrl: string; openWebuiUrl: string } {
	const s = deps.settings();
	return { ollamaUrl: s.ollamaUrl, openWebuiUrl: s.openWebuiUrl };
}

/**
 * An input box that checks the URL live on Enter. A failing check shows why; pressing Enter
 * again on the same value saves it anyway (the server may simply not be running yet).
 */
function askUrl(title: string, value: string, peer: 'ollama' | 'openWebui', check: UrlCheck): Promise<string | undefined> {
	return new Promise((resolve) => {
		const box = vscode.window.createInputBox();
		box.title = title;
		box.value = value;
		box.prompt = t('Press Enter to check the URL and continue.');
		box.ignoreFocusOut = true;
		let failedValue: string | undefined;
		let controller: AbortController | undefined;
		let done = false;
		const finish = (v: string | undefined) => {
			if (done) return;
			done = true;
			controller?.abort();
			resolve(v);
			box.dispose();
		};
		box.onDidChangeValue(() => {
			box.validationMessage = undefined;
			failedValue = undefined;
		});
		box.onDidAccept(async () => {
			let url: string;
			try {
				url = checkUrl(box.value, peer);
			} catch (e) {
				box.validationMessage = (e as Error).message;
				return;
			}
			if (failedValue === url) return finish(url);
			controller?.abort();
			controller = new AbortController();
			box.busy = true;
			box.enabled = false;
			try {
				box.prompt = await check(url, controller.signal);
				finish(url);
			} catch (e) {
				if (isPeerError(e, 'aborted')) return;
				failedValue = url;
				box.validationMessage = {
					message: t('{0} Press Enter again to save it anyway, or edit the URL.', (e as Error).message),
					severity: vscode.InputBoxValidationSeverity.Warning,
				};
			} finally {
				box.busy = false;
				box.enabled = true;
			}
		});
		box.onDidHide(() => finish(undefined));
		box.show();
	});
}

async function signIn(deps: CommandDeps, args?: { apiKey?: string; email?: string; password?: string }): Promise<{ ok: boolean; role?: string; message?: string }> {
	const url = normalizeBaseUrl(deps.settings().openWebuiUrl);
	const client = deps.clients.openWebui({ baseUrl: url, timeoutMs: deps.settings().requestTimeoutMs });
	let result: SignInResult | undefined;
	// Warn before a credential goes over plain HTTP to another machine (never silently).
	const risk = plainHttpWarning(url, t);
	if (risk) {
		const go = t('Sign in over HTTP anyway');
		const answer = await vscode.window.showWarningMessage(risk, { modal: true }, go);
		if (answer !== go) {
			deps.log.info(`sign-in to ${url} cancelled: plain HTTP to another host`);
			return { ok: false, message: risk };
		}
	}
	if (args?.apiKey !== undefined) {
		result = await verifyKey(client, args.apiKey, t);
	} else if (args?.email !== undefined && args.password !== undefined) {
		result = await signInWithPassword(client, args.email, args.password, t);
	} else {
		result = await signInInteractive(client, url);
	}
	if (!result) return { ok: false };
	if (!result.ok) {
		if (!args) void vscode.window.showErrorMessage(result.message);
		deps.log.warn(`sign-in to ${url} failed: ${result.message}`);
		return { ok: false, message: result.message };
	}
	await deps.secrets.store(secretKeys.openWebuiToken(url), result.token);
	deps.log.info(`signed in to ${url} as ${result.user.role}`);
	await deps.connection.refresh();
	if (!args) {
		const who = result.user.name || result.user.email || result.user.id;
		void vscode.window.showInformationMessage(
			result.user.role === 'admin' ? t('Signed in to Open WebUI as {0} (admin).', who) : t('Signed in to Open WebUI as {0} ({1}): you can read the task settings but not change them.', who, result.user.role),
		);
	}
	return { ok: true, role: result.user.role };
}

async function signInInteractive(client: OpenWebuiClient, url: string): Promise<SignInResult | undefined> {
	const key = { label: t('$(key) Paste an API key'), detail: t('Open WebUI → Settings → Account → API keys. The key starts with sk-.'), id: 'key' as const };
	const password = { label: t('$(account) Email and password'), detail: t('Signs in like the web page does; the returned token is kept, not the password.'), id: 'password' as const };
	const pick = await vscode.window.showQuickPick([key, password], { title: t('Sign in to Open WebUI at {0}', url), ignoreFocusOut: true });
	if (!pick) return undefined;
	const run = (fn: (signal: AbortSignal) => Promise<SignInResult>) =>
		vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Signing in to Open WebUI…'), cancellable: true }, (_p, token) => {
			const c = new AbortController();
			token.onCancellationRequested(() => c.abort());
			return fn(c.signal);
		});
	if (pick.id === 'key') {
		const apiKey = await vscode.window.showInputBox({
			title: t('Open WebUI API key'),
			password: true,
			ignoreFocusOut: true,
			placeHolder: 'sk-…',
			validateInput: (v) => (v.trim() === '' || looksLikeApiKey(v) ? undefined : t('An Open WebUI API key starts with sk-. A sign-in token (JWT) also works.')),
		});
		if (!apiKey) return undefined;
		return run((signal) => verifyKey(client, apiKey, t, signal));
	}
	const email = await vscode.window.showInputBox({ title: t('Open WebUI email'), ignoreFocusOut: true, validateInput: (v) => (v.includes('@') ? undefined : t('Enter the email you sign in with.')) });
	if (!email) return undefined;
	const pass = await vscode.window.showInputBox({ title: t('Open WebUI password'), password: true, ignoreFocusOut: true });
	if (pass === undefined) return undefined;
	try {
		return await run((signal) => signInWithPassword(client, email, pass, t, signal));
	} catch (e) {
		return { ok: false, message: describeAuthError(e, t) };
	}
}

async function signOut(deps: CommandDeps): Promise<void> {
	const url = normalizeBaseUrl(deps.settings().openWebuiUrl);
	await deps.secrets.delete(secretKeys.openWebuiToken(url));
	deps.log.info(`signed out of ${url}`);
	await deps.connection.refresh();
}
