// The host validates every message from the webview and drops what does not fit the protocol.
import type { ActionId, WebviewMessage } from '../shared/protocol';

const actionIds: readonly ActionId[] = ['retry', 'openSettings', 'configureConnection', 'signIn', 'signOut', 'showLog'];

export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const m = raw as { type?: unknown; action?: unknown };
	switch (m.type) {
		case 'ready':
			return { type: 'ready' };
		case 'action':
			return typeof m.action === 'string' && (actionIds as readonly string[]).includes(m.action) ? { type: 'action', action: m.action as ActionId } : undefined;
		default:
			return undefined;
	}
}
