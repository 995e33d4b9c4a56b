// Keeps the models slice: /api/tags + /api/ps merged into rows, /api/show filled in lazily, and
// the candidate verdicts. Pure: the Ollama client comes from the connection service.
import { isPeerError } from '../clients/http';
import type { OllamaClient } from '../clients/ollama';
import type { PsModel, TagModel } from '../clients/ollamaTypes';
import { assessCandidates, type CandidateAssessment, type MemoryBudget } from './candidates';
import { buildCatalog, type ModelRow } from './catalog';
import { ShowCache } from './showCache';
import type { SliceWriter } from '../state/appStore';
import type { Logger } from '../util/logger';
import type { Translate } from '../shared/l10n';

export interface ModelsSlice {
	readonly status: 'unavailable' | 'loading' | 'ready' | 'error';
	readonly message?: string;
	readonly rows: readonly ModelRow[];
	readonly assessment?: CandidateAssessment;
	readonly tags: readonly TagModel[];
	readonly ps: readonly PsModel[];
	readonly fetchedAt?: number;
}

export interface ModelsServiceDeps {
	readonly client: () => OllamaClient | undefined;
	readonly maxParameters: () => number;
	readonly taskModel: () => { local?: string | null; external?: string | null } | undefined;
	/** A fixed budget (tests); the host calls setBudget() from the resource sampler instead. */
	readonly budget?: () => MemoryBudget | undefined;
	/** The store's models slice: this service is its one writer and keeps no copy. */
	readonly state: SliceWriter<ModelsSlice>;
	readonly log: Logger;
	readonly t: Translate;
	readonly now?: () => number;
}

export const emptyModels: ModelsSlice = { status: 'unavailable', rows: [], tags: [], ps: [] };

export class ModelsService {
	private inflight: AbortController | undefined;
	private showCache: ShowCache | undefined;
	private showFor: string | undefined;
	private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
	private budget: MemoryBudget | undefined;
	private budgetKey = '';

	constructor(private readonly deps: ModelsServiceDeps) {}

	get current(): ModelsSlice {
		return this.deps.state.get() ?? emptyModels;
	}

	/** Re-read /api/tags and /api/ps, then fill in /api/show for models that need it. */
	async refresh(): Promise<ModelsSlice> {
		this.inflight?.abort();
		const client = this.deps.client();
		if (!client) {
			this.set({ ...emptyModels });
			return this.current;
		}
		const controller = new AbortController();
		this.inflight = controller;
		if (this.current.status !== 'ready') this.set({ ...this.current, status: 'loading' });
		try {
			const [tags, ps] = await Promise.all([client.tags(controller.signal), client.ps(controller.signal).catch(() => ({ models: [] as PsModel[] }))]);
			if (controller.signal.aborted) return this.current;
			this.set(this.build(tags.models, ps.models));
			void this.fillShow(client, tags.models, controller.signal);
		} catch (e) {
			if (isPeerError(e, 'aborted') || controller.signal.aborted) return this.current;
			const message = (e as Error).message;
			this.deps.log.warn(`model list failed: ${message}`);
			this.set({ ...this.current, status: 'error', message });
		}
		return this.current;
	}

	/** New /api/ps answer from the status-bar poll: update the loaded info without re-reading tags. */
	updateLoaded(ps: readonly PsModel[]): void {
		if (this.current.status !== 'ready') return;
		this.set(this.build(this.current.tags, ps));
	}

	/** Free memory from the resource sampler; rebuilds only when the verdict inputs moved by ≥ 256 MiB. */
	/** Free memory for co-residency (from the resource sampler), if known. */
	get memoryBudget(): MemoryBudget | undefined {
		return this.budget ?? this.deps.budget?.();
	}

	setBudget(budget: MemoryBudget | undefined): void {
		const q = (n?: number) => (n === undefined ? '-' : Math.round(n / 2 ** 28));
		const key = budget ? `${budget.gpuCount}|${q(budget.freeVramBytes)}|${q(budget.freeRamBytes)}|${budget.maxLoadedModels}` : '';
		this.budget = budget;
		if (key === this.budgetKey) return;
		this.budgetKey = key;
		this.rebuild();
	}

	/** Task model ids or the memory budget changed: rebuild verdicts from what we have. */
	rebuild(): void {
		if (this.current.status !== 'ready') return;
		this.set(this.build(this.current.tags, this.current.ps));
	}

	private build(tags: readonly TagModel[], ps: readonly PsModel[]): ModelsSlice {
		const now = (this.deps.now ?? Date.now)();
		const rows = buildCatalog({ tags, ps, show: this.showCache?.lookup, now, taskModel: this.deps.taskModel(), t: this.deps.t });
		const assessment = assessCandidates(rows, { maxParameters: this.deps.maxParameters(), budget: this.budget ?? this.deps.budget?.(), t: this.deps.t });
		return { status: 'ready', rows, assessment, tags, ps, fetchedAt: now };
	}

	private async fillShow(client: OllamaClient, tags: readonly TagModel[], signal: AbortSignal): Promise<void> {
		// One cache per server, not per client object: a refresh builds new clients for the same URL.
		const key = `${client.route.kind}:${client.baseUrl}`;
		if (this.showFor !== key || !this.showCache) {
			this.showCache = new ShowCache({ show: (model, s) => (this.deps.client() ?? client).show(model, s) });
			this.showFor = key;
		}
		const cache = this.showCache!;
		cache.prune(tags);
		const result = await cache.ensure(tags, { signal, onResult: () => this.scheduleRebuild() });
		for (const f of result.failed) this.deps.log.warn(`/api/show ${f.model}: ${f.error}`);
	}

	/** /api/show answers arrive one by one: re-render at most every 100 ms. */
	private scheduleRebuild(): void {
		if (this.rebuildTimer) return;
		this.rebuildTimer = setTimeout(() => {
			this.rebuildTimer = undefined;
			this.rebuild();
		}, 100);
	}

	private set(slice: ModelsSlice): void {
		this.deps.state.set(slice);
	}

	dispose(): void {
		this.inflight?.abort();
		if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
	}
}
