// Owns the current view of both peers and the clients built from the settings. A refresh cancels
// the one before it, so a slow check can never overwrite a newer answer.
import type { OllamaClient } from '../clients/ollama';
import type { OpenWebuiClient } from '../clients/openWebui';
import type { SessionUser } from '../clients/openWebuiTypes';
import type { OllamaView, OpenWebuiView } from '../shared/protocol';
import { Emitter } from '../util/emitter';
import type { Translate } from '../util/l10n';
import type { Logger } from '../util/logger';
import { probeConnections, type OllamaVia } from './probe';

export interface ConnectionSettings {
	readonly ollamaUrl: string;
	readonly openWebuiUrl: string;
	readonly via: OllamaVia;
	readonly timeoutMs: number;
	/** Pull streams quiet for this long fail (see HttpClientOptions.streamIdleMs). */
	readonly streamIdleMs?: number;
}

export interface ConnectionSnapshot {
	readonly ollama: OllamaView;
	readonly openWebui: OpenWebuiView;
	readonly checkedAt?: number;
	readonly user?: SessionUser;
}

export class ConnectionService {
	private readonly changed = new Emitter<ConnectionSnapshot>();
	readonly onDidChange = this.changed.event;
	private current: ConnectionSnapshot;
	private inflight: AbortController | undefined;
	private clients: { ollama?: OllamaClient; openWebui?: OpenWebuiClient } = {};

	constructor(
		private settings: ConnectionSettings,
		private readonly getToken: (openWebuiUrl: string) => Promise<string | undefined>,
		private readonly log: Logger,
		private readonly t: Translate,
		private readonly now: () => number = Date.now,
	) {
		this.current = { ollama: { kind: 'checking', url: settings.ollamaUrl }, openWebui: { kind: 'checking', url: settings.openWebuiUrl } };
	}

	get snapshot(): ConnectionSnapshot {
		return this.current;
	}

	/** The Ollama client that works right now (direct or via the proxy), if any. */
	get ollama(): OllamaClient | undefined {
		return this.clients.ollama;
	}

	get openWebui(): OpenWebuiClient | undefined {
		return this.clients.openWebui;
	}

	get currentSettings(): ConnectionSettings {
		return this.settings;
	}

	updateSettings(settings: ConnectionSettings): Promise<ConnectionSnapshot> {
		this.settings = settings;
		return this.refresh();
	}

	async refresh(): Promise<ConnectionSnapshot> {
		this.inflight?.abort();
		const controller = new AbortController();
		this.inflight = controller;
		const s = this.settings;
		const token = await this.getToken(s.openWebuiUrl);
		const result = await probeConnections(
			{
				ollamaUrl: s.ollamaUrl,
				openWebuiUrl: s.openWebuiUrl,
				via: s.via,
				timeoutMs: s.timeoutMs,
				streamIdleMs: s.streamIdleMs,
				token,
				signal: controller.signal,
				onRequest: (e) =>
					this.log.info(`${e.peer} ${e.method} ${e.path} ${e.status ?? e.error ?? ''} ${e.ms} ms`),
			},
			this.t,
		);
		if (controller.signal.aborted) return this.current;
		this.inflight = undefined;
		this.clients = { ollama: result.ollamaClient, openWebui: result.openWebuiClient };
		this.current = { ollama: result.ollama, openWebui: result.openWebui, checkedAt: this.now(), user: result.user };
		this.log.info(`ollama: ${result.ollama.kind}; open webui: ${result.openWebui.kind}`);
		this.changed.fire(this.current);
		return this.current;
	}

	dispose(): void {
		this.inflight?.abort();
		this.changed.dispose();
	}
}
