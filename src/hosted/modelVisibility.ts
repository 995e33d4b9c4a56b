// Hiding the task model from Open WebUI's chat model picker the way its admin page does
// (Admin → Settings → Models → hide): `meta.hidden = true` on the model's record, created for a
// base model that has none. Hidden models still run tasks (the task code looks them up in the
// full model table). Read-modify-write: an existing record goes back whole with only
// `meta.hidden` changed. Routes and fields per release: docs/hosted-task-model.md, "Hiding a model".
import { english, type Translate } from '../shared/l10n';

export const visibilityMessages = {
	hidden: '{0} is now hidden from the chat model picker; it still runs background tasks.',
	shown: '{0} is visible in the chat model picker again.',
	alreadyHidden: '{0} is already hidden from the chat model picker.',
	alreadyShown: '{0} is already visible in the chat model picker.',
	stillVisible: 'Open WebUI answered but {0} is still visible in the chat model picker.',
	stillHidden: 'Open WebUI answered but {0} is still hidden from the chat model picker.',
	noTaskModel: 'No task model is pinned, so there is nothing to hide: the chat model runs the tasks.',
	hide: 'Hide from chat picker',
	show: 'Show in chat picker',
} as const;

/** A model record as GET /api/v1/models/model?id= returns it (extra keys kept). */
export type ModelRecord = Record<string, unknown> & { id: string; name?: string; meta?: Record<string, unknown> | null };

/** Is the /api/models entry hidden (its record's meta sits under `info`)? */
export function isHidden(entry: { info?: unknown } | undefined): boolean {
	const info = entry?.info as { meta?: { hidden?: unknown } } | undefined;
	return info?.meta?.hidden === true;
}

/**
 * The body for /model/update (record exists) or /create (none). Update sends the record back with
 * only `meta.hidden` changed; create mirrors the admin page: no base model, empty params, and no
 * access field, so the server applies its own default.
 */
export function visibilityForm(record: ModelRecord | undefined, entry: { id: string; name?: string }, hidden: boolean): { route: 'update' | 'create'; body: ModelRecord } {
	if (record) {
		const { write_access: _w, user: _u, ...rest } = record as ModelRecord & { write_access?: unknown; user?: unknown };
		return { route: 'update', body: { ...rest, meta: { ...(record.meta ?? {}), hidden } } };
	}
	return { route: 'create', body: { id: entry.id, name: entry.name || entry.id, base_model_id: null, meta: { hidden }, params: {}, is_active: true } };
}

export interface VisibilityApi {
	/** undefined when the model has no record (404 on 0.12, 401 "not found" on 0.6). */
	getRecord(id: string, signal?: AbortSignal): Promise<ModelRecord | undefined>;
	update(body: ModelRecord, signal?: AbortSignal): Promise<unknown>;
	create(body: ModelRecord, signal?: AbortSignal): Promise<unknown>;
}

export type VisibilityResult = { readonly type: 'changed' | 'unchanged' | 'failed'; readonly hidden: boolean; readonly message: string };

/** Set `meta.hidden` and check it stuck. */
export async function setHidden(api: VisibilityApi, entry: { id: string; name?: string }, hidden: boolean, opts: { signal?: AbortSignal; t?: Translate } = {}): Promise<VisibilityResult> {
	const t = opts.t ?? english;
	const m = visibilityMessages;
	const record = await api.getRecord(entry.id, opts.signal);
	const was = record?.meta?.hidden === true;
	if (was === hidden) return { type: 'unchanged', hidden, message: t(hidden ? m.alreadyHidden : m.alreadyShown, entry.id) };
	const form = visibilityForm(record, entry, hidden);
	await (form.route === 'update' ? api.update(form.body, opts.signal) : api.create(form.body, opts.signal));
	const after = await api.getRecord(entry.id, opts.signal);
	if ((after?.meta?.hidden === true) !== hidden) return { type: 'failed', hidden: !hidden, message: t(hidden ? m.stillVisible : m.stillHidden, entry.id) };
	return { type: 'changed', hidden, message: t(hidden ? m.hidden : m.shown, entry.id) };
}
