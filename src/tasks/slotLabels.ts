// "follows the chat model" / "pinned to X" for each task-model slot. Pure.
import { english, type Translate } from '../shared/l10n';

export const slotLabelMessages = {
	follows: 'follows the chat model',
	pinned: 'pinned to {0}',
} as const;

export interface SlotLabel {
	readonly kind: 'follows' | 'pinned';
	readonly text: string;
}

/** '' (Open WebUI's "Current Model") follows the chat model; any id pins the slot to that model. */
export function slotLabel(id: string | undefined, t: Translate = english): SlotLabel {
	return id ? { kind: 'pinned', text: t(slotLabelMessages.pinned, id) } : { kind: 'follows', text: t(slotLabelMessages.follows) };
}
