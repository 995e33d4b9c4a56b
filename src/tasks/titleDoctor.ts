// The title doctor: after one real title task through Open WebUI (usageCheck.ts), say why chats get
// their first message as the title, or why the chat model still does the work, and offer one fix.
// Causes: titles switched off, no task model, the task model in the wrong slot, a task-model id
// that does not exist, a thinking model, output Open WebUI cannot parse, a token cap. The parse
// rule is Open WebUI's own (taskOutput.ts, docs/open-webui-task-output.md). Pure: the host applies
// the fix through the usual write protocol.
import type { OpenWebuiModel, TaskConfig } from '../clients/openWebuiTypes';
import { fieldLabel, taskModelFields } from './automations';
import { openWebuiIdForOllama, type Slot } from './slots';
import { openWebuiTitle, type TitleOutcome } from './taskOutput';
import { taskParamsState, titleCapTokens, type TaskParamsEdit } from './taskParams';
import { sampleChat, type UsageResult } from './usageCheck';
import { english, type Translate } from '../shared/l10n';

export type TitleCause = 'titlesOff' | 'noTaskModel' | 'wrongSlot' | 'missingId' | 'unexplained' | 'thinkingModel' | 'cap' | 'unparsable';

export type TitleFix =
	| { readonly kind: 'setTaskModel'; readonly model: string; readonly slot: Slot }
	| { readonly kind: 'enableTitles' }
	| { readonly kind: 'setParams'; readonly edit: TaskParamsEdit }
	/** No setting fixes it: compare candidates and pick one that answers well. */
	| { readonly kind: 'benchmark' };

export interface TitleFinding {
	readonly cause: TitleCause;
	/** `fail`: titles fall back to the first message or the chat model works; `warn`: works, but slowly. */
	readonly severity: 'fail' | 'warn';
	readonly message: string;
	readonly fix?: TitleFix;
	readonly fixLabel?: string;
}

export interface TitleDiagnosis {
	/** True when a task model answered with a title Open WebUI uses and nothing needs fixing. */
	readonly ok: boolean;
	/** What Open WebUI makes of the answer (absent when no title task ran). */
	readonly outcome?: TitleOutcome;
	readonly findings: readonly TitleFinding[];
	/** The usage sentence, then each finding. */
	readonly message: string;
	/** The first finding's fix: what the one-click button does. */
	readonly fix?: TitleFix;
	readonly fixLabel?: string;
}

export interface TitleDoctorInput {
	readonly usage: UsageResult;
	readonly config: TaskConfig;
	readonly models: readonly OpenWebuiModel[];
	readonly serverVersion?: string;
	/** Names/ids of models with the "thinking" capability. */
	readonly thinkingModels?: readonly string[];
	/** The Open WebUI id of the recommended light candidate, offered when no usable task model is set. */
	readonly recommendedId?: string;
	readonly t?: Translate;
}

export const titleDoctorMessages = {
	titlesOff: 'Title Generation is off, so Open WebUI names every new chat by its first message.',
	noTaskModel: 'No task model is set for {0} chat models, so the chat model writes the titles.',
	noCandidate: 'Pull a light model first, then set it as the task model.',
	wrongSlot: 'The task model {0} is set as the {1}, but these chats use the {2}.',
	missingId: 'The {0} "{1}" does not exist in Open WebUI, so the chat model does the work.',
	unexplained: 'The task model is set and exists, yet the chat model answered: check the model\'s access settings in Open WebUI.',
	thinkingEmpty: '{0} is a thinking model: it spent the answer on reasoning and left no title, so Open WebUI used the first message.',
	thinkingSlow: '{0} reasons before it answers: titles work but take longer than they need to.',
	cap: 'The answer was cut off by the token cap ({0}) before the JSON was complete, so Open WebUI used the first message.',
	unparsable: '{0} answered "{1}", which is not the JSON Open WebUI expects, so the chat gets its first message as the title.',
	fine: 'Open WebUI titles the chat "{0}".',
	fixEnableTitles: 'Turn on Title Generation',
	fixSetTaskModel: 'Set {0} as the {1}',
	fixThinkingOff: 'Switch thinking off for task calls',
	fixCap: 'Raise the task cap to {0} tokens',
	fixJson: 'Ask task models for JSON output',
	fixBenchmark: 'Benchmark the candidates',
	unknownCap: 'unknown',
} as const;

