// Every string the webview shows, in English. The host translates each with vscode.l10n.t and
// sends the table on `init`, so the webview speaks the user's display language without a bundle.

export const webviewStrings = {
	title: 'Task Model Tuner',
	ollama: 'Ollama',
	openWebui: 'Open WebUI',
	checking: 'Checking…',
	refresh: 'Refresh',
	viaProxy: "via Open WebUI's proxy",
	admin: 'admin',
	readOnly: 'read-only',
	checkedAt: 'Checked at {0}',
	connections: 'Connections',
	connected: 'Connected',
	notConnected: 'Not connected',
} as const;

export type WebviewStringKey = keyof typeof webviewStrings;
