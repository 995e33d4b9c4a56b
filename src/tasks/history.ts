// Undo history for task-config writes: the whole object as it was before each change, per Open WebUI
// URL, newest first, capped. Storage is Memento-shaped so the host passes `context.globalState`.
import { normalizeBaseUrl } from '../clients/http';
import type { TaskConfig } from '../clients/openWebuiTypes';
import { summarizeChanges, type Conflict, type FieldChange, type TaskConfigService, type TaskFailure, type WrittenRecord } from './taskConfig';
import { plainEqual } from '../util/plainEqual';
import { assertNever } from '../util/assert';
import { english, type Translate } from '../shared/l10n';
import { describeValue, fieldLabel } from './automations';

export interface MementoLike {
	get<T>(key: string): T | undefined;
	update(key: string, value: unknown): PromiseLike<void>;
}

export interface HistoryEntry {
	/** Epoch milliseconds of the change. */
	readonly at: number;
	/** The whole task config as the server had it just before the change. */
	readonly before: TaskConfig;
	readonly changes: readonly FieldChange[];
	readonly summary: string;
}

export const historyLimit = 10;

export function historyKey(serverUrl: string): string {
	return `taskModelTuner.taskHistory:${normalizeBaseUrl(serverUrl)}`;
}

export const historyMessages = {
	empty: 'There is no change made here to undo for {0}.',
	restored: 'Undid the change from {0}: {1}.',
	alreadyRestored: 'The change from {0} was already undone in Open WebUI ({1}).',
	conflict: 'Could not undo the change from {0}: {1}',
	failed: 'Could not undo the change from {0}: {1}',
	stale: '{0} — changed since in Open WebUI: {1}',
	staleItem: '{0} is now {1}',
	undoNow: 'Undo: set {0}',
	undoItem: '{0} back to {1} (now {2})',
	undoNothing: 'Undo: nothing left to restore (Open WebUI already has the earlier values)',
} as const;

export interface NewestChange {
	/** What the "Last change" line says. */
	readonly summary: string;
	/** True when Open WebUI's current config no longer has what that change wrote. */
	readonly stale: boolean;
	/** What Undo would do now, for the button when the change is stale. */
	readonly undoLabel?: string;
}

/**
 * The newest change as it relates to the server's config now: a change someone has since edited
 * over is shown as stale, and Undo says which values it would set, from what, to what.
 */
export function describeNewest(entry: HistoryEntry | undefined, current: TaskConfig | undefined, t: Translate = english): NewestChange | undefined {
	if (!entry) return undefined;
	if (!current) return { summary: entry.summary, stale: false };
	const has = (k: string) => Object.prototype.hasOwnProperty.call(current, k);
	const moved = entry.changes.filter((c) => !has(c.field) || !plainEqual(current[c.field], c.to));
	if (!moved.length) return { summary: entry.summary, stale: false };
	const m = historyMessages;
	const now = moved.map((c) => t(m.staleItem, fieldLabel(c.field, t), describeValue(c.field, current[c.field], t)));
	const restore = entry.changes
		.map((c) => ({ c, to: Object.prototype.hasOwnProperty.call(entry.before, c.field) ? entry.before[c.field] : c.from }))
		.filter(({ c, to }) => has(c.field) && !plainEqual(current[c.field], to));
	const undoLabel = restore.length
		? t(m.undoNow, restore.map(({ c, to }) => t(m.undoItem, fieldLabel(c.field, t), describeValue(c.field, to, t), describeValue(c.field, current[c.field], t))).join(', '))
		: t(m.undoNothing);
	return { summary: t(m.stale, entry.summary, now.join(', ')), stale: true, undoLabel };
}

export class TaskHistory {
	private readonly limit: number;
	private readonly now: () => number;
	constructor(
		private readonly storage: MementoLike,
		opts: { limit?: number; now?: () => number } = {},
	) {
		this.limit = opts.limit ?? historyLimit;
		this.now = opts.now ?? Date.now;
	}

