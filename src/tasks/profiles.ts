// Profiles: named sets of task-config changes, shown as an exact diff before they are applied.
// Only fields the server has are touched, so a profile never adds a key.
import type { TaskConfig } from '../clients/openWebuiTypes';
import type { ProfileId } from '../shared/protocol';
import { automationSpecs, describeValue, fieldLabel, taskModelFields, type AutomationKey, type TaskConfigChanges } from './automations';
import type { FieldChange } from './taskConfig';
import { plainEqual } from '../util/plainEqual';
import { assertNever } from '../util/assert';
import { english, type Translate } from '../shared/l10n';
import { taskParamsChanges, taskParamsField } from './taskParams';

export type { ProfileId };

export interface ProfileInfo {
	readonly id: ProfileId;
	readonly label: string;
	readonly description: string;
	/** What the host must ask for first: a light local model, an external model, or nothing. */
	readonly needs: 'localModel' | 'externalModel' | undefined;
}

export interface ProfileInput {
	/** Open WebUI id of the recommended light local candidate (Laptop). */
	readonly localModelId?: string;
	/** Open WebUI id of the chosen external model (Hosted tasks). */
	readonly externalModelId?: string;
}

export const profileMessages = {
	laptopLabel: 'Laptop / low memory',
	laptopDescription: 'A light local task model with thinking off; autocomplete and follow-up suggestions off.',
	batteryLabel: 'On battery',
	batteryDescription: 'Every background task off except chat titles, which run with thinking off.',
	hostedLabel: 'Hosted tasks',
	hostedDescription: 'Background tasks run on a hosted (external) model instead of this machine.',
	allLabel: 'All features',
	allDescription: 'Every background task on.',
	needsLocal: 'The Laptop profile needs a light local model: pull one first.',
	needsExternal: 'The Hosted tasks profile needs an external model: add an OpenAI-compatible connection in Open WebUI first.',
	noChanges: 'Nothing to change: the task settings already match "{0}".',
} as const;

export function listProfiles(t: Translate = english): ProfileInfo[] {
	const m = profileMessages;
	return [
		{ id: 'laptop', label: t(m.laptopLabel), description: t(m.laptopDescription), needs: 'localModel' },
		{ id: 'battery', label: t(m.batteryLabel), description: t(m.batteryDescription), needs: undefined },
		{ id: 'hosted', label: t(m.hostedLabel), description: t(m.hostedDescription), needs: 'externalModel' },
		{ id: 'all', label: t(m.allLabel), description: t(m.allDescription), needs: undefined },
	];
}

const background = automationSpecs.filter((a) => a.background);
const allOff = (except: readonly AutomationKey[]) => Object.fromEntries(background.map((a) => [a.field, except.includes(a.key)]));

export type ProfileChanges = { readonly type: 'changes'; readonly changes: TaskConfigChanges } | { readonly type: 'missingInput'; readonly message: string };

/** The wanted values of a profile, restricted to the fields this server has. */
export function profileChanges(id: ProfileId, config: TaskConfig, input: ProfileInput = {}, t: Translate = english): ProfileChanges {
	let wanted: Record<string, unknown>;
	switch (id) {
		case 'laptop':
			if (!input.localModelId) return { type: 'missingInput', message: t(profileMessages.needsLocal) };
			wanted = { [taskModelFields.local]: input.localModelId, ENABLE_AUTOCOMPLETE_GENERATION: false, ENABLE_FOLLOW_UP_GENERATION: false };
			break;
		case 'battery':
			wanted = allOff(['title']);
			break;
		case 'hosted':
			if (!input.externalModelId) return { type: 'missingInput', message: t(profileMessages.needsExternal) };
			wanted = { [taskModelFields.external]: input.externalModelId };
			break;
		case 'all':
			wanted = Object.fromEntries(background.map((a) => [a.field, true]));
			break;
		default:
			return assertNever(id);
	}
	// Laptop and battery also switch thinking off in the task model parameters (Open WebUI 0.11.1+),
	// keeping the dict's other keys; a server without them is left alone.
	if ((id === 'laptop' || id === 'battery') && taskParamsField in config) {
		const p = taskParamsChanges(config, { thinkingOff: true }, undefined, t);
		if (p.type === 'changes') wanted[taskParamsField] = p.params;
	}
	return { type: 'changes', changes: Object.fromEntries(Object.entries(wanted).filter(([k]) => k in config)) };
}

/** The exact changes `changes` would make to `config`, in the config's key order. */
export function diff(config: TaskConfig, changes: TaskConfigChanges, t: Translate = english): FieldChange[] {
	return Object.keys(config)
		.filter((k) => k in changes && !plainEqual(config[k], changes[k]))
		.map((k) => ({
			field: k,
			label: fieldLabel(k, t),
			from: config[k],
			to: changes[k],
			fromText: describeValue(k, config[k], t),
			toText: describeValue(k, changes[k], t),
		}));
}

/** Profile → diff in one step, for the "show the exact changes" confirmation. */
export function profileDiff(id: ProfileId, config: TaskConfig, input: ProfileInput = {}, t: Translate = english): { type: 'diff'; changes: TaskConfigChanges; diff: FieldChange[] } | { type: 'missingInput'; message: string } {
	const p = profileChanges(id, config, input, t);
	if (p.type === 'missingInput') return p;
	return { type: 'diff', changes: p.changes, diff: diff(config, p.changes, t) };
}
