// Shared wiring for the task tests: a real OpenWebuiClient against the loopback fake, plus an
// in-memory Memento. Not a test file (the glob is *.test.ts).
import type { RequestLogEntry } from '../../../src/clients/http';
import { OpenWebuiClient } from '../../../src/clients/openWebui';
import type { MementoLike } from '../../../src/tasks/history';
import type { TaskConfigApi, TaskConfigServiceDeps } from '../../../src/tasks/taskConfig';
import { adminToken, startFakeOpenWebui, type FakeOpenWebui, type FakeOpenWebuiState } from '../../fakes/fakeOpenWebui';

export interface Harness {
	fake: FakeOpenWebui;
	client: OpenWebuiClient;
	api: TaskConfigApi;
	log: RequestLogEntry[];
	/** Every POST body the fake received on the update path. */
	posts(): unknown[];
	deps(extra?: Partial<TaskConfigServiceDeps>): TaskConfigServiceDeps;
	stop(): Promise<void>;
}

export async function harness(opts: { state?: Partial<FakeOpenWebuiState>; token?: string | undefined } = {}): Promise<Harness> {
	const fake = await startFakeOpenWebui({ state: opts.state });
	const log: RequestLogEntry[] = [];
	const token = 'token' in opts ? opts.token : adminToken;
	const options = { baseUrl: fake.url, timeoutMs: 5000, token: () => token, onRequest: (e: RequestLogEntry) => log.push(e) };
	const client = new OpenWebuiClient(options);
	const api: TaskConfigApi = { read: (s) => client.taskConfig(s), readRaw: (s) => client.taskConfigRaw(s), write: (c, s, body) => client.updateTaskConfig(c, s, body) };
	return {
		fake,
		client,
		api,
		log,
		posts: () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/tasks/config/update').map((r) => r.body),
		deps: (extra = {}) => ({ api, version: (s) => client.version(s).then((v) => v.version), ...extra }),
		stop: () => fake.stop(),
	};
}

export class MemoryMemento implements MementoLike {
	readonly data = new Map<string, unknown>();
	updates = 0;
	get<T>(key: string): T | undefined {
		// A JSON round trip, like globalState's storage.
		const v = this.data.get(key);
		return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
	}
	async update(key: string, value: unknown): Promise<void> {
		this.updates++;
		if (value === undefined) this.data.delete(key);
		else this.data.set(key, JSON.parse(JSON.stringify(value)));
	}
}

/** No request in the log got a 422: the partial-body error must never happen. */
export function no422(log: readonly RequestLogEntry[]): boolean {
	return !log.some((e) => e.status === 422);
}
