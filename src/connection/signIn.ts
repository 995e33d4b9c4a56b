// Sign-in logic without UI: verify a key or get a token, then hand it back for SecretStorage.
// The secret is never logged or returned in messages.
import { isPeerError } from '../clients/http';
import type { OpenWebuiClient } from '../clients/openWebui';
import type { SessionUser } from '../clients/openWebuiTypes';
import type { Translate } from '../shared/l10n';

export type SignInResult = { ok: true; token: string; user: SessionUser } | { ok: false; message: string };

/** True for this computer: 127.0.0.0/8, ::1, localhost and *.localhost. */
export function isLoopbackHost(hostname: string): boolean {
	const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The warning to show before a password or key goes to `url`, or undefined when it is safe enough:
 * https, or plain http to this computer. Anything else crosses a network unencrypted.
 */
export function plainHttpWarning(url: string, t: Translate): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	if (parsed.protocol !== 'http:' || isLoopbackHost(parsed.hostname)) return undefined;
	return t('{0} uses plain HTTP and is not this computer: your password or key would cross the network unencrypted, readable by anyone on the way. Use an https:// URL if the server offers one.', parsed.origin);
}

export function looksLikeApiKey(s: string): boolean {
	return /^sk-[A-Za-z0-9_-]{8,}$/.test(s.trim());
}

export async function verifyKey(client: OpenWebuiClient, key: string, t: Translate, signal?: AbortSignal): Promise<SignInResult> {
	const token = key.trim();
	try {
		const user = await client.sessionUser({ token, signal });
		return { ok: true, token, user };
	} catch (e) {
		return { ok: false, message: describeAuthError(e, t) };
	}
}

export async function signInWithPassword(client: OpenWebuiClient, email: string, password: string, t: Translate, signal?: AbortSignal): Promise<SignInResult> {
	try {
		const res = await client.signIn(email.trim(), password, signal);
		return { ok: true, token: res.token, user: res };
	} catch (e) {
		return { ok: false, message: describeAuthError(e, t) };
	}
}

export function describeAuthError(e: unknown, t: Translate): string {
	if (!isPeerError(e)) return t('Sign-in failed: {0}', String((e as Error)?.message ?? e));
	if (e.kind === 'auth' && e.status === 403 && /api key/i.test(e.serverMessage ?? '')) {
		return t('API keys are not enabled on this Open WebUI. An admin must turn on Admin Panel → Settings → Authentication → "API Keys", or sign in with email and password.');
	}
	if (e.kind === 'auth') return t('Open WebUI rejected the key or token: {0}', e.serverMessage ?? String(e.status));
	if (e.kind === 'http' && e.status === 400) return t('Open WebUI refused the sign-in: {0}', e.serverMessage ?? '');
	if (e.kind === 'http' && e.status === 429) return t('Too many sign-in attempts. Wait a few minutes and try again.');
	return e.message;
}
