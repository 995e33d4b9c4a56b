// /api/show results cached by digest, fetched lazily for models /api/tags cannot describe on its
// own (no `capabilities` before Ollama 0.30, or no usable `parameter_size`). A small worker pool
// keeps it to `concurrency` requests at once, so 200 models never mean 200 sockets.
import type { ShowResponse, TagModel } from '../clients/ollamaTypes';
import { parseParameterSize } from './parameters';

export interface ShowSource {
	show(model: string, signal?: AbortSignal): Promise<ShowResponse>;
}

export interface ShowCacheOptions {
	/** Requests in flight at once; default 4. */
	readonly concurrency?: number;
}

export interface EnsureOptions {
	readonly signal?: AbortSignal;
	/** Called as each answer arrives, so the host can re-render progressively. */
	readonly onResult?: (model: string, show: ShowResponse) => void;
	/** Try models whose last fetch failed again (default false: a failure is remembered). */
	readonly retryFailed?: boolean;
}

export interface EnsureResult {
	readonly fetched: number;
	readonly failed: { readonly model: string; readonly error: string }[];
	readonly aborted: boolean;
}

export function showCacheKey(tag: Pick<TagModel, 'name' | 'digest'>): string {
	return tag.digest ? `digest:${tag.digest}` : `name:${tag.name}`;
}

/** Whether the catalog needs /api/show for this entry. */
export function needsShow(tag: TagModel): boolean {
	if (!tag.capabilities) return true;
	// Cloud stubs have no weights here; their parameter size does not decide anything.
	if (tag.remote_model) return false;
	return parseParameterSize(tag.details?.parameter_size) === undefined;
}

export class ShowCache {
	private readonly entries = new Map<string, ShowResponse>();
	private readonly failures = new Map<string, string>();
	private readonly concurrency: number;

	constructor(
		private readonly source: ShowSource,
		options: ShowCacheOptions = {},
	) {
		this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
	}

	get(tag: Pick<TagModel, 'name' | 'digest'>): ShowResponse | undefined {
		return this.entries.get(showCacheKey(tag));
	}

	failure(tag: Pick<TagModel, 'name' | 'digest'>): string | undefined {
		return this.failures.get(showCacheKey(tag));
	}

	/** A lookup for buildCatalog. */
	readonly lookup = (tag: Pick<TagModel, 'name' | 'digest'>): ShowResponse | undefined => this.get(tag);

	/** Drop entries whose digest is no longer installed (a deleted or re-pulled model). */
	prune(tags: readonly TagModel[]): void {
		const keep = new Set(tags.map(showCacheKey));
		for (const key of [...this.entries.keys()]) if (!keep.has(key)) this.entries.delete(key);
		for (const key of [...this.failures.keys()]) if (!keep.has(key)) this.failures.delete(key);
	}

	/** Fetch what is missing for these tags; resolves when done or aborted (never rejects on abort). */
	async ensure(tags: readonly TagModel[], options: EnsureOptions = {}): Promise<EnsureResult> {
		const seen = new Set<string>();
		const queue = tags.filter((tag) => {
			const key = showCacheKey(tag);
			if (seen.has(key) || this.entries.has(key) || !needsShow(tag)) return false;
			if (this.failures.has(key) && !options.retryFailed) return false;
			seen.add(key);
			return true;
		});
		const failed: { model: string; error: string }[] = [];
		let fetched = 0;
		const worker = async () => {
			for (let tag = queue.shift(); tag; tag = queue.shift()) {
				if (options.signal?.aborted) return;
				const key = showCacheKey(tag);
				try {
					const show = await this.source.show(tag.name, options.signal);
					this.entries.set(key, show ?? {});
					this.failures.delete(key);
					fetched++;
					options.onResult?.(tag.name, show ?? {});
				} catch (e) {
					// An abort is not the model's fault: leave it uncached so the next refresh retries.
					if (options.signal?.aborted) return;
					const error = e instanceof Error ? e.message : String(e);
					this.failures.set(key, error);
					failed.push({ model: tag.name, error });
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
		return { fetched, failed, aborted: options.signal?.aborted ?? false };
	}
}
