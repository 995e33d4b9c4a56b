// Checks both peers and turns the answers into the states the user sees, each with the action
// that fixes it. Pure: clients are built from plain settings; text goes through `t`.
import { createClients, type Clients } from '../clients/factory';
import { isPeerError, type PeerError } from '../clients/http';
import type { OllamaClient } from '../clients/ollama';
import type { OpenWebuiClient } from '../clients/openWebui';
import type { SessionUser } from '../clients/openWebuiTypes';
import type { Action, ActionId, OllamaView, OpenWebuiView } from '../shared/protocol';
import type { Translate } from '../shared/l10n';

export type OllamaVia = 'auto' | 'direct' | 'openWebui';

export interface ProbeInput {
	readonly ollamaUrl: string;
	readonly openWebuiUrl: string;
	readonly via: OllamaVia;
	readonly timeoutMs: number;
	/** Ollama streams (pulls) quiet for this long fail. */
	readonly streamIdleMs?: number;
	/** The stored Open WebUI key or token, if any. */
	readonly token?: string;
	/** Where clients come from (the composition root's, which logs every request). */
	readonly clients?: Clients;
	readonly signal?: AbortSignal;
}

export interface ProbeResult {
	readonly ollama: OllamaView;
	readonly openWebui: OpenWebuiView;
	/** The client to use for Ollama from now on (direct or through the proxy), when one works. */
	readonly ollamaClient?: OllamaClient;
	readonly openWebuiClient: OpenWebuiClient;
	readonly user?: SessionUser;
}

