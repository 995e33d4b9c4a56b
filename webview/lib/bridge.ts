// The only place that touches acquireVsCodeApi() or listens to `message`.
import type { HostMessage, WebviewMessage } from '../../src/shared/protocol';

interface VsCodeApi {
	postMessage(message: unknown): void;
	getState(): unknown;
	setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function send(message: WebviewMessage): void {
	api.postMessage(message);
}

export function onHostMessage(handler: (message: HostMessage) => void): () => void {
	const listener = (e: MessageEvent) => {
		const data = e.data as HostMessage | undefined;
		if (data && typeof data === 'object' && (data.type === 'init' || data.type === 'state')) handler(data);
	};
	window.addEventListener('message', listener);
	return () => window.removeEventListener('message', listener);
}

/** UI state only (never server data): it survives the view being hidden and shown. */
export function loadUiState<T extends object>(fallback: T): T {
	const s = api.getState();
	return s && typeof s === 'object' ? { ...fallback, ...(s as Partial<T>) } : fallback;
}

export function saveUiState(state: object): void {
	api.setState(state);
}
