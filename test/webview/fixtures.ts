// Fixture ViewStates for every connection state, produced the way the host produces them:
// probeConnections (the host's own code and texts) against the loopback fakes, the model list read
// by the host's ModelsService through the client the probe chose, and the snapshot assembled by
// buildViewState. "checking" is ConnectionService's own snapshot before its first probe.
import { ConnectionService, type ConnectionSnapshot } from '../../src/connection/connectionService';
import { probeConnections, type ProbeInput } from '../../src/connection/probe';
import type { OllamaClient } from '../../src/clients/ollama';
import type { OpenWebuiClient } from '../../src/clients/openWebui';
import { ModelsService, type ModelsSlice } from '../../src/models/modelsService';
import { TaskSettings, type TasksSlice } from '../../src/tasks/taskSettings';
import { PullManager, type PullInfo } from '../../src/pull/pullManager';
import type { ActionId, OllamaView, OpenWebuiView, ViewState } from '../../src/shared/protocol';
import { AppStore, standaloneSlice, type AppSlices } from '../../src/state/appStore';
import { buildViewState } from '../../src/state/viewState';
import type { Logger } from '../../src/util/logger';
import { gib, startFakeOllama, tagModel, type FakeOllama } from '../fakes/fakeOllama';
import type { TagModel } from '../../src/clients/ollamaTypes';
import { adminKey, adminToken, openWebuiOllamaModel, startFakeOpenWebui, userToken, type FakeOpenWebui, type FakeUser } from '../fakes/fakeOpenWebui';
import { english, type Translate } from '../../src/shared/l10n';

/** The URLs users have; the fakes' random ports are rewritten to these so texts and screenshots are stable. */
export const ollamaUrl = 'http://127.0.0.1:11434';
export const openWebuiUrl = 'http://localhost:3000';
/** A fixed "checked at" (14:30:05 UTC) for stable screenshots. */
export const checkedAt = Date.UTC(2026, 10, 25, 14, 30, 5);

export const fixtureNames = [
	'checking',
	'allDown',
	'ollamaConnected',
	'ollamaViaProxy',
	'ollamaViaProxyForced',
	'ollamaUnreachable',
	'ollamaError',
	'ollamaProxyNeedsSignIn',
	'owuiUnreachable',
	'owuiNotOpenWebui',
	'owuiError',
	'owuiSignedOut',
	'owuiKeyInvalid',
	'owuiApiKeysDisabled',
	'owuiAdmin',
	'owuiUser',
	'owuiPending',
	'longText',
] as const;
export type FixtureName = (typeof fixtureNames)[number];

export interface Fixture {
	readonly name: FixtureName;
	/** What it shows, for test titles. */
	readonly title: string;
	readonly state: ViewState;
}

interface Scenario {
	readonly title: string;
	readonly ollama?: 'up' | 'down' | { status: number; body: unknown };
	readonly openWebui?: 'up' | 'down' | 'html' | { status: number; body: unknown };
	readonly token?: string;
	readonly via?: ProbeInput['via'];
	readonly apiKeysEnabled?: boolean;
	/** Extra users the fake Open WebUI knows, by token. */
	readonly tokens?: Record<string, FakeUser>;
	/** Proxy on: the fake Open WebUI backs /ollama with an Ollama. */
	readonly proxy?: boolean;
	readonly urls?: { ollama: string; openWebui: string };
}

const pendingToken = 'eyJ.fake-pending-jwt';
const pendingUser: FakeUser = { id: 'u-pending', email: 'new.hire@example.com', name: 'Pat Pending', role: 'pending' };

