// Owns the current view of both peers and the clients built from the settings. A refresh cancels
// the one before it, so a slow check can never overwrite a newer answer.
import type { OllamaClient } from '../clients/ollama';
import type { OpenWebuiClient } from '../clients/openWebui';
import type { SessionUser } from '../clients/openWebuiTypes';
import type { OllamaView, OpenWebuiView } from '../shared/protocol';
import { standaloneSlice, type SliceWriter } from '../state/appStore';
import type { Clients } from '../clients/factory';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import { probeConnections, type OllamaVia } from './probe';
import type { Translate } from '../shared/l10n';

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

export interface ConnectionDeps {
	readonly getToken: (openWebuiUrl: string) => Promise<string | undefined>;
	readonly log: Logger;
	readonly t: Translate;
	/** The store's connection slice: this service is its one writer and keeps no copy. */
	readonly state?: SliceWriter<ConnectionSnapshot>;
	/** The composition root's client factory (it logs every request). */
	readonly clients?: Clients;
	readonly now?: () => number;
}

export class ConnectionService {
	private readonly changed = new Emitter<ConnectionSnapshot>();
	readonly onDidChange = this.changed.event;
	private inflight: AbortController | undefined;
	private clients: { ollama?: OllamaClient; openWebui?: OpenWebuiClient } = {};

	private readonly state: SliceWriter<ConnectionSnapshot>;
	private readonly log: Logger;

	constructor(
		private settings: ConnectionSettings,
		private readonly deps: ConnectionDeps,
	) {
		this.log = deps.log;
		this.state = deps.state ?? standaloneSlice();
		this.state.set({ ollama: { kind: 'checking', url: settings.ollamaUrl }, openWebui: { kind: 'checking', url: settings.openWebuiUrl } });
	}

	get snapshot(): ConnectionSnapshot {
		return this.state.get()!;
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
		const token = await this.deps.getToken(s.openWebuiUrl);
		const result = await probeConnections(
			{
				ollamaUrl: s.ollamaUrl,
				openWebuiUrl: s.openWebuiUrl,
				via: s.via,
				timeoutMs: s.timeoutMs,
				streamIdleMs: s.streamIdleMs,
				token,
				signal: controller.signal,
				clients: this.deps.clients,
			},
			this.deps.t,
		);
		if (controller.signal.aborted) return this.snapshot;
		this.inflight = undefined;
		this.clients = { ollama: result.ollamaClient, openWebui: result.openWebuiClient };
		const snapshot: ConnectionSnapshot = { ollama: result.ollama, openWebui: result.openWebui, checkedAt: (this.deps.now ?? Date.now)(), user: result.user };
		this.state.set(snapshot);
		this.log.info(`ollama: ${result.ollama.kind}; open webui: ${result.openWebui.kind}`);
		this.changed.fire(snapshot);
		return snapshot;
	}

	dispose(): void {
		this.inflight?.abort();
		this.changed.dispose();
	}
}
