// Merges /api/tags, /api/ps and cached /api/show answers into one plain, serialisable row per
// model (what the panel, quick picks and status bar show), plus sort, filter and search.
import type { PsModel, ShowResponse, TagModel } from '../clients/ollamaTypes';
import { formatBytes, formatDuration } from './format';
import { resolveParameters, type ParameterSource } from './parameters';
import { english, type Translate } from '../shared/l10n';

export const catalogMessages = {
	gpuAll: '100% GPU',
	cpuAll: '100% CPU',
	split: '{0}% CPU / {1}% GPU',
	plannedSplit: "GPU share is Ollama's planned split (size_vram / size), not a live reading",
	/** Instead of a size for a cloud stub: its few hundred bytes say nothing about the model. */
	cloudSize: 'cloud',
} as const;

export type CapabilitySource = 'tags' | 'show' | 'unknown';

export interface LoadedInfo {
	/** Bytes the runner uses in total (/api/ps `size`). */
	readonly memoryBytes: number;
	readonly memoryLabel: string;
	readonly vramBytes: number;
	/** size_vram / size, 0..1: Ollama's planned split, not a live reading. */
	readonly gpuShare: number;
	/** "100% GPU", "100% CPU" or "40% CPU / 60% GPU", as `ollama ps` shows it. */
	readonly processorLabel: string;
	readonly contextLength?: number;
	readonly expiresAt?: string;
	/** Milliseconds until Ollama unloads it; undefined when unknown, Infinity when kept forever. */
	readonly unloadsInMs?: number;
	readonly unloadsInLabel?: string;
}

export interface BackendRef {
	readonly index: number;
	readonly label?: string;
}

export interface ModelRow {
	readonly name: string;
	readonly digest?: string;
	readonly modifiedAt?: string;
	/** Bytes on disk (0 for a model /api/ps lists but /api/tags does not). */
	readonly sizeBytes: number;
	readonly sizeLabel: string;
	readonly parameters?: number;
	readonly parametersLabel?: string;
	readonly parametersSource: ParameterSource;
	readonly quantization?: string;
	readonly family?: string;
	readonly format?: string;
	readonly contextLength?: number;
	readonly capabilities: readonly string[];
	readonly capabilitiesSource: CapabilitySource;
	/** A cloud stub (`remote_model`): runs elsewhere, never a candidate. */
	readonly cloud: boolean;
	readonly remoteHost?: string;
	readonly loaded?: LoadedInfo;
	/** Backends behind Open WebUI's proxy that hold it (`urls`); empty when talking to Ollama directly. */
	readonly backends: readonly BackendRef[];
	readonly isTaskModel: { readonly local: boolean; readonly external: boolean };
}

export interface CatalogInput {
	readonly tags: readonly TagModel[];
	readonly ps?: readonly PsModel[];
	/** Cached /api/show answers, e.g. `showCache.lookup`. */
	readonly show?: (tag: Pick<TagModel, 'name' | 'digest'>) => ShowResponse | undefined;
	/** Injected clock (ms since epoch) for "unloads in". */
	readonly now: number;
	/** Open WebUI's TASK_MODEL / TASK_MODEL_EXTERNAL ids, when known. */
	readonly taskModel?: { readonly local?: string | null; readonly external?: string | null };
	/** Labels of Open WebUI's Ollama backends by index (OLLAMA_BASE_URLS). */
	readonly backendLabels?: readonly string[];
	readonly t?: Translate;
}

/** "llama3.2" and "llama3.2:latest" are the same model. */
export function canonicalName(name: string): string {
	const n = name.trim();
	return /:[^/]+$/.test(n) ? n : `${n}:latest`;
}

/** Whether an Open WebUI model id names this Ollama model (ids may carry a `<prefix_id>.`). */
export function idMatchesModel(id: string | null | undefined, model: string): boolean {
	if (!id) return false;
	const a = canonicalName(id);
	const b = canonicalName(model);
	return a === b || a.endsWith(`.${b}`);
}

const tenYearsMs = 10 * 365 * 24 * 3_600_000;

function expiryMs(value: string | number | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	// Open WebUI's proxy gives a unix time in seconds; Ollama gives RFC3339.
	const ms = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
	return Number.isFinite(ms) ? ms : undefined;
}