const scenarios: Record<Exclude<FixtureName, 'checking'>, Scenario> = {
	allDown: { title: 'neither server reachable (first run)', ollama: 'down', openWebui: 'down' },
	ollamaConnected: { title: 'Ollama connected directly, Open WebUI signed in as admin', ollama: 'up', openWebui: 'up', token: adminToken },
	ollamaViaProxy: { title: "Ollama down, used through Open WebUI's proxy (auto)", ollama: 'down', openWebui: 'up', token: adminToken, proxy: true },
	ollamaViaProxyForced: { title: "Ollama set to go through Open WebUI's proxy", ollama: 'up', openWebui: 'up', token: adminToken, proxy: true, via: 'openWebui' },
	ollamaUnreachable: { title: 'Ollama unreachable, Open WebUI signed out', ollama: 'down', openWebui: 'up' },
	ollamaError: { title: 'Ollama answers 500', ollama: { status: 500, body: { error: 'llama runner process has terminated: signal: killed' } }, openWebui: 'up', token: userToken },
	ollamaProxyNeedsSignIn: { title: "Ollama set to go through Open WebUI's proxy, not signed in", ollama: 'up', openWebui: 'up', proxy: true, via: 'openWebui' },
	owuiUnreachable: { title: 'Open WebUI unreachable', ollama: 'up', openWebui: 'down' },
	owuiNotOpenWebui: { title: 'the Open WebUI URL serves HTML, not the API', ollama: 'up', openWebui: 'html' },
	owuiError: { title: 'Open WebUI answers 500', ollama: 'up', openWebui: { status: 500, body: { detail: 'Internal Server Error' } } },
	owuiSignedOut: { title: 'Open WebUI reachable, not signed in', ollama: 'up', openWebui: 'up' },
	owuiKeyInvalid: { title: 'Open WebUI rejects the stored key (401)', ollama: 'up', openWebui: 'up', token: `sk-${'0123456789abcdef'.repeat(2)}` },
	owuiApiKeysDisabled: { title: 'Open WebUI has API keys disabled (403)', ollama: 'up', openWebui: 'up', token: adminKey, apiKeysEnabled: false },
	owuiAdmin: { title: 'Open WebUI signed in as admin', ollama: 'up', openWebui: 'up', token: adminToken },
	owuiUser: { title: 'Open WebUI signed in as a non-admin', ollama: 'up', openWebui: 'up', token: userToken },
	owuiPending: { title: 'Open WebUI account pending approval', ollama: 'up', openWebui: 'up', token: pendingToken, tokens: { [pendingToken]: pendingUser } },
	longText: {
		title: 'long URLs and names (wrapping)',
		ollama: 'down',
		openWebui: 'up',
		token: 'eyJ.fake-long-jwt',
		tokens: { 'eyJ.fake-long-jwt': { id: 'u-long', email: 'maximiliane.oberhauser-vandenberghe@research.example-university.edu', name: 'Maximiliane Oberhauser-Vandenberghe', role: 'user' } },
		urls: { ollama: 'http://gpu-workstation-07.lab.internal.example-university.edu:11434', openWebui: 'https://open-webui.research-computing.example-university.edu' },
	},
};

// Port 1 (tcpmux) on loopback: never served and never handed out as an ephemeral port, so the
// connection is refused at once. (A port freed by listen(0)/close() can be reused by a fake
// started in parallel.) Two addresses keep the two peers' URLs apart for the rewrite below.
const downUrls = { ollama: 'http://127.0.0.1:1', openWebui: 'http://127.0.0.2:1' };

function rewriteUrls<T>(value: T, from: string, to: string): T {
	const re = new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '(?!\\d)', 'g');
	return JSON.parse(JSON.stringify(value).replace(re, to)) as T;
}