export async function probeConnections(input: ProbeInput, t: Translate): Promise<ProbeResult> {
	const action = (id: ActionId): Action => ({ id, label: actionLabel(id, t) });
	const clients = input.clients ?? createClients();
	const common = { timeoutMs: input.timeoutMs, streamIdleMs: input.streamIdleMs };
	const direct = clients.ollama({ ...common, baseUrl: input.ollamaUrl });
	const owui = clients.openWebui({ ...common, baseUrl: input.openWebuiUrl, token: () => input.token });

	const [ollamaDirect, openWebui] = await Promise.all([
		input.via === 'openWebui' ? Promise.resolve(undefined) : settle(probeOllama(direct, input.signal)),
		probeOpenWebui(owui, input, t, action),
	]);

	// Both URLs serve a web page (a wrong port, a reverse proxy's front page): one message that
	// names both servers, in both places, so fixing one does not hide the other.
	const ollamaWebPage = ollamaDirect !== undefined && (ollamaDirect.ok ? !ollamaDirect.value.isOllama : isWebPage(ollamaDirect.error));
	if (ollamaWebPage && openWebui.webPage) {
		const message = t(
			'Both URLs answer with a web page, not an API: Ollama at {0} and Open WebUI at {1}. Ollama usually listens on port 11434; Open WebUI on the port you open in the browser (Docker maps 3000 to 8080). Check both URLs.',
			direct.baseUrl,
			owui.baseUrl,
		);
		const ollama: OllamaView = { kind: 'error', url: direct.baseUrl, message, actions: [action('configureConnection'), action('openSettings')] };
		return { ollama, openWebui: { ...openWebui.view, message } as OpenWebuiView, openWebuiClient: owui, user: openWebui.user };
	}

	if (ollamaDirect?.ok && !ollamaDirect.value.isOllama) {
		const view: OllamaView = {
			kind: 'error',
			url: direct.baseUrl,
			message: t('{0} answers, but it is not Ollama (it looks like a web app such as Open WebUI). Ollama usually listens on port 11434.', direct.baseUrl),
			actions: [action('configureConnection'), action('openSettings')],
		};
		return { ollama: view, openWebui: openWebui.view, openWebuiClient: owui, user: openWebui.user };
	}
	if (ollamaDirect?.ok) {
		const view: OllamaView = { kind: 'connected', url: direct.baseUrl, version: ollamaDirect.value.version, via: 'direct', message: t('Ollama {0} at {1}', ollamaDirect.value.version, direct.baseUrl) };
		return { ollama: view, openWebui: openWebui.view, ollamaClient: direct, openWebuiClient: owui, user: openWebui.user };
	}

	// Open WebUI's proxy: asked for, or `auto` with direct Ollama down and an admin session.
	const proxyAllowed = input.via === 'openWebui' || (input.via === 'auto' && openWebui.user?.role === 'admin');
	if (proxyAllowed && openWebui.view.kind === 'signedIn') {
		const proxy = clients.ollama({ ...common, baseUrl: input.openWebuiUrl, token: () => input.token }, { kind: 'openWebuiProxy' });
		const viaProxy = await settle(proxy.version(input.signal));
		if (viaProxy.ok && typeof viaProxy.value.version === 'string') {
			const message =
				input.via === 'openWebui'
					? t("Ollama {0} through Open WebUI's proxy at {1}", viaProxy.value.version, owui.baseUrl)
					: t("Ollama is not reachable at {0}, so requests go through Open WebUI's proxy at {1} (Ollama {2}).", direct.baseUrl, owui.baseUrl, viaProxy.value.version);
			const view: OllamaView = { kind: 'connected', url: owui.baseUrl, version: viaProxy.value.version, via: 'openWebui', message };
			return { ollama: view, openWebui: openWebui.view, ollamaClient: proxy, openWebuiClient: owui, user: openWebui.user };
		}
	}

	let ollama: OllamaView;
	if (input.via === 'openWebui') {
		ollama = {
			kind: 'error',
			url: owui.baseUrl,
			message: t("Ollama is set to go through Open WebUI's proxy, which needs an admin sign-in to Open WebUI at {0}.", owui.baseUrl),
			actions: [action('signIn'), action('openSettings')],
		};
	} else {
		const err = ollamaDirect && !ollamaDirect.ok ? ollamaDirect.error : undefined;
		const unreachable = !err || err.kind === 'unreachable' || err.kind === 'timeout';
		ollama = {
			kind: unreachable ? 'unreachable' : 'error',
			url: direct.baseUrl,
			message: unreachable
				? t('Ollama not reachable at {0}. Start Ollama (`ollama serve`) or fix the URL.', direct.baseUrl)
				: t('Ollama at {0} answered unexpectedly: {1}', direct.baseUrl, err?.message ?? ''),
			actions: [action('retry'), action('openSettings')],
		};
	}
	return { ollama, openWebui: openWebui.view, openWebuiClient: owui, user: openWebui.user };
}

async function probeOllama(client: OllamaClient, signal?: AbortSignal): Promise<{ version: string; isOllama: boolean }> {
	const [v, isOllama] = await Promise.all([client.version(signal), client.isOllama(signal).catch(() => false)]);
	return { version: v.version, isOllama };
}

function isWebPage(e: PeerError): boolean {
	return e.kind === 'parse' && /html/i.test(e.detail.contentType ?? '');
}

