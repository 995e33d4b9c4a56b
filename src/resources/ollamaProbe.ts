// Adapts the host's Ollama `/api/ps` call into a probe on its own slower cadence. The fetch itself is
// injected (the host passes its OllamaClient), so this module stays pure and network-free.
import type { PsResponse } from '../clients/ollamaTypes';
import type { LoadedModel, OllamaReading, Probe, ProbeOutcome } from './types';

export interface OllamaPsProbeOptions {
	readonly ps: (signal: AbortSignal) => Promise<PsResponse>;
	/** Own cadence, independent of the status-bar interval. */
	readonly intervalMs?: number;
	readonly timeoutMs?: number;
}

export function createOllamaPsProbe(options: OllamaPsProbeOptions): Probe {
	return {
		id: 'ollama',
		intervalMs: options.intervalMs ?? 5000,
		timeoutMs: options.timeoutMs ?? 4000,
		async sample(signal: AbortSignal): Promise<ProbeOutcome> {
			// The sampler's signal lives across calls; fetch gets its own per request, so whatever
			// listeners the HTTP stack adds die with the request.
			const request = new AbortController();
			const abort = (): void => request.abort();
			signal.addEventListener('abort', abort, { once: true });
			try {
				const res = await options.ps(request.signal);
				return { status: 'ok', reading: { ollama: ollamaReadingFromPs(res) } };
			} finally {
				signal.removeEventListener('abort', abort);
			}
		},
		dispose(): void {
			// Requests end with their AbortSignal; nothing is held.
		},
	};
}

export function ollamaReadingFromPs(res: PsResponse): OllamaReading {
	const models: LoadedModel[] = (res.models ?? []).map((m) => ({
		name: m.name || m.model || '?',
		sizeBytes: m.size,
		...(typeof m.size_vram === 'number' ? { vramBytes: m.size_vram } : {}),
		...(m.expires_at ? { expiresAt: m.expires_at } : {}),
		...(typeof m.context_length === 'number' ? { contextLength: m.context_length } : {}),
	}));
	return { models };
}