const cut = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function diagnoseTitles(input: TitleDoctorInput): TitleDiagnosis {
	const t = input.t ?? english;
	const m = titleDoctorMessages;
	const u = input.usage;
	const findings: TitleFinding[] = [];
	const add = (f: TitleFinding) => findings.push(f);
	const setModel = (model: string, slot: Slot): Pick<TitleFinding, 'fix' | 'fixLabel'> => ({ fix: { kind: 'setTaskModel', model, slot }, fixLabel: t(m.fixSetTaskModel, model, fieldLabel(taskModelFields[slot], t)) });
	const params = taskParamsState(input.config, input.serverVersion, t);
	let outcome: TitleOutcome | undefined;

	switch (u.type) {
		case 'failed':
		case 'noChatModel':
			return { ok: false, findings, message: u.message };
		case 'disabled':
			add({ cause: 'titlesOff', severity: 'fail', message: t(m.titlesOff), fix: { kind: 'enableTitles' }, fixLabel: t(m.fixEnableTitles) });
			break;
		case 'chatModel': {
			const other: Slot = u.slot === 'local' ? 'external' : 'local';
			const otherId = str(input.config[taskModelFields[other]]);
			const configured = str(input.config[taskModelFields[u.slot]]);
			const exists = (id: string) => input.models.some((x) => x.id === id);
			if (u.reason === 'currentModel' && otherId && exists(otherId)) {
				add({ cause: 'wrongSlot', severity: 'fail', message: t(m.wrongSlot, otherId, fieldLabel(taskModelFields[other], t), fieldLabel(taskModelFields[u.slot], t)), ...setModel(otherId, u.slot) });
			} else if (u.reason === 'currentModel') {
				const kind = u.slot === 'local' ? t('local') : t('external');
				add({ cause: 'noTaskModel', severity: 'fail', message: input.recommendedId ? t(m.noTaskModel, kind) : `${t(m.noTaskModel, kind)} ${t(m.noCandidate)}`, ...(input.recommendedId ? setModel(input.recommendedId, u.slot) : {}) });
			} else if (u.reason === 'missingId') {
				// The model may be listed under another id (a connection prefix): offer that one first.
				const same = configured ? openWebuiIdForOllama(configured.replace(/^[^.]+\./, ''), input.models) : undefined;
				const target = same?.listed && same.id !== configured ? same.id : input.recommendedId;
				add({ cause: 'missingId', severity: 'fail', message: t(m.missingId, fieldLabel(taskModelFields[u.slot], t), configured), ...(target ? setModel(target, u.slot) : {}) });
			} else {
				add({ cause: 'unexplained', severity: 'fail', message: t(m.unexplained) });
			}
			outcome = judgeAnswer(u, input, params, add, t);
			break;
		}
		case 'taskModel':
			outcome = judgeAnswer(u, input, params, add, t);
			break;
	}
	const parts = [u.message, ...findings.map((f) => f.message)];
	if (outcome?.kind === 'generated' && !findings.some((f) => f.severity === 'fail')) parts.push(t(m.fine, cut(outcome.title)));
	const first = findings.find((f) => f.fix);
	return {
		ok: u.type === 'taskModel' && !findings.some((f) => f.severity === 'fail'),
		outcome,
		findings,
		message: parts.join(' '),
		...(first ? { fix: first.fix, fixLabel: first.fixLabel } : {}),
	};
}

function str(v: unknown): string {
	return typeof v === 'string' ? v : '';
}

/** Applies Open WebUI's parse rule to the title answer and explains a fallback. */
function judgeAnswer(
	u: Extract<UsageResult, { type: 'taskModel' | 'chatModel' }>,
	input: TitleDoctorInput,
	params: ReturnType<typeof taskParamsState>,
	add: (f: TitleFinding) => void,
	t: Translate,
): TitleOutcome | undefined {
	const m = titleDoctorMessages;
	const a = u.answer;
	if (!a) return undefined;
	const outcome = openWebuiTitle({ content: a.content, reasoning: a.reasoning }, { messages: sampleChat(t) });
	const thinking = Boolean(a.reasoning) || /<think/i.test(a.content) || (input.thinkingModels ?? []).some((x) => x === u.answeredBy || x.endsWith(`.${u.answeredBy}`) || u.answeredBy.endsWith(`.${x}`));
	const canParams = params.available;
	const thinkOff: Pick<TitleFinding, 'fix' | 'fixLabel'> = canParams && !params.values.thinkingOff ? { fix: { kind: 'setParams', edit: { thinkingOff: true } }, fixLabel: t(m.fixThinkingOff) } : { fix: { kind: 'benchmark' }, fixLabel: t(m.fixBenchmark) };
	if (outcome.kind === 'generated') {
		if (a.reasoning) add({ cause: 'thinkingModel', severity: 'warn', message: t(m.thinkingSlow, u.answeredBy), ...thinkOff });
		return outcome;
	}
	const cap = canParams ? params.values.max_tokens : undefined;
	const cutOff = a.finishReason === 'length' || (a.content.includes('{') && !a.content.slice(a.content.indexOf('{')).includes('}'));
	const visible = a.content.replace(/<think(?:ing)?>[\s\S]*?(?:<\/think(?:ing)?>|$)/gi, '').trim();
	if (!visible && thinking) {
		add({ cause: 'thinkingModel', severity: 'fail', message: t(m.thinkingEmpty, u.answeredBy), ...thinkOff });
	} else if (cutOff) {
		const raise = cap === undefined || cap < titleCapTokens;
		add({
			cause: 'cap',
			severity: 'fail',
			message: t(m.cap, cap === undefined ? t(m.unknownCap) : String(cap)),
			...(canParams && raise ? { fix: { kind: 'setParams', edit: { max_tokens: titleCapTokens } }, fixLabel: t(m.fixCap, titleCapTokens) } : thinking ? thinkOff : { fix: { kind: 'benchmark' }, fixLabel: t(m.fixBenchmark) }),
		});
	} else {
		const json = canParams && params.params.format === undefined;
		add({
			cause: 'unparsable',
			severity: 'fail',
			message: t(m.unparsable, u.answeredBy, cut(a.content.trim() || (a.reasoning ?? ''))),
			...(json ? { fix: { kind: 'setParams', edit: { jsonFormat: true } }, fixLabel: t(m.fixJson) } : { fix: { kind: 'benchmark' }, fixLabel: t(m.fixBenchmark) }),
		});
	}
	return outcome;
}
