// The host validates every message from the webview and drops what does not fit the protocol. Every
// closed set is checked against the constant array the protocol itself declares, so a new action,
// automation, profile or intent is one edit in src/shared/protocol.ts.
import {
	actionIds,
	automationKeys,
	benchmarkKinds,
	modelsModelKinds,
	modelsPlainKinds,
	modelsPullKinds,
	profileIds,
	taskSlots,
	tasksPlainKinds,
	type ModelsIntent,
	type TasksIntent,
	type WebviewMessage,
} from '../shared/protocol';

/** Narrows `value` to one of `list`'s members. */
function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (list as readonly string[]).includes(value);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
	if (!isObject(raw)) return undefined;
	switch (raw.type) {
		case 'ready':
			return { type: 'ready' };
		case 'action':
			return oneOf(actionIds, raw.action) ? { type: 'action', action: raw.action } : undefined;
		case 'benchmark': {
			const kind = isObject(raw.intent) ? raw.intent.kind : undefined;
			return oneOf(benchmarkKinds, kind) ? { type: 'benchmark', intent: { kind } } : undefined;
		}
		case 'tasks': {
			const intent = parseTasksIntent(raw.intent);
			return intent ? { type: 'tasks', intent } : undefined;
		}
		case 'models': {
			const intent = parseModelsIntent(raw.intent);
			return intent ? { type: 'models', intent } : undefined;
		}
		default:
			return undefined;
	}
}

const modelName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 350 && !/[\s"'`<>]/.test(v);

function parseModelsIntent(raw: unknown): ModelsIntent | undefined {
	if (!isObject(raw)) return undefined;
	const { kind } = raw;
	if (oneOf(modelsPlainKinds, kind)) return { kind };
	if (oneOf(modelsPullKinds, kind)) return typeof raw.id === 'string' && /^pull-\d+$/.test(raw.id) ? { kind, id: raw.id } : undefined;
	if (oneOf(modelsModelKinds, kind)) return modelName(raw.model) ? { kind, model: raw.model } : undefined;
	return undefined;
}

function parseTasksIntent(raw: unknown): TasksIntent | undefined {
	if (!isObject(raw)) return undefined;
	const { kind } = raw;
	if (oneOf(tasksPlainKinds, kind)) return { kind };
	switch (kind) {
		case 'hideTaskModel':
			return oneOf(taskSlots, raw.slot) && typeof raw.hidden === 'boolean' ? { kind, slot: raw.slot, hidden: raw.hidden } : undefined;
		case 'setParams':
			return parseParamsValues(raw.values);
		case 'setTaskModel': {
			if (raw.slot !== undefined && !oneOf(taskSlots, raw.slot)) return undefined;
			const slot = raw.slot;
			if (raw.model === undefined) return slot ? { kind, slot } : { kind };
			return modelName(raw.model) ? { kind, model: raw.model, ...(slot ? { slot } : {}) } : undefined;
		}
		case 'toggle':
			return oneOf(automationKeys, raw.key) && typeof raw.enabled === 'boolean' ? { kind, key: raw.key, enabled: raw.enabled } : undefined;
		case 'applyProfile':
			if (raw.profile === undefined) return { kind };
			return oneOf(profileIds, raw.profile) ? { kind, profile: raw.profile } : undefined;
		default:
			return undefined;
	}
}

/** Numbers or null for the three numeric keys, a boolean for thinking; anything else is dropped. */
function parseParamsValues(raw: unknown): TasksIntent | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const v = raw as Record<string, unknown>;
	const n = (x: unknown): number | null | undefined => (x === null ? null : typeof x === 'number' && Number.isFinite(x) ? x : undefined);
	const [maxTokens, temperature, numCtx] = [n(v.max_tokens), n(v.temperature), n(v.num_ctx)];
	if (maxTokens === undefined || temperature === undefined || numCtx === undefined || typeof v.thinkingOff !== 'boolean') return undefined;
	return { kind: 'setParams', values: { max_tokens: maxTokens, temperature, num_ctx: numCtx, thinkingOff: v.thinkingOff } };
}
