// The task-model candidate rule (docs/architecture.md "Product rules") with a reason per row, co-residency with the
// chat model, and one recommended pick. Pure: memory figures come in as numbers.
import type { ModelRow } from './catalog';
import { formatBytes } from './format';
import { formatParameters } from './parameters';
import { english, type Translate } from '../shared/l10n';

export const candidateMessages = {
	parameters: '{0} parameters',
	overLimit: '{0} parameters — over the {1} limit',
	noParameters: 'no parameter information',
	embedding: 'embedding-only',
	noText: 'does not generate text',
	cloud: 'cloud model',
	thinking: 'thinking model — may spend its token budget thinking; titles can come back empty',
	fitsBeside: 'fits beside {0}',
	evicts: 'would evict {0} on every title — prefer a smaller model or a hosted endpoint',
	fitsAlone: 'fits in free memory',
	tooBig: 'needs about {0} but only {1} is free',
	tooMany: 'Ollama keeps at most {0} models loaded; loading this one unloads another',
	recommendedBeside: 'recommended: no thinking, closest to 3B, fits beside {0}',
	recommended: 'recommended: no thinking, closest to 3B',
} as const;

/**
 * Resident memory of a model that is not loaded, from its size on disk:
 *   disk × 1.2 + 512 MiB.
 * GGUF weights load about 1:1; the 20 % covers the compute graph, the output tensors kept on the
 * CPU side and the runner itself; 512 MiB is the fp16 KV cache at Ollama's default 4096-token
 * context for a 1–8B GQA model (8 KV heads × 128 dims × 28–32 layers ≈ 115–130 KiB per token).
 * Checks: llama3.1:8b (4.9 GB on disk) → 6.4 GB, `ollama ps` shows 6.2–6.7 GB at 4k context;
 * llama3.2:3b (2.0 GB) → 2.9 GB vs 3.0–3.5 GB. A loaded model uses /api/ps `size` instead.
 */
export const memoryEstimate = { factor: 1.2, contextBytes: 512 * 1024 ** 2 } as const;

/** Ollama's default OLLAMA_MAX_LOADED_MODELS: 3 per GPU, 3 on CPU (server/sched.go). */
export const defaultModelsPerGpu = 3;

/** "3B class": 3B models report 3.1–3.2B, so the recommendation aims at ≤ 3.5B. */
export const recommendedTargetParameters = 3.5e9;

export type ReasonKind = 'parameters' | 'overLimit' | 'noParameters' | 'embedding' | 'noText' | 'cloud' | 'thinking' | 'fits' | 'evicts' | 'recommended';
export type Severity = 'info' | 'warning' | 'blocker';

export interface Reason {
	readonly kind: ReasonKind;
	readonly severity: Severity;
	readonly text: string;
}

export interface MemoryBudget {
	/** Number of GPUs Ollama can use; 0 or undefined = CPU only / unknown. */
	readonly gpuCount?: number;
	readonly freeVramBytes?: number;
	readonly freeRamBytes?: number;
	/** OLLAMA_MAX_LOADED_MODELS when known; default 3 × GPUs (3 on CPU). */
	readonly maxLoadedModels?: number;
}

export interface CandidateOptions {
	/** In billions (setting `candidates.maxParameters`). */
	readonly maxParameters: number;
	readonly budget?: MemoryBudget;
	/** Force the chat model (e.g. Open WebUI's default model) instead of the largest one. */
	readonly chatModel?: string;
	readonly t?: Translate;
}

export interface MemoryNeed {
	readonly bytes: number;
	readonly source: 'ps' | 'estimate';
}

export interface CoResidency {
	readonly chatModel?: string;
	/** Extra bytes that must fit: this model (unless loaded) plus the chat model (unless loaded). */
	readonly neededBytes: number;
	readonly budgetBytes: number;
	readonly budgetSource: 'vram' | 'ram';
	readonly loadedAfter: number;
	readonly maxLoaded: number;
	readonly fits: boolean;
}

export interface CandidateVerdict {
	readonly name: string;
	readonly candidate: boolean;
	readonly thinking: boolean;
	readonly memory: MemoryNeed;
	readonly coResidency?: CoResidency;
	readonly recommended: boolean;
	readonly reasons: readonly Reason[];
}

