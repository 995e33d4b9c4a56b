// Asks Open WebUI whether a newer release exists (GET /api/version/updates) after each connection
// check; Open WebUI does the asking, this extension fetches nothing from anywhere else.
import type * as vscode from 'vscode';
import { OpenWebuiAdminClient } from '../clients/openWebuiAdmin';
import { updateFailed, updateState, serverFeatureMessages } from '../versions/serverFeatures';
import type { FeatureContext } from './context';

export function activateServers(ctx: FeatureContext): vscode.Disposable {
	const { connection, t } = ctx;
	const servers = ctx.store.writer('servers');
	const log = ctx.log.for('servers');
	let inflight: AbortController | undefined;
	let lastKey = '';

	async function check(): Promise<void> {
		const snap = connection.snapshot;
		const client = connection.openWebui;
		const key = `${client?.baseUrl}|${snap.openWebui.kind}|${'version' in snap.openWebui ? snap.openWebui.version : ''}`;
		if (key === lastKey) return; // one check per server, version and sign-in state
		lastKey = key;
		inflight?.abort();
		if (snap.openWebui.kind !== 'signedIn' || !client) {
			servers.set(snap.openWebui.kind === 'checking' ? {} : { update: updateFailed(t(serverFeatureMessages.updateNotSignedIn), t) });
			return;
		}
		const c = new AbortController();
		inflight = c;
		try {
			const answer = await new OpenWebuiAdminClient(client.options).versionUpdates(c.signal);
			if (c.signal.aborted) return;
			const u = updateState(answer, snap.openWebui.version, t);
			log.info(`update check: ${u.kind}`);
			servers.set({ update: u });
		} catch (e) {
			if (c.signal.aborted) return;
			const msg = e instanceof Error ? e.message : String(e);
			log.warn(`update check failed: ${msg}`);
			servers.set({ update: updateFailed(msg, t) });
		}
	}

	const sub = connection.onDidChange(() => void check());
	void check();
	return {
		dispose: () => {
			inflight?.abort();
			sub.dispose();
		},
	};
}
