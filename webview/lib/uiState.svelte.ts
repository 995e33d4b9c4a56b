// UI state that is not server data (sort, filter, search); kept across hide/show via setState.
import type { SortKey } from '../../src/shared/modelQuery';
import { loadUiState, saveUiState } from './bridge';

interface Ui {
	sortBy: SortKey;
	candidatesOnly: boolean;
	search: string;
}

class UiState {
	sortBy = $state<SortKey>('size');
	candidatesOnly = $state(false);
	search = $state('');

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
