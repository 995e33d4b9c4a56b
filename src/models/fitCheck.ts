// "Would not fit" before a pull or a set: the model plus the loaded (or largest) chat model must
// fit in free memory, else every title evicts the chat model. Pure; uses the same memory estimate
// and budget as the candidate verdicts (candidates.ts, budget.ts).
import type { CandidateAssessment, MemoryBudget } from './candidates';
import { memoryEstimate } from './candidates';
import { formatBytes } from './format';
import { english, type Translate } from '../shared/l10n';

export const fitCheckMessages = {
	wouldNotFit: '{0} would not fit beside {1}: about {2} more is needed but only {3} of {4} is free, so Ollama would unload {1} for every background task.',
	wouldNotFitAlone: '{0} would not fit: about {1} is needed but only {2} of {3} is free.',
	vram: 'VRAM',
	ram: 'RAM',
	continueAnyway: 'Continue anyway',
} as const;

export interface FitInput {
	readonly model: string;
	/** Bytes on disk (installed) or the typical download size; undefined = unknown → no verdict. */
	readonly diskBytes?: number;
	/** Already in memory: it needs nothing more. */
	readonly loadedBytes?: number;
	readonly assessment?: CandidateAssessment;
	readonly budget?: MemoryBudget;
}

export interface FitWarning {
	readonly neededBytes: number;
	readonly freeBytes: number;
	readonly message: string;
}

/** A warning when model + chat model exceed free memory; undefined when it fits or nothing is known. */
export function fitWarning(input: FitInput, t: Translate = english): FitWarning | undefined {
	const b = input.budget;
	if (!b || input.loadedBytes !== undefined) return undefined;
	const gpu = (b.gpuCount ?? 0) > 0 && b.freeVramBytes !== undefined;
	const free = gpu ? b.freeVramBytes : b.freeRamBytes;
	if (free === undefined || input.diskBytes === undefined) return undefined;
	const own = Math.round(input.diskBytes * memoryEstimate.factor + memoryEstimate.contextBytes);
	const chat = input.assessment?.chatModel;
	const withChat = chat && chat.name !== input.model ? chat : undefined;
	// Free memory already excludes what is loaded: a loaded chat model needs nothing more.
	const needed = own + (withChat && !withChat.loaded ? withChat.memory.bytes : 0);
	if (needed <= free) return undefined;
	const where = t(gpu ? fitCheckMessages.vram : fitCheckMessages.ram);
	const message = withChat
		? t(fitCheckMessages.wouldNotFit, input.model, withChat.name, formatBytes(needed), formatBytes(free), where)
		: t(fitCheckMessages.wouldNotFitAlone, input.model, formatBytes(needed), formatBytes(free), where);
	return { neededBytes: needed, freeBytes: free, message };
}
