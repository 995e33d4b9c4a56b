// Open WebUI task settings: set the task model in the right slot, toggle the automations, apply a
// profile, undo, copy as env vars. Thin glue over tasks/taskSettings.ts; every write goes through
// the read-modify-write protocol. The title doctor and task-model parameters: taskDoctorFeature.ts.
import * as vscode from 'vscode';
import { confirmFits } from './fitGuard';
import type { ModelsService } from '../models/modelsService';
import type { TaskSettings } from '../tasks/taskSettings';
import { commandIds } from '../shared/ids';
import type { TasksIntent } from '../shared/protocol';
import { automationChanges, describeValue, taskModelChanges, taskModelFields, type AutomationKey, type SlotChoice, type TaskConfigChanges } from '../tasks/automations';
import { exportEnv } from '../tasks/envExport';
import type { UndoResult } from '../tasks/history';
import { listProfiles, profileDiff, type ProfileId } from '../tasks/profiles';
import { externalModelIds, openWebuiIdForOllama, preselectSlot } from '../tasks/slots';
import type { UpdateResult } from '../tasks/taskConfig';
import type { AppSlices } from '../state/appStore';
import type { FeatureContext } from './context';
import { activateTaskDoctor } from './taskDoctorFeature';

export interface TasksFeature extends vscode.Disposable {
	handleIntent(intent: TasksIntent): Promise<unknown>;
	/** The task-editing commands by id: the composition root registers them and loads this feature
	 * (its own bundle, dist/tasks.js) on the first call. Reading the settings stays in the core
	 * (tasksState.ts). */
	readonly commands: Readonly<Record<string, (arg?: any) => Promise<unknown>>>;
}

type Quiet = { quiet?: boolean };