	/** Newest first. */
	list(serverUrl: string): HistoryEntry[] {
		const raw = this.storage.get<HistoryEntry[]>(historyKey(serverUrl));
		return Array.isArray(raw) ? raw.filter((e) => e && typeof e.at === 'number' && e.before && Array.isArray(e.changes)) : [];
	}

	async record(serverUrl: string, written: WrittenRecord, t: Translate = english): Promise<void> {
		const entry: HistoryEntry = { at: this.now(), before: written.before, changes: written.changes, summary: summarizeChanges(written.changes, t) };
		await this.storage.update(historyKey(serverUrl), [entry, ...this.list(serverUrl)].slice(0, this.limit));
	}

	/** For `TaskConfigServiceDeps.onWritten`. */
	recorder(serverUrl: string, t: Translate = english): (written: WrittenRecord) => Promise<void> {
		return (written) => this.record(serverUrl, written, t);
	}

	async dropNewest(serverUrl: string): Promise<void> {
		await this.storage.update(historyKey(serverUrl), this.list(serverUrl).slice(1));
	}

	async clear(serverUrl: string): Promise<void> {
		await this.storage.update(historyKey(serverUrl), undefined);
	}
}

export type UndoResult =
	| { readonly type: 'restored'; readonly entry: HistoryEntry; readonly restored: readonly FieldChange[]; readonly message: string }
	| { readonly type: 'empty'; readonly message: string }
	| { readonly type: 'conflict'; readonly entry: HistoryEntry; readonly conflicts: readonly Conflict[]; readonly message: string }
	| { readonly type: 'failed'; readonly entry: HistoryEntry; readonly failure: TaskFailure; readonly message: string };

export interface UndoOptions {
	readonly signal?: AbortSignal;
	/** Restore even if someone changed the same fields since (after the user confirmed). */
	readonly force?: boolean;
	readonly t?: Translate;
	/** How the time of the change is shown; defaults to the local HH:MM. */
	readonly formatTime?: (at: number) => string;
}

/**
 * Restores the fields the newest change touched to their earlier values, through the same write
 * protocol. Only those fields: edits made since to other fields stay. The entry is dropped once the
 * server has the earlier values; a conflict or failure keeps it.
 */
export async function undoLastChange(history: TaskHistory, service: TaskConfigService, serverUrl: string, opts: UndoOptions = {}): Promise<UndoResult> {
	const t = opts.t ?? english;
	const m = historyMessages;
	const entry = history.list(serverUrl)[0];
	if (!entry) return { type: 'empty', message: t(m.empty, normalizeBaseUrl(serverUrl)) };
	const when = (opts.formatTime ?? defaultTime)(entry.at);
	const changes: Record<string, unknown> = {};
	const base: Record<string, unknown> = {};
	for (const c of entry.changes) {
		changes[c.field] = Object.prototype.hasOwnProperty.call(entry.before, c.field) ? entry.before[c.field] : c.from;
		base[c.field] = c.to;
	}
	const restored = entry.changes.map((c) => service.fieldChange(c.field, c.to, changes[c.field]));
	const result = await service.update(changes, { base, signal: opts.signal, force: opts.force, record: false });
	switch (result.type) {
		case 'written':
			await history.dropNewest(serverUrl);
			return { type: 'restored', entry, restored: result.changes, message: t(m.restored, when, summarizeChanges(result.changes, t)) };
		case 'unchanged':
			await history.dropNewest(serverUrl);
			return { type: 'restored', entry, restored: [], message: t(m.alreadyRestored, when, summarizeChanges(restored, t)) };
		case 'conflict':
			return { type: 'conflict', entry, conflicts: result.conflicts, message: t(m.conflict, when, result.message) };
		case 'failed':
			return { type: 'failed', entry, failure: result, message: t(m.failed, when, result.message) };
		default:
			return assertNever(result);
	}
}

function defaultTime(at: number): string {
	const d = new Date(at);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
