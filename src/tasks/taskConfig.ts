// The task-config write protocol (docs/task-config.md): re-read just before
// writing, change only the fields the user changed, POST the whole object exactly as the server sent
// it (unknown keys, nulls and key order kept), check the answer, and never overwrite a concurrent edit.
import { isPeerError } from '../clients/http';
import type { TaskConfig } from '../clients/openWebuiTypes';
import { describeValue, fieldLabel, type TaskConfigChanges } from './automations';
import { plainEqual } from '../util/plainEqual';
import { lossyPaths, spliceMembers } from './rawJson';
import { compareVersions, minTaskConfigVersion } from './version';
import { assertNever } from '../util/assert';
import { english, type Translate } from '../shared/l10n';

export interface TaskConfigApi {
	/** GET /api/v1/tasks/config */
	read(signal?: AbortSignal): Promise<TaskConfig>;
	/** POST /api/v1/tasks/config/update with the whole object; resolves to the server's answer. `body`: send these exact bytes. */
	write(config: TaskConfig, signal?: AbortSignal, body?: Uint8Array): Promise<TaskConfig>;
	/** GET with the body's exact bytes; when present, writes splice the changes into them (lossless). */
	readRaw?(signal?: AbortSignal): Promise<{ readonly value: unknown; readonly bytes: Uint8Array }>;
}

export interface TaskConfigServiceDeps {
	readonly api: TaskConfigApi;
	/** GET /api/version → "0.x.y"; used to explain a read that finds no task config. */
	readonly version?: (signal?: AbortSignal) => Promise<string>;
	/** The signed-in user's role when known; non-admins get a read-only view without a doomed POST. */
	readonly role?: (signal?: AbortSignal) => Promise<string | undefined>;
	/** Called after every recorded successful write (history.ts `TaskHistory.recorder`). */
	readonly onWritten?: (record: WrittenRecord) => Promise<void> | void;
	readonly t?: Translate;
}

export interface FieldChange {
	readonly field: string;
	readonly label: string;
	readonly from: unknown;
	readonly to: unknown;
	readonly fromText: string;
	readonly toText: string;
}

export interface WrittenRecord {
	/** The whole object as the server had it just before our write. */
	readonly before: TaskConfig;
	readonly after: TaskConfig;
	readonly changes: readonly FieldChange[];
}

export type FailureReason =
	| 'needsSignIn'
	| 'readOnly'
	| 'forbidden'
	| 'tooOld'
	| 'notOpenWebui'
	| 'unreachable'
	| 'timeout'
	| 'aborted'
	| 'rejected'
	/** The answer was cut off (incomplete JSON). */
	| 'truncated'
	/** The config holds values that cannot be sent back exactly; nothing was written. */
	| 'lossy'
	| 'other';

export interface TaskFailure {
	readonly type: 'failed';
	readonly reason: FailureReason;
	readonly message: string;
	readonly error?: unknown;
}

export type Access = { readonly canWrite: true } | { readonly canWrite: false; readonly reason: string };

export type LoadResult = { readonly type: 'loaded'; readonly config: TaskConfig; readonly access: Access } | TaskFailure;

export interface Mismatch {
	readonly field: string;
	readonly label: string;
	/** notApplied: a field we changed came back different; changedByServer: another field did; dropped / added: a key vanished / appeared. */
	readonly kind: 'notApplied' | 'changedByServer' | 'dropped' | 'added';
	readonly sent: unknown;
	readonly got: unknown;
}

export interface Conflict {
	readonly field: string;
	readonly label: string;
	/** What the user saw, what the server has now, what the user wants. */
	readonly base: unknown;
	readonly current: unknown;
	readonly wanted: unknown;
}

export type UpdateResult =
	| {
			readonly type: 'written';
			readonly before: TaskConfig;
			readonly sent: TaskConfig;
			readonly after: TaskConfig;
			readonly changes: readonly FieldChange[];
			/** Requested fields this server does not have (never added to the body). */
			readonly skipped: readonly string[];
			/** Fields someone else changed since `base`, kept as the server has them. */
			readonly merged: readonly string[];
			readonly mismatches: readonly Mismatch[];
			/** A forced write replaced someone else's value: each entry restores theirs (from ours to theirs). */
			readonly overwritten: readonly FieldChange[];
			readonly historySaved: boolean;
			readonly message: string;
	  }
	| { readonly type: 'unchanged'; readonly current: TaskConfig; readonly skipped: readonly string[]; readonly message: string }
	| { readonly type: 'conflict'; readonly current: TaskConfig; readonly conflicts: readonly Conflict[]; readonly message: string }
	| TaskFailure;

