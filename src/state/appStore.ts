// One store of everything the views show, and the only copy of it. Each slice has exactly one
// writer, claimed once with `writer(key)` (a second claim throws); everyone else reads with `get`.
// Which slice feeds which is wired in one place, state/reactions.ts. Views subscribe once and
// re-render from the whole snapshot.
import type { BenchmarkResult } from '../benchmark/report';
import type { ConnectionSnapshot } from '../connection/connectionService';
import type { PullInfo } from '../pull/pullManager';
import type { ResourceSnapshot } from '../resources/types';
import type { ModelsSlice } from '../models/modelsService';
import type { TasksSlice } from '../tasks/taskSettings';
import { Emitter } from '../util/emitter';
import type { UpdateState } from '../versions/serverFeatures';

export interface BenchmarkSlice {
	readonly result?: BenchmarkResult;
	readonly running?: { readonly message: string; readonly done: number; readonly total: number };
}

/** Slice → its one writer. */
export interface AppSlices {
	/** ConnectionService. */
	connection: ConnectionSnapshot;
	/** ModelsService. */
	models: ModelsSlice;
	/** The pull feature (its PullManager's snapshot). */
	pulls: readonly PullInfo[];
	/** TaskSettings. */
	tasks: TasksSlice;
	/** The resources feature (its sampler's snapshot). */
	resources: ResourceSnapshot;
	/** BenchmarkState (features/benchmarkSaved.ts): the last result for this Ollama server, and a run in progress. */
	benchmark: BenchmarkSlice;
	/** The task-editing feature: a change in flight, the last "is it used" answer. */
	tasksUi: { readonly busy?: boolean; readonly usage?: { readonly ok: boolean; readonly message: string; readonly fix?: { readonly label: string } } };
	/** Open WebUI's answer to the update check (features/serversFeature.ts). */
	servers: { readonly update?: UpdateState };
}

/** The one handle that may write a slice; it reads the store, so there is no second copy. */
export interface SliceWriter<T> {
	get(): T | undefined;
	set(value: T): void;
}

export class AppStore {
	private readonly changed = new Emitter<keyof AppSlices>();
	/** Fires once per changed slice; listeners coalesce their own rendering. */
	readonly onDidChange = this.changed.event;
	private slices: Partial<AppSlices>;
	private readonly claimed = new Set<keyof AppSlices>();

	constructor(initial: Partial<AppSlices> = {}) {
		this.slices = { ...initial };
	}

	get<K extends keyof AppSlices>(key: K): AppSlices[K] | undefined {
		return this.slices[key];
	}

	/** The writer of `key`. Each slice has one owner: a second claim is a bug and throws. */
	writer<K extends keyof AppSlices>(key: K): SliceWriter<AppSlices[K]> {
		if (this.claimed.has(key)) throw new Error(`The "${key}" slice already has its writer.`);
		this.claimed.add(key);
		return {
			get: () => this.slices[key],
			set: (value) => {
				if (this.slices[key] === value) return;
				this.slices = { ...this.slices, [key]: value };
				this.changed.fire(key);
			},
		};
	}

	dispose(): void {
		this.changed.dispose();
	}
}

/** A slice kept outside any store, for an owner that runs on its own (tests, the bench, e2e). */
export function standaloneSlice<T>(initial?: T): SliceWriter<T> & { readonly values: T[] } {
	let value = initial;
	const values: T[] = [];
	return {
		values,
		get: () => value,
		set: (v) => {
			value = v;
			values.push(v);
		},
	};
}
