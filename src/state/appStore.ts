// One store of everything the views show. Each feature service writes its own slice and may read
// the others (tasks need the model rows, models need the task model ids, candidates need free
// memory from the resource sampler). Views subscribe once and re-render from the whole snapshot.
import type { ConnectionSnapshot } from '../connection/connectionService';
import type { PullInfo } from '../pull/pullManager';
import type { ModelsSlice } from '../services/modelsService';
import type { TasksSlice } from '../services/tasksService';
import type { ResourceSnapshot } from '../resources/types';
import type { BenchmarkResult } from '../benchmark/report';
import { Emitter } from '../util/emitter';
import type { UpdateState } from '../versions/serverFeatures';

export interface BenchmarkSlice {
	readonly result?: BenchmarkResult;
	readonly running?: { readonly message: string; readonly done: number; readonly total: number };
}

export interface AppSlices {
	connection: ConnectionSnapshot;
	models: ModelsSlice;
	pulls: readonly PullInfo[];
	tasks: TasksSlice;
	resources: ResourceSnapshot;
	/** The last benchmark result for this Ollama server, and a run in progress. */
	benchmark: BenchmarkSlice;
	/** Panel-only task state: a change in flight, the last "is it used" answer. */
	tasksUi: { readonly busy?: boolean; readonly usage?: { readonly ok: boolean; readonly message: string; readonly fix?: { readonly label: string } } };
	/** Open WebUI's answer to the update check (features/serversFeature.ts). */
	servers: { readonly update?: UpdateState };
}

export class AppStore {
	private readonly changed = new Emitter<keyof AppSlices>();
	/** Fires once per changed slice; listeners coalesce their own rendering. */
	readonly onDidChange = this.changed.event;
	private slices: Partial<AppSlices>;

	constructor(initial: Pick<AppSlices, 'connection'> & Partial<AppSlices>) {
		this.slices = { ...initial };
	}

	get<K extends keyof AppSlices>(key: K): AppSlices[K] | undefined {
		return this.slices[key];
	}

	set<K extends keyof AppSlices>(key: K, value: AppSlices[K]): void {
		if (this.slices[key] === value) return;
		this.slices = { ...this.slices, [key]: value };
		this.changed.fire(key);
	}

	update<K extends keyof AppSlices>(key: K, fn: (current: AppSlices[K] | undefined) => AppSlices[K]): void {
		this.set(key, fn(this.slices[key]));
	}

	dispose(): void {
		this.changed.dispose();
	}
}