export interface UpdateOptions {
	/** The config (or just the fields) the user saw when choosing the change; enables conflict detection. */
	readonly base?: Readonly<Record<string, unknown>>;
	readonly signal?: AbortSignal;
	/** Overwrite even if someone changed the same fields (after the user confirmed). */
	readonly force?: boolean;
	/** false for undo, so an undo is not itself recorded. */
	readonly record?: boolean;
}

export const taskConfigMessages = {
	readOnlyRole: 'Only an Open WebUI admin can change task settings; you are signed in as "{0}".',
	readOnlyServer: 'Only an Open WebUI admin can change task settings: {0}',
	needsSignIn: 'Sign in to Open WebUI to read and change task settings ({0}).',
	forbidden: 'Open WebUI refused: {0}',
	tooOld: 'Open WebUI {0} is too old: task settings need Open WebUI 0.5.0 or later (older releases keep them under /api/task/config). Update Open WebUI.',
	notFound: 'Open WebUI at this URL has no task settings API ({0}).',
	rejected: 'Open WebUI rejected the task settings: {0}',
	written: 'Changed {0}.',
	mergedNote: 'Kept changes someone else made meanwhile to {0}.',
	mismatchNote: 'Open WebUI did not keep everything: {0}.',
	overwrittenNote: 'This replaced what someone else had set meanwhile: {0}. It can be restored.',
	overwrittenItem: '{0} was {1}',
	mismatchItem: '{0} is {1}, expected {2}',
	droppedItem: '{0} is missing from the answer',
	addedItem: '{0} appeared in the answer',
	historyNotSaved: 'The change was made, but it could not be saved for undo.',
	unchanged: 'Nothing to change: the task settings already have these values.',
	skippedNote: 'This Open WebUI version has no {0}.',
	conflict: 'Someone changed {0} in Open WebUI after you opened these settings. Nothing was written: review the current values and try again.',
	conflictItem: '{0} (you saw {1}, now {2})',
	changeItem: '{0}: {1} → {2}',
	truncated: 'The task settings from Open WebUI were cut off before the end, so nothing was changed. Try again; if it keeps happening, check the connection or the proxy in front of Open WebUI. ({0})',
	lossy: 'The task settings hold values that could not be sent back exactly ({0}), so nothing was written. Change them in Open WebUI instead.',
} as const;

export class TaskConfigService {
	private readonly t: Translate;
	constructor(private readonly deps: TaskConfigServiceDeps) {
		this.t = deps.t ?? english;
	}

	async load(signal?: AbortSignal): Promise<LoadResult> {
		let config: TaskConfig;
		try {
			config = (await this.readConfig(signal)).config;
		} catch (e) {
			return this.failure(e, 'read', signal);
		}
		return { type: 'loaded', config, access: await this.access(signal) };
	}