export interface CandidateAssessment {
	/** By model name; a plain object so it can go into the webview's ViewState. */
	readonly verdicts: Readonly<Record<string, CandidateVerdict>>;
	readonly chatModel?: { readonly name: string; readonly loaded: boolean; readonly memory: MemoryNeed };
	readonly recommended?: string;
}

// Older servers (no capabilities yet): fall back to names, so a list is sensible before /api/show.
const embeddingName = /(embed|bge-|minilm|nomic-bert|snowflake-arctic|paraphrase-|e5-)/i;
const thinkingName = /(^|\/)(deepseek-r1|qwq|qwen3(?!-coder)|magistral|phi4-(mini-)?reasoning|gpt-oss|exaone-deep|openthinker)/i;

export function isEmbeddingOnly(row: ModelRow): boolean {
	if (row.capabilitiesSource === 'unknown') return embeddingName.test(row.name) || /bert/i.test(row.family ?? '');
	return row.capabilities.includes('embedding') && !row.capabilities.includes('completion');
}

export function generatesText(row: ModelRow): boolean {
	if (row.capabilitiesSource === 'unknown') return !isEmbeddingOnly(row);
	return row.capabilities.includes('completion');
}

export function isThinking(row: ModelRow): boolean {
	if (row.capabilitiesSource === 'unknown') return thinkingName.test(row.name);
	return row.capabilities.includes('thinking');
}

export function memoryNeed(row: ModelRow): MemoryNeed {
	if (row.loaded) return { bytes: row.loaded.memoryBytes, source: 'ps' };
	return { bytes: Math.round(row.sizeBytes * memoryEstimate.factor + memoryEstimate.contextBytes), source: 'estimate' };
}

/** The rule alone, without memory: parameters at or under the limit, generates text, local. */
export function isCandidate(row: ModelRow, maxParameters: number): boolean {
	return !row.cloud && generatesText(row) && row.parameters !== undefined && row.parameters <= maxParameters * 1e9;
}

/** The chat model: the largest loaded non-candidate, else the largest installed one (local, text). */
export function pickChatModel(rows: readonly ModelRow[], maxParameters: number, forced?: string): ModelRow | undefined {
	if (forced) {
		const row = rows.find((r) => r.name === forced);
		if (row) return row;
	}
	const pool = rows.filter((r) => !r.cloud && generatesText(r) && !isCandidate(r, maxParameters));
	const loaded = pool.filter((r) => r.loaded).sort((a, b) => (b.loaded?.memoryBytes ?? 0) - (a.loaded?.memoryBytes ?? 0));
	return loaded[0] ?? [...pool].sort((a, b) => b.sizeBytes - a.sizeBytes)[0];
}

function coResidency(row: ModelRow, chat: ModelRow | undefined, rows: readonly ModelRow[], budget: MemoryBudget | undefined): CoResidency | undefined {
	const gpu = (budget?.gpuCount ?? 0) > 0 && budget?.freeVramBytes !== undefined;
	const budgetBytes = gpu ? budget?.freeVramBytes : budget?.freeRamBytes;
	if (budgetBytes === undefined) return undefined;
	const maxLoaded = budget?.maxLoadedModels ?? defaultModelsPerGpu * Math.max(1, budget?.gpuCount ?? 0);
	// Free memory already excludes what is loaded, so only what is not yet resident must fit.
	const chatExtra = chat && !chat.loaded ? memoryNeed(chat).bytes : 0;
	const neededBytes = (row.loaded ? 0 : memoryNeed(row).bytes) + chatExtra;
	const loadedAfter = rows.filter((r) => r.loaded).length + (row.loaded ? 0 : 1) + (chat && !chat.loaded ? 1 : 0);
	const fits = neededBytes <= budgetBytes && loadedAfter <= maxLoaded;
	return { chatModel: chat?.name, neededBytes, budgetBytes, budgetSource: gpu ? 'vram' : 'ram', loadedAfter, maxLoaded, fits };
}