async function probeOpenWebui(client: OpenWebuiClient, input: ProbeInput, t: Translate, action: (id: ActionId) => Action): Promise<{ view: OpenWebuiView; user?: SessionUser; webPage?: boolean }> {
	const url = client.baseUrl;
	const version = await settle(client.version(input.signal));
	if (!version.ok) {
		const e = version.error;
		if (e.kind === 'unreachable' || e.kind === 'timeout') {
			return { view: { kind: 'unreachable', url, message: t('Open WebUI not reachable at {0}. Start it, or fix the URL (Docker maps port 3000 to 8080).', url), actions: [action('retry'), action('configureConnection')] } };
		}
		if (e.kind === 'parse' || (e.kind === 'http' && e.status === 404)) {
			return { view: { kind: 'notOpenWebui', url, message: t('{0} answered, but it is not an Open WebUI API. Check the URL and port.', url), actions: [action('configureConnection')] }, webPage: isWebPage(e) };
		}
		return { view: { kind: 'error', url, message: t('Open WebUI at {0} answered unexpectedly: {1}', url, e.message), actions: [action('retry'), action('showLog')] } };
	}
	const v = version.value.version;
	// /api/config must be JSON too: a reverse proxy that serves the SPA for /api/* is not an API.
	const config = await settle(client.config(input.signal));
	if (!config.ok && config.error.kind === 'parse') {
		return {
			view: { kind: 'notOpenWebui', url, version: v, message: t('{0} answered, but it is not an Open WebUI API. Check the URL and port.', url), actions: [action('configureConnection')] },
			webPage: isWebPage(config.error),
		};
	}
	if (!input.token) {
		return { view: { kind: 'signedOut', url, version: v, message: t('Open WebUI {0} at {1}: not signed in. Sign in with an API key or your email and password.', v, url), actions: [action('signIn')] } };
	}
	const who = await settle(client.sessionUser({ signal: input.signal }));
	if (!who.ok) return { view: rejected(who.error, url, v, t, action) };
	const user = who.value;
	const name = user.name || user.email || user.id;
	const isAdmin = user.role === 'admin';
	const message = isAdmin
		? t('Signed in to Open WebUI {0} as {1} (admin).', v, name)
		: user.role === 'pending'
			? t('Signed in as {0}, but the account is still pending: an admin must approve it.', name)
			: t('Signed in as {0} ({1}): can read, cannot change task settings. An admin account is needed for changes.', name, user.role);
	return {
		view: { kind: 'signedIn', url, version: v, user: { name, email: user.email, role: user.role }, isAdmin, message, actions: [action('signOut')] },
		user,
	};
}

function rejected(e: PeerError, url: string, version: string, t: Translate, action: (id: ActionId) => Action): OpenWebuiView {
	const actions = [action('signIn'), action('signOut')];
	if (e.kind === 'auth' && e.status === 403 && /api key/i.test(e.serverMessage ?? '')) {
		return {
			kind: 'keyRejected',
			url,
			version,
			message: t('Open WebUI refused the API key: API keys are not enabled. An admin must turn on Admin Panel → Settings → Authentication → "API Keys" (or sign in with email and password instead).'),
			actions,
		};
	}
	if (e.kind === 'auth') {
		return { kind: 'keyRejected', url, version, message: t('Open WebUI rejected the stored key or token ({0}). Sign in again.', e.serverMessage ?? String(e.status)), actions };
	}
	if (e.kind === 'unreachable' || e.kind === 'timeout') {
		return { kind: 'unreachable', url, version, message: t('Open WebUI not reachable at {0}. Start it, or fix the URL (Docker maps port 3000 to 8080).', url), actions: [action('retry'), action('configureConnection')] };
	}
	return { kind: 'error', url, version, message: t('Open WebUI at {0} answered unexpectedly: {1}', url, e.message), actions: [action('retry'), action('showLog')] };
}

export function actionLabel(id: ActionId, t: Translate): string {
	switch (id) {
		case 'retry':
			return t('Retry');
		case 'openSettings':
			return t('Open settings');
		case 'configureConnection':
			return t('Configure connection');
		case 'signIn':
			return t('Sign in');
		case 'signOut':
			return t('Sign out');
		case 'showLog':
			return t('Show log');
	}
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: PeerError };

async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await p };
	} catch (e) {
		if (isPeerError(e)) return { ok: false, error: e };
		throw e;
	}
}

/** Ollama on this machine (direct, loopback)? Otherwise local GPU figures are not Ollama's. */
export function isLocalOllama(ollama: OllamaView): boolean {
	if (ollama.kind !== 'connected' || ollama.via !== 'direct') return false;
	try {
		return ['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0'].includes(new URL(ollama.url).hostname);
	} catch {
		return false;
	}
}