export function activateTasks(ctx: FeatureContext, models: ModelsService, service: TaskSettings): TasksFeature {
	const { store, connection, t } = ctx;
	const log = ctx.log.for('tasks');
	// The tasksUi slice: this feature is its one writer; the doctor reports through setUsage.
	const ui = store.writer('tasksUi');
	const setUsage = (usage: NonNullable<AppSlices['tasksUi']['usage']> | undefined) => ui.set({ ...ui.get(), usage });
	const setBusy = (busy: boolean) => ui.set({ ...ui.get(), busy });

	async function withBusy<T>(title: string, fn: () => Promise<T>): Promise<T> {
		setBusy(true);
		try {
			return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, fn);
		} finally {
			setBusy(false);
		}
	}

	/** Tell the user what happened; offer Undo after a write and Overwrite after a conflict. */
	async function report(result: UpdateResult, retry: (force: boolean) => Promise<UpdateResult>, quiet?: boolean): Promise<UpdateResult> {
		if (quiet) return result;
		switch (result.type) {
			case 'written': {
				const undo = t('Undo');
				const restore = t('Restore theirs');
				const warn = result.mismatches.length > 0 || result.overwritten.length > 0;
				const actions = result.overwritten.length ? [restore, undo] : [undo];
				const pick = await (warn ? vscode.window.showWarningMessage(result.message, ...actions) : vscode.window.showInformationMessage(result.message, ...actions));
				if (pick === undo) await undoLast();
				if (pick === restore) {
					const theirs = Object.fromEntries(result.overwritten.map((c) => [c.field, c.to]));
					const again = (force: boolean) => withBusy(t('Restoring their change…'), () => service.update(theirs, { force }));
					await report(await again(false), again, quiet);
				}
				return result;
			}
			case 'unchanged':
				void vscode.window.showInformationMessage(result.message);
				return result;
			case 'conflict': {
				const overwrite = t('Overwrite');
				const pick = await vscode.window.showWarningMessage(result.message, { modal: true }, overwrite);
				return pick === overwrite ? report(await retry(true), retry, quiet) : result;
			}
			case 'failed': {
				const signIn = t('Sign in');
				const actions = result.reason === 'needsSignIn' ? [signIn] : [];
				const pick = await vscode.window.showErrorMessage(result.message, ...actions);
				if (pick === signIn) void vscode.commands.executeCommand(commandIds.signIn);
				return result;
			}
		}
	}

	/** Loads the slice for the current server; `quiet` callers get no pop-up (they read the result). */
	async function ensureLoaded(quiet?: boolean): Promise<boolean> {
		const s0 = service.current;
		// A slice of another server (the URL changed, its refresh still running) is as good as none.
		if (s0.status !== 'ready' || s0.serverUrl !== connection.openWebui?.baseUrl) await service.refresh();
		const s = service.current;
		if (s.status === 'ready') return true;
		if (quiet) return false;
		const msg = s.message ?? t('Sign in to Open WebUI to read and change its task settings.');
		const signIn = t('Sign in');
		void vscode.window.showErrorMessage(msg, signIn).then((p) => p === signIn && vscode.commands.executeCommand(commandIds.signIn));
		return false;
	}

	/** A non-admin: say why (unless quiet) and write nothing. */
	function refuseReadOnly(quiet?: boolean): UpdateResult {
		const reason = service.current.readOnlyReason;
		if (!quiet) void vscode.window.showWarningMessage(reason ?? t('Only an Open WebUI admin can change task settings.'));
		return { type: 'failed', reason: 'readOnly', message: reason ?? '' };
	}

	function notLoaded(): UpdateResult {
		const s = service.current;
		return { type: 'failed', reason: s.reason ?? 'needsSignIn', message: s.message ?? t('Sign in to Open WebUI to read and change its task settings.') };
	}

	async function setTaskModel(arg?: { model?: string; slot?: SlotChoice } & Quiet): Promise<UpdateResult | undefined> {
		if (!(await ensureLoaded(arg?.quiet))) return arg?.quiet ? notLoaded() : undefined;
		const s = service.current;
		if (!s.canWrite) return refuseReadOnly(arg?.quiet);
		const id = arg?.model !== undefined ? toOpenWebuiId(arg.model) : await pickTaskModel();
		if (id === undefined) return undefined;
		const slot = arg?.slot ?? (await pickSlot(id));
		if (!slot) return undefined;
		const row = models.current.rows.find((r) => r.name === arg?.model || (id && openWebuiIdForOllama(r.name, s.models).id === id));
		if (!arg?.quiet && row && !(await confirmFits(models, row.name, { log: (x) => log.info(x), t }))) return undefined;
		const changes = taskModelChanges(slot, id);
		const run = (force: boolean) => withBusy(t('Setting the task model…'), () => service.update(changes, { force }));
		return report(await run(false), run, arg?.quiet);
	}

	function toOpenWebuiId(model: string): string {
		if (model === '') return '';
		const s = service.current;
		if (s.models.some((m) => m.id === model)) return model;
		return openWebuiIdForOllama(model, s.models).id;
	}

	async function pickTaskModel(): Promise<string | undefined> {
		const s = service.current;
		const m = models.current;
		type Item = vscode.QuickPickItem & { id?: string };
		const verdicts = m.assessment?.verdicts ?? {};
		const local = m.rows.filter((r) => !r.cloud);
		const candidates = local.filter((r) => verdicts[r.name]?.candidate).sort((a, b) => Number(verdicts[b.name]?.recommended) - Number(verdicts[a.name]?.recommended) || (a.parameters ?? 0) - (b.parameters ?? 0));
		const others = local.filter((r) => !verdicts[r.name]?.candidate && !r.capabilities.includes('embedding'));
		const item = (name: string): Item => {
			const r = m.rows.find((x) => x.name === name)!;
			const v = verdicts[name];
			const badges = [v?.recommended ? `$(star-full) ${t('recommended')}` : undefined, r.capabilities.includes('thinking') ? t('thinking') : undefined, r.loaded ? t('in memory') : undefined].filter(Boolean);
			return {
				label: name,
				description: [r.sizeLabel, r.parametersLabel, ...badges].filter(Boolean).join(' · '),
				detail: v?.reasons.filter((x) => x.kind !== 'parameters' && x.kind !== 'recommended').map((x) => x.text).join(' · '),
				id: openWebuiIdForOllama(name, s.models).id,
			};
		};
		const external = externalModelIds(s.models, s.version);
		const items: Item[] = [
			{ label: t('Task-model candidates'), kind: vscode.QuickPickItemKind.Separator },
			...candidates.map((r) => item(r.name)),
			...(external.length ? [{ label: t('Hosted (external) models'), kind: vscode.QuickPickItemKind.Separator } as Item, ...external.map((id) => ({ label: id, description: t('external connection'), id }))] : []),
			...(others.length ? [{ label: t('Other local models'), kind: vscode.QuickPickItemKind.Separator } as Item, ...others.map((r) => item(r.name))] : []),
			{ label: '', kind: vscode.QuickPickItemKind.Separator },
			{ label: t('No task model'), description: t('the chat model does the work'), id: '' },
		];
		const pick = await vscode.window.showQuickPick(items, { title: t('Set Open WebUI\'s task model'), placeHolder: t('Light, non-thinking models make titles, tags and autocomplete fast'), matchOnDescription: true, matchOnDetail: true });
		return pick?.id;
	}

	function noTaskModel(): string {
		return describeValue(taskModelFields.local, '', t);
	}

	async function pickSlot(id: string): Promise<SlotChoice | undefined> {
		const s = service.current;
		const pre = s.slot ? preselectSlot(s.slot) : 'local';
		type Item = vscode.QuickPickItem & { slot: SlotChoice };
		const all: Item[] = [
			{ slot: 'local', label: t('Local Task Model'), description: t('used when the chat model is a local (Ollama) model'), detail: t('now: {0}', s.taskModel.local || noTaskModel()) },
			{ slot: 'external', label: t('External Task Model'), description: t('used when the chat model comes from an external connection'), detail: t('now: {0}', s.taskModel.external || noTaskModel()) },
			{ slot: 'both', label: t('Both'), description: t('the same task model for every chat model') },
		];
		const items = [...all.filter((i) => i.slot === pre), ...all.filter((i) => i.slot !== pre)];
		items[0] = { ...items[0], label: `${items[0].label}`, description: `${items[0].description} · ${t('recommended for your models')}` };
		const title = id ? t('Set {0} as the task model for…', id) : t('Use no task model (the chat model does the work) for…');
		const pick = await vscode.window.showQuickPick(items, { title, placeHolder: s.slot?.sentence });
		return pick?.slot;
	}

	async function toggleAutomations(arg?: { enable?: AutomationKey[]; set?: Partial<Record<AutomationKey, boolean>> } & Quiet): Promise<UpdateResult | undefined> {
		if (!(await ensureLoaded(arg?.quiet))) return arg?.quiet ? notLoaded() : undefined;
		const s = service.current;
		if (!s.canWrite) return refuseReadOnly(arg?.quiet);
		let enabled: AutomationKey[] | undefined = arg?.enable;
		if (arg?.set) enabled = s.automations.filter((a) => (arg.set![a.key] ?? a.enabled)).map((a) => a.key);
		if (!enabled) {
			const qp = await vscode.window.showQuickPick(
				s.automations.map((a) => ({ label: a.label, description: a.enabled ? t('on') : t('off'), detail: a.cost, picked: a.enabled, key: a.key })),
				{ canPickMany: true, title: t('Open WebUI automations: checked = on'), placeHolder: t('Autocomplete runs on every keystroke; it is the heaviest.') },
			);
			if (!qp) return undefined;
			enabled = qp.map((i) => i.key);
		}
		const changes = automationChanges(s.config ?? {}, enabled);
		const run = (force: boolean) => withBusy(t('Changing automations…'), () => service.update(changes, { force }));
		return report(await run(false), run, arg?.quiet);
	}

	async function applyProfile(arg?: { profile?: ProfileId; localModel?: string; externalModel?: string; confirm?: boolean } & Quiet): Promise<UpdateResult | undefined> {
		if (!(await ensureLoaded(arg?.quiet))) return arg?.quiet ? notLoaded() : undefined;
		const s = service.current;
		// Refuse before showing a diff to confirm that could never be applied.
		if (!s.canWrite) return refuseReadOnly(arg?.quiet);
		const profiles = listProfiles(t);
		const id = arg?.profile ?? (await vscode.window.showQuickPick(profiles.map((p) => ({ label: p.label, detail: p.description, id: p.id })), { title: t('Apply a task profile') }))?.id;
		if (!id) return undefined;
		const recommended = models.current.assessment?.recommended;
		let externalModelId = arg?.externalModel;
		if (id === 'hosted' && !externalModelId) {
			const ext = externalModelIds(s.models, s.version);
			externalModelId = ext.length <= 1 ? ext[0] : (await vscode.window.showQuickPick(ext, { title: t('Which hosted model should run the tasks?') }));
			if (ext.length > 1 && !externalModelId) return undefined;
		}
		const localModelId = arg?.localModel !== undefined ? toOpenWebuiId(arg.localModel) : recommended ? openWebuiIdForOllama(recommended, s.models).id : undefined;
		const d = profileDiff(id, s.config ?? {}, { localModelId, externalModelId }, t);
		if (d.type === 'missingInput') {
			if (!arg?.quiet) void vscode.window.showWarningMessage(d.message);
			return { type: 'failed', reason: 'other', message: d.message };
		}
		if (!d.diff.length) {
			const msg = t('Nothing to change: the task settings already match this profile.');
			if (!arg?.quiet) void vscode.window.showInformationMessage(msg);
			return { type: 'unchanged', current: s.config ?? {}, skipped: [], message: msg };
		}
		if (arg?.confirm !== false) {
			const label = profiles.find((p) => p.id === id)!.label;
			const apply = t('Apply');
			const detail = d.diff.map((c) => `• ${c.label}: ${c.fromText} → ${c.toText}`).join('\n');
			const pick = await vscode.window.showInformationMessage(t('Apply "{0}"? These settings change in Open WebUI:', label), { modal: true, detail }, apply);
			if (pick !== apply) return undefined;
		}
		const run = (force: boolean) => withBusy(t('Applying the profile…'), () => service.update(d.changes, { force }));
		return report(await run(false), run, arg?.quiet);
	}

	async function undoLast(arg?: Quiet & { force?: boolean }): Promise<UndoResult> {
		const result = await withBusy(t('Undoing the last change…'), () => service.undo({ force: arg?.force }));
		if (arg?.quiet) return result;
		switch (result.type) {
			case 'restored':
			case 'empty':
				void vscode.window.showInformationMessage(result.message);
				break;
			case 'conflict': {
				const overwrite = t('Overwrite');
				const pick = await vscode.window.showWarningMessage(result.message, { modal: true }, overwrite);
				if (pick === overwrite) return undoLast({ force: true });
				break;
			}
			case 'failed':
				void vscode.window.showErrorMessage(result.message);
				break;
		}
		return result;
	}

	async function copyEnv(arg?: Quiet): Promise<string | undefined> {
		if (!(await ensureLoaded(arg?.quiet))) return undefined;
		const s = service.current;
		const env = exportEnv(s.config ?? {}, { serverUrl: s.serverUrl, t });
		await vscode.env.clipboard.writeText(env.text);
		if (!arg?.quiet) void vscode.window.showInformationMessage(`${t('Copied {0} lines for docker-compose.', env.lines.length)} ${env.explanation}`);
		return env.text;
	}

	async function handleIntent(intent: TasksIntent): Promise<unknown> {
		switch (intent.kind) {
			case 'setTaskModel':
				return setTaskModel(intent.model !== undefined || intent.slot !== undefined ? { model: intent.model, slot: intent.slot } : undefined);
			case 'toggle':
				return toggleAutomations({ set: { [intent.key]: intent.enabled } });
			case 'applyProfile':
				return applyProfile(intent.profile ? { profile: intent.profile } : undefined);
			case 'undo':
				return undoLast();
			case 'copyEnv':
				return copyEnv();
			case 'checkUsage':
				return vscode.commands.executeCommand(commandIds.checkTaskModel);
			case 'applyFix':
				return vscode.commands.executeCommand(commandIds.checkTaskModel, { applyFix: true });
			case 'setParams':
				return vscode.commands.executeCommand(commandIds.setTaskModelParams, intent.values);
		}
	}

	async function applyChanges(changes: TaskConfigChanges, opts: { title: string; quiet?: boolean }): Promise<UpdateResult> {
		const run = (force: boolean) => withBusy(opts.title, () => service.update(changes, { force }));
		return report(await run(false), run, opts.quiet);
	}

	// The title doctor and the task model parameters: their own module, in this bundle.
	const doctor = activateTaskDoctor(ctx, models, { service, ensureLoaded, applyChanges, setUsage });
	return {
		handleIntent,
		commands: {
			[commandIds.setTaskModel]: setTaskModel,
			[commandIds.toggleAutomations]: toggleAutomations,
			[commandIds.applyProfile]: applyProfile,
			[commandIds.undoLastChange]: undoLast,
			[commandIds.copyTaskSettingsAsEnv]: copyEnv,
			...doctor.commands,
		},
		dispose: () => {},
	};
}
