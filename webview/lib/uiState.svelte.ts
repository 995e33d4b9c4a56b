// UI state that is not server data (sort, filter, search); kept across hide/show via setState.
import type { SortKey } from '../../src/shared/modelQuery';
import { loadUiState, saveUiState } from './bridge';

interface Ui {
	sortBy: SortKey;
	candidatesOnly: boolean;
	search: string;
}

class UiState {
	// Raw: primitives, only ever replaced (a deep $state would pull Svelte's proxy into the bundle).
	sortBy = $state.raw<SortKey>('size');
	candidatesOnly = $state.raw(false);
	search = $state.raw('');

	constructor() {
		const s = loadUiState<Ui>({ sortBy: 'size', candidatesOnly: false, search: '' });
		this.sortBy = s.sortBy;
		this.candidatesOnly = s.candidatesOnly;
		this.search = s.search;
	}

	save(): void {
		saveUiState({ sortBy: this.sortBy, candidatesOnly: this.candidatesOnly, search: this.search });
	}
}

export const ui = new UiState();
