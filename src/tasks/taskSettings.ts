// TaskSettings owns the tasks slice (Open WebUI's task config as the panel shows it, the slot that
// matters, the automations, undo history) and makes every change through TaskConfigService, the
// write protocol of one server (tasks/taskConfig.ts, docs/task-config.md).
import type { OpenWebuiClient } from '../clients/openWebui';
import type { OpenWebuiModel, TaskConfig } from '../clients/openWebuiTypes';
import { autocompleteMaxLength, listAutomations, taskModelFields, type AutomationState, type TaskConfigChanges } from './automations';
import { describeNewest, TaskHistory, undoLastChange, type MementoLike, type NewestChange, type UndoResult } from './history';
import { missingTaskModels, slotSummary, type MissingTaskModel, type SlotSummary } from './slots';
import { TaskConfigService, type FailureReason, type UpdateResult } from './taskConfig';
import type { SliceWriter } from '../state/appStore';
import type { Logger } from '../util/logger';
import type { Translate } from '../shared/l10n';

export interface TasksSlice {
	readonly status: 'unavailable' | 'loading' | 'ready' | 'error';
	readonly message?: string;
	readonly reason?: FailureReason;
	readonly serverUrl?: string;
	readonly version?: string;
	readonly config?: TaskConfig;
	readonly canWrite: boolean;
	readonly readOnlyReason?: string;
	readonly automations: readonly AutomationState[];
	readonly autocompleteMaxLength?: number;
	/** '' = no task model: the chat model does the work. */
	readonly taskModel: { readonly local: string; readonly external: string };
	readonly slot?: SlotSummary;
	readonly missing: readonly MissingTaskModel[];
	readonly models: readonly OpenWebuiModel[];
	readonly history: readonly { readonly at: number; readonly summary: string }[];
	/** The newest change against the config now: stale when edited over since, and what Undo would do. */
	readonly newest?: NewestChange;
}

export const emptyTasks: TasksSlice = { status: 'unavailable', canWrite: false, automations: [], taskModel: { local: '', external: '' }, missing: [], models: [], history: [] };

export interface TaskSettingsDeps {
	readonly client: () => OpenWebuiClient | undefined;
	readonly role: () => string | undefined;
	readonly version: () => string | undefined;
	readonly storage: MementoLike;
	/** The store's tasks slice: this service is its one writer and keeps no copy. */
	readonly state: SliceWriter<TasksSlice>;
	readonly log: Logger;
	readonly t: Translate;
	readonly formatTime?: (at: number) => string;
}

export class TaskSettings {
	private inflight: AbortController | undefined;
	readonly history: TaskHistory;

	constructor(private readonly deps: TaskSettingsDeps) {
		this.history = new TaskHistory(deps.storage);
	}

	get current(): TasksSlice {
		return this.deps.state.get() ?? emptyTasks;
	}

	private service(client: OpenWebuiClient): TaskConfigService {
		return new TaskConfigService({
			api: { read: (s) => client.taskConfig(s), readRaw: (s) => client.taskConfigRaw(s), write: (c, s, body) => client.updateTaskConfig(c, s, body) },
			version: async (s) => this.deps.version() ?? (await client.version(s)).version,
			role: async () => this.deps.role(),
			onWritten: this.history.recorder(client.baseUrl, this.deps.t),
			t: this.deps.t,
		});
	}

	async refresh(): Promise<TasksSlice> {
		this.inflight?.abort();
		const client = this.deps.client();
		if (!client || !this.deps.role()) {
			this.set({ ...emptyTasks, serverUrl: client?.baseUrl });
			return this.current;
		}
		const controller = new AbortController();
		this.inflight = controller;
		if (this.current.status !== 'ready') this.set({ ...this.current, status: 'loading' });
		const [loaded, models] = await Promise.all([this.service(client).load(controller.signal), client.models(controller.signal).catch(() => ({ data: [] as OpenWebuiModel[] }))]);
		if (controller.signal.aborted) return this.current;
		if (loaded.type === 'failed') {
			this.deps.log.warn(`task settings: ${loaded.message}`);
			this.set({ ...emptyTasks, status: 'error', message: loaded.message, reason: loaded.reason, serverUrl: client.baseUrl });
			return this.current;
		}
		this.set(this.build(client.baseUrl, loaded.config, models.data, loaded.access));
		return this.current;
	}

	private build(serverUrl: string, config: TaskConfig, models: readonly OpenWebuiModel[], access: { canWrite: boolean; reason?: string }): TasksSlice {
		const t = this.deps.t;
		const str = (v: unknown) => (typeof v === 'string' ? v : '');
		return {
			status: 'ready',
			serverUrl,
			version: this.deps.version(),
			config,
			canWrite: access.canWrite,
			readOnlyReason: access.canWrite ? undefined : access.reason,
			automations: listAutomations(config, t),
			autocompleteMaxLength: autocompleteMaxLength(config),
			taskModel: { local: str(config[taskModelFields.local]), external: str(config[taskModelFields.external]) },
			slot: slotSummary(models, this.deps.version(), { t }),
			missing: missingTaskModels(config, models, { isAdmin: this.deps.role() === 'admin', t }),
			models: [...models],
			history: this.history.list(serverUrl).map((e) => ({ at: e.at, summary: e.summary })),
			newest: describeNewest(this.history.list(serverUrl)[0], config, t),
		};
	}

	/** Change fields through the write protocol; `base` is what the user saw (conflict detection). */
	async update(changes: TaskConfigChanges, opts: { force?: boolean; signal?: AbortSignal } = {}): Promise<UpdateResult> {
		const client = this.deps.client();
		if (!client) return { type: 'failed', reason: 'needsSignIn', message: this.deps.t('Sign in to Open WebUI first.') };
		// Conflict detection compares with what the user saw, and only if they saw this server.
		const base = this.current.serverUrl === client.baseUrl ? this.current.config : undefined;
		const result = await this.service(client).update(changes, { base, force: opts.force, signal: opts.signal });
		this.deps.log.info(`task settings update: ${result.type}${result.type === 'written' ? ` (${result.changes.map((c) => c.field).join(', ')})` : ''}`);
		await this.refresh();
		return result;
	}

	async undo(opts: { force?: boolean } = {}): Promise<UndoResult> {
		const client = this.deps.client();
		if (!client) return { type: 'empty', message: this.deps.t('Sign in to Open WebUI first.') };
		const result = await undoLastChange(this.history, this.service(client), client.baseUrl, { force: opts.force, t: this.deps.t, formatTime: this.deps.formatTime });
		this.deps.log.info(`undo: ${result.type}`);
		await this.refresh();
		return result;
	}

	private set(slice: TasksSlice): void {
		this.deps.state.set(slice);
	}

	dispose(): void {
		this.inflight?.abort();
	}
}