async function probeScenario(s: Scenario, ollamaModels?: TagModel[], t: Translate = english): Promise<ViewState> {
	const started: (FakeOllama | FakeOpenWebui)[] = [];
	try {
		let ollama: FakeOllama | undefined;
		let rawOllamaUrl: string;
		if (s.ollama === 'down' || !s.ollama) rawOllamaUrl = downUrls.ollama;
		else {
			ollama = await startFakeOllama(ollamaModels ? { state: { models: ollamaModels } } : {});
			started.push(ollama);
			rawOllamaUrl = ollama.url;
			if (typeof s.ollama === 'object') ollama.fault('/api/version', { kind: 'status', status: s.ollama.status, body: s.ollama.body });
		}
		let rawOpenWebuiUrl: string;
		if (s.openWebui === 'down' || !s.openWebui) rawOpenWebuiUrl = downUrls.openWebui;
		else {
			const owui = await startFakeOpenWebui({ ollama: s.proxy ? (ollama?.state ?? (await startFakeOllama().then((o) => (started.push(o), o.state)))) : undefined });
			started.push(owui);
			rawOpenWebuiUrl = owui.url;
			if (s.apiKeysEnabled === false) owui.state.apiKeysEnabled = false;
			Object.assign(owui.state.tokens, s.tokens ?? {});
			// Open WebUI lists the models of its Ollama connection.
			if (ollama) owui.state.models = ollama.state.models.map((m) => openWebuiOllamaModel(m.name));
			if (s.openWebui === 'html') owui.fault('/api/version', { kind: 'html' });
			else if (typeof s.openWebui === 'object') owui.fault('/api/version', { kind: 'status', status: s.openWebui.status, body: s.openWebui.body });
		}
		const result = await probeConnections({ ollamaUrl: rawOllamaUrl, openWebuiUrl: rawOpenWebuiUrl, via: s.via ?? 'auto', timeoutMs: 3000, token: s.token }, t);
		const urls = s.urls ?? { ollama: ollamaUrl, openWebui: openWebuiUrl };
		const tasks = await readTasks(result.openWebuiClient, result.user?.role, 'version' in result.openWebui ? result.openWebui.version : undefined, t);
		const models = await readModels(result.ollamaClient, tasks, t);
		const state = viewStateOf({ ollama: result.ollama, openWebui: result.openWebui, checkedAt, user: result.user }, { models, tasks }, t);
		return rewriteUrls(rewriteUrls(state, rawOllamaUrl, urls.ollama), rawOpenWebuiUrl, urls.openWebui);
	} finally {
		await Promise.all(started.map((f) => f.stop()));
	}
}

const quietLog: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** The tasks slice as the host's TaskSettings reads it (task config + models), when signed in. */
async function readTasks(client: OpenWebuiClient, role: string | undefined, version: string | undefined, t: Translate): Promise<TasksSlice | undefined> {
	if (!role) return undefined;
	const slice = standaloneSlice<TasksSlice>();
	const memento = new Map<string, unknown>();
	const storage = { get: <T>(k: string) => memento.get(k) as T | undefined, update: async (k: string, v: unknown) => void memento.set(k, v) };
	const service = new TaskSettings({ client: () => client, role: () => role, version: () => version, storage, state: slice, log: quietLog, t });
	try {
		await service.refresh();
		return slice.get();
	} finally {
		service.dispose();
	}
}

/** The models slice as the host's ModelsService reads it (tags + ps, then /api/show where needed). */
async function readModels(client: OllamaClient | undefined, tasks: TasksSlice | undefined, t: Translate): Promise<ModelsSlice | undefined> {
	if (!client) return undefined;
	const slice = standaloneSlice<ModelsSlice>();
	const service = new ModelsService({ client: () => client, maxParameters: () => hostInputs.maxParameters, taskModel: () => tasks?.taskModel, budget: () => undefined, state: slice, log: quietLog, t, now: () => checkedAt });
	try {
		await service.refresh();
		await new Promise((r) => setTimeout(r, 250)); // lets /api/show answers and the 100 ms rebuild land
		return slice.get();
	} finally {
		service.dispose();
	}
}

/** What the host passes to buildViewState: the default settings, English. */
export const hostInputs = { maxParameters: 4.5, suggestedModels: ['llama3.2:3b', 'qwen2.5:3b', 'gemma3:1b', 'qwen2.5:1.5b', 'llama3.2:1b'], t: english };

/** A ViewState from a connection snapshot and optional other slices, through the host's own buildViewState.
 * Later fixtures (0/1/500 models, pulls) pass their `models` / `pulls` slices here. */
