// "Check That the Task Model Is Used" with the title doctor (tasks/titleDoctor.ts): one real title
// task through Open WebUI, the causes when titles fall back to the first message or the chat model
// does the work, and the fix in one click. Also Open WebUI's task model parameters
// (tasks/taskParams.ts). Thin glue inside the task-editing bundle; writes go through applyChanges.
import * as vscode from 'vscode';
import type { ModelsService } from '../models/modelsService';
import type { AppSlices } from '../state/appStore';
import type { TaskSettings } from '../tasks/taskSettings';
import { commandIds } from '../shared/ids';
import type { TaskParamsValues } from '../shared/protocol';
import { openWebuiIdForOllama } from '../tasks/slots';
import { taskParamsChanges, taskParamsState, type TaskParamsEdit } from '../tasks/taskParams';
import type { TaskConfigChanges } from '../tasks/automations';
import type { UpdateResult } from '../tasks/taskConfig';
import { diagnoseTitles, type TitleDiagnosis, type TitleFix } from '../tasks/titleDoctor';
import { checkUsage, type UsageResult } from '../tasks/usageCheck';
import type { FeatureContext } from './context';

/** What the doctor needs from the task-editing feature. */
export interface TaskDoctorDeps {
	readonly service: TaskSettings;
	/** The tasks feature owns the tasksUi slice; the doctor reports its answer through it. */
	setUsage(usage: NonNullable<AppSlices['tasksUi']['usage']> | undefined): void;
	ensureLoaded(quiet?: boolean): Promise<boolean>;
	applyChanges(changes: TaskConfigChanges, opts: { title: string; quiet?: boolean }): Promise<UpdateResult>;
}

type Quiet = { quiet?: boolean };

