// Every client the extension builds comes from one factory, made in the composition root with the
// request log, so every request reaches the log (method, path, status, time; never a token).
import type { HttpClientOptions, RequestLogEntry } from './http';
import { OllamaClient, type OllamaRoute } from './ollama';
import { OpenWebuiClient } from './openWebui';

export type ClientOptions = Omit<HttpClientOptions, 'peer' | 'pathPrefix' | 'onRequest'>;

export interface Clients {
	ollama(options: ClientOptions, route?: OllamaRoute): OllamaClient;
	openWebui(options: ClientOptions): OpenWebuiClient;
}

/** @param onRequest called once per request of every client made here (tests may leave it out). */
export function createClients(onRequest?: (entry: RequestLogEntry) => void): Clients {
	return {
		ollama: (options, route) => new OllamaClient({ ...options, onRequest }, route),
		openWebui: (options) => new OpenWebuiClient({ ...options, onRequest }),
	};
}
