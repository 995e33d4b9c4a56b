// The host validates every message from the webview and drops what does not fit the protocol.
import type { ActionId, ModelsIntent, TasksIntent, WebviewMessage } from '../shared/protocol';
import { automationSpecs, type AutomationKey } from '../tasks/automations';
import type { ProfileId } from '../tasks/profiles';

const actionIds: readonly ActionId[] = ['retry', 'openSettings', 'configureConnection', 'signIn', 'signOut', 'showLog'];

export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const m = raw as { type?: unknown; action?: unknown };
	switch (m.type) {
		case 'ready':
			return { type: 'ready' };
		case 'action':
			return typeof m.action === 'string' && (actionIds as readonly string[]).includes(m.action) ? { type: 'action', action: m.action as ActionId } : undefined;
		case 'benchmark': {
			const kind = ((m as { intent?: { kind?: unknown } }).intent ?? {}).kind;
			return kind === 'run' || kind === 'cancel' ? { type: 'benchmark', intent: { kind } } : undefined;
		}
		case 'tasks': {
			const intent = parseTasksIntent((m as { intent?: unknown }).intent);
			return intent ? { type: 'tasks', intent } : undefined;
		}
		case 'models': {
			const intent = parseModelsIntent((m as { intent?: unknown }).intent);
			return intent ? { type: 'models', intent } : undefined;
		}
		default:
			return undefined;
	}
}

const modelName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 350 && !/[\s"'`<>]/.test(v);

function parseModelsIntent(raw: unknown): ModelsIntent | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const i = raw as { kind?: unknown; model?: unknown };
	switch (i.kind) {
		case 'refresh':
		case 'pullOther':
		case 'unloadAll':
			return { kind: i.kind };
		case 'cancelPull':
		case 'dismissPull':
			return typeof (i as { id?: unknown }).id === 'string' && /^pull-\d+$/.test((i as { id: string }).id) ? { kind: i.kind, id: (i as { id: string }).id } : undefined;
		case 'pull':
		case 'delete':
		case 'unload':
			return modelName(i.model) ? { kind: i.kind, model: i.model } : undefined;
		default:
			return undefined;
	}
}

const profiles = ['laptop', 'battery', 'hosted', 'all'];

function parseTasksIntent(raw: unknown): TasksIntent | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const i = raw as { kind?: unknown; model?: unknown; key?: unknown; enabled?: unknown; profile?: unknown };
	switch (i.kind) {
		case 'undo':
		case 'copyEnv':
		case 'checkUsage':
		case 'addHosted':
			return { kind: i.kind };
		case 'hideTaskModel': {
			const h = raw as { slot?: unknown; hidden?: unknown };
			return (h.slot === 'local' || h.slot === 'external') && typeof h.hidden === 'boolean' ? { kind: 'hideTaskModel', slot: h.slot, hidden: h.hidden } : undefined;
		}
		case 'setTaskModel':
			if (i.model === undefined) return { kind: 'setTaskModel' };
			return modelName(i.model) ? { kind: 'setTaskModel', model: i.model } : undefined;
		case 'toggle':
			return automationSpecs.some((a) => a.key === i.key) && typeof i.enabled === 'boolean' ? { kind: 'toggle', key: i.key as AutomationKey, enabled: i.enabled } : undefined;
		case 'applyProfile':
			if (i.profile === undefined) return { kind: 'applyProfile' };
			return typeof i.profile === 'string' && profiles.includes(i.profile) ? { kind: 'applyProfile', profile: i.profile as ProfileId } : undefined;
		default:
			return undefined;
	}
}