	/** Re-read, apply `changes` to the fresh object, POST it whole, verify the answer. */
	async update(changes: TaskConfigChanges, opts: UpdateOptions = {}): Promise<UpdateResult> {
		const { signal } = opts;
		const access = await this.access(signal);
		if (!access.canWrite) return { type: 'failed', reason: 'readOnly', message: access.reason };
		let read: ReadConfig;
		try {
			read = await this.readConfig(signal);
			// Someone else's edit can land while the user decides; one more read right before the POST
			// keeps the window to a single round trip, and the write is built on what it shows.
			for (let i = 0; i < 3; i++) {
				const again = await this.readConfig(signal);
				if (plainEqual(again.config, read.config)) break;
				read = again;
			}
		} catch (e) {
			return this.failure(e, 'read', signal);
		}
		const fresh = read.config;
		const requested = Object.keys(changes);
		const skipped = requested.filter((k) => !has(fresh, k));
		const effective = requested.filter((k) => has(fresh, k) && !plainEqual(fresh[k], changes[k]));

		const base = opts.base;
		if (base && !opts.force) {
			const conflicts = requested
				.filter((k) => has(fresh, k) && has(base, k) && !plainEqual(base[k], fresh[k]) && !plainEqual(fresh[k], changes[k]))
				.map((k) => ({ field: k, label: fieldLabel(k, this.t), base: base[k], current: fresh[k], wanted: changes[k] }));
			if (conflicts.length) {
				const list = conflicts.map((c) => this.t(taskConfigMessages.conflictItem, c.label, describeValue(c.field, c.base, this.t), describeValue(c.field, c.current, this.t)));
				return { type: 'conflict', current: fresh, conflicts, message: this.t(taskConfigMessages.conflict, list.join(', ')) };
			}
		}
		const skippedNote = skipped.length ? ` ${this.t(taskConfigMessages.skippedNote, skipped.map((k) => fieldLabel(k, this.t)).join(', '))}` : '';
		if (!effective.length) return { type: 'unchanged', current: fresh, skipped, message: this.t(taskConfigMessages.unchanged) + skippedNote };

		// Same keys, same order, same bytes, except the fields we change: spliced into the server's
		// own text when we have it; otherwise only when a plain copy loses nothing.
		const picked: Record<string, unknown> = {};
		for (const k of effective) picked[k] = changes[k];
		let body: Uint8Array | undefined;
		let sent: TaskConfig;
		if (read.bytes) {
			body = spliceMembers(read.bytes, picked);
			if (!body) return { type: 'failed', reason: 'lossy', message: this.t(taskConfigMessages.lossy, 'not a single JSON object') };
			sent = JSON.parse(new TextDecoder().decode(body)) as TaskConfig;
		} else {
			const lossy = lossyPaths(fresh);
			if (lossy.length) return { type: 'failed', reason: 'lossy', message: this.t(taskConfigMessages.lossy, lossy.join(', ')) };
			sent = {};
			for (const [k, v] of Object.entries(fresh)) sent[k] = effective.includes(k) ? changes[k] : v;
		}
		let answer: unknown;
		try {
			answer = await this.deps.api.write(sent, signal, body);
		} catch (e) {
			return this.failure(e, 'write', signal);
		}
		// The answer only echoes the form; what counts is what the server has now (an edit that
		// landed right after ours shows here, and is reported instead of claimed as ours).
		let after: TaskConfig;
		try {
			after = (await this.readConfig(signal)).config;
		} catch (e) {
			if (!isRecord(answer)) return this.failure(e, 'write', signal);
			after = answer;
		}
		const fieldChanges = effective.map((k) => this.fieldChange(k, fresh[k], changes[k]));
		// "Kept" only what the server really still has.
		const merged = base ? Object.keys(fresh).filter((k) => has(base, k) && !requested.includes(k) && !plainEqual(base[k], fresh[k]) && has(after, k) && plainEqual(after[k], fresh[k])) : [];
		const mismatches = compareAnswer(sent, after, effective, this.t);
		// Only a confirmed (forced) write replaces a value someone else set since the user looked.
		const overwritten = base && opts.force ? effective.filter((k) => has(base, k) && !plainEqual(base[k], fresh[k])).map((k) => this.fieldChange(k, changes[k], fresh[k])) : [];
		let historySaved = true;
		if (opts.record !== false && this.deps.onWritten) {
			try {
				await this.deps.onWritten({ before: fresh, after, changes: fieldChanges });
			} catch {
				historySaved = false;
			}
		}
		const parts = [this.t(taskConfigMessages.written, summarizeChanges(fieldChanges, this.t))];
		if (merged.length) parts.push(this.t(taskConfigMessages.mergedNote, merged.map((k) => fieldLabel(k, this.t)).join(', ')));
		if (mismatches.length) parts.push(this.t(taskConfigMessages.mismatchNote, mismatches.map((m) => describeMismatch(m, this.t)).join('; ')));
		if (overwritten.length) parts.push(this.t(taskConfigMessages.overwrittenNote, overwritten.map((c) => this.t(taskConfigMessages.overwrittenItem, c.label, c.toText)).join(', ')));
		if (!historySaved) parts.push(this.t(taskConfigMessages.historyNotSaved));
		return { type: 'written', before: fresh, sent, after, changes: fieldChanges, skipped, merged, mismatches, overwritten, historySaved, message: parts.join(' ') + skippedNote };
	}

	fieldChange(field: string, from: unknown, to: unknown): FieldChange {
		return { field, label: fieldLabel(field, this.t), from, to, fromText: describeValue(field, from, this.t), toText: describeValue(field, to, this.t) };
	}

	private async readConfig(signal?: AbortSignal): Promise<ReadConfig> {
		if (this.deps.api.readRaw) {
			const raw = await this.deps.api.readRaw(signal);
			if (!isRecord(raw.value)) throw new NotTaskConfig();
			return { config: raw.value, bytes: raw.bytes };
		}
		const config = await this.deps.api.read(signal);
		if (!isRecord(config)) throw new NotTaskConfig();
		return { config };
	}

	private async access(signal?: AbortSignal): Promise<Access> {
		const role = await this.deps.role?.(signal).catch(() => undefined);
		if (role === undefined || role === 'admin') return { canWrite: true };
		return { canWrite: false, reason: this.t(taskConfigMessages.readOnlyRole, role) };
	}