export function activateTaskDoctor(ctx: FeatureContext, models: ModelsService, tasks: TaskDoctorDeps): { readonly commands: Readonly<Record<string, (arg?: any) => Promise<unknown>>> } {
	const { connection, t } = ctx;
	const log = ctx.log.for('tasks');
	const service = tasks.service;
	let lastFix: TitleFix | undefined;

	const setUsage = tasks.setUsage;

	async function checkTaskModel(arg?: Quiet & { chatModel?: string; applyFix?: boolean }): Promise<(UsageResult & { diagnosis: TitleDiagnosis }) | UpdateResult | undefined> {
		if (arg?.applyFix) return applyFix(lastFix, arg.quiet);
		const client = connection.openWebui;
		if (!client || !(await tasks.ensureLoaded(arg?.quiet))) return undefined;
		const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Running one title task through Open WebUI…'), cancellable: true }, (_p, token) => {
			const c = new AbortController();
			token.onCancellationRequested(() => c.abort());
			return checkUsage({ api: client, serverVersion: service.current.version, chatModelId: arg?.chatModel, signal: c.signal, timeoutMs: 120_000, t });
		});
		const s = service.current;
		const m = models.current;
		const recommended = m.assessment?.recommended;
		const diagnosis = diagnoseTitles({
			usage: result,
			config: s.config ?? {},
			models: s.models,
			serverVersion: s.version,
			thinkingModels: m.rows.filter((r) => r.capabilities.includes('thinking')).map((r) => r.name),
			recommendedId: recommended ? openWebuiIdForOllama(recommended, s.models).id : undefined,
			t,
		});
		lastFix = s.canWrite || diagnosis.fix?.kind === 'benchmark' ? diagnosis.fix : undefined;
		const fixLabel = lastFix ? diagnosis.fixLabel : undefined;
		setUsage({ ok: diagnosis.ok, message: diagnosis.message, ...(fixLabel ? { fix: { label: fixLabel } } : {}) });
		log.info(`usage check: ${result.type}; title doctor: ${diagnosis.findings.map((f) => f.cause).join(', ') || 'fine'}`);
		if (!arg?.quiet) {
			const actions = fixLabel ? [fixLabel] : [];
			const shown = diagnosis.ok ? vscode.window.showInformationMessage(diagnosis.message, ...actions) : vscode.window.showWarningMessage(diagnosis.message, ...actions);
			void shown.then((pick) => (pick !== undefined && pick === fixLabel ? applyFix(lastFix) : undefined));
		}
		return { ...result, diagnosis };
	}

	async function applyFix(fix: TitleFix | undefined, quiet?: boolean): Promise<UpdateResult | undefined> {
		if (!fix) return undefined;
		lastFix = undefined;
		setUsage(undefined);
		switch (fix.kind) {
			case 'setTaskModel':
				return vscode.commands.executeCommand<UpdateResult>(commandIds.setTaskModel, { model: fix.model, slot: fix.slot, quiet });
			case 'enableTitles':
				return vscode.commands.executeCommand<UpdateResult>(commandIds.toggleAutomations, { set: { title: true }, quiet });
			case 'setParams':
				return setParams(fix.edit, quiet);
			case 'benchmark':
				void vscode.commands.executeCommand(commandIds.benchmarkCandidates);
				return undefined;
		}
	}

	async function setParams(edit: TaskParamsEdit, quiet?: boolean): Promise<UpdateResult> {
		const s = service.current;
		const change = taskParamsChanges(s.config, edit, s.version, t);
		if (change.type !== 'changes') {
			if (!quiet) void vscode.window.showWarningMessage(change.message);
			return { type: 'failed', reason: change.type === 'invalid' ? 'rejected' : 'tooOld', message: change.message };
		}
		if (!s.canWrite) {
			if (!quiet) void vscode.window.showWarningMessage(s.readOnlyReason ?? t('Only an Open WebUI admin can change task settings.'));
			return { type: 'failed', reason: 'readOnly', message: s.readOnlyReason ?? '' };
		}
		const result = await tasks.applyChanges(change.changes, { title: t('Setting the task model parameters…'), quiet });
		if (!quiet && change.notes.length && result.type === 'written') void vscode.window.showInformationMessage(change.notes.join(' '));
		return result;
	}

	/** Palette: pick a key, type a value (empty removes it); from code or the panel: the values. */
	async function setTaskModelParams(arg?: (TaskParamsEdit | TaskParamsValues) & Quiet): Promise<UpdateResult | undefined> {
		if (!(await tasks.ensureLoaded(arg?.quiet))) return undefined;
		if (arg && Object.keys(arg).some((k) => k !== 'quiet')) return setParams(arg, arg.quiet);
		const s = service.current;
		const state = taskParamsState(s.config, s.version, t);
		if (!state.available) {
			void vscode.window.showWarningMessage(state.message);
			return undefined;
		}
		type Item = vscode.QuickPickItem & { key: 'max_tokens' | 'temperature' | 'num_ctx' | 'think' };
		const shown = (v: number | undefined) => (v === undefined ? t('not set') : String(v));
		const items: Item[] = [
			{ key: 'max_tokens', label: 'max_tokens', description: shown(state.values.max_tokens), detail: t('Most tokens a task answer may have (Open WebUI caps titles at 1000 when unset).') },
			{ key: 'temperature', label: 'temperature', description: shown(state.values.temperature), detail: t('Lower is more predictable; 0 to 2.') },
			{ key: 'num_ctx', label: 'num_ctx', description: shown(state.values.num_ctx), detail: t('Context window for task calls, in tokens; smaller is lighter on memory.') },
			{ key: 'think', label: t('Thinking off'), description: state.values.thinkingOff ? t('on') : t('off'), detail: t('Sends think: false so thinking models answer at once.') },
		];
		const pick = await vscode.window.showQuickPick(items, { title: t('Task model parameters: {0}', state.summary), placeHolder: state.warning ?? t('Open WebUI merges these into every title, tags, follow-up, query and autocomplete call.') });
		if (!pick) return undefined;
		if (pick.key === 'think') return setParams({ thinkingOff: !state.values.thinkingOff });
		const key = pick.key;
		const input = await vscode.window.showInputBox({
			title: key,
			value: state.values[key] === undefined ? '' : String(state.values[key]),
			prompt: t('Empty removes {0} from the task model parameters.', key),
			validateInput: (v) => {
				if (v.trim() === '') return undefined;
				const r = taskParamsChanges(s.config, { [key]: Number(v) }, s.version, t);
				return r.type === 'invalid' ? r.message : undefined;
			},
		});
		if (input === undefined) return undefined;
		return setParams({ [key]: input.trim() === '' ? null : Number(input) });
	}

	return { commands: { [commandIds.checkTaskModel]: checkTaskModel, [commandIds.setTaskModelParams]: setTaskModelParams } };
}