export function viewStateOf(connection: ConnectionSnapshot, slices: Partial<Omit<AppSlices, 'connection'>> = {}, t: Translate = english): ViewState {
	const store = new AppStore({ connection, ...Object.fromEntries(Object.entries(slices).filter(([, v]) => v !== undefined)) });
	try {
		return buildViewState(store, { ...hostInputs, t });
	} finally {
		store.dispose();
	}
}

/** What ConnectionService holds before its first probe (the host's state at start-up). */
function initialSnapshot(): ConnectionSnapshot {
	const service = new ConnectionService({ ollamaUrl, openWebuiUrl, via: 'auto', timeoutMs: 3000 }, { getToken: async () => undefined, log: quietLog, t: english });
	try {
		return service.snapshot;
	} finally {
		service.dispose();
	}
}

let cache: Promise<Record<FixtureName, Fixture>> | undefined;

/** All fixtures, probed once per process (about a second). */
export function loadFixtures(): Promise<Record<FixtureName, Fixture>> {
	cache ??= (async () => {
		const out = {
			checking: { name: 'checking', title: 'both servers being checked (before the first probe)', state: viewStateOf(initialSnapshot()) },
		} as Record<FixtureName, Fixture>;
		const names = Object.keys(scenarios) as Exclude<FixtureName, 'checking'>[];
		const states = await Promise.all(names.map((n) => probeScenario(scenarios[n])));
		names.forEach((n, i) => (out[n] = { name: n, title: scenarios[n].title, state: states[i] }));
		return out;
	})();
	return cache;
}

/** What each fixture must come out as; guards against a fake or the probe silently changing the scenario. */
export const expectedKinds: Record<FixtureName, { ollama: OllamaView['kind'] | `connected/${'direct' | 'openWebui'}`; openWebui: OpenWebuiView['kind'] | `signedIn/${'admin' | 'user'}` }> = {
	checking: { ollama: 'checking', openWebui: 'checking' },
	allDown: { ollama: 'unreachable', openWebui: 'unreachable' },
	ollamaConnected: { ollama: 'connected/direct', openWebui: 'signedIn/admin' },
	ollamaViaProxy: { ollama: 'connected/openWebui', openWebui: 'signedIn/admin' },
	ollamaViaProxyForced: { ollama: 'connected/openWebui', openWebui: 'signedIn/admin' },
	ollamaUnreachable: { ollama: 'unreachable', openWebui: 'signedOut' },
	ollamaError: { ollama: 'error', openWebui: 'signedIn/user' },
	ollamaProxyNeedsSignIn: { ollama: 'error', openWebui: 'signedOut' },
	owuiUnreachable: { ollama: 'connected/direct', openWebui: 'unreachable' },
	owuiNotOpenWebui: { ollama: 'connected/direct', openWebui: 'notOpenWebui' },
	owuiError: { ollama: 'connected/direct', openWebui: 'error' },
	owuiSignedOut: { ollama: 'connected/direct', openWebui: 'signedOut' },
	owuiKeyInvalid: { ollama: 'connected/direct', openWebui: 'keyRejected' },
	owuiApiKeysDisabled: { ollama: 'connected/direct', openWebui: 'keyRejected' },
	owuiAdmin: { ollama: 'connected/direct', openWebui: 'signedIn/admin' },
	owuiUser: { ollama: 'connected/direct', openWebui: 'signedIn/user' },
	owuiPending: { ollama: 'connected/direct', openWebui: 'signedIn/user' },
	longText: { ollama: 'unreachable', openWebui: 'signedIn/user' },
};

export function kindOf(view: OllamaView | OpenWebuiView): string {
	if (view.kind === 'connected') return `connected/${view.via}`;
	if (view.kind === 'signedIn') return `signedIn/${view.isAdmin ? 'admin' : 'user'}`;
	return view.kind;
}

export function actionsOf(view: OllamaView | OpenWebuiView): readonly { id: ActionId; label: string }[] {
	return 'actions' in view ? view.actions : [];
}