	private async failure(e: unknown, phase: 'read' | 'write', signal?: AbortSignal): Promise<TaskFailure> {
		const m = taskConfigMessages;
		const fail = (reason: FailureReason, message: string): TaskFailure => ({ type: 'failed', reason, message, error: e });
		if (!isPeerError(e)) {
			if (e instanceof NotTaskConfig) return this.notFound(e, signal);
			return fail('other', String((e as Error)?.message ?? e));
		}
		const said = e.serverMessage ?? e.message;
		switch (e.kind) {
			case 'aborted':
			case 'timeout':
			case 'unreachable':
				return fail(e.kind, e.message);
			case 'auth':
				// 401 ACCESS_PROHIBITED = a signed-in non-admin (a 403 with that text is an API-key endpoint
				// restriction: the server's words); "Not authenticated" is 403 before 0.6.19.
				if (e.status === 401 && /permission/i.test(said)) return fail('readOnly', this.t(m.readOnlyServer, said));
				if (e.status === 401 || /not authenticated/i.test(said)) return fail('needsSignIn', this.t(m.needsSignIn, said));
				return fail('forbidden', this.t(m.forbidden, said));
			case 'http':
				if (phase === 'write' && e.status === 422) return fail('rejected', this.t(m.rejected, said));
				if (phase === 'read' && (e.status === 404 || e.status === 405)) return this.notFound(e, signal);
				return fail('other', e.message);
			case 'parse':
				// A cut-off answer is not a missing API: say so, so the user retries instead of reconfiguring.
				if (e.detail.truncated) return fail('truncated', this.t(m.truncated, e.message));
				// The SPA shell (HTML 200) is what an unknown path gets: an old server or not Open WebUI.
				return phase === 'read' ? this.notFound(e, signal) : fail('other', e.message);
			default:
				return assertNever(e.kind);
		}
	}

	private async notFound(e: unknown, signal?: AbortSignal): Promise<TaskFailure> {
		const version = await this.deps.version?.(signal).catch(() => undefined);
		const c = compareVersions(version, minTaskConfigVersion);
		if (version !== undefined && c !== undefined && c < 0) {
			return { type: 'failed', reason: 'tooOld', message: this.t(taskConfigMessages.tooOld, version), error: e };
		}
		const detail = (e as Error)?.message ?? String(e);
		return { type: 'failed', reason: 'notOpenWebui', message: this.t(taskConfigMessages.notFound, detail), error: e };
	}
}

interface ReadConfig {
	readonly config: TaskConfig;
	/** The exact bytes it came in, when the API gives them. */
	readonly bytes?: Uint8Array;
}

class NotTaskConfig extends Error {
	constructor() {
		super('/api/v1/tasks/config did not return an object');
	}
}

export function summarizeChanges(changes: readonly FieldChange[], t: Translate = english): string {
	return changes.map((c) => t(taskConfigMessages.changeItem, c.label, c.fromText, c.toText)).join(', ');
}

/** Every difference between what we sent and what came back, the fields we changed first. */
export function compareAnswer(sent: TaskConfig, after: TaskConfig, changed: readonly string[], t: Translate = english): Mismatch[] {
	const out: Mismatch[] = [];
	const keys = [...changed, ...Object.keys(sent).filter((k) => !changed.includes(k))];
	for (const k of keys) {
		if (!has(after, k)) out.push({ field: k, label: fieldLabel(k, t), kind: 'dropped', sent: sent[k], got: undefined });
		else if (!plainEqual(sent[k], after[k])) out.push({ field: k, label: fieldLabel(k, t), kind: changed.includes(k) ? 'notApplied' : 'changedByServer', sent: sent[k], got: after[k] });
	}
	for (const k of Object.keys(after)) if (!has(sent, k)) out.push({ field: k, label: fieldLabel(k, t), kind: 'added', sent: undefined, got: after[k] });
	return out;
}

function describeMismatch(m: Mismatch, t: Translate): string {
	const msg = taskConfigMessages;
	switch (m.kind) {
		case 'notApplied':
		case 'changedByServer':
			return t(msg.mismatchItem, m.label, describeValue(m.field, m.got, t), describeValue(m.field, m.sent, t));
		case 'dropped':
			return t(msg.droppedItem, m.label);
		case 'added':
			return t(msg.addedItem, m.label);
		default:
			return assertNever(m.kind);
	}
}

function has(o: Readonly<Record<string, unknown>>, k: string): boolean {
	return Object.prototype.hasOwnProperty.call(o, k);
}

function isRecord(x: unknown): x is TaskConfig {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}