export function loadedInfo(ps: PsModel, now: number, t: Translate = english): LoadedInfo {
	const size = Math.max(0, ps.size ?? 0);
	const vram = Math.min(size, Math.max(0, ps.size_vram ?? 0));
	const gpuShare = size > 0 ? vram / size : 0;
	const gpuPct = Math.round(gpuShare * 100);
	const processorLabel = vram === 0 ? t(catalogMessages.cpuAll) : vram === size ? t(catalogMessages.gpuAll) : t(catalogMessages.split, 100 - gpuPct, gpuPct);
	const expires = expiryMs(ps.expires_at);
	// keep_alive < 0 puts expires_at centuries ahead: that is "never".
	const unloadsInMs = expires === undefined ? undefined : expires - now > tenYearsMs ? Number.POSITIVE_INFINITY : Math.max(0, expires - now);
	return {
		memoryBytes: size,
		memoryLabel: formatBytes(size),
		vramBytes: vram,
		gpuShare,
		processorLabel,
		contextLength: ps.context_length,
		expiresAt: typeof ps.expires_at === 'string' ? ps.expires_at : undefined,
		unloadsInMs,
		// Only a real countdown reads well after "unloads in": kept forever or due now gets no label.
		unloadsInLabel: unloadsInMs === undefined || unloadsInMs === Number.POSITIVE_INFINITY || unloadsInMs < 1000 ? undefined : formatDuration(unloadsInMs, t),
	};
}

function findPs(ps: readonly PsModel[], tag: TagModel): PsModel | undefined {
	const names = new Set([canonicalName(tag.name), canonicalName(tag.model ?? tag.name)]);
	return ps.find((p) => names.has(canonicalName(p.name)) || names.has(canonicalName(p.model ?? p.name))) ?? (tag.digest ? ps.find((p) => p.digest === tag.digest) : undefined);
}

export function buildCatalog(input: CatalogInput): ModelRow[] {
	const t = input.t ?? english;
	const ps = input.ps ?? [];
	const used = new Set<PsModel>();
	const rows = input.tags.map((tag) => {
		const loaded = findPs(ps, tag);
		if (loaded) used.add(loaded);
		return buildRow(tag, loaded, input, t);
	});
	// A model can be loaded but missing from /api/tags (deleted while resident): still show it.
	for (const p of ps) {
		if (used.has(p)) continue;
		rows.push(buildRow({ name: p.name, model: p.model, size: 0, digest: p.digest, details: p.details, urls: p.urls }, p, input, t));
	}
	return rows;
}

function buildRow(tag: TagModel, ps: PsModel | undefined, input: CatalogInput, t: Translate): ModelRow {
	const show = input.show?.(tag);
	const details = tag.details ?? show?.details ?? ps?.details;
	const params = resolveParameters(details?.parameter_size, show);
	const capabilities = tag.capabilities ?? show?.capabilities;
	const capabilitiesSource: CapabilitySource = tag.capabilities ? 'tags' : show?.capabilities ? 'show' : 'unknown';
	const remote = tag.remote_model ?? show?.remote_model;
	const labels = input.backendLabels ?? [];
	return {
		name: tag.name,
		digest: tag.digest,
		modifiedAt: tag.modified_at,
		sizeBytes: tag.size ?? 0,
		sizeLabel: remote ? t(catalogMessages.cloudSize) : formatBytes(tag.size ?? 0),
		parameters: params.count,
		parametersLabel: params.label,
		parametersSource: params.source,
		quantization: details?.quantization_level || undefined,
		family: details?.family || undefined,
		format: details?.format || undefined,
		contextLength: details?.context_length ?? contextFromShow(show),
		capabilities: capabilities ?? [],
		capabilitiesSource,
		cloud: Boolean(remote),
		remoteHost: tag.remote_host ?? show?.remote_host,
		loaded: ps ? loadedInfo(ps, input.now, t) : undefined,
		backends: (tag.urls ?? []).map((index) => ({ index, label: labels[index] })),
		isTaskModel: { local: idMatchesModel(input.taskModel?.local, tag.name), external: idMatchesModel(input.taskModel?.external, tag.name) },
	};
}

function contextFromShow(show: ShowResponse | undefined): number | undefined {
	const info = show?.model_info;
	if (!info) return undefined;
	const arch = info['general.architecture'];
	const v = typeof arch === 'string' ? info[`${arch}.context_length`] : undefined;
	return typeof v === 'number' ? v : undefined;
}