const families: [name: string, parameters: string, sizeGb: number, capabilities: string[]][] = [
	['llama3.2:3b', '3.2B', 2.0, ['completion', 'tools']],
	['llama3.1:8b', '8.0B', 4.9, ['completion', 'tools']],
	['qwen2.5:1.5b', '1.5B', 0.99, ['completion', 'tools']],
	['qwen3:4b', '4.0B', 2.5, ['completion', 'tools', 'thinking']],
	['gemma3:1b', '999.89M', 0.82, ['completion']],
	['gemma3:12b', '12.2B', 8.1, ['completion', 'vision']],
	['phi4-mini:3.8b', '3.8B', 2.5, ['completion', 'tools']],
	['mistral-nemo:12b', '12.2B', 7.1, ['completion', 'tools']],
	['nomic-embed-text:latest', '137M', 0.27, ['embedding']],
	['deepseek-r1:7b', '7.6B', 4.7, ['completion', 'thinking']],
];

/** `n` installed models (unique names) of varied families, sizes and capabilities, as /api/tags lists them. */
export function generatedTags(n: number): TagModel[] {
	return Array.from({ length: n }, (_, i) => {
		const [base, params, sizeGb, capabilities] = families[i % families.length];
		const name = i < families.length ? base : `${base}-ft${String(i).padStart(3, '0')}`;
		return tagModel(name, params, Math.round(sizeGb * gib * (1 + (i % 7) / 50)), { capabilities, family: base.split(':')[0].replace(/[\d.]+$/, '') });
	});
}

/** A fixture probed with another translation (e.g. zh-TW from the l10n bundle), as the host would in that display language. */
export function localizedFixture(name: Exclude<FixtureName, 'checking'>, t: Translate): Promise<ViewState> {
	return probeScenario(scenarios[name], undefined, t);
}

/** vscode.l10n.t for a bundle: the English message is the key, `{n}` filled in after translating. */
export function bundleTranslate(bundle: Record<string, string>): Translate {
	return (message, ...args) => english(bundle[message] ?? message, ...args);
}

/** Ollama connected directly with `n` installed models (Open WebUI down), the list read by the host's ModelsService. */
export async function modelListState(n: number): Promise<ViewState> {
	return probeScenario({ title: `${n} models`, ollama: 'up', openWebui: 'down' }, generatedTags(n));
}

/** Ollama connected with the default models, plus the host's PullManager caught mid-download: one pull
 * running (past `atFraction`), one failed (unknown model), one cancelled. */
export async function pullsState(atFraction = 0.4): Promise<ViewState> {
	const ollama = await startFakeOllama();
	ollama.state.pull = { stepsPerLayer: 60, delayMs: 40 }; // ~2.4 s for the weights: time to catch it mid-way even on a busy machine
	const manager = new PullManager({ source: { pull: () => (async function* () {})() }, throttleMs: 0 });
	try {
		const result = await probeConnections({ ollamaUrl: ollama.url, openWebuiUrl: downUrls.openWebui, via: 'auto', timeoutMs: 3000 }, english);
		const client = result.ollamaClient!;
		const source = { pull: (m: string, o: { signal?: AbortSignal }) => client.pull(m, o) };
		const failed = manager.start('nosuch-model:1b', { source });
		await manager.wait(failed.id);
		const cancelled = manager.start('qwen2.5:1.5b', { source });
		manager.cancel(cancelled.id);
		await manager.wait(cancelled.id);
		const running = manager.start('gemma3:1b', { source });
		const deadline = Date.now() + 10_000;
		let pulls: PullInfo[] = manager.snapshot();
		while (Date.now() < deadline) {
			pulls = manager.snapshot();
			const r = pulls.find((p) => p.id === running.id);
			if (r && r.progress.fraction >= atFraction && r.progress.bytesPerSecond) break;
			await new Promise((res) => setTimeout(res, 20));
		}
		const models = await readModels(client, undefined, english);
		const state = viewStateOf({ ollama: result.ollama, openWebui: result.openWebui, checkedAt, user: result.user }, { models, pulls });
		return rewriteUrls(rewriteUrls(state, ollama.url, ollamaUrl), downUrls.openWebui, openWebuiUrl);
	} finally {
		manager.dispose();
		await ollama.stop();
	}
}
