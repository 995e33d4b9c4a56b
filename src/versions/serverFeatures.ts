// Which extension features each server release brings, in one table (docs/server-versions.md has
// the same table with its sources), and the update state Open WebUI reports. Pure.
import { english, type Translate } from '../shared/l10n';
import { atLeast, compareVersions } from '../tasks/version';

export type Peer = 'openWebui' | 'ollama';

export interface FeatureSpec {
	readonly id: string;
	readonly peer: Peer;
	/** The first release that has it. */
	readonly since: string;
	/** English label (a key of serverFeatureMessages). */
	readonly label: keyof typeof serverFeatureMessages;
	/** `note` rows describe a changed default rather than something that can be used or not. */
	readonly kind?: 'note';
}

export const serverFeatureMessages = {
	taskConfig: 'Task settings (/api/v1/tasks/config)',
	titleSwitch: 'Title generation switch',
	connectionTypeSlot: 'Task-model slot chosen by connection type',
	proxyUnload: 'Unload through Open WebUI (/ollama/api/unload)',
	followUps: 'Follow-up suggestions switch',
	apiKeysOff: 'API keys off by default: an admin turns them on',
	voicePrompt: 'Voice mode prompt',
	voicePromptSwitch: 'Voice mode prompt switch',
	autocompletePrompt: 'Autocomplete prompt template',
	taskModelParams: 'Task model parameters (TASK_MODEL_PARAMS)',
	psContext: 'Context length of loaded models',
	tagsCapabilities: 'Capabilities and context length in the model list',
	supported: 'available',
	needs: 'needs {0} or later',
	noteSince: 'since {0}',
	updateAvailable: 'Open WebUI {0} is available (you run {1}).',
	upToDate: 'Open WebUI {0} is the newest release it knows of.',
	updateUnknown: 'Could not check for Open WebUI updates: {0}',
	updateOffline: 'Open WebUI could not reach its release feed (offline?)',
	updateNotSignedIn: 'sign in to Open WebUI to check',
	unknownVersion: 'version unknown',
} as const;

/** Sources: Open WebUI CHANGELOG.md and its routers per release; Ollama's api/types.go history. */
export const serverFeatures: readonly FeatureSpec[] = [
	{ id: 'taskConfig', peer: 'openWebui', since: '0.5.0', label: 'taskConfig' },
	{ id: 'titleSwitch', peer: 'openWebui', since: '0.5.12', label: 'titleSwitch' },
	{ id: 'connectionTypeSlot', peer: 'openWebui', since: '0.6.11', label: 'connectionTypeSlot' },
	{ id: 'proxyUnload', peer: 'openWebui', since: '0.6.11', label: 'proxyUnload' },
	{ id: 'followUps', peer: 'openWebui', since: '0.6.14', label: 'followUps' },
	{ id: 'apiKeysOff', peer: 'openWebui', since: '0.6.37', label: 'apiKeysOff', kind: 'note' },
	{ id: 'voicePrompt', peer: 'openWebui', since: '0.6.37', label: 'voicePrompt' },
	{ id: 'voicePromptSwitch', peer: 'openWebui', since: '0.9.4', label: 'voicePromptSwitch' },
	{ id: 'autocompletePrompt', peer: 'openWebui', since: '0.10.0', label: 'autocompletePrompt' },
	{ id: 'taskModelParams', peer: 'openWebui', since: '0.11.1', label: 'taskModelParams' },
	{ id: 'psContext', peer: 'ollama', since: '0.10.0', label: 'psContext' },
	{ id: 'tagsCapabilities', peer: 'ollama', since: '0.30.0', label: 'tagsCapabilities' },
];

export interface FeatureState {
	readonly id: string;
	readonly peer: Peer;
	readonly label: string;
	readonly since: string;
	/** undefined: the server's version is unknown (a source build reports 0.0.0). */
	readonly available: boolean | undefined;
	readonly kind: 'feature' | 'note';
	/** "available", "needs 0.6.11 or later" or "since 0.6.37". */
	readonly detail: string;
}

/** Ollama built from source says 0.0.0: that is "unknown", not "older than everything". */
function knownVersion(v: string | undefined): string | undefined {
	return v && compareVersions(v, '0.0.1') !== undefined && compareVersions(v, '0.0.1')! >= 0 ? v : undefined;
}

export function featureStates(versions: { readonly openWebui?: string; readonly ollama?: string }, t: Translate = english): FeatureState[] {
	const m = serverFeatureMessages;
	return serverFeatures.map((f) => {
		const version = knownVersion(f.peer === 'openWebui' ? versions.openWebui : versions.ollama);
		const available = atLeast(version, f.since);
		const kind = f.kind ?? 'feature';
		const detail = kind === 'note' ? t(m.noteSince, f.since) : available === false || available === undefined ? t(m.needs, f.since) : t(m.supported);
		return { id: f.id, peer: f.peer, label: t(m[f.label]), since: f.since, available, kind, detail };
	});
}

/** True when `id` is known to be missing on this server (unknown versions are given the benefit). */
export function tooOldFor(id: string, versions: { readonly openWebui?: string; readonly ollama?: string }): { since: string } | undefined {
	const f = serverFeatures.find((x) => x.id === id);
	if (!f) return undefined;
	const v = knownVersion(f.peer === 'openWebui' ? versions.openWebui : versions.ollama);
	return atLeast(v, f.since) === false ? { since: f.since } : undefined;
}

/** GET /api/version/updates: `{current, latest}`; `latest` is null when 0.12 could not reach GitHub. */
export type UpdateState =
	| { readonly kind: 'available'; readonly current: string; readonly latest: string; readonly message: string }
	| { readonly kind: 'upToDate'; readonly current: string; readonly message: string }
	| { readonly kind: 'unknown'; readonly message: string };

export function updateState(answer: unknown, runningVersion: string | undefined, t: Translate = english): UpdateState {
	const m = serverFeatureMessages;
	const a = (typeof answer === 'object' && answer !== null ? answer : {}) as { current?: unknown; latest?: unknown };
	const current = typeof a.current === 'string' ? a.current : runningVersion;
	if (!current) return { kind: 'unknown', message: t(m.updateUnknown, t(m.unknownVersion)) };
	if (typeof a.latest !== 'string' || !a.latest) return { kind: 'unknown', message: t(m.updateUnknown, t(m.updateOffline)) };
	const c = compareVersions(a.latest, current);
	if (c === undefined) return { kind: 'unknown', message: t(m.updateUnknown, a.latest) };
	return c > 0 ? { kind: 'available', current, latest: a.latest, message: t(m.updateAvailable, a.latest, current) } : { kind: 'upToDate', current, message: t(m.upToDate, current) };
}

/** The update check failed (offline, signed out, not an Open WebUI): say so, never guess. */
export function updateFailed(reason: string, t: Translate = english): UpdateState {
	return { kind: 'unknown', message: t(serverFeatureMessages.updateUnknown, reason) };
}
