// "Check that it is used": run Open WebUI's title task once for one of the user's chat models and
// tell which model answered, how long it took, and, if the chat model did the work, why.
import type { OpenWebuiModel, TaskConfig } from '../clients/openWebuiTypes';
import type { TitleCompletionRequest, TitleCompletionResponse } from '../clients/openWebuiTypes';
import { fieldLabel, taskModelFields } from './automations';
import { chatModels, missingTaskModels, slotForModel, type Slot } from './slots';
import { english, type Translate } from '../shared/l10n';

export interface UsageCheckApi {
	/** GET /api/models: also fills Open WebUI's model table, without which a fresh server answers 404. */
	models(signal?: AbortSignal): Promise<{ data: OpenWebuiModel[] }>;
	taskConfig(signal?: AbortSignal): Promise<TaskConfig>;
	titleCompletion(body: TitleCompletionRequest, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<TitleCompletionResponse>;
}

export interface UsageCheckInput {
	readonly api: UsageCheckApi;
	readonly serverVersion?: string;
	/** The chat model to test with; default: the first chat model that is not itself a task model. */
	readonly chatModelId?: string;
	readonly signal?: AbortSignal;
	readonly timeoutMs?: number;
	readonly now?: () => number;
	readonly t?: Translate;
}

export type UsageReason = 'currentModel' | 'missingId' | 'unexplained';

/** What the title task answered (choices[0]), for the title doctor. */
export interface TitleAnswer {
	readonly content: string;
	readonly reasoning?: string;
	readonly finishReason?: string;
}

export type UsageResult =
	| { readonly type: 'taskModel'; readonly chatModel: string; readonly answeredBy: string; readonly slot: Slot; readonly ms: number; readonly message: string; readonly answer?: TitleAnswer }
	| { readonly type: 'chatModel'; readonly reason: UsageReason; readonly chatModel: string; readonly answeredBy: string; readonly slot: Slot; readonly ms: number; readonly message: string; readonly answer?: TitleAnswer }
	| { readonly type: 'disabled'; readonly ms: number; readonly message: string }
	| { readonly type: 'noChatModel'; readonly message: string }
	| { readonly type: 'failed'; readonly message: string; readonly error: unknown };

export const usageMessages = {
	answeredTask: '{0} answered the title task for chat model {1} in {2}: Open WebUI uses the {3}.',
	answeredChat: 'The chat model {0} answered the title task itself in {1}, not a task model.',
	slotIntro: '{0} counts as {1}, so Open WebUI looks at the {2}.',
	local: 'local',
	external: 'external',
	slotEmpty: 'The {0} is not set (no task model), so the chat model does the work.',
	otherSlotSet: 'Your task model is set as the {0} ({1}), which only applies to {2} chat models.',
	unexplained: 'The {0} is set to {1} and exists; Open WebUI still used the chat model (check the model access settings).',
	answeredOther: '{0} answered instead of the task model {1}.',
	disabled: 'Title Generation is off in Open WebUI, so no task ran ({0}). Turn it on to check which model answers.',
	noChatModel: 'Open WebUI lists no chat model to test with.',
	failed: 'The title task failed: {0}',
	seconds: '{0} s',
	sampleQuestion: 'What is a good way to keep basil alive on a windowsill?',
	sampleAnswer: 'Give it at least six hours of sun, water when the top of the soil is dry, and pinch off flower buds.',
} as const;

/** The sample chat sent to the title task. */
export function sampleChat(t: Translate = english): TitleCompletionRequest['messages'] {
	return [
		{ role: 'user', content: t(usageMessages.sampleQuestion) },
		{ role: 'assistant', content: t(usageMessages.sampleAnswer) },
	];
}

/**
 * True when `answered` (as the completion names it) is the Open WebUI model `id`. Ollama answers
 * with its own name; a connection with a prefix_id gets the id without "<prefix>." (Open WebUI
 * strips it before forwarding, routers/openai.py) and answers with that.
 */
export function sameModel(answered: string, id: string, models: readonly OpenWebuiModel[]): boolean {
	if (answered === id) return true;
	const m = models.find((x) => x.id === id);
	if (!m) return false;
	if (m.ollama && (m.ollama.name === answered || m.ollama.model === answered)) return true;
	return answered !== '' && id.endsWith(`.${answered}`);
}

export async function checkUsage(input: UsageCheckInput): Promise<UsageResult> {
	const t = input.t ?? english;
	const now = input.now ?? (() => performance.now());
	const m = usageMessages;
	const fmt = (ms: number) => t(m.seconds, (ms / 1000).toFixed(1));
	let models: OpenWebuiModel[];
	let config: TaskConfig;
	try {
		models = (await input.api.models(input.signal)).data;
		config = await input.api.taskConfig(input.signal);
	} catch (e) {
		return { type: 'failed', message: t(m.failed, (e as Error)?.message ?? String(e)), error: e };
	}
	const taskIds = [config[taskModelFields.local], config[taskModelFields.external]];
	const chats = chatModels(models);
	const chat = input.chatModelId ? models.find((x) => x.id === input.chatModelId) ?? { id: input.chatModelId } : chats.find((x) => !taskIds.includes(x.id)) ?? chats[0];
	if (!chat) return { type: 'noChatModel', message: t(m.noChatModel) };

	const started = now();
	let res: TitleCompletionResponse;
	try {
		res = await input.api.titleCompletion({ model: chat.id, messages: sampleChat(t), stream: false }, { signal: input.signal, timeoutMs: input.timeoutMs });
	} catch (e) {
		return { type: 'failed', message: t(m.failed, (e as Error)?.message ?? String(e)), error: e };
	}
	const ms = Math.max(0, Math.round(now() - started));
	// Title/tags/follow-up answer 200 {detail} when switched off.
	if (!Array.isArray(res?.choices) && typeof res?.detail === 'string') return { type: 'disabled', ms, message: t(m.disabled, res.detail) };

	const slot = slotForModel(chat, input.serverVersion);
	const field = taskModelFields[slot];
	const configured = typeof config[field] === 'string' ? (config[field] as string) : '';
	const answeredBy = typeof res.model === 'string' && res.model ? res.model : chat.id;
	const choice = res.choices?.[0] as { message?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown }; finish_reason?: unknown } | undefined;
	const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
	const answer: TitleAnswer = {
		content: str(choice?.message?.content) ?? '',
		...(str(choice?.message?.reasoning_content) ?? str(choice?.message?.reasoning) ? { reasoning: str(choice?.message?.reasoning_content) ?? str(choice?.message?.reasoning) } : {}),
		...(str(choice?.finish_reason) ? { finishReason: str(choice?.finish_reason) } : {}),
	};
	if (configured && sameModel(answeredBy, configured, models)) {
		return { type: 'taskModel', chatModel: chat.id, answeredBy, slot, ms, message: t(m.answeredTask, configured, chat.id, fmt(ms), fieldLabel(field, t)), answer };
	}
	const kind = slot === 'local' ? t(m.local) : t(m.external);
	const parts = [sameModel(answeredBy, chat.id, models) ? t(m.answeredChat, chat.id, fmt(ms)) : t(m.answeredOther, answeredBy, configured || '—'), t(m.slotIntro, chat.id, kind, fieldLabel(field, t))];
	let reason: UsageReason;
	const missing = missingTaskModels(config, models, { t }).find((x) => x.field === field);
	if (!configured) {
		reason = 'currentModel';
		parts.push(t(m.slotEmpty, fieldLabel(field, t)));
		const other: Slot = slot === 'local' ? 'external' : 'local';
		const otherValue = config[taskModelFields[other]];
		if (typeof otherValue === 'string' && otherValue) {
			parts.push(t(m.otherSlotSet, fieldLabel(taskModelFields[other], t), otherValue, other === 'local' ? t(m.local) : t(m.external)));
		}
	} else if (missing) {
		reason = 'missingId';
		parts.push(missing.message);
	} else {
		reason = 'unexplained';
		parts.push(t(m.unexplained, fieldLabel(field, t), configured));
	}
	return { type: 'chatModel', reason, chatModel: chat.id, answeredBy, slot, ms, message: parts.join(' '), answer };
}
