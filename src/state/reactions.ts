// The cross-slice reactions, all in one place: which slice's change makes another slice's owner
// recompute. The views' own re-rendering (panel, status items) is wired in the composition root.
import { isLocalOllama } from '../connection/probe';
import { memoryBudgetFromResources } from '../models/budget';
import type { MemoryBudget } from '../models/candidates';
import type { Disposable } from '../util/emitter';
import type { AppStore } from './appStore';

export interface SliceOwners {
	readonly models: {
		/** The task model ids changed: re-mark which rows are the task model. */
		rebuild(): void;
		/** Free memory changed: candidates are judged on whether they fit beside the chat model. */
		setBudget(budget: MemoryBudget | undefined): void;
	};
}

export function connectSlices(store: AppStore, owners: SliceOwners): Disposable {
	return store.onDidChange((slice) => {
		switch (slice) {
			case 'tasks':
				return owners.models.rebuild();
			case 'resources': {
				const connection = store.get('connection');
				return owners.models.setBudget(memoryBudgetFromResources(store.get('resources'), { ollamaIsLocal: connection ? isLocalOllama(connection.ollama) : false }));
			}
			default:
				return;
		}
	});
}