export function assessCandidates(rows: readonly ModelRow[], options: CandidateOptions): CandidateAssessment {
	const t = options.t ?? english;
	const limit = options.maxParameters * 1e9;
	const chat = pickChatModel(rows, options.maxParameters, options.chatModel);
	const verdicts: Record<string, CandidateVerdict> = {};
	for (const row of rows) {
		const reasons: Reason[] = [];
		const thinking = isThinking(row);
		if (row.parameters === undefined) reasons.push({ kind: 'noParameters', severity: 'blocker', text: t(candidateMessages.noParameters) });
		else if (row.parameters > limit)
			reasons.push({ kind: 'overLimit', severity: 'blocker', text: t(candidateMessages.overLimit, row.parametersLabel ?? formatParameters(row.parameters), formatParameters(limit)) });
		else reasons.push({ kind: 'parameters', severity: 'info', text: t(candidateMessages.parameters, row.parametersLabel ?? formatParameters(row.parameters)) });
		if (row.cloud) reasons.push({ kind: 'cloud', severity: 'blocker', text: t(candidateMessages.cloud) });
		else if (isEmbeddingOnly(row)) reasons.push({ kind: 'embedding', severity: 'blocker', text: t(candidateMessages.embedding) });
		else if (!generatesText(row)) reasons.push({ kind: 'noText', severity: 'blocker', text: t(candidateMessages.noText) });
		const candidate = isCandidate(row, options.maxParameters);
		if (thinking && candidate) reasons.push({ kind: 'thinking', severity: 'warning', text: t(candidateMessages.thinking) });
		// A forced chat model may itself be small: it does not need to fit beside itself.
		const fit = candidate && row !== chat ? coResidency(row, chat, rows, options.budget) : undefined;
		if (fit) reasons.push(fitReason(fit, t));
		verdicts[row.name] = { name: row.name, candidate, thinking, memory: memoryNeed(row), coResidency: fit, recommended: false, reasons };
	}
	const pick = pickRecommended(rows, verdicts);
	if (pick) {
		const v = verdicts[pick.name]!;
		const text = v.coResidency?.chatModel ? t(candidateMessages.recommendedBeside, v.coResidency.chatModel) : t(candidateMessages.recommended);
		verdicts[pick.name] = { ...v, recommended: true, reasons: [...v.reasons, { kind: 'recommended', severity: 'info', text }] };
	}
	return {
		verdicts,
		chatModel: chat ? { name: chat.name, loaded: Boolean(chat.loaded), memory: memoryNeed(chat) } : undefined,
		recommended: pick?.name,
	};
}

function fitReason(fit: CoResidency, t: Translate): Reason {
	if (fit.chatModel) {
		return fit.fits
			? { kind: 'fits', severity: 'info', text: t(candidateMessages.fitsBeside, fit.chatModel) }
			: { kind: 'evicts', severity: 'warning', text: t(candidateMessages.evicts, fit.chatModel) };
	}
	if (fit.fits) return { kind: 'fits', severity: 'info', text: t(candidateMessages.fitsAlone) };
	if (fit.loadedAfter > fit.maxLoaded) return { kind: 'evicts', severity: 'warning', text: t(candidateMessages.tooMany, fit.maxLoaded) };
	return { kind: 'evicts', severity: 'warning', text: t(candidateMessages.tooBig, formatBytes(fit.neededBytes), formatBytes(fit.budgetBytes)) };
}

/** Non-thinking, fits (or fit unknown), the largest at or under 3.5B; else the smallest above. */
function pickRecommended(rows: readonly ModelRow[], verdicts: Record<string, CandidateVerdict>): ModelRow | undefined {
	const pool = rows.filter((r) => {
		const v = verdicts[r.name];
		return v?.candidate && !v.thinking && (v.coResidency?.fits ?? true);
	});
	const tie = (a: ModelRow, b: ModelRow) => Number(Boolean(b.loaded)) - Number(Boolean(a.loaded)) || a.sizeBytes - b.sizeBytes || a.name.localeCompare(b.name);
	const below = pool.filter((r) => (r.parameters ?? 0) <= recommendedTargetParameters).sort((a, b) => (b.parameters ?? 0) - (a.parameters ?? 0) || tie(a, b));
	if (below[0]) return below[0];
	return [...pool].sort((a, b) => (a.parameters ?? 0) - (b.parameters ?? 0) || tie(a, b))[0];
}
